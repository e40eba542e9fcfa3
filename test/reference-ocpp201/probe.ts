import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

/** A bare OCPP-J 2.0.1 client on `ws`, for frames no well-behaved station sends. */
export interface RawStation {
  frames: string[];
  /** Sends a CALL and resolves with the reply frame (CALLRESULT or CALLERROR array). */
  call(action: string, payload: unknown): Promise<unknown[]>;
  /** Sends raw text and resolves with the next frame received. */
  sendRaw(text: string): Promise<unknown[]>;
  readonly extensions: string;

  close(): Promise<void>;
}

export function rawStation(url: string, identity: string, o: { password?: string; deflate?: boolean; protocols?: string[] } = {}): Promise<RawStation> {
  const headers: Record<string, string> = {};
  if (o.password) headers.authorization = `Basic ${Buffer.from(`${identity}:${o.password}`).toString('base64')}`;
  const ws = new WebSocket(`${url}/${encodeURIComponent(identity)}`, o.protocols ?? ['ocpp2.0.1'], { headers, perMessageDeflate: o.deflate ?? true });
  const frames: string[] = [];
  const waiting: Array<(f: unknown[]) => void> = [];
  ws.on('message', (data) => {
    const text = String(data);
    frames.push(text);
    let frame: unknown[];
    try {
      frame = JSON.parse(text) as unknown[];
    } catch {
      return;
    }
    if (frame[0] === 2) {
      // answer CSMS-initiated calls with an empty (often invalid) result; the probe does not care
      ws.send(JSON.stringify([3, frame[1], {}]));
      return;
    }
    for (const w of waiting.splice(0)) w(frame);
  });
  const next = (match: (f: unknown[]) => boolean) =>
    new Promise<unknown[]>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('probe: no reply within 3 s')), 3000);
      const loop = (f: unknown[]) => {
        if (match(f)) {
          clearTimeout(t);
          resolve(f);
        } else waiting.push(loop);
      };
      waiting.push(loop);
    });
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { code: res.statusCode })));
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        frames,
        get extensions() {
          return ws.extensions;
        },

        call(action, payload) {
          const id = randomUUID();
          const p = next((f) => f[1] === id);
          ws.send(JSON.stringify([2, id, action, payload]));
          return p;
        },
        sendRaw(text) {
          const p = next(() => true);
          ws.send(text);
          return p;
        },
        close: () =>
          new Promise<void>((res) => {
            if (ws.readyState === WebSocket.CLOSED) return res();
            ws.once('close', () => res());
            ws.close();
          }),
      }),
    );
  });
}
