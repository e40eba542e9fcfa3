/**
 * Every named fault of the reference EV against the reference charger: the behaviour the fault names shows under
 * it and not without it (LoopbackCanBus, in-memory lines, time scale 0.25 unless a case says otherwise).
 */
import { describe } from 'node:test';
import { EV_FAULTS } from '../../../src/reference/chademo/faults';
import { EV_IDS } from '../../../src/chademo/types';
import { chargeUp, cycles, type FaultCase, faultCases, intervals, lastCurrent, lim } from './helpers';
import { type Pair, sleep } from './pair';

const start = async (p: Pair) => {
  await p.ev.operator.plugIn();
  await p.charger.operator.start();
};
const count = (p: Pair, id: number, fromMs: number) => p.raw(id).filter((f) => (f.tUs ?? 0) / 1000 > fromMs).length;
const firstOn = (p: Pair, l: 'd1' | 'd2' | 'k') => p.line(l).find((c) => c.value === true)?.tMs ?? Infinity;
const lastReq = (p: Pair) => p.status102().at(-1)?.value.currentRequestA ?? 0;
/** The EV's status frames after tMs. */
const after = (p: Pair, tMs: number) => p.status102().filter((f) => f.tMs > tMs);

const CASES: FaultCase[] = [
  {
    fault: 'k-before-d1',
    run: async (p) => {
      await p.ev.operator.plugIn();
      await cycles(p, 2);
      await p.charger.operator.start();
      await p.until(() => p.ends.ev.get('k'), 1000, 'k');
      return firstOn(p, 'k') < firstOn(p, 'd1');
    },
  },
  {
    fault: 'no-k',
    run: async (p) => {
      await start(p);
      await sleep(lim(p, 'kAfterD1Ms') * 0.6);
      return !p.ends.ev.get('k');
    },
  },
  {
    fault: 'late-k',
    opts: { chargerFaults: ['no-timeouts'], scale: 0.1 },
    run: async (p) => {
      await start(p);
      await p.until(() => p.ends.ev.get('k'), 2 * lim(p, 'kAfterD1Ms'), 'k');
      return firstOn(p, 'k') - firstOn(p, 'd1') > lim(p, 'kAfterD1Ms');
    },
  },
  {
    fault: 'no-charging-enabled',
    run: async (p) => {
      await start(p);
      await p.until(() => p.ends.ev.get('k'), 1000, 'k');
      await cycles(p, 3);
      return !p.status102().some((f) => f.value.status.chargingEnabled);
    },
  },
  {
    fault: 'contactor-never-closes',
    run: async (p) => {
      await start(p);
      await p.until(() => p.ends.charger.get('d2'), 2000, 'd2');
      const d2 = firstOn(p, 'd2');
      await sleep(lim(p, 'contactorAfterD2Ms') * 0.8);
      return after(p, d2).every((f) => f.value.status.contactorOpen);
    },
  },
  {
    fault: 'request-before-contactors',
    run: async (p) => {
      await p.charging();
      return p.status102().some((f) => f.value.currentRequestA > 0 && f.value.status.contactorOpen);
    },
  },
  {
    fault: 'ev-request-above-available',
    run: async (p) => {
      await p.charging();
      await cycles(p, 2);
      const avail = p.frames('chargerParams').at(-1)!.value.availableCurrentA;
      return p.status102().some((f) => f.value.currentRequestA > avail);
    },
  },
  {
    fault: 'target-above-battery-max',
    run: async (p) => {
      await start(p);
      await cycles(p, 3);
      return p.status102().at(-1)!.value.targetVoltageV > p.frames('evParams').at(-1)!.value.maxBatteryVoltageV;
    },
  },
  {
    fault: 'ev-ignores-charger-malfunction',
    opts: { chargerFaults: ['malfunction-keeps-current'] },
    run: async (p) => {
      await chargeUp(p);
      await p.charger.operator.emergencyStop();
      await cycles(p, 5);
      return lastReq(p) > 0;
    },
  },
  {
    fault: 'ev-ignores-stop-control',
    run: async (p) => {
      await chargeUp(p);
      await p.charger.operator.stop();
      await p.over(3000).catch(() => undefined);
      const charging = p.status109().find((f) => f.value.status.charging)!.tMs;
      const stopped = p.status109().find((f) => f.tMs > charging && !f.value.status.charging)!;
      return after(p, stopped.tMs + 3 * 100 * p.scale).some((f) => f.value.currentRequestA > 0) || p.ends.ev.get('k');
    },
  },
  {
    fault: 'no-welding-detection',
    run: async (p) => {
      await chargeUp(p);
      const stopAt = performance.now();
      await p.ev.operator.stop();
      await p.over();
      return !after(p, stopAt).some((f) => f.value.status.contactorOpen);
    },
  },
  {
    fault: 'late-welding-detection',
    run: async (p) => {
      await chargeUp(p);
      const stopAt = performance.now();
      await p.ev.operator.stop();
      await p.over();
      const low = p.status109().find((f) => f.tMs > stopAt && f.value.presentCurrentA <= 5)!;
      const welded = after(p, stopAt).find((f) => f.value.status.contactorOpen)!;
      return welded.tMs - low.tMs > lim(p, 'weldingDetectionMs');
    },
  },
  {
    fault: 'opens-contactors-under-load',
    run: async (p) => {
      await chargeUp(p);
      const stopAt = performance.now();
      await p.ev.operator.stop();
      await p.over();
      const open = after(p, stopAt).find((f) => f.value.status.contactorOpen)!;
      const last109 = p.status109().filter((f) => f.tMs <= open.tMs).at(-1)!;
      return last109.value.presentCurrentA > 5;
    },
  },
  {
    fault: 'ev-wrong-protocol-number',
    run: async (p) => {
      await start(p);
      await cycles(p, 2);
      return p.status102().at(-1)!.value.protocolNumber !== 3;
    },
  },
  {
    fault: 'missing-0x102-cycles',
    run: async (p) => {
      await chargeUp(p);
      const from = performance.now();
      await cycles(p, 20);
      // counted against 0x100 of the same cycles (a stall of the loaded test machine delays both alike)
      return count(p, 0x102, from) < 0.8 * count(p, 0x100, from);
    },
  },
  {
    fault: 'ev-cycle-jitter',
    run: async (p) => {
      await start(p);
      await cycles(p, 12);
      const d = intervals(p, 0x100);
      return d.filter((x) => Math.abs(x - 100 * p.scale) > 0.3 * 100 * p.scale).length > d.length / 2;
    },
  },
  {
    fault: 'ev-zero-parameters',
    run: async (p) => {
      await start(p);
      await cycles(p, 2);
      return p.frames('evParams').at(-1)!.value.maxBatteryVoltageV === 0;
    },
  },
  {
    fault: 'soc-above-100',
    run: async (p) => {
      await start(p);
      await cycles(p, 2);
      return p.raw(0x102).some((f) => f.data[6] > 100);
    },
  },
  {
    fault: 'ev-ignores-dynamic-limit',
    opts: { evVersion: '1.2' },
    run: async (p) => {
      await chargeUp(p);
      await p.charger.operator.limitCurrent(60);
      await cycles(p, 4);
      return lastReq(p) > 60;
    },
  },
  {
    fault: 'discharge-without-charger-support',
    opts: { chargerVariant: 'alt' },
    run: async (p) => {
      await p.charging();
      await cycles(p, 2);
      return p.raw(0x200).length > 0;
    },
  },
  {
    fault: 'k-stays-closed',
    run: async (p) => {
      await chargeUp(p);
      await p.ev.operator.stop();
      await p.until(() => p.line('d1').some((c) => !c.value), 3000, 'd1 off');
      await cycles(p, 3);
      return p.ends.ev.get('k');
    },
  },
  {
    fault: 'ev-floods-bus',
    run: async (p) => {
      await start(p);
      await cycles(p, 2);
      const from = performance.now();
      await cycles(p, 4);
      return p.raw(0x102).filter((f) => (f.tUs ?? 0) / 1000 > from).length > 20;
    },
  },
  {
    fault: 'ev-wrong-dlc-102',
    run: async (p) => {
      await start(p);
      await cycles(p, 3);
      return p.raw(0x102).some((f) => f.data.length !== 8);
    },
  },
  {
    fault: 'ev-unknown-chademo-id',
    run: async (p) => {
      await start(p);
      await cycles(p, 3);
      return p.raw(0x103).length > 0;
    },
  },
  {
    fault: 'ev-silent',
    run: async (p) => {
      await start(p);
      await cycles(p, 4);
      return p.bus.log.every((f) => !EV_IDS.includes(f.id)) && lastCurrent(p) === 0;
    },
  },
];

describe('reference EV faults (each against the reference charger)', () => {
  faultCases('ev', CASES);
  const missing = Object.keys(EV_FAULTS).filter((f) => !CASES.some((c) => c.fault === f));
  if (missing.length > 0) throw new Error(`EV faults without a case: ${missing.join(', ')}`);
});
