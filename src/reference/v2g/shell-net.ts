/**
 * The reference shells' socket glue: V2GTP frames on a TCP/TLS stream, SDP over UDP. Written for the reference
 * SUTs on node:net / node:tls / node:dgram (the harness has its own transport), so a framing bug on one side
 * cannot hide the same bug on the other. Every wait is bounded; nothing here throws out of a socket event.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { isIPv6, type Socket } from 'node:net';

export const V2GTP_HEADER = 8;
export const PT_EXI = 0x8001;
export const PT_SDP_REQ = 0x9000;
export const PT_SDP_RES = 0x9001;
export const SDP_TLS = 0x00;
export const SDP_NO_TLS = 0x10;

/** One V2GTP frame as read from the stream (raw = the whole frame). */
export interface RefFrame {
  version: number;
  inverse: number;
  payloadType: number;
  payload: Uint8Array;
  raw: Uint8Array;
}

/** A V2GTP frame with our header; `wrongVersion` writes version 0x02 / inverse 0xFD (the faults). */
export function v2gtpFrame(payloadType: number, payload: Uint8Array, wrongVersion = false): Uint8Array {
  const out = new Uint8Array(V2GTP_HEADER + payload.length);
  const dv = new DataView(out.buffer);
  out[0] = wrongVersion ? 0x02 : 0x01;
  out[1] = wrongVersion ? 0xfd : 0xfe;
  dv.setUint16(2, payloadType);
  dv.setUint32(4, payload.length);
  out.set(payload, V2GTP_HEADER);
  return out;
}

export function hexOf(b: Uint8Array, max = 64): string {
  const h = Buffer.from(b.subarray(0, max)).toString('hex');
  return b.length > max ? `${h}…` : h;
}

/**
 * Cuts a byte stream into V2GTP frames. A header with a version other than 0x01 or an inverse other than 0xFE,
 * or a length over `maxPayload`, is a framing error (the stream cannot be trusted after it); `lenient` skips the
 * version/inverse check (the accepts-malformed-frame fault).
 */
export class RefDeframer {
  private buf = Buffer.alloc(0);

  constructor(
    private readonly lenient: boolean,
    private readonly maxPayload = 65_536,
  ) {}

  push(chunk: Uint8Array): { frames: RefFrame[]; error?: string } {
    this.buf = Buffer.concat([this.buf, chunk]);
    const frames: RefFrame[] = [];
    for (;;) {
      if (this.buf.length < V2GTP_HEADER) return { frames };
      const version = this.buf[0];
      const inverse = this.buf[1];
      if (!this.lenient && (version !== 0x01 || inverse !== 0xfe)) {
        return { frames, error: `bad V2GTP version/inverse ${hexOf(this.buf.subarray(0, 2))} (expected 01fe) in ${hexOf(this.buf)}` };
      }
      const length = this.buf.readUInt32BE(4);
      if (length > this.maxPayload) return { frames, error: `V2GTP payload length ${length} over ${this.maxPayload} in ${hexOf(this.buf)}` };
      if (this.buf.length < V2GTP_HEADER + length) return { frames };
      const raw = new Uint8Array(this.buf.subarray(0, V2GTP_HEADER + length));
      this.buf = this.buf.subarray(V2GTP_HEADER + length);
      frames.push({ version, inverse, payloadType: (raw[2] << 8) | raw[3], payload: raw.subarray(V2GTP_HEADER), raw });
    }
  }
}

export type LinkEvent = { kind: 'frame'; frame: RefFrame } | { kind: 'error'; text: string } | { kind: 'closed' } | { kind: 'timeout' };

/** A V2GTP stream on one socket: frames queued as they arrive, `next` waits (bounded) for the next event. */
export class RefLink {
  private readonly queue: LinkEvent[] = [];
  private waiter: ((e: LinkEvent) => void) | undefined;
  private ended = false;
  private readonly closedPromise: Promise<void>;

  constructor(
    readonly socket: Socket,
    lenient: boolean,
  ) {
    const deframer = new RefDeframer(lenient);
    socket.on('data', (chunk: Buffer) => {
      if (this.ended) return;
      const r = deframer.push(chunk);
      for (const frame of r.frames) this.emit({ kind: 'frame', frame });
      if (r.error) {
        this.emit({ kind: 'error', text: r.error });
        this.ended = true;
      }
    });
    socket.on('error', () => undefined);
    this.closedPromise = new Promise((resolve) => socket.once('close', () => {
      this.emit({ kind: 'closed' });
      resolve();
    }));
  }

  get closed(): boolean {
    return this.socket.destroyed;
  }

  private emit(e: LinkEvent): void {
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w(e);
    } else this.queue.push(e);
  }

  /** The next frame, framing error or close; `timeout` after timeoutMs; `closed` once the socket is gone. */
  next(timeoutMs: number): Promise<LinkEvent> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.socket.destroyed) return Promise.resolve({ kind: 'closed' });
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.waiter = undefined;
        resolve({ kind: 'timeout' });
      }, Math.max(1, timeoutMs));
      this.waiter = (e) => {
        clearTimeout(t);
        resolve(e);
      };
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => this.socket.write(bytes, () => resolve()));
  }

  /** Ends the connection (FIN, then destroy if the peer does not close within 500 ms). */
  async close(): Promise<void> {
    if (this.socket.destroyed) return;
    this.socket.end();
    const t = setTimeout(() => this.socket.destroy(), 500);
    await this.closedPromise;
    clearTimeout(t);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** 16 bytes of an IPv6 address (`::1`, `fe80::1%eth0`: the scope is dropped); an IPv4 address is mapped. */
export function ipv6Bytes(address: string): Uint8Array {
  let a = address.split('%')[0];
  if (!isIPv6(a)) a = `::ffff:${a}`;
  const out = new Uint8Array(16);
  let [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(tail ?? head);
  const toGroups = (s: string | undefined): number[] => (s ? s.split(':').filter((g) => g !== '' && !g.includes('.')).map((g) => parseInt(g, 16)) : []);
  if (v4) {
    const hex = `${((+v4[1] << 8) | +v4[2]).toString(16)}:${((+v4[3] << 8) | +v4[4]).toString(16)}`;
    if (tail !== undefined) tail = tail.replace(v4[0], hex);
    else head = head.replace(v4[0], hex);
  }
  const h = toGroups(head);
  const t = toGroups(tail);
  const groups = [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}

/** The textual form of 16 address bytes (no zero compression; Node accepts it). */
export function ipv6String(b: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i] << 8) | b[i + 1]).toString(16));
  return groups.join(':');
}

export function sdpResponsePayload(address: string, port: number, security: number): Uint8Array {
  const p = new Uint8Array(20);
  p.set(ipv6Bytes(address), 0);
  p[16] = port >> 8;
  p[17] = port & 0xff;
  p[18] = security;
  p[19] = 0x00;
  return p;
}

export interface RefUdp {
  socket: UdpSocket;
  port: number;
  close(): Promise<void>;
}

/** A UDP socket on the address's family, bound to `port` (0: ephemeral). */
export function bindUdp(address: string, port: number): Promise<RefUdp> {
  const socket = createSocket({ type: isIPv6(address.split('%')[0]) ? 'udp6' : 'udp4', reuseAddr: port !== 0 });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, address, () => {
      socket.off('error', reject);
      socket.on('error', () => undefined);
      let closed = false;
      resolve({
        socket,
        port: socket.address().port,
        close: () => new Promise<void>((r) => {
          if (closed) return r();
          closed = true;
          socket.close(() => r());
        }),
      });
    });
  });
}
