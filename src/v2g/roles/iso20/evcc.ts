/**
 * The harness EVCC's ISO 15118-20 procedure (DC or AC, EIM, Scheduled control mode; SUT = SECC): the request
 * sequence of a full session, compliant requests built from the EV values (values.ts), what comes next after
 * each response (Authorization / ScheduleExchange / CableCheck Ongoing, PreCharge until converged, the charge
 * loop ×N), and the checks of each response beyond the driver's (schema, session id, name, response code).
 */
import { iso20Codec } from '../../messages/iso20';
import type { EnergyMode, V2gMessage } from '../../messages/types';
import type { V2gTimerName } from '../../timers';
import type { EvccProcedure, NextStep, ProcedureState } from '../procedure';
import { EVSE_ID, obj, rn, rv, SERVICE_ID, vals, type Iso20Values, type Obj } from './values';

const COMMON_START = ['SessionSetupReq', 'AuthorizationSetupReq', 'AuthorizationReq', 'ServiceDiscoveryReq', 'ServiceSelectionReq'];
const DC_SEQUENCE = [
  ...COMMON_START, 'DC_ChargeParameterDiscoveryReq', 'ScheduleExchangeReq', 'DC_CableCheckReq', 'DC_PreChargeReq',
  'PowerDeliveryReq', 'DC_ChargeLoopReq', 'PowerDeliveryReq', 'DC_WeldingDetectionReq', 'SessionStopReq',
];
const AC_SEQUENCE = [...COMMON_START, 'AC_ChargeParameterDiscoveryReq', 'ScheduleExchangeReq', 'PowerDeliveryReq', 'AC_ChargeLoopReq', 'PowerDeliveryReq', 'SessionStopReq'];

function started(state: ProcedureState): boolean {
  return state.vars.iso20Started === true;
}

function serviceId(energy: EnergyMode): number {
  return energy === 'DC' ? SERVICE_ID.DC : SERVICE_ID.AC;
}

function buildRequest(energy: EnergyMode, name: string, state: ProcedureState): V2gMessage {
  const v = vals(state);
  switch (name) {
    case 'SessionSetupReq':
      return { name, body: { EVCCID: state.params.ownId } };
    case 'AuthorizationSetupReq':
    case 'DC_CableCheckReq':
      return { name, body: {} };
    case 'AuthorizationReq':
      return { name, body: { SelectedAuthorizationService: 'EIM', EIM_AReqAuthorizationMode: {} } };
    case 'ServiceDiscoveryReq':
      return { name, body: {} };
    case 'ServiceDetailReq':
      return { name, body: { ServiceID: serviceId(energy) } };
    case 'ServiceSelectionReq':
      return { name, body: { SelectedEnergyTransferService: { ServiceID: serviceId(energy), ParameterSetID: parameterSetId(state) } } };
    case 'DC_ChargeParameterDiscoveryReq':
      return { name, body: { DC_CPDReqEnergyTransferMode: {
        EVMaximumChargePower: rn(v.evMaxPowerW), EVMinimumChargePower: rn(v.evMinPowerW),
        EVMaximumChargeCurrent: rn(v.evMaxCurrentA), EVMinimumChargeCurrent: rn(v.evMinCurrentA),
        EVMaximumVoltage: rn(v.evMaxVoltageV), EVMinimumVoltage: rn(v.evMinVoltageV) } } };
    case 'AC_ChargeParameterDiscoveryReq':
      return { name, body: { AC_CPDReqEnergyTransferMode: { EVMaximumChargePower: rn(v.evAcMaxPowerW), EVMinimumChargePower: rn(v.evAcMinPowerW) } } };
    case 'ScheduleExchangeReq':
      return { name, body: { MaximumSupportingPoints: v.maxSupportingPoints, Scheduled_SEReqControlMode: {} } };
    case 'DC_PreChargeReq': {
      const present = (state.vars.iso20PreChargeV as number | undefined) ?? 0;
      return { name, body: { EVProcessing: 'Ongoing', EVPresentVoltage: rn(present), EVTargetVoltage: rn(v.evTargetVoltageV) } };
    }
    case 'PowerDeliveryReq': {
      const body: Obj = { EVProcessing: 'Finished', ChargeProgress: started(state) ? 'Stop' : 'Start' };
      return { name, body };
    }
    case 'DC_ChargeLoopReq':
      return { name, body: { MeterInfoRequested: 0, EVPresentVoltage: rn(v.evTargetVoltageV), Scheduled_DC_CLReqControlMode: {
        EVTargetCurrent: rn(Math.min(v.evTargetCurrentA, v.evMaxCurrentA)), EVTargetVoltage: rn(v.evTargetVoltageV) } } };
    case 'AC_ChargeLoopReq':
      return { name, body: { MeterInfoRequested: 0, Scheduled_AC_CLReqControlMode: {
        EVMaximumChargePower: rn(v.evAcMaxPowerW), EVPresentActivePower: rn(acDrawW(state, v)) } } };
    case 'DC_WeldingDetectionReq':
      return { name, body: { EVProcessing: 'Finished' } };
    case 'SessionStopReq':
      return { name, body: { ChargingSession: 'Terminate' } };
    default:
      throw new Error(`the harness -20 EVCC has no ${name} (${energy} EIM requests: ${[...new Set(energy === 'DC' ? DC_SEQUENCE : AC_SEQUENCE), 'ServiceDetailReq'].join(', ')})`);
  }
}

/** The power the EV draws in the AC loop: what the SECC last set as target, never above its own maximum. */
function acDrawW(state: ProcedureState, v: Iso20Values): number {
  const target = state.vars.iso20AcTargetW as number | undefined;
  return Math.min(target ?? 0, v.evAcMaxPowerW);
}

function parameterSetId(state: ProcedureState): number {
  const sets = obj(state.seen.get('ServiceDetailRes')?.body['ServiceParameterList'])?.['ParameterSet'];
  const first = Array.isArray(sets) ? obj(sets[0]) : undefined;
  return typeof first?.['ParameterSetID'] === 'number' ? first['ParameterSetID'] : 1;
}

function after(energy: EnergyMode, response: V2gMessage, request: V2gMessage, state: ProcedureState): NextStep {
  const v = vals(state);
  const b = response.body;
  const code = String(b['ResponseCode'] ?? '');
  state.seen.set(response.name, response);
  if (response.name === 'SessionStopRes') return 'stop';
  if (code.startsWith('FAILED')) return 'stop';
  switch (response.name) {
    case 'AuthorizationRes':
    case 'ScheduleExchangeRes':
    case 'DC_CableCheckRes':
      return b['EVSEProcessing'] === 'Finished' ? 'next' : 'again';
    case 'DC_ChargeParameterDiscoveryRes':
    case 'AC_ChargeParameterDiscoveryRes':
      state.vars.iso20Evse = obj(b['DC_CPDResEnergyTransferMode']) ?? obj(b['AC_CPDResEnergyTransferMode']) ?? {};
      return 'next';
    case 'DC_PreChargeRes': {
      const present = rv(b['EVSEPresentVoltage']);
      state.vars.iso20PreChargeV = present ?? 0;
      return present !== undefined && Math.abs(present - v.evTargetVoltageV) <= v.preChargeToleranceV ? 'next' : 'again';
    }
    case 'PowerDeliveryRes':
      state.vars.iso20Started = request.body['ChargeProgress'] === 'Start';
      return 'next';
    case 'DC_ChargeLoopRes':
    case 'AC_ChargeLoopRes': {
      const target = rv(obj(b['Scheduled_AC_CLResControlMode'])?.['EVSETargetActivePower']);
      if (target !== undefined) state.vars.iso20AcTargetW = target;
      const n = ((state.vars.iso20Loops as number | undefined) ?? 0) + 1;
      state.vars.iso20Loops = n;
      const notification = obj(b['EVSEStatus'])?.['EVSENotification'];
      if (notification === 'Terminate' || notification === 'Pause') return 'next';
      return n >= v.chargeLoops ? 'next' : 'again';
    }
    default:
      void energy;
      return 'next';
  }
}

function over(actual: number | undefined, limit: number, v: Iso20Values, abs: number): boolean {
  return actual !== undefined && actual > limit + Math.max(abs, (limit * v.tolerancePct) / 100);
}

function check(energy: EnergyMode, response: V2gMessage, request: V2gMessage, state: ProcedureState): string[] {
  const v = vals(state);
  const b = response.body;
  const out: string[] = [];
  switch (response.name) {
    case 'SessionSetupRes':
      if (typeof b['EVSEID'] !== 'string' || !EVSE_ID.test(b['EVSEID'])) out.push(`SessionSetupRes EVSEID '${String(b['EVSEID'])}' is not an EVSE id (e.g. DE*ABC*E123456*1, or ZZ00000)`);
      if (b['ResponseCode'] !== 'OK_NewSessionEstablished') out.push(`SessionSetupRes to a new session (SessionID 0) answers ${String(b['ResponseCode'])}, not OK_NewSessionEstablished`);
      break;
    case 'AuthorizationSetupRes': {
      const services = (b['AuthorizationServices'] as unknown[] | undefined) ?? [];
      if (!services.includes('EIM')) out.push(`AuthorizationSetupRes AuthorizationServices [${services.join(', ')}] lacks EIM`);
      break;
    }
    case 'ServiceDiscoveryRes': {
      const list = (obj(b['EnergyTransferServiceList'])?.['Service'] as Obj[] | undefined) ?? [];
      const ids = list.map((s) => Number(s['ServiceID']));
      if (!ids.includes(serviceId(energy))) out.push(`ServiceDiscoveryRes EnergyTransferServiceList [${ids.join(', ')}] lacks the ${energy} service (ServiceID ${serviceId(energy)})`);
      break;
    }
    case 'ServiceDetailRes':
      if (Number(b['ServiceID']) !== Number(request.body['ServiceID'])) out.push(`ServiceDetailRes is about ServiceID ${String(b['ServiceID'])}, the request asked for ${String(request.body['ServiceID'])}`);
      break;
    case 'DC_ChargeParameterDiscoveryRes':
    case 'AC_ChargeParameterDiscoveryRes': {
      const mode = energy === 'DC' ? 'DC_CPDResEnergyTransferMode' : 'AC_CPDResEnergyTransferMode';
      const m = obj(b[mode]);
      if (!m) {
        out.push(`${response.name} has no ${mode}`);
        break;
      }
      const pairs: [string, string][] = energy === 'DC'
        ? [['EVSEMinimumChargeCurrent', 'EVSEMaximumChargeCurrent'], ['EVSEMinimumVoltage', 'EVSEMaximumVoltage'], ['EVSEMinimumChargePower', 'EVSEMaximumChargePower']]
        : [['EVSEMinimumChargePower', 'EVSEMaximumChargePower']];
      for (const [lo, hi] of pairs) {
        const a = rv(m[lo]);
        const z = rv(m[hi]);
        if (a !== undefined && z !== undefined && a > z) out.push(`${response.name} ${lo} ${a} is above ${hi} ${z}`);
      }
      break;
    }
    case 'ScheduleExchangeRes':
      if (b['EVSEProcessing'] === 'Finished') {
        const tuples = (obj(b['Scheduled_SEResControlMode'])?.['ScheduleTuple'] as unknown[] | undefined) ?? [];
        if (tuples.length === 0) out.push('ScheduleExchangeRes (Finished) to a Scheduled request has no Scheduled_SEResControlMode.ScheduleTuple');
      }
      break;
    case 'DC_PreChargeRes': {
      const present = rv(b['EVSEPresentVoltage']);
      if (over(present, Math.min(v.evMaxVoltageV, v.evTargetVoltageV + v.preChargeToleranceV), v, v.toleranceV)) {
        out.push(`DC_PreChargeRes EVSEPresentVoltage ${present} V overshoots the EV's target ${v.evTargetVoltageV} V (EVMaximumVoltage ${v.evMaxVoltageV} V)`);
      }
      break;
    }
    case 'DC_ChargeLoopRes': {
      const a = rv(b['EVSEPresentCurrent']);
      const volts = rv(b['EVSEPresentVoltage']);
      if (over(a, v.evMaxCurrentA, v, v.toleranceA)) out.push(`DC_ChargeLoopRes EVSEPresentCurrent ${a} A is above the EV's EVMaximumChargeCurrent ${v.evMaxCurrentA} A`);
      const target = rv(obj(request.body['Scheduled_DC_CLReqControlMode'])?.['EVTargetCurrent']);
      if (target !== undefined && over(a, target, v, v.toleranceA)) out.push(`DC_ChargeLoopRes EVSEPresentCurrent ${a} A is above the EVTargetCurrent ${target} A`);
      if (over(volts, v.evMaxVoltageV, v, v.toleranceV)) out.push(`DC_ChargeLoopRes EVSEPresentVoltage ${volts} V is above the EV's EVMaximumVoltage ${v.evMaxVoltageV} V`);
      break;
    }
    case 'AC_ChargeLoopRes': {
      const p = rv(obj(b['Scheduled_AC_CLResControlMode'])?.['EVSETargetActivePower']);
      if (over(p, v.evAcMaxPowerW, v, 0)) out.push(`AC_ChargeLoopRes EVSETargetActivePower ${p} W is above the EV's EVMaximumChargePower ${v.evAcMaxPowerW} W`);
      break;
    }
    default:
      break;
  }
  return out;
}

/** The harness EVCC's ISO 15118-20 procedure for DC or AC (EIM, Scheduled). */
export function createIso20EvccProcedure(energy: EnergyMode): EvccProcedure {
  return {
    standard: 'iso15118-20',
    energy,
    codec: iso20Codec(energy),
    sequence: energy === 'DC' ? DC_SEQUENCE : AC_SEQUENCE,
    request: (name, state) => buildRequest(energy, name, state),
    timer(requestName: string): V2gTimerName {
      if (/_ChargeLoopReq$/.test(requestName)) return 'evccChargeLoop20';
      if (requestName === 'ServiceDetailReq' || requestName === 'CertificateInstallationReq') return 'evccMessageLong';
      return 'evccMessage';
    },
    loopTimer(requestName: string): V2gTimerName | undefined {
      if (requestName === 'AuthorizationReq' || requestName === 'ScheduleExchangeReq') return 'evccOngoing';
      if (requestName === 'DC_CableCheckReq') return 'evccCableCheck';
      if (requestName === 'DC_PreChargeReq') return 'preCharge20';
      return undefined;
    },
    after: (response, request, state) => after(energy, response, request, state),
    check: (response, request, state) => check(energy, response, request, state),
  };
}
