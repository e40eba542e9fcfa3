/**
 * The harness EVCC's raw SDP path (SUT = SECC): after plug-in it sends SDP requests as given (malformed ones,
 * repeated ones) to the SECC's SDP address and port, and checks what comes back within bounded waits: nothing
 * for a request the SECC must ignore, one valid SDP response per well-formed request. ISO 15118-2 (SDP,
 * V2GTP header): a SECC discards a V2GTP message whose header (version, inverse version, payload type, length)
 * does not fit, and announces no address for a security or transport protocol it does not know.
 */
import { monoUs } from '../../core/clock';
import { EvcError } from '../../core/errors';
import { encodeSdpRequest, openSdpProbe, type SdpDatagramIn, type SdpProbe } from '../transport/sdp';
import type { V2gTimerName } from '../timers';
import { fmtMs, parseHex, v2gVerdict } from './common';
import type { EvccRoleContext } from './context';

export class EvccSdpProbe {
  private probe: SdpProbe | undefined;
  /** The last batch sent: when, how many requests, and where in `received` its answers start. */
  private last: { sentUs: number; count: number; fromIndex: number; hex: string } | undefined;

  constructor(
    private readonly ctx: EvccRoleContext,
    private readonly plugIn: () => Promise<void>,
  ) {}

  private async open(): Promise<SdpProbe> {
    await this.plugIn();
    this.probe ??= await openSdpProbe({ address: this.ctx.sdp.address, port: this.ctx.sdp.port, interface: this.ctx.sdp.interface, trace: this.ctx.trace, channel: 'sdp' });
    return this.probe;
  }

  private wellFormed(): Uint8Array {
    return encodeSdpRequest(this.ctx.sdp.security);
  }

  /** Sends `hex` as it is (no answer awaited here). */
  async sendRaw(hex: string): Promise<void> {
    const bytes = parseHex(hex);
    const probe = await this.open();
    const fromIndex = probe.received.length;
    const sentUs = await probe.send(bytes, 'raw bytes as given');
    this.last = { sentUs, count: 1, fromIndex, hex: Buffer.from(bytes).toString('hex') };
  }

  /** Sends `count` well-formed requests, each after the previous one's answer or sdpRetryInterval (a bounded wait). */
  async sendWellFormed(count: number): Promise<void> {
    if (!Number.isInteger(count) || count < 1) throw new EvcError(`the number of SDP requests must be an integer ≥ 1, got ${count}`);
    const probe = await this.open();
    const fromIndex = probe.received.length;
    const intervalMs = this.ctx.limits.ms('sdpRetryInterval');
    let sentUs = 0;
    for (let i = 0; i < count; i++) {
      sentUs = await probe.send(this.wellFormed(), `well-formed, ${i + 1} of ${count} in a row`);
      await probe.nextDatagram(fromIndex + i, intervalMs);
    }
    this.last = { sentUs, count, fromIndex, hex: Buffer.from(this.wellFormed()).toString('hex') };
  }

  private requireLast(): { sentUs: number; count: number; fromIndex: number; hex: string } {
    if (!this.last || !this.probe) throw new EvcError('no raw SDP request has been sent: the scenario needs a step that sends one first');
    return this.last;
  }

  /** Nothing comes back to the last request for the timer's effective limit, counted from its send. */
  async expectNoAnswerWithin(timer: V2gTimerName): Promise<void> {
    const last = this.requireLast();
    const limitMs = this.ctx.limits.ms(timer);
    const remainingMs = limitMs - (monoUs() - last.sentUs) / 1000;
    const got = await this.probe!.nextDatagram(last.fromIndex, Math.max(0, remainingMs));
    if (got) {
      throw v2gVerdict(this.ctx.trace, `the SECC answered the SDP request ${last.hex}, which it must ignore, after ${fmtMs(got.tUs - last.sentUs)} (waited ${this.ctx.limits.explain(timer)})`, { raw: got.raw });
    }
  }

  /**
   * The SECC answers a well-formed request sent now, repeated every sdpRetryInterval up to sdpRetries requests
   * as an EVCC does: the answer must be a valid SDP response with the security asked for.
   */
  async expectAnswersWellFormed(): Promise<void> {
    const probe = await this.open();
    const fromIndex = probe.received.length;
    const intervalMs = this.ctx.limits.ms('sdpRetryInterval');
    const attempts = this.ctx.limits.ms('sdpRetries');
    for (let i = 0; i < attempts; i++) {
      await probe.send(this.wellFormed(), `well-formed, attempt ${i + 1}/${attempts}`);
      const got = await probe.nextDatagram(fromIndex, intervalMs);
      if (got) return this.checkAnswer(got, 'the next well-formed SDP request');
    }
    throw v2gVerdict(this.ctx.trace, `the SECC no longer answers a well-formed SDP request: ${attempts} requests every ${this.ctx.limits.explain('sdpRetryInterval')} went unanswered`);
  }

  /** Each request of the last batch got its own valid SDP response (waiting sdpRetryInterval after the last one). */
  async expectEachAnswered(): Promise<void> {
    const last = this.requireLast();
    const probe = this.probe!;
    await probe.nextDatagram(last.fromIndex + last.count - 1, this.ctx.limits.ms('sdpRetryInterval'));
    const answers = probe.received.slice(last.fromIndex);
    if (answers.length < last.count) {
      throw v2gVerdict(this.ctx.trace, `the SECC answered ${answers.length} of ${last.count} well-formed SDP requests sent in a row (each given ${this.ctx.limits.explain('sdpRetryInterval')})`);
    }
    for (const a of answers) this.checkAnswer(a, `one of ${last.count} SDP requests in a row`);
  }

  private checkAnswer(d: SdpDatagramIn, what: string): void {
    if (!d.answer) throw v2gVerdict(this.ctx.trace, `the SECC's answer to ${what} from ${d.from} is not a valid SDP response: ${d.problem}`, { raw: d.raw });
    if (d.answer.security !== this.ctx.sdp.security) {
      throw v2gVerdict(this.ctx.trace, `the SECC answered ${what} with security ${d.answer.security} where the EVCC asked for ${this.ctx.sdp.security}`, { raw: d.raw });
    }
  }

  async close(): Promise<void> {
    await this.probe?.close();
  }
}
