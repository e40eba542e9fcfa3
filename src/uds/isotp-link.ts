/**
 * DiagLink over ISO-TP (src/isotp): whole UDS PDUs in, whole PDUs out. Receive timestamps are the ISO-TP
 * message's first-frame time, converted to this layer's monoUs clock (the CAN layer keeps its own origin),
 * so P2 runs from the end of the request to the start of the response as ISO 14229-2 measures it.
 */
import type { Trace } from '../core/trace';
import { IsoTpChannel, type IsoTpChannelOptions } from '../isotp';
import type { CanChannel } from '../transport/can/channel';
import { monoUs as canMonoUs } from '../transport/can/frame';
import { type DiagLink, monoUs, type PduListener, type SendOptions } from './link';

export class IsoTpDiagLink implements DiagLink {
  readonly channel: string;
  private readonly listeners = new Set<PduListener>();
  private readonly off: () => void;
  /** Add to a CAN/ISO-TP timestamp to get monoUs. */
  private readonly offsetUs = clockOffsetUs();

  constructor(
    readonly isotp: IsoTpChannel,
    private readonly ownsChannel = false,
  ) {
    this.channel = isotp.name;
    this.off = isotp.onMessage((m) => {
      // Messages are delivered here; keep the channel's own receive() queue from growing.
      isotp.drain();
      const pdu = { data: m.payload, tUs: m.startUs + this.offsetUs, functional: m.functional };
      for (const l of [...this.listeners]) l(pdu);
    });
  }

  async send(data: Uint8Array, opts: SendOptions = {}): Promise<number> {
    await this.isotp.send(data, { functional: opts.functional === true });
    return monoUs();
  }

  onPdu(listener: PduListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.off();
    this.listeners.clear();
    if (this.ownsChannel) this.isotp.close();
  }
}

export interface IsoTpLinkOptions extends Omit<IsoTpChannelOptions, 'trace'> {
  trace?: Trace;
}

/** Tester side: tx 0x7E0, rx 0x7E8, functional tx 0x7DF unless given. */
export function openIsoTpDiagLink(can: CanChannel, opts: IsoTpLinkOptions): IsoTpDiagLink {
  return new IsoTpDiagLink(new IsoTpChannel(can, { functionalTxId: 0x7df, ...opts }), true);
}

/**
 * monoUs − canMonoUs. The two clocks have different origins; a single pair of reads can be off by
 * milliseconds when the first read of a clock in the process is slow (lazy initialisation) or the process is
 * descheduled between the reads, which would bias every P2 measured. Take the pair read closest together out
 * of several.
 */
function clockOffsetUs(): number {
  canMonoUs();
  monoUs();
  let best = Infinity;
  let offset = 0;
  for (let i = 0; i < 16; i++) {
    const a = monoUs();
    const c = canMonoUs();
    const b = monoUs();
    if (b - a < best) {
      best = b - a;
      offset = (a + b) / 2 - c;
    }
  }
  return offset;
}
