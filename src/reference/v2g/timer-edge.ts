/**
 * The reference SUTs' timer edge (rig `referenceTimerEdge`, types.ts RefTimerEdge): a compliant option, not a fault.
 * With `{ timer, factor }` the reference SECC / EVCC does the one thing that timer bounds at `factor` × its effective
 * limit, and everything else as always:
 * - SECC answer times (evccMessage, evccMessageLong, evccCurrentDemand, evccChargeLoop20, dinPowerDelivery,
 *   seccPerformance, seccPerformanceLong, seccCurrentDemand, seccChargeLoop20): every response that timer bounds
 *   leaves `factor` × limit after its request arrived (secc-shell.ts);
 * - SECC loops (evccOngoing / seccOngoing: DIN ContractAuthentication; evccCableCheck / seccCableCheck: DIN
 *   CableCheck; evccPreCharge / seccPreCharge: DIN PreCharge; preCharge20: -20 DC_PreCharge): the loop goes on
 *   until `factor` × limit since its first request (din/secc.ts, iso20/secc.ts);
 * - EVCC (evcc-shell.ts): evccCommunicationSetup: first SDP request `factor` × limit after plug-in;
 *   seccCommunicationSetup: SessionSetupReq `factor` × limit after plug-in; seccSequence: the request after
 *   SessionSetupRes `factor` × limit after it; sdpRetryInterval: SDP requests every `factor` × limit;
 *   sdpRetries (a count): `limit` requests at a factor ≤ 1, `limit + 1` above; cpStateCAfterPowerDelivery: S2
 *   closes `factor` × limit after the module asks for it.
 * Used by test/v2g/timer-edges.test.ts (src/v2g/timer-scenarios.ts): just under (0.8) passes, just over (1.25) fails.
 */
import type { RefStandard, RefTimerEdge } from './types';

/** The edge's factor when it names one of `timers`, else undefined. */
export function edgeFactor(edge: RefTimerEdge | undefined, ...timers: string[]): number | undefined {
  return edge && timers.includes(edge.timer) ? edge.factor : undefined;
}

/** The edge's timer and factor when it names one of `timers` (for loops held until factor × limit). */
export function edgeOf(edge: RefTimerEdge | undefined, ...timers: string[]): RefTimerEdge | undefined {
  return edge && timers.includes(edge.timer) ? edge : undefined;
}

const LONG_ISO2 = new Set(['ServiceDetail', 'PaymentDetails', 'PowerDelivery', 'CertificateInstallation', 'CertificateUpdate']);
const LONG_ISO20 = new Set(['ServiceDetail', 'CertificateInstallation']);

/** The SECC performance timer of a request (or response) of this name. */
export function seccTimerOf(standard: RefStandard, name: string): string {
  const base = name.replace(/(Req|Res)$/, '');
  if (base === 'supportedAppProtocol') return 'seccPerformance';
  if (standard === 'iso15118-20') {
    if (base === 'AC_ChargeLoop' || base === 'DC_ChargeLoop') return 'seccChargeLoop20';
    return LONG_ISO20.has(base) ? 'seccPerformanceLong' : 'seccPerformance';
  }
  if (base === 'CurrentDemand') return 'seccCurrentDemand';
  return LONG_ISO2.has(base) ? 'seccPerformanceLong' : 'seccPerformance';
}

/** The real count of SDP requests an EVCC on the edge of `limit` sends: the limit itself, or one more. */
export function edgeCount(limit: number, factor: number): number {
  return factor > 1 ? limit + 1 : limit;
}
