/**
 * What a standard plugs into the harness roles (contract). The generic drivers (roles/evcc.ts, roles/secc.ts)
 * own the connection, the timers, the session id, the trace and the verdicts; a procedure (roles/<standard>/)
 * knows one standard's messages: which request comes next, what a compliant request or response holds, and
 * what is wrong with what the SUT sent. Procedures do no I/O and never import another standard's procedure.
 */
import type { Pics } from '../../rig/pics';
import type { V2gTimerName } from '../timers';
import type { EnergyMode, PaymentOption, StandardCodec, V2gMessage, V2gStandard } from '../messages/types';

/** The values a session uses for the side the harness plays; from the rig / PICS, never from the reference. */
export interface V2gSessionParams {
  energy: EnergyMode;
  payment: PaymentOption;
  /** EVCC: the EVCCID (MAC hex, DIN/-2) or EVCCID string (-20); SECC: EVSEID. */
  ownId: string;
  /** Free per-standard values (EV limits, target SOC, EVSE limits, service ids …) from the PICS `v2g` block. */
  values: Readonly<Record<string, unknown>>;
  pics?: Pics;
  /** Plug and Charge credentials (reference rig: the run V2G PKI; real rig: its files). */
  pnc?: PncCredentials;
  /** The session runs over TLS (ISO 15118-2: PaymentOption Contract only over TLS). */
  overTls?: boolean;
}

/** What a PnC session needs: the EVCC its contract chain and key, the SECC the MO roots it trusts. */
export interface PncCredentials {
  /** EVCC: contract leaf first, then its sub-CAs (PEM). */
  contractChainPem?: string;
  contractKeyPem?: string;
  /** EVCC: the eMAID it presents (defaults to the contract certificate's CN). */
  eMAID?: string;
  /** SECC: the MO root certificates (PEM) a contract chain must lead to. */
  trustedRootsPem?: string[];
  /** EVCC, CertificateInstallation: the OEM provisioning certificate first, then its sub-CAs (PEM), and its key. */
  oemProvChainPem?: string;
  oemProvKeyPem?: string;
  /** EVCC, CertificateInstallation/Update: the V2G roots (PEM) the SA provisioning (CPS) chain must lead to; their ids fill ListOfRootCertificateIDs. */
  v2gRootsPem?: string[];
  /** SECC, CertificateInstallation/Update: the CPS chain (leaf first, PEM) and key that sign the response. */
  cpsChainPem?: string;
  cpsKeyPem?: string;
  /** SECC, CertificateInstallation: the OEM roots (PEM) an OEM provisioning chain must lead to. */
  oemRootsPem?: string[];
  /** SECC, CertificateInstallation/Update: the contract chain (leaf first, PEM) and key it installs in the EVCC. */
  installContractChainPem?: string;
  installContractKeyPem?: string;
}

/** Mutable per-session state a procedure keeps between messages (owned by the role context, one per scenario). */
export interface ProcedureState {
  sessionId: string;
  /** Responses (EVCC) or requests (SECC) seen so far, latest per name. */
  seen: Map<string, V2gMessage>;
  /** How often each request name has been sent / received in this session (loops). */
  count: Map<string, number>;
  /** Free per-standard state (selected service, schedule id, present voltage …). */
  vars: Record<string, unknown>;
  params: V2gSessionParams;
}

/** After a response: repeat the same request (Ongoing, not yet finished, charge loop), go on, or end. */
export type NextStep = 'again' | 'next' | 'stop';

/** The harness plays the EVCC (SUT = SECC). */
export interface EvccProcedure {
  readonly standard: V2gStandard;
  readonly energy: EnergyMode;
  readonly codec: StandardCodec;
  /** The requests of a full compliant session, in order (loops are repeats of one entry). */
  readonly sequence: readonly string[];
  /** The compliant request for this point of the session, built from the state. */
  request(name: string, state: ProcedureState): V2gMessage;
  /** The EVCC message timeout that bounds the wait for this request's response. */
  timer(requestName: string): V2gTimerName;
  /**
   * Optional: the timer bounding a repeated request's whole loop (DIN/-2 Ongoing → evccOngoing, CableCheck →
   * evccCableCheck, PreCharge → evccPreCharge): the driver fails when the first request of the run to the response
   * that ends it ('next') takes longer than its effective limit.
   */
  loopTimer?(requestName: string): V2gTimerName | undefined;
  /** Records the response into the state and says what comes next. */
  after(response: V2gMessage, request: V2gMessage, state: ProcedureState): NextStep;
  /** What is wrong with a response beyond the driver's checks (schema, session id, name, response code). */
  check(response: V2gMessage, request: V2gMessage, state: ProcedureState): string[];
}

/** The harness plays the SECC (SUT = EVCC). */
export interface SeccProcedure {
  readonly standard: V2gStandard;
  readonly energy: EnergyMode;
  readonly codec: StandardCodec;
  /** Request names acceptable next in this state (anything else is answered FAILED_SequenceError). */
  allowed(state: ProcedureState): readonly string[];
  /** The compliant response to a request; records what it needs into the state. */
  respond(request: V2gMessage, state: ProcedureState): V2gMessage;
  /** The SECC performance time the harness keeps when answering this request (it answers well inside it). */
  timer(requestName: string): V2gTimerName;
  /**
   * Optional: how long the harness SECC keeps a repeated request's loop going (Ongoing / CableCheck / PreCharge not
   * finished) before it answers Finished / a converged value (the SECC-side loop timer, e.g. seccOngoing).
   */
  loopTimer?(requestName: string): V2gTimerName | undefined;
  /** What is wrong with an EVCC request (e.g. a target current above the EV's own maximum). */
  check(request: V2gMessage, state: ProcedureState): string[];
  /** The message that ends the session (SessionStopReq). */
  readonly finalRequest: string;
}
