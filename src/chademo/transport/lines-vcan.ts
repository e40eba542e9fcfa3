/**
 * The digital lines of the simulated rig as side-channel frames on a second CAN interface (vcan1; never on the
 * CHAdeMO bus itself). Each end sends the state of the lines it drives, at once on every change and again
 * every LINE_REFRESH_MS (so an end that opens late, or missed a frame, catches up):
 *
 *   id 0x7C0 from the charger end, 0x7C1 from the EV end; classic frame, DLC 8:
 *   b0  lines this end drives: .0 d1  .1 d2  .2 k  .3 lock  .4 proximity (other bits 0)
 *   b1  kind: 0 = cyclic refresh, 1 = change, 2 = hello (an end that just opened: the far end answers with
 *       its state at once)
 *   b2–3 this end's source voltage on the DC lines, 0.1 V units, little-endian (charger: output or
 *       insulation-test voltage; EV: battery behind closed contactors, else 0). The inlet shows the higher.
 *   b4  change counter (+1 per change, mod 256); b5–7 0
 *
 * The receiving end stamps each change with the frame's arrival (CanFrame.tUs, monotonic µs, src/core/clock.ts).
 * The harness end records every change in the trace (protocol `chademo-line`) like a CAN frame.
 */
import type { Trace } from '../../core/trace';
import type { CanChannel } from '../../transport/can/channel';
import type { CanFrame } from '../../transport/can/frame';
import { openSocketCan } from '../../transport/can/socketcan';
import type { ChademoLines, DigitalLine, LineChange } from '../types';
import { checkDrive, DIGITAL_LINES, drives, LineView, type Side } from './lines-common';

export const LINE_FRAME_ID: Readonly<Record<Side, number>> = { charger: 0x7c0, ev: 0x7c1 };
/** Cyclic refresh of each end's state (real time: the side channel is the rig's, not the protocol's). */
export const LINE_REFRESH_MS = 50;
const KIND_CYCLIC = 0;
const KIND_CHANGE = 1;
const KIND_HELLO = 2;

/** Encodes one end's drive state (exported for the unit test and the README's example). */
export function encodeLineFrame(side: Side, lines: Readonly<Record<DigitalLine, boolean>>, volts: number, kind: number, counter: number): CanFrame {
  const data = new Uint8Array(8);
  DIGITAL_LINES.forEach((l, i) => {
    if (drives(side, l) && lines[l]) data[0] |= 1 << i;
  });
  data[1] = kind;
  const dv = Math.max(0, Math.min(0xffff, Math.round(volts * 10)));
  data[2] = dv & 0xff;
  data[3] = dv >> 8;
  data[4] = counter & 0xff;
  return { id: LINE_FRAME_ID[side], data };
}

export function decodeLineFrame(frame: CanFrame): { side: Side; lines: Partial<Record<DigitalLine, boolean>>; volts: number; kind: number } | undefined {
  const side: Side | undefined = frame.id === LINE_FRAME_ID.charger ? 'charger' : frame.id === LINE_FRAME_ID.ev ? 'ev' : undefined;
  if (!side || frame.ext || frame.data.length !== 8) return undefined;
  const lines: Partial<Record<DigitalLine, boolean>> = {};
  DIGITAL_LINES.forEach((l, i) => {
    if (drives(side, l)) lines[l] = (frame.data[0] & (1 << i)) !== 0;
  });
  return { side, lines, volts: (frame.data[2] | (frame.data[3] << 8)) / 10, kind: frame.data[1] };
}

class CanLines implements ChademoLines {
  private readonly view: LineView;
  private counter = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(
    private readonly channel: CanChannel,
    readonly side: Side,
    trace: Trace | undefined,
    private readonly ownsChannel: boolean,
  ) {
    this.view = new LineView(side, channel.name, trace);
    const far = LINE_FRAME_ID[side === 'ev' ? 'charger' : 'ev'];
    this.unsubscribe = channel.onFrame((f) => {
      if (f.id !== far) return;
      const d = decodeLineFrame(f);
      if (!d) return;
      this.view.apply(false, d.lines, d.volts, f.tUs, f.data);
      if (d.kind === KIND_HELLO) this.send(KIND_CYCLIC, true);
    });
    this.timer = setInterval(() => this.send(KIND_CYCLIC, true), LINE_REFRESH_MS);
    this.timer.unref?.();
    this.send(KIND_HELLO);
  }

  set(line: DigitalLine, value: boolean): void {
    checkDrive(this.side, line);
    if (this.view.own[line] === value) return;
    this.counter++;
    const frame = encodeLineFrame(this.side, { ...this.view.own, [line]: value }, this.view.ownVolts, KIND_CHANGE, this.counter);
    const tUs = this.channel.send(frame);
    this.view.apply(true, { [line]: value }, undefined, tUs, frame.data);
  }

  setInletVoltage(volts: number): void {
    if (!Number.isFinite(volts) || volts < 0) throw new RangeError(`inlet voltage must be a finite number ≥ 0, got ${volts}`);
    if (this.view.ownVolts === volts) return;
    this.counter++;
    const frame = encodeLineFrame(this.side, this.view.own, volts, KIND_CHANGE, this.counter);
    const tUs = this.channel.send(frame);
    this.view.apply(true, {}, volts, tUs, frame.data);
  }

  get(line: DigitalLine): boolean {
    return this.view.get(line);
  }

  inletVoltageV(): number {
    return this.view.inletVoltageV();
  }

  onChange(listener: (c: LineChange) => void): () => void {
    return this.view.onChange(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.unsubscribe();
    this.view.clear();
    if (this.ownsChannel) this.channel.close();
  }

  private send(kind: number, quiet = false): void {
    if (this.closed || this.channel.closed) return;
    try {
      this.channel.send(encodeLineFrame(this.side, this.view.own, this.view.ownVolts, kind, this.counter));
    } catch (e) {
      if (!quiet) throw e;
    }
  }
}

/** Lines over an already open CAN channel (unit tests: a LoopbackCanBus channel). The channel stays the caller's. */
export function canLines(channel: CanChannel, side: Side, trace?: Trace): ChademoLines {
  return new CanLines(channel, side, trace, false);
}

/** Lines over SocketCAN interface `ifname` (vcan1 on the simulated rig); close() closes the socket. */
export function openVcanLines(ifname: string, side: Side, trace?: Trace): ChademoLines {
  const ch = openSocketCan(ifname, { errorFrames: false });
  try {
    return new CanLines(ch, side, trace, true);
  } catch (e) {
    ch.close();
    throw e;
  }
}
