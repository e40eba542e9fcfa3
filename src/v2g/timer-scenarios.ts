/**
 * Every V2G timer (timers.ts V2G_TIMERS) with the catalogue scenario that decides a verdict on it at its edge,
 * the SUT side, and what "just under" / "just over" means for that SUT. test/v2g/timer-edges.test.ts runs each
 * `scenario` against the reference SUT set with the rig field `referenceTimerEdge: { timer, factor }`
 * (src/reference/v2g/timer-edge.ts, a compliant option, not a fault) at UNDER_FACTOR (must pass) and OVER_FACTOR
 * (must fail with a verdict naming the timer); for a pace (`bound: 'min'`, sdpRetryInterval) the violating side
 * is the short one. The test sets the timer's effective limit to `testLimitMs` through `timeouts.v2g.<timer>`
 * (every other V2G timer roomy, see ROOMY_BASE_MS) so the edge stands clear of the in-process SUTs' scheduling
 * noise; the harness check is the same code at any limit (a real rig's 25 ms seccCurrentDemand is judged by the
 * same comparison). `alsoIn`: other scenarios whose verdict uses the timer (other standards or the other side).
 */
import { V2G_REFERENCE_SCALE, type V2gTimerName } from './timers';

export type TimerBound = 'max' | 'min' | 'count';

export interface TimerScenario {
  timer: V2gTimerName;
  /** The catalogue ID the edge test runs. */
  scenario: string;
  sut: 'secc' | 'evcc';
  /** 'max': over the limit violates it; 'min': a pace, sooner than the limit violates it; 'count': more than the limit. */
  bound: TimerBound;
  /** What the SUT does at the edge (the reference SUT's timer edge does exactly this). */
  edge: string;
  justUnder: string;
  justOver: string;
  /** Effective limit the edge test sets (ms; a count for sdpRetries). */
  testLimit: number;
  alsoIn: readonly string[];
}

export const UNDER_FACTOR = 0.8;
export const OVER_FACTOR = 1.25;
/** The test's value (timeouts.v2g.<name>, before the reference scale × 0.1) of every timer it does not test. */
export const ROOMY_BASE_MS = 40_000;
/** CommunicationSetup stays at the reference rigs' 60 s (a first session pays module loading inside it). */
export const ROOMY_SETUP_BASE_MS = 60_000;

const answer = (who: string, what: string) => ({ justUnder: `${who} answers ${what} at 0.8 × the limit`, justOver: `${who} answers ${what} at 1.25 × the limit` });
const loop = (what: string) => ({ justUnder: `the SECC ends ${what} at 0.8 × the limit (the next round after it)`, justOver: `the SECC keeps ${what} going until 1.25 × the limit` });

export const TIMER_SCENARIOS: readonly TimerScenario[] = [
  { timer: 'evccMessage', scenario: 'TC_SECC_DC_VTB_DIN_SessionSetup_002', sut: 'secc', bound: 'max', edge: 'the SUT SECC answers every evccMessage-bound request (handshake, SessionSetup) late', ...answer('the SECC', 'SessionSetupReq'), testLimit: 1_000, alsoIn: ['TC_SECC_CMN_VTB_SessionSetup_002', 'TC_SECC_CMN_VTB_V20_ServiceDiscovery_003', 'TC_EVCC_CMN_VTB_V20_ServiceDiscovery_002'] },
  { timer: 'evccMessageLong', scenario: 'TC_SECC_CMN_VTB_ServiceDetail_003', sut: 'secc', bound: 'max', edge: 'the SUT SECC answers ServiceDetail / PaymentDetails / PowerDelivery (-2) late', ...answer('the SECC', 'ServiceDetailReq'), testLimit: 1_000, alsoIn: ['TC_SECC_DC_VTB_PowerDelivery_002', 'TC_SECC_CMN_VTB_V20_ServiceDetail_001'] },
  { timer: 'evccCurrentDemand', scenario: 'TC_SECC_DC_VTB_DIN_CurrentDemand_001', sut: 'secc', bound: 'max', edge: 'the SUT SECC answers every CurrentDemandReq late', ...answer('the SECC', 'CurrentDemandReq'), testLimit: 1_000, alsoIn: ['TC_SECC_DC_VTB_CurrentDemand_002', 'TC_EVCC_DC_VTB_DIN_CurrentDemand_004'] },
  { timer: 'evccChargeLoop20', scenario: 'TC_SECC_DC_VTB_V20_ChargeLoop_002', sut: 'secc', bound: 'max', edge: 'the SUT SECC answers every DC_ChargeLoopReq late', ...answer('the SECC', 'DC_ChargeLoopReq'), testLimit: 1_000, alsoIn: ['TC_SECC_AC_VTB_V20_ChargeLoop_002', 'TC_EVCC_DC_VTB_V20_ChargeLoop_003'] },
  { timer: 'dinPowerDelivery', scenario: 'TC_SECC_DC_VTB_DIN_PowerDelivery_001', sut: 'secc', bound: 'max', edge: 'the SUT SECC answers DIN PowerDeliveryReq late', ...answer('the SECC', 'PowerDeliveryReq'), testLimit: 1_000, alsoIn: ['TC_EVCC_DC_VTB_DIN_PowerDelivery_002'] },
  { timer: 'seccPerformance', scenario: 'TC_SECC_DC_VTB_DIN_SessionSetup_005', sut: 'secc', bound: 'max', edge: 'the SUT SECC answers every request of the default performance class late', ...answer('the SECC', 'SessionSetupReq'), testLimit: 1_000, alsoIn: ['TC_SECC_CMN_VTB_Authorization_005', 'TC_SECC_DC_VTB_ChargeParameterDiscovery_008'] },
  { timer: 'seccPerformanceLong', scenario: 'TC_SECC_DC_VTB_PowerDelivery_007', sut: 'secc', bound: 'max', edge: 'the SUT SECC answers ServiceDetail / PaymentDetails / PowerDelivery late', ...answer('the SECC', 'PowerDeliveryReq'), testLimit: 1_000, alsoIn: ['TC_SECC_AC_VTB_PowerDelivery_007'] },
  { timer: 'seccCurrentDemand', scenario: 'TC_SECC_DC_VTB_DIN_CurrentDemand_005', sut: 'secc', bound: 'max', edge: 'the SUT SECC answers every CurrentDemandReq late', ...answer('the SECC', 'CurrentDemandReq'), testLimit: 1_000, alsoIn: ['TC_SECC_DC_VTB_CurrentDemand_006'] },
  { timer: 'seccChargeLoop20', scenario: 'TC_SECC_DC_VTB_V20_ChargeLoop_003', sut: 'secc', bound: 'max', edge: 'the SUT SECC answers every DC_ChargeLoopReq late', ...answer('the SECC', 'DC_ChargeLoopReq'), testLimit: 1_000, alsoIn: ['TC_SECC_AC_VTB_V20_ChargeLoop_003'] },
  { timer: 'seccSequence', scenario: 'TC_EVCC_CMN_VTB_ChargeParameterDiscovery_001', sut: 'evcc', bound: 'max', edge: 'the SUT EVCC sends the request after SessionSetupRes late', justUnder: 'the EVCC sends it 0.8 × the limit after SessionSetupRes', justOver: 'the EVCC sends it 1.25 × the limit after SessionSetupRes', testLimit: 1_000, alsoIn: ['TC_EVCC_DC_VTB_DIN_CurrentDemand_005', 'TC_EVCC_CMN_VTB_V20_AuthorizationSetup_001'] },
  { timer: 'evccCommunicationSetup', scenario: 'TC_EVCC_CMN_VTB_SDP_001', sut: 'evcc', bound: 'max', edge: 'the SUT EVCC sends its first SDP request late after plug-in', justUnder: 'first SDP request 0.8 × the limit after plug-in', justOver: 'first SDP request 1.25 × the limit after plug-in', testLimit: 3_000, alsoIn: [] },
  { timer: 'seccCommunicationSetup', scenario: 'TC_EVCC_DC_VTB_DIN_SessionSetup_001', sut: 'evcc', bound: 'max', edge: 'the SUT EVCC sends SessionSetupReq late after plug-in', justUnder: 'SessionSetupReq 0.8 × the limit after plug-in', justOver: 'SessionSetupReq 1.25 × the limit after plug-in', testLimit: 3_000, alsoIn: [] },
  { timer: 'evccOngoing', scenario: 'TC_SECC_DC_VTB_DIN_ContractAuthentication_001', sut: 'secc', bound: 'max', edge: 'the SUT SECC answers ContractAuthentication Ongoing', ...loop('the Ongoing loop'), testLimit: 2_000, alsoIn: ['TC_SECC_CMN_VTB_Authorization_001', 'TC_SECC_DC_VTB_DIN_ChargeParameterDiscovery_002', 'TC_EVCC_CMN_VTB_Authorization_005'] },
  { timer: 'seccOngoing', scenario: 'TC_SECC_DC_VTB_DIN_ContractAuthentication_003', sut: 'secc', bound: 'max', edge: 'the SUT SECC answers ContractAuthentication Ongoing', ...loop('the Ongoing loop'), testLimit: 2_000, alsoIn: ['TC_EVCC_CMN_VTB_Authorization_004', 'TC_EVCC_DC_VTB_DIN_ContractAuthentication_001'] },
  { timer: 'evccCableCheck', scenario: 'TC_SECC_DC_VTB_DIN_CableCheck_001', sut: 'secc', bound: 'max', edge: 'the SUT SECC answers CableCheck Ongoing', ...loop('CableCheck'), testLimit: 2_000, alsoIn: ['TC_SECC_DC_VTB_CableCheck_002', 'TC_EVCC_DC_VTB_DIN_CableCheck_002'] },
  { timer: 'seccCableCheck', scenario: 'TC_SECC_DC_VTB_DIN_CableCheck_004', sut: 'secc', bound: 'max', edge: 'the SUT SECC answers CableCheck Ongoing', ...loop('CableCheck'), testLimit: 2_000, alsoIn: ['TC_EVCC_DC_VTB_DIN_CableCheck_003', 'TC_EVCC_DC_VTB_CableCheck_003'] },
  { timer: 'evccPreCharge', scenario: 'TC_SECC_DC_VTB_DIN_PreCharge_001', sut: 'secc', bound: 'max', edge: 'the SUT SECC holds the PreCharge voltage short of the target', ...loop('PreCharge'), testLimit: 2_000, alsoIn: ['TC_SECC_DC_VTB_PreCharge_001', 'TC_EVCC_DC_VTB_DIN_PreCharge_004'] },
  { timer: 'seccPreCharge', scenario: 'TC_SECC_DC_VTB_DIN_PreCharge_004', sut: 'secc', bound: 'max', edge: 'the SUT SECC holds the PreCharge voltage short of the target', ...loop('PreCharge'), testLimit: 2_000, alsoIn: ['TC_EVCC_DC_VTB_DIN_PreCharge_005', 'TC_EVCC_DC_VTB_PreCharge_003'] },
  { timer: 'preCharge20', scenario: 'TC_SECC_DC_VTB_V20_PreCharge_002', sut: 'secc', bound: 'max', edge: 'the SUT SECC holds the DC_PreCharge voltage at half the target', ...loop('DC_PreCharge'), testLimit: 2_000, alsoIn: ['TC_EVCC_DC_VTB_V20_PreCharge_001'] },
  { timer: 'sdpRetryInterval', scenario: 'TC_EVCC_CMN_VTB_SDP_002', sut: 'evcc', bound: 'min', edge: 'the SUT EVCC repeats unanswered SDP requests at a pace', justUnder: 'repeats every 0.8 × the limit: too fast, fails', justOver: 'repeats every 1.25 × the limit: passes (a pace is a lower bound)', testLimit: 600, alsoIn: ['TC_EVCC_CMN_VTB_SDP_003'] },
  { timer: 'sdpRetries', scenario: 'TC_EVCC_CMN_VTB_SDP_004', sut: 'evcc', bound: 'count', edge: 'the SUT EVCC sends unanswered SDP requests up to a count', justUnder: 'sends exactly the limit (50 by default, 5 in the test)', justOver: 'sends the limit + 1 (51, 6 in the test)', testLimit: 5, alsoIn: [] },
  { timer: 'cpStateCAfterPowerDelivery', scenario: 'TC_EVCC_AC_VTB_PowerDelivery_002', sut: 'evcc', bound: 'max', edge: 'the SUT EVCC closes S2 (state C) late after PowerDeliveryRes(Start)', justUnder: 'state C 0.8 × the limit after PowerDeliveryRes(Start)', justOver: 'state C 1.25 × the limit after it', testLimit: 1_000, alsoIn: ['TC_EVCC_AC_VTB_V20_PowerDelivery_001'] },
];

/** The rig overrides (timeouts.v2g, before the reference scale) for the edge test of one row. */
export function edgeOverrides(row: TimerScenario, names: readonly V2gTimerName[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const n of names) {
    if (n === 'sdpRetries' || n === 'sdpRetryInterval') continue;
    out[n] = /CommunicationSetup$/.test(n) ? ROOMY_SETUP_BASE_MS : ROOMY_BASE_MS;
  }
  // counts and the SDP pace (under 1 s) are not scaled; a timer of 1 s or more is (× V2G_REFERENCE_SCALE)
  out[row.timer] = row.testLimit >= 1_000 ? Math.round(row.testLimit / V2G_REFERENCE_SCALE) : row.testLimit;
  return out;
}
