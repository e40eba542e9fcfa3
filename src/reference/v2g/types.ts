/**
 * The reference V2G SUTs' contract: a shell (index.ts: SDP responder / client, TCP or TLS, V2GTP framing,
 * SupportedAppProtocol, delays and closes, the pilot line) and one protocol module per standard and side
 * (secc/<standard>.ts, evcc/<standard>.ts) that turns one decoded request into one response (SECC) or one
 * response into the next request (EVCC). Written independently of the harness roles (src/v2g/roles): they
 * share only src/exi (verified by independent vectors), src/v2g/v2gtp.ts framing and the pilot line's port
 * types (src/iec61851/line/types.ts).
 */
import type { EvPort, EvsePort } from '../../iec61851/line/types';

export type RefStandard = 'din70121' | 'iso15118-2' | 'iso15118-20';

/** What a protocol module may use of the shell. */
export interface RefContext {
  /** Active fault names of this SUT (bare names of its catalogue, v2g-secc or v2g-evcc). */
  faults: ReadonlySet<string>;
  /** The effective limit of a V2G timer in ms on this rig (src/v2g/timers.ts names), for faults placed just over it. */
  limitMs(timer: string): number;
  /** A note into the scenario trace (protocol `v2g`), e.g. why the SUT does what it does. */
  note(text: string): void;
  /** Configuration of this reference variant (default or the second compliant one, `alt`). */
  variant: 'default' | 'alt';
  /** A compliant option, not a fault: act at `factor` × the effective limit of one timer (timer-edge.ts). */
  timerEdge?: RefTimerEdge;
}

/**
 * The rig's `referenceTimerEdge`: the reference SUT answers, stays in a loop, paces or counts at `factor` × the
 * effective limit of `timer` (src/v2g/timers.ts names), e.g. { timer: 'seccPerformance', factor: 0.8 }. Below 1
 * it is a compliant SUT near the edge; above 1 the same behaviour just over it (src/reference/v2g/timer-edge.ts).
 */
export interface RefTimerEdge {
  timer: string;
  factor: number;
}

export interface RefSeccContext extends RefContext {
  /** The EVSE end of the pilot line (5 % duty raised by the shell at plug-in); absent on a rig without one. */
  pilot?: EvsePort;
  /**
   * Sessions paused (SessionStop Pause) on an earlier TCP connection of this SECC, by SessionID (upper-case hex),
   * with what the module keeps of them; the shell keeps one map for the SECC's lifetime (absent: no resume).
   */
  paused?: Map<string, Readonly<Record<string, unknown>>>;
  /** PnC: the MO root certificates (PEM) a contract chain must lead to (the run V2G PKI's on the reference rig). */
  moRootsPem?: string[];
  /** ISO 15118-2 CertificateInstallation/Update: the CPS side's material (iso2/cert-material.ts). */
  cert?: RefCertMaterial;
  /** This connection is TLS (the shell sets it per connection; ISO 15118-2 offers Contract only over TLS). */
  overTls?: boolean;
}

export interface RefEvccContext extends RefContext {
  /** The EV end of the pilot line (the module closes S2 (state C) after PowerDeliveryRes(Start)). */
  pilot?: EvPort;
  /** PnC: the contract certificate chain (leaf first, PEM) and key (the run V2G PKI's on the reference rig). */
  contract?: { chainPem: string; keyPem: string; expired?: { chainPem: string; keyPem: string } };
  /** ISO 15118-2 CertificateInstallation/Update: the OEM provisioning certificate and key, the V2G roots (iso2/cert-material.ts). */
  cert?: RefCertMaterial;
}

/** ISO 15118-2 CertificateInstallation/Update material (PEM; the run V2G PKI's on the reference rig). */
export interface RefCertMaterial {
  /** SECC (CPS side): the CPS chain (leaf first) and key; a CPS leaf under another root and its key (a fault). */
  cpsChainPem?: string;
  cpsKeyPem?: string;
  untrustedCpsChainPem?: string;
  untrustedCpsKeyPem?: string;
  /** SECC: the OEM roots an OEM provisioning certificate must lead to; the contract chain and key it installs. */
  oemRootsPem?: string[];
  installContractChainPem?: string;
  installContractKeyPem?: string;
  /** EVCC: its OEM provisioning certificate and key; the V2G roots a CPS chain must lead to. */
  oemProvCertPem?: string;
  oemProvKeyPem?: string;
  v2gRootsPem?: string[];
}

/** One EXI payload to send (payload type + bytes), when, and what to do with the connection afterwards. */
export interface RefSend {
  payloadType: number;
  exi: Uint8Array;
  /** Wait this long before sending (ms, faults that answer late). */
  delayMs?: number;
  /** Close the TCP connection after sending (after a FAILED response code, after SessionStop). */
  closeAfter?: boolean;
  /**
   * EVCC modules: how long the shell waits for the response to this request before it gives up and closes the
   * connection (the module's message timeout for it, e.g. ctx.limitMs('evccCurrentDemand')); absent: evccMessage.
   */
  responseTimeoutMs?: number;
}

/** A reply: send something, say nothing (a silent fault), or close without an answer. */
export type RefReply = RefSend | { silent: true } | { close: true };

/** What a reference SECC offers (from its variant; the harness never reads it). */
export interface RefSeccConfig {
  evseId: string;
  energy: readonly ('AC' | 'DC')[];
  payment: readonly ('EIM' | 'PnC')[];
  /** Per-standard values (limits, schedules, service ids …) the variant chooses. */
  values: Readonly<Record<string, unknown>>;
  /** PnC: the PEMs a reference SECC needs (contract chain trust, certificate installation response material). */
  pnc?: Readonly<Record<string, string>>;
}

/** What a reference EVCC asks for. */
export interface RefEvccConfig {
  evccId: string;
  energy: 'AC' | 'DC';
  payment: 'EIM' | 'PnC';
  values: Readonly<Record<string, unknown>>;
  /** PnC: contract certificate chain and key PEMs. */
  pnc?: Readonly<Record<string, string>>;
}

/** One instance per TCP connection (its session state lives inside). */
export interface RefSeccProtocol {
  readonly standard: RefStandard;
  /** SupportedAppProtocol namespace and version this module answers for. */
  readonly namespace: string;
  readonly major: number;
  readonly minor: number;
  /** One request in (payload type + EXI), one reply out. Malformed EXI is the module's to answer (per standard). */
  onRequest(payloadType: number, exi: Uint8Array, ctx: RefSeccContext): Promise<RefReply>;
}

/**
 * An EVCC module is done with this connection. `resume`: the session was paused (ISO 15118-2 SessionStop Pause);
 * the shell closes the connection, then SDP, TCP/TLS and the app-protocol handshake again, and calls the SAME
 * module's start() for the resuming SessionSetupReq.
 */
export interface RefEvccDone {
  done: true;
  reason: string;
  resume?: boolean;
}

export interface RefEvccProtocol {
  readonly standard: RefStandard;
  readonly namespace: string;
  readonly major: number;
  readonly minor: number;
  /** The first request after the SupportedAppProtocol handshake (SessionSetupReq). */
  start(ctx: RefEvccContext): Promise<RefSend>;
  /** One response in, the next request out, or done (after SessionStopRes, or a failure it stops on). */
  onResponse(payloadType: number, exi: Uint8Array, ctx: RefEvccContext): Promise<RefSend | RefEvccDone>;
}
