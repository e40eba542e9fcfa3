/**
 * The harness SECC's ISO 15118-20 procedure (DC or AC, EIM, Scheduled control mode; SUT = EVCC): which
 * requests may come next, the compliant response to each (EVSE values from values.ts), and the checks of each
 * EVCC request (selected services and authorization were offered, targets within the EV's own and the EVSE's
 * limits, the ChargeParameterDiscovery of the selected energy kind, …).
 */
import { iso20Codec } from '../../messages/iso20';
import type { EnergyMode, V2gMessage } from '../../messages/types';
import type { V2gTimerName } from '../../timers';
import type { ProcedureState, SeccProcedure } from '../procedure';
import { iso20Allowed, obj, rn, rv, SERVICE_ID, vals, type Iso20Values, type Obj } from './values';

interface SeccVars {
  last: string;
  lastProcessing: string;
  started: boolean;
  offered: number[];
  evDc?: Obj;
  evAc?: Obj;
}

function sv(state: ProcedureState): SeccVars {
  let x = state.vars.iso20Secc as SeccVars | undefined;
  if (!x) {
    x = { last: '', lastProcessing: 'Finished', started: false, offered: [] };
    state.vars.iso20Secc = x;
  }
  return x;
}

function serviceId(energy: EnergyMode): number {
  return energy === 'DC' ? SERVICE_ID.DC : SERVICE_ID.AC;
}

function respond(energy: EnergyMode, request: V2gMessage, state: ProcedureState): V2gMessage {
  const v = vals(state);
  const x = sv(state);
  const name = `${request.name.slice(0, -3)}Res`;
  const OK = { ResponseCode: 'OK' };
  let body: Obj;
  switch (request.name) {
    case 'SessionSetupReq':
      body = { ResponseCode: 'OK_NewSessionEstablished', EVSEID: state.params.ownId };
      break;
    case 'AuthorizationSetupReq':
      body = { ...OK, AuthorizationServices: ['EIM'], CertificateInstallationService: 0, EIM_ASResAuthorizationMode: {} };
      break;
    case 'AuthorizationReq':
      body = { ...OK, EVSEProcessing: 'Finished' };
      break;
    case 'ServiceDiscoveryReq':
      x.offered = [serviceId(energy)];
      body = { ...OK, ServiceRenegotiationSupported: 0, EnergyTransferServiceList: { Service: x.offered.map((id) => ({ ServiceID: id, FreeService: 0 })) } };
      break;
    case 'ServiceDetailReq': {
      const id = Number(request.body['ServiceID']);
      body = { ...(x.offered.includes(id) ? OK : { ResponseCode: 'FAILED_ServiceIDInvalid' }), ServiceID: Number.isFinite(id) ? id : serviceId(energy),
        ServiceParameterList: { ParameterSet: [{ ParameterSetID: 1, Parameter: serviceParameters(energy) }] } };
      break;
    }
    case 'ServiceSelectionReq': {
      const id = Number(obj(request.body['SelectedEnergyTransferService'])?.['ServiceID']);
      body = x.offered.includes(id) ? { ...OK } : { ResponseCode: 'FAILED_ServiceSelectionInvalid' };
      break;
    }
    case 'DC_ChargeParameterDiscoveryReq':
      x.evDc = obj(request.body['DC_CPDReqEnergyTransferMode']);
      body = { ...OK, DC_CPDResEnergyTransferMode: dcLimits(v) };
      break;
    case 'AC_ChargeParameterDiscoveryReq':
      x.evAc = obj(request.body['AC_CPDReqEnergyTransferMode']);
      body = { ...OK, AC_CPDResEnergyTransferMode: { EVSEMaximumChargePower: rn(v.evseAcMaxPowerW), EVSEMinimumChargePower: rn(v.evseAcMinPowerW),
        EVSENominalFrequency: rn(v.evseNominalFrequencyHz) } };
      break;
    case 'ScheduleExchangeReq':
      body = { ...OK, EVSEProcessing: 'Finished', Scheduled_SEResControlMode: { ScheduleTuple: [{ ScheduleTupleID: 1, ChargingSchedule: { PowerSchedule: {
        TimeAnchor: Math.floor(Date.now() / 1000),
        PowerScheduleEntries: { PowerScheduleEntry: [{ Duration: 86_400, Power: rn(energy === 'DC' ? v.evseMaxPowerW : v.evseAcMaxPowerW) }] } } } }] } };
      break;
    case 'DC_CableCheckReq':
      body = { ...OK, EVSEProcessing: 'Finished' };
      break;
    case 'DC_PreChargeReq': {
      // a step may hold the present voltage (an EVSE whose PreCharge does not converge)
      const held = state.vars.iso20HoldPreChargeV;
      body = { ...OK, EVSEPresentVoltage: rn(typeof held === 'number' ? held : (rv(request.body['EVTargetVoltage']) ?? 0)) };
      break;
    }
    case 'PowerDeliveryReq':
      body = { ...OK };
      break;
    case 'DC_ChargeLoopReq': {
      const mode = obj(request.body['Scheduled_DC_CLReqControlMode']) ?? obj(request.body['Dynamic_DC_CLReqControlMode']) ?? {};
      const target = rv(mode['EVTargetCurrent']) ?? 0;
      const current = x.started ? Math.max(0, Math.min(target, v.evseMaxCurrentA)) : 0;
      body = { ...OK, EVSEPresentCurrent: rn(current), EVSEPresentVoltage: rn(rv(mode['EVTargetVoltage']) ?? rv(request.body['EVPresentVoltage']) ?? 0),
        EVSEPowerLimitAchieved: 0, EVSECurrentLimitAchieved: target > v.evseMaxCurrentA ? 1 : 0, EVSEVoltageLimitAchieved: 0, Scheduled_DC_CLResControlMode: {} };
      break;
    }
    case 'AC_ChargeLoopReq': {
      const evMax = rv(x.evAc?.['EVMaximumChargePower']) ?? v.evseAcMaxPowerW;
      body = { ...OK, Scheduled_AC_CLResControlMode: { EVSETargetActivePower: rn(Math.min(evMax, v.evseAcMaxPowerW)) } };
      break;
    }
    case 'DC_WeldingDetectionReq':
      body = { ...OK, EVSEPresentVoltage: rn(0) };
      break;
    case 'SessionStopReq':
      body = { ...OK };
      break;
    default:
      throw new Error(`the harness -20 SECC has no answer to ${request.name}`);
  }
  if (!String(body['ResponseCode']).startsWith('FAILED')) {
    x.last = request.name;
    x.lastProcessing = String(body['EVSEProcessing'] ?? 'Finished');
    if (request.name === 'PowerDeliveryReq') x.started = request.body['ChargeProgress'] === 'Start';
  }
  return { name, body };
}

function dcLimits(v: Iso20Values): Obj {
  return {
    EVSEMaximumChargePower: rn(v.evseMaxPowerW), EVSEMinimumChargePower: rn(v.evseMinPowerW),
    EVSEMaximumChargeCurrent: rn(v.evseMaxCurrentA), EVSEMinimumChargeCurrent: rn(v.evseMinCurrentA),
    EVSEMaximumVoltage: rn(v.evseMaxVoltageV), EVSEMinimumVoltage: rn(v.evseMinVoltageV),
  };
}

function serviceParameters(energy: EnergyMode): Obj[] {
  return [
    { Name: 'Connector', intValue: 2 },
    { Name: 'ControlMode', intValue: 1 },
    ...(energy === 'AC' ? [{ Name: 'EVSENominalVoltage', intValue: 230 }] : []),
    { Name: 'MobilityNeedsMode', intValue: 1 },
    { Name: 'Pricing', intValue: 0 },
  ];
}

function over(actual: number | undefined, limit: number | undefined, v: Iso20Values, abs: number): boolean {
  return actual !== undefined && limit !== undefined && actual > limit + Math.max(abs, (limit * v.tolerancePct) / 100);
}

function check(energy: EnergyMode, request: V2gMessage, state: ProcedureState): string[] {
  const v = vals(state);
  const x = sv(state);
  const b = request.body;
  const out: string[] = [];
  switch (request.name) {
    case 'SessionSetupReq':
      if (typeof b['EVCCID'] !== 'string' || b['EVCCID'].length === 0) out.push('SessionSetupReq has no EVCCID');
      break;
    case 'AuthorizationReq':
      if (b['SelectedAuthorizationService'] !== 'EIM') out.push(`AuthorizationReq selects ${String(b['SelectedAuthorizationService'])}, the SECC offered only EIM`);
      else if (!obj(b['EIM_AReqAuthorizationMode'])) out.push('AuthorizationReq selects EIM without EIM_AReqAuthorizationMode');
      break;
    case 'ServiceSelectionReq': {
      const id = Number(obj(b['SelectedEnergyTransferService'])?.['ServiceID']);
      if (!x.offered.includes(id)) out.push(`ServiceSelectionReq selects ServiceID ${id}, the SECC offered [${x.offered.join(', ')}]`);
      break;
    }
    case 'DC_ChargeParameterDiscoveryReq':
    case 'AC_ChargeParameterDiscoveryReq': {
      const kind = request.name.startsWith('DC_') ? 'DC' : 'AC';
      if (kind !== energy) out.push(`${request.name} after selecting the ${energy} service`);
      const m = obj(b[`${kind}_CPDReqEnergyTransferMode`]);
      const pairs = kind === 'DC' ? [['EVMinimumChargeCurrent', 'EVMaximumChargeCurrent'], ['EVMinimumVoltage', 'EVMaximumVoltage']] : [['EVMinimumChargePower', 'EVMaximumChargePower']];
      for (const [lo, hi] of pairs) {
        const a = rv(m?.[lo]);
        const z = rv(m?.[hi]);
        if (a !== undefined && z !== undefined && a > z) out.push(`${request.name} ${lo} ${a} is above ${hi} ${z}`);
      }
      break;
    }
    case 'ScheduleExchangeReq': {
      const n = Number(b['MaximumSupportingPoints']);
      if (!(n >= 12 && n <= 1024)) out.push(`ScheduleExchangeReq MaximumSupportingPoints ${String(b['MaximumSupportingPoints'])} is outside 12..1024`);
      if (!obj(b['Scheduled_SEReqControlMode'])) out.push('ScheduleExchangeReq has no Scheduled_SEReqControlMode (the SECC offered ControlMode Scheduled)');
      break;
    }
    case 'DC_PreChargeReq': {
      const target = rv(b['EVTargetVoltage']);
      if (over(target, rv(x.evDc?.['EVMaximumVoltage']), v, v.toleranceV)) out.push(`DC_PreChargeReq EVTargetVoltage ${target} V is above the EV's own EVMaximumVoltage ${rv(x.evDc?.['EVMaximumVoltage'])} V`);
      if (over(target, v.evseMaxVoltageV, v, v.toleranceV)) out.push(`DC_PreChargeReq EVTargetVoltage ${target} V is above the EVSEMaximumVoltage ${v.evseMaxVoltageV} V`);
      break;
    }
    case 'DC_ChargeLoopReq': {
      const mode = obj(b['Scheduled_DC_CLReqControlMode']);
      if (!mode) {
        out.push('DC_ChargeLoopReq has no Scheduled_DC_CLReqControlMode (the session is Scheduled)');
        break;
      }
      const a = rv(mode['EVTargetCurrent']);
      const evMax = rv(x.evDc?.['EVMaximumChargeCurrent']);
      if (over(a, evMax, v, v.toleranceA)) out.push(`DC_ChargeLoopReq EVTargetCurrent ${a} A is above the EV's own EVMaximumChargeCurrent ${evMax} A`);
      if (over(a, v.evseMaxCurrentA, v, v.toleranceA)) out.push(`DC_ChargeLoopReq EVTargetCurrent ${a} A is above the EVSEMaximumChargeCurrent ${v.evseMaxCurrentA} A`);
      const volts = rv(mode['EVTargetVoltage']);
      if (over(volts, rv(x.evDc?.['EVMaximumVoltage']), v, v.toleranceV)) out.push(`DC_ChargeLoopReq EVTargetVoltage ${volts} V is above the EV's own EVMaximumVoltage`);
      break;
    }
    case 'AC_ChargeLoopReq': {
      const mode = obj(b['Scheduled_AC_CLReqControlMode']);
      if (!mode) {
        out.push('AC_ChargeLoopReq has no Scheduled_AC_CLReqControlMode (the session is Scheduled)');
        break;
      }
      const p = rv(mode['EVPresentActivePower']);
      const evMax = rv(x.evAc?.['EVMaximumChargePower']);
      if (over(p, evMax, v, 0)) out.push(`AC_ChargeLoopReq EVPresentActivePower ${p} W is above the EV's own EVMaximumChargePower ${evMax} W`);
      if (over(p, v.evseAcMaxPowerW, v, 0)) out.push(`AC_ChargeLoopReq EVPresentActivePower ${p} W is above the EVSEMaximumChargePower ${v.evseAcMaxPowerW} W`);
      break;
    }
    case 'SessionStopReq':
      if (!['Terminate', 'Pause', 'ServiceRenegotiation'].includes(String(b['ChargingSession']))) out.push(`SessionStopReq ChargingSession ${String(b['ChargingSession'])}`);
      break;
    default:
      break;
  }
  return out;
}

/** The harness SECC's ISO 15118-20 procedure for DC or AC (EIM, Scheduled). */
export function createIso20SeccProcedure(energy: EnergyMode): SeccProcedure {
  return {
    standard: 'iso15118-20',
    energy,
    codec: iso20Codec(energy),
    allowed: (state) => {
      const x = sv(state);
      return iso20Allowed(x.last, x.lastProcessing, energy === 'DC', x.started);
    },
    respond: (request, state) => respond(energy, request, state),
    timer(requestName: string): V2gTimerName {
      if (/_ChargeLoopReq$/.test(requestName)) return 'seccChargeLoop20';
      if (requestName === 'ServiceDetailReq' || requestName === 'CertificateInstallationReq') return 'seccPerformanceLong';
      return 'seccPerformance';
    },
    loopTimer(requestName: string): V2gTimerName | undefined {
      if (requestName === 'AuthorizationReq' || requestName === 'ScheduleExchangeReq') return 'seccOngoing';
      if (requestName === 'DC_CableCheckReq') return 'seccCableCheck';
      if (requestName === 'DC_PreChargeReq') return 'preCharge20';
      return undefined;
    },
    check: (request, state) => check(energy, request, state),
    finalRequest: 'SessionStopReq',
  };
}
