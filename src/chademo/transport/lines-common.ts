/**
 * What every ChademoLines implementation shares: which side drives which line, the composite view (own lines
 * + the far end's), change listeners, and the harness end's trace record (protocol `chademo-line`, one frame
 * per change: `tx` for a change this end made, `rx` for one it saw).
 */
import { monoUs } from '../../core/clock';
import { EvcError } from '../../core/errors';
import type { Trace } from '../../core/trace';
import { type DigitalLine, LINE_DRIVER, type LineChange } from '../types';

export const DIGITAL_LINES: readonly DigitalLine[] = ['d1', 'd2', 'k', 'lock', 'proximity'];
export type Side = 'charger' | 'ev';

/** A line this side may drive: its own, and the plug's (proximity) from either side. */
export function drives(side: Side, line: DigitalLine): boolean {
  const d = LINE_DRIVER[line];
  return d === side || d === 'plug';
}

/** A line driven by the wrong side. */
export class LineDriveError extends EvcError {}

export function checkDrive(side: Side, line: DigitalLine): void {
  if (!DIGITAL_LINES.includes(line)) throw new LineDriveError(`CHAdeMO line '${String(line)}' does not exist (lines: ${DIGITAL_LINES.join(', ')})`);
  if (!drives(side, line)) throw new LineDriveError(`the ${side} side cannot drive CHAdeMO line '${line}' (the ${LINE_DRIVER[line]} drives it)`);
}

export type LineState = Record<DigitalLine, boolean>;
export const noLines = (): LineState => ({ d1: false, d2: false, k: false, lock: false, proximity: false });

/**
 * The view one end has: its own drive and the far end's, merged (a line driven by both, proximity, is on when
 * either drives it; the inlet shows the higher source voltage). Emits a LineChange per changed line.
 */
export class LineView {
  readonly own = noLines();
  readonly far = noLines();
  ownVolts = 0;
  farVolts = 0;
  private readonly listeners = new Set<(c: LineChange) => void>();

  constructor(
    readonly side: Side,
    private readonly channel: string,
    private readonly trace?: Trace,
  ) {}

  get(line: DigitalLine): boolean {
    const d = LINE_DRIVER[line];
    if (d === 'plug') return this.own[line] || this.far[line];
    return d === this.side ? this.own[line] : this.far[line];
  }

  inletVoltageV(): number {
    return Math.max(this.ownVolts, this.farVolts);
  }

  onChange(listener: (c: LineChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies an update of one end (`mine` = this end) and emits what changed in the composite view. */
  apply(mine: boolean, lines: Partial<LineState>, volts: number | undefined, tUs = monoUs(), raw?: Uint8Array): void {
    const beforeLines = Object.fromEntries(DIGITAL_LINES.map((l) => [l, this.get(l)])) as LineState;
    const beforeV = this.inletVoltageV();
    const target = mine ? this.own : this.far;
    for (const l of DIGITAL_LINES) if (lines[l] !== undefined) target[l] = lines[l]!;
    if (volts !== undefined) {
      if (mine) this.ownVolts = volts;
      else this.farVolts = volts;
    }
    const changes: LineChange[] = [];
    for (const l of DIGITAL_LINES) if (this.get(l) !== beforeLines[l]) changes.push({ line: l, value: this.get(l), tUs });
    const v = this.inletVoltageV();
    if (v !== beforeV) changes.push({ line: 'inletVoltageV', value: v, tUs });
    for (const c of changes) {
      this.record(mine, c, raw);
      for (const l of [...this.listeners]) l(c);
    }
  }

  clear(): void {
    this.listeners.clear();
  }

  private record(mine: boolean, c: LineChange, raw?: Uint8Array): void {
    if (!this.trace) return;
    const what = c.line === 'inletVoltageV' ? `inlet ${(c.value as number).toFixed(1)} V` : `${c.line} ${c.value ? 'on' : 'off'}`;
    this.trace.record({
      dir: mine ? 'tx' : 'rx',
      protocol: 'chademo-line',
      channel: this.channel,
      raw: raw ?? what,
      decoded: { ...c, by: mine ? this.side : this.side === 'ev' ? 'charger' : 'ev' },
      summary: what,
    });
  }
}
