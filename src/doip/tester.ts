/**
 * DoIP tester (client) role: UDP vehicle identification, TCP connection with routing activation, alive
 * check answers, and a DiagLink adapter so the UDS/OBD testers run over DoIP unchanged. Every frame goes to
 * the trace (protocol `doip`). All waits are bounded.
 */
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { VerdictError, WaitTimeoutError } from '../core/errors';
import type { Trace } from '../core/trace';
import { hex } from '../uds/codec';
import { type DiagLink, monoUs, type PduListener, type SendOptions } from '../uds/link';
import { checkHeader, decodeHeader, decodeMessage, type DoipMessage, DoipStreamParser, encodeMessage, PT, VERSION } from './header';
import * as P from './payloads';

export interface IdentifyOptions {
  host?: string;
  port?: number;
  /** How long to collect responses (default 500 ms). */
  timeoutMs?: number;
  eid?: Uint8Array;
  vin?: string;
  trace?: Trace;
  version?: number;
}

export interface IdentifyResult {
  responses: (P.VehicleIdentification & { version: number; from: string })[];
  /** Anything else received (generic NACKs…). */
  other: DoipMessage[];
  /** Datagrams whose generic header is wrong (inverse version, unknown type, bad length). */
  headerErrors: string[];
}

/** Sends a vehicle identification request over UDP and collects the answers for timeoutMs. */
export async function identify(o: IdentifyOptions = {}): Promise<IdentifyResult> {
  const host = o.host ?? '127.0.0.1';
  const port = o.port ?? 13400;
  const sock = dgram.createSocket('udp4');
  const result: IdentifyResult = { responses: [], other: [], headerErrors: [] };
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  sock.on('message', (msg, rinfo) => {
    const raw = new Uint8Array(msg);
    let m: DoipMessage;
    try {
      m = decodeMessage(raw);
    } catch (e) {
      o.trace?.record({ dir: 'rx', protocol: 'doip', channel: `udp ${rinfo.address}:${rinfo.port}`, raw, summary: 'malformed DoIP datagram', problems: [(e as Error).message] });
      return;
    }
    const d = P.describePayload(m.payloadType, m.payload);
    const code = checkHeader(decodeHeader(raw), { versions: [0x01, 0x02, 0x03] });
    const problem = code === undefined ? undefined : `generic header check fails with code 0x${code.toString(16).padStart(2, '0')} (${hex(raw.subarray(0, 8))})`;
    if (problem) result.headerErrors.push(problem);
    o.trace?.record({ dir: 'rx', protocol: 'doip', channel: `udp ${rinfo.address}:${rinfo.port}`, raw, decoded: d.decoded, summary: d.summary, problems: problem ? [problem] : undefined });
    if (m.payloadType === PT.vehicleAnnouncement && m.payload.length >= 32 && m.payload.length <= 33) {
      result.responses.push({ ...P.decodeVehicleIdentification(m.payload), version: m.version, from: `${rinfo.address}:${rinfo.port}` });
    } else result.other.push(m);
  });
  const [type, payload] = o.eid ? [PT.vehicleIdRequestEid, o.eid] : o.vin ? [PT.vehicleIdRequestVin, P.encodeVinRequest(o.vin)] : [PT.vehicleIdRequest, new Uint8Array(0)];
  const req = encodeMessage(type, payload, o.version ?? VERSION.default);
  o.trace?.record({ dir: 'tx', protocol: 'doip', channel: `udp ${host}:${port}`, raw: req, summary: P.describePayload(type, payload).summary });
  sock.send(req, port, host);
  await new Promise((r) => setTimeout(r, o.timeoutMs ?? 500));
  await new Promise<void>((r) => sock.close(() => r()));
  return result;
}

/** Sends raw bytes to a UDP port and collects the datagrams that come back within timeoutMs. */
export async function udpExchange(bytes: Uint8Array, port: number, host = '127.0.0.1', timeoutMs = 300): Promise<Uint8Array[]> {
  const sock = dgram.createSocket('udp4');
  const out: Uint8Array[] = [];
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  sock.on('message', (m) => out.push(new Uint8Array(m)));
  sock.send(bytes, port, host);
  await new Promise((r) => setTimeout(r, timeoutMs));
  await new Promise<void>((r) => sock.close(() => r()));
  return out;
}

export interface DoipClientOptions {
  host?: string;
  port?: number;
  sourceAddress: number;
  trace?: Trace;
  version?: number;
  connectTimeoutMs?: number;
  /** Answer alive check requests (default true). */
  answerAliveCheck?: boolean;
}

interface Waiter {
  match: (m: DoipMessage) => boolean;
  resolve: (m: DoipMessage | undefined) => void;
}

export class DoipClient {
  private readonly parser = new DoipStreamParser({ versions: [0x01, 0x02, 0x03] });
  private readonly inbox: DoipMessage[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly diagListeners = new Set<(m: P.DiagnosticMessage, tUs: number) => void>();
  /** Generic header errors the entity's frames had (the parser's NACK events). */
  readonly headerProblems: { code: number; raw: Uint8Array }[] = [];
  readonly version: number;
  private isClosed = false;
  readonly channel: string;

  private constructor(
    private readonly socket: net.Socket,
    readonly opts: DoipClientOptions,
  ) {
    this.version = opts.version ?? VERSION.iso2012;
    this.channel = `${opts.host ?? '127.0.0.1'}:${opts.port ?? 13400}`;
    socket.on('data', (c) => this.onData(new Uint8Array(c), monoUs()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.isClosed = true;
      this.opts.trace?.note('doip', 'TCP connection closed', this.channel);
      for (const w of [...this.waiters]) w.resolve(undefined);
      this.waiters.clear();
    });
  }

  static connect(opts: DoipClientOptions): Promise<DoipClient> {
    const host = opts.host ?? '127.0.0.1';
    const port = opts.port ?? 13400;
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new WaitTimeoutError(`DoIP: no TCP connection to ${host}:${port} within ${opts.connectTimeoutMs ?? 2000} ms`));
      }, opts.connectTimeoutMs ?? 2000);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        const c = new DoipClient(socket, opts);
        opts.trace?.note('doip', `TCP connected to ${host}:${port}`, c.channel);
        resolve(c);
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(new VerdictError(`DoIP: TCP connection to ${host}:${port} failed: ${e.message}`));
      });
    });
  }

  get closed(): boolean {
    return this.isClosed;
  }

  private onData(chunk: Uint8Array, tUs: number): void {
    for (const ev of this.parser.push(chunk)) {
      if (ev.kind === 'nack') {
        this.headerProblems.push({ code: ev.code, raw: ev.raw });
        this.opts.trace?.record({ dir: 'rx', protocol: 'doip', channel: this.channel, raw: ev.raw, summary: 'invalid DoIP header', problems: [`generic header check fails with code 0x${ev.code.toString(16).padStart(2, '0')}`] });
        continue;
      }
      const m = ev.message;
      const d = P.describePayload(m.payloadType, m.payload);
      this.opts.trace?.record({ dir: 'rx', protocol: 'doip', channel: this.channel, raw: ev.raw, decoded: d.decoded, summary: d.summary });
      if (m.payloadType === PT.aliveCheckRequest && this.opts.answerAliveCheck !== false) {
        this.sendMessage(PT.aliveCheckResponse, P.encodeAliveCheckResponse(this.opts.sourceAddress));
        continue;
      }
      if (m.payloadType === PT.diagnosticMessage && m.payload.length >= 5) {
        const dm = P.decodeDiagnosticMessage(m.payload);
        if (this.diagListeners.size > 0) {
          for (const l of [...this.diagListeners]) l(dm, tUs);
          continue;
        }
      }
      const w = [...this.waiters].find((x) => x.match(m));
      if (w) {
        this.waiters.delete(w);
        w.resolve(m);
      } else this.inbox.push(m);
    }
  }

  /** Sends a message with this client's protocol version. */
  /** Returns the transmit time (monotonic µs stamped just before the socket write). */
  sendMessage(payloadType: number, payload: Uint8Array | readonly number[] = []): number {
    return this.sendRaw(encodeMessage(payloadType, payload, this.version));
  }

  /** Sends raw bytes (malformed-header tests); returns the monotonic µs stamped just before the socket write. */
  sendRaw(bytes: Uint8Array): number {
    if (this.isClosed) throw new VerdictError(`DoIP: connection to ${this.channel} is closed`);
    let decoded: unknown;
    let summary = 'raw bytes';
    try {
      const m = decodeMessage(bytes);
      ({ decoded, summary } = P.describePayload(m.payloadType, m.payload));
    } catch {
      /* raw */
    }
    this.opts.trace?.record({ dir: 'tx', protocol: 'doip', channel: this.channel, raw: bytes, decoded, summary });
    const tUs = monoUs();
    this.socket.write(bytes);
    return tUs;
  }

  /** The next received message matching `types` (any when empty), or undefined after timeoutMs / on close. */
  next(types: number[] = [], timeoutMs = 2000): Promise<DoipMessage | undefined> {
    const match = (m: DoipMessage) => types.length === 0 || types.includes(m.payloadType);
    const i = this.inbox.findIndex(match);
    if (i >= 0) return Promise.resolve(this.inbox.splice(i, 1)[0]);
    if (this.isClosed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const w: Waiter = {
        match,
        resolve: (m) => {
          clearTimeout(t);
          resolve(m);
        },
      };
      const t = setTimeout(() => {
        this.waiters.delete(w);
        resolve(undefined);
      }, timeoutMs);
      this.waiters.add(w);
    });
  }

  /** Resolves true when the entity closes the connection within timeoutMs. */
  waitClosed(timeoutMs = 1000): Promise<boolean> {
    if (this.isClosed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(false), timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(t);
        resolve(true);
      });
    });
  }

  /** Routing activation; returns the decoded response (throws WaitTimeoutError when none within A_DoIP_Ctrl). */
  async activateRouting(activationType = 0x00, timeoutMs = 2000, sourceAddress = this.opts.sourceAddress): Promise<P.RoutingActivationResponse> {
    this.sendMessage(PT.routingActivationRequest, P.encodeRoutingActivationRequest({ sourceAddress, activationType }));
    const m = await this.next([PT.routingActivationResponse, PT.genericNack], timeoutMs);
    if (!m) throw new WaitTimeoutError(`DoIP: no routing activation response within ${timeoutMs} ms`);
    if (m.payloadType === PT.genericNack) throw new VerdictError(`DoIP: routing activation answered with generic NACK 0x${hex(m.payload)}`);
    return P.decodeRoutingActivationResponse(m.payload);
  }

  onDiagnostic(listener: (m: P.DiagnosticMessage, tUs: number) => void): () => void {
    this.diagListeners.add(listener);
    return () => this.diagListeners.delete(listener);
  }

  /** A DiagLink to one target address (physical) with the functional address for functional sends. */
  diagLink(targetAddress: number, opts: { functionalAddress?: number; ackTimeoutMs?: number } = {}): DoipDiagLink {
    return new DoipDiagLink(this, targetAddress, opts.functionalAddress ?? 0xe400, opts.ackTimeoutMs ?? 2000);
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end();
      setTimeout(() => {
        this.socket.destroy();
        resolve();
      }, 200).unref();
    });
  }
}

/** A DoIP diagnostic-message NACK or a missing ACK: the request never reached the ECU. */
export class DoipDiagNackError extends VerdictError {}

/**
 * DiagLink over a routed DoIP connection: send() writes a 0x8001 and waits for its 0x8002 ACK (a NACK or no
 * ACK within ackTimeoutMs throws DoipDiagNackError); responses from the target arrive as PDUs stamped on receipt.
 */
export class DoipDiagLink implements DiagLink {
  readonly channel: string;
  private readonly listeners = new Set<PduListener>();
  private readonly off: () => void;

  constructor(
    readonly client: DoipClient,
    readonly targetAddress: number,
    readonly functionalAddress: number,
    private readonly ackTimeoutMs: number,
  ) {
    this.channel = `${client.channel} 0x${client.opts.sourceAddress.toString(16).padStart(4, '0')}→0x${targetAddress.toString(16).padStart(4, '0')}`;
    this.off = client.onDiagnostic((m, tUs) => {
      if (m.targetAddress !== client.opts.sourceAddress) return;
      const pdu = { data: m.data, tUs, source: m.sourceAddress, target: m.targetAddress };
      for (const l of [...this.listeners]) l(pdu);
    });
  }

  async send(data: Uint8Array, opts: SendOptions = {}): Promise<number> {
    const ta = opts.functional ? this.functionalAddress : this.targetAddress;
    // P2 starts when the request leaves: stamped just before the socket write, not after the ACK.
    const t = this.client.sendMessage(PT.diagnosticMessage, P.encodeDiagnosticMessage({ sourceAddress: this.client.opts.sourceAddress, targetAddress: ta, data }));
    const ack = await this.client.next([PT.diagnosticAck, PT.diagnosticNack, PT.genericNack], this.ackTimeoutMs);
    if (!ack) throw new DoipDiagNackError(`DoIP: no diagnostic message ACK (0x8002) within ${this.ackTimeoutMs} ms for ${hex(data)} to 0x${ta.toString(16).padStart(4, '0')}`);
    if (ack.payloadType === PT.genericNack) throw new DoipDiagNackError(`DoIP: diagnostic message answered with generic NACK 0x${hex(ack.payload)}`);
    if (ack.payloadType === PT.diagnosticNack) {
      const a = P.decodeDiagnosticAck(ack.payload);
      throw new DoipDiagNackError(`DoIP: diagnostic message NACK 0x${hex([a.code])} ${P.DIAG_NACK_NAMES[a.code] ?? 'reserved'} for ${hex(data)} to 0x${ta.toString(16).padStart(4, '0')}`);
    }
    return t;
  }

  onPdu(listener: PduListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.off();
    this.listeners.clear();
  }
}
