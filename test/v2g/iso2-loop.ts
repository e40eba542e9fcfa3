/**
 * Test helper: runs the harness ISO 15118-2 procedures against the reference modules in process, EXI bytes
 * in between (no sockets, no pilot), the way the drivers use them: what each side would report.
 */
import { iso2Codec } from '../../src/v2g/messages/iso2';
import { createIso2EvccProcedure } from '../../src/v2g/roles/iso2/evcc';
import { createIso2SeccProcedure } from '../../src/v2g/roles/iso2/secc';
import type { ProcedureState, V2gSessionParams } from '../../src/v2g/roles/procedure';
import { effectiveTimerMs, type V2gTimerName } from '../../src/v2g/timers';
import { createIso2Evcc } from '../../src/reference/v2g/iso2/evcc';
import { createIso2Secc } from '../../src/reference/v2g/iso2/secc';
import { refEvccConfig, refSeccConfig } from '../../src/reference/v2g/config';
import type { RefContext } from '../../src/reference/v2g/types';
import type { EvPort, EvsePort } from '../../src/iec61851/line/types';

export const limitMs = (t: string): number => effectiveTimerMs(t as V2gTimerName, 0.1, {}, 400);

export function refContext(faults: string[], variant: 'default' | 'alt' = 'default'): RefContext {
  return { faults: new Set(faults), limitMs, note: () => undefined, variant };
}

export function newState(params: V2gSessionParams): ProcedureState {
  return { sessionId: '00', seen: new Map(), count: new Map(), vars: {}, params };
}

export interface LoopReport {
  names: string[];
  problems: string[];
  codes: string[];
  /** Responses that came later than the EVCC timer allows (delayMs over the limit). */
  late: string[];
  /** Loops longer than their loop timer (counted in rounds: > 200 rounds stands for "never ends"). */
  endless: string[];
}

/** Harness EVCC procedure → reference SECC module. */
export async function evccAgainstRefSecc(energy: 'AC' | 'DC', faults: string[] = [], variant: 'default' | 'alt' = 'default'): Promise<LoopReport> {
  const proc = createIso2EvccProcedure(energy);
  const codec = iso2Codec();
  const secc = createIso2Secc({ ...refSeccConfig(variant), energy: [energy] });
  const ctx = refContext(faults, variant);
  const state = newState({ energy, payment: 'EIM', ownId: '02:00:00:00:00:01', values: {} });
  const rep: LoopReport = { names: [], problems: [], codes: [], late: [], endless: [] };
  let i = 0;
  let rounds = 0;
  while (i < proc.sequence.length && rounds < 400) {
    rounds += 1;
    const request = proc.request(proc.sequence[i], state);
    const reply = await secc.onRequest(0x8001, codec.encode(request, state.sessionId), ctx);
    if (!('exi' in reply)) {
      rep.problems.push(`${request.name}: no answer`);
      break;
    }
    const decoded = codec.decode(reply.payloadType, reply.exi);
    const response = decoded.message;
    rep.names.push(response.name);
    const code = codec.responseCode(response) ?? '';
    rep.codes.push(code);
    if ((reply.delayMs ?? 0) > limitMs(proc.timer(request.name))) rep.late.push(response.name);
    if (request.name === 'SessionSetupReq') state.sessionId = decoded.sessionId;
    else if (decoded.sessionId !== state.sessionId) rep.problems.push(`${response.name}: session id ${decoded.sessionId}`);
    rep.problems.push(...proc.check(response, request, state));
    if (!code.startsWith('OK')) break;
    const next = proc.after(response, request, state);
    if (next === 'next') i += 1;
    if (next === 'stop') break;
    const same = rep.names.filter((n) => n === response.name).length;
    if (next === 'again' && same > 200) {
      rep.endless.push(request.name);
      break;
    }
  }
  return rep;
}

/** Reference EVCC module → harness SECC procedure. */
export async function refEvccAgainstSecc(
  energy: 'AC' | 'DC', faults: string[] = [], variant: 'default' | 'alt' = 'default',
  tweak?: (name: string, body: Record<string, unknown>, seen: number) => void, pilot?: EvPort, pauseMs = 0,
): Promise<LoopReport & { delays: Record<string, number> }> {
  const proc = createIso2SeccProcedure(energy);
  const codec = iso2Codec();
  const evcc = createIso2Evcc(refEvccConfig(variant, energy, 'EIM'));
  const ctx = { ...refContext(faults, variant), pilot };
  const state = newState({ energy, payment: 'EIM', ownId: 'DE*HAR*E0000001', values: {} });
  const rep: LoopReport & { delays: Record<string, number> } = { names: [], problems: [], codes: [], late: [], endless: [], delays: {} };
  let out = await evcc.start(ctx);
  for (let n = 0; n < 400; n += 1) {
    const decoded = codec.decode(out.payloadType, out.exi);
    const request = decoded.message;
    rep.names.push(request.name);
    if (out.delayMs) rep.delays[request.name] = out.delayMs;
    if (!proc.allowed(state).includes(request.name)) {
      rep.problems.push(`${request.name} not allowed after ${String(state.vars.last ?? 'start')}`);
      break;
    }
    if (request.name !== 'SessionSetupReq' && decoded.sessionId !== state.sessionId) rep.problems.push(`${request.name}: session id ${decoded.sessionId}`);
    rep.problems.push(...proc.check(request, state));
    if (request.name === 'SessionSetupReq') state.sessionId = '0A0B0C0D0E0F1011';
    const response = proc.respond(request, state);
    tweak?.(response.name, response.body, rep.names.filter((x) => x === request.name).length);
    rep.codes.push(String(response.body.ResponseCode));
    if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
    const result = await evcc.onResponse(0x8001, codec.encode(response, state.sessionId), ctx);
    if ('done' in result) break;
    out = result;
  }
  return rep;
}

export interface ProbeResult {
  code: string;
  body: Record<string, unknown>;
  delayMs: number;
  /** Problems the harness EVCC procedure finds in the probe's response. */
  problems: string[];
  closed: boolean;
}

/**
 * Runs the compliant harness EVCC sequence against the reference SECC up to `upTo` (not sent), then sends
 * `name` with `overrides` (top-level body fields; `sessionId` replaces the header's) and reports the answer.
 */
export async function probeRefSecc(
  energy: 'AC' | 'DC', faults: string[], upTo: string, name: string, overrides: Record<string, unknown> = {}, sessionId?: string, pilot?: EvsePort,
): Promise<ProbeResult> {
  const proc = createIso2EvccProcedure(energy);
  const codec = iso2Codec();
  const secc = createIso2Secc({ ...refSeccConfig('default'), energy: [energy] });
  const ctx = { ...refContext(faults), pilot };
  const state = newState({ energy, payment: 'EIM', ownId: '020000000001', values: {} });
  let i = 0;
  for (let n = 0; n < 100 && proc.sequence[i] !== upTo; n += 1) {
    const request = proc.request(proc.sequence[i], state);
    const reply = await secc.onRequest(0x8001, codec.encode(request, state.sessionId), ctx);
    if (!('exi' in reply)) throw new Error(`${request.name}: no answer on the way to ${upTo}`);
    const decoded = codec.decode(reply.payloadType, reply.exi);
    if (request.name === 'SessionSetupReq') state.sessionId = decoded.sessionId;
    if (proc.after(decoded.message, request, state) === 'next') i += 1;
  }
  const base = proc.request(name, state);
  const request = { name, body: { ...base.body, ...overrides } };
  const reply = await secc.onRequest(0x8001, codec.encode(request, sessionId ?? state.sessionId), ctx);
  if (!('exi' in reply)) return { code: '', body: {}, delayMs: 0, problems: [], closed: true };
  const response = codec.decode(reply.payloadType, reply.exi).message;
  return { code: codec.responseCode(response) ?? '', body: response.body, delayMs: reply.delayMs ?? 0, problems: proc.check(response, request, state), closed: false };
}
