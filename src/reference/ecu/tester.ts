/**
 * The reference tester: a small, independent UDS client (it shares no role code with the harness's
 * UdsTester) that runs scripted jobs against an ECU, used as the SUT of @sut:tester scenarios, where the
 * harness plays the ECU. Its faults (TESTER_FAULTS) make it misbehave in named ways.
 */
import { type DiagLink, PduQueue } from '../../uds/link';
import type { KeyFunction } from '../../uds/fixture';
import { computeKey } from '../../uds/seedkey';
import { resolveTesterFaults } from './faults';

export const TESTER_JOBS = {
  'read-vin': 'reads DID F190 in the default session',
  'hold-extended-session': 'enters the extended session and holds it with TesterPresent for holdMs, then reads F186',
  unlock: 'enters the extended session and unlocks security level 1',
  flash: 'programming session, unlock, erase routine FF00 (slow), download a small image, transfer exit, ECU reset',
} as const;

export type TesterJob = keyof typeof TESTER_JOBS;

export interface ReferenceTesterOptions {
  faults?: readonly string[];
  p2Ms?: number;
  p2StarMs?: number;
  keepAliveMs?: number;
  holdMs?: number;
  /** Seed/key algorithm and constant of level 1 (default xor 0x5A5A5A5A as in the reference fixture). */
  algorithm?: string;
  constant?: number;
  /** The ECU description's seed/key module (replaces algorithm/constant). */
  keyFn?: KeyFunction;
  imageSize?: number;
  downloadAddress?: number;
}

export interface TesterStep {
  request: string;
  response?: string;
}

const h = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

export class ReferenceTester {
  private readonly faults: Set<string>;
  private readonly queue: PduQueue;
  readonly log: TesterStep[] = [];

  constructor(
    readonly link: DiagLink,
    private readonly opts: ReferenceTesterOptions = {},
  ) {
    this.faults = resolveTesterFaults(opts.faults ?? []);
    this.queue = new PduQueue(link);
  }

  /** One request; waits for the final response (honouring 0x78 unless faulty). Undefined on silence. */
  async call(bytes: number[] | Uint8Array): Promise<Uint8Array | undefined> {
    const req = Uint8Array.from(bytes);
    this.queue.drain();
    await this.link.send(req);
    const step: TesterStep = { request: h(req) };
    this.log.push(step);
    const suppressed = req.length > 1 && [0x10, 0x11, 0x27, 0x28, 0x31, 0x3e, 0x85].includes(req[0]) && (req[1] & 0x80) !== 0;
    let wait = (this.opts.p2Ms ?? 50) + (suppressed ? 20 : 200);
    while (true) {
      const pdu = await this.queue.next(wait);
      if (!pdu) return undefined;
      step.response = h(pdu.data);
      if (pdu.data[0] === 0x7f && pdu.data[1] === req[0] && pdu.data[2] === 0x78) {
        if (this.faults.has('tester-ignores-response-pending')) return pdu.data;
        wait = (this.opts.p2StarMs ?? 5000) + 200;
        continue;
      }
      return pdu.data;
    }
  }

  private async unlockLevel1(): Promise<boolean> {
    const seedRsp = await this.call([0x27, 0x01]);
    if (!seedRsp || seedRsp[0] !== 0x67) return false;
    const seed = seedRsp.slice(2);
    if (seed.every((b) => b === 0)) return true;
    const constant = this.faults.has('tester-wrong-key') ? (this.opts.constant ?? 0x5a5a5a5a) ^ 0x01 : (this.opts.constant ?? 0x5a5a5a5a);
    const key = this.opts.keyFn ? this.opts.keyFn(seed, 0x01) : computeKey(this.opts.algorithm ?? 'xor', seed, constant);
    if (this.opts.keyFn && this.faults.has('tester-wrong-key')) key[key.length - 1] ^= 0x01;
    const rsp = await this.call([0x27, 0x02, ...key]);
    return rsp?.[0] === 0x67;
  }

  private async holdSession(ms: number): Promise<void> {
    const every = this.opts.keepAliveMs ?? 2000;
    const end = Date.now() + ms;
    while (Date.now() < end) {
      await new Promise((r) => setTimeout(r, Math.min(every, Math.max(0, end - Date.now()))));
      if (Date.now() >= end) break;
      if (this.faults.has('tester-no-keepalive')) continue;
      if (this.faults.has('tester-no-suppress')) await this.call([0x3e, 0x00]);
      else await this.link.send(Uint8Array.of(0x3e, 0x80), { functional: true });
    }
  }

  /** Runs a job; resolves true when every step got the positive answer the job expected. */
  async run(job: TesterJob): Promise<boolean> {
    const pos = (r: Uint8Array | undefined, sid: number) => !!r && r[0] === sid + 0x40;
    switch (job) {
      case 'read-vin':
        return pos(await this.call([0x22, 0xf1, 0x90]), 0x22);
      case 'hold-extended-session': {
        if (!pos(await this.call([0x10, 0x03]), 0x10)) return false;
        await this.holdSession(this.opts.holdMs ?? 6000);
        const s = await this.call([0x22, 0xf1, 0x86]);
        return pos(s, 0x22) && s![3] === 0x03;
      }
      case 'unlock':
        return pos(await this.call([0x10, 0x03]), 0x10) && (await this.unlockLevel1());
      case 'flash': {
        if (!pos(await this.call([0x10, 0x03]), 0x10)) return false;
        if (!pos(await this.call([0x10, 0x02]), 0x10)) return false;
        if (!(await this.unlockLevel1())) return false;
        // A tester that ignores 0x78 takes the pending answer as done and carries on.
        const erase = await this.call([0x31, 0x01, 0xff, 0x00]);
        if (!pos(erase, 0x31) && !this.faults.has('tester-ignores-response-pending')) return false;
        const size = this.opts.imageSize ?? 600;
        const addr = this.opts.downloadAddress ?? 0x10000;
        const rd = await this.call([0x34, 0x00, 0x44, (addr >>> 24) & 0xff, (addr >>> 16) & 0xff, (addr >>> 8) & 0xff, addr & 0xff, (size >>> 24) & 0xff, (size >>> 16) & 0xff, (size >>> 8) & 0xff, size & 0xff]);
        if (!pos(rd, 0x34)) return false;
        const lenBytes = rd![1] >> 4;
        let max = 0;
        for (let i = 0; i < lenBytes; i++) max = max * 256 + rd![2 + i];
        const chunk = Math.max(1, max - 2);
        let counter = this.faults.has('tester-wrong-block-counter') ? 0x00 : 0x01;
        for (let o = 0; o < size; o += chunk) {
          const n = Math.min(chunk, size - o);
          const r = await this.call([0x36, counter, ...new Array(n).fill((o / chunk) & 0xff)]);
          if (!pos(r, 0x36)) return false;
          counter = (counter + 1) & 0xff;
        }
        if (!pos(await this.call([0x37]), 0x37)) return false;
        return pos(await this.call([0x11, 0x01]), 0x11);
      }
    }
  }

  async close(): Promise<void> {
    this.queue.dispose();
  }
}
