/** Shared pieces of the fault tests: a case runs once under its fault (the behaviour must show) and once without. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { CHADEMO_LIMITS } from '../../../src/chademo/types';
import { pair, type Pair, type PairOptions, sleep } from './pair';

export interface FaultCase {
  fault: string;
  opts?: PairOptions;
  /** Drives the pair and says whether the behaviour the fault names was seen. */
  run: (p: Pair) => Promise<boolean>;
}

/** A limit at the pair's scale, ms. */
export const lim = (p: Pair, n: keyof typeof CHADEMO_LIMITS): number => CHADEMO_LIMITS[n].value * (n.endsWith('Ms') ? p.scale : 1);
export const cycles = (p: Pair, n: number): Promise<unknown> => sleep(n * 100 * p.scale);
export const lastCurrent = (p: Pair): number => p.status109().at(-1)?.value.presentCurrentA ?? 0;

/** Charging at (about) the EV's request. */
export async function chargeUp(p: Pair): Promise<void> {
  await p.charging();
  await p.until(() => lastCurrent(p) >= 60, 1000, 'current up');
}

/** Intervals (ms) between consecutive frames of one id after tMs. */
export function intervals(p: Pair, id: number, afterMs = 0): number[] {
  const t = p.raw(id).map((f) => (f.tUs ?? 0) / 1000).filter((x) => x > afterMs);
  return t.slice(1).map((x, i) => x - t[i]);
}

/** Runs a case, naming the references' notes when it cannot complete. */
async function runCase(c: FaultCase, p: Pair, label: string): Promise<boolean> {
  try {
    return await c.run(p);
  } catch (e) {
    throw new Error(`${c.fault} (${label}): ${(e as Error).message}; notes:\n${p.notes().join('\n')}`, { cause: e });
  } finally {
    await p.charger.stop();
    await p.ev.stop();
  }
}

export function faultCases(side: 'charger' | 'ev', cases: FaultCase[]): void {
  for (const c of cases) {
    it(`${c.fault}: shows under the fault, not without it`, async (t) => {
      const key = side === 'charger' ? 'chargerFaults' : 'evFaults';
      const faulty = await pair(t, { ...c.opts, [key]: [...(c.opts?.[key] ?? []), c.fault] });
      const seen = await runCase(c, faulty, 'under the fault');
      assert.equal(seen, true, `the behaviour of ${c.fault} under the fault; notes:\n${faulty.notes().join('\n')}`);
      const clean = await pair(t, c.opts);
      const cleanSeen = await runCase(c, clean, 'without the fault');
      assert.equal(cleanSeen, false, `the behaviour of ${c.fault} without the fault; notes:\n${clean.notes().join('\n')}`);
    });
  }
}
