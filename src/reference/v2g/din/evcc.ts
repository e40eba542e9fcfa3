/**
 * The reference EVCC's DIN SPEC 70121 module (DC, EIM): drives a whole session — SessionSetup, ServiceDiscovery,
 * ServicePaymentSelection, ContractAuthentication and ChargeParameterDiscovery (repeated while Ongoing, given up
 * after evccOngoing), S2 closed (state C), CableCheck (evccCableCheck), PreCharge until the EVSE voltage is within
 * tolerance of its target (evccPreCharge), PowerDelivery(Start), CurrentDemand ×N (or until the EVSE
 * asks to stop), PowerDelivery(Stop) then S2 open, WeldingDetection, SessionStop. Each DIN_EVCC_FAULTS entry
 * changes one behaviour. Config `values`: own keys (evMaxCurrentA …) else the shared reference keys (maxCurrentA …).
 */
import type { RefEvccConfig, RefEvccContext, RefEvccProtocol, RefSend } from '../types';
import { amount, DIN_NS, type Obj, phys, pick, PT_EXI, type Pv, readDin, writeDin } from './common';

interface Ev {
  evccId: string;
  transfer: string;
  payment: string;
  maxA: number | Pv;
  maxV: number | Pv;
  maxW: number | Pv | undefined;
  targetV: number | Pv;
  targetA: number | Pv;
  preA: number | Pv;
  soc: number;
  socCharging: number;
  socEnd: number;
  demands: number;
  toleranceV: number;
  intervalMs: number;
  /** Runs WeldingDetection after PowerDelivery(Stop) (optional in DIN 70121). */
  welding: boolean;
}

function ev(config: RefEvccConfig): Ev {
  const v = config.values;
  const soc = pick(v, ['soc', 'socPct'], 40);
  const socCharging = pick(v, ['socCharging'], Math.min(100, soc + 1));
  return {
    evccId: config.evccId,
    transfer: pick(v, ['energyTransferType'], 'DC_extended'),
    payment: pick(v, ['paymentOption'], 'ExternalPayment'),
    maxA: pick(v, ['evMaxCurrentA', 'maxCurrentA'], 125),
    maxV: pick(v, ['evMaxVoltageV', 'maxVoltageV'], 450),
    maxW: pick<number | Pv | undefined>(v, ['evMaxPowerW', 'maxPowerW'], undefined),
    targetV: pick(v, ['targetVoltageV'], 400),
    targetA: pick(v, ['targetCurrentA'], 50),
    preA: pick(v, ['preChargeCurrentA'], 2),
    soc,
    socCharging,
    socEnd: pick(v, ['socEnd'], Math.min(100, socCharging + 1)),
    demands: pick(v, ['currentDemandCount'], 5),
    toleranceV: pick(v, ['preChargeToleranceV'], 10),
    intervalMs: pick(v, ['currentDemandIntervalMs'], 20),
    welding: pick(v, ['dinWeldingDetection'], true),
  };
}

const LOOP_TIMER: Readonly<Record<string, string>> = {
  ContractAuthenticationReq: 'evccOngoing',
  ChargeParameterDiscoveryReq: 'evccOngoing',
  CableCheckReq: 'evccCableCheck',
  PreChargeReq: 'evccPreCharge',
};

type Phase = 'before' | 'charging' | 'after';

class DinEvccSession {
  private sessionId = '00';
  private sent = '';
  private phase: Phase = 'before';
  private demands = 0;
  private weldings = 0;
  private readonly loopStart = new Map<string, number>();
  private readonly e: Ev;

  constructor(config: RefEvccConfig) {
    this.e = ev(config);
  }

  start(ctx: RefEvccContext): Promise<RefSend> {
    return Promise.resolve(this.request('SessionSetupReq', ctx));
  }

  private status(): Obj {
    const soc = this.phase === 'before' ? this.e.soc : this.phase === 'charging' ? this.e.socCharging : this.e.socEnd;
    return { EVReady: 1, EVErrorCode: 'NO_ERROR', EVRESSSOC: soc };
  }

  private request(name: string, ctx: RefEvccContext, opts: { delayMs?: number } = {}): RefSend {
    const f = (n: string): boolean => ctx.faults.has(n);
    const e = this.e;
    let body: Obj;
    switch (name) {
      case 'SessionSetupReq':
        body = { EVCCID: e.evccId };
        break;
      case 'ServicePaymentSelectionReq':
        body = { SelectedPaymentOption: e.payment, SelectedServiceList: { SelectedService: [{ ServiceID: this.serviceId }] } };
        break;
      case 'ChargeParameterDiscoveryReq': {
        if (f('din-requests-ac')) {
          body = { EVRequestedEnergyTransferType: 'AC_three_phase_core', EVChargeParameter: {} };
          break;
        }
        const p: Obj = { DC_EVStatus: this.status(), EVMaximumCurrentLimit: phys(e.maxA, 'A') };
        if (e.maxW !== undefined) p.EVMaximumPowerLimit = phys(e.maxW, 'W');
        p.EVMaximumVoltageLimit = phys(e.maxV, 'V');
        body = { EVRequestedEnergyTransferType: e.transfer, DC_EVChargeParameter: p };
        break;
      }
      case 'CableCheckReq':
      case 'WeldingDetectionReq':
        body = { DC_EVStatus: this.status() };
        break;
      case 'PreChargeReq':
        body = { DC_EVStatus: this.status(), EVTargetVoltage: phys(e.targetV, 'V'), EVTargetCurrent: f('din-precharge-current-too-high') ? phys(10, 'A') : phys(e.preA, 'A') };
        break;
      case 'PowerDeliveryReq': {
        const start = this.phase === 'before';
        if (!start) this.phase = 'after';
        body = { ReadyToChargeState: start ? 1 : 0, DC_EVPowerDeliveryParameter: { DC_EVStatus: this.status(), ChargingComplete: start ? 0 : 1 } };
        break;
      }
      case 'CurrentDemandReq': {
        const a = f('din-target-above-max') ? phys((amount(phys(e.maxA, 'A')) ?? 0) + 10, 'A') : phys(e.targetA, 'A');
        const v = f('din-voltage-target-above-max') ? phys((amount(phys(e.maxV, 'V')) ?? 0) + 20, 'V') : phys(e.targetV, 'V');
        body = { DC_EVStatus: this.status(), EVTargetCurrent: a, ChargingComplete: 0, EVTargetVoltage: v };
        break;
      }
      default:
        body = {};
    }
    this.sent = name;
    let sid = this.sessionId;
    if (f('din-wrong-session-id') && name !== 'SessionSetupReq') sid = sid.slice(0, -2) + ((parseInt(sid.slice(-2), 16) + 1) % 256).toString(16).padStart(2, '0');
    let responseTimeoutMs = name === 'CurrentDemandReq' ? ctx.limitMs('evccCurrentDemand') : name === 'PowerDeliveryReq' ? ctx.limitMs('dinPowerDelivery') : ctx.limitMs('evccMessage');
    if (f('din-ignores-timeout') && (name === 'CurrentDemandReq' || name === 'PowerDeliveryReq')) responseTimeoutMs = ctx.limitMs('evccMessage') * 3;
    return { payloadType: PT_EXI, exi: writeDin(name, body, sid), responseTimeoutMs, ...opts };
  }

  private serviceId = 1;

  /** Repeats `name` unless its loop timer has run out (then the EV gives up). */
  private loop(name: string, ctx: RefEvccContext, ongoingLoop: boolean): RefSend | { done: true; reason: string } {
    const start = this.loopStart.get(name) ?? Date.now();
    this.loopStart.set(name, start);
    const timer = LOOP_TIMER[name];
    const limit = !ongoingLoop && ctx.faults.has('din-loop-gives-up-early') ? ctx.limitMs(timer) / 4 : ctx.limitMs(timer);
    const persists = ongoingLoop ? ctx.faults.has('din-ongoing-never-gives-up') : ctx.faults.has('din-loop-never-gives-up');
    if (Date.now() - start > limit && !persists) {
      return { done: true, reason: `${name} loop not finished within ${timer} (${limit} ms): giving up` };
    }
    return this.request(name, ctx, { delayMs: this.e.intervalMs });
  }

  async onResponse(payloadType: number, exi: Uint8Array, ctx: RefEvccContext): Promise<RefSend | { done: true; reason: string }> {
    if (payloadType !== PT_EXI) return { done: true, reason: `response with payload type 0x${payloadType.toString(16)}` };
    let res;
    try {
      res = readDin(exi);
    } catch (e) {
      return { done: true, reason: `undecodable response: ${(e as Error).message}` };
    }
    const expected = `${this.sent.replace(/Req$/, '')}Res`;
    if (res.name !== expected) return { done: true, reason: `${res.name} in answer to ${this.sent}` };
    const b = res.body;
    const code = String(b.ResponseCode);
    if (this.sent === 'SessionSetupReq') this.sessionId = res.sessionId;
    if (code.startsWith('FAILED')) return { done: true, reason: `${res.name}: ${code}` };
    const f = (n: string): boolean => ctx.faults.has(n);
    const processing = b.EVSEProcessing === 'Ongoing';
    switch (res.name) {
      case 'SessionSetupRes':
        return this.request('ServiceDiscoveryReq', ctx);
      case 'ServiceDiscoveryRes': {
        const id = ((b.ChargeService as Obj | undefined)?.ServiceTag as Obj | undefined)?.ServiceID;
        if (typeof id === 'number') this.serviceId = id;
        return this.request('ServicePaymentSelectionReq', ctx);
      }
      case 'ServicePaymentSelectionRes':
        return this.request('ContractAuthenticationReq', ctx);
      case 'ContractAuthenticationRes':
      case 'ChargeParameterDiscoveryRes':
        if (processing && f('din-ongoing-gives-up-early')) return this.request('SessionStopReq', ctx);
        if (processing) return this.loop(this.sent, ctx, true);
        if (res.name === 'ContractAuthenticationRes') return this.request('ChargeParameterDiscoveryReq', ctx);
        // DC: the EV closes S2 (state C) before CableCheck, the EVSE's insulation test needs it
        await ctx.pilot?.actuate({ s2: true }, 'din EVCC: state C before CableCheck').catch((e: Error) => ctx.note(`din EVCC: S2: ${e.message}`));
        if (f('din-skips-cablecheck')) return this.request('PreChargeReq', ctx);
        return this.request('CableCheckReq', ctx);
      case 'CableCheckRes':
        if (processing) return this.loop('CableCheckReq', ctx, false);
        if (f('din-skips-precharge')) return this.request('PowerDeliveryReq', ctx);
        return this.request('PreChargeReq', ctx);
      case 'PreChargeRes': {
        const present = amount(b.EVSEPresentVoltage) ?? 0;
        const target = amount(phys(this.e.targetV, 'V')) ?? 0;
        if (Math.abs(present - target) <= this.e.toleranceV || f('din-precharge-gives-up')) return this.request('PowerDeliveryReq', ctx);
        return this.loop('PreChargeReq', ctx, false);
      }
      case 'PowerDeliveryRes':
        if (this.phase === 'before') {
          this.phase = 'charging';
          await ctx.pilot?.actuate({ s2: true }, 'din EVCC: state C at PowerDeliveryRes(Start) (closed since CableCheck)').catch((e: Error) => ctx.note(`din EVCC: S2: ${e.message}`));
          return this.request('CurrentDemandReq', ctx);
        }
        await ctx.pilot?.actuate({ s2: false }, 'din EVCC: state B after PowerDeliveryRes(Stop)').catch((e: Error) => ctx.note(`din EVCC: S2: ${e.message}`));
        return this.request(f('din-no-welding-detection') || !this.e.welding ? 'SessionStopReq' : 'WeldingDetectionReq', ctx);
      case 'CurrentDemandRes': {
        this.demands++;
        const st = b.DC_EVSEStatus as Obj | undefined;
        const stop = st?.EVSENotification === 'StopCharging' || ['EVSE_Shutdown', 'EVSE_EmergencyShutdown', 'EVSE_Malfunction'].includes(String(st?.EVSEStatusCode));
        if (stop && !f('din-ignores-evse-stop')) {
          ctx.note('din EVCC: the EVSE asked to stop charging');
          return this.request('PowerDeliveryReq', ctx);
        }
        if (this.demands >= this.e.demands) return this.request('PowerDeliveryReq', ctx);
        const late = f('din-late-request') && this.demands === 2 ? Math.round(ctx.limitMs('seccSequence') * 1.2) : undefined;
        return this.request('CurrentDemandReq', ctx, { delayMs: late ?? this.e.intervalMs });
      }
      case 'WeldingDetectionRes': {
        this.weldings++;
        const present = amount(b.EVSEPresentVoltage) ?? 0;
        if (present > 20 && this.weldings < 10) return this.request('WeldingDetectionReq', ctx, { delayMs: this.e.intervalMs });
        return this.request('SessionStopReq', ctx);
      }
      case 'SessionStopRes':
        return { done: true, reason: 'session stopped (SessionStopRes)' };
      default:
        return { done: true, reason: `unexpected ${res.name}` };
    }
  }
}

/** The reference EVCC's din70121 module (one per session). */
export function createDinEvcc(config: RefEvccConfig): RefEvccProtocol {
  const session = new DinEvccSession(config);
  return {
    standard: 'din70121',
    namespace: DIN_NS,
    major: 2,
    minor: 0,
    start: (ctx) => session.start(ctx),
    onResponse: (payloadType, exi, ctx) => session.onResponse(payloadType, exi, ctx),
  };
}
