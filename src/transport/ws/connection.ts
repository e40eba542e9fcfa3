/**
 * One WebSocket connection, either side. Text frames are handed to the layer above (which records them in the
 * trace with their decoded form); this layer records connection events (open, close with code, errors).
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import WebSocket from 'ws';
import type { Trace } from '../../core/trace';
import type { TlsSnapshot } from '../tls/inspect';

export interface ConnectionInfo {
  identity: string;
  /** Negotiated subprotocol ('' when none). */
  protocol: string;
  remote: string;
  secure: boolean;
  /** Subprotocols the client offered (server side). */
  offered?: string[];
  /** The Authorization header as received (server side). */
  authorization?: string;
  /** Peer certificate subject (mutual TLS). */
  peerCertificate?: { subject?: Record<string, string>; issuer?: Record<string, string>; authorized: boolean; error?: string };
  /** Whether permessage-deflate was negotiated. */
  deflate: boolean;
  /** TLS version of the connection (e.g. TLSv1.3), when secure. */
  tlsVersion?: string;
  /** What the live TLS handshake negotiated and presented (absent on a plain connection). */
  tls?: TlsSnapshot;
}

export type CloseInfo = { code: number; reason: string; by: 'peer' | 'harness' | 'error' };

export class WsConnection {
  private readonly textListeners = new Set<(text: string) => void>();
  private readonly closeListeners = new Set<(info: CloseInfo) => void>();
  private closedInfo: CloseInfo | undefined;
  private closingByUs = false;

  constructor(
    readonly socket: WebSocket,
    readonly info: ConnectionInfo,
    private trace: Trace,
  ) {
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      if (isBinary) this.trace.note('ws', 'binary frame received (OCPP-J uses text frames)', info.identity);
      for (const l of this.textListeners) l(text);
    });
    socket.on('close', (code, reason) => {
      this.closedInfo = { code, reason: reason.toString(), by: this.closingByUs ? 'harness' : 'peer' };
      this.trace.note('ws', `closed by ${this.closedInfo.by} (code ${code}${this.closedInfo.reason ? `, ${this.closedInfo.reason}` : ''})`, info.identity);
      for (const l of this.closeListeners) l(this.closedInfo);
    });
    socket.on('error', (err) => {
      this.trace.note('ws', `error: ${err.message}`, info.identity);
    });
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /**
   * Re-homes the connection's own event notes (close, error) in another trace: a connection that outlives one
   * scenario (the persistent harness CSMS, src/ocpp/csms/persistent-endpoint.ts) belongs to each in turn.
   */
  useTrace(trace: Trace): void {
    this.trace = trace;
  }

  get closed(): CloseInfo | undefined {
    return this.closedInfo;
  }

  onText(listener: (text: string) => void): () => void {
    this.textListeners.add(listener);
    return () => this.textListeners.delete(listener);
  }

  onClose(listener: (info: CloseInfo) => void): () => void {
    if (this.closedInfo) {
      listener(this.closedInfo);
      return () => undefined;
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  sendText(text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.open) {
        reject(new Error(`cannot send on ${this.info.identity}: connection is not open`));
        return;
      }
      this.socket.send(text, (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Closes gracefully, then terminates if the peer does not complete the close handshake in time. */
  close(code = 1000, reason = ''): Promise<void> {
    if (this.closedInfo) return Promise.resolve();
    this.closingByUs = true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.socket.terminate(), 1000);
      this.onClose(() => {
        clearTimeout(timer);
        resolve();
      });
      try {
        this.socket.close(code, reason);
      } catch {
        this.socket.terminate();
      }
    });
  }

  terminate(): void {
    this.closingByUs = true;
    this.socket.terminate();
  }
}

export function peerCertificateOf(req: IncomingMessage): ConnectionInfo['peerCertificate'] {
  const sock = req.socket as TLSSocket;
  if (typeof sock.getPeerCertificate !== 'function') return undefined;
  const cert = sock.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) return undefined;
  return {
    subject: cert.subject as unknown as Record<string, string>,
    issuer: cert.issuer as unknown as Record<string, string>,
    authorized: sock.authorized,
    error: sock.authorizationError ? String(sock.authorizationError) : undefined,
  };
}
