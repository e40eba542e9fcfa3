/**
 * DiagLink: the transport interface the diagnostic layers (UDS, OBD-II) are written against. A link carries
 * whole UDS PDUs (already reassembled by ISO-TP or unpacked from a DoIP diagnostic message) and stamps every
 * received PDU with a monotonic microsecond timestamp, so P2/P2* can be measured at the layer that owns them.
 *
 * Implementations: the in-memory pair below (unit tests, embedded reference SUTs), the ISO-TP adapter
 * (src/uds/isotp-link.ts) and the DoIP adapter (src/doip/tester.ts).
 */

import { monoUs } from '../core/clock';

/** The one monotonic µs clock (src/core/clock.ts) every DiagLink, the CAN layer and ISO-TP stamp with. */
export { monoUs };

export interface DiagPdu {
  data: Uint8Array;
  /** When the PDU was received (monoUs). For ISO-TP: reception of the first frame. */
  tUs: number;
  /**
   * Kernel receive stamp of the PDU's first frame (SocketCAN: wall-clock µs), when the transport has one. Only
   * ever compared with {@link DiagLink.kernelSendUs} of the same link, never with tUs.
   */
  kernelUs?: number;
  /** True when the PDU was sent to the functional (broadcast) address. */
  functional?: boolean;
  /** Logical source/target addresses where the transport has them (DoIP, extended CAN addressing). */
  source?: number;
  target?: number;
}

export interface SendOptions {
  /** Send to the functional address (0x7DF on CAN, the functional logical address on DoIP). */
  functional?: boolean;
}

export type PduListener = (pdu: DiagPdu) => void;

export interface DiagLink {
  /** Names the link in traces, e.g. `vcan0 7E0/7E8` or `127.0.0.1:13400 0E00→0010`. */
  readonly channel: string;
  /**
   * Sends one PDU; resolves with the monoUs time stamped just before the write of its last frame/segment
   * (start of P2). Received PDUs are stamped when they reach JavaScript, on the same clock.
   */
  send(data: Uint8Array, opts?: SendOptions): Promise<number>;
  /**
   * Transports with kernel stamps (ISO-TP on SocketCAN): the kernel's stamp of the last frame of the PDU whose
   * send() resolved with `txUs`, on the clock of {@link DiagPdu.kernelUs}; undefined when unavailable.
   */
  kernelSendUs?(txUs: number): Promise<number | undefined>;
  /** Subscribes to received PDUs; returns the unsubscribe function. */
  onPdu(listener: PduListener): () => void;
  close(): Promise<void>;
}

/**
 * Buffers a link's PDUs so a client can await them one at a time with a bounded wait.
 */
export class PduQueue {
  private readonly items: DiagPdu[] = [];
  private waiter: ((p: DiagPdu | undefined) => void) | undefined;
  private readonly off: () => void;

  constructor(link: DiagLink) {
    this.off = link.onPdu((p) => {
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = undefined;
        w(p);
      } else this.items.push(p);
    });
  }

  /** The next PDU, or undefined when none arrives within timeoutMs. */
  next(timeoutMs: number): Promise<DiagPdu | undefined> {
    const first = this.items.shift();
    if (first) return Promise.resolve(first);
    if (this.waiter) throw new Error('PduQueue.next: already waiting');
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve(undefined);
      }, Math.max(0, timeoutMs));
      this.waiter = (p) => {
        clearTimeout(timer);
        resolve(p);
      };
    });
  }

  /** Drops everything buffered (e.g. stale responses before a new request). */
  drain(): DiagPdu[] {
    return this.items.splice(0, this.items.length);
  }

  get pending(): number {
    return this.items.length;
  }

  dispose(): void {
    this.off();
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w(undefined);
    }
  }
}

export interface MemoryLinkOptions {
  /** One-way delivery latency in ms (0 = next macrotask). */
  latencyMs?: number;
  channel?: string;
}

/** One end of an in-memory link pair. */
export class MemoryLink implements DiagLink {
  peer: MemoryLink | undefined;
  /** monoUs of the last send (tests inject responses relative to it). */
  lastSendUs = 0;
  private readonly listeners = new Set<PduListener>();
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly immediates = new Set<NodeJS.Immediate>();

  constructor(
    readonly channel: string,
    private readonly latencyMs: number,
  ) {}

  async send(data: Uint8Array, opts: SendOptions = {}): Promise<number> {
    if (this.closed) throw new Error(`${this.channel}: link closed`);
    const t = monoUs();
    this.lastSendUs = t;
    const peer = this.peer;
    const copy = Uint8Array.from(data);
    // Stamped on arrival at the peer. Latency 0 delivers on the next turn of the event loop (setImmediate):
    // setTimeout(0) waits at least 1 ms, a bias every P2 measured on this link would carry.
    const deliver = () => peer?.deliver({ data: copy, tUs: monoUs(), functional: opts.functional === true });
    if (this.latencyMs <= 0) {
      const im = setImmediate(() => {
        this.immediates.delete(im);
        deliver();
      });
      this.immediates.add(im);
      return t;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      deliver();
    }, this.latencyMs);
    this.timers.add(timer);
    return t;
  }

  /** Hands a PDU to this end's listeners (tests use it to inject PDUs with chosen timestamps). */
  deliver(pdu: DiagPdu): void {
    if (this.closed) return;
    for (const l of [...this.listeners]) l(pdu);
  }

  onPdu(listener: PduListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const i of this.immediates) clearImmediate(i);
    this.immediates.clear();
    this.listeners.clear();
  }
}

/** Two connected in-memory links: what `a` sends, `b` receives and vice versa. */
export function createLinkPair(opts: MemoryLinkOptions = {}): [MemoryLink, MemoryLink] {
  const name = opts.channel ?? 'mem';
  const a = new MemoryLink(`${name}:a`, opts.latencyMs ?? 0);
  const b = new MemoryLink(`${name}:b`, opts.latencyMs ?? 0);
  a.peer = b;
  b.peer = a;
  return [a, b];
}
