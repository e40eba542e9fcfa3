/**
 * What the harness EVCC checks in each ISO 15118-2 response beyond the driver's checks (decodable, name,
 * session id, ResponseCode OK…, timing): the content a compliant SECC must send (ISO 15118-2 message
 * definitions, §8.4), each problem one line naming the field.
 */
import type { V2gMessage } from '../../messages/types';
import type { ProcedureState } from '../procedure';
import { AC_MODES, arr, DC_MODES, num, paymentOption, pvValue, rec } from './common';

type Checker = (b: Record<string, unknown>, req: Record<string, unknown>, state: ProcedureState) => string[];

function sameEvse(b: Record<string, unknown>, state: ProcedureState, where: string): string[] {
  return state.vars.evseId !== undefined && b.EVSEID !== state.vars.evseId
    ? [`${where}.EVSEID ${JSON.stringify(b.EVSEID)} differs from SessionSetupRes.EVSEID ${JSON.stringify(state.vars.evseId)}`]
    : [];
}

function sameSchedule(b: Record<string, unknown>, state: ProcedureState, where: string): string[] {
  return typeof state.vars.scheduleId === 'number' && b.SAScheduleTupleID !== state.vars.scheduleId
    ? [`${where}.SAScheduleTupleID ${String(b.SAScheduleTupleID)} is not the schedule the EV chose (${state.vars.scheduleId})`]
    : [];
}

const CHECKS: Record<string, Checker> = {
  SessionSetupRes(b, _req, state) {
    const out: string[] = [];
    if (typeof b.EVSEID !== 'string' || b.EVSEID.length === 0) out.push('SessionSetupRes.EVSEID is missing or empty');
    const resuming = typeof state.vars.resumeFrom === 'string' ? state.vars.resumeFrom : undefined;
    if (!resuming && b.ResponseCode === 'OK_OldSessionJoined') out.push('SessionSetupRes.ResponseCode OK_OldSessionJoined for a request with SessionID 0 (a new session must be OK_NewSessionEstablished)');
    if (resuming && b.ResponseCode !== 'OK_OldSessionJoined') out.push(`SessionSetupRes.ResponseCode ${String(b.ResponseCode)} for a SessionSetupReq resuming paused session ${resuming} (must be OK_OldSessionJoined)`);
    if (resuming && state.sessionId.toUpperCase() !== resuming.toUpperCase()) out.push(`SessionSetupRes carries SessionID ${state.sessionId} where the resumed session is ${resuming}`);
    return out;
  },
  ServiceDiscoveryRes(b, _req, state) {
    const out: string[] = [];
    const own = paymentOption(state.params.payment);
    const options = arr(rec(b.PaymentOptionList).PaymentOption);
    // PaymentOption Contract only over TLS: a PnC session on plain TCP (@tcp) expects it left out
    if (state.params.payment === 'PnC' && state.params.overTls === false) {
      if (options.includes('Contract')) out.push(`ServiceDiscoveryRes.PaymentOptionList ${JSON.stringify(options)} offers Contract on a plain TCP connection (Plug and Charge needs TLS)`);
    } else if (!options.includes(own)) out.push(`ServiceDiscoveryRes.PaymentOptionList ${JSON.stringify(options)} lacks ${own} (the session's payment, ${state.params.payment})`);
    const paused = typeof state.vars.resumeFrom === 'string' ? rec(state.vars.paused).selectedPayment : undefined;
    if (typeof paused === 'string' && (options.length !== 1 || options[0] !== paused)) out.push(`ServiceDiscoveryRes.PaymentOptionList ${JSON.stringify(options)} in resumed session ${String(state.vars.resumeFrom)}: [V2G2-741] only the option selected before the pause (${paused})`);
    const cs = rec(b.ChargeService);
    if (cs.ServiceCategory !== 'EVCharging') out.push(`ServiceDiscoveryRes.ChargeService.ServiceCategory is ${String(cs.ServiceCategory)}, not EVCharging`);
    const modes = arr(rec(cs.SupportedEnergyTransferMode).EnergyTransferMode);
    const mine = state.params.energy === 'AC' ? AC_MODES : DC_MODES;
    if (!modes.some((m) => mine.includes(String(m)))) out.push(`ServiceDiscoveryRes.ChargeService.SupportedEnergyTransferMode ${JSON.stringify(modes)} offers no ${state.params.energy} mode`);
    return out;
  },
  ServiceDetailRes(b, req) {
    return b.ServiceID === req.ServiceID ? [] : [`ServiceDetailRes.ServiceID ${String(b.ServiceID)} is not the requested ${String(req.ServiceID)}`];
  },
  AuthorizationRes(b) {
    return ['Finished', 'Ongoing', 'Ongoing_WaitingForCustomerInteraction'].includes(String(b.EVSEProcessing)) ? [] : [`AuthorizationRes.EVSEProcessing ${String(b.EVSEProcessing)}`];
  },
  ChargeParameterDiscoveryRes(b, req, state) {
    const out: string[] = [];
    if (String(b.EVSEProcessing).startsWith('Ongoing')) return out;
    const tuples = arr(rec(b.SAScheduleList).SAScheduleTuple).map(rec);
    if (tuples.length === 0) out.push('ChargeParameterDiscoveryRes (Finished) has no SAScheduleList.SAScheduleTuple');
    const ids = tuples.map((t) => t.SAScheduleTupleID);
    if (new Set(ids).size !== ids.length) out.push(`ChargeParameterDiscoveryRes.SAScheduleTupleID values repeat: ${JSON.stringify(ids)}`);
    const pausedId = typeof state.vars.resumeFrom === 'string' ? rec(state.vars.paused).scheduleId : undefined;
    if (typeof pausedId === 'number' && !ids.includes(pausedId)) out.push(`ChargeParameterDiscoveryRes.SAScheduleList ${JSON.stringify(ids)} in resumed session ${String(state.vars.resumeFrom)}: [V2G2-741] lacks the SAScheduleTuple agreed before the pause (${pausedId})`);
    const max = typeof req.MaxEntriesSAScheduleTuple === 'number' ? req.MaxEntriesSAScheduleTuple : undefined;
    for (const t of tuples) {
      const entries = arr(rec(t.PMaxSchedule).PMaxScheduleEntry).map(rec);
      if (entries.length === 0) out.push(`SAScheduleTuple ${String(t.SAScheduleTupleID)} has no PMaxScheduleEntry`);
      else if (rec(entries[0].RelativeTimeInterval).start !== 0) out.push(`SAScheduleTuple ${String(t.SAScheduleTupleID)}: the first PMaxScheduleEntry does not start at 0`);
      if (max !== undefined && entries.length > max) out.push(`SAScheduleTuple ${String(t.SAScheduleTupleID)} has ${entries.length} entries, more than MaxEntriesSAScheduleTuple ${max}`);
      if (entries.some((e) => !(pvValue(e.PMax) >= 0))) out.push(`SAScheduleTuple ${String(t.SAScheduleTupleID)}: a PMax is negative or not a value`);
    }
    if (state.params.energy === 'AC') {
      if (!b.AC_EVSEChargeParameter) out.push('ChargeParameterDiscoveryRes lacks AC_EVSEChargeParameter for an AC request');
    } else if (!b.DC_EVSEChargeParameter) out.push('ChargeParameterDiscoveryRes lacks DC_EVSEChargeParameter for a DC request');
    const dc = rec(b.DC_EVSEChargeParameter);
    if (b.DC_EVSEChargeParameter && pvValue(dc.EVSEMinimumCurrentLimit) > pvValue(dc.EVSEMaximumCurrentLimit)) out.push('DC_EVSEChargeParameter.EVSEMinimumCurrentLimit is above EVSEMaximumCurrentLimit');
    return out;
  },
  CableCheckRes(b) {
    const out: string[] = [];
    const iso = rec(b.DC_EVSEStatus).EVSEIsolationStatus;
    if (b.EVSEProcessing === 'Finished' && iso !== 'Valid' && iso !== 'Warning') out.push(`CableCheckRes Finished with DC_EVSEStatus.EVSEIsolationStatus ${String(iso)} (Valid or Warning expected)`);
    return out;
  },
  PreChargeRes(b, _req, state) {
    const out: string[] = [];
    const v = pvValue(b.EVSEPresentVoltage);
    if (v > num(state, 'evMaxVoltageV', 450)) out.push(`PreChargeRes.EVSEPresentVoltage ${v} V is above the EV's maximum voltage ${num(state, 'evMaxVoltageV', 450)} V`);
    return out;
  },
  PowerDeliveryRes(b, _req, state) {
    if (state.params.energy === 'AC' && !b.AC_EVSEStatus) return ['PowerDeliveryRes lacks AC_EVSEStatus in an AC session'];
    if (state.params.energy === 'DC' && !b.DC_EVSEStatus) return ['PowerDeliveryRes lacks DC_EVSEStatus in a DC session'];
    return [];
  },
  ChargingStatusRes(b, _req, state) {
    const out = [...sameEvse(b, state, 'ChargingStatusRes'), ...sameSchedule(b, state, 'ChargingStatusRes')];
    const max = pvValue(b.EVSEMaxCurrent);
    if (b.EVSEMaxCurrent && max < 0) out.push(`ChargingStatusRes.EVSEMaxCurrent ${max} A is negative`);
    return out;
  },
  CurrentDemandRes(b, req, state) {
    const out = [...sameEvse(b, state, 'CurrentDemandRes'), ...sameSchedule(b, state, 'CurrentDemandRes')];
    const current = pvValue(b.EVSEPresentCurrent);
    const evMax = pvValue(req.EVMaximumCurrentLimit);
    const target = pvValue(req.EVTargetCurrent);
    const tolerance = num(state, 'currentToleranceA', 1);
    if (current > evMax) out.push(`CurrentDemandRes.EVSEPresentCurrent ${current} A is above the EV's EVMaximumCurrentLimit ${evMax} A`);
    else if (current > target + tolerance) out.push(`CurrentDemandRes.EVSEPresentCurrent ${current} A is above the EV's EVTargetCurrent ${target} A (+${tolerance} A)`);
    const voltage = pvValue(b.EVSEPresentVoltage);
    const evMaxV = pvValue(req.EVMaximumVoltageLimit);
    if (voltage > evMaxV) out.push(`CurrentDemandRes.EVSEPresentVoltage ${voltage} V is above the EV's EVMaximumVoltageLimit ${evMaxV} V`);
    return out;
  },
  WeldingDetectionRes(b) {
    return b.DC_EVSEStatus ? [] : ['WeldingDetectionRes lacks DC_EVSEStatus'];
  },
};

export function checkIso2Response(response: V2gMessage, request: V2gMessage, state: ProcedureState): string[] {
  const checker = CHECKS[response.name];
  return checker ? checker(response.body, request.body, state) : [];
}
