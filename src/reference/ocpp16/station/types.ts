import type { EvPort } from '../../../iec61851/line/types';
import type { StationCommissioning, StationSutControl, StationSutOptions, SecurityProfile } from '../../../rig/ocpp-sut';

export interface IdTagInfo {
  status: 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx';
  parentIdTag?: string;
  expiryDate?: string;
}

export interface Transaction {
  /** Local handle (negative) until the CSMS assigns transactionId. */
  localId: number;
  id?: number;
  connectorId: number;
  idTag: string;
  parentIdTag?: string;
  meterStart: number;
  startedAt: Date;
  reservationId?: number;
  /** SuspendedEVSE because StartTransaction.conf was not Accepted (StopTransactionOnInvalidId=false). */
  deauthorized: boolean;
  /** MeterValue elements collected for StopTransaction.transactionData (StopTxnSampledData / StopTxnAlignedData). */
  data: Array<{ timestamp: string; sampledValue: Array<Record<string, unknown>> }>;
}

export interface Reservation {
  reservationId: number;
  connectorId: number;
  idTag: string;
  parentIdTag?: string;
  expiryDate: string;
  timer?: NodeJS.Timeout;
}

export type ConnectorStatus =
  | 'Available'
  | 'Preparing'
  | 'Charging'
  | 'SuspendedEV'
  | 'SuspendedEVSE'
  | 'Finishing'
  | 'Reserved'
  | 'Unavailable'
  | 'Faulted';

export interface ConnectorState {
  id: number;
  plugged: boolean;
  fault?: { errorCode: string; info?: string };
  availability: 'Operative' | 'Inoperative';
  scheduledAvailability?: 'Operative' | 'Inoperative';
  tx?: Transaction;
  /** Transaction ended while the cable is still plugged. */
  finishing: boolean;
  /** Cable still locked after EV-side disconnect (UnlockConnectorOnEVSideDisconnect=false), until the id is presented. */
  lockedAfterStop?: string;
  /** Authorized (local id first, or remote start) and waiting for the cable. */
  authorized?: { idTag: string; parentIdTag?: string; timer?: NodeJS.Timeout; remote: boolean; chargingProfile?: Record<string, unknown> };
  reservation?: Reservation;
  evSuspended: boolean;
  /** Energy register in Wh. */
  meterWh: number;
  meterUpdatedAt: number;
  /** Last status reported to the CSMS (and the one before going offline). */
  sentStatus?: string;
  sentErrorCode?: string;
}

/** Hardware behaviour the harness can set on the reference charge point (not part of OCPP). */
export interface StationSimulation {
  /** The connector lock fails when a session starts (TC_024). */
  lockFailure: boolean;
  /** UnlockConnector fails (TC_030). */
  unlockFailure: boolean;
  /** Connectors have a fixed cable: UnlockConnector answers NotSupported (TC_017_2/TC_018_2). */
  fixedCable: boolean;
  /** Firmware download fails (TC_044_2); also when the location host ends in `.invalid`. */
  firmwareDownloadFails: boolean;
  /** Firmware installation fails (TC_044_3). */
  firmwareInstallFails: boolean;
  /** Diagnostics / log upload fails (TC_045_2); also when the location host ends in `.invalid`. */
  uploadFails: boolean;
  /** Signed firmware signature does not verify (TC_081), besides a signature that is not base64. */
  invalidFirmwareSignature: boolean;
  /** ReserveNow answers Rejected (reservations disabled by the operator, TC_048_4/TC_050_4). */
  rejectReservations: boolean;
  /** What the EV draws at most, in W (default 11 040 W: 16 A x 3 x 230 V). */
  evMaxPowerW: number;
}

/** Options of the reference station beyond the harness interface. */
export interface ReferenceStationOptions extends StationSutOptions {
  /** CSMS URL per security profile, used after a SecurityProfile change (default: csmsUrl with ws/wss scheme swapped). */
  securityProfileUrls?: Partial<Record<SecurityProfile, string>>;
  /** Client certificate/key for SP3 if they are not in `tls` (e.g. after an upgrade from SP2). */
  clientCert?: { cert: string; key: string };
  simulation?: Partial<StationSimulation>;
  /**
   * Keep retrying (with back-off) when the first connection fails instead of rejecting start(), like a
   * real charger (needed to observe e.g. InvalidCentralSystemCertificate being reported later).
   */
  keepTrying?: boolean;
  /** The error code reported when a connector's pilot goes to state E unasked (a CP short; default OtherError). */
  stateEErrorCode?: string;
  /** Called with every frame text the station sends or receives (for debugging / tracing). */
  onFrame?: (direction: 'in' | 'out', text: string) => void;
}

/** Extension of StationSutControl with reference-only inspection and hardware simulation. */
export interface ReferenceStationControl extends StationSutControl {
  readonly identity: string;
  /** Change simulated hardware behaviour. */
  simulate(patch: Partial<StationSimulation>): void;
  /** Last status sent (or about to be sent) for a connector. */
  status(connectorId: number): string;
  /** transactionId running on the connector (undefined if none or not yet confirmed). */
  transactionId(connectorId: number): number | undefined;
  /** Current value of a configuration key. */
  configuration(key: string): string | undefined;
  /** Number of transaction messages waiting in the offline queue. */
  queuedMessages(): number;
  /** Current energy offered/drawn on a connector in W (after charging-profile limits). */
  powerW(connectorId: number): number;
  /** Operator action: trust another CSMS root certificate (installed locally, not via OCPP). */
  installCsmsRoot(pem: string): void;
  /** A technician's commissioning: new connection settings ('installed': the start-up ones), then a reconnect. */
  commission(settings: StationCommissioning | 'installed'): Promise<void>;
  /** Resolves when the station is connected and Accepted. */
  waitAccepted(timeoutMs?: number): Promise<void>;
  /** The connectors' pilot lines (IEC 61851-1): the EV end a bench's instruments are wired to. */
  readonly pilot: StationPilotAccess;
  /** The station's mains supply (a bench contactor): off = power lost (transactions end PowerLoss, silent), on = boots anew. */
  readonly mains: StationMains;
}

/** A station's mains supply as a bench switches it. */
export interface StationMains {
  off(): Promise<void>;
  on(): void;
  readonly powered: boolean;
}

/** Access to a station's pilot lines for a bench (evc serve-station with simulated instruments). */
export interface StationPilotAccess {
  /** The EV end of a connector's line. */
  evPort(connectorId: number): EvPort;
  /** An external EV drives this connector's EV end from now on (the station's simulated EV steps aside). */
  detachEv(connectorId: number): void;
  contactorClosed(connectorId: number): boolean;
}
