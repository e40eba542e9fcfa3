/**
 * The reference charger and the reference EV against each other on a LoopbackCanBus with in-memory lines, plus
 * what the tests look at: every frame decoded with its stamp, every line change, bounded waits.
 */
import type { TestContext } from 'node:test';
import { decodeChademo } from '../../../src/chademo/framing/codec';
import type { ChademoMessage, ChademoVersion, ChargerStatus, EvStatus, LineChange } from '../../../src/chademo/types';
import { startReferenceCharger, startReferenceEv, type ReferenceCharger, type ReferenceEv } from '../../../src/reference/chademo/index';
import { LoopbackCanBus, type LoopbackCanChannel } from '../../../src/transport/can/loopback';
import type { CanFrame } from '../../../src/transport/can/frame';
import { Trace } from '../../../src/core/trace';
import { canLines } from '../../../src/chademo/transport/lines-vcan';
import { memoryLines, type MemoryLines } from './memory-lines';

export const SCALE = 0.25;

export interface PairOptions {
  chargerFaults?: string[];
  evFaults?: string[];
  chargerVariant?: 'default' | 'alt';
  evVariant?: 'default' | 'alt';
  evVersion?: ChademoVersion;
  chargerVersion?: ChademoVersion;
  scale?: number;
  /** 'memory' (default): the in-memory pair; 'can': H1's side-channel lines (canLines) over a second loopback bus. */
  lines?: 'memory' | 'can';
}

export interface Pair {
  charger: ReferenceCharger;
  ev: ReferenceEv;
  bus: LoopbackCanBus;
  lines: LineChange[];
  /** The two line ends (a test acts as the other side's hardware: k off, …). */
  ends: ReturnType<typeof memoryLines>;
  chargerCan: LoopbackCanChannel;
  evCan: LoopbackCanChannel;
  scale: number;
  /** Decoded frames of one id (decoded for `version`), with their bus stamps in ms; malformed ones skipped. */
  frames<N extends ChademoMessage['name']>(name: N, version?: ChademoVersion): { tMs: number; value: Extract<ChademoMessage, { name: N }>['value'] }[];
  raw(id: number): CanFrame[];
  /** The references' trace notes. */
  notes(): string[];
  status109(): { tMs: number; value: ChargerStatus }[];
  status102(): { tMs: number; value: EvStatus }[];
  /** Line changes of one line, stamps in ms. */
  line(name: LineChange['line']): { tMs: number; value: boolean | number }[];
  until(pred: () => boolean, ms: number, what: string): Promise<void>;
  /** Plug in, start, wait until 0x109 says charging. */
  charging(): Promise<void>;
  /** Waits until d1 is off and k is open (the sequence is over). */
  over(ms?: number): Promise<void>;
}

const NAMES: Record<string, number> = { evParams: 0x100, evTiming: 0x101, evStatus: 0x102, chargerParams: 0x108, chargerStatus: 0x109, evExtended: 0x110, chargerExtended: 0x118, evDischarge: 0x200, evDischargeEstimate: 0x201, chargerDischarge: 0x208, chargerDischargeEstimate: 0x209 };

export async function pair(t: TestContext, o: PairOptions = {}): Promise<Pair> {
  const scale = o.scale ?? SCALE;
  const bus = new LoopbackCanBus({ delivery: 'microtask' });
  const ml = (o.lines ?? process.env.H2_LINES) === 'can' ? sideChannelLines() : memoryLines();
  const trace = new Trace();
  const chargerCan = bus.open('charger');
  const evCan = bus.open('ev');
  const charger = await startReferenceCharger({ can: chargerCan, lines: ml.charger, trace }, { faults: new Set(o.chargerFaults ?? []), variant: o.chargerVariant ?? 'default', timeScale: scale, version: o.chargerVersion });
  const ev = await startReferenceEv({ can: evCan, lines: ml.ev, trace }, { faults: new Set(o.evFaults ?? []), variant: o.evVariant ?? 'default', timeScale: scale, version: o.evVersion });
  t.after(async () => {
    await charger.stop();
    await ev.stop();
    ml.charger.close();
    ml.ev.close();
  });
  const raw = (id: number) => bus.log.filter((f) => f.id === id);
  const frames = (name: string, version: ChademoVersion = '2.0') => {
    const out: { tMs: number; value: never }[] = [];
    for (const f of raw(NAMES[name])) {
      try {
        out.push({ tMs: (f.tUs ?? 0) / 1000, value: decodeChademo(f, version).value as never });
      } catch {
        // malformed: the fault tests look at raw()
      }
    }
    return out;
  };
  const until = async (pred: () => boolean, ms: number, what: string) => {
    const end = performance.now() + ms;
    while (!pred()) {
      if (performance.now() > end) throw new Error(`not within ${ms} ms: ${what}; notes:\n${trace.frames.filter((f) => f.dir === 'note').map((f) => f.summary).join('\n')}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const line = (name: LineChange['line']) => ml.log.filter((c) => c.line === name).map((c) => ({ tMs: c.tUs / 1000, value: c.value }));
  const p: Pair = {
    charger, ev, bus, lines: ml.log, ends: ml, chargerCan, evCan, scale, frames: frames as Pair['frames'], raw, line, until,
    notes: () => trace.frames.filter((f) => f.dir === 'note').map((f) => f.summary ?? ''),
    status109: () => frames('chargerStatus'),
    status102: () => frames('evStatus'),
    async charging() {
      await ev.operator.plugIn();
      await charger.operator.start();
      await until(() => p.status109().some((f) => f.value.status.charging), 20_000 * scale, 'charging (109.5.0)');
    },
    async over(ms = 20_000 * scale) {
      await until(() => ml.log.some((c) => c.line === 'd1' && c.value) && !ml.charger.get('d1') && !ml.ev.get('k'), ms, 'd1 on, then off, and k open');
    },
  };
  return p;
}

/** H1's vcan line protocol over a loopback bus; the log is the charger end's view (far changes stamped on arrival). */
function sideChannelLines(): MemoryLines {
  const bus = new LoopbackCanBus({ delivery: 'microtask' });
  const charger = canLines(bus.open('lines-charger'), 'charger');
  const ev = canLines(bus.open('lines-ev'), 'ev');
  const log: LineChange[] = [];
  charger.onChange((c) => log.push(c));
  return { charger, ev, log };
}

/** The last value of a line at time tMs (false / 0 before any change). */
export function lineAt(p: Pair, name: LineChange['line'], tMs: number): boolean | number {
  let v: boolean | number = name === 'inletVoltageV' ? 0 : false;
  for (const c of p.line(name)) if (c.tMs <= tMs) v = c.value;
  return v;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
