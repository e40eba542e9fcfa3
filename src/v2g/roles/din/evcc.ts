/**
 * The harness EVCC's DIN SPEC 70121 procedure (DC, EIM; SUT = SECC): the request sequence of a full session,
 * compliant requests built from the EV values (values.ts), what comes next after each response (Ongoing,
 * CableCheck and PreCharge loops, CurrentDemand ×N, WeldingDetection), and the checks of each response beyond
 * the driver's (schema, session id, name, response code).
 */
import type { EnergyMode, V2gMessage } from '../../messages/types';
import { dinCodec } from '../../messages/din';
import type { V2gTimerName } from '../../timers';
import type { EvccProcedure, NextStep, ProcedureState } from '../procedure';
import { evValues, num, pv, type DinEvValues, type PhysicalValue } from './values';

const SEQUENCE = [
  'SessionSetupReq',
  'ServiceDiscoveryReq',
  'ServicePaymentSelectionReq',
  'ContractAuthenticationReq',
  'ChargeParameterDiscoveryReq',
  'CableCheckReq',
  'PreChargeReq',
  'PowerDeliveryReq',
  'CurrentDemandReq',
  'PowerDeliveryReq',
  'WeldingDetectionReq',
  'SessionStopReq',
] as const;

const DC_TRANSFER = new Set(['DC_core', 'DC_extended', 'DC_combo_core', 'DC_dual', 'DC_unique']);
const STOP_STATUS = new Set(['EVSE_Shutdown', 'EVSE_EmergencyShutdown', 'EVSE_UtilityInterruptEvent', 'EVSE_Malfunction']);

type Phase = 'before' | 'charging' | 'stopped';
type Obj = Record<string, unknown>;

function vals(state: ProcedureState): DinEvValues {
  let v = state.vars.dinEv as DinEvValues | undefined;
  if (!v) {
    v = evValues(state.params.values);
    state.vars.dinEv = v;
  }
  return v;
}

function phase(state: ProcedureState): Phase {
  return (state.vars.dinPhase as Phase | undefined) ?? 'before';
}

function evStatus(v: DinEvValues, state: ProcedureState, p: Phase = phase(state)): Obj {
  const soc = p === 'before' ? v.soc : p === 'charging' ? v.socCharging : v.socEnd;
  return { EVReady: 1, EVErrorCode: 'NO_ERROR', EVRESSSOC: soc };
}

function obj(x: unknown): Obj | undefined {
  return typeof x === 'object' && x !== null ? (x as Obj) : undefined;
}

function at(o: unknown, path: string): unknown {
  let cur: unknown = o;
  for (const k of path.split('.')) cur = obj(cur)?.[k];
  return cur;
}

function chargeParameter(v: DinEvValues): Obj {
  const p: Obj = { EVMaximumCurrentLimit: pv(v.evMaxCurrentA, 'A') };
  if (v.evMaxPowerW !== undefined) p.EVMaximumPowerLimit = pv(v.evMaxPowerW, 'W');
  p.EVMaximumVoltageLimit = pv(v.evMaxVoltageV, 'V');
  if (v.evEnergyCapacityWh !== undefined) p.EVEnergyCapacity = pv(v.evEnergyCapacityWh, 'Wh');
  if (v.evEnergyRequestWh !== undefined) p.EVEnergyRequest = pv(v.evEnergyRequestWh, 'Wh');
  if (v.fullSoc !== undefined) p.FullSOC = v.fullSoc;
  if (v.bulkSoc !== undefined) p.BulkSOC = v.bulkSoc;
  return p;
}

/**
 * The EV's target within what the EVSE announced in ChargeParameterDiscoveryRes (an EV asks no more than the
 * EVSE's maximum and no less than its minimum); unchanged when it fits, so the declared encoding stays.
 */
function withinEvse(target: number | PhysicalValue, unit: 'A' | 'V', state: ProcedureState): PhysicalValue {
  const t = pv(target, unit);
  const p = obj(state.seen.get('ChargeParameterDiscoveryRes')?.body.DC_EVSEChargeParameter);
  const want = num(t) ?? 0;
  const max = num(p?.[unit === 'A' ? 'EVSEMaximumCurrentLimit' : 'EVSEMaximumVoltageLimit']);
  const min = num(p?.[unit === 'A' ? 'EVSEMinimumCurrentLimit' : 'EVSEMinimumVoltageLimit']);
  if (max !== undefined && want > max) return pv(max, unit);
  if (min !== undefined && want < min) return pv(min, unit);
  return t;
}

function buildRequest(name: string, state: ProcedureState): V2gMessage {
  const v = vals(state);
  const p = phase(state);
  switch (name) {
    case 'SessionSetupReq':
      return { name, body: { EVCCID: state.params.ownId } };
    case 'ServiceDiscoveryReq':
    case 'ContractAuthenticationReq':
    case 'SessionStopReq':
      return { name, body: {} };
    case 'ServicePaymentSelectionReq': {
      const id = at(state.seen.get('ServiceDiscoveryRes')?.body, 'ChargeService.ServiceTag.ServiceID');
      return { name, body: { SelectedPaymentOption: v.paymentOption, SelectedServiceList: { SelectedService: [{ ServiceID: typeof id === 'number' ? id : 1 }] } } };
    }
    case 'ChargeParameterDiscoveryReq':
      return { name, body: { EVRequestedEnergyTransferType: v.energyTransferType, DC_EVChargeParameter: { ...chargeParameter(v), DC_EVStatus: evStatus(v, state) } } };
    case 'CableCheckReq':
    case 'WeldingDetectionReq':
      return { name, body: { DC_EVStatus: evStatus(v, state) } };
    case 'PreChargeReq':
      return { name, body: { DC_EVStatus: evStatus(v, state), EVTargetVoltage: withinEvse(v.targetVoltageV, 'V', state), EVTargetCurrent: pv(v.preChargeCurrentA, 'A') } };
    case 'PowerDeliveryReq': {
      const start = p === 'before';
      const status = evStatus(v, state, start ? 'before' : 'stopped');
      return { name, body: { ReadyToChargeState: start ? 1 : 0, DC_EVPowerDeliveryParameter: { DC_EVStatus: status, ChargingComplete: start ? 0 : 1 } } };
    }
    case 'CurrentDemandReq':
      return {
        name,
        body: {
          DC_EVStatus: evStatus(v, state, 'charging'),
          EVTargetCurrent: withinEvse(v.targetCurrentA, 'A', state),
          ChargingComplete: 0,
          EVTargetVoltage: withinEvse(v.targetVoltageV, 'V', state),
        },
      };
    default:
      throw new Error(`the harness DIN EVCC has no ${name} (DIN DC EIM requests: ${[...new Set(SEQUENCE)].join(', ')})`);
  }
}

function count(state: ProcedureState, key: string): number {
  const n = ((state.vars[key] as number | undefined) ?? 0) + 1;
  state.vars[key] = n;
  return n;
}

function next(response: V2gMessage, request: V2gMessage, state: ProcedureState): NextStep {
  const v = vals(state);
  const b = response.body;
  if (response.name === 'SessionStopRes') return 'stop';
  if (typeof b.ResponseCode === 'string' && b.ResponseCode.startsWith('FAILED')) return 'stop';
  if (response.name === 'ServiceDiscoveryRes') state.vars.dinServiceDiscovery = b;
  switch (response.name) {
    case 'ContractAuthenticationRes':
    case 'ChargeParameterDiscoveryRes':
    case 'CableCheckRes':
      return b.EVSEProcessing === 'Ongoing' ? 'again' : 'next';
    case 'PreChargeRes': {
      const present = num(b.EVSEPresentVoltage);
      const target = num(withinEvse(v.targetVoltageV, 'V', state)) ?? 0;
      state.vars.dinPreChargeVoltage = present;
      return present !== undefined && Math.abs(present - target) <= v.preChargeToleranceV ? 'next' : 'again';
    }
    case 'PowerDeliveryRes':
      state.vars.dinPhase = request.body.ReadyToChargeState === 1 || request.body.ReadyToChargeState === true ? 'charging' : 'stopped';
      return 'next';
    case 'CurrentDemandRes': {
      const n = count(state, 'dinCurrentDemands');
      if (evseStops(b)) {
        state.vars.dinEvseStopped = true;
        return 'next';
      }
      return n >= v.currentDemandCount ? 'next' : 'again';
    }
    case 'WeldingDetectionRes': {
      const n = count(state, 'dinWeldings');
      const present = num(b.EVSEPresentVoltage);
      return (present !== undefined && present <= v.weldingVoltageV) || n >= v.weldingDetectionMax ? 'next' : 'again';
    }
    default:
      return 'next';
  }
}

function evseStops(b: Obj): boolean {
  const st = obj(b.DC_EVSEStatus);
  return st?.EVSENotification === 'StopCharging' || STOP_STATUS.has(String(st?.EVSEStatusCode));
}

function unitProblem(field: string, value: unknown, unit: string): string[] {
  const u = obj(value)?.Unit;
  return u !== undefined && u !== unit ? [`${field}.Unit is ${String(u)}, expected ${unit}`] : [];
}

function checkResponse(response: V2gMessage, request: V2gMessage, state: ProcedureState): string[] {
  const v = vals(state);
  const b = response.body;
  const out: string[] = [];
  const evMaxA = num(pv(v.evMaxCurrentA, 'A')) ?? Infinity;
  const evMaxV = num(pv(v.evMaxVoltageV, 'V')) ?? Infinity;
  switch (response.name) {
    case 'SessionSetupRes':
      if (typeof b.EVSEID !== 'string') out.push('SessionSetupRes has no EVSEID');
      break;
    case 'ServiceDiscoveryRes': {
      const options = (at(b, 'PaymentOptions.PaymentOption') as unknown[] | undefined) ?? [];
      if (!options.includes(v.paymentOption)) out.push(`ServiceDiscoveryRes PaymentOptions [${options.join(', ')}] lacks ${v.paymentOption} (EIM)`);
      const transfer = String(at(b, 'ChargeService.EnergyTransferType'));
      if (!DC_TRANSFER.has(transfer)) out.push(`ServiceDiscoveryRes ChargeService.EnergyTransferType ${transfer} offers no DC charging`);
      break;
    }
    case 'ChargeParameterDiscoveryRes': {
      if (b.EVSEProcessing === 'Ongoing') break;
      const p = obj(b.DC_EVSEChargeParameter);
      if (!p) {
        out.push('ChargeParameterDiscoveryRes (Finished) has no DC_EVSEChargeParameter: no EVSEMaximumCurrentLimit / EVSEMaximumVoltageLimit');
        break;
      }
      for (const [f, u] of [['EVSEMaximumCurrentLimit', 'A'], ['EVSEMaximumVoltageLimit', 'V'], ['EVSEMinimumCurrentLimit', 'A'], ['EVSEMinimumVoltageLimit', 'V']] as const) {
        if (p[f] === undefined) out.push(`ChargeParameterDiscoveryRes DC_EVSEChargeParameter has no ${f}`);
        else out.push(...unitProblem(`DC_EVSEChargeParameter.${f}`, p[f], u));
      }
      const tuples = (at(b, 'SAScheduleList.SAScheduleTuple') as unknown[] | undefined) ?? [];
      if (tuples.length === 0) out.push('ChargeParameterDiscoveryRes (Finished) has no SAScheduleList.SAScheduleTuple');
      break;
    }
    case 'CableCheckRes': {
      const iso = at(b, 'DC_EVSEStatus.EVSEIsolationStatus');
      if (b.EVSEProcessing === 'Finished' && iso !== 'Valid' && iso !== 'Warning') {
        out.push(`CableCheckRes Finished with EVSEIsolationStatus ${iso === undefined ? 'absent' : String(iso)} (expected Valid or Warning)`);
      }
      break;
    }
    case 'PreChargeRes': {
      const present = num(b.EVSEPresentVoltage);
      const target = num(withinEvse(v.targetVoltageV, 'V', state)) ?? 0;
      if (present === undefined) break;
      out.push(...unitProblem('EVSEPresentVoltage', b.EVSEPresentVoltage, 'V'));
      if (present > Math.min(evMaxV, target + v.preChargeToleranceV) + v.limitToleranceV) {
        out.push(`PreChargeRes EVSEPresentVoltage ${present} V overshoots the target ${target} V (EVMaximumVoltageLimit ${evMaxV} V)`);
      }
      const prev = state.vars.dinPreChargeVoltage as number | undefined;
      if (prev !== undefined && Math.abs(target - present) > Math.abs(target - prev) + v.limitToleranceV) {
        out.push(`PreChargeRes EVSEPresentVoltage moves away from the target ${target} V (${prev} V → ${present} V)`);
      }
      break;
    }
    case 'PowerDeliveryRes':
      if (!obj(b.DC_EVSEStatus)) out.push('PowerDeliveryRes has no DC_EVSEStatus');
      break;
    case 'CurrentDemandRes': {
      const a = num(b.EVSEPresentCurrent);
      const volts = num(b.EVSEPresentVoltage);
      out.push(...unitProblem('EVSEPresentCurrent', b.EVSEPresentCurrent, 'A'), ...unitProblem('EVSEPresentVoltage', b.EVSEPresentVoltage, 'V'));
      const reqMaxA = num(request.body.EVMaximumCurrentLimit) ?? evMaxA;
      const reqMaxV = num(request.body.EVMaximumVoltageLimit) ?? evMaxV;
      if (a !== undefined && a > reqMaxA + v.limitToleranceA) out.push(`CurrentDemandRes EVSEPresentCurrent ${a} A is above the EVMaximumCurrentLimit ${reqMaxA} A`);
      if (volts !== undefined && volts > reqMaxV + v.limitToleranceV) out.push(`CurrentDemandRes EVSEPresentVoltage ${volts} V is above the EVMaximumVoltageLimit ${reqMaxV} V`);
      break;
    }
    case 'WeldingDetectionRes': {
      const n = (state.vars.dinWeldings as number | undefined) ?? 0;
      const present = num(b.EVSEPresentVoltage);
      if (n + 1 >= v.weldingDetectionMax && present !== undefined && present > v.weldingVoltageV) {
        out.push(`WeldingDetectionRes EVSEPresentVoltage still ${present} V after ${n + 1} requests (expected ≤ ${v.weldingVoltageV} V)`);
      }
      break;
    }
    default:
      break;
  }
  if (response.name !== 'SessionSetupRes' && response.name.endsWith('Res') && 'DC_EVSEStatus' in b) {
    const st = obj(b.DC_EVSEStatus);
    if (st && typeof st.NotificationMaxDelay !== 'number') out.push(`${response.name} DC_EVSEStatus has no NotificationMaxDelay`);
  }
  return out;
}

/** The harness EVCC's DIN 70121 procedure (DIN has DC only). */
export function createDinEvccProcedure(energy: EnergyMode): EvccProcedure {
  if (energy !== 'DC') throw new Error('DIN SPEC 70121 has no AC charging: run DIN scenarios with @dc');
  return {
    standard: 'din70121',
    energy,
    codec: dinCodec(),
    sequence: SEQUENCE,
    request: buildRequest,
    timer(requestName: string): V2gTimerName {
      if (requestName === 'CurrentDemandReq') return 'evccCurrentDemand';
      if (requestName === 'PowerDeliveryReq') return 'dinPowerDelivery';
      return 'evccMessage';
    },
    loopTimer(requestName: string): V2gTimerName | undefined {
      if (requestName === 'ContractAuthenticationReq' || requestName === 'ChargeParameterDiscoveryReq') return 'evccOngoing';
      if (requestName === 'CableCheckReq') return 'evccCableCheck';
      if (requestName === 'PreChargeReq') return 'evccPreCharge';
      return undefined;
    },
    after: next,
    check: checkResponse,
  };
}
