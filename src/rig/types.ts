/** The rig config as validated by schemas/rig.schema.json. */
import type { TimeoutTable } from '../core/config';
import type { OcppVersion, SecurityProfile } from './ocpp-sut';

export type ReferenceVariant = 'default' | 'alt';

export type RigKind = 'reference' | 'remote' | 'container' | 'bench' | 'uml-vcan';

export interface RigConfig {
  name: string;
  kind: RigKind;
  description?: string;
  timeScale?: number;
  /** The SUT itself runs compressed by timeScale (a simulator): allows timeScale < 1 on a non-reference rig. */
  sutCompressesTime?: boolean;
  timeouts?: TimeoutTable;
  faults?: string[];
  /** PICS file(s); each applies to the scenarios of its protocol and SUT side. */
  pics?: string | string[];
  /** kind=reference: which compliant configuration the reference SUTs run ('alt' makes other valid choices). */
  referenceVariant?: ReferenceVariant;
  sut?: { vendor?: string; model?: string; firmware?: string; serial?: string };
  ocpp?: {
    station?: {
      version?: OcppVersion;
      identity?: string;
      listenHost?: string;
      listenPort?: number;
      path?: string;
      securityProfile?: SecurityProfile;
      password?: string;
      connectors?: number;
      connectTimeoutMs?: number;
      errorCodeSpelling?: '1.6' | '2.0.1';
      /** Server certificate/key the harness CSMS presents to a real station (SP2/3) and the CA of its client certificates (SP3). */
      caFile?: string;
      certFile?: string;
      keyFile?: string;
      /** Tokens the station's reader presents, by role (valid, blocked, …). */
      idTags?: Record<string, string>;
      /** How the harness performs the station's physical/operator actions: an HTTP station driver (README, station-driver protocol). */
      driver?: { kind: 'http'; url: string; timeoutMs?: number };
    };
    csms?: {
      version?: OcppVersion;
      url?: string;
      identity?: string;
      securityProfile?: SecurityProfile;
      password?: string;
      caFile?: string;
      certFile?: string;
      keyFile?: string;
      idTags?: Record<string, string>;
      heartbeatInterval?: number;
    };
  };
  can?: { interface?: string; fd?: boolean; txId?: string; rxId?: string; padding?: string | null };
  doip?: { host?: string; port?: number; testerAddress?: string; entityAddress?: string };
  /** The diagnostic SUT: `ecu` is its ECU description (fixtures/ecu/…json), the source of every scenario's expectations. */
  uds?: { ecu?: string };
  container?: { image: string; build?: string; ports?: number[]; env?: Record<string, string>; waitForLog?: string; startupTimeoutMs?: number };
  /** A hardware bench: `pilot` is the EV emulator (Modbus TCP + SCPI, src/iec61851/line/bench; its shape: schemas/rig.schema.json). */
  bench?: {
    driver?: string;
    pilot?: Record<string, unknown>;
    /** The rig starts a simulated bench itself: `evc serve-station` with simulated instruments where `pilot` says (src/rig/bench-sim.ts). */
    simulate?: boolean;
    /** The station connector the EV emulator is wired to (default 1); other connectors go through the station driver. */
    evConnector?: number;
    /** The error code the station reports for CP state E (a CP short to PE): the one fault the bench can make. */
    stateEErrorCode?: string;
  };
  /** Where the config came from (set by the loader). */
  source?: string;
}
