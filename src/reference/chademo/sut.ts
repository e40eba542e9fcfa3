/**
 * What the reference charger and the reference EV share (no harness code): their runtime and 100 ms cycle, the
 * hooks on their bus end, the one session they run at a time, the flooding fault, the lines they drive, and
 * stop() (everything dies, the lines they drive fall back).
 */
import type { ChademoBus } from '../../chademo/types';
import type { CanFrame } from '../../transport/can/frame';
import { Cycle, type Outgoing, Runtime } from './runtime';

/** The lines a reference SUT drives (the charger d1, d2, lock; the EV k). */
export type OwnLine = 'd1' | 'd2' | 'lock' | 'k';

export interface SutShape {
  /** Names it in the trace: `charger (default)`. */
  who: string;
  periodMs: number;
  /** The fault that jitters its cycle, the one that floods the bus with its frame `floodId`. */
  jitterFault: string;
  floodFault: string;
  floodId: number;
  ownLines: readonly OwnLine[];
}

export abstract class ReferenceSut {
  protected readonly rt: Runtime;
  protected readonly cycle: Cycle;
  protected running: Promise<void> | undefined;
  private readonly offs: (() => void)[] = [];
  private stopFlood: (() => void) | undefined;

  protected constructor(
    protected readonly bus: ChademoBus,
    private readonly faultSet: ReadonlySet<string>,
    private readonly shape: SutShape,
  ) {
    this.rt = new Runtime(shape.who, bus.trace);
    this.cycle = new Cycle(this.rt, bus.can, shape.periodMs, faultSet.has(shape.jitterFault), (n) => this.tick(n));
    this.offs.push(bus.can.onFrame((f) => this.onFrame(f)));
    this.offs.push(bus.lines.onChange(() => this.onChange()));
  }

  /** The frames of cycle n. */
  protected abstract tick(n: number): Outgoing[];
  protected abstract onFrame(f: CanFrame): void;
  protected abstract onChange(): void;

  protected has(f: string): boolean {
    return this.faultSet.has(f);
  }

  async stop(): Promise<void> {
    this.rt.kill();
    this.endCycle();
    for (const off of this.offs) off();
    await this.running?.catch(() => undefined);
    try {
      this.bus.lines.setInletVoltage(0);
      for (const l of this.shape.ownLines) if (this.bus.lines.get(l)) this.bus.lines.set(l, false);
    } catch {
      // the lines may be closed already
    }
  }

  /** Runs one session (the caller checks none is running). */
  protected run(session: () => Promise<void>): void {
    this.running = session().finally(() => {
      this.running = undefined;
    });
  }

  /** Starts the cycle (and, under the flooding fault, its frame every 1 ms besides). */
  protected beginCycle(): void {
    this.cycle.start();
    if (this.has(this.shape.floodFault)) this.stopFlood = this.rt.every(1, () => this.flood());
  }

  protected endCycle(): void {
    this.cycle.stop();
    this.stopFlood?.();
  }

  protected setLine(line: OwnLine, on: boolean, why: string, words: readonly [string, string] = ['on', 'off']): void {
    if (this.bus.lines.get(line) === on) return;
    this.rt.note(`${line} ${on ? words[0] : words[1]}: ${why}`);
    this.bus.lines.set(line, on);
  }

  private flood(): void {
    const f = this.cycle.last.get(this.shape.floodId);
    if (f) this.cycle.send(f);
  }
}
