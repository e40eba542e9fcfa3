/**
 * V2G frames in the scenario trace (protocol `v2g`): raw = the whole V2GTP frame as hex, decoded = the V2GTP
 * header fields, the EXI payload as hex and the decoded message; summary = the message name and its
 * ResponseCode. A frame that could not be decoded is recorded with the problem (and whatever header it has).
 */
import { type Direction, type Frame, type Trace, toHex } from '../../core/trace';
import type { V2gMessage } from './types';

export const V2G_PROTOCOL = 'v2g';

export interface V2gtpHeaderFields {
  version: number;
  inverse: number;
  payloadType: number;
  length: number;
}

/** What was made of a frame: a message (with its header session id), or the problem that stopped decoding. */
export type V2gFrameMeaning = { message: V2gMessage; sessionId?: string; document?: unknown } | { error: string };

/** The header fields of raw bytes (as far as they go; a frame shorter than 8 bytes has none). */
export function headerFields(raw: Uint8Array): V2gtpHeaderFields | undefined {
  if (raw.length < 8) return undefined;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  return { version: raw[0], inverse: raw[1], payloadType: view.getUint16(2), length: view.getUint32(4) };
}

/** The response code of a decoded body, if it has one. */
export function responseCodeOf(body: Record<string, unknown> | undefined): string | undefined {
  const rc = body?.ResponseCode;
  return typeof rc === 'string' ? rc : undefined;
}

export function v2gSummary(meaning: V2gFrameMeaning): string {
  if ('error' in meaning) return 'undecodable V2G frame';
  const rc = responseCodeOf(meaning.message.body);
  return rc ? `${meaning.message.name} ${rc}` : meaning.message.name;
}

/** Records one V2GTP frame (tx: harness → SUT, rx: SUT → harness). */
export function recordV2g(trace: Trace, dir: Exclude<Direction, 'note'>, channel: string | undefined, raw: Uint8Array, meaning: V2gFrameMeaning): Frame {
  const header = headerFields(raw);
  const exi = raw.length > 8 ? raw.subarray(8) : new Uint8Array(0);
  const decoded: Record<string, unknown> = { v2gtp: header ?? null, exiHex: toHex(exi) };
  if ('error' in meaning) decoded.error = meaning.error;
  else {
    decoded.message = { name: meaning.message.name, ...(meaning.sessionId !== undefined ? { sessionId: meaning.sessionId } : {}), body: meaning.message.body };
  }
  return trace.record({ dir, protocol: V2G_PROTOCOL, channel, raw, decoded, summary: v2gSummary(meaning), problems: 'error' in meaning ? [meaning.error] : undefined });
}

/** How a verdict quotes a frame: its hex and what it decoded to (or why it did not). */
export function quoteFrame(raw: Uint8Array | string, meaning?: V2gFrameMeaning): string {
  const hex = typeof raw === 'string' ? raw : toHex(raw);
  const shown = hex.length > 512 ? `${hex.slice(0, 512)}… (${hex.length / 2} bytes)` : hex;
  if (!meaning) return `frame ${shown}`;
  if ('error' in meaning) return `frame ${shown} (undecodable: ${meaning.error})`;
  return `frame ${shown} = ${meaning.message.name} ${JSON.stringify(meaning.message.body)}${meaning.sessionId !== undefined ? ` (SessionID ${meaning.sessionId})` : ''}`;
}
