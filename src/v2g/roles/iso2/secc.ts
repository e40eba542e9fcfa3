/**
 * The harness SECC's ISO 15118-2 procedure (SUT = EVCC), EIM, AC and DC: which request may come next
 * (anything else is answered FAILED_SequenceError by the driver), the compliant response to each (with an
 * SAScheduleList from the EVSE values of the session params), and what is wrong with an EVCC request
 * (secc-checks.ts). State kept in `state.vars`: the last accepted request, what was offered, the schedule.
 */
import { iso2Codec } from '../../messages/iso2';
import type { EnergyMode, V2gMessage } from '../../messages/types';
import type { ProcedureState, SeccProcedure } from '../procedure';
import { AC_MODES, arr, DC_MODES, evsePMax, num, offeredModes, offeredPayments, pv, pvValue, rec, seccTimer } from './common';
import { checkIso2Request } from './secc-checks';
import { checkPncRequest, pncSeccRespond } from './pnc';
import { certSeccRespond, checkCertRequest, withCertService } from './cert-provisioning-secc';

const AFTER: Readonly<Record<string, readonly string[]>> = {
  '': ['SessionSetupReq'],
  SessionSetupReq: ['ServiceDiscoveryReq', 'SessionStopReq'],
  ServiceDiscoveryReq: ['ServiceDetailReq', 'PaymentServiceSelectionReq', 'SessionStopReq'],
  ServiceDetailReq: ['ServiceDetailReq', 'PaymentServiceSelectionReq', 'SessionStopReq'],
  PaymentServiceSelectionReq: ['AuthorizationReq', 'PaymentDetailsReq', 'CertificateInstallationReq', 'CertificateUpdateReq', 'SessionStopReq'],
  PaymentDetailsReq: ['AuthorizationReq', 'SessionStopReq'],
  CertificateInstallationReq: ['PaymentDetailsReq', 'SessionStopReq'],
  CertificateUpdateReq: ['PaymentDetailsReq', 'SessionStopReq'],
  AuthorizationReq: ['AuthorizationReq', 'ChargeParameterDiscoveryReq', 'SessionStopReq'],
  CableCheckReq: ['CableCheckReq', 'PreChargeReq', 'SessionStopReq'],
  PreChargeReq: ['PreChargeReq', 'PowerDeliveryReq', 'SessionStopReq'],
  WeldingDetectionReq: ['WeldingDetectionReq', 'SessionStopReq'],
  SessionStopReq: [],
};

function allowedNext(energy: EnergyMode, state: ProcedureState): readonly string[] {
  const last = typeof state.vars.last === 'string' ? state.vars.last : '';
  const charging = state.vars.charging === true;
  switch (last) {
    case 'ChargeParameterDiscoveryReq':
      return ['ChargeParameterDiscoveryReq', energy === 'AC' ? 'PowerDeliveryReq' : 'CableCheckReq', 'SessionStopReq'];
    case 'PowerDeliveryReq':
      if (charging) return energy === 'AC' ? ['ChargingStatusReq', 'PowerDeliveryReq'] : ['CurrentDemandReq', 'PowerDeliveryReq'];
      return energy === 'AC' ? ['SessionStopReq', 'ChargeParameterDiscoveryReq'] : ['WeldingDetectionReq', 'SessionStopReq', 'ChargeParameterDiscoveryReq'];
    case 'ChargingStatusReq':
      return ['ChargingStatusReq', 'MeteringReceiptReq', 'PowerDeliveryReq'];
    case 'CurrentDemandReq':
      return ['CurrentDemandReq', 'MeteringReceiptReq', 'PowerDeliveryReq'];
    case 'MeteringReceiptReq':
      return energy === 'AC' ? ['ChargingStatusReq', 'PowerDeliveryReq'] : ['CurrentDemandReq', 'PowerDeliveryReq'];
    default:
      return AFTER[last] ?? [];
  }
}

function acStatus(): Record<string, unknown> {
  return { NotificationMaxDelay: 0, EVSENotification: 'None', RCD: false };
}

function dcStatus(isolation = 'Valid'): Record<string, unknown> {
  return { NotificationMaxDelay: 0, EVSENotification: 'None', EVSEIsolationStatus: isolation, EVSEStatusCode: 'EVSE_Ready' };
}

function schedule(energy: EnergyMode, state: ProcedureState): Record<string, unknown> {
  const entry = { RelativeTimeInterval: { start: 0, duration: 86_400 }, PMax: pv(evsePMax(energy, state), 'W') };
  return { SAScheduleTuple: [{ SAScheduleTupleID: 1, PMaxSchedule: { PMaxScheduleEntry: [entry] } }] };
}

/** A loop a step holds unfinished (control.ts): still within its hold time since the first request of the hold. */
function held(state: ProcedureState, name: string): boolean {
  const ms = rec(state.vars.iso2Hold)[name];
  if (typeof ms !== 'number') return false;
  const starts = rec(state.vars.iso2HoldStart);
  const start = typeof starts[name] === 'number' ? (starts[name] as number) : performance.now();
  state.vars.iso2HoldStart = { ...starts, [name]: start };
  return performance.now() - start < ms;
}

function respond(energy: EnergyMode, request: V2gMessage, state: ProcedureState): Record<string, unknown> {
  const b = request.body;
  const ok = { ResponseCode: 'OK' };
  const hold = held(state, request.name);
  switch (request.name) {
    case 'SessionSetupReq':
      return { ResponseCode: 'OK_NewSessionEstablished', EVSEID: state.params.ownId, EVSETimeStamp: Math.floor(Date.now() / 1000) };
    case 'ServiceDiscoveryReq':
      return {
        ...ok,
        PaymentOptionList: { PaymentOption: offeredPayments(state) },
        ChargeService: {
          ServiceID: 1, ServiceName: 'AC_DC_Charging', ServiceCategory: 'EVCharging', FreeService: false,
          SupportedEnergyTransferMode: { EnergyTransferMode: offeredModes(energy, state) },
        },
        ServiceList: { Service: [{ ServiceID: 3, ServiceName: 'InternetAccess', ServiceCategory: 'Internet', FreeService: true }] },
      };
    case 'ServiceDetailReq':
      if (b.ServiceID !== 3 && b.ServiceID !== 1) return { ResponseCode: 'FAILED_ServiceIDInvalid', ServiceID: b.ServiceID };
      return {
        ...ok, ServiceID: b.ServiceID,
        ServiceParameterList: { ParameterSet: [{ ParameterSetID: 1, Parameter: [{ Name: 'Protocol', stringValue: 'https' }, { Name: 'Port', intValue: 443 }] }] },
      };
    case 'PaymentServiceSelectionReq': {
      if (!offeredPayments(state).includes(String(b.SelectedPaymentOption))) return { ResponseCode: 'FAILED_PaymentSelectionInvalid' };
      const ids = arr(rec(b.SelectedServiceList).SelectedService).map((s) => rec(s).ServiceID);
      if (ids.includes(1)) state.vars.selectedPayment = String(b.SelectedPaymentOption);
      return ids.includes(1) ? ok : { ResponseCode: 'FAILED_NoChargeServiceSelected' };
    }
    case 'AuthorizationReq':
      return { ...ok, EVSEProcessing: hold ? 'Ongoing' : 'Finished' };
    case 'ChargeParameterDiscoveryReq': {
      const mode = String(b.RequestedEnergyTransferMode);
      const wrong = !offeredModes(energy, state).includes(mode) || !(energy === 'AC' ? AC_MODES : DC_MODES).includes(mode);
      const base = hold && !wrong
        ? { ResponseCode: 'OK', EVSEProcessing: 'Ongoing' }
        : { ResponseCode: wrong ? 'FAILED_WrongEnergyTransferMode' : 'OK', EVSEProcessing: 'Finished', SAScheduleList: schedule(energy, state) };
      if (energy === 'AC') {
        return {
          ...base,
          AC_EVSEChargeParameter: {
            AC_EVSEStatus: acStatus(), EVSENominalVoltage: pv(num(state, 'evseNominalVoltageV', 230), 'V'), EVSEMaxCurrent: pv(num(state, 'evseMaxCurrentA', 32), 'A'),
          },
        };
      }
      return {
        ...base,
        DC_EVSEChargeParameter: {
          DC_EVSEStatus: dcStatus(),
          EVSEMaximumCurrentLimit: pv(num(state, 'evseMaxCurrentA', 200), 'A'),
          EVSEMaximumPowerLimit: pv(num(state, 'evseMaxPowerW', 50_000), 'W'),
          EVSEMaximumVoltageLimit: pv(num(state, 'evseMaxVoltageV', 500), 'V'),
          EVSEMinimumCurrentLimit: pv(num(state, 'evseMinCurrentA', 0), 'A'),
          EVSEMinimumVoltageLimit: pv(num(state, 'evseMinVoltageV', 150), 'V'),
          EVSEPeakCurrentRipple: pv(2, 'A'),
        },
      };
    }
    case 'CableCheckReq':
      return { ...ok, DC_EVSEStatus: dcStatus(hold ? 'Invalid' : 'Valid'), EVSEProcessing: hold ? 'Ongoing' : 'Finished' };
    case 'PreChargeReq':
      return { ...ok, DC_EVSEStatus: dcStatus(), EVSEPresentVoltage: hold ? pv(Math.max(0, pvValue(b.EVTargetVoltage) - 50), 'V') : b.EVTargetVoltage };
    case 'PowerDeliveryReq':
      return energy === 'AC' ? { ...ok, AC_EVSEStatus: acStatus() } : { ...ok, DC_EVSEStatus: dcStatus() };
    case 'ChargingStatusReq':
      return {
        ...ok, EVSEID: state.params.ownId, SAScheduleTupleID: 1,
        EVSEMaxCurrent: pv(num(state, 'evseMaxCurrentA', 32), 'A'), ReceiptRequired: false, AC_EVSEStatus: acStatus(),
      };
    case 'CurrentDemandReq': {
      const current = Math.min(pvValue(b.EVTargetCurrent), num(state, 'evseMaxCurrentA', 200));
      return {
        ...ok, DC_EVSEStatus: dcStatus(), EVSEPresentVoltage: b.EVTargetVoltage, EVSEPresentCurrent: pv(Math.max(0, current), 'A'),
        EVSECurrentLimitAchieved: false, EVSEVoltageLimitAchieved: false, EVSEPowerLimitAchieved: false,
        EVSEMaximumVoltageLimit: pv(num(state, 'evseMaxVoltageV', 500), 'V'), EVSEMaximumCurrentLimit: pv(num(state, 'evseMaxCurrentA', 200), 'A'),
        EVSEMaximumPowerLimit: pv(num(state, 'evseMaxPowerW', 50_000), 'W'), EVSEID: state.params.ownId, SAScheduleTupleID: 1, ReceiptRequired: false,
      };
    }
    case 'MeteringReceiptReq':
      return energy === 'AC' ? { ...ok, AC_EVSEStatus: acStatus() } : { ...ok, DC_EVSEStatus: dcStatus() };
    case 'WeldingDetectionReq':
      return { ...ok, DC_EVSEStatus: dcStatus(), EVSEPresentVoltage: pv(0, 'V') };
    case 'SessionStopReq':
      return ok;
    default:
      return { ResponseCode: 'FAILED_SequenceError' };
  }
}

function remember(request: V2gMessage, state: ProcedureState): void {
  state.vars.last = request.name;
  if (request.name === 'PowerDeliveryReq') state.vars.charging = request.body.ChargeProgress === 'Start';
  if (request.name === 'ChargeParameterDiscoveryReq') state.vars.evRequest = request.body;
}

/** ServiceDetailReq for the Certificate service the harness offered (checked by cert-provisioning-secc.ts). */
function certServiceDetail(request: V2gMessage, state: ProcedureState): boolean {
  return request.name === 'ServiceDetailReq' && request.body.ServiceID === 2 && state.vars.certOffer !== undefined;
}

export function createIso2SeccProcedure(energy: EnergyMode): SeccProcedure {
  return {
    standard: 'iso15118-2',
    energy,
    codec: iso2Codec(),
    allowed: (state) => allowedNext(energy, state),
    respond(request, state) {
      const cert = certSeccRespond(request, state);
      const body = cert?.body ?? pncSeccRespond(request, state) ?? withCertService(request, respond(energy, request, state), state);
      remember(request, state);
      return { name: `${request.name.slice(0, -3)}Res`, body, ...(cert?.header ? { header: cert.header } : {}) };
    },
    timer: seccTimer,
    check: (request, state) => [...checkIso2Request(energy, request, state).filter((p) => !certServiceDetail(request, state) || !/ServiceDetailReq/.test(p)), ...checkPncRequest(request, state), ...checkCertRequest(request, state)],
    finalRequest: 'SessionStopReq',
  };
}
