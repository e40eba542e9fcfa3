/**
 * Helpers both V2G role drivers use: step-table overrides on a message body, field paths, what a
 * PowerDelivery asks for, present current of a response, and the verdict that quotes a frame with the recent
 * frames of the trace.
 */
import { EvcError, VerdictError } from '../../core/errors';
import type { Trace } from '../../core/trace';
import type { V2gMessage } from '../messages/types';
import { quoteFrame, type V2gFrameMeaning } from '../messages/trace';

/** One row of a `| field | value |` table: value JSON when it parses, else the string as written. */
export function tableValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export interface OverrideResult {
  message: V2gMessage;
  /** `Header.SessionID` of the table: the header's session id for this one message. */
  sessionId?: string;
}

/** Applies `field → value` rows (dot paths into the body; numeric segments index arrays) to a copy of the message. */
export function applyOverrides(message: V2gMessage, rows: readonly (readonly [string, string])[]): OverrideResult {
  const body = structuredClone(message.body);
  let sessionId: string | undefined;
  for (const [field, value] of rows) {
    if (field === 'Header.SessionID') {
      sessionId = value.trim().toUpperCase();
      continue;
    }
    setPath(body, field, tableValue(value));
  }
  return { message: { ...message, body }, sessionId };
}

export function setPath(root: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.').filter(Boolean);
  if (parts.length === 0) throw new EvcError(`empty field path in a step table`);
  let node: Record<string, unknown> = root;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === undefined || next === null || typeof next !== 'object') node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1];
  if (value === null) delete node[last];
  else node[last] = value;
}

export function getPath(root: unknown, dotted: string): unknown {
  let node = root;
  for (const part of dotted.split('.').filter(Boolean)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Compares a field with a step's expected text: as JSON when the text parses, else as a string. */
export function fieldMatches(actual: unknown, expected: string): boolean {
  const want = tableValue(expected);
  if (typeof want === 'object' && want !== null) return JSON.stringify(actual) === JSON.stringify(want);
  return String(actual) === String(want);
}

/** Whether a PowerDeliveryReq asks to start or stop the energy transfer (DIN ReadyToChargeState; -2/-20 ChargeProgress). */
export function powerDeliveryKind(request: V2gMessage): 'start' | 'stop' | undefined {
  if (!/PowerDeliveryReq$/.test(request.name)) return undefined;
  const b = request.body;
  if (typeof b.ChargeProgress === 'string') return b.ChargeProgress === 'Start' ? 'start' : b.ChargeProgress === 'Stop' ? 'stop' : undefined;
  if (b.ReadyToChargeState !== undefined) return b.ReadyToChargeState === 1 || b.ReadyToChargeState === true ? 'start' : 'stop';
  return undefined;
}

/** EVSEPresentCurrent of a response in A (DIN/-2 Value × 10^Multiplier, -20 Value × 10^Exponent), undefined when absent. */
export function presentCurrentA(body: Record<string, unknown>): number | undefined {
  const v = body.EVSEPresentCurrent as Record<string, unknown> | undefined;
  if (!v || typeof v !== 'object') return undefined;
  const exp = Number(v.Multiplier ?? v.Exponent ?? 0);
  return Number(v.Value) * 10 ** exp;
}

/** A verdict on the SUT: the headline, the frame it is about (hex + decoded) and the recent frames. */
export function v2gVerdict(trace: Trace, headline: string, frame?: { raw: Uint8Array | string; meaning?: V2gFrameMeaning }): VerdictError {
  const text = frame ? `${headline}\n  ${quoteFrame(frame.raw, frame.meaning)}` : headline;
  return new VerdictError(text, undefined, trace.recent(12));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}

export function fmtMs(us: number): string {
  return `${(us / 1000).toFixed(1)} ms`;
}

export function parseHex(text: string): Uint8Array {
  const clean = text.replace(/0x/gi, '').replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) throw new EvcError(`'${text}' is not hex bytes`);
  return Uint8Array.from(Buffer.from(clean, 'hex'));
}
