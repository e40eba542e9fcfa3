/**
 * CanChannel on a Linux SocketCAN interface (vcan0, can0, …) through the `socketcan` native addon.
 * The addon is loaded lazily so code using only the loopback bus never needs it.
 *
 * Addon gaps handled here: send()/sendFD() return -1 instead of throwing (we throw CanSendError); received
 * frames carry no FD/BRS flag (frames longer than 8 bytes are marked fd); its receive timestamps are wall
 * clock, so they are kept as trace information only (`kernelWallUs`) and a frame's `tUs` is taken on the one
 * monotonic clock when it reaches JavaScript; it cannot receive its own frames (emulated locally).
 *
 * Kernel transmit stamps (`kernelTxStamps: true`): the addon exposes neither CAN_RAW_RECV_OWN_MSGS nor
 * SO_TIMESTAMPING for sent frames, but the kernel loops every sent frame back to the host's OTHER raw sockets
 * (CAN_RAW_LOOPBACK, on by default) and stamps it there. A second socket of this channel (the echo socket),
 * filtered to the ids this channel sends, receives those loopbacks; each is paired with the oldest sent frame of
 * the same id and data still without a stamp. The stamp is the one every other socket of the host sees for that
 * frame (a sniffer's, the ECU's), so an interval between it and a received frame's kernel stamp is on one clock.
 *
 * The kernel stamps frames only while some socket of the host has asked for stamps (the addon asks with
 * SIOCGSTAMP after its first read; the kernel switches stamping on a little later, through a work queue); a
 * frame that arrived before is stamped when it is read, which made a first request look later than its answer
 * (negative P2 in user-mode Linux). So kernelTxStamp() answers only for frames written at least
 * KERNEL_STAMP_SETTLE_US after this channel's first stamped frame; earlier ones stay on the monotonic clock.
 */
import { existsSync, readFileSync } from 'node:fs';
import { CodecError } from '../../core/errors';
import type { Trace } from '../../core/trace';
import {
  type CanChannel,
  type CanChannelOptions,
  type CanErrorListener,
  type CanFilter,
  type CanFrameListener,
  CanBusError,
  CanOpenError,
  CanSendError,
  Listeners,
  filterMatches,
  recordCanFrame,
} from './channel';
import { type CanFrame, monoUs, validateFrame } from './frame';

const CAN_EFF_FLAG = 0x80000000;

export interface AddonMessage {
  id: number;
  ext?: boolean;
  rtr?: boolean;
  err?: boolean;
  data: Buffer;
  ts_sec?: number;
  ts_usec?: number;
  fd_brs?: boolean;
}

export interface AddonRawChannel {
  addListener(event: 'onMessage' | 'onStopped', cb: (...args: any[]) => void): void;
  start(): void;
  stop(): void;
  send(msg: AddonMessage): number;
  sendFD(msg: AddonMessage): number;
  setRxFilters(filters: { id: number; mask: number; invert?: boolean }[]): void;
  setErrorFilters(mask: number): void;
}

export interface AddonModule {
  createRawChannelWithOptions(name: string, opts: { timestamps?: boolean; non_block_send?: boolean }): AddonRawChannel;
}

let addon: AddonModule | undefined;

/** Replaces the native addon (unit tests drive SocketCanChannel with a fake); pass undefined to restore. */
export function setSocketCanAddonForTests(fake: AddonModule | undefined): void {
  addon = fake;
}

function loadAddon(): AddonModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  addon ??= require('socketcan') as AddonModule;
  return addon;
}

export interface SocketCanOptions extends CanChannelOptions {
  /**
   * How long send() keeps retrying while the kernel refuses a frame (tx queue full: bus-off, no ACK on a
   * real bus), before it throws CanSendError. The socket is non-blocking, so a dead bus never hangs the
   * process. Default 100 ms; 0 = fail at once.
   */
  txQueueWaitMs?: number;
  /** Receive CAN error frames (reported through onError). Default true. */
  errorFrames?: boolean;
  /** Open the echo socket that gives kernelTxStamp() (see the file comment). Default false. */
  kernelTxStamps?: boolean;
}

interface SentFrame {
  key: string;
  txUs: number;
  kernelUs?: number;
  waiters: ((kernelUs: number | undefined) => void)[];
}

const frameKey = (id: number, ext: boolean, data: Uint8Array): string => `${ext ? 'x' : 's'}${id.toString(16)}:${Buffer.from(data).toString('hex')}`;
/** Sent frames kept for pairing with their loopback (older ones are dropped unpaired). */
const MAX_SENT = 256;
/** After the first stamped frame this channel read: time for the kernel to switch frame stamping on. */
const KERNEL_STAMP_SETTLE_US = 50_000;

/** Why a SocketCAN interface cannot be used, in one line; undefined when it looks usable. */
export function describeInterfaceProblem(ifname: string): string | undefined {
  if (!existsSync('/proc/net/can')) return 'this kernel has no SocketCAN (AF_CAN unavailable, errno 97) — `evc can-env run` runs CAN work in user-mode Linux';
  if (!existsSync(`/sys/class/net/${ifname}`)) return `no network interface '${ifname}' (create it: ip link add dev ${ifname} type vcan && ip link set up ${ifname})`;
  const type = readSys(`/sys/class/net/${ifname}/type`);
  if (type !== undefined && type !== '280') return `interface '${ifname}' is not a CAN interface (type ${type})`;
  const flags = readSys(`/sys/class/net/${ifname}/flags`);
  if (flags !== undefined && (parseInt(flags, 16) & 1) === 0) return `interface '${ifname}' is down (ip link set up ${ifname})`;
  return undefined;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
/** Blocks the thread for `ms` without spinning (bounded waits for the tx queue only). */
function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

function readSys(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

export class SocketCanChannel implements CanChannel {
  private readonly raw: AddonRawChannel;
  private readonly frameListeners = new Listeners<CanFrame>();
  private readonly errorListeners = new Listeners<CanBusError>();
  private readonly trace?: Trace;
  private readonly receiveOwn: boolean;
  private filters: CanFilter[] = [];
  private isClosed = false;
  private readonly txQueueWaitMs: number;
  private echo?: AddonRawChannel;
  private readonly echoIds = new Map<string, { id: number; ext: boolean }>();
  private readonly sent: SentFrame[] = [];
  /** monoUs from which the kernel stamps frames (undefined until this channel read a stamped frame). */
  private kernelStampsFromUs: number | undefined;

  constructor(
    readonly name: string,
    options: SocketCanOptions = {},
  ) {
    this.trace = options.trace;
    this.receiveOwn = options.receiveOwn ?? false;
    this.txQueueWaitMs = options.txQueueWaitMs ?? 100;
    try {
      this.raw = loadAddon().createRawChannelWithOptions(name, { timestamps: true, non_block_send: true });
    } catch (err) {
      const why = describeInterfaceProblem(name) ?? (err instanceof Error ? err.message : String(err));
      throw new CanOpenError(`cannot open CAN interface '${name}': ${why}`);
    }
    if (options.errorFrames === false) this.raw.setErrorFilters(0);
    this.raw.addListener('onMessage', (msg: AddonMessage) => this.handleMessage(msg));
    this.raw.addListener('onStopped', () => this.handleStopped());
    if (options.filters) this.setFilters(options.filters);
    this.raw.start();
    if (options.kernelTxStamps) this.openEcho();
    this.trace?.note('can', `open ${name}`, name);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  send(frame: CanFrame): number {
    if (this.isClosed) throw new CanSendError(this.name, 'channel is closed');
    validateFrame(frame);
    const msg: AddonMessage = { id: frame.id, ext: frame.ext ?? false, rtr: frame.rtr ?? false, data: Buffer.from(frame.data) };
    // Stamped just before each write call: the successful attempt's stamp is the frame's transmit time.
    let tUs = 0;
    if (this.echo) this.echoFilter(frame.id, frame.ext ?? false);
    const attempt = (): number => {
      tUs = monoUs();
      try {
        const rc = frame.fd ? this.raw.sendFD({ ...msg, fd_brs: frame.brs ?? false }) : this.raw.send(msg);
        return typeof rc === 'number' ? rc : -1;
      } catch (err) {
        throw new CanSendError(this.name, `send failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
    let rc = attempt();
    if (rc < 0 && this.txQueueWaitMs > 0) {
      // The addon reports failure as -1 without errno: retry briefly (a full queue drains at bus speed).
      const end = monoUs() + this.txQueueWaitMs * 1000;
      while (rc < 0 && monoUs() < end && describeInterfaceProblem(this.name) === undefined) {
        sleepSync(0.2);
        rc = attempt();
      }
    }
    if (rc < 0) {
      const why = describeInterfaceProblem(this.name);
      const hint = frame.fd ? ' (is the interface CAN FD capable? mtu must be 72)' : '';
      throw new CanSendError(
        this.name,
        `kernel refused the frame${why ? `: ${why}` : ` for ${this.txQueueWaitMs} ms (tx queue full: bus-off, or no other node ACKs)`}${hint}`,
      );
    }
    const sent: CanFrame = { ...frame, tUs };
    if (this.echo) {
      this.sent.push({ key: frameKey(frame.id, frame.ext ?? false, frame.data), txUs: tUs, waiters: [] });
      if (this.sent.length > MAX_SENT) for (const old of this.sent.splice(0, this.sent.length - MAX_SENT)) for (const w of old.waiters) w(undefined);
    }
    recordCanFrame(this.trace, 'tx', this.name, sent);
    if (this.receiveOwn && filterMatches(this.filters, sent)) this.frameListeners.emit({ ...sent, data: Uint8Array.from(sent.data) });
    return tUs;
  }

  onFrame(listener: CanFrameListener): () => void {
    return this.frameListeners.add(listener);
  }

  kernelTxStamp(txUs: number, timeoutMs = 100): Promise<number | undefined> {
    const s = this.sent.find((x) => x.txUs === txUs);
    if (!this.echo || !s || this.kernelStampsFromUs === undefined || txUs < this.kernelStampsFromUs) return Promise.resolve(undefined);
    if (s.kernelUs !== undefined) return Promise.resolve(s.kernelUs);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), Math.max(0, timeoutMs));
      const done = (v: number | undefined) => {
        clearTimeout(timer);
        const i = s.waiters.indexOf(done);
        if (i >= 0) s.waiters.splice(i, 1);
        resolve(v);
      };
      s.waiters.push(done);
    });
  }

  private openEcho(): void {
    try {
      this.echo = loadAddon().createRawChannelWithOptions(this.name, { timestamps: true, non_block_send: true });
    } catch (err) {
      this.trace?.note('can', `no kernel transmit stamps on ${this.name} (echo socket: ${err instanceof Error ? err.message : String(err)}); send times stay monotonic JS stamps`, this.name);
      return;
    }
    this.echo.setErrorFilters(0);
    this.echo.addListener('onMessage', (msg: AddonMessage) => this.handleEcho(msg));
    this.echo.start();
  }

  /** Lets the echo socket receive `id` (set before the first frame with it is written). */
  private echoFilter(id: number, ext: boolean): void {
    const key = `${ext ? 'x' : 's'}${id.toString(16)}`;
    if (this.echoIds.has(key)) return;
    this.echoIds.set(key, { id, ext });
    const list = [...this.echoIds.values()].map((f) => {
      const full = f.ext ? 0x1fffffff : 0x7ff;
      return { id: ((f.id & full) | (f.ext ? CAN_EFF_FLAG : 0)) >>> 0, mask: (full | CAN_EFF_FLAG) >>> 0 };
    });
    this.echo!.setRxFilters(list);
  }

  private handleEcho(msg: AddonMessage): void {
    if (this.isClosed || msg.err || msg.ts_sec === undefined || msg.ts_usec === undefined) return;
    this.kernelStampsFromUs ??= monoUs() + KERNEL_STAMP_SETTLE_US;
    const key = frameKey(msg.id, msg.ext ?? false, new Uint8Array(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength));
    const s = this.sent.find((x) => x.kernelUs === undefined && x.key === key);
    if (!s) return; // another socket's frame with one of our ids, or ours from before the filter
    s.kernelUs = msg.ts_sec * 1_000_000 + msg.ts_usec;
    for (const w of [...s.waiters]) w(s.kernelUs);
  }

  onError(listener: CanErrorListener): () => void {
    return this.errorListeners.add(listener);
  }

  setFilters(filters: CanFilter[]): void {
    if (filters.some((f) => f.invert) && filters.length > 1) {
      throw new CodecError('SocketCAN ORs its filters: combine an inverted filter with no other filter');
    }
    this.filters = [...filters];
    const list =
      filters.length === 0
        ? [{ id: 0, mask: 0 }]
        : filters.map((f) => {
            const ext = f.ext ?? false;
            const full = ext ? 0x1fffffff : 0x7ff;
            const mask = ((f.mask ?? full) & full) | CAN_EFF_FLAG;
            return { id: ((f.id & full) | (ext ? CAN_EFF_FLAG : 0)) >>> 0, mask: mask >>> 0, invert: f.invert ?? false };
          });
    this.raw.setRxFilters(list);
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const ch of this.echo ? [this.raw, this.echo] : [this.raw]) {
      try {
        ch.stop();
      } catch {
        // already stopped (interface vanished)
      }
    }
    for (const s of this.sent.splice(0)) for (const w of s.waiters) w(undefined);
    this.frameListeners.clear();
    this.errorListeners.clear();
    this.trace?.note('can', `close ${this.name}`, this.name);
  }

  private handleMessage(msg: AddonMessage): void {
    // Stamped on arrival, on the same clock as send(): a wall-clock kernel stamp converted here was biased by
    // milliseconds (and could make P2 negative), so it stays trace information.
    const tUs = monoUs();
    if (this.isClosed) return;
    if (msg.ts_sec !== undefined) this.kernelStampsFromUs ??= tUs + KERNEL_STAMP_SETTLE_US;
    const data = new Uint8Array(msg.data.buffer, msg.data.byteOffset, msg.data.byteLength);
    const frame: CanFrame = { id: msg.id, data, tUs };
    if (msg.ts_sec !== undefined && msg.ts_usec !== undefined) frame.kernelWallUs = msg.ts_sec * 1_000_000 + msg.ts_usec;
    if (msg.ext) frame.ext = true;
    if (msg.rtr) frame.rtr = true;
    if (data.length > 8) frame.fd = true;
    if (msg.err) {
      frame.err = true;
      recordCanFrame(this.trace, 'rx', this.name, frame, ['CAN error frame']);
      this.errorListeners.emit(new CanBusError(this.name, `CAN error frame (class 0x${msg.id.toString(16)})`, frame));
      return;
    }
    // The kernel filter already applied; re-check so filters set after frames were queued hold exactly.
    if (!filterMatches(this.filters, frame)) return;
    recordCanFrame(this.trace, 'rx', this.name, frame);
    this.frameListeners.emit(frame);
  }

  private handleStopped(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    const why = describeInterfaceProblem(this.name) ?? 'socket closed';
    const error = new CanBusError(this.name, `channel stopped: ${why}`);
    this.trace?.note('can', error.message, this.name);
    this.errorListeners.emit(error);
    this.frameListeners.clear();
    this.errorListeners.clear();
  }
}

/** Opens a SocketCAN channel on any interface name. */
export function openSocketCan(ifname: string, options: SocketCanOptions = {}): SocketCanChannel {
  return new SocketCanChannel(ifname, options);
}
