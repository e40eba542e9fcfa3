/**
 * The reference SECC's DIN SPEC 70121 module (DC, EIM), one per TCP connection: a SECC state machine that
 * assigns a session id, answers FAILED_UnknownSession / FAILED_SequenceError (and then closes), keeps
 * ContractAuthentication / ChargeParameterDiscovery / CableCheck Ongoing for a configured number of answers,
 * raises its output voltage towards the EV's PreCharge target in steps, and closes its contactor only once the
 * EV is in state C after PowerDelivery(Start). Each DIN_SECC_FAULTS entry changes one behaviour.
 * Config `values` (own keys, else the shared reference keys): sessionId, evseMaxCurrentA|dcMaxCurrentA, …
 */
import { edgeOf } from '../timer-edge';
import type { RefReply, RefSeccConfig, RefSeccContext, RefSeccProtocol, RefTimerEdge } from '../types';
import { amount, DIN_NS, evInStateC, evseIdHex, type Obj, phys, pick, PT_EXI, type Pv, readDin, s2Closed, writeDin } from './common';

const NEXT: Readonly<Record<string, readonly string[]>> = {
  start: ['SessionSetupReq'],
  SessionSetupReq: ['ServiceDiscoveryReq', 'SessionStopReq'],
  ServiceDiscoveryReq: ['ServicePaymentSelectionReq', 'SessionStopReq'],
  ServicePaymentSelectionReq: ['ContractAuthenticationReq', 'SessionStopReq'],
  ContractAuthenticationReq: ['ChargeParameterDiscoveryReq', 'SessionStopReq'],
  ChargeParameterDiscoveryReq: ['CableCheckReq', 'SessionStopReq'],
  CableCheckReq: ['PreChargeReq', 'SessionStopReq'],
  PreChargeReq: ['PreChargeReq', 'PowerDeliveryReq', 'SessionStopReq'],
  PowerDeliveryOn: ['CurrentDemandReq', 'PowerDeliveryReq', 'SessionStopReq'],
  CurrentDemandReq: ['CurrentDemandReq', 'PowerDeliveryReq', 'SessionStopReq'],
  PowerDeliveryOff: ['WeldingDetectionReq', 'SessionStopReq'],
  WeldingDetectionReq: ['WeldingDetectionReq', 'SessionStopReq'],
  SessionStopReq: [],
};
/** While a loop is Ongoing the state stays the one before it. */
const BEFORE: Readonly<Record<string, string>> = {
  ContractAuthenticationReq: 'ServicePaymentSelectionReq',
  ChargeParameterDiscoveryReq: 'ContractAuthenticationReq',
  CableCheckReq: 'ChargeParameterDiscoveryReq',
};

interface Settings {
  sessionId: string;
  evseId: string;
  paymentOptions: string[];
  serviceId: number;
  energyTransferType: string;
  maxA: number | Pv;
  maxV: number | Pv;
  maxW: number | Pv | undefined;
  minA: number | Pv;
  minV: number | Pv;
  rippleA: number | Pv;
  pMax: number;
  durationS: number;
  isolation: string;
  ongoing: Record<string, number>;
  preChargeSteps: number;
  idleV: number;
  ongoingAnswerMs: number;
}

function settings(config: RefSeccConfig): Settings {
  const v = config.values;
  const sid = pick<string | undefined>(v, ['sessionId'], undefined);
  const random = Array.from({ length: 8 }, (_, i) => (i === 0 ? 1 + Math.floor(Math.random() * 255) : Math.floor(Math.random() * 256)).toString(16).padStart(2, '0')).join('');
  return {
    sessionId: (sid ?? random).toLowerCase(),
    evseId: evseIdHex(config.evseId),
    paymentOptions: pick(v, ['paymentOptions'], ['ExternalPayment']),
    serviceId: pick(v, ['serviceId'], 1),
    energyTransferType: pick(v, ['energyTransferType'], 'DC_extended'),
    maxA: pick(v, ['evseMaxCurrentA', 'dcMaxCurrentA'], 200),
    maxV: pick(v, ['evseMaxVoltageV', 'dcMaxVoltageV'], 500),
    maxW: pick(v, ['evseMaxPowerW', 'dcMaxPowerW'], 50_000),
    minA: pick(v, ['evseMinCurrentA', 'dcMinCurrentA'], 0),
    minV: pick(v, ['evseMinVoltageV', 'dcMinVoltageV'], 150),
    rippleA: pick(v, ['evsePeakCurrentRippleA', 'dcPeakCurrentRippleA'], 1),
    pMax: pick(v, ['pMax'], 5000),
    durationS: pick(v, ['scheduleDurationS'], 86400),
    isolation: pick(v, ['isolationStatus'], 'Valid'),
    ongoing: {
      ContractAuthenticationReq: pick(v, ['contractAuthenticationOngoing'], 2),
      ChargeParameterDiscoveryReq: pick(v, ['chargeParameterDiscoveryOngoing'], 1),
      CableCheckReq: pick(v, ['cableCheckOngoing'], 2),
    },
    preChargeSteps: Math.max(1, pick(v, ['preChargeSteps'], 3)),
    idleV: pick(v, ['idleVoltageV'], 0),
    ongoingAnswerMs: pick(v, ['ongoingAnswerMs'], 20),
  };
}

class DinSeccSession {
  private stage = 'start';
  private readonly s: Settings;
  private readonly loops = new Map<string, { n: number; startMs: number }>();
  private presentV: number;
  private contactor = false;
  /** Resolves when the contactor closes after PowerDelivery(Start) (or the wait for state C ends). */
  private energising: Promise<void> | undefined;
  private evMaxA: number | undefined;
  private evMaxV: number | undefined;

  constructor(config: RefSeccConfig) {
    this.s = settings(config);
    this.presentV = this.s.idleV;
  }

  async onRequest(payloadType: number, exi: Uint8Array, ctx: RefSeccContext): Promise<RefReply> {
    if (payloadType !== PT_EXI) {
      ctx.note(`din SECC: payload type 0x${payloadType.toString(16)} is not EXI: closing`);
      return { close: true };
    }
    let req;
    try {
      req = readDin(exi);
    } catch (e) {
      ctx.note(`din SECC: undecodable request (${(e as Error).message}): closing`);
      return { close: true };
    }
    const f = (name: string): boolean => ctx.faults.has(name);
    const resName = `${req.name.replace(/Req$/, '')}Res`;
    if (!req.name.endsWith('Req')) return this.fail(resName, 'FAILED_SequenceError', req.body, ctx);
    if (req.name === 'SessionSetupReq' && this.stage === 'start') return this.sessionSetup(req.sessionId, req.body, ctx);
    if (req.sessionId !== this.s.sessionId && !f('din-accepts-wrong-session-id')) {
      ctx.note(`din SECC: SessionID ${req.sessionId} is not this session's ${this.s.sessionId}`);
      return this.fail(resName, 'FAILED_UnknownSession', req.body, ctx);
    }
    const allowed = NEXT[this.stage] ?? [];
    if (!allowed.includes(req.name) && !f('din-no-sequence-error')) {
      ctx.note(`din SECC: ${req.name} after ${this.stage} is out of sequence (expected ${allowed.join(' | ') || 'nothing'})`);
      return this.fail(resName, 'FAILED_SequenceError', req.body, ctx);
    }
    return this.handle(req.name, req.body, ctx);
  }

  private send(name: string, body: Obj, opts: { delayMs?: number; closeAfter?: boolean } = {}): RefReply {
    return { payloadType: PT_EXI, exi: writeDin(name, body, this.s.sessionId), ...opts };
  }

  private fail(resName: string, code: string, reqBody: Obj, ctx: RefSeccContext): RefReply {
    try {
      return this.send(resName, this.body(resName, code, reqBody, ctx, false), { closeAfter: true });
    } catch {
      return { close: true };
    }
  }

  private sessionSetup(sessionId: string, body: Obj, ctx: RefSeccContext): RefReply {
    const joined = sessionId === this.s.sessionId && sessionId !== '00';
    this.stage = 'SessionSetupReq';
    ctx.note(`din SECC: session ${this.s.sessionId} for EVCCID ${String(body.EVCCID)}`);
    const delayMs = ctx.faults.has('din-late-session-setup') ? Math.round(ctx.limitMs('evccMessage') * 1.2) : undefined;
    return this.send('SessionSetupRes', { ResponseCode: joined ? 'OK_OldSessionJoined' : 'OK_NewSessionEstablished', EVSEID: this.s.evseId }, { delayMs });
  }

  private status(ctx: RefSeccContext, isolation = this.s.isolation): Obj {
    void ctx;
    return { EVSEIsolationStatus: isolation, EVSEStatusCode: 'EVSE_Ready', NotificationMaxDelay: 0, EVSENotification: 'None' };
  }

  /** True while the loop of `name` is still going (configured Ongoing answers, or a fault's time). */
  private ongoing(name: string, ctx: RefSeccContext, forever: boolean, until?: RefTimerEdge): boolean {
    const l = this.loops.get(name) ?? { n: 0, startMs: Date.now() };
    this.loops.set(name, { n: l.n + 1, startMs: l.startMs });
    if (forever) return true;
    if (until) return Date.now() - l.startMs < ctx.limitMs(until.timer) * until.factor;
    return l.n < (this.s.ongoing[name] ?? 0);
  }

  private body(name: string, code: string, req: Obj, ctx: RefSeccContext, ongoing: boolean): Obj {
    const s = this.s;
    const f = (n: string): boolean => ctx.faults.has(n);
    switch (name) {
      case 'SessionSetupRes':
        return { ResponseCode: code, EVSEID: s.evseId };
      case 'ServiceDiscoveryRes':
        return {
          ResponseCode: code,
          PaymentOptions: { PaymentOption: f('din-no-eim') ? ['Contract'] : s.paymentOptions },
          ChargeService: { ServiceTag: { ServiceID: s.serviceId, ServiceCategory: 'EVCharging' }, FreeService: 0, EnergyTransferType: f('din-ac-service') ? 'AC_three_phase_core' : s.energyTransferType },
        };
      case 'ContractAuthenticationRes':
        return { ResponseCode: code, EVSEProcessing: ongoing ? 'Ongoing' : 'Finished' };
      case 'ChargeParameterDiscoveryRes': {
        const out: Obj = { ResponseCode: code, EVSEProcessing: ongoing ? 'Ongoing' : 'Finished' };
        // SASchedules and EVSEChargeParameter are required (abstract heads written as {} where a fault omits them)
        if (f('din-no-schedule')) out.SASchedules = {};
        else {
          const entry = { RelativeTimeInterval: { start: 0, duration: s.durationS }, PMax: s.pMax };
          out.SAScheduleList = { SAScheduleTuple: [{ SAScheduleTupleID: 1, PMaxSchedule: { PMaxScheduleID: 1, PMaxScheduleEntry: [entry] } }] };
        }
        if (f('din-missing-evse-limits')) out.EVSEChargeParameter = {};
        else {
          const p: Obj = { DC_EVSEStatus: this.status(ctx), EVSEMaximumCurrentLimit: phys(s.maxA, 'A') };
          if (s.maxW !== undefined) p.EVSEMaximumPowerLimit = phys(s.maxW, 'W');
          Object.assign(p, { EVSEMaximumVoltageLimit: phys(s.maxV, 'V'), EVSEMinimumCurrentLimit: phys(s.minA, 'A'), EVSEMinimumVoltageLimit: phys(s.minV, 'V'), EVSEPeakCurrentRipple: phys(s.rippleA, 'A') });
          out.DC_EVSEChargeParameter = p;
        }
        return out;
      }
      case 'CableCheckRes': {
        const iso = !ongoing && f('din-cablecheck-isolation-invalid') ? 'Invalid' : s.isolation;
        return { ResponseCode: code, DC_EVSEStatus: this.status(ctx, iso), EVSEProcessing: ongoing ? 'Ongoing' : 'Finished' };
      }
      case 'PreChargeRes':
      case 'WeldingDetectionRes':
        return { ResponseCode: code, DC_EVSEStatus: this.status(ctx), EVSEPresentVoltage: phys(this.presentV, 'V') };
      case 'PowerDeliveryRes':
        return { ResponseCode: code, DC_EVSEStatus: this.status(ctx) };
      case 'CurrentDemandRes':
        return this.currentDemand(code, req, ctx);
      default:
        return { ResponseCode: code };
    }
  }

  private currentDemand(code: string, req: Obj, ctx: RefSeccContext): Obj {
    const s = this.s;
    const f = (n: string): boolean => ctx.faults.has(n);
    const maxA = amount(phys(s.maxA, 'A')) ?? 0;
    const maxV = amount(phys(s.maxV, 'V')) ?? 0;
    const wantA = amount(req.EVTargetCurrent) ?? 0;
    const wantV = amount(req.EVTargetVoltage) ?? 0;
    const limA = wantA > maxA;
    const limV = wantV > maxV;
    const energised = this.contactor || !ctx.pilot;
    let current: Pv = limA ? phys(maxA, 'A') : phys((req.EVTargetCurrent as Pv | undefined) ?? 0, 'A');
    let voltage: Pv = limV ? phys(maxV, 'V') : phys((req.EVTargetVoltage as Pv | undefined) ?? 0, 'V');
    if (!energised) current = phys(0, 'A');
    if (f('din-current-above-ev-limit')) current = phys((amount(req.EVMaximumCurrentLimit) ?? this.evMaxA ?? wantA) + 10, 'A');
    if (f('din-voltage-above-ev-limit')) voltage = phys((amount(req.EVMaximumVoltageLimit) ?? this.evMaxV ?? wantV) + 20, 'V');
    this.presentV = amount(voltage) ?? 0;
    return {
      ResponseCode: code,
      DC_EVSEStatus: this.status(ctx),
      EVSEPresentVoltage: voltage,
      EVSEPresentCurrent: current,
      EVSECurrentLimitAchieved: limA ? 1 : 0,
      EVSEVoltageLimitAchieved: limV ? 1 : 0,
      EVSEPowerLimitAchieved: 0,
    };
  }

  private async handle(name: string, req: Obj, ctx: RefSeccContext): Promise<RefReply> {
    const f = (n: string): boolean => ctx.faults.has(n);
    const resName = `${name.replace(/Req$/, '')}Res`;
    let code = 'OK';
    let ongoing = false;
    let delayMs: number | undefined;
    let stage = name;
    switch (name) {
      case 'ServicePaymentSelectionReq': {
        const ids = (((req.SelectedServiceList as Obj | undefined)?.SelectedService as Obj[] | undefined) ?? []).map((x) => x.ServiceID);
        if (!this.s.paymentOptions.includes(String(req.SelectedPaymentOption)) && !f('din-accepts-unoffered-payment')) code = 'FAILED_PaymentSelectionInvalid';
        else if (!ids.includes(this.s.serviceId)) code = 'FAILED_ServiceSelectionInvalid';
        break;
      }
      case 'ContractAuthenticationReq':
        ongoing = this.ongoing(name, ctx, f('din-ongoing-forever'), f('din-ongoing-over-secc-limit') ? { timer: 'seccOngoing', factor: 1.15 } : edgeOf(ctx.timerEdge, 'evccOngoing', 'seccOngoing'));
        break;
      case 'ChargeParameterDiscoveryReq': {
        const p = req.DC_EVChargeParameter as Obj | undefined;
        if ((!p || !String(req.EVRequestedEnergyTransferType).startsWith('DC')) && !f('din-accepts-ac-request')) {
          code = 'FAILED_WrongEnergyTransferType';
          break;
        }
        this.evMaxA = amount(p?.EVMaximumCurrentLimit);
        this.evMaxV = amount(p?.EVMaximumVoltageLimit);
        ongoing = this.ongoing(name, ctx, false, f('din-cpd-ongoing-too-long') ? { timer: 'evccOngoing', factor: 1.2 } : undefined);
        break;
      }
      case 'CableCheckReq':
        if (f('din-energises-before-c')) {
          // the insulation test's voltage goes on the cable whatever the EV's state
          this.contactor = true;
          await ctx.pilot?.actuate({ contactor: true }, 'din SECC: cable check without waiting for state C (din-energises-before-c)').catch((e: Error) => ctx.note(`din SECC: contactor: ${e.message}`));
        } else if (!(await evInStateC(ctx.pilot, ctx.limitMs('seccPerformance') / 2))) {
          // no insulation test before the EV closed S2 (state C): still Ongoing
          ongoing = true;
          break;
        }
        ongoing = this.ongoing(name, ctx, f('din-cablecheck-never-finishes'), this.cableUntil(ctx));
        break;
      case 'PreChargeReq':
        this.preCharge(req, ctx);
        break;
      case 'PowerDeliveryReq': {
        const on = req.ReadyToChargeState === 1 || req.ReadyToChargeState === true;
        stage = on ? 'PowerDeliveryOn' : 'PowerDeliveryOff';
        if (on) {
          await this.energise(ctx);
          if (f('din-late-power-delivery')) delayMs = Math.round(ctx.limitMs('dinPowerDelivery') * 1.2);
        } else if (!f('din-no-power-off')) {
          await this.powerOff(ctx);
        }
        break;
      }
      case 'CurrentDemandReq':
        // the EV closes S2 right after PowerDeliveryRes(Start): give the line a moment before answering unenergised
        if (!this.contactor && this.energising) await Promise.race([this.energising, new Promise((r) => setTimeout(r, 100))]);
        if (f('din-late-current-demand')) delayMs = Math.round(ctx.limitMs('evccCurrentDemand') * 1.2);
        break;
      case 'SessionStopReq':
        if (f('din-sessionstop-failed')) code = 'FAILED';
        break;
      default:
        break;
    }
    if (ongoing) {
      stage = BEFORE[name] ?? stage;
      delayMs ??= this.s.ongoingAnswerMs;
    }
    if (code.startsWith('OK')) this.stage = stage;
    const failed = !code.startsWith('OK');
    if (name === 'CableCheckReq' && f('din-wrong-response-name')) {
      return this.send('PreChargeRes', this.body('PreChargeRes', code, req, ctx, false), { delayMs });
    }
    return this.send(resName, this.body(resName, code, req, ctx, ongoing), { delayMs, closeAfter: failed || name === 'SessionStopReq' });
  }

  /** How long CableCheck stays Ongoing: a fault's time just over a limit, or a timer edge (timer-edge.ts). */
  private cableUntil(ctx: RefSeccContext): RefTimerEdge | undefined {
    if (ctx.faults.has('din-cablecheck-too-long')) return { timer: 'evccCableCheck', factor: 1.2 };
    if (ctx.faults.has('din-cablecheck-over-secc-limit')) return { timer: 'seccCableCheck', factor: 1.15 };
    return edgeOf(ctx.timerEdge, 'evccCableCheck', 'seccCableCheck');
  }

  private preCharge(req: Obj, ctx: RefSeccContext): void {
    const target = amount(req.EVTargetVoltage) ?? 0;
    const l = this.loops.get('PreChargeReq') ?? { n: 0, startMs: Date.now() };
    this.loops.set('PreChargeReq', { n: l.n + 1, startMs: l.startMs });
    const step = Math.min(1, (l.n + 1) / this.s.preChargeSteps);
    let v = Math.round(this.s.idleV + (target - this.s.idleV) * step);
    if (ctx.faults.has('din-precharge-too-slow') && Date.now() - l.startMs < ctx.limitMs('evccPreCharge') * 1.2) v = Math.round(target * 0.8);
    const slow = ctx.faults.has('din-precharge-over-secc-limit') ? { timer: 'seccPreCharge', factor: 1.15 } : edgeOf(ctx.timerEdge, 'evccPreCharge', 'seccPreCharge');
    if (slow && Date.now() - l.startMs < ctx.limitMs(slow.timer) * slow.factor) v = Math.round(target * 0.8);
    if (ctx.faults.has('din-precharge-never-converges')) v = target - 50;
    if (ctx.faults.has('din-precharge-overshoot')) v = target + 60;
    this.presentV = v;
  }

  /** PowerDelivery(Start): the contactor closes once the EV is in state C (at once under din-energises-before-c). */
  private async energise(ctx: RefSeccContext): Promise<void> {
    const pilot = ctx.pilot;
    if (!pilot) {
      this.contactor = true;
      return;
    }
    const close = (why: string): void => {
      this.contactor = true;
      void pilot.actuate({ contactor: true }, why).catch((e: Error) => ctx.note(`din SECC: contactor: ${e.message}`));
    };
    if (ctx.faults.has('din-energises-before-c')) {
      // the contactor is closed (on the line) before PowerDeliveryRes goes out, so before the EV can be in C
      this.contactor = true;
      await pilot.actuate({ contactor: true }, 'din SECC: energising without waiting for state C (din-energises-before-c)').catch((e: Error) => ctx.note(`din SECC: contactor: ${e.message}`));
      return;
    }
    if (s2Closed(pilot.latest().cpHighV)) {
      close('din SECC: EV in state C, energising');
      return;
    }
    this.energising = pilot
      .waitFor((o) => s2Closed(o.cpHighV), ctx.limitMs('seccSequence'), 'the EV in state C after PowerDelivery(Start)')
      .then(
        () => close('din SECC: EV in state C, energising'),
        () => ctx.note('din SECC: the EV did not switch to state C; the contactor stays open'),
      );
  }

  private async powerOff(ctx: RefSeccContext): Promise<void> {
    this.presentV = this.s.idleV;
    if (!this.contactor) return;
    this.contactor = false;
    await ctx.pilot?.actuate({ contactor: false }, 'din SECC: PowerDelivery(Stop), output off').catch((e: Error) => ctx.note(`din SECC: contactor: ${e.message}`));
  }
}

/** The reference SECC's din70121 module (one per connection). */
export function createDinSecc(config: RefSeccConfig): RefSeccProtocol {
  const session = new DinSeccSession(config);
  return {
    standard: 'din70121',
    namespace: DIN_NS,
    major: 2,
    minor: 0,
    onRequest: (payloadType, exi, ctx) => session.onRequest(payloadType, exi, ctx),
  };
}
