/** Real TLS servers and clients on 127.0.0.1 ephemeral ports, for the test PKI tests. Leaves no open handles. */
import type { AddressInfo } from 'node:net';
import * as tls from 'node:tls';
import { type PeerCertificateInfo, describePeerCertificate } from '../../src/transport/tls/inspect';

export interface TestServer {
  port: number;
  /** What the server saw of each accepted connection's client certificate. */
  accepted: PeerCertificateInfo[];
  /** Error codes of handshakes the server aborted (tlsClientError). */
  clientErrors: string[];
  close(): Promise<void>;
}

/** Greeting the server writes once the handshake is through, so a client knows it really got in. */
export const GREETING = 'hello from test server\n';

/**
 * Starts a TLS server. When `requestCert` is set but `rejectUnauthorized` is false, it behaves like a CSMS that
 * checks the certificate itself: unauthorized clients are recorded and dropped without a greeting.
 */
export async function startTlsServer(options: tls.TlsOptions): Promise<TestServer> {
  const sockets = new Set<tls.TLSSocket>();
  const accepted: PeerCertificateInfo[] = [];
  const clientErrors: string[] = [];
  const server = tls.createServer(options, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const info = describePeerCertificate(socket);
    accepted.push(info);
    if (options.requestCert && !socket.authorized) {
      socket.destroy();
      return;
    }
    socket.end(GREETING);
  });
  server.on('tlsClientError', (err: NodeJS.ErrnoException, socket) => {
    clientErrors.push(err.code ?? err.message);
    socket.destroy();
  });
  server.on('connection', (raw) => {
    raw.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    accepted,
    clientErrors,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export type ConnectResult =
  | { ok: true; peer: PeerCertificateInfo; data: string }
  | { ok: false; code: string; message: string; peer?: PeerCertificateInfo };

/**
 * Connects to 127.0.0.1:port (SNI/host name `servername`, default localhost) and waits for the greeting.
 * ok only when the handshake verified AND the greeting arrived: under TLS 1.3 a client learns that the server
 * refused its certificate only after its own handshake finished, as an alert or a reset.
 */
export function tryConnect(port: number, options: tls.ConnectionOptions = {}, timeoutMs = 5000): Promise<ConnectResult> {
  return new Promise((resolve) => {
    let data = '';
    let peer: PeerCertificateInfo | undefined;
    let done = false;
    const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ...options });
    const finish = (r: ConnectResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ ok: false, code: 'TIMEOUT', message: `no result within ${timeoutMs} ms`, peer }), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('secureConnect', () => {
      peer = describePeerCertificate(socket);
    });
    socket.on('data', (chunk: string) => {
      data += chunk;
      if (data === GREETING && peer) finish({ ok: true, peer, data });
    });
    socket.on('error', (err: NodeJS.ErrnoException) => finish({ ok: false, code: err.code ?? 'UNKNOWN', message: err.message, peer }));
    socket.on('close', () => finish({ ok: false, code: 'CLOSED', message: `closed after ${JSON.stringify(data)}`, peer }));
  });
}

/** Runs fn with a server and always closes it. */
export async function withServer<T>(options: tls.TlsOptions, fn: (server: TestServer) => Promise<T>): Promise<T> {
  const server = await startTlsServer(options);
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}
