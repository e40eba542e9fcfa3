/**
 * The reference SECC's ISO 15118-20 module (DC and AC, EIM, Scheduled control mode): one instance per
 * connection, one decoded request in, one response out. Compliant by default; the `iso20-` faults of
 * ISO20_SECC_FAULTS each change one behaviour. It closes the contactor only once the EV has switched the
 * pilot to state C after PowerDelivery(Start) (present current / target power 0 until then).
 */
import { monoUs } from '../../../core/clock';
import type { RefReply, RefSeccConfig, RefSeccContext, RefSeccProtocol } from '../types';
import { edgeFactor } from '../timer-edge';
import {
  acPowerW, configValue, cpStateOf, decodeMessage, encodeMessage, familyPayloadType, num, PT_COMMON, randomSessionId, rational,
  SERVICE_AC, SERVICE_DC, SERVICE_WPT, type WireMessage,
} from './wire';

const NO_SESSION = '0000000000000000';

interface SeccState {
  sessionId: string;
  /** The last request answered OK (drives what may come next). */
  last: string;
  lastProcessing: string;
  energy?: 'AC' | 'DC';
  offered: number[];
  authPolls: number;
  schedulePolls: number;
  cablePolls: number;
  preChargeStart?: number;
  preChargeSteps: number;
  started: boolean;
  energised: boolean;
  /** The contactor actuation the fault iso20-energises-before-c makes the response wait for. */
  energising?: Promise<unknown>;
  evMaxCurrentA: number;
  evMaxPowerW: number;
}

interface Limits {
  maxCurrentA: number;
  minCurrentA: number;
  maxVoltageV: number;
  minVoltageV: number;
  maxPowerW: number;
  minPowerW: number;
  acMaxPowerW: number;
  acMinPowerW: number;
}

function limitsOf(config: RefSeccConfig, alt: boolean): Limits {
  const v = config.values;
  return {
    maxCurrentA: configValue(v, ['dcMaxCurrentA', 'evseMaxCurrentA'], alt ? 125 : 200),
    minCurrentA: configValue(v, ['dcMinCurrentA', 'evseMinCurrentA'], 0),
    maxVoltageV: configValue(v, ['dcMaxVoltageV', 'evseMaxVoltageV'], alt ? 920 : 500),
    minVoltageV: configValue(v, ['dcMinVoltageV', 'evseMinVoltageV'], 150),
    maxPowerW: configValue(v, ['dcMaxPowerW', 'evseMaxPowerW'], alt ? 50_000 : 100_000),
    minPowerW: configValue(v, 'evseMinPowerW', 0),
    acMaxPowerW: configValue(v, 'evseAcMaxPowerW', acPowerW(v, undefined, alt ? 22_000 : 11_000)),
    acMinPowerW: configValue(v, 'evseAcMinPowerW', acPowerW(v, 6, 1_380)),
  };
}

/** What may follow the last request answered OK (SessionStopReq may follow anything after SessionSetup). */
function allowedAfter(s: SeccState): string[] {
  const dc = s.energy === 'DC';
  const loop = dc ? 'DC_ChargeLoopReq' : 'AC_ChargeLoopReq';
  const stop = s.last === '' ? [] : ['SessionStopReq'];
  const next: Record<string, string[]> = {
    '': ['SessionSetupReq'],
    SessionSetupReq: ['AuthorizationSetupReq'],
    AuthorizationSetupReq: ['AuthorizationReq'],
    AuthorizationReq: s.lastProcessing === 'Finished' ? ['ServiceDiscoveryReq'] : ['AuthorizationReq'],
    ServiceDiscoveryReq: ['ServiceDetailReq', 'ServiceSelectionReq'],
    ServiceDetailReq: ['ServiceDetailReq', 'ServiceSelectionReq'],
    ServiceSelectionReq: [dc ? 'DC_ChargeParameterDiscoveryReq' : 'AC_ChargeParameterDiscoveryReq'],
    DC_ChargeParameterDiscoveryReq: ['ScheduleExchangeReq'],
    AC_ChargeParameterDiscoveryReq: ['ScheduleExchangeReq'],
    ScheduleExchangeReq: s.lastProcessing !== 'Finished' ? ['ScheduleExchangeReq'] : dc ? ['DC_CableCheckReq'] : ['PowerDeliveryReq'],
    DC_CableCheckReq: s.lastProcessing === 'Finished' ? ['DC_PreChargeReq'] : ['DC_CableCheckReq'],
    DC_PreChargeReq: ['DC_PreChargeReq', 'PowerDeliveryReq'],
    PowerDeliveryReq: s.started ? [loop] : dc ? ['DC_WeldingDetectionReq'] : [],
    DC_ChargeLoopReq: [loop, 'PowerDeliveryReq'],
    AC_ChargeLoopReq: [loop, 'PowerDeliveryReq'],
    DC_WeldingDetectionReq: ['DC_WeldingDetectionReq'],
    SessionStopReq: [],
  };
  return [...(next[s.last] ?? []), ...stop];
}

export function createIso20Secc(config: RefSeccConfig): RefSeccProtocol {
  const energies = config.energy.length > 0 ? config.energy : (['DC'] as const);
  const state: SeccState = {
    sessionId: NO_SESSION, last: '', lastProcessing: 'Finished', offered: [], authPolls: 0, schedulePolls: 0, cablePolls: 0,
    preChargeSteps: 0, started: false, energised: false, evMaxCurrentA: Number.POSITIVE_INFINITY, evMaxPowerW: Number.POSITIVE_INFINITY,
  };
  return {
    standard: 'iso15118-20',
    namespace: energies.includes('DC') ? 'urn:iso:std:iso:15118:-20:DC' : 'urn:iso:std:iso:15118:-20:AC',
    major: 1,
    minor: 0,
    onRequest: async (payloadType, exi, ctx) => handle(config, energies, state, payloadType, exi, ctx),
  };
}

async function handle(
  config: RefSeccConfig, energies: readonly ('AC' | 'DC')[], s: SeccState, payloadType: number, exi: Uint8Array, ctx: RefSeccContext,
): Promise<RefReply> {
  const fault = (n: string): boolean => ctx.faults.has(`iso20-${n}`);
  const req = decodeMessage(payloadType, exi);
  if (typeof req === 'string') {
    ctx.note(`iso20 SECC: ${req}; closing`);
    return { close: true };
  }
  const resName = `${req.name.slice(0, -3)}Res`;
  if (!req.name.endsWith('Req')) {
    ctx.note(`iso20 SECC: ${req.name} is not a request; closing`);
    return { close: true };
  }
  const alt = ctx.variant === 'alt';
  const lim = limitsOf(config, alt);
  const reply = (body: Record<string, unknown>, extra: { delayMs?: number; closeAfter?: boolean } = {}): RefReply => {
    const code = String(body['ResponseCode'] ?? 'OK');
    const pt = fault('wrong-payload-type') ? PT_COMMON : familyPayloadType(resName);
    return { payloadType: pt, exi: encodeMessage(resName, s.sessionId, body), ...extra, closeAfter: extra.closeAfter || code.startsWith('FAILED') };
  };
  const failed = (code: string, why: string): RefReply => {
    ctx.note(`iso20 SECC: ${req.name}: ${why} → ${code}`);
    return reply({ ...okBody(config, req, s, lim, energies, ctx, true), ResponseCode: code });
  };
  if (req.name !== 'SessionSetupReq' && req.sessionId !== s.sessionId && !fault('accepts-wrong-session-id')) {
    return failed('FAILED_UnknownSession', `SessionID ${req.sessionId} is not the session's ${s.sessionId}`);
  }
  if (!allowedAfter(s).includes(req.name) && !fault('no-sequence-error')) {
    return failed('FAILED_SequenceError', `not expected after ${s.last || 'the handshake'} (expected ${allowedAfter(s).join(' | ') || 'nothing'})`);
  }
  // Request-specific refusals
  if (req.name === 'AuthorizationReq' && req.body['SelectedAuthorizationService'] !== 'EIM' && !fault('accepts-unoffered-authorization')) {
    return reply({ ...okBody(config, req, s, lim, energies, ctx, true), ResponseCode: 'WARNING_AuthorizationSelectionInvalid', EVSEProcessing: 'Finished' }, { closeAfter: true });
  }
  if (req.name === 'ServiceDetailReq' && !s.offered.includes(Number(req.body['ServiceID'])) && !fault('unknown-service-detail')) {
    return failed('FAILED_ServiceIDInvalid', `ServiceID ${String(req.body['ServiceID'])} was not offered`);
  }
  if (req.name === 'ServiceSelectionReq') {
    const id = Number((req.body['SelectedEnergyTransferService'] as { ServiceID?: number } | undefined)?.ServiceID);
    if (!s.offered.includes(id) && !fault('service-not-offered-selected')) {
      return failed('FAILED_ServiceSelectionInvalid', `ServiceID ${id} was not offered (${s.offered.join(', ')})`);
    }
    s.energy = id === SERVICE_AC ? 'AC' : 'DC';
  }
  let body = okBody(config, req, s, lim, energies, ctx, false);
  if (req.name === 'DC_CableCheckReq') body = await cableCheckInStateC(s, body, ctx, fault('energises-before-c'));
  s.last = req.name;
  s.lastProcessing = String(body['EVSEProcessing'] ?? 'Finished');
  const delay = delayFor(req.name, ctx, fault, s);
  if (s.energising) {
    await s.energising;
    s.energising = undefined;
  }
  if (req.name === 'SessionStopReq') {
    await openContactor(s, ctx);
    return reply(body, { closeAfter: true });
  }
  return reply(body, delay === undefined ? {} : { delayMs: delay });
}

/**
 * DC: the insulation test needs the EV in state C (S2 closed before DC_CableCheckReq); before that the cable
 * check stays Ongoing. The first pilot measurement after the request decides. `early`
 * (iso20-energises-before-c): runs the test anyway, contactor closed in state B.
 */
async function cableCheckInStateC(s: SeccState, body: Record<string, unknown>, ctx: RefSeccContext, early: boolean): Promise<Record<string, unknown>> {
  const pilot = ctx.pilot;
  if (!pilot) return body;
  if (early) {
    if (!pilot.commanded().contactor) await pilot.actuate({ contactor: true }, 'iso20 SECC: cable check without waiting for state C (fault iso20-energises-before-c)').catch(() => 0);
    s.energised = true;
    return body;
  }
  const from = monoUs();
  const o = await pilot.waitFor((x) => x.tUs >= from, ctx.limitMs('seccPerformance') / 2, 'a pilot measurement').catch(() => pilot.latest());
  if (['C', 'D'].includes(cpStateOf(o.cpHighV))) return body;
  ctx.note('iso20 SECC: DC_CableCheckReq with the EV not in state C: the insulation test waits (Ongoing)');
  return { ...body, EVSEProcessing: 'Ongoing' };
}

function delayFor(name: string, ctx: RefSeccContext, fault: (n: string) => boolean, s: SeccState): number | undefined {
  void s;
  const over = (timer: string): number => Math.round(ctx.limitMs(timer) * 1.2);
  if (/_ChargeLoopReq$/.test(name)) {
    if (fault('late-charge-loop')) return over('evccChargeLoop20');
    if (fault('slow-charge-loop')) return over('seccChargeLoop20');
  }
  if (name === 'ServiceDiscoveryReq' && fault('late-service-discovery')) return over('evccMessage');
  if (name === 'ServiceDetailReq' && fault('late-service-detail')) return over('evccMessageLong');
  return undefined;
}

async function openContactor(s: SeccState, ctx: RefSeccContext): Promise<void> {
  s.energised = false;
  if (ctx.pilot?.commanded().contactor) await ctx.pilot.actuate({ contactor: false }, 'iso20 SECC: power delivery stopped').catch(() => 0);
}

/** After PowerDelivery(Start): close the contactor once the EV shows state C (or at once under the fault). */
function energiseWhenC(s: SeccState, ctx: RefSeccContext, early: boolean): void {
  const pilot = ctx.pilot;
  if (!pilot) {
    s.energised = true;
    return;
  }
  const close = (): Promise<unknown> => {
    if (!s.started) return Promise.resolve();
    s.energised = true;
    return pilot.actuate({ contactor: true }, 'iso20 SECC: energising').catch(() => 0);
  };
  if (early) {
    ctx.note('iso20 SECC: closing the contactor without waiting for state C (fault iso20-energises-before-c)');
    // the response waits for the contactor: power is at the inlet before the EV can even see PowerDeliveryRes
    s.energising = close();
    return;
  }
  const inC = (v: number): boolean => ['C', 'D'].includes(cpStateOf(v));
  if (inC(pilot.latest().cpHighV)) {
    void close();
    return;
  }
  pilot
    .waitFor((o) => inC(o.cpHighV), ctx.limitMs('seccSequence'), 'EV in state C after PowerDelivery(Start)')
    .then(() => void close(), () => ctx.note('iso20 SECC: the EV did not switch to state C; contactor stays open'));
}

function okBody(
  cfg: RefSeccConfig, req: WireMessage, s: SeccState, lim: Limits, energies: readonly ('AC' | 'DC')[], ctx: RefSeccContext, forFailure: boolean,
): Record<string, unknown> {
  const fault = (n: string): boolean => ctx.faults.has(`iso20-${n}`);
  const alt = ctx.variant === 'alt';
  const OK = { ResponseCode: 'OK' };
  switch (req.name) {
    case 'SessionSetupReq':
      if (!forFailure) s.sessionId = randomSessionId();
      return { ResponseCode: 'OK_NewSessionEstablished', EVSEID: fault('wrong-evse-id') ? 'EVSE-1' : cfg.evseId };
    case 'AuthorizationSetupReq':
      if (fault('offers-no-eim')) {
        return { ...OK, AuthorizationServices: ['PnC'], CertificateInstallationService: 0, PnC_ASResAuthorizationMode: { GenChallenge: '000102030405060708090a0b0c0d0e0f' } };
      }
      return { ...OK, AuthorizationServices: ['EIM'], CertificateInstallationService: 0, EIM_ASResAuthorizationMode: {} };
    case 'AuthorizationReq': {
      if (!forFailure) s.authPolls += 1;
      const ongoing = fault('ongoing-forever') || (alt && s.authPolls <= 2);
      return { ...OK, EVSEProcessing: ongoing && !forFailure ? 'Ongoing' : 'Finished' };
    }
    case 'ServiceDiscoveryReq': {
      s.offered = fault('no-energy-service') ? [SERVICE_WPT] : energies.map((k) => (k === 'AC' ? SERVICE_AC : SERVICE_DC));
      return { ...OK, ServiceRenegotiationSupported: 0, EnergyTransferServiceList: { Service: s.offered.map((id) => ({ ServiceID: id, FreeService: alt ? 1 : 0 })) } };
    }
    case 'ServiceDetailReq': {
      const id = Number(req.body['ServiceID']) || SERVICE_DC;
      const params: Record<string, unknown>[] = [
        { Name: 'Connector', intValue: id === SERVICE_AC ? 2 : 2 },
        { Name: 'ControlMode', intValue: 1 },
        ...(id === SERVICE_AC ? [{ Name: 'EVSENominalVoltage', intValue: 230 }] : []),
        { Name: 'MobilityNeedsMode', intValue: 1 },
        { Name: 'Pricing', intValue: 0 },
      ];
      return { ...OK, ServiceID: id, ServiceParameterList: { ParameterSet: [{ ParameterSetID: 1, Parameter: params }] } };
    }
    case 'ServiceSelectionReq':
      return { ...OK };
    case 'DC_ChargeParameterDiscoveryReq': {
      const ev = req.body['DC_CPDReqEnergyTransferMode'] as Record<string, unknown> | undefined;
      if (ev && !forFailure) s.evMaxCurrentA = num(ev['EVMaximumChargeCurrent']);
      return { ...OK, DC_CPDResEnergyTransferMode: {
        EVSEMaximumChargePower: rational(lim.maxPowerW), EVSEMinimumChargePower: rational(lim.minPowerW),
        EVSEMaximumChargeCurrent: rational(lim.maxCurrentA), EVSEMinimumChargeCurrent: rational(lim.minCurrentA),
        EVSEMaximumVoltage: rational(lim.maxVoltageV), EVSEMinimumVoltage: rational(lim.minVoltageV) } };
    }
    case 'AC_ChargeParameterDiscoveryReq': {
      const ev = req.body['AC_CPDReqEnergyTransferMode'] as Record<string, unknown> | undefined;
      if (ev && !forFailure) s.evMaxPowerW = num(ev['EVMaximumChargePower']);
      return { ...OK, AC_CPDResEnergyTransferMode: {
        EVSEMaximumChargePower: rational(lim.acMaxPowerW), EVSEMinimumChargePower: rational(lim.acMinPowerW),
        EVSENominalFrequency: rational(50) } };
    }
    case 'ScheduleExchangeReq': {
      if (!forFailure) s.schedulePolls += 1;
      const ongoing = !forFailure && (fault('schedule-ongoing-forever') || (alt && s.schedulePolls <= 1));
      const power = s.energy === 'AC' ? lim.acMaxPowerW : lim.maxPowerW;
      // the control-mode element is required even while Ongoing (the schema's choice has no empty branch)
      return { ...OK, EVSEProcessing: ongoing ? 'Ongoing' : 'Finished', Scheduled_SEResControlMode: { ScheduleTuple: [{ ScheduleTupleID: 1, ChargingSchedule: {
        PowerSchedule: { TimeAnchor: Math.floor(Date.now() / 1000), PowerScheduleEntries: { PowerScheduleEntry: [{ Duration: 86_400, Power: rational(power) }] } } } }] } };
    }
    case 'DC_CableCheckReq': {
      if (!forFailure) s.cablePolls += 1;
      const ongoing = !forFailure && (fault('cablecheck-ongoing-forever') || (alt && s.cablePolls <= 2));
      return { ...OK, EVSEProcessing: ongoing ? 'Ongoing' : 'Finished' };
    }
    case 'DC_PreChargeReq':
      return { ...OK, EVSEPresentVoltage: rational(forFailure ? 0 : preChargeVoltage(req, s, ctx)) };
    case 'PowerDeliveryReq': {
      if (forFailure) return { ...OK };
      const progress = req.body['ChargeProgress'];
      if (progress === 'Start' && !s.started) {
        s.started = true;
        energiseWhenC(s, ctx, fault('energises-before-c'));
      } else if (progress === 'Stop') {
        s.started = false;
        void openContactor(s, ctx);
      }
      return { ...OK };
    }
    case 'DC_ChargeLoopReq': {
      const mode = (req.body['Scheduled_DC_CLReqControlMode'] ?? req.body['Dynamic_DC_CLReqControlMode'] ?? {}) as Record<string, unknown>;
      const target = num(mode['EVTargetCurrent']);
      const voltage = num(mode['EVTargetVoltage']);
      let current = s.energised ? Math.min(Number.isNaN(target) ? 0 : target, lim.maxCurrentA, s.evMaxCurrentA) : 0;
      if (fault('current-above-ev-limit') && !forFailure) current = (Number.isFinite(s.evMaxCurrentA) ? s.evMaxCurrentA : lim.maxCurrentA) + 10;
      return { ...OK, EVSEPresentCurrent: rational(Math.max(0, current)), EVSEPresentVoltage: rational(Number.isNaN(voltage) ? 0 : voltage),
        EVSEPowerLimitAchieved: 0, EVSECurrentLimitAchieved: current >= lim.maxCurrentA ? 1 : 0, EVSEVoltageLimitAchieved: 0,
        Scheduled_DC_CLResControlMode: {} };
    }
    case 'AC_ChargeLoopReq': {
      let power = s.energised ? Math.min(lim.acMaxPowerW, s.evMaxPowerW) : 0;
      if (fault('current-above-ev-limit') && !forFailure) power = (Number.isFinite(s.evMaxPowerW) ? s.evMaxPowerW : lim.acMaxPowerW) * 1.5;
      return { ...OK, Scheduled_AC_CLResControlMode: { EVSETargetActivePower: rational(power) } };
    }
    case 'DC_WeldingDetectionReq':
      return { ...OK, EVSEPresentVoltage: rational(0) };
    case 'SessionStopReq':
      return { ...OK };
    default:
      return { ...OK };
  }
}

function preChargeVoltage(req: WireMessage, s: SeccState, ctx: RefSeccContext): number {
  const fault = (n: string): boolean => ctx.faults.has(`iso20-${n}`);
  const target = num(req.body['EVTargetVoltage']);
  const now = Date.now();
  s.preChargeStart ??= now;
  s.preChargeSteps += 1;
  if (fault('precharge-never-converges')) return Math.round(target / 2);
  const slow = fault('slow-precharge') ? 1.2 : edgeFactor(ctx.timerEdge, 'preCharge20');
  if (slow !== undefined) return now - s.preChargeStart >= ctx.limitMs('preCharge20') * slow ? target : Math.round(target / 2);
  if (ctx.variant === 'alt') return s.preChargeSteps === 1 ? target - 50 : s.preChargeSteps === 2 ? target - 5 : target;
  return target;
}
