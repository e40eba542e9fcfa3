/** The rig config as validated by schemas/rig.schema.json. */
import type { TimeoutTable } from '../core/config';
import type { OcppVersion, SecurityProfile } from './ocpp-sut';
import type { ContainerRigConfig } from './container-config';

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
  /** kind=reference: the reference V2G SUTs act at factor × one V2G timer's limit (src/reference/v2g/timer-edge.ts). */
  referenceTimerEdge?: { timer: string; factor: number };
  /** @load scenarios against a CSMS the harness does not start: the identities it accepts (schemas/rig.schema.json). */
  load?: { idPattern: string; password?: string; maxStations?: number };
  sut?: { vendor?: string; model?: string; firmware?: string; serial?: string };
  ocpp?: {
    station?: {
      version?: OcppVersion;
      identity?: string;
      listenHost?: string;
      /** Where the station reaches the harness CSMS when that is not listenHost (a wildcard, or NAT): the URL commissioning gives, and a name of this run's server certificates. */
      advertisedHost?: string;
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
      /** How the harness makes the CSMS act (remote start, reset …): a CSMS driver calling its API (src/rig/http-csms-driver.ts). */
      driver?: CsmsDriverConfig;
    };
  };
  can?: { interface?: string; fd?: boolean; txId?: string; rxId?: string; padding?: string | null };
  doip?: { host?: string; port?: number; testerAddress?: string; entityAddress?: string };
  /** The diagnostic SUT: `ecu` is its ECU description (fixtures/ecu/…json), the source of every scenario's expectations. */
  uds?: { ecu?: string };
  /** kind=container: the SUT image testcontainers starts (src/rig/container-config.ts). */
  container?: ContainerRigConfig;
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
    /** Cards held to the reader by relays (src/rig/bench-channels.ts): id tag or `${idTag.<role>}` → coil; connector → reader coil. */
    cards?: { holdMs?: number; coils: Record<string, number>; readers?: Record<string, number> };
    mains?: BenchMainsConfig;
    network?: BenchNetworkConfig;
    /** bench.simulate: the simulated switch port the station's CSMS traffic passes (src/reference/bench/switch-port.ts). */
    switchPort?: { port: number; controlPort: number };
  };
  /** V2G (ISO 15118 / DIN 70121): how to reach a real SECC or offer the harness SECC to a real EVCC (src/v2g/rig-config.ts). */
  v2g?: V2gRigConfig;
  /** CHAdeMO (src/chademo; README "CHAdeMO"): the CAN interface, how the digital lines reach the harness, the reference rig's time scale. */
  chademo?: ChademoRigConfig;
  /** A person performs what the rig cannot automate (src/operator): terminal and/or web console, per-question timeout. */
  operator?: { console?: { port?: number }; terminal?: boolean; timeoutMs?: number };
  /** Where the config came from (set by the loader). */
  source?: string;
}

/** Rig `bench.mains`: the station's mains contactor coil (on = powered) and the power meter register that shows it. */
export interface BenchMainsConfig {
  coil: number;
  offMs?: number;
  timeoutMs?: number;
  voltage: { register: number; table?: 'input' | 'holding'; scale: number; signed?: boolean };
}

/** Rig `bench.network`: commands (argv, run without a shell) that cut and restore the station's network. */
export interface BenchNetworkConfig {
  down: string[];
  up: string[];
  timeoutMs?: number;
}

/**
 * Rig `ocpp.csms.driver` (schemas/rig.schema.json, closed): per operator intent (`remotely-start-a-transaction`
 * …) the HTTP request that makes the CSMS under test do it, and how its answer tells success. Strings may hold
 * `${name}` placeholders: the intent's parameters, `identity`, `intent`, `params`, `env:NAME`, and on a
 * reference rig `sut.apiUrl` / `sut.apiToken` (the reference CSMS's own API).
 */
export interface CsmsDriverConfig {
  kind: 'http';
  /** Merged under every intent (headers are merged key by key). */
  defaults?: CsmsDriverDefaults;
  intents: Record<string, CsmsDriverRequest>;
}

export interface CsmsDriverDefaults {
  method?: string;
  headers?: Record<string, string>;
  success?: CsmsDriverSuccess;
  timeoutMs?: number;
}

export interface CsmsDriverRequest extends CsmsDriverDefaults {
  url: string;
  /** JSON body; a string that is one placeholder becomes the value itself (object, number …), omitted when unset. */
  body?: unknown;
}

export interface CsmsDriverSuccess {
  /** HTTP status codes that mean success (default: any 2xx). */
  status?: number[];
  /** JSON paths (`$.a.b[0]`) into the answer's body and the value each must equal. */
  body?: Record<string, unknown>;
}

/** Rig `chademo` (schemas/rig.schema.json, closed). */
export interface ChademoRigConfig {
  /** Multiplies every CHAdeMO *Ms limit and the 100 ms cycle period (reference rigs: 0.25; a real SUT runs at 1). */
  timeScale?: number;
  /** The CHAdeMO CAN interface (default vcan0). */
  can?: { interface?: string };
  /** The digital lines: side-channel frames on a second vcan (default vcan1) or a bench Modbus TCP IO module (src/chademo/transport/lines-bench.ts). */
  lines?: { kind: 'vcan'; interface?: string } | ({ kind: 'bench' } & Record<string, unknown>);
}

/** TLS files of a V2G side (PEM; rig-relative paths, resolved when the rig is loaded). */
export interface V2gRigTls {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
}

export interface V2gRigSdp {
  address?: string;
  port?: number;
  interface?: string;
}

/** v2g.secc.pnc: what the harness EVCC presents to a real SECC (rig-relative PEM files). */
export interface V2gRigEvccPnc {
  /** Contract certificate first, then its MO sub-CAs (PaymentDetails, CertificateUpdate). */
  contractChainFile?: string;
  contractKeyFile?: string;
  /** OEM provisioning certificate first, then its sub-CAs (CertificateInstallation), and its key. */
  oemProvChainFile?: string;
  oemProvKeyFile?: string;
}

/** v2g.evcc.pnc: what the harness SECC trusts and installs for a real EVCC (rig-relative PEM files). */
export interface V2gRigSeccPnc {
  /** MO roots a contract chain must lead to (PaymentDetails). */
  moRootFiles?: string[];
  /** OEM roots an OEM provisioning chain must lead to (CertificateInstallation). */
  oemRootFiles?: string[];
  /** CPS chain (leaf first) and key that sign CertificateInstallation/UpdateRes. */
  cpsChainFile?: string;
  cpsKeyFile?: string;
  /** The contract chain (leaf first) and key the harness SECC installs. */
  contractChainFile?: string;
  contractKeyFile?: string;
}

export interface V2gRigConfig {
  /** A real SECC under test (the harness plays the EVCC). */
  secc?: {
    /** Where its SDP server answers (default ff02::1 port 15118; a link-local address needs the interface). */
    sdp?: V2gRigSdp;
    /** caFile: the V2G root its chain leads to; certFile/keyFile: the vehicle certificate for -20 mutual TLS. */
    tls?: V2gRigTls;
    /** The EVCCID the harness EVCC presents (MAC hex). */
    evccId?: string;
    /** Plug and Charge credentials of the harness EVCC (PEM files). */
    pnc?: V2gRigEvccPnc;
  };
  /** A real EVCC under test (the harness plays the SECC). */
  evcc?: {
    listen?: { address?: string; port?: number };
    sdp?: V2gRigSdp;
    /** certFile/keyFile: the SECC chain and key the harness presents; caFile: the OEM root of -20 vehicle certificates. */
    tls?: V2gRigTls;
    /** The EVSEID the harness SECC presents. */
    evseId?: string;
    /** Plug and Charge trust and provisioning material of the harness SECC (PEM files). */
    pnc?: V2gRigSeccPnc;
  };
  /** The pilot line for V2G: 'bench' = the bench EV emulator of bench.pilot (SUT = SECC); 'none' (default): steps that need it are not automatable. */
  pilot?: 'bench' | 'none';
}
