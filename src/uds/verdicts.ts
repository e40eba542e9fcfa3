/**
 * Verdict helpers on a UdsExchange. Each throws a VerdictError (WaitTimeoutError for silence) whose message
 * quotes the request and response bytes and the measured timing, e.g.
 *   `ReadDataByIdentifier: expected NRC 0x31 requestOutOfRange, got 0x11 serviceNotSupported
 *      request 22 F1 99 → 7F 22 11 (+1.2 ms, P2 50 ms)`
 */
import { VerdictError, WaitTimeoutError } from '../core/errors';
import type { Trace } from '../core/trace';
import { decodeNegativeResponse, hex, isNegativeResponse, SUPPRESS_BIT } from './codec';
import { describeNrc, isNrcAllowed, serviceName, SUBFUNCTION_SERVICES } from './nrc';
import { decodePositive } from './services';
import type { UdsExchange } from './tester';

export function formatExchange(ex: UdsExchange): string {
  const rsp =
    ex.responses.length === 0
      ? 'no response'
      : ex.responses.map((r) => `${hex(r.data)} (+${(r.elapsedUs / 1000).toFixed(1)} ms, ${r.limit} ${r.limitMs} ms${r.late ? ', LATE' : ''})`).join(' → ');
  return `request ${hex(ex.request)}${ex.functional ? ' [functional]' : ''} → ${rsp}`;
}

function name(ex: UdsExchange): string {
  return ex.request.length ? serviceName(ex.request[0]) : 'empty request';
}

/** Throws a VerdictError with the exchange quoted. */
export function fail(ex: UdsExchange, headline: string, trace?: Trace, Kind: typeof VerdictError = VerdictError): never {
  throw new Kind(`${name(ex)}: ${headline}\n  ${formatExchange(ex)}`, undefined, trace?.recent(12) ?? []);
}

/** A final response exists and no response (including 0x78s) broke P2/P2*. */
export function assertTiming(ex: UdsExchange, trace?: Trace): void {
  const late = ex.responses.find((r) => r.late);
  if (late) fail(ex, `response ${(late.elapsedUs / 1000).toFixed(1)} ms after ${late.limit === 'P2' ? 'the request' : 'the previous 0x78'}, beyond ${late.limit} = ${late.limitMs} ms`, trace);
}

function assertFinal(ex: UdsExchange, trace?: Trace): Uint8Array {
  if (!ex.final) {
    const why = ex.pendingCount > 0 ? `no final response after ${ex.pendingCount} × 0x78 responsePending (P2* ${ex.p2StarMs} ms)` : `no response within P2 ${ex.p2Ms} ms (+ margin)`;
    fail(ex, why, trace, WaitTimeoutError);
  }
  return ex.final.data;
}

const h = (b: number) => `0x${hex([b])}`;
const h2 = (bytes: Uint8Array, at: number) => (bytes.length >= at + 2 ? `0x${hex(bytes.subarray(at, at + 2)).replace(' ', '')}` : 'nothing');

/** `negative response to service 0x7F, expected the echo of 0xBA` when a negative response names another service. */
function wrongNegativeEcho(rsp: Uint8Array, sid: number): string | undefined {
  if (rsp.length < 2 || rsp[1] === sid) return undefined;
  const nrc = rsp.length === 3 ? ` (NRC ${describeNrc(rsp[2])})` : ` (malformed: ${rsp.length} bytes)`;
  return `negative response to service ${h(rsp[1])}, expected the echo of ${h(sid)}${nrc}`;
}

/** Positive response, in time, well-formed, echoing what it must echo. Returns the response bytes. */
export function assertPositive(ex: UdsExchange, trace?: Trace): Uint8Array {
  const rsp = assertFinal(ex, trace);
  const sid = ex.request[0];
  if (isNegativeResponse(rsp)) {
    const wrong = wrongNegativeEcho(rsp, sid);
    if (wrong) fail(ex, `expected a positive response (${h(sid + 0x40)}), got a ${wrong}`, trace);
    const nrc = rsp.length === 3 ? describeNrc(rsp[2]) : `a malformed negative response (${rsp.length} bytes, expected 3)`;
    fail(ex, `expected a positive response (${h(sid + 0x40)}), got NRC ${nrc}`, trace);
  }
  if (rsp[0] !== sid + 0x40) fail(ex, `expected response SID ${h(sid + 0x40)} (positive response to ${serviceName(sid)}), got ${h(rsp[0])}`, trace);
  try {
    decodePositive(rsp);
  } catch (e) {
    fail(ex, `malformed positive response: ${(e as Error).message}`, trace);
  }
  if (SUBFUNCTION_SERVICES.has(sid) && ex.request.length >= 2 && sid !== 0x27 && (rsp.length < 2 || rsp[1] !== (ex.request[1] & ~SUPPRESS_BIT))) {
    fail(ex, `response echoes sub-function ${rsp.length < 2 ? 'nothing' : h(rsp[1])}, expected the echo of ${h(ex.request[1] & 0x7f)}`, trace);
  }
  if (sid === 0x27 && (rsp.length < 2 || rsp[1] !== (ex.request[1] & 0x7f))) {
    fail(ex, `response echoes security sub-function ${rsp.length < 2 ? 'nothing' : h(rsp[1])}, expected the echo of ${h(ex.request[1] & 0x7f)}`, trace);
  }
  if ((sid === 0x22 || sid === 0x2e) && (rsp.length < 3 || rsp[1] !== ex.request[1] || rsp[2] !== ex.request[2])) {
    fail(ex, `response echoes data identifier ${h2(rsp, 1)}, expected the echo of ${h2(ex.request, 1)}`, trace);
  }
  if (sid === 0x31 && (rsp.length < 4 || rsp[2] !== ex.request[2] || rsp[3] !== ex.request[3])) {
    fail(ex, `response echoes routine identifier ${h2(rsp, 2)}, expected the echo of ${h2(ex.request, 2)}`, trace);
  }
  assertTiming(ex, trace);
  return rsp;
}

/**
 * Negative response, in time, well-formed (`7F SID NRC`, echoing the request SID), with the expected NRC
 * (pass `undefined` to accept any NRC the service allows). Returns the NRC.
 */
export function assertNegative(ex: UdsExchange, expected: number | readonly number[] | undefined, trace?: Trace): number {
  const rsp = assertFinal(ex, trace);
  const sid = ex.request[0];
  const want = expected === undefined ? undefined : Array.isArray(expected) ? (expected as number[]) : [expected as number];
  const wantText = want ? want.map(describeNrc).join(' or ') : 'a negative response';
  if (!isNegativeResponse(rsp)) fail(ex, `expected NRC ${wantText}, got a positive response (${h(rsp[0])})`, trace);
  const wrong = wrongNegativeEcho(rsp, sid);
  if (wrong) fail(ex, `expected NRC ${wantText}, got a ${wrong}`, trace);
  let neg;
  try {
    neg = decodeNegativeResponse(rsp);
  } catch (e) {
    fail(ex, `malformed negative response: ${(e as Error).message}`, trace);
  }
  if (neg.requestSid !== sid) fail(ex, `negative response names SID 0x${hex([neg.requestSid])}, request was 0x${hex([sid])}`, trace);
  if (want && !want.includes(neg.nrc)) fail(ex, `expected NRC ${wantText}, got ${describeNrc(neg.nrc)}`, trace);
  if (!want && !isNrcAllowed(sid, neg.nrc)) fail(ex, `NRC ${describeNrc(neg.nrc)} is not allowed for ${serviceName(sid)}`, trace);
  assertTiming(ex, trace);
  return neg.nrc;
}

/** If the response is negative, its NRC must be one the service allows. */
export function assertNrcAllowed(ex: UdsExchange, trace?: Trace): void {
  const rsp = ex.final?.data;
  if (rsp && isNegativeResponse(rsp) && rsp.length === 3 && !isNrcAllowed(ex.request[0], rsp[2])) {
    fail(ex, `NRC ${describeNrc(rsp[2])} is not allowed for ${serviceName(ex.request[0])}`, trace);
  }
}

/** After a request with suppressPosRsp: no positive response may come (negative ones may). */
export function assertSuppressed(ex: UdsExchange, trace?: Trace): void {
  const rsp = ex.final?.data;
  if (rsp && !isNegativeResponse(rsp)) fail(ex, 'positive response sent although suppressPosRspMsgIndicationBit was set', trace);
}

/** Nothing at all came back. */
export function assertNoResponse(ex: UdsExchange, trace?: Trace): void {
  if (ex.responses.length > 0) fail(ex, 'expected no response', trace);
}

/** At least one 0x78 responsePending before the final response. */
export function assertResponsePending(ex: UdsExchange, trace?: Trace): void {
  if (ex.pendingCount === 0) fail(ex, `expected NRC 0x78 responsePending before P2 ${ex.p2Ms} ms for slow work`, trace);
}

/** Positive DiagnosticSessionControl response reporting these P2/P2* values. */
export function assertSessionTiming(ex: UdsExchange, p2Ms: number, p2StarMs: number, trace?: Trace): void {
  const rsp = assertPositive(ex, trace);
  const s = decodePositive(rsp) as { p2Ms: number; p2StarMs: number };
  if (s.p2Ms !== p2Ms || s.p2StarMs !== p2StarMs) fail(ex, `session timing P2=${s.p2Ms} ms P2*=${s.p2StarMs} ms, expected P2=${p2Ms} ms P2*=${p2StarMs} ms`, trace);
}
