/**
 * Test helper: the harness ISO 15118-2 EVCC procedure pauses a session with the reference SECC module
 * (SessionStop Pause on one "connection") and resumes it on a fresh module (a new connection) of the same
 * SECC context, EXI bytes in between, as the drivers do. Reports what each side would see.
 */
import { iso2Codec } from '../../src/v2g/messages/iso2';
import { createIso2EvccProcedure } from '../../src/v2g/roles/iso2/evcc';
import { createIso2SeccProcedure } from '../../src/v2g/roles/iso2/secc';
import { createIso2Evcc } from '../../src/reference/v2g/iso2/evcc';
import type { ProcedureState } from '../../src/v2g/roles/procedure';
import { createIso2Secc } from '../../src/reference/v2g/iso2/secc';
import { refEvccConfig, refSeccConfig } from '../../src/reference/v2g/config';
import type { RefReply, RefSeccContext } from '../../src/reference/v2g/types';
import { newState, refContext } from './iso2-loop';

export interface PauseReport {
  stopCode: string;
  /** The SECC closes the connection after SessionStopRes(Pause). */
  closedAfterPause: boolean;
  pausedId: string;
  setupCode: string;
  resumedId: string;
  /** What the harness EVCC procedure finds wrong in the resuming SessionSetupRes. */
  problems: string[];
  /** Response names of the resumed session after SessionSetup, through SessionStop. */
  after: string[];
  /** What the harness EVCC procedure finds wrong in the resumed session after SessionSetup (and a FAILED code that ends it). */
  resumedProblems: string[];
}

type Module = ReturnType<typeof createIso2Secc>;

async function exchange(secc: Module, ctx: RefSeccContext, name: string, body: Record<string, unknown>, sessionId: string) {
  const codec = iso2Codec();
  const reply: RefReply = await secc.onRequest(0x8001, codec.encode({ name, body }, sessionId), ctx);
  if (!('exi' in reply)) throw new Error(`${name}: no answer`);
  const d = codec.decode(reply.payloadType, reply.exi);
  return { message: d.message, sessionId: d.sessionId.toUpperCase(), code: codec.responseCode(d.message) ?? '', closeAfter: reply.closeAfter === true };
}

/** Runs the compliant sequence from `i` up to (not including) `upTo`; returns the response names. */
async function runTo(secc: Module, ctx: RefSeccContext, state: ProcedureState, from: number, upTo: string | undefined, problems?: string[]): Promise<string[]> {
  const proc = createIso2EvccProcedure(state.params.energy);
  const names: string[] = [];
  let i = from;
  for (let n = 0; n < 200 && i < proc.sequence.length && proc.sequence[i] !== upTo; n += 1) {
    const request = proc.request(proc.sequence[i], state);
    const r = await exchange(secc, ctx, request.name, request.body, state.sessionId);
    names.push(r.message.name);
    if (request.name === 'SessionSetupReq') state.sessionId = r.sessionId;
    problems?.push(...proc.check(r.message, request, state));
    if (!r.code.startsWith('OK') && problems) {
      problems.push(`${request.name}: ${r.code}`);
      break;
    }
    if (!r.code.startsWith('OK')) throw new Error(`${request.name}: ${r.code}`);
    const next = proc.after(r.message, request, state);
    if (next === 'next') i += 1;
    if (next === 'stop') break;
  }
  return names;
}

/** Pause with one module, resume with a second (same SECC context); `resumeId` replaces the paused id (EV faults). */
export async function pauseAndResumeRefSecc(energy: 'AC' | 'DC', faults: string[], resumeId?: string): Promise<PauseReport> {
  const ctx: RefSeccContext = { ...refContext(faults), paused: new Map() };
  const config = { ...refSeccConfig('default'), energy: [energy] as const };
  const proc = createIso2EvccProcedure(energy);
  const params = { energy, payment: 'EIM' as const, ownId: '020000000001', values: {} };
  const first = newState(params);
  const secc1 = createIso2Secc(config);
  await runTo(secc1, ctx, first, 0, 'SessionStopReq');
  const stop = await exchange(secc1, ctx, 'SessionStopReq', { ChargingSession: 'Pause' }, first.sessionId);
  const second = newState(params);
  const old = resumeId ?? first.sessionId;
  second.sessionId = old;
  second.vars.resumeFrom = first.sessionId;
  second.vars.paused = { ...first.vars }; // as the drivers keep them
  const secc2 = createIso2Secc(config);
  const setupReq = proc.request('SessionSetupReq', second);
  const setup = await exchange(secc2, ctx, 'SessionSetupReq', setupReq.body, old);
  second.sessionId = setup.sessionId;
  const problems = proc.check(setup.message, setupReq, second);
  proc.after(setup.message, setupReq, second);
  const resumedProblems: string[] = [];
  const after = setup.code.startsWith('OK') ? await runTo(secc2, ctx, second, 1, undefined, resumedProblems) : [];
  return { stopCode: stop.code, closedAfterPause: stop.closeAfter, pausedId: first.sessionId, setupCode: setup.code, resumedId: setup.sessionId, problems, after, resumedProblems };
}

export interface EvccPauseReport {
  /** ChargingSession of the first session's SessionStopReq. */
  stopKind: string;
  /** done.resume after SessionStopRes(Pause): the module asks the shell to reconnect. */
  asksResume: boolean;
  pausedId: string;
  /** The SessionID the resuming SessionSetupReq carries. */
  resumeId: string;
  /** Request names of the resumed session through its SessionStopReq. */
  after: string[];
  /** What the harness SECC procedure finds wrong in the resumed session's requests. */
  resumedProblems: string[];
}

/** The reference EVCC module set to pause once, against the harness SECC procedure; resumed on the same module. */
export async function pauseAndResumeRefEvcc(energy: 'AC' | 'DC', faults: string[]): Promise<EvccPauseReport> {
  const codec = iso2Codec();
  const base = refEvccConfig('default', energy, 'EIM');
  const evcc = createIso2Evcc({ ...base, values: { ...base.values, pauseOnce: true } });
  const ctx = refContext(faults);
  const sessionIds = ['0A0B0C0D0E0F1011', '1112131415161718'];
  const resumedProblems: string[] = [];
  let pausedVars: Record<string, unknown> | undefined;
  const run = async (setupCode: string, sid: string): Promise<{ names: string[]; stop: string; resume: boolean; firstId: string }> => {
    const proc = createIso2SeccProcedure(energy);
    const state = newState({ energy, payment: 'EIM', ownId: 'DE*HAR*E0000001', values: {} });
    const resumed = pausedVars !== undefined;
    if (resumed) Object.assign(state.vars, { resumeFrom: sid, paused: pausedVars }); // as the drivers keep them
    pausedVars = state.vars;
    const names: string[] = [];
    let out = await evcc.start(ctx);
    let firstId = '';
    for (let n = 0; n < 400; n += 1) {
      const d = codec.decode(out.payloadType, out.exi);
      names.push(d.message.name);
      if (n === 0) firstId = d.sessionId.toUpperCase();
      if (d.message.name === 'SessionSetupReq') state.sessionId = sid;
      if (resumed) resumedProblems.push(...proc.check(d.message, state));
      const response = proc.respond(d.message, state);
      if (d.message.name === 'SessionSetupReq') response.body.ResponseCode = setupCode;
      const stop = d.message.name === 'SessionStopReq' ? String(d.message.body.ChargingSession) : '';
      const r = await evcc.onResponse(0x8001, codec.encode(response, state.sessionId), ctx);
      if ('done' in r) return { names, stop, resume: r.resume === true, firstId };
      out = r;
    }
    return { names, stop: '', resume: false, firstId };
  };
  const first = await run('OK_NewSessionEstablished', sessionIds[0]);
  const second = await run('OK_OldSessionJoined', sessionIds[0]);
  return { stopKind: first.stop, asksResume: first.resume, pausedId: sessionIds[0], resumeId: second.firstId, after: second.names, resumedProblems };
}
