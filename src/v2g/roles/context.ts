/**
 * What a V2G role driver gets from the harness (src/v2g/harness.ts), one per scenario, owned by the World:
 * where to reach or how to offer the SUT, the effective timer limits of this rig, the trace, the values of the
 * side the harness plays (from the PICS) and its pilot port. Drivers keep their own state in their instance;
 * nothing here is module-level.
 */
import type { Trace } from '../../core/trace';
import type { EvPort, EvsePort } from '../../iec61851/line/types';
import type { Pics } from '../../rig/pics';
import type { EnergyMode, PaymentOption, V2gStandard } from '../messages/types';
import type { V2gTimerName } from '../timers';
import type { V2gTlsOptions } from '../transport/connection';
import type { SdpSecurity } from '../transport/sdp';
import type { EvccProcedure, SeccProcedure, V2gSessionParams } from './procedure';

/** Effective limits of one rig: every V2G timer in wall-clock ms, and how it was derived (for verdicts). */
export interface V2gLimits {
  ms(name: V2gTimerName): number;
  /** e.g. `evccMessage 200 ms (default 2000 ms × 0.1, floor 400 ms → 400 ms, reference rig)`. */
  explain(name: V2gTimerName): string;
}

export interface V2gRoleContextBase {
  trace: Trace;
  /** Trace channel of this session's frames, e.g. `v2g:[::1]:61851`. */
  channel: string;
  standard: V2gStandard;
  energy: EnergyMode;
  payment: PaymentOption;
  /** TLS the scenario uses (none on a plain TCP session). */
  tls: 'none' | 'tls12' | 'tls13';
  limits: V2gLimits;
  /** Bound for SDP + TCP/TLS set-up (timeouts.v2g.connect). */
  connectMs: number;
  /** Bound for a wait no V2G timer covers (timeouts.v2g.expect). */
  expectMs: number;
  /** The values of the side the harness plays (from the PICS `v2g.values`, own id). */
  params: V2gSessionParams;
  /** The SUT's PICS for protocol v2g and this side (undefined: none declared). */
  pics: Pics | undefined;
  picsSource: string;
  /** Where the rig is described, for NotAutomatable / config messages. */
  rigName: string;
}

/** The harness plays the EVCC; the SUT is a SECC. */
export interface EvccRoleContext extends V2gRoleContextBase {
  sdp: { address: string; port: number; interface?: string; security: SdpSecurity };
  /** TLS client options when tls ≠ none (trust anchors: the V2G root(s)). */
  tlsOptions?: V2gTlsOptions;
  /** The EV end of the pilot line (absent: a rig without one; the EVCC does not touch the pilot). */
  pilot?: EvPort;
  /** Builds the procedure for the negotiated standard (default: roles/registry.ts). */
  procedureFor(standard: V2gStandard, energy: EnergyMode): EvccProcedure;
}

/** The harness plays the SECC; the SUT is an EVCC. */
export interface SeccRoleContext extends V2gRoleContextBase {
  /** Where the harness listens for the EVCC's TCP/TLS connection and answers SDP. */
  listen: { address: string; port: number; sdpAddress: string; sdpPort: number; interface?: string };
  tlsOptions?: V2gTlsOptions;
  /** The EVSE end of the pilot line (absent: a rig without one). */
  pilot?: EvsePort;
  procedureFor(standard: V2gStandard, energy: EnergyMode): SeccProcedure;
}
