/**
 * How the harness drives an OCPP system under test beyond the wire: the "physical" and operator actions a
 * test case needs (plug a cable in, present a card, trigger a CSMS-initiated call). A reference SUT
 * implements these in-process; a bench rig drives relays and card emulators; a remote rig without a driver
 * reports them as not automatable (the scenario then fails with a clear message, never passes silently).
 */
import type { Trace } from '../core/trace';
import type { OcppVersion, SecurityProfile } from '../ocpp/version';

export type { OcppVersion, SecurityProfile };

export interface TlsMaterial {
  /** PEM of the CA(s) to trust for the peer. */
  ca?: string;
  /** PEM certificate chain to present (server cert for a CSMS, client cert for SP3 stations). */
  cert?: string;
  key?: string;
  /** Extra Node TLS options (minVersion, maxVersion, ciphers…). */
  options?: Record<string, unknown>;
  /** How `ca` is named in security notes and failures (e.g. "the run PKI root"). */
  caLabel?: string;
}

/** Options the harness passes when it asks the rig to start a station SUT that connects to the harness CSMS. */
export interface StationSutOptions {
  version: OcppVersion;
  /** Base URL of the harness CSMS, without the identity (the station appends `/<identity>`). */
  csmsUrl: string;
  identity: string;
  securityProfile: SecurityProfile;
  /** SP1/SP2 password (AuthorizationKey). */
  password?: string;
  tls?: TlsMaterial;
  /** Number of connectors (1.6) or EVSEs with one connector each (2.0.1). */
  connectors: number;
  /** Initial configuration keys (1.6) / variables (2.0.1), as strings. */
  configuration?: Record<string, string>;
  /** Named faults to inject (reference SUTs only). Unknown names are a ConfigError. */
  faults: string[];
  /** Multiplier for protocol intervals (heartbeat, meter sample…), e.g. 0.01 makes 60 s into 600 ms. */
  timeScale: number;
  /** Which compliant configuration a reference SUT runs ('alt': other valid choices). Ignored by real SUTs. */
  variant?: 'default' | 'alt';
  /** The scenario's trace: a bench rig records its instruments' frames there (Modbus, SCPI). */
  trace?: Trace;
  /** Boot reason / firmware / vendor data the station reports. */
  vendor?: string;
  model?: string;
}

/**
 * Connection settings a technician gives a station at commissioning (its local set-up, not OCPP): the
 * station-driver action `commission`. The harness uses it on a rig with a real station to run a scenario at
 * another security profile than the one the station is installed with, and puts the installed settings back
 * after it.
 */
export interface StationCommissioning {
  securityProfile: SecurityProfile;
  /** The CSMS URL without the identity (wss:// from profile 2 on). */
  csmsUrl: string;
  /** HTTP Basic password (profiles 1 and 2). */
  password?: string;
  /** PEM of the CSMS root certificate to trust (profiles 2 and 3). */
  ca?: string;
  /** PEM client certificate and key (profile 3). */
  clientCert?: string;
  clientKey?: string;
  /** Where the same PEM texts are on the harness host, for a person doing the set-up (never sent to a driver). */
  files?: { ca?: string; clientCert?: string; clientKey?: string };
}

/**
 * Hardware conditions a test case can ask a station rig for (a fixed cable, a failing lock, a firmware image
 * that fails to install …): true to have the condition, false to clear it.
 */
export interface SimulatedConditions {
  lockFailure?: boolean;
  unlockFailure?: boolean;
  fixedCable?: boolean;
  firmwareDownloadFails?: boolean;
  firmwareInstallFails?: boolean;
  uploadFails?: boolean;
  invalidFirmwareSignature?: boolean;
  rejectReservations?: boolean;
}

/** Physical/operator actions on a station under test. Every method resolves once the action is done. */
export interface StationSutControl {
  /** EV cable plugged into connector (1.6 connectorId; 2.0.1 EVSE id with connector 1). */
  plugIn(connectorId: number): Promise<void>;
  unplug(connectorId: number): Promise<void>;
  /** A card / token is presented at the reader (for the connector, when the station needs one). */
  presentIdTag(idTag: string, connectorId?: number): Promise<void>;
  /** The EV stops drawing power / resumes (SuspendedEV). */
  evSuspend(connectorId: number): Promise<void>;
  evResume(connectorId: number): Promise<void>;
  /** Raise a hardware fault on a connector (StatusNotification Faulted with errorCode). */
  raiseFault(connectorId: number, errorCode: string): Promise<void>;
  clearFault(connectorId: number): Promise<void>;
  /** Power cycle: the station reboots (new BootNotification). */
  powerCycle(): Promise<void>;
  /** Drop the network for `ms` milliseconds (or until goOnline), then reconnect on its own. */
  goOffline(ms?: number): Promise<void>;
  goOnline(): Promise<void>;
  /**
   * Optional capability: gives the station a hardware condition (reference simulators, bench drivers). A rig
   * without it cannot: the scenario then needs an operator and is not automatable on that rig.
   */
  simulate?(conditions: SimulatedConditions): void | Promise<void>;
  /**
   * Optional capability: the station takes new connection settings (or, with 'installed', those it was
   * installed with) and reconnects with them; resolves once they are applied, not once it is connected.
   */
  commission?(settings: StationCommissioning | 'installed'): Promise<void>;
  stop(): Promise<void>;
}

/** Options for starting a CSMS SUT that the harness (playing the station) connects to. */
export interface CsmsSutOptions {
  version: OcppVersion;
  /** Stations the CSMS knows: identity → password (SP1/2). Unknown identities get HTTP 404. */
  stations: Record<string, { password?: string }>;
  securityProfile: SecurityProfile;
  tls?: TlsMaterial;
  /** Id tags the CSMS accepts (others: Invalid / Blocked / Expired as listed). */
  idTags: Record<string, { status: string; parentIdTag?: string; expiryDate?: string }>;
  heartbeatInterval: number;
  /** Reference CSMS only: answers the station's first N BootNotifications Pending (a real CSMS's operator sets this up). */
  bootPending?: number;
  /** Which compliant configuration a reference SUT runs ('alt': other valid choices). */
  variant?: 'default' | 'alt';
  faults: string[];
  timeScale: number;
}

/** An operator request to a CSMS under test, in its own terms: the CSMS decides the message. */
export interface CsmsIntent {
  /** Kebab-case phrase from the step, e.g. `remotely-start-a-transaction`. */
  name: string;
  params: Record<string, unknown>;
}

export interface CsmsSutControl {
  /** ws(s)://host:port/path — the harness appends `/<identity>`. */
  readonly url: string;
  /**
   * Make the CSMS send a CSMS-initiated CALL to a connected station, resolving with the CALLRESULT payload.
   * Rejects at once with NotAutomatableError when the rig has no way to make the CSMS send it.
   */
  call(identity: string, action: string, payload: Record<string, unknown>): Promise<unknown>;
  /**
   * Ask the CSMS, as its operator would, to do something (an intent such as `remotely-start-a-transaction`
   * with `{ idTag, connectorId }`); the CSMS builds and sends the message itself. Resolves once the CSMS has
   * accepted the request (not when the exchange ends: the scenario asserts that on the wire). Rejects at
   * once with the intent's name when the rig cannot make the CSMS do it.
   */
  perform?(identity: string, intent: CsmsIntent): Promise<void>;
  stop(): Promise<void>;
}
