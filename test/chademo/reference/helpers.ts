/** Shared pieces of the fault tests: a case runs once under its fault (the behaviour must show) and once without. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { encodeChademo } from '../../../src/chademo/framing/codec';
import { CHADEMO_LIMITS, type ChademoMessage, type EvStatus } from '../../../src/chademo/types';
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

/**
 * A hand-driven EV on the pair's EV end (stop the reference EV first): 0x100/0x101/0x102 every cycle, 102.5.0 set,
 * the contactors closed (battery on the inlet, 102.5.3 cleared) and 60 A requested once d2 is on. For the
 * combinations the reference EV never sends (102.5.4 with 102.5.0, a 10 s maximum charging time).
 */
export function handEv(p: Pair, o: { stopBeforeCharging?: boolean; maxChargingTime10s?: number }): { status: EvStatus; stop: () => void } {
  const status: EvStatus = {
    protocolNumber: 2, targetVoltageV: 380, currentRequestA: 0, socPct: 50,
    faults: { overVoltage: false, underVoltage: false, currentDeviation: false, highTemperature: false, voltageDeviation: false },
    status: { chargingEnabled: true, shiftLeverNotPark: false, systemFault: false, contactorOpen: true, stopBeforeCharging: o.stopBeforeCharging ?? false, dischargeCompatible: false },
  };
  const msgs: ChademoMessage[] = [
    { name: 'evParams', value: { minChargeCurrentA: 0, minBatteryVoltageV: 0, maxBatteryVoltageV: 400, chargedRateReference: 100 } },
    { name: 'evTiming', value: { maxChargingTime10s: o.maxChargingTime10s ?? 0xff, maxChargingTimeMin: 90, estimatedChargingTimeMin: 60, batteryCapacity100Wh: 400 } },
    { name: 'evStatus', value: status },
  ];
  const timer = setInterval(() => {
    if (p.ends.ev.get('d2') && status.status.contactorOpen) {
      p.ends.ev.setInletVoltage(350);
      status.status.contactorOpen = false;
      status.currentRequestA = 60;
    }
    for (const m of msgs) p.evCan.send(encodeChademo(m, '1.0'));
  }, 100 * p.scale);
  return { status, stop: () => clearInterval(timer) };
}
