/**
 * V2GTP over TCP and TLS (ISO 15118-2 §7.7 / DIN 70121 / ISO 15118-20): one connection carries V2GTP frames both
 * ways. Frames are cut by V2gtpDeframer (every header check); each received frame is stamped (monoUs, the
 * harness's one clock) when the chunk holding its last byte reaches JavaScript, each sent frame just before the
 * write call. Every wait is bounded; close() leaves no socket or timer behind.
 *
 * TLS: ISO 15118-2 allows TLS 1.2 with ECDHE-ECDSA-AES128-SHA256 on secp256r1 (ISO2_TLS; the suite is not in
 * Node's default list, so it is always set explicitly); ISO 15118-20 uses TLS 1.3 with mutual authentication
 * (requestCert on the SECC side). The SECC certificate names the EVSE id, not a host, so no host-name check.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { monoUs } from '../../core/clock';
import { EvcError } from '../../core/errors';
import { type TlsSnapshot, tlsSnapshot } from '../../transport/tls/inspect';
import { V2gFramingError, V2gtpDeframer, type V2gtpRawFrame } from '../framing/stream';
import { encodeV2gtp } from '../framing/v2gtp';

export interface V2gFrameIn extends V2gtpRawFrame {
  /** monoUs when the chunk holding the frame's last byte reached JavaScript. */
  tUs: number;
}

/** No frame arrived within the bounded wait. */
export class V2gTimeoutError extends EvcError {}

/** The connection is closed (by the peer, reset, or by us); `atUs` = monoUs when that was noticed. */
export class V2gClosedError extends EvcError {
  constructor(
    message: string,
    readonly atUs: number,
  ) {
    super(message);
  }
}

/** TCP connect or TLS handshake failed; `code` is Node's/OpenSSL's error code when there is one. */
export class V2gConnectError extends EvcError {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface V2gConnection {
  readonly remote: string;
  readonly local: string;
  /** Negotiated TLS parameters and certificates; undefined on plain TCP. */
  readonly tls: TlsSnapshot | undefined;
  /** Wraps the payload in a V2GTP header and writes it; resolves with monoUs taken just before the write. */
  send(payloadType: number, payload: Uint8Array): Promise<number>;
  /** Raw path for negative tests: writes the bytes as they are (no header added). */
  sendRaw(bytes: Uint8Array): Promise<number>;
  /** Next frame; rejects V2gTimeoutError (nothing within timeoutMs), V2gClosedError, V2gFramingError (bad header or truncated frame). */
  receive(timeoutMs: number, what: string): Promise<V2gFrameIn>;
  readonly closed: boolean;
  closedAtUs(): number | undefined;
  /** True when the connection closed (peer FIN/reset, or close()) within timeoutMs. */
  waitClosed(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface V2gTlsOptions {
  version: 'TLSv1.2' | 'TLSv1.3';
  /** Trust anchors (PEM): the V2G root for an EVCC; the OEM/vehicle root for a SECC that requests a client certificate. */
  ca: string[];
  /** This side's certificate, chain PEM (leaf first); required for a server. */
  cert?: string;
  key?: string;
  /** OpenSSL cipher list; TLS 1.2 default ISO2_TLS.ciphers. */
  ciphers?: string;
  /** Server: ask for (and require) a client certificate (ISO 15118-20 mutual TLS). */
  requestCert?: boolean;
  /** Client: verify the peer chain against `ca` (default true); false only for a reference EVCC fault that goes on regardless. */
  rejectUnauthorized?: boolean;
  /** ECDH groups; TLS 1.2 default ISO2_TLS.ecdhCurve. */
  ecdhCurve?: string;
}

/** ISO 15118-2 TLS: 1.2 only, ECDHE-ECDSA-AES128-SHA256, secp256r1. */
export const ISO2_TLS = { version: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-SHA256', ecdhCurve: 'prime256v1' } as const;
/** The same suite by its IANA name, as TlsSnapshot.cipher reports it. */
export const ISO2_CIPHER_IANA = 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256';

/** Frames held for receive() before reading from the socket pauses (TCP flow control holds a flooding peer back). */
const MAX_QUEUED = 1024;

/** Bound of the orderly close (FIN / close_notify) before the socket is destroyed. */
const CLOSE_GRACE_MS = 1000;

interface Waiter {
  resolve(f: V2gFrameIn): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

/** `CODE reason`, with OpenSSL's long error strings cut to the reason (`tlsv13 alert certificate required`). */
export function errorText(e: NodeJS.ErrnoException): string {
  const ssl = /SSL routines:[^:]*:([^:]+)/.exec(e.message);
  return `${e.code ? `${e.code} ` : ''}${ssl ? ssl[1]! : e.message}`.replace(/\s+/g, ' ').trim();
}

export function endpoint(address: string | undefined, port: number | undefined): string {
  if (address === undefined) return '?';
  return net.isIPv6(address) ? `[${address}]:${port ?? '?'}` : `${address}:${port ?? '?'}`;
}

class SocketConnection implements V2gConnection {
  readonly remote: string;
  readonly local: string;
  private readonly deframer: V2gtpDeframer;
  private readonly queue: V2gFrameIn[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly closeListeners = new Set<() => void>();
  private failure: V2gFramingError | undefined;
  private endedAtUs: number | undefined;
  private fullyClosed = false;
  private reason = 'closed by the peer';
  private closing: Promise<void> | undefined;

  constructor(
    private readonly socket: net.Socket,
    maxPayload: number,
    readonly tls: TlsSnapshot | undefined,
  ) {
    this.deframer = new V2gtpDeframer(maxPayload);
    this.remote = endpoint(socket.remoteAddress, socket.remotePort);
    this.local = endpoint(socket.localAddress, socket.localPort);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onEnded('closed by the peer'));
    socket.on('error', (e: NodeJS.ErrnoException) => this.onEnded(`failed: ${errorText(e)}`));
    socket.on('close', () => this.onClosed());
  }

  get closed(): boolean {
    return this.endedAtUs !== undefined;
  }

  closedAtUs(): number | undefined {
    return this.endedAtUs;
  }

  send(payloadType: number, payload: Uint8Array): Promise<number> {
    return this.sendRaw(encodeV2gtp(payloadType, payload));
  }

  sendRaw(bytes: Uint8Array): Promise<number> {
    if (this.closed || this.socket.destroyed || !this.socket.writable) {
      return Promise.reject(this.closedError(`cannot send ${bytes.length} bytes`));
    }
    return new Promise((resolve, reject) => {
      const t = monoUs();
      this.socket.write(bytes, (err) => {
        if (err) reject(this.closedError(`sending ${bytes.length} bytes failed (${err.message})`));
        else resolve(t);
      });
    });
  }

  receive(timeoutMs: number, what: string): Promise<V2gFrameIn> {
    const ready = this.queue.shift();
    if (this.socket.isPaused() && this.queue.length < MAX_QUEUED / 2) this.socket.resume();
    if (ready) return Promise.resolve(ready);
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(this.closedError(`no V2GTP frame (waiting for ${what})`));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(new V2gTimeoutError(`no V2GTP frame within ${timeoutMs} ms (waiting for ${what}) on ${this.local} ← ${this.remote}`));
        }, Math.max(0, timeoutMs)),
      };
      this.waiters.push(waiter);
    });
  }

  waitClosed(timeoutMs: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (v: boolean) => {
        clearTimeout(timer);
        this.closeListeners.delete(listener);
        resolve(v);
      };
      const listener = () => done(true);
      const timer = setTimeout(() => done(false), Math.max(0, timeoutMs));
      this.closeListeners.add(listener);
    });
  }

  close(): Promise<void> {
    if (!this.closing) {
      this.closing = new Promise<void>((resolve) => {
        if (this.fullyClosed) {
          resolve();
          return;
        }
        if (!this.closed) this.reason = 'closed by us';
        const timer = setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS);
        this.socket.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        this.socket.end();
      });
    }
    return this.closing;
  }

  private onData(chunk: Buffer): void {
    const tUs = monoUs();
    if (this.failure) return;
    let frames: readonly V2gtpRawFrame[];
    try {
      frames = this.deframer.push(chunk);
    } catch (e) {
      if (!(e instanceof V2gFramingError)) throw e;
      this.failure = e;
      frames = e.before;
    }
    for (const f of frames) this.queue.push({ ...f, tUs });
    this.serve();
    if (this.queue.length >= MAX_QUEUED) this.socket.pause();
  }

  private onEnded(reason: string): void {
    if (this.endedAtUs !== undefined) return;
    this.endedAtUs = monoUs();
    if (!this.closing) this.reason = reason;
    if (!this.failure) {
      try {
        this.deframer.finish();
      } catch (e) {
        if (e instanceof V2gFramingError) this.failure = e;
      }
    }
    this.serve();
    for (const l of [...this.closeListeners]) l();
  }

  private onClosed(): void {
    this.fullyClosed = true;
    this.onEnded(this.reason);
  }

  /** Hands queued frames (then the failure or the close) to the waiters in order. */
  private serve(): void {
    while (this.waiters.length > 0) {
      const frame = this.queue.shift();
      let outcome: V2gFrameIn | Error | undefined = frame;
      if (!outcome && this.failure) outcome = this.failure;
      else if (!outcome && this.closed) outcome = this.closedError('no V2GTP frame');
      if (!outcome) return;
      const w = this.waiters.shift()!;
      clearTimeout(w.timer);
      if (outcome instanceof Error) w.reject(outcome);
      else w.resolve(outcome);
    }
  }

  private closedError(what: string): V2gClosedError {
    const at = this.endedAtUs ?? monoUs();
    return new V2gClosedError(`${what}: connection ${this.local} ↔ ${this.remote} ${this.reason}`, at);
  }
}

/** Node TLS options of one side, from the V2G options (TLS 1.2 pinned to the ISO 15118-2 suite and curve by default). */
function secureOptions(o: V2gTlsOptions): tls.SecureContextOptions & tls.CommonConnectionOptions {
  const base: tls.SecureContextOptions & tls.CommonConnectionOptions = {
    minVersion: o.version,
    maxVersion: o.version,
    ca: o.ca,
    cert: o.cert,
    key: o.key,
  };
  if (o.version === 'TLSv1.2') {
    base.ciphers = o.ciphers ?? ISO2_TLS.ciphers;
    base.ecdhCurve = o.ecdhCurve ?? ISO2_TLS.ecdhCurve;
  } else {
    if (o.ciphers) base.ciphers = o.ciphers;
    if (o.ecdhCurve) base.ecdhCurve = o.ecdhCurve;
  }
  return base;
}

function checkTls(o: V2gTlsOptions | undefined, where: string, server: boolean): void {
  if (!o) return;
  if (o.version !== 'TLSv1.2' && o.version !== 'TLSv1.3') throw new EvcError(`${where}: tls.version must be TLSv1.2 or TLSv1.3, got ${String(o.version)}`);
  if (!Array.isArray(o.ca)) throw new EvcError(`${where}: tls.ca must be a list of PEM certificates`);
  if (server && (!o.cert || !o.key)) throw new EvcError(`${where}: a TLS server needs tls.cert (chain PEM) and tls.key`);
  if (!!o.cert !== !!o.key) throw new EvcError(`${where}: tls.cert and tls.key go together`);
}

/** Connects as the EVCC side (TCP, or TLS with the handshake complete); bounded by timeoutMs. */
export function connectV2g(o: { host: string; port: number; tls?: V2gTlsOptions; timeoutMs: number; maxPayload?: number }): Promise<V2gConnection> {
  return rejectThrown(() => connectInner(o));
}

/** Bad options (a malformed PEM, a missing key) throw inside Node's constructors: turn them into a rejection. */
function rejectThrown<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return fn();
  } catch (e) {
    return Promise.reject(e instanceof EvcError ? e : new EvcError(`V2G transport: ${(e as Error).message}`));
  }
}

function connectInner(o: { host: string; port: number; tls?: V2gTlsOptions; timeoutMs: number; maxPayload?: number }): Promise<V2gConnection> {
  checkTls(o.tls, 'connectV2g', false);
  const target = endpoint(o.host, o.port);
  const what = o.tls ? `${o.tls.version} connection to ${target}` : `TCP connection to ${target}`;
  return new Promise((resolve, reject) => {
    const socket = o.tls
      ? tls.connect({
          host: o.host,
          port: o.port,
          ...secureOptions(o.tls),
          rejectUnauthorized: o.tls.rejectUnauthorized ?? true,
          checkServerIdentity: () => undefined,
        })
      : net.connect({ host: o.host, port: o.port });
    const readyEvent = o.tls ? 'secureConnect' : 'connect';
    const finish = (err?: V2gConnectError) => {
      clearTimeout(timer);
      socket.off('error', onError);
      socket.off(readyEvent, onReady);
      if (err) {
        socket.destroy();
        reject(err);
      } else {
        const snapshot = o.tls ? tlsSnapshot(socket as tls.TLSSocket) : undefined;
        resolve(new SocketConnection(socket, o.maxPayload ?? 65536, snapshot));
      }
    };
    const onError = (e: NodeJS.ErrnoException) => finish(new V2gConnectError(`${what} failed: ${errorText(e)}`, e.code));
    const onReady = () => finish();
    const timer = setTimeout(() => finish(new V2gConnectError(`${what}: not established within ${o.timeoutMs} ms`, 'ETIMEDOUT')), Math.max(0, o.timeoutMs));
    socket.once('error', onError);
    socket.once(readyEvent, onReady);
  });
}

export interface V2gServer {
  readonly host: string;
  readonly port: number;
  /** TLS handshakes that failed (client without certificate, no shared cipher …), in order. */
  readonly handshakeFailures: readonly { tUs: number; remote: string; code?: string; message: string }[];
  /** Next connection (handshake complete) not handed to an onConnection handler; V2gTimeoutError after timeoutMs. */
  accept(timeoutMs: number): Promise<V2gConnection>;
  /** Hands every connection (queued ones first) to fn instead of accept(). */
  onConnection(fn: (c: V2gConnection) => void): void;
  /** Stops listening and closes every connection it accepted (and any half-open handshake). */
  close(): Promise<void>;
}

/** Listens as the SECC side; default [::1] on an ephemeral port. */
export function listenV2g(o: { host?: string; port?: number; tls?: V2gTlsOptions; maxPayload?: number } = {}): Promise<V2gServer> {
  return rejectThrown(() => listenInner(o));
}

function listenInner(o: { host?: string; port?: number; tls?: V2gTlsOptions; maxPayload?: number }): Promise<V2gServer> {
  checkTls(o.tls, 'listenV2g', true);
  const host = o.host ?? '::1';
  const maxPayload = o.maxPayload ?? 65536;
  const t = o.tls;
  const server: net.Server = t
    ? tls.createServer({ ...secureOptions(t), requestCert: t.requestCert === true, rejectUnauthorized: t.requestCert === true, handshakeTimeout: 10_000 })
    : net.createServer();
  const sockets = new Set<net.Socket>();
  const connections = new Set<V2gConnection>();
  const queued: V2gConnection[] = [];
  const failures: { tUs: number; remote: string; code?: string; message: string }[] = [];
  const acceptors: { resolve(c: V2gConnection): void; reject(e: Error): void; timer: NodeJS.Timeout }[] = [];
  let handler: ((c: V2gConnection) => void) | undefined;
  let closing: Promise<void> | undefined;

  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  const adopt = (s: net.Socket) => {
    const c = new SocketConnection(s, maxPayload, t ? tlsSnapshot(s as tls.TLSSocket) : undefined);
    connections.add(c);
    if (closing) {
      void c.close();
      return;
    }
    const a = acceptors.shift();
    if (handler) handler(c);
    else if (a) {
      clearTimeout(a.timer);
      a.resolve(c);
    } else queued.push(c);
  };
  if (t) {
    server.on('secureConnection', adopt);
    server.on('tlsClientError', (e: NodeJS.ErrnoException, s: tls.TLSSocket) => {
      // A client certificate that does not verify: Node drops the socket after the handshake (no alert), the
      // error is then a bare hang-up; the verification result names the reason.
      const refused = s.authorizationError ? String(s.authorizationError) : undefined;
      const message = refused ? `client certificate refused: ${refused}` : errorText(e);
      failures.push({ tUs: monoUs(), remote: endpoint(s.remoteAddress, s.remotePort), code: refused ?? e.code, message });
    });
  } else server.on('connection', adopt);

  return new Promise((resolve, reject) => {
    const onListenError = (e: Error) => reject(new V2gConnectError(`listenV2g on ${endpoint(host, o.port ?? 0)}: ${e.message}`, (e as NodeJS.ErrnoException).code));
    server.once('error', onListenError);
    server.listen({ host, port: o.port ?? 0 }, () => {
      server.off('error', onListenError);
      server.on('error', () => undefined);
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        host,
        port,
        handshakeFailures: failures,
        accept(timeoutMs: number) {
          const c = queued.shift();
          if (c) return Promise.resolve(c);
          if (closing) return Promise.reject(new EvcError(`V2G server ${endpoint(host, port)} is closed`));
          return new Promise((res, rej) => {
            const entry = {
              resolve: res,
              reject: rej,
              timer: setTimeout(() => {
                acceptors.splice(acceptors.indexOf(entry), 1);
                const last = failures[failures.length - 1];
                const tail = last ? ` (last TLS handshake failure from ${last.remote}: ${last.message})` : '';
                rej(new V2gTimeoutError(`no V2G connection on ${endpoint(host, port)} within ${timeoutMs} ms${tail}`));
              }, Math.max(0, timeoutMs)),
            };
            acceptors.push(entry);
          });
        },
        onConnection(fn) {
          handler = fn;
          for (const c of queued.splice(0)) fn(c);
        },
        close() {
          if (!closing) {
            closing = (async () => {
              for (const a of acceptors.splice(0)) {
                clearTimeout(a.timer);
                a.reject(new EvcError(`V2G server ${endpoint(host, port)} closed while waiting for a connection`));
              }
              const closed = new Promise<void>((r) => server.close(() => r()));
              await Promise.all([...connections].map((c) => c.close()));
              for (const s of sockets) s.destroy();
              await closed;
            })();
          }
          return closing;
        },
      });
    });
  });
}
