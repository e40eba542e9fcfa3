import type { StationMains, StationPilotAccess } from '../../ocpp16/station/types';
import type { StationCommissioning, SecurityProfile, StationSutControl, StationSutOptions } from '../../../rig/ocpp-sut';

export interface IdToken {
  idToken: string;
  type: string;
}

export interface IdTokenInfo {
  status: 'Accepted' | 'Blocked' | 'ConcurrentTx' | 'Expired' | 'Invalid' | 'NoCredit' | 'NotAllowedTypeEVSE' | 'NotAtThisLocation' | 'NotAtThisTime' | 'Unknown';
  groupIdToken?: IdToken;
  cacheExpiryDateTime?: string;
}

export type ChargingState = 'Charging' | 'EVConnected' | 'SuspendedEV' | 'SuspendedEVSE' | 'Idle';
export type ConnectorStatus = 'Available' | 'Occupied' | 'Reserved' | 'Unavailable' | 'Faulted';

export interface Transaction {
  id: string;
  seqNo: number;
  startedAt: number;
  idToken?: IdToken;
  groupIdToken?: IdToken;
  /** Accepted by Authorize / cache / local list / remote start. */
  authorized: boolean;
  remoteStartId?: number;
  reservationId?: number;
  chargingState: ChargingState;
  /** Set once TransactionEvent Ended is queued. */
  ended: boolean;
  /** Energy register at start (Wh). */
  meterStartWh: number;
  /** Charging started at (for timeSpentCharging), cumulative seconds. */
  chargingSince?: number;
  chargingSeconds: number;
  periodicTimer?: NodeJS.Timeout;
  /** TxEndedInterval / AlignedDataCtrlr.TxEndedInterval sampling for the Ended event. */
  endedTimers: NodeJS.Timeout[];
  /** Meter values collected for TransactionEvent Ended (start, every TxEndedInterval, clock-aligned). */
  endedData: Array<Record<string, unknown>>;
  /** TransactionEvents sent (for the seqno faults: number of events so far). */
  events: number;
}

export interface Reservation {
  id: number;
  evseId?: number;
  idToken: IdToken;
  groupIdToken?: IdToken;
  expiry: number;
  timer?: NodeJS.Timeout;
}

export interface Evse {
  id: number;
  plugged: boolean;
  fault?: string;
  operative: boolean;
  connectorOperative: boolean;
  scheduledOperative?: boolean;
  tx?: Transaction;
  /** Authorized before the cable was plugged (no transaction yet, or TxStartPoint waits for EVConnected). */
  pendingAuth?: { idToken: IdToken; groupIdToken?: IdToken; remoteStartId?: number; timer?: NodeJS.Timeout };
  evSuspended: boolean;
  /** Energy register in Wh. */
  meterWh: number;
  meterUpdatedAt: number;
  sentStatus?: ConnectorStatus;
  locked: boolean;
}

/** Hardware behaviour the harness can set on the reference station (not part of OCPP). */
export interface StationSimulation {
  /** UnlockConnector fails (UnlockFailed). */
  unlockFailure: boolean;
  /** Firmware download fails; also when the location host ends in `.invalid`. */
  firmwareDownloadFails: boolean;
  /** Firmware installation fails. */
  firmwareInstallFails: boolean;
  /** Log upload fails; also when the location host ends in `.invalid`. */
  uploadFails: boolean;
  /** The firmware signature does not verify. */
  invalidFirmwareSignature: boolean;
  /** What the EV draws at most, in W (default 11 040 W). */
  evMaxPowerW: number;
}

/** Options of the reference station beyond the harness interface. */
export interface ReferenceStationOptions extends StationSutOptions {
  /** Keep retrying (with back-off) when the first connection fails instead of rejecting start(). */
  keepTrying?: boolean;
  simulation?: Partial<StationSimulation>;
  /** Client certificate/key for SP3 if they are not in `tls`. */
  clientCert?: { cert: string; key: string };
  /** Called with every frame text the station sends or receives. */
  onFrame?: (direction: 'in' | 'out', text: string) => void;
  /** The error code reported when an EVSE's pilot goes to state E unasked (a CP short; default OtherError). */
  stateEErrorCode?: string;
  /** Serial number reported in BootNotification (default SN-<identity>). */
  serialNumber?: string;
  firmwareVersion?: string;
}

export interface ReferenceStationControl extends StationSutControl {
  readonly identity: string;
  /** The EVSEs' pilot lines (IEC 61851-1): the EV end a bench's instruments are wired to. */
  readonly pilot: StationPilotAccess;
  /** The station's mains supply (a bench contactor): off = power lost, on = boots anew (PowerUp). */
  readonly mains: StationMains;
  simulate(patch: Partial<StationSimulation>): void;
  /** Last connector status sent (or to be sent) for an EVSE. */
  status(evseId: number): string;
  /** transactionId running on an EVSE. */
  transactionId(evseId: number): string | undefined;
  /** Actual value of a device-model variable ('Component.Variable' or 'Component.Variable[instance]'). */
  variable(path: string): string | undefined;
  /** TransactionEvents waiting in the offline queue. */
  queuedMessages(): number;
  /** Current power on an EVSE in W (after charging limits). */
  powerW(evseId: number): number;
  /** Resolves when the station is connected and Accepted. */
  waitAccepted(timeoutMs?: number): Promise<void>;
  /** Operator action: trust another CSMS root certificate. */
  installCsmsRoot(pem: string): void;
  /** A technician's commissioning: new connection settings ('installed': the start-up ones), then a reconnect. */
  commission(settings: StationCommissioning | 'installed'): Promise<void>;
  readonly securityProfile: SecurityProfile;
}
