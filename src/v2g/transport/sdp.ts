/**
 * SECC Discovery Protocol (ISO 15118-2 §7.10.1, DIN 70121): the EVCC sends a V2GTP frame of payload type 0x9000
 * (security 0x00 TLS / 0x10 no TLS, transport 0x00 TCP) over UDP to port 15118 at ff02::1 (link-local
 * multicast on the PLC interface) and retries every 250 ms, at most 50 times; the SECC answers unicast with
 * 0x9001: its IPv6 address (16 bytes), TCP port (2), security, transport. Loopback (::1, unicast) is enough for
 * tests. Ports are never fixed here: a test passes port 0 to the server and the port it got to the client.
 * Every request and response is recorded in the trace (protocol `sdp`, hex + decoded fields).
 */
import * as dgram from 'node:dgram';
import { isIPv4 } from 'node:net';
import { monoUs } from '../../core/clock';
import { CodecError, EvcError } from '../../core/errors';
import type { Trace } from '../../core/trace';
import { quoteHex } from '../framing/stream';
import { PayloadType, V2GTP_HEADER_LENGTH, encodeV2gtp, payloadTypeName, readV2gtpHeader } from '../framing/v2gtp';
import { endpoint } from './connection';

export type SdpSecurity = 'tls' | 'tcp';
export interface SdpAnswer {
  address: string;
  port: number;
  security: SdpSecurity;
  transport: 'tcp';
}
export interface SdpDiscovery {
  answer: SdpAnswer;
  /** Requests sent until the answer came. */
  attempts: number;
  /** monoUs of each request, just before its send. */
  requestsUs: number[];
  /** monoUs when the answer reached JavaScript. */
  responseUs: number;
  /** The whole response frame (V2GTP header included). */
  raw: Uint8Array;
}
export interface SdpRequestIn {
  security: SdpSecurity;
  transport: 'tcp';
  /** `[address]:port` the request came from (the answer goes back there, unicast). */
  from: string;
  tUs: number;
  raw: Uint8Array;
}
export interface SdpServer {
  readonly port: number;
  /** Every well-formed request, in arrival order. */
  readonly requests: SdpRequestIn[];
  /** Datagrams that were not a valid SDP request (not answered), with the problem. */
  readonly rejected: { from: string; tUs: number; raw: Uint8Array; problem: string }[];
  close(): Promise<void>;
}

export const SDP_PORT = 15118;
export const SDP_MULTICAST = 'ff02::1';
const SECURITY_BYTE: Record<SdpSecurity, number> = { tls: 0x00, tcp: 0x10 };
const TRANSPORT_TCP = 0x00;

/** No SDP response after every attempt; says how many and how often. */
export class SdpTimeoutError extends EvcError {
  constructor(
    readonly attempts: number,
    readonly intervalMs: number,
    readonly requestsUs: number[],
    target: string,
  ) {
    super(`no SDP response from ${target} after ${attempts} request(s) sent every ${intervalMs} ms (${((attempts * intervalMs) / 1000).toFixed(2)} s)`);
  }
}

/** A datagram that should have been an SDP request/response is malformed; quotes it. */
export class SdpFormatError extends CodecError {
  constructor(
    what: string,
    readonly problem: string,
    readonly raw: Uint8Array,
  ) {
    super(`${what}: ${problem}; bytes: ${quoteHex(raw) || '(none)'}`);
  }
}

// ---------------------------------------------------------------- codec

/** Full SDP request frame (header + 2 bytes). */
export function encodeSdpRequest(security: SdpSecurity): Uint8Array {
  return encodeV2gtp(PayloadType.SdpRequest, Uint8Array.from([SECURITY_BYTE[security], TRANSPORT_TCP]));
}

/** Full SDP response frame (header + 20 bytes). */
export function encodeSdpResponse(a: SdpAnswer): Uint8Array {
  if (!Number.isInteger(a.port) || a.port < 0 || a.port > 0xffff) throw new EvcError(`SDP response: port ${a.port} is not 0…65535`);
  const p = new Uint8Array(20);
  p.set(parseIpv6(a.address), 0);
  p[16] = a.port >> 8;
  p[17] = a.port & 0xff;
  p[18] = SECURITY_BYTE[a.security];
  p[19] = TRANSPORT_TCP;
  return encodeV2gtp(PayloadType.SdpResponse, p);
}

function checkFrame(what: string, raw: Uint8Array, payloadType: number, length: number): Uint8Array {
  const h = readV2gtpHeader(raw);
  const bad = (problem: string) => new SdpFormatError(what, problem, raw);
  if (!h) throw bad(`${raw.length} bytes, shorter than the V2GTP header`);
  if (h.version !== 0x01) throw bad(`V2GTP version 0x${h.version.toString(16).padStart(2, '0')} (expected 0x01)`);
  if (h.inverse !== 0xfe) throw bad(`V2GTP inverse version 0x${h.inverse.toString(16).padStart(2, '0')} (expected 0xfe)`);
  if (h.payloadType !== payloadType) throw bad(`payload type ${payloadTypeName(h.payloadType)} (expected ${payloadTypeName(payloadType)})`);
  if (h.length !== length) throw bad(`payload length ${h.length} (expected ${length})`);
  if (raw.length !== V2GTP_HEADER_LENGTH + length) throw bad(`datagram holds ${raw.length - V2GTP_HEADER_LENGTH} payload bytes, header announces ${length}`);
  return raw.subarray(V2GTP_HEADER_LENGTH);
}

function securityOf(what: string, byte: number, raw: Uint8Array): SdpSecurity {
  if (byte === 0x00) return 'tls';
  if (byte === 0x10) return 'tcp';
  throw new SdpFormatError(what, `security 0x${byte.toString(16).padStart(2, '0')} (expected 0x00 TLS or 0x10 no TLS)`, raw);
}

function transportOf(what: string, byte: number, raw: Uint8Array): 'tcp' {
  if (byte === TRANSPORT_TCP) return 'tcp';
  throw new SdpFormatError(what, `transport protocol 0x${byte.toString(16).padStart(2, '0')} (expected 0x00 TCP)`, raw);
}

export function decodeSdpRequest(raw: Uint8Array): { security: SdpSecurity; transport: 'tcp' } {
  const what = 'SDP request';
  const p = checkFrame(what, raw, PayloadType.SdpRequest, 2);
  return { security: securityOf(what, p[0]!, raw), transport: transportOf(what, p[1]!, raw) };
}

export function decodeSdpResponse(raw: Uint8Array): SdpAnswer {
  const what = 'SDP response';
  const p = checkFrame(what, raw, PayloadType.SdpResponse, 20);
  return {
    address: formatIpv6(p.subarray(0, 16)),
    port: (p[16]! << 8) | p[17]!,
    security: securityOf(what, p[18]!, raw),
    transport: transportOf(what, p[19]!, raw),
  };
}

/** IPv6 text (`::1`, `fe80::1%eth0` — the scope is dropped, `::ffff:1.2.3.4`) → 16 bytes. */
export function parseIpv6(text: string): Uint8Array {
  const bad = () => new EvcError(`SDP: '${text}' is not an IPv6 address`);
  let s = text.replace(/%.*$/, '');
  const out = new Uint8Array(16);
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    if (!isIPv4(v4[1]!)) throw bad();
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    s = `${s.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) throw bad();
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) throw bad();
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  all.forEach((g, i) => {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw bad();
    const v = parseInt(g, 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  });
  return out;
}

/** 16 bytes → RFC 5952 text (lowercase, longest zero run of ≥ 2 groups as `::`). */
export function formatIpv6(b: Uint8Array): string {
  const g = Array.from({ length: 8 }, (_, i) => (b[2 * i]! << 8) | b[2 * i + 1]!);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

// ---------------------------------------------------------------- trace

function headerFields(raw: Uint8Array): unknown {
  return readV2gtpHeader(raw) ?? null;
}

function record(trace: Trace | undefined, dir: 'tx' | 'rx', channel: string, raw: Uint8Array, decoded: Record<string, unknown>, summary: string, problem?: string): void {
  trace?.record({ dir, protocol: 'sdp', channel, raw, decoded: { v2gtp: headerFields(raw), ...decoded }, summary, problems: problem ? [problem] : undefined });
}

function isMulticast(address: string): boolean {
  return /^ff/i.test(address);
}

// ---------------------------------------------------------------- EVCC side

/**
 * Sends SDP requests every retryIntervalMs, at most maxAttempts times, until a valid response arrives; waits one
 * more interval after the last request. A malformed response is not an answer: it is recorded and rejected at
 * once with SdpFormatError quoting it. Multicast (ff02::1) goes out on `interface` (scope) when one is given.
 */
export function discoverSecc(o: {
  security: SdpSecurity;
  address: string;
  port: number;
  interface?: string;
  retryIntervalMs: number;
  maxAttempts: number;
  trace?: Trace;
  channel?: string;
}): Promise<SdpDiscovery> {
  if (!(o.retryIntervalMs > 0)) return Promise.reject(new EvcError(`discoverSecc: retryIntervalMs must be > 0, got ${o.retryIntervalMs}`));
  if (!Number.isInteger(o.maxAttempts) || o.maxAttempts < 1) return Promise.reject(new EvcError(`discoverSecc: maxAttempts must be an integer ≥ 1, got ${o.maxAttempts}`));
  const multicast = isMulticast(o.address);
  const host = o.interface && (multicast || /^fe80/i.test(o.address)) && !o.address.includes('%') ? `${o.address}%${o.interface}` : o.address;
  const target = endpoint(host, o.port);
  const channel = o.channel ?? `sdp ${target}`;
  const request = encodeSdpRequest(o.security);
  const sock = dgram.createSocket({ type: 'udp6' });
  const requestsUs: number[] = [];

  return new Promise<SdpDiscovery>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (err: Error | undefined, result?: SdpDiscovery) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // Settle once the socket is really closed: nothing of the discovery outlives the promise.
      sock.close(() => (err ? reject(err) : resolve(result!)));
    };
    const sendNext = () => {
      if (done) return;
      if (requestsUs.length >= o.maxAttempts) {
        finish(new SdpTimeoutError(requestsUs.length, o.retryIntervalMs, requestsUs, target));
        return;
      }
      const attempt = requestsUs.length + 1;
      record(o.trace, 'tx', channel, request, { security: o.security, transport: 'tcp', attempt }, `SDP request security=${o.security} transport=tcp (attempt ${attempt}/${o.maxAttempts})`);
      requestsUs.push(monoUs());
      sock.send(request, o.port, host, (err) => {
        if (err) finish(new EvcError(`SDP request ${attempt} to ${target} could not be sent: ${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`));
      });
      timer = setTimeout(sendNext, o.retryIntervalMs);
    };
    sock.on('message', (msg, rinfo) => {
      const tUs = monoUs();
      if (done) return;
      const raw = Uint8Array.from(msg);
      const from = endpoint(rinfo.address, rinfo.port);
      try {
        const answer = decodeSdpResponse(raw);
        record(o.trace, 'rx', channel, raw, { ...answer, from }, `SDP response ${endpoint(answer.address, answer.port)} security=${answer.security} transport=tcp`);
        finish(undefined, { answer, attempts: requestsUs.length, requestsUs, responseUs: tUs, raw });
      } catch (e) {
        const problem = e instanceof SdpFormatError ? e.problem : (e as Error).message;
        record(o.trace, 'rx', channel, raw, { from }, 'SDP response (malformed)', problem);
        finish(e instanceof SdpFormatError ? new SdpFormatError(`SDP response from ${from}`, problem, raw) : (e as Error));
      }
    });
    sock.on('error', (e) => finish(new EvcError(`SDP socket (${target}): ${e.message}`)));
    sock.bind({ port: 0, address: '::' }, () => {
      try {
        if (multicast && o.interface) sock.setMulticastInterface(`::%${o.interface}`);
      } catch (e) {
        finish(new EvcError(`SDP: cannot send multicast on interface '${o.interface}': ${(e as Error).message}`));
        return;
      }
      sendNext();
    });
  });
}

// ---------------------------------------------------------------- SECC side

/**
 * Answers SDP requests on address:port (port 0 = ephemeral; a multicast address binds [::]:port and joins the
 * group on `interface`). `answer` decides per request: an SdpAnswer is encoded, bytes go out as they are (faults),
 * undefined ignores the request. Malformed requests are recorded and never answered.
 */
export function startSdpServer(o: {
  address: string;
  port: number;
  interface?: string;
  answer(req: { security: SdpSecurity; transport: 'tcp'; from: string }): SdpAnswer | Uint8Array | undefined;
  trace?: Trace;
}): Promise<SdpServer> {
  const multicast = isMulticast(o.address);
  const sock = dgram.createSocket({ type: 'udp6', reuseAddr: multicast });
  const requests: SdpRequestIn[] = [];
  const rejected: SdpServer['rejected'] = [];
  let closing: Promise<void> | undefined;

  return new Promise<SdpServer>((resolve, reject) => {
    const onBindError = (e: Error) => {
      sock.close();
      reject(new EvcError(`SDP server on ${endpoint(o.address, o.port)}: ${e.message}`));
    };
    sock.once('error', onBindError);
    sock.bind({ port: o.port, address: multicast ? '::' : o.address }, () => {
      sock.off('error', onBindError);
      sock.on('error', () => undefined);
      try {
        if (multicast) sock.addMembership(o.address, o.interface ? `::%${o.interface}` : undefined);
      } catch (e) {
        sock.close();
        reject(new EvcError(`SDP server: cannot join ${o.address}${o.interface ? ` on ${o.interface}` : ''}: ${(e as Error).message}`));
        return;
      }
      const port = sock.address().port;
      const channel = `sdp ${endpoint(o.address, port)}`;
      sock.on('message', (msg, rinfo) => {
        const tUs = monoUs();
        if (closing) return;
        const raw = Uint8Array.from(msg);
        const from = endpoint(rinfo.address, rinfo.port);
        let req: { security: SdpSecurity; transport: 'tcp' };
        try {
          req = decodeSdpRequest(raw);
        } catch (e) {
          const problem = e instanceof SdpFormatError ? e.problem : (e as Error).message;
          rejected.push({ from, tUs, raw, problem });
          record(o.trace, 'rx', channel, raw, { from }, 'SDP request (malformed, not answered)', problem);
          return;
        }
        requests.push({ ...req, from, tUs, raw });
        record(o.trace, 'rx', channel, raw, { ...req, from }, `SDP request security=${req.security} transport=tcp from ${from}`);
        let reply: SdpAnswer | Uint8Array | undefined;
        try {
          const a = o.answer({ ...req, from });
          reply = a instanceof Uint8Array ? a : a && encodeSdpResponse(a);
          if (a && !(a instanceof Uint8Array)) {
            record(o.trace, 'tx', channel, reply!, { ...a, to: from }, `SDP response ${endpoint(a.address, a.port)} security=${a.security} transport=tcp`);
          } else if (a) record(o.trace, 'tx', channel, a, { to: from }, 'SDP response (raw bytes)');
          else o.trace?.note('sdp', `SDP request from ${from} not answered`, channel);
        } catch (e) {
          o.trace?.note('sdp', `SDP answer failed: ${(e as Error).message}`, channel);
          return;
        }
        if (reply) sock.send(reply, rinfo.port, rinfo.address);
      });
      resolve({
        port,
        requests,
        rejected,
        close() {
          closing ??= new Promise<void>((r) => sock.close(() => r()));
          return closing;
        },
      });
    });
  });
}

// ---------------------------------------------------------------- raw EVCC side (conformance probes)

/** A datagram the SECC sent back to a probe. */
export interface SdpDatagramIn {
  from: string;
  tUs: number;
  raw: Uint8Array;
  /** The decoded SDP response, or why it is not one. */
  answer?: SdpAnswer;
  problem?: string;
}

/** One UDP socket that sends bytes as given to the SECC's SDP address and keeps every datagram that comes back. */
export interface SdpProbe {
  readonly target: string;
  /** Every datagram received, in arrival order. */
  readonly received: readonly SdpDatagramIn[];
  /** Sends `bytes` unchanged; resolves with monoUs just before the send. */
  send(bytes: Uint8Array, label: string): Promise<number>;
  /** The first datagram received at index ≥ `fromIndex`, waiting at most `timeoutMs` (undefined: none came). */
  nextDatagram(fromIndex: number, timeoutMs: number): Promise<SdpDatagramIn | undefined>;
  close(): Promise<void>;
}

/** What a raw request is, for the trace (a well-formed request decodes; anything else names its problem). */
function describeRequest(raw: Uint8Array): { decoded: Record<string, unknown>; problem?: string } {
  try {
    return { decoded: { ...decodeSdpRequest(raw) } };
  } catch (e) {
    return { decoded: {}, problem: e instanceof SdpFormatError ? e.problem : (e as Error).message };
  }
}

/**
 * Opens a probe socket towards the SECC's SDP server: a conformance test sends well-formed and malformed requests
 * through it and reads what (if anything) comes back. Every wait is bounded by the caller; close() releases it.
 */
export function openSdpProbe(o: { address: string; port: number; interface?: string; trace?: Trace; channel?: string }): Promise<SdpProbe> {
  const multicast = isMulticast(o.address);
  const host = o.interface && (multicast || /^fe80/i.test(o.address)) && !o.address.includes('%') ? `${o.address}%${o.interface}` : o.address;
  const target = endpoint(host, o.port);
  const channel = o.channel ?? `sdp ${target}`;
  const sock = dgram.createSocket({ type: 'udp6' });
  const received: SdpDatagramIn[] = [];
  const waiters = new Set<() => void>();
  let closing: Promise<void> | undefined;
  sock.on('message', (msg, rinfo) => {
    const tUs = monoUs();
    if (closing) return;
    const raw = Uint8Array.from(msg);
    const from = endpoint(rinfo.address, rinfo.port);
    let d: SdpDatagramIn;
    try {
      const answer = decodeSdpResponse(raw);
      d = { from, tUs, raw, answer };
      record(o.trace, 'rx', channel, raw, { ...answer, from }, `SDP response ${endpoint(answer.address, answer.port)} security=${answer.security} transport=tcp`);
    } catch (e) {
      d = { from, tUs, raw, problem: e instanceof SdpFormatError ? e.problem : (e as Error).message };
      record(o.trace, 'rx', channel, raw, { from }, 'SDP response (malformed)', d.problem);
    }
    received.push(d);
    for (const w of [...waiters]) w();
  });
  sock.on('error', () => undefined);
  return new Promise<SdpProbe>((resolve, reject) => {
    sock.once('error', (e) => reject(new EvcError(`SDP probe socket (${target}): ${e.message}`)));
    sock.bind({ port: 0, address: '::' }, () => {
      try {
        if (multicast && o.interface) sock.setMulticastInterface(`::%${o.interface}`);
      } catch (e) {
        sock.close();
        reject(new EvcError(`SDP: cannot send multicast on interface '${o.interface}': ${(e as Error).message}`));
        return;
      }
      resolve({
        target,
        received,
        send(bytes, label) {
          if (closing) return Promise.reject(new EvcError('SDP probe: closed'));
          const what = describeRequest(bytes);
          record(o.trace, 'tx', channel, bytes, what.decoded, `SDP request (${label})`, what.problem);
          const tUs = monoUs();
          return new Promise<number>((ok, fail) =>
            sock.send(bytes, o.port, host, (err) => (err ? fail(new EvcError(`SDP request to ${target} could not be sent: ${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`)) : ok(tUs))),
          );
        },
        nextDatagram(fromIndex, timeoutMs) {
          if (received.length > fromIndex) return Promise.resolve(received[fromIndex]);
          if (closing) return Promise.resolve(undefined);
          return new Promise((ok) => {
            const settle = (): void => {
              clearTimeout(timer);
              waiters.delete(check);
              ok(received[fromIndex]);
            };
            const check = (): void => {
              if (received.length > fromIndex || closing) settle();
            };
            const timer = setTimeout(settle, Math.max(0, timeoutMs));
            waiters.add(check);
          });
        },
        close() {
          closing ??= new Promise<void>((r) => sock.close(() => r()));
          for (const w of [...waiters]) w();
          return closing;
        },
      });
    });
  });
}
