/**
 * The reference V2G SUTs: a reference SECC (the harness plays the EVCC) and a reference EVCC (the harness plays
 * the SECC). Each is a shell (SDP, TCP/TLS, V2GTP, SupportedAppProtocol, timers, pilot, the shell faults of
 * shell-faults.ts) around one protocol module per session (protocols.ts: SECC_MODULES / EVCC_MODULES).
 * Independent of the harness roles: reference code imports src/exi, its own socket glue and the pilot port types.
 */
import type { EvPort, EvsePort } from '../../iec61851/line/types';
import type { RefEvccConfig, RefEvccProtocol, RefSeccConfig, RefSeccProtocol, RefStandard, RefTimerEdge } from './types';

export { startReferenceEvcc } from './evcc-shell';
export { startReferenceSecc } from './secc-shell';
export { REF_EVCC_OFFERS, refEvccConfig, refSeccConfig } from './config';
export { EVCC_SHELL_FAULTS, SECC_SHELL_FAULTS } from './shell-faults';

/** A certificate and its key (PEM). */
export interface RefCertPair {
  cert: string;
  key: string;
}

/** What the shells use of the run's V2G PKI (src/transport/tls/v2g-pki.ts V2gPki has these fields and more). */
export interface RefV2gPki {
  v2gRoot: RefCertPair;
  secc: RefCertPair;
  /** SECC leaf + CPO sub-CA 2 + sub-CA 1 (PEM). */
  seccChainPem: string;
  oemRoot: RefCertPair;
  /** -20 mutual TLS: the vehicle's client certificate (chains to oemRoot). */
  vehicle: RefCertPair;
  bad: { untrustedSecc: RefCertPair; expiredContract?: RefCertPair; expiredContractChainPem?: string; untrustedCps?: RefCertPair };
  /** PnC: the MO root the reference SECC trusts for contract chains; the reference EVCC's contract (CN = eMAID). */
  moRoot?: RefCertPair;
  contract?: RefCertPair;
  /** Contract leaf + MO sub-CA 2 + sub-CA 1 (PEM). */
  contractChainPem?: string;
  /** ISO 15118-2 CertificateInstallation/Update: the OEM provisioning certificate, the CPS leaf and its chain, the contract to install. */
  oemProv?: RefCertPair;
  cps?: RefCertPair;
  cpsChainPem?: string;
  installContract?: RefCertPair;
  installContractChainPem?: string;
}

export type RefTls = 'none' | 'tls12' | 'tls13';

export interface ReferenceSeccOptions {
  /** Address of the SDP responder and the TCP/TLS listeners (default `::1`). */
  address?: string;
  /** The standards it supports (answers in the app-protocol handshake). */
  standards: RefStandard[];
  config: RefSeccConfig;
  /** TLS listener beside the plain TCP one: TLS 1.2 (ISO 15118-2 suite) or TLS 1.3 with client certificates (-20). */
  tls: RefTls;
  pki?: RefV2gPki;
  /** Shell faults (shell-faults.ts) and the modules' prefixed faults, bare names. */
  faults: string[];
  variant: 'default' | 'alt';
  /** The effective limit of a V2G timer on this rig, ms (src/v2g/timers.ts names; sdpRetries is a count). */
  limitMs(timer: string): number;
  pilot?: EvsePort;
  note?(text: string): void;
  /** A compliant option, not a fault: answers / loops at a fraction of one timer's limit (timer-edge.ts). */
  timerEdge?: RefTimerEdge;
  /** Protocol modules to use instead of SECC_MODULES (unit tests of the shell). */
  modules?: Partial<Record<RefStandard, (c: RefSeccConfig) => RefSeccProtocol>>;
}

export interface ReferenceSecc {
  readonly address: string;
  readonly sdpPort: number;
  /** The plain TCP listener (answered for an SDP request without TLS). */
  readonly tcpPort: number;
  /** The TLS listener (answered for an SDP request with TLS), when `tls` is not 'none'. */
  readonly tlsPort: number | undefined;
  stop(): Promise<void>;
}

export interface ReferenceEvccOptions {
  /** Where it sends its SDP requests (the harness SECC's SDP responder). */
  sdp: { address: string; port: number };
  offer: { standard: RefStandard; priority: number }[];
  config: RefEvccConfig;
  /** TLS 1.2 (ISO 15118-2 suite) or TLS 1.3 with its vehicle certificate (-20); asked for in SDP. */
  tls: RefTls;
  pki?: RefV2gPki;
  faults: string[];
  variant: 'default' | 'alt';
  limitMs(timer: string): number;
  pilot?: EvPort;
  note?(text: string): void;
  /** A compliant option, not a fault: requests / paces / counts at a fraction of one timer's limit (timer-edge.ts). */
  timerEdge?: RefTimerEdge;
  /** Protocol modules to use instead of EVCC_MODULES (unit tests of the shell). */
  modules?: Partial<Record<RefStandard, (c: RefEvccConfig) => RefEvccProtocol>>;
}

export interface ReferenceEvcc {
  /** Resolves once the EVCC has stopped, with why (session complete, FAILED code, timeout, stop() …). */
  readonly done: Promise<{ reason: string }>;
  stop(): Promise<void>;
}
