/**
 * DiagLink over ISO-TP (src/isotp): whole UDS PDUs in, whole PDUs out. A sent PDU's time is the transmit
 * stamp of its last CAN frame (taken just before the write call); a received PDU's time is its first frame's
 * arrival stamp. Both are on the one clock of src/core/clock.ts, so P2 runs from the end of the request to the
 * start of the response as ISO 14229-2 measures it, with no conversion between clocks.
 *
 * On SocketCAN the same two ends are also available as kernel stamps (kernelSendUs: the loopback of the last
 * request frame; DiagPdu.kernelUs: the first response frame), closer to the wire; the tester prefers those.
 */
import type { Trace } from '../core/trace';
import { IsoTpChannel, type IsoTpChannelOptions } from '../isotp';
import type { CanChannel } from '../transport/can/channel';
import { type DiagLink, type PduListener, type SendOptions } from './link';

export class IsoTpDiagLink implements DiagLink {
  readonly channel: string;
  private readonly listeners = new Set<PduListener>();
  private readonly off: () => void;

  constructor(
    readonly isotp: IsoTpChannel,
    private readonly ownsChannel = false,
  ) {
    this.channel = isotp.name;
    this.off = isotp.onMessage((m) => {
      // Messages are delivered here; keep the channel's own receive() queue from growing.
      isotp.drain();
      const pdu = { data: m.payload, tUs: m.startUs, kernelUs: m.startKernelUs, functional: m.functional };
      for (const l of [...this.listeners]) l(pdu);
    });
  }

  async send(data: Uint8Array, opts: SendOptions = {}): Promise<number> {
    return this.isotp.send(data, { functional: opts.functional === true });
  }

  kernelSendUs(txUs: number): Promise<number | undefined> {
    return this.isotp.can.kernelTxStamp?.(txUs) ?? Promise.resolve(undefined);
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

