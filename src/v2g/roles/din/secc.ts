/**
 * The harness SECC's DIN SPEC 70121 procedure (DC, EIM; SUT = EVCC): which request may come next (the DIN SECC
 * state machine), the compliant response built from the EVSE values (values.ts), and the checks of each EVCC
 * request (targets within the EV's own limits, PreCharge current, PowerDelivery only after PreCharge converged …).
 * A request out of sequence is answered FAILED_SequenceError with a schema-valid body.
 *
 * Loops a step can stretch: `state.vars.dinHold[<request name>] = <ms>` keeps answering Ongoing (ContractAuthentication,
 * ChargeParameterDiscovery, CableCheck) or keeps PreCharge short of the target for that long from the first such
 * request (Infinity: until the EVCC gives up).
 */
import { monoUs } from '../../../core/clock';
import type { EnergyMode, V2gMessage } from '../../messages/types';
import { dinCodec } from '../../messages/din';
import type { V2gTimerName } from '../../timers';
import type { ProcedureState, SeccProcedure } from '../procedure';
import { evseValues, num, pv, type DinEvseValues } from './values';

type Obj = Record<string, unknown>;

/** The requests that may follow each accepted request (SessionStop may end the session at any point after SessionSetup). */
const FOLLOWS: Readonly<Record<string, readonly string[]>> = {
  '': ['SessionSetupReq'],
  SessionSetupReq: ['ServiceDiscoveryReq'],
  ServiceDiscoveryReq: ['ServicePaymentSelectionReq'],
  ServicePaymentSelectionReq: ['ContractAuthenticationReq'],
  ContractAuthenticationReq: ['ChargeParameterDiscoveryReq'],
  ChargeParameterDiscoveryReq: ['CableCheckReq'],
  CableCheckReq: ['PreChargeReq'],
  PreChargeReq: ['PreChargeReq', 'PowerDeliveryReq'],
  'PowerDeliveryReq:start': ['CurrentDemandReq', 'PowerDeliveryReq'],
  CurrentDemandReq: ['CurrentDemandReq', 'PowerDeliveryReq'],
  'PowerDeliveryReq:stop': ['WeldingDetectionReq', 'SessionStopReq'],
  WeldingDetectionReq: ['WeldingDetectionReq', 'SessionStopReq'],
  SessionStopReq: [],
};
const LOOPS = new Set(['ContractAuthenticationReq', 'ChargeParameterDiscoveryReq', 'CableCheckReq']);
const DC_TRANSFER = new Set(['DC_core', 'DC_extended', 'DC_combo_core', 'DC_unique']);

function vals(state: ProcedureState): DinEvseValues {
  let v = state.vars.dinEvse as DinEvseValues | undefined;
  if (!v) {
    v = evseValues(state.params.values);
    state.vars.dinEvse = v;
  }
  return v;
}

function obj(x: unknown): Obj | undefined {
  return typeof x === 'object' && x !== null ? (x as Obj) : undefined;
}

function allowedNext(state: ProcedureState): readonly string[] {
  const last = (state.vars.dinLast as string | undefined) ?? '';
  const base = FOLLOWS[last] ?? [];
  return last === '' || last === 'SessionStopReq' || base.includes('SessionStopReq') ? base : [...base, 'SessionStopReq'];
}

function hexId(id: string): string {
  if (/^([0-9a-fA-F]{2})+$/.test(id) && id.length <= 64) return id.toLowerCase();
  return Buffer.from(id, 'utf8').subarray(0, 32).toString('hex');
}

function evseStatus(v: DinEvseValues, state: ProcedureState): Obj {
  const notification = (state.vars.dinNotification as string | undefined) ?? 'None';
  return { EVSEIsolationStatus: v.isolationStatus, EVSEStatusCode: 'EVSE_Ready', NotificationMaxDelay: 0, EVSENotification: notification };
}

/** True while a step asked this loop to go on (Ongoing / PreCharge not converged) or the values say so. */
function holding(name: string, state: ProcedureState, configured: number): boolean {
  const counts = ((state.vars.dinLoopCount as Obj | undefined) ?? {}) as Record<string, number>;
  const n = counts[name] ?? 0;
  counts[name] = n + 1;
  state.vars.dinLoopCount = counts;
  const hold = (state.vars.dinHold as Record<string, number> | undefined)?.[name];
  if (hold !== undefined) {
    const starts = ((state.vars.dinLoopStartUs as Obj | undefined) ?? {}) as Record<string, number>;
    starts[name] ??= monoUs();
    state.vars.dinLoopStartUs = starts;
    return (monoUs() - starts[name]) / 1000 < hold;
  }
  return n < configured;
}

function chargeParameters(v: DinEvseValues, state: ProcedureState): Obj {
  const p: Obj = { DC_EVSEStatus: evseStatus(v, state), EVSEMaximumCurrentLimit: pv(v.evseMaxCurrentA, 'A') };
  if (v.evseMaxPowerW !== undefined) p.EVSEMaximumPowerLimit = pv(v.evseMaxPowerW, 'W');
  p.EVSEMaximumVoltageLimit = pv(v.evseMaxVoltageV, 'V');
  p.EVSEMinimumCurrentLimit = pv(v.evseMinCurrentA, 'A');
  p.EVSEMinimumVoltageLimit = pv(v.evseMinVoltageV, 'V');
  p.EVSEPeakCurrentRipple = pv(v.evsePeakCurrentRippleA, 'A');
  return p;
}

/** A schema-valid body of `name` with `code` (values as the compliant answer would carry them). */
function body(name: string, code: string, request: V2gMessage, state: ProcedureState, ongoing = false): Obj {
  const v = vals(state);
  const status = evseStatus(v, state);
  const presentV = (state.vars.dinPresentV as number | undefined) ?? v.idleVoltageV;
  switch (name) {
    case 'SessionSetupRes':
      return { ResponseCode: code, EVSEID: hexId(state.params.ownId) };
    case 'ServiceDiscoveryRes':
      return {
        ResponseCode: code,
        PaymentOptions: { PaymentOption: v.paymentOptions },
        ChargeService: { ServiceTag: { ServiceID: v.serviceId, ServiceCategory: 'EVCharging' }, FreeService: v.freeService, EnergyTransferType: v.energyTransferType },
      };
    case 'ContractAuthenticationRes':
      return { ResponseCode: code, EVSEProcessing: ongoing ? 'Ongoing' : 'Finished' };
    case 'ChargeParameterDiscoveryRes': {
      const out: Obj = { ResponseCode: code, EVSEProcessing: ongoing ? 'Ongoing' : 'Finished' };
      {
        // SASchedules is required in DIN (also while Ongoing)
        const entry = { RelativeTimeInterval: { start: 0, duration: v.scheduleDurationS }, PMax: v.pMax };
        out.SAScheduleList = { SAScheduleTuple: [{ SAScheduleTupleID: 1, PMaxSchedule: { PMaxScheduleID: 1, PMaxScheduleEntry: [entry] } }] };
      }
      out.DC_EVSEChargeParameter = chargeParameters(v, state);
      return out;
    }
    case 'CableCheckRes':
      return { ResponseCode: code, DC_EVSEStatus: status, EVSEProcessing: ongoing ? 'Ongoing' : 'Finished' };
    case 'PreChargeRes':
    case 'WeldingDetectionRes':
      return { ResponseCode: code, DC_EVSEStatus: status, EVSEPresentVoltage: pv(presentV, 'V') };
    case 'PowerDeliveryRes':
      return { ResponseCode: code, DC_EVSEStatus: status };
    case 'CurrentDemandRes': {
      const maxA = num(pv(v.evseMaxCurrentA, 'A')) ?? Infinity;
      const maxV = num(pv(v.evseMaxVoltageV, 'V')) ?? Infinity;
      const tA = request.body.EVTargetCurrent;
      const tV = request.body.EVTargetVoltage;
      const limitedA = (num(tA) ?? 0) > maxA;
      const limitedV = (num(tV) ?? 0) > maxV;
      return {
        ResponseCode: code,
        DC_EVSEStatus: status,
        EVSEPresentVoltage: limitedV || !obj(tV) ? pv(Math.min(num(tV) ?? 0, maxV), 'V') : tV,
        EVSEPresentCurrent: limitedA || !obj(tA) ? pv(Math.min(num(tA) ?? 0, maxA), 'A') : tA,
        EVSECurrentLimitAchieved: limitedA ? 1 : 0,
        EVSEVoltageLimitAchieved: limitedV ? 1 : 0,
        EVSEPowerLimitAchieved: 0,
      };
    }
    default:
      return { ResponseCode: code };
  }
}

function responseName(requestName: string): string {
  return requestName.endsWith('Req') ? `${requestName.slice(0, -3)}Res` : `${requestName}Res`;
}

function respond(request: V2gMessage, state: ProcedureState): V2gMessage {
  const v = vals(state);
  const name = responseName(request.name);
  if (!allowedNext(state).includes(request.name)) return { name, body: body(name, 'FAILED_SequenceError', request, state) };
  let code = 'OK';
  let ongoing = false;
  const b = request.body;
  switch (request.name) {
    case 'SessionSetupReq':
      code = 'OK_NewSessionEstablished';
      break;
    case 'ServicePaymentSelectionReq': {
      const ids = ((obj(b.SelectedServiceList)?.SelectedService as Obj[] | undefined) ?? []).map((s) => s.ServiceID);
      if (!v.paymentOptions.includes(String(b.SelectedPaymentOption))) code = 'FAILED_PaymentSelectionInvalid';
      else if (!ids.includes(v.serviceId)) code = 'FAILED_ServiceSelectionInvalid';
      break;
    }
    case 'ContractAuthenticationReq':
      ongoing = holding(request.name, state, v.contractAuthenticationOngoing);
      break;
    case 'ChargeParameterDiscoveryReq':
      if (!DC_TRANSFER.has(String(b.EVRequestedEnergyTransferType)) || !obj(b.DC_EVChargeParameter)) code = 'FAILED_WrongEnergyTransferType';
      else ongoing = holding(request.name, state, v.chargeParameterDiscoveryOngoing);
      if (code === 'OK') state.vars.dinEvLimits = b.DC_EVChargeParameter;
      break;
    case 'CableCheckReq':
      ongoing = holding(request.name, state, v.cableCheckOngoing);
      break;
    case 'PreChargeReq': {
      const target = num(b.EVTargetVoltage) ?? 0;
      const held = holding(request.name, state, v.preChargeSteps - 1);
      const k = ((state.vars.dinLoopCount as Record<string, number>).PreChargeReq ?? 1) / Math.max(1, v.preChargeSteps);
      const present = held ? Math.round(v.idleVoltageV + (target - v.idleVoltageV) * Math.min(k, 0.9)) : target;
      state.vars.dinPresentV = present;
      state.vars.dinPreChargeDone = !held;
      break;
    }
    case 'CurrentDemandReq':
      if (state.vars.dinNotification === 'StopCharging') state.vars.dinStopAnswered = Number(state.vars.dinStopAnswered ?? 0) + 1;
      break;
    case 'PowerDeliveryReq':
      state.vars.dinPowerOn = b.ReadyToChargeState === 1 || b.ReadyToChargeState === true;
      if (!state.vars.dinPowerOn) state.vars.dinPresentV = v.idleVoltageV;
      break;
    default:
      break;
  }
  if (code.startsWith('OK')) {
    state.vars.dinLast = request.name === 'PowerDeliveryReq' ? `PowerDeliveryReq:${state.vars.dinPowerOn ? 'start' : 'stop'}` : request.name;
    if (LOOPS.has(request.name) && ongoing) state.vars.dinLast = FOLLOWS_BACK[request.name];
  }
  return { name, body: body(name, code, request, state, ongoing) };
}

/** While a loop is Ongoing, the accepted state stays the one before it (so the same request is allowed again). */
const FOLLOWS_BACK: Readonly<Record<string, string>> = {
  ContractAuthenticationReq: 'ServicePaymentSelectionReq',
  ChargeParameterDiscoveryReq: 'ContractAuthenticationReq',
  CableCheckReq: 'ChargeParameterDiscoveryReq',
};

function limitProblems(request: V2gMessage, state: ProcedureState): string[] {
  const v = vals(state);
  const b = request.body;
  const out: string[] = [];
  const limits = obj(state.vars.dinEvLimits);
  const maxA = num(b.EVMaximumCurrentLimit) ?? num(limits?.EVMaximumCurrentLimit);
  const maxV = num(b.EVMaximumVoltageLimit) ?? num(limits?.EVMaximumVoltageLimit);
  const tA = num(b.EVTargetCurrent);
  const tV = num(b.EVTargetVoltage);
  if (tA !== undefined && maxA !== undefined && tA > maxA) out.push(`${request.name} EVTargetCurrent ${tA} A is above the EVMaximumCurrentLimit ${maxA} A`);
  if (tV !== undefined && maxV !== undefined && tV > maxV) out.push(`${request.name} EVTargetVoltage ${tV} V is above the EVMaximumVoltageLimit ${maxV} V`);
  if (request.name === 'PreChargeReq' && tA !== undefined && tA > v.preChargeMaxCurrentA) {
    out.push(`PreChargeReq EVTargetCurrent ${tA} A is above the ${v.preChargeMaxCurrentA} A a PreCharge may ask (IEC 61851-23)`);
  }
  return out;
}

function checkRequest(request: V2gMessage, state: ProcedureState): string[] {
  const v = vals(state);
  const b = request.body;
  const out = limitProblems(request, state);
  switch (request.name) {
    case 'SessionSetupReq':
      if (typeof b.EVCCID !== 'string' || b.EVCCID.length === 0) out.push('SessionSetupReq has no EVCCID');
      break;
    case 'ChargeParameterDiscoveryReq':
      if (!DC_TRANSFER.has(String(b.EVRequestedEnergyTransferType))) out.push(`ChargeParameterDiscoveryReq EVRequestedEnergyTransferType ${String(b.EVRequestedEnergyTransferType)} is not DC`);
      if (!obj(b.DC_EVChargeParameter)) out.push('ChargeParameterDiscoveryReq has no DC_EVChargeParameter');
      break;
    case 'PowerDeliveryReq': {
      const start = b.ReadyToChargeState === 1 || b.ReadyToChargeState === true;
      if (!obj(b.DC_EVPowerDeliveryParameter)) out.push('PowerDeliveryReq has no DC_EVPowerDeliveryParameter');
      if (start && state.vars.dinLast === 'PreChargeReq' && state.vars.dinPreChargeDone !== true) {
        const present = state.vars.dinPresentV as number;
        out.push(`PowerDeliveryReq(ReadyToChargeState=true) before PreCharge converged (EVSEPresentVoltage was ${present} V, tolerance ${v.preChargeToleranceV} V)`);
      }
      break;
    }
    case 'CurrentDemandReq':
      if (state.vars.dinNotification === 'StopCharging' && Number(state.vars.dinStopAnswered ?? 0) >= 1) {
        out.push('CurrentDemandReq after the SECC asked to stop (EVSENotification StopCharging): expected PowerDeliveryReq(ReadyToChargeState=false)');
      }
      break;
    default:
      break;
  }
  return out;
}

/** The harness SECC's DIN 70121 procedure (DIN has DC only). */
export function createDinSeccProcedure(energy: EnergyMode): SeccProcedure {
  if (energy !== 'DC') throw new Error('DIN SPEC 70121 has no AC charging: run DIN scenarios with @dc');
  return {
    standard: 'din70121',
    energy,
    codec: dinCodec(),
    allowed: allowedNext,
    respond,
    timer(requestName: string): V2gTimerName {
      if (requestName === 'CurrentDemandReq') return 'seccCurrentDemand';
      return 'seccPerformance';
    },
    loopTimer(requestName: string): V2gTimerName | undefined {
      if (requestName === 'ContractAuthenticationReq' || requestName === 'ChargeParameterDiscoveryReq') return 'seccOngoing';
      if (requestName === 'CableCheckReq') return 'seccCableCheck';
      if (requestName === 'PreChargeReq') return 'seccPreCharge';
      return undefined;
    },
    check: checkRequest,
    finalRequest: 'SessionStopReq',
  };
}
