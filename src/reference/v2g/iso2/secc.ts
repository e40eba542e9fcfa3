/**
 * The reference SECC's ISO 15118-2 module (one per TCP connection), EIM, AC and DC. Compliant by default:
 * checks the session id (FAILED_UnknownSession) and the message sequence (FAILED_SequenceError), answers every
 * request with the fields -2 requires (SAScheduleList with one tuple, EVSE limits from its variant), closes the
 * contactor only once the EV is in state C after PowerDeliveryReq(Start), opens it at PowerDeliveryReq(Stop).
 * Faults (faults.ts) each change one behaviour. Written apart from the harness roles.
 */
import { monoUs } from '../../../core/clock';
import type { RefReply, RefSeccConfig, RefSeccContext, RefSeccProtocol } from '../types';
import { pncSeccAnswer } from './pnc-secc';
import { certSeccAnswer } from './cert-secc';
import { seccResponse, type SeccSession } from './secc-answers';
import { EXI_PAYLOAD, inStateCOrD, NAMESPACE, randomSessionId, readFrame, writeFrame, type Body } from './util';

/** Pause before an answer that keeps a loop going (well inside every performance time). */
const WORKING_MS = 40;

const NEXT: Readonly<Record<string, readonly string[]>> = {
  '': ['SessionSetupReq'],
  SessionSetupReq: ['ServiceDiscoveryReq', 'SessionStopReq'],
  ServiceDiscoveryReq: ['ServiceDetailReq', 'PaymentServiceSelectionReq', 'SessionStopReq'],
  ServiceDetailReq: ['ServiceDetailReq', 'PaymentServiceSelectionReq', 'SessionStopReq'],
  PaymentServiceSelectionReq: ['AuthorizationReq', 'PaymentDetailsReq', 'CertificateInstallationReq', 'CertificateUpdateReq', 'SessionStopReq'],
  CertificateInstallationReq: ['PaymentDetailsReq', 'SessionStopReq'],
  CertificateUpdateReq: ['PaymentDetailsReq', 'SessionStopReq'],
  PaymentDetailsReq: ['AuthorizationReq', 'SessionStopReq'],
  AuthorizationReq: ['AuthorizationReq', 'ChargeParameterDiscoveryReq', 'SessionStopReq'],
  CableCheckReq: ['CableCheckReq', 'PreChargeReq', 'SessionStopReq'],
  PreChargeReq: ['PreChargeReq', 'PowerDeliveryReq', 'SessionStopReq'],
  ChargingStatusReq: ['ChargingStatusReq', 'PowerDeliveryReq', 'MeteringReceiptReq'],
  CurrentDemandReq: ['CurrentDemandReq', 'PowerDeliveryReq', 'MeteringReceiptReq'],
  WeldingDetectionReq: ['WeldingDetectionReq', 'SessionStopReq'],
  SessionStopReq: [],
};

function allowed(s: SeccSession, name: string): boolean {
  const ac = s.energy === 'AC';
  let next: readonly string[];
  if (s.last === 'ChargeParameterDiscoveryReq') next = ['ChargeParameterDiscoveryReq', ac ? 'PowerDeliveryReq' : 'CableCheckReq', 'SessionStopReq'];
  else if (s.last === 'PowerDeliveryReq') next = s.charging ? [ac ? 'ChargingStatusReq' : 'CurrentDemandReq', 'PowerDeliveryReq'] : [ac ? 'SessionStopReq' : 'WeldingDetectionReq', 'SessionStopReq'];
  else if (s.last === 'MeteringReceiptReq') next = [ac ? 'ChargingStatusReq' : 'CurrentDemandReq', 'PowerDeliveryReq'];
  else next = NEXT[s.last] ?? [];
  // Ongoing loops: a repeat is allowed only while the last answer was Ongoing
  if (name === s.last && ['AuthorizationReq', 'ChargeParameterDiscoveryReq', 'CableCheckReq'].includes(name) && !s.ongoing) return false;
  return next.includes(name);
}

/** The mandatory body of a response to `name` with a FAILED code (the same fields a normal answer has). */
function failed(s: SeccSession, name: string, req: Body, code: string, ctx: RefSeccContext): Body {
  const body = seccResponse(s, name, req, ctx);
  return { ...body, ResponseCode: code };
}

/** How long a fault makes the answer to `name` wait (0: at once). */
function delayFor(name: string, ctx: RefSeccContext): number {
  const f = ctx.faults;
  const over = (timer: string, k: number): number => Math.round(ctx.limitMs(timer) * k);
  if (name === 'SessionSetupReq' && f.has('iso2-late-session-setup')) return over('evccMessage', 1.3);
  if (name === 'ServiceDetailReq' && f.has('iso2-servicedetail-late')) return over('evccMessageLong', 1.2);
  if (name === 'AuthorizationReq' && f.has('iso2-late-authorization')) return over('evccMessage', 1.3);
  if (name === 'ChargeParameterDiscoveryReq' && f.has('iso2-late-charge-parameter')) return over('evccMessage', 1.3);
  if (name === 'PowerDeliveryReq' && f.has('iso2-late-power-delivery')) return over('evccMessageLong', 1.2);
  if ((name === 'CertificateInstallationReq' || name === 'CertificateUpdateReq') && f.has('iso2-cert-install-late')) return over('evccMessageLong', 1.2);
  if (name === 'ChargingStatusReq' && f.has('iso2-late-charging-status')) return over('evccMessage', 1.3);
  if (name === 'CurrentDemandReq' && f.has('iso2-late-current-demand')) return over('evccCurrentDemand', 1.3);
  return 0;
}

/** Contactor: closed once the EV shows state C (bounded wait), unless a fault closes it at once. */
async function energise(s: SeccSession, ctx: RefSeccContext): Promise<void> {
  const pilot = ctx.pilot;
  if (!pilot) {
    s.energised = true;
    return;
  }
  if (ctx.faults.has('iso2-energises-before-c')) {
    await pilot.actuate({ contactor: true }, 'iso2 reference SECC: contactor closed at PowerDeliveryReq(Start) (fault: before state C)');
    s.energised = true;
    return;
  }
  const waitMs = Math.max(ctx.limitMs('cpStateCAfterPowerDelivery') * 8, 2_000);
  void pilot
    .waitFor(inStateCOrD, waitMs, 'the EV to close S2 (state C) after PowerDeliveryRes(Start)')
    .then(async () => {
      if (!s.charging || s.closed) return;
      await pilot.actuate({ contactor: true }, 'iso2 reference SECC: contactor closed (EV in state C)');
      s.energised = true;
    })
    .catch((e: Error) => ctx.note(`iso2 reference SECC: no contactor: ${e.message}`));
}

/**
 * DC: the insulation test needs the EV in state C (S2 closed before CableCheckReq); before that the cable check
 * stays Ongoing. The first pilot measurement after the request decides. iso2-energises-before-c: runs the test
 * anyway (contactor closed in state B).
 */
async function cableCheckInStateC(s: SeccSession, body: Body, ctx: RefSeccContext): Promise<Body> {
  const pilot = ctx.pilot;
  if (!pilot) return body;
  if (ctx.faults.has('iso2-energises-before-c')) {
    if (!pilot.commanded().contactor) await pilot.actuate({ contactor: true }, 'iso2 reference SECC: cable check without waiting for state C (fault)').catch(() => undefined);
    s.energised = true;
    return body;
  }
  const from = monoUs();
  const o = await pilot.waitFor((x) => x.tUs >= from, ctx.limitMs('seccPerformance') / 2, 'a pilot measurement').catch(() => pilot.latest());
  if (inStateCOrD(o)) return body;
  ctx.note('iso2 reference SECC: CableCheckReq with the EV not in state C: the insulation test waits (Ongoing)');
  return { ...body, EVSEProcessing: 'Ongoing' };
}

async function deEnergise(s: SeccSession, ctx: RefSeccContext): Promise<void> {
  s.energised = false;
  if (ctx.pilot?.commanded().contactor) await ctx.pilot.actuate({ contactor: false }, 'iso2 reference SECC: contactor opened').catch(() => undefined);
}

/**
 * A SessionSetupReq resuming a session this SECC paused (SessionStop Pause on an earlier connection): the old
 * SessionID, answered OK_OldSessionJoined (ISO 15118-2 session resumption). Undefined for a new session, or
 * under the fault iso2-ignores-pause (the EV then gets a new session).
 */
function resumable(sessionId: string, ctx: RefSeccContext): string | undefined {
  if (/^0*$/.test(sessionId) || !ctx.paused?.has(sessionId)) return undefined;
  if (ctx.faults.has('iso2-ignores-pause')) {
    ctx.note(`iso2 reference SECC: SessionSetupReq resumes paused session ${sessionId}, answered as a new session (fault iso2-ignores-pause)`);
    return undefined;
  }
  ctx.paused.delete(sessionId);
  ctx.note(`iso2 reference SECC: paused session ${sessionId} resumed (OK_OldSessionJoined)`);
  return sessionId;
}

export function createIso2Secc(config: RefSeccConfig): RefSeccProtocol {
  const energy = config.energy.includes('AC') && !config.energy.includes('DC') ? 'AC' : config.energy.includes('DC') && !config.energy.includes('AC') ? 'DC' : 'AC';
  const s: SeccSession = {
    config, energy, sessionId: '', last: '', charging: false, ongoing: false, energised: false, closed: false,
    rounds: new Map(), presentVoltage: 0, meterWh: 0, evRequest: {}, pnc: {},
  };
  return {
    standard: 'iso15118-2',
    namespace: NAMESPACE,
    major: 2,
    minor: 0,
    async onRequest(payloadType: number, exi: Uint8Array, ctx: RefSeccContext): Promise<RefReply> {
      if (payloadType !== EXI_PAYLOAD) return { close: true };
      const frame = readFrame(exi);
      if (!frame) {
        ctx.note('iso2 reference SECC: undecodable ISO 15118-2 request, closing');
        return { close: true };
      }
      const { name, body } = frame;
      if (!name.endsWith('Req')) return { close: true };
      const resName = `${name.slice(0, -3)}Res`;
      // the energy kind follows the EV's request where the EVSE offers both
      if (name === 'ChargeParameterDiscoveryReq' && config.energy.length > 1) s.energy = String(body.RequestedEnergyTransferMode).startsWith('DC') ? 'DC' : 'AC';
      let code: string | undefined;
      if (name === 'SessionSetupReq') {
        if (s.last !== '' && !ctx.faults.has('iso2-no-sequence-error')) code = 'FAILED_SequenceError';
      } else if (frame.sessionId !== s.sessionId && !ctx.faults.has('iso2-accepts-wrong-session-id')) {
        code = 'FAILED_UnknownSession';
      } else if (!allowed(s, name) && !ctx.faults.has('iso2-no-sequence-error')) {
        code = 'FAILED_SequenceError';
      }
      let resBody: Body;
      let resHeader: Body | undefined;
      if (code) {
        resBody = failed(s, name, body, code, ctx);
      } else {
        const pausedAs = ctx.paused?.get(frame.sessionId);
        const joined = name === 'SessionSetupReq' ? resumable(frame.sessionId, ctx) : undefined;
        if (name === 'SessionSetupReq') s.sessionId = joined ?? randomSessionId();
        if (joined) s.resumed = { payment: typeof pausedAs?.payment === 'string' ? pausedAs.payment : undefined };
        // The Certificate service not selected before CertificateInstallation/UpdateReq: no rule found for the answer, answered as usual
        if (name.startsWith('Certificate') && s.certSelected === undefined) ctx.note(`iso2 reference SECC: ${name} without the Certificate service (ServiceID 2) selected in PaymentServiceSelectionReq (answered as usual)`);
        const cert = certSeccAnswer(name, body, exi, ctx);
        resHeader = cert?.header;
        resBody = cert?.body ?? pncSeccAnswer(s.pnc, name, body, exi, ctx) ?? seccResponse(s, name, body, ctx);
        if (name === 'CableCheckReq') resBody = await cableCheckInStateC(s, resBody, ctx);
        if (joined) resBody = { ...resBody, ResponseCode: 'OK_OldSessionJoined' };
        if (String(resBody.ResponseCode).startsWith('OK')) {
          s.last = name;
          s.ongoing = String(resBody.EVSEProcessing ?? '').startsWith('Ongoing');
          if (name === 'PaymentServiceSelectionReq') s.payment = String(body.SelectedPaymentOption);
          if (name === 'PowerDeliveryReq') {
            s.charging = body.ChargeProgress === 'Start';
            if (s.charging) await energise(s, ctx);
            else await deEnergise(s, ctx);
          }
          if (name === 'SessionStopReq') await deEnergise(s, ctx);
        }
      }
      const rc = String(resBody.ResponseCode);
      const pause = name === 'SessionStopReq' && body.ChargingSession === 'Pause' && rc.startsWith('OK');
      if (pause) ctx.paused?.set(s.sessionId, { energy: s.energy, payment: s.payment });
      const keepOpen = pause && ctx.faults.has('iso2-pause-keeps-connection');
      if (keepOpen) ctx.note('iso2 reference SECC: session paused, TCP connection kept open (fault iso2-pause-keeps-connection)');
      const closeAfter = rc.startsWith('FAILED') || (name === 'SessionStopReq' && !keepOpen);
      if (closeAfter) s.closed = true;
      let exiOut: Uint8Array;
      try {
        exiOut = writeFrame(resName, s.sessionId || '00', resBody, resHeader);
      } catch (e) {
        ctx.note(`iso2 reference SECC: no answer to ${name} (${(e as Error).message}), closing`);
        return { close: true };
      }
      // a loop not finished yet (Ongoing, precharge on its way) answers after a short pause, as a real EVSE working on it would
      const working = s.ongoing || (name === 'PreChargeReq' && s.last === 'PreChargeReq' && !code);
      const delayMs = Math.max(delayFor(name, ctx), working ? WORKING_MS : 0);
      return { payloadType: EXI_PAYLOAD, exi: exiOut, ...(delayMs > 0 ? { delayMs } : {}), ...(closeAfter ? { closeAfter } : {}) };
    },
  };
}
