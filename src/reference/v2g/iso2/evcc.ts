/**
 * The reference EVCC's ISO 15118-2 module (one per session), EIM, AC or DC as its configuration says:
 * SessionSetup → ServiceDiscovery → [ServiceDetail of the first listed service] → PaymentServiceSelection →
 * Authorization (while Ongoing) → ChargeParameterDiscovery (while Ongoing) → AC: PowerDelivery(Start) →
 * ChargingStatus ×N → PowerDelivery(Stop) → SessionStop; DC: S2 closed, CableCheck (while Ongoing) → PreCharge
 * (until the EVSE's voltage is at the target) → PowerDelivery(Start) → CurrentDemand ×N → PowerDelivery(Stop) →
 * WeldingDetection → SessionStop. AC closes S2 after PowerDeliveryRes(Start); both open it after the stop.
 * Stops on a FAILED code or an unexpected answer. Faults (faults.ts) each change one behaviour.
 */
import type { RefEvccConfig, RefEvccContext, RefEvccDone, RefEvccProtocol, RefSend } from '../types';
import { evccRequest, type EvccSession } from './evcc-requests';
import { signedAuthorizationFrame } from './pnc-evcc';
import { acceptCertRes, certRequestFrame, certRequestName, CERT_SERVICE_ID, chooseCert, wantsCertService } from './cert-evcc';
import { decodeExiJson } from '../../../exi';
import { EXI_PAYLOAD, NAMESPACE, obj, list, physValue, readFrame, writeFrame } from './util';

type Outcome = RefSend | RefEvccDone;

/** Pause before repeating an unfinished loop's request (Ongoing, PreCharge not there yet), as a real EV paces it. */
const REPEAT_MS = 50;

function timeoutFor(name: string, ctx: RefEvccContext): number {
  if (name === 'CurrentDemandReq') return ctx.limitMs('evccCurrentDemand');
  return ['ServiceDetailReq', 'PaymentDetailsReq', 'PowerDeliveryReq', 'CertificateInstallationReq', 'CertificateUpdateReq'].includes(name) ? ctx.limitMs('evccMessageLong') : ctx.limitMs('evccMessage');
}

function send(s: EvccSession, name: string, ctx: RefEvccContext, delayMs = 0): RefSend {
  s.expect = `${name.slice(0, -3)}Res`;
  s.lastReq = name;
  let exi: Uint8Array;
  if (name === 'CertificateInstallationReq' || name === 'CertificateUpdateReq') {
    const built = certRequestFrame(name, s.sessionId, ctx.contract, ctx);
    s.lastBody = built.body;
    exi = built.exi;
  } else {
    s.lastBody = evccRequest(s, name, ctx);
    const signed = name === 'AuthorizationReq' && s.config.payment === 'PnC';
    exi = signed ? signedAuthorizationFrame(s.sessionId, s.lastBody, ctx, s.pnc) : writeFrame(name, s.sessionId, s.lastBody);
  }
  return {
    payloadType: EXI_PAYLOAD, exi, responseTimeoutMs: timeoutFor(name, ctx),
    ...(delayMs > 0 ? { delayMs } : {}), ...(name === 'SessionStopReq' ? { closeAfter: true } : {}),
  };
}

/** The EVCC's own loop timer (evccOngoing, evccCableCheck, evccPreCharge), as its faults bend it. */
function loopLimit(timer: string, ctx: RefEvccContext): number {
  if (ctx.faults.has('iso2-never-gives-up')) return Number.POSITIVE_INFINITY;
  return ctx.limitMs(timer) * (ctx.faults.has('iso2-gives-up-early') ? 0.5 : 1);
}

function ongoing(body: Record<string, unknown>): boolean {
  return String(body.EVSEProcessing ?? 'Finished').startsWith('Ongoing');
}

/** Repeats `name` while Ongoing (bounded by `timer`), else goes to `next`. */
function loop(s: EvccSession, name: string, body: Record<string, unknown>, timer: string, next: () => Outcome, ctx: RefEvccContext): Outcome {
  if (!ongoing(body) || ctx.faults.has('iso2-ignores-ongoing')) {
    s.loopStart.delete(name);
    return next();
  }
  const start = s.loopStart.get(name) ?? performance.now();
  s.loopStart.set(name, start);
  if (performance.now() - start > loopLimit(timer, ctx)) return { done: true, reason: `${name}: still Ongoing after ${timer}` };
  return send(s, name, ctx, REPEAT_MS);
}

async function s2(ctx: RefEvccContext, closed: boolean, why: string): Promise<void> {
  if (!ctx.pilot) return;
  await ctx.pilot.actuate({ s2: closed }, `iso2 reference EVCC: ${why}`).catch((e: Error) => ctx.note(`iso2 reference EVCC: S2 not switched: ${e.message}`));
}

async function closeS2AfterStart(ctx: RefEvccContext): Promise<void> {
  if (!ctx.faults.has('iso2-late-state-c')) return s2(ctx, true, 'S2 closed after PowerDeliveryRes(Start) (state C)');
  const ms = Math.round(ctx.limitMs('cpStateCAfterPowerDelivery') * 2);
  await new Promise((r) => setTimeout(r, ms));
  return s2(ctx, true, `S2 closed ${ms} ms after PowerDeliveryRes(Start) (fault iso2-late-state-c)`);
}

function stopNotified(body: Record<string, unknown>): boolean {
  return obj(body.AC_EVSEStatus ?? body.DC_EVSEStatus).EVSENotification === 'StopCharging';
}

async function next(s: EvccSession, name: string, body: Record<string, unknown>, ctx: RefEvccContext, exi?: Uint8Array): Promise<Outcome> {
  const f = ctx.faults;
  const dc = s.config.energy === 'DC';
  switch (name) {
    case 'SessionSetupRes':
      return send(s, f.has('iso2-skips-service-discovery') ? 'PaymentServiceSelectionReq' : 'ServiceDiscoveryReq', ctx);
    case 'ServiceDiscoveryRes': {
      s.offeredPayments = list(obj(body.PaymentOptionList).PaymentOption).map(String);
      s.offeredModes = list(obj(obj(body.ChargeService).SupportedEnergyTransferMode).EnergyTransferMode).map(String);
      s.chargeServiceId = Number(obj(body.ChargeService).ServiceID ?? 1);
      if (wantsCertService(s.config, body.ServiceList, ctx)) {
        s.detailId = CERT_SERVICE_ID;
        return send(s, 'ServiceDetailReq', ctx);
      }
      const listed = list(obj(body.ServiceList).Service).map((x) => obj(x).ServiceID).find((id) => typeof id === 'number');
      if (typeof listed === 'number') {
        s.detailId = listed;
        return send(s, 'ServiceDetailReq', ctx);
      }
      return send(s, 'PaymentServiceSelectionReq', ctx);
    }
    case 'ServiceDetailRes':
      if (s.detailId === CERT_SERVICE_ID && s.config.payment === 'PnC') s.pnc.cert = { choice: chooseCert(s.config, body) };
      return send(s, 'PaymentServiceSelectionReq', ctx);
    case 'PaymentServiceSelectionRes':
      if (s.config.payment === 'PnC' && s.pnc.cert?.choice) return send(s, certRequestName(s.pnc.cert.choice), ctx);
      if (s.config.payment === 'PnC') return send(s, 'PaymentDetailsReq', ctx);
      return send(s, f.has('iso2-skips-authorization') ? 'ChargeParameterDiscoveryReq' : 'AuthorizationReq', ctx);
    case 'CertificateInstallationRes':
    case 'CertificateUpdateRes': {
      const receiver = name === 'CertificateInstallationRes' ? ctx.cert?.oemProvKeyPem : ctx.contract?.keyPem;
      const signature = exi ? obj(obj(obj(decodeExiJson('iso2', exi).V2G_Message).Header).Signature) : undefined;
      const got = acceptCertRes(body, signature, receiver ?? '', ctx);
      if (typeof got === 'string') {
        ctx.note(`iso2 reference EVCC: ${name} not taken: ${got}`);
        return { done: true, reason: `${name}: ${got}` };
      }
      s.pnc.cert = { ...s.pnc.cert, installed: got };
      ctx.note(`iso2 reference EVCC: contract installed from ${name}`);
      return send(s, 'PaymentDetailsReq', ctx);
    }
    case 'PaymentDetailsRes':
      s.pnc.challenge = typeof body.GenChallenge === 'string' ? body.GenChallenge : undefined;
      return send(s, 'AuthorizationReq', ctx);
    case 'AuthorizationRes': {
      const late = f.has('iso2-late-request') ? Math.round(ctx.limitMs('seccSequence') * 1.3) : 0;
      return loop(s, 'AuthorizationReq', body, 'evccOngoing', () => send(s, 'ChargeParameterDiscoveryReq', ctx, late), ctx);
    }
    case 'ChargeParameterDiscoveryRes': {
      const tuple = obj(list(obj(body.SAScheduleList).SAScheduleTuple)[0]);
      if (typeof tuple.SAScheduleTupleID === 'number') {
        s.scheduleId = tuple.SAScheduleTupleID;
        const pmax = list(obj(tuple.PMaxSchedule).PMaxScheduleEntry).map((e) => physValue(obj(e).PMax));
        s.pmaxW = pmax.length > 0 ? Math.min(...pmax) : Number.NaN;
      }
      const dcp = obj(body.DC_EVSEChargeParameter);
      if (dcp.EVSEMaximumCurrentLimit) s.evseMaxCurrentA = physValue(dcp.EVSEMaximumCurrentLimit);
      return loop(s, 'ChargeParameterDiscoveryReq', body, 'evccOngoing', () => {
        if (!dc) return send(s, 'PowerDeliveryReq', ctx);
        return send(s, f.has('iso2-skips-cable-check') ? 'PreChargeReq' : 'CableCheckReq', ctx);
      }, ctx);
    }
    case 'CableCheckRes':
      return loop(s, 'CableCheckReq', body, 'evccCableCheck', () => send(s, f.has('iso2-skips-precharge') ? 'PowerDeliveryReq' : 'PreChargeReq', ctx), ctx);
    case 'PreChargeRes': {
      const gap = Math.abs(physValue(body.EVSEPresentVoltage) - physValue(s.lastBody.EVTargetVoltage));
      if (gap <= 10) {
        s.loopStart.delete('PreChargeReq');
        return send(s, 'PowerDeliveryReq', ctx);
      }
      const start = s.loopStart.get('PreChargeReq') ?? performance.now();
      s.loopStart.set('PreChargeReq', start);
      if (performance.now() - start > loopLimit('evccPreCharge', ctx)) return { done: true, reason: 'PreCharge did not converge within evccPreCharge' };
      return send(s, 'PreChargeReq', ctx, REPEAT_MS);
    }
    case 'PowerDeliveryRes':
      if (s.lastBody.ChargeProgress === 'Start') {
        s.charging = true;
        if (!dc || f.has('iso2-late-state-c')) await closeS2AfterStart(ctx);
        return send(s, dc ? 'CurrentDemandReq' : 'ChargingStatusReq', ctx);
      }
      s.charging = false;
      await s2(ctx, false, 'S2 opened after PowerDeliveryRes(Stop) (state B)');
      return send(s, dc ? 'WeldingDetectionReq' : 'SessionStopReq', ctx);
    case 'ChargingStatusRes':
    case 'CurrentDemandRes': {
      s.loops += 1;
      const stop = (stopNotified(body) && !f.has('iso2-ignores-stop-charging')) || s.loops >= s.maxLoops;
      if (!stop) return send(s, dc ? 'CurrentDemandReq' : 'ChargingStatusReq', ctx);
      return send(s, f.has('iso2-no-power-delivery-stop') ? 'SessionStopReq' : 'PowerDeliveryReq', ctx);
    }
    case 'WeldingDetectionRes':
      return send(s, 'SessionStopReq', ctx);
    case 'SessionStopRes':
      if (s.lastBody.ChargingSession !== 'Pause') return { done: true, reason: 'session stopped (SessionStopRes)' };
      s.pause = 'paused';
      return { done: true, reason: `session ${s.sessionId} paused (SessionStopRes)`, resume: true };
    default:
      return { done: true, reason: `unexpected ${name}` };
  }
}

/**
 * Resuming a paused session: the next SessionSetupReq carries the paused SessionID (fault
 * iso2-resume-with-new-session: SessionID 0), and the sequence starts over from ServiceDiscovery.
 */
function resumeSession(s: EvccSession, ctx: RefEvccContext): void {
  s.pause = 'resumed';
  Object.assign(s, { expect: '', lastReq: '', lastBody: {}, charging: false, loops: 0, detailId: undefined });
  s.loopStart.clear();
  if (ctx.faults.has('iso2-resume-with-new-session')) {
    ctx.note(`iso2 reference EVCC: resumes paused session ${s.sessionId} with SessionID 0 (fault iso2-resume-with-new-session)`);
    s.sessionId = '00';
  }
}

export function createIso2Evcc(config: RefEvccConfig): RefEvccProtocol {
  const s: EvccSession = {
    config, sessionId: '00', expect: '', lastReq: '', lastBody: {}, offeredPayments: [], offeredModes: [], chargeServiceId: 1,
    detailId: undefined, scheduleId: 1, pmaxW: Number.NaN, evseMaxCurrentA: Number.POSITIVE_INFINITY, charging: false, loops: 0,
    maxLoops: typeof config.values.chargeLoops === 'number' ? config.values.chargeLoops : 3, loopStart: new Map(), pnc: {},
    ...(config.values.pauseOnce === true ? { pause: 'pending' as const } : {}),
  };
  return {
    standard: 'iso15118-2',
    namespace: NAMESPACE,
    major: 2,
    minor: 0,
    async start(ctx: RefEvccContext): Promise<RefSend> {
      if (s.pause === 'paused') resumeSession(s, ctx);
      return send(s, 'SessionSetupReq', ctx);
    },
    async onResponse(payloadType: number, exi: Uint8Array, ctx: RefEvccContext): Promise<Outcome> {
      if (payloadType !== EXI_PAYLOAD) return { done: true, reason: `payload type 0x${payloadType.toString(16)} is not 0x8001` };
      const frame = readFrame(exi);
      if (!frame) return { done: true, reason: 'the response does not decode as ISO 15118-2' };
      if (frame.name !== s.expect) return { done: true, reason: `expected ${s.expect}, got ${frame.name}` };
      const code = String(frame.body.ResponseCode ?? '');
      if (code.startsWith('FAILED')) {
        if (s.charging) await s2(ctx, false, `S2 opened after ${code}`);
        return { done: true, reason: `${frame.name} ${code}` };
      }
      if (frame.name === 'SessionSetupRes') s.sessionId = frame.sessionId;
      else if (frame.sessionId !== s.sessionId) return { done: true, reason: `${frame.name} carries SessionID ${frame.sessionId}, not ${s.sessionId}` };
      if (frame.name === 'ChargeParameterDiscoveryRes' && s.config.energy === 'DC' && !ongoing(frame.body) && !ctx.faults.has('iso2-late-state-c')) {
        await s2(ctx, true, 'S2 closed before CableCheck (state C)');
      }
      try {
        return await next(s, frame.name, frame.body, ctx, exi);
      } catch (e) {
        return { done: true, reason: `cannot build the next request: ${(e as Error).message}` };
      }
    },
  };
}
