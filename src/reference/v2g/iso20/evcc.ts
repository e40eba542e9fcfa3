/**
 * The reference EVCC's ISO 15118-20 module (DC or AC, EIM, Scheduled control mode): one response in, the next
 * request out. Compliant by default (checks each response's name, session id and code; repeats while
 * Ongoing within its timers; gives up PreCharge after preCharge20; stops on a charge-loop response later
 * than evccChargeLoop20); the `iso20-` faults of ISO20_EVCC_FAULTS each change one behaviour. It closes S2
 * (state C) before DC_CableCheck in DC (the insulation test needs it), after PowerDeliveryRes(Start) in AC, and
 * opens it after PowerDeliveryRes(Stop).
 */
import type { RefEvccConfig, RefEvccContext, RefEvccProtocol, RefSend } from '../types';
import { acPowerW, configValue, decodeMessage, encodeMessage, familyPayloadType, num, PT_COMMON, rational, SERVICE_AC, SERVICE_DC } from './wire';

type Out = RefSend | { done: true; reason: string };

interface EvState {
  sessionId: string;
  expect: string;
  sentAt: number;
  ongoingSince?: number;
  cableSince?: number;
  preChargeSince?: number;
  offered: number[];
  evseMaxCurrentA: number;
  evseMaxPowerW: number;
  loops: number;
  authOffered: string[];
}

interface EvValues {
  maxCurrentA: number;
  maxVoltageV: number;
  maxPowerW: number;
  targetVoltageV: number;
  targetCurrentA: number;
  acMaxPowerW: number;
  acMinPowerW: number;
  loops: number;
  pollMs: number;
}

function valuesOf(config: RefEvccConfig, alt: boolean): EvValues {
  const v = config.values;
  return {
    maxCurrentA: configValue(v, ['maxCurrentA', 'evMaxCurrentA'], alt ? 150 : 100),
    maxVoltageV: configValue(v, ['maxVoltageV', 'evMaxVoltageV'], alt ? 450 : 420),
    maxPowerW: configValue(v, ['maxPowerW', 'evMaxPowerW'], alt ? 60_000 : 40_000),
    targetVoltageV: configValue(v, ['targetVoltageV', 'evTargetVoltageV'], alt ? 390 : 380),
    targetCurrentA: configValue(v, ['targetCurrentA', 'evTargetCurrentA'], alt ? 80 : 50),
    acMaxPowerW: configValue(v, 'evAcMaxPowerW', acPowerW(v, undefined, alt ? 7_400 : 11_000)),
    acMinPowerW: configValue(v, 'evAcMinPowerW', 1_380),
    loops: configValue(v, 'chargeLoops', alt ? 5 : 3),
    pollMs: configValue(v, 'pollMs', alt ? 80 : 40),
  };
}

const NO_SESSION = '0000000000000000';
const WRONG_SESSION = 'DEADBEEFDEADBEEF';

export function createIso20Evcc(config: RefEvccConfig): RefEvccProtocol {
  const st: EvState = {
    sessionId: NO_SESSION, expect: 'SessionSetupRes', sentAt: 0, offered: [], evseMaxCurrentA: Number.POSITIVE_INFINITY,
    evseMaxPowerW: Number.POSITIVE_INFINITY, loops: 0, authOffered: [],
  };
  return {
    standard: 'iso15118-20',
    namespace: config.energy === 'AC' ? 'urn:iso:std:iso:15118:-20:AC' : 'urn:iso:std:iso:15118:-20:DC',
    major: 1,
    minor: 0,
    start: async (ctx) => request(config, st, ctx, 'SessionSetupReq', { EVCCID: config.evccId }),
    onResponse: async (payloadType, exi, ctx) => onResponse(config, st, payloadType, exi, ctx),
  };
}

function request(config: RefEvccConfig, st: EvState, ctx: RefEvccContext, name: string, body: Record<string, unknown>, delayMs?: number): RefSend {
  void config;
  const fault = (n: string): boolean => ctx.faults.has(`iso20-${n}`);
  const sid = fault('wrong-session-id') && name !== 'SessionSetupReq' ? WRONG_SESSION : st.sessionId;
  st.expect = `${name.slice(0, -3)}Res`;
  st.sentAt = Date.now() + (delayMs ?? 0);
  const payloadType = fault('wrong-payload-type') ? PT_COMMON : familyPayloadType(name);
  const timer = /_ChargeLoopReq$/.test(name) ? 'evccChargeLoop20' : name === 'ServiceDetailReq' ? 'evccMessageLong' : 'evccMessage';
  // the shell gives up after this wait; under the fault the EVCC waits as long as the SECC's sequence timeout
  const responseTimeoutMs = ctx.limitMs(fault('ignores-response-timeout') ? 'seccSequence' : timer);
  return { payloadType, exi: encodeMessage(name, sid, body), responseTimeoutMs, ...(delayMs ? { delayMs } : {}) };
}

async function onResponse(config: RefEvccConfig, st: EvState, payloadType: number, exi: Uint8Array, ctx: RefEvccContext): Promise<Out> {
  const fault = (n: string): boolean => ctx.faults.has(`iso20-${n}`);
  const alt = ctx.variant === 'alt';
  const ev = valuesOf(config, alt);
  const dc = config.energy === 'DC';
  const elapsed = Date.now() - st.sentAt;
  const res = decodeMessage(payloadType, exi);
  if (typeof res === 'string') return { done: true, reason: `iso20 EVCC: ${res}` };
  if (res.name !== st.expect) return { done: true, reason: `iso20 EVCC: expected ${st.expect}, got ${res.name}` };
  const code = String(res.body['ResponseCode'] ?? '');
  if (code.startsWith('FAILED')) return { done: true, reason: `iso20 EVCC: ${res.name} ${code}` };
  const loopRes = /_ChargeLoopRes$/.test(res.name);
  const wait = ctx.limitMs(loopRes ? 'evccChargeLoop20' : res.name === 'ServiceDetailRes' ? 'evccMessageLong' : 'evccMessage');
  if (elapsed > wait && !fault('ignores-response-timeout')) {
    return { done: true, reason: `iso20 EVCC: ${res.name} after ${elapsed} ms, over its ${wait} ms timeout` };
  }
  if (res.name === 'SessionSetupRes') {
    st.sessionId = res.sessionId;
  } else if (res.sessionId !== st.sessionId && !fault('wrong-session-id')) {
    return { done: true, reason: `iso20 EVCC: ${res.name} SessionID ${res.sessionId} is not ${st.sessionId}` };
  }
  const send = (name: string, body: Record<string, unknown> = {}, delayMs?: number): RefSend => request(config, st, ctx, name, body, delayMs);
  const processing = String(res.body['EVSEProcessing'] ?? 'Finished');
  const now = Date.now();
  switch (res.name) {
    case 'SessionSetupRes':
      return send('AuthorizationSetupReq', {}, fault('late-request') ? Math.round(ctx.limitMs('seccSequence') * 1.2) : undefined);
    case 'AuthorizationSetupRes': {
      st.authOffered = (res.body['AuthorizationServices'] as string[] | undefined) ?? [];
      if (fault('selects-unoffered-authorization')) {
        return send('AuthorizationReq', { SelectedAuthorizationService: 'PnC', PnC_AReqAuthorizationMode: {
          Id: 'id1', GenChallenge: '00112233445566778899aabbccddeeff', ContractCertificateChain: { Certificate: '3000', SubCertificates: { Certificate: ['3000'] } } } });
      }
      if (!st.authOffered.includes('EIM')) return { done: true, reason: 'iso20 EVCC: the SECC offers no EIM authorization' };
      return send('AuthorizationReq', { SelectedAuthorizationService: 'EIM', EIM_AReqAuthorizationMode: {} });
    }
    case 'AuthorizationRes':
      if (processing !== 'Finished' && !fault('ignores-ongoing')) {
        st.ongoingSince ??= now;
        if (now - st.ongoingSince > ctx.limitMs('evccOngoing')) return { done: true, reason: 'iso20 EVCC: Authorization still Ongoing after evccOngoing' };
        return send('AuthorizationReq', { SelectedAuthorizationService: 'EIM', EIM_AReqAuthorizationMode: {} }, ev.pollMs);
      }
      st.ongoingSince = undefined;
      return send('ServiceDiscoveryReq');
    case 'ServiceDiscoveryRes': {
      const list = (res.body['EnergyTransferServiceList'] as { Service?: { ServiceID: number }[] } | undefined)?.Service ?? [];
      st.offered = list.map((x) => Number(x.ServiceID));
      const want = dc ? SERVICE_DC : SERVICE_AC;
      if (alt && st.offered.includes(want)) return send('ServiceDetailReq', { ServiceID: want });
      return selectService(st, want, fault('selects-unoffered-service'), send);
    }
    case 'ServiceDetailRes':
      return selectService(st, dc ? SERVICE_DC : SERVICE_AC, fault('selects-unoffered-service'), send);
    case 'ServiceSelectionRes': {
      const asDc = fault('wrong-energy-family') ? !dc : dc;
      if (asDc) {
        return send('DC_ChargeParameterDiscoveryReq', { DC_CPDReqEnergyTransferMode: {
          EVMaximumChargePower: rational(ev.maxPowerW), EVMinimumChargePower: rational(0),
          EVMaximumChargeCurrent: rational(ev.maxCurrentA), EVMinimumChargeCurrent: rational(0),
          EVMaximumVoltage: rational(ev.maxVoltageV), EVMinimumVoltage: rational(200) } });
      }
      return send('AC_ChargeParameterDiscoveryReq', { AC_CPDReqEnergyTransferMode: {
        EVMaximumChargePower: rational(ev.acMaxPowerW), EVMinimumChargePower: rational(ev.acMinPowerW) } });
    }
    case 'DC_ChargeParameterDiscoveryRes':
    case 'AC_ChargeParameterDiscoveryRes': {
      const m = (res.body['DC_CPDResEnergyTransferMode'] ?? res.body['AC_CPDResEnergyTransferMode'] ?? {}) as Record<string, unknown>;
      const finite = (x: number): number => (Number.isFinite(x) ? x : Number.POSITIVE_INFINITY);
      st.evseMaxCurrentA = finite(num(m['EVSEMaximumChargeCurrent']));
      st.evseMaxPowerW = finite(num(m['EVSEMaximumChargePower']));
      return send('ScheduleExchangeReq', { MaximumSupportingPoints: 24, Scheduled_SEReqControlMode: {} });
    }
    case 'ScheduleExchangeRes':
      if (processing !== 'Finished') {
        st.ongoingSince ??= now;
        if (now - st.ongoingSince > ctx.limitMs('evccOngoing')) return { done: true, reason: 'iso20 EVCC: ScheduleExchange still Ongoing after evccOngoing' };
        return send('ScheduleExchangeReq', { MaximumSupportingPoints: 24, Scheduled_SEReqControlMode: {} }, ev.pollMs);
      }
      st.ongoingSince = undefined;
      if (!dc) return powerDelivery(send, 'Start');
      // DC: the EV closes S2 (state C) before DC_CableCheck, the EVSE's insulation test needs it
      await ctx.pilot?.actuate({ s2: true }, 'iso20 EVCC: state C before DC_CableCheck');
      if (fault('skips-cablecheck')) return preCharge(send, ev, 0);
      return send('DC_CableCheckReq');
    case 'DC_CableCheckRes':
      if (processing !== 'Finished') {
        st.cableSince ??= now;
        if (now - st.cableSince > ctx.limitMs('evccCableCheck')) return { done: true, reason: 'iso20 EVCC: CableCheck still Ongoing after evccCableCheck' };
        return send('DC_CableCheckReq', {}, ev.pollMs);
      }
      return preCharge(send, ev, 0);
    case 'DC_PreChargeRes': {
      const present = num(res.body['EVSEPresentVoltage']);
      st.preChargeSince ??= now;
      if (Math.abs(present - ev.targetVoltageV) <= 20) return powerDelivery(send, 'Start');
      if (now - st.preChargeSince > ctx.limitMs('preCharge20') && !fault('precharge-forever')) {
        return send('SessionStopReq', { ChargingSession: 'Terminate' });
      }
      return preCharge(send, ev, present, ev.pollMs);
    }
    case 'PowerDeliveryRes':
      if (st.loops === 0) {
        await ctx.pilot?.actuate({ s2: true }, 'iso20 EVCC: state C after PowerDeliveryRes(Start)');
        return chargeLoop(send, dc, ev, st, fault);
      }
      await ctx.pilot?.actuate({ s2: false }, 'iso20 EVCC: state B after PowerDeliveryRes(Stop)');
      return dc ? send('DC_WeldingDetectionReq', { EVProcessing: 'Finished' }) : send('SessionStopReq', { ChargingSession: 'Terminate' });
    case 'DC_ChargeLoopRes':
    case 'AC_ChargeLoopRes':
      if (st.loops >= ev.loops) return powerDelivery(send, 'Stop');
      return chargeLoop(send, dc, ev, st, fault);
    case 'DC_WeldingDetectionRes':
      return send('SessionStopReq', { ChargingSession: 'Terminate' });
    case 'SessionStopRes':
      return { done: true, reason: 'iso20 EVCC: session stopped' };
    default:
      return { done: true, reason: `iso20 EVCC: unexpected ${res.name}` };
  }
}

function selectService(st: EvState, want: number, unoffered: boolean, send: (n: string, b?: Record<string, unknown>) => RefSend): Out {
  let id = want;
  if (unoffered) id = [SERVICE_AC, SERVICE_DC, 6, 5].find((x) => !st.offered.includes(x)) ?? 7;
  else if (!st.offered.includes(want)) return { done: true, reason: `iso20 EVCC: service ${want} not offered (${st.offered.join(', ')})` };
  return send('ServiceSelectionReq', { SelectedEnergyTransferService: { ServiceID: id, ParameterSetID: 1 } });
}

function preCharge(send: (n: string, b?: Record<string, unknown>, d?: number) => RefSend, ev: EvValues, present: number, delayMs?: number): RefSend {
  return send('DC_PreChargeReq', { EVProcessing: 'Ongoing', EVPresentVoltage: rational(Math.max(0, present)), EVTargetVoltage: rational(ev.targetVoltageV) }, delayMs);
}

function powerDelivery(send: (n: string, b?: Record<string, unknown>) => RefSend, progress: 'Start' | 'Stop'): RefSend {
  return send('PowerDeliveryReq', { EVProcessing: 'Finished', ChargeProgress: progress });
}

function chargeLoop(send: (n: string, b?: Record<string, unknown>) => RefSend, dc: boolean, ev: EvValues, st: EvState, fault: (n: string) => boolean): RefSend {
  st.loops += 1;
  if (dc) {
    let target = Math.min(ev.targetCurrentA, ev.maxCurrentA, st.evseMaxCurrentA);
    if (fault('target-above-max')) target = ev.maxCurrentA + 20;
    if (fault('target-above-evse-max') && Number.isFinite(st.evseMaxCurrentA)) target = st.evseMaxCurrentA + 20;
    return send('DC_ChargeLoopReq', { MeterInfoRequested: 0, EVPresentVoltage: rational(ev.targetVoltageV),
      Scheduled_DC_CLReqControlMode: { EVTargetCurrent: rational(target), EVTargetVoltage: rational(ev.targetVoltageV) } });
  }
  let power = Math.min(ev.acMaxPowerW, st.evseMaxPowerW);
  if (fault('target-above-max')) power = ev.acMaxPowerW * 1.5;
  if (fault('target-above-evse-max') && Number.isFinite(st.evseMaxPowerW)) power = st.evseMaxPowerW * 1.5;
  return send('AC_ChargeLoopReq', { MeterInfoRequested: 0, Scheduled_AC_CLReqControlMode: {
    EVMaximumChargePower: rational(ev.acMaxPowerW), EVPresentActivePower: rational(power) } });
}
