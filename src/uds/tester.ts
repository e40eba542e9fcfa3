/**
 * UDS client (tester) role over a DiagLink: one request → its responses, with P2 measured from the end of
 * the request to the first response and P2* from each 0x78 (response pending) to the next, in µs.
 * Physical and functional addressing, suppressPosRsp, S3 keep-alive (TesterPresent 3E 80).
 * Verdicts live in verdicts.ts; the convenience methods at the bottom use them and throw VerdictError.
 */
import { intervalUs } from '../core/clock';
import type { Trace } from '../core/trace';
import { hasSuppressBit, hex, isNegativeResponse, summarize } from './codec';
import { type DiagLink, monoUs, PduQueue } from './link';
import { NRC } from './nrc';
import { computeKey } from './seedkey';
import * as svc from './services';
import { assertPositive, fail } from './verdicts';

export interface TesterOptions {
  trace?: Trace;
  /** P2client: the limit a first response is measured against (default 50 ms, or as the session reports). */
  p2Ms?: number;
  /** P2*client: the limit after a 0x78 (default 5000 ms). */
  p2StarMs?: number;
  /** How long past P2/P2* the tester keeps listening, so a late answer is measured rather than missed (default 1000 ms). */
  lateMarginMs?: number;
  /** After a suppressed request, how long to listen for a forbidden positive response (default P2 + 50 ms). */
  suppressWaitMs?: number;
  /** Give up after this many consecutive 0x78 (default 100). */
  maxPending?: number;
  /** Adopt the P2/P2* the ECU reports in 0x50 responses (default true). */
  adoptSessionTiming?: boolean;
  /** Protocol name in the trace (default `uds`; OBD uses `obd`). */
  protocol?: string;
}

export interface TimedResponse {
  data: Uint8Array;
  tUs: number;
  /** µs since the reference point (request end, or the previous 0x78). */
  elapsedUs: number;
  /**
   * The clock both ends of elapsedUs were taken on: the kernel's stamps of the request's last frame and this
   * response's first (SocketCAN), or the monotonic JS clock (other links, or a kernel stamp missing).
   */
  clock: 'kernel' | 'monotonic';
  /** The limit that applied: P2 for the first response, P2* after a 0x78. */
  limit: 'P2' | 'P2*';
  limitMs: number;
  late: boolean;
}

export interface UdsExchange {
  request: Uint8Array;
  functional: boolean;
  suppress: boolean;
  txUs: number;
  /** Kernel stamp of the request's last frame, where the link has one (clock of DiagPdu.kernelUs). */
  txKernelUs?: number;
  /** Every response in order, including 0x78s. */
  responses: TimedResponse[];
  /** The final (non-0x78) response, if any. */
  final?: TimedResponse;
  pendingCount: number;
  /** Any response beyond its limit. */
  late: boolean;
  p2Ms: number;
  p2StarMs: number;
  /** True when the wait ended because nothing (more) came. */
  timedOut: boolean;
  channel: string;
}

export interface RequestOptions {
  functional?: boolean;
  /** Overrides for this request. */
  p2Ms?: number;
  p2StarMs?: number;
  /** Total bound for the exchange (default: derived from P2, P2-star, margin and maxPending). */
  timeoutMs?: number;
}

export class UdsTester {
  p2Ms: number;
  p2StarMs: number;
  readonly lateMarginMs: number;
  private readonly queue: PduQueue;
  private keepAlive: NodeJS.Timeout | undefined;
  private busy = false;
  /** Every exchange, for reports and steps that inspect the last one. */
  readonly exchanges: UdsExchange[] = [];

  constructor(
    readonly link: DiagLink,
    private readonly opts: TesterOptions = {},
  ) {
    this.p2Ms = opts.p2Ms ?? 50;
    this.p2StarMs = opts.p2StarMs ?? 5000;
    this.lateMarginMs = opts.lateMarginMs ?? 1000;
    this.queue = new PduQueue(link);
  }

  get trace(): Trace | undefined {
    return this.opts.trace;
  }

  get last(): UdsExchange | undefined {
    return this.exchanges[this.exchanges.length - 1];
  }

  private record(dir: 'tx' | 'rx', data: Uint8Array, extra = ''): void {
    let decoded: unknown;
    try {
      decoded = !isNegativeResponse(data) ? svc.decodePositive(data) : { requestSid: data[1], nrc: data[2] };
    } catch (e) {
      decoded = { malformed: (e as Error).message };
    }
    this.opts.trace?.record({ dir, protocol: this.opts.protocol ?? 'uds', channel: this.link.channel, raw: data, decoded, summary: `${summarize(data)}${extra}` });
  }

  /** Sends one request and collects its response(s). Never throws for SUT misbehaviour: see verdicts.ts. */
  async request(req: Uint8Array | readonly number[], o: RequestOptions = {}): Promise<UdsExchange> {
    const request = Uint8Array.from(req);
    const functional = o.functional === true;
    const suppress = hasSuppressBit(request);
    const p2Ms = o.p2Ms ?? this.p2Ms;
    const p2StarMs = o.p2StarMs ?? this.p2StarMs;
    const maxPending = this.opts.maxPending ?? 100;
    for (const stale of this.queue.drain()) this.record('rx', stale.data, ' (unsolicited)');
    this.busy = true;
    try {
      this.record('tx', request, functional ? ' [functional]' : '');
      const sendStartUs = monoUs();
      const txUs = await this.link.send(request, { functional });
      // The link stamps both ends on the one monotonic clock: an end before the start is the harness's fault.
      intervalUs(sendStartUs, txUs, `the send of ${hex(request)} on ${this.link.channel}`);
      const ex: UdsExchange = { request, functional, suppress, txUs, responses: [], pendingCount: 0, late: false, p2Ms, p2StarMs, timedOut: false, channel: this.link.channel };
      // the kernel's stamp of the request (SocketCAN loopback) arrives on its own socket: awaited (bounded) at the first answer
      const kernelTxP = this.link.kernelSendUs?.(txUs);
      let kernelTxAsked = false;
      const hardDeadline = o.timeoutMs === undefined ? Infinity : monoUs() + o.timeoutMs * 1000;
      let refUs = txUs;
      let refKernelUs: number | undefined;
      let limit: 'P2' | 'P2*' = 'P2';
      while (true) {
        const limitMs = limit === 'P2' ? p2Ms : p2StarMs;
        const listenMs = suppress && limit === 'P2' ? (this.opts.suppressWaitMs ?? p2Ms + 50) : limitMs + this.lateMarginMs;
        const deadline = Math.min(hardDeadline, refUs + listenMs * 1000);
        const pdu = await this.queue.next(Math.max(0, (deadline - monoUs()) / 1000));
        if (!pdu) {
          ex.timedOut = true;
          break;
        }
        if (pdu.tUs < sendStartUs) {
          // began before this request was sent (a multi-frame answer to an earlier request): not ours
          this.record('rx', pdu.data, ' (unsolicited: began before the request)');
          continue;
        }
        if (kernelTxP && !kernelTxAsked) {
          kernelTxAsked = true;
          ex.txKernelUs = await kernelTxP;
          refKernelUs = ex.txKernelUs;
        }
        // both ends on the kernel's clock when both stamps exist, else both on the monotonic clock: never mixed
        const what = `${limit} of ${hex(request)} on ${this.link.channel}`;
        const clock = refKernelUs !== undefined && pdu.kernelUs !== undefined ? 'kernel' : 'monotonic';
        const elapsedUs = clock === 'kernel' ? intervalUs(refKernelUs!, pdu.kernelUs!, what, "the kernel's clock (SocketCAN stamps)") : intervalUs(refUs, pdu.tUs, what);
        if (clock === 'monotonic' && kernelTxP) {
          const missing = refKernelUs === undefined ? (limit === 'P2' ? "the request's last frame" : 'the previous 0x78') : "this response's first frame";
          this.opts.trace?.note(this.opts.protocol ?? 'uds', `${what} timed on monotonic JS stamps: no kernel stamp for ${missing}`, this.link.channel);
        }
        const r: TimedResponse = { data: pdu.data, tUs: pdu.tUs, elapsedUs, clock, limit, limitMs, late: elapsedUs > limitMs * 1000 };
        ex.responses.push(r);
        ex.late ||= r.late;
        const pending = pdu.data.length === 3 && pdu.data[0] === 0x7f && pdu.data[1] === request[0] && pdu.data[2] === NRC.responsePending;
        this.record('rx', pdu.data, ` (+${(elapsedUs / 1000).toFixed(1)} ms${r.late ? `, LATE > ${limit} ${limitMs} ms` : ''})`);
        if (pending) {
          ex.pendingCount++;
          refUs = pdu.tUs;
          refKernelUs = clock === 'kernel' ? pdu.kernelUs : undefined;
          limit = 'P2*';
          if (ex.pendingCount >= maxPending) break;
          continue;
        }
        ex.final = r;
        // Functional requests may be answered by several ECUs: keep the first, the rest stay in the queue.
        break;
      }
      if (this.opts.adoptSessionTiming !== false && ex.final && ex.final.data[0] === 0x50 && ex.final.data.length === 6) {
        const s = svc.decodeSessionResponse(ex.final.data);
        this.p2Ms = s.p2Ms;
        this.p2StarMs = s.p2StarMs;
      }
      this.exchanges.push(ex);
      return ex;
    } finally {
      this.busy = false;
    }
  }

  /** Functional request: collects the final responses of every ECU that answers within P2 (+margin). */
  async requestAll(req: Uint8Array | readonly number[], windowMs = this.p2Ms + 50): Promise<{ first: UdsExchange; others: Uint8Array[] }> {
    const first = await this.request(req, { functional: true });
    const others: Uint8Array[] = [];
    const end = monoUs() + windowMs * 1000;
    while (true) {
      const pdu = await this.queue.next(Math.max(0, (end - monoUs()) / 1000));
      if (!pdu) break;
      this.record('rx', pdu.data, ' (functional, further ECU)');
      others.push(pdu.data);
    }
    return { first, others };
  }

  /** Starts the S3 keep-alive: TesterPresent with suppressPosRsp every intervalMs (default 2000 ms). */
  startKeepAlive(intervalMs = 2000, functional = true): void {
    this.stopKeepAlive();
    this.keepAlive = setInterval(() => {
      if (this.busy) return;
      const tp = svc.encodeTesterPresent(true);
      this.record('tx', tp, ' (keep-alive)');
      this.link.send(tp, { functional }).catch(() => undefined);
    }, intervalMs);
  }

  stopKeepAlive(): void {
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.keepAlive = undefined;
  }

  async close(): Promise<void> {
    this.stopKeepAlive();
    this.queue.dispose();
  }

  // ---- conveniences: request + positive verdict + decode ------------------------------------------------------

  async startSession(sessionType: number): Promise<svc.SessionResponse> {
    const ex = await this.request(svc.encodeSessionRequest(sessionType));
    return svc.decodeSessionResponse(assertPositive(ex, this.opts.trace));
  }

  async readDid(did: number): Promise<Uint8Array> {
    const ex = await this.request(svc.encodeReadDidRequest(did));
    const recs = svc.decodeReadDidResponse(assertPositive(ex, this.opts.trace));
    return recs[0].data;
  }

  async writeDid(did: number, data: Uint8Array | readonly number[]): Promise<void> {
    assertPositive(await this.request(svc.encodeWriteDidRequest(did, data)), this.opts.trace);
  }

  /** SecurityAccess seed → key with a named algorithm; returns the seed. */
  async unlock(level: number, algorithm: string, constant: number): Promise<Uint8Array> {
    const seedEx = await this.request(svc.encodeSeedRequest(level));
    const { seed } = svc.decodeSecurityResponse(assertPositive(seedEx, this.opts.trace));
    if (seed.every((b) => b === 0)) return seed;
    const key = computeKey(algorithm, seed, constant);
    assertPositive(await this.request(svc.encodeKeyRequest(level + 1, key)), this.opts.trace);
    return seed;
  }

  async routine(controlType: number, routineId: number, option: readonly number[] = []): Promise<Uint8Array> {
    const ex = await this.request(svc.encodeRoutineRequest(controlType, routineId, option));
    return svc.decodeRoutineResponse(assertPositive(ex, this.opts.trace)).status;
  }

  async readDtcs(statusMask = 0xff): Promise<svc.DtcRecord[]> {
    const ex = await this.request(svc.encodeReadDtcRequest(0x02, statusMask));
    const r = svc.decodeReadDtcResponse(assertPositive(ex, this.opts.trace));
    return 'dtcs' in r ? r.dtcs : [];
  }

  /**
   * RequestDownload + TransferData in blocks of the ECU's maxNumberOfBlockLength + RequestTransferExit.
   * Returns the number of blocks sent.
   */
  async download(address: number, data: Uint8Array, dataFormat = 0x00): Promise<number> {
    const rd = await this.request(svc.encodeDownloadRequest({ dataFormat, address, size: data.length }));
    const { maxBlockLength } = svc.decodeDownloadResponse(assertPositive(rd, this.opts.trace));
    const chunk = Math.max(1, maxBlockLength - 2);
    let counter = 0x01;
    let blocks = 0;
    for (let o = 0; o < data.length; o += chunk) {
      const ex = await this.request(svc.encodeTransferDataRequest(counter, data.subarray(o, o + chunk)));
      const r = svc.decodeTransferDataResponse(assertPositive(ex, this.opts.trace));
      if (r.counter !== counter) {
        fail(ex, `TransferData response echoes block counter 0x${hex([r.counter])}, expected 0x${hex([counter])}`, this.opts.trace);
      }
      counter = svc.nextBlockCounter(counter);
      blocks++;
    }
    assertPositive(await this.request(svc.encodeTransferExitRequest()), this.opts.trace);
    return blocks;
  }
}
