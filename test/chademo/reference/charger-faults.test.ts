/**
 * Every named fault of the reference charger against the reference EV: the behaviour the fault names shows
 * under it and not without it (LoopbackCanBus, in-memory lines, time scale 0.25 unless a case says otherwise).
 */
import { describe } from 'node:test';
import { CHARGER_FAULTS } from '../../../src/reference/chademo/faults';
import { CHARGER_IDS } from '../../../src/chademo/types';
import { chargeUp, cycles, type FaultCase, faultCases, handEv, intervals, lastCurrent, lim } from './helpers';
import { lineAt, type Pair, sleep } from './pair';

const start = async (p: Pair) => {
  await p.ev.operator.plugIn();
  await p.charger.operator.start();
};
const count = (p: Pair, id: number, fromMs: number) => p.raw(id).filter((f) => (f.tUs ?? 0) / 1000 > fromMs).length;
const firstOn = (p: Pair, l: 'd1' | 'd2' | 'lock') => p.line(l).find((c) => c.value === true)?.tMs ?? Infinity;
/** After the action, the current is still above 5 A two ramp-down limits later. */
const holds = (act: (p: Pair) => Promise<unknown>, opts?: FaultCase['opts']) => ({
  opts,
  run: async (p: Pair) => {
    await chargeUp(p);
    await act(p);
    await sleep(2 * lim(p, 'rampDownMs'));
    return lastCurrent(p) > 5;
  },
});

const CASES: FaultCase[] = [
  {
    fault: 'first-0x108-zeros',
    run: async (p) => {
      await start(p);
      await p.until(() => p.raw(0x108).length >= 4, 1000, 'four 0x108');
      return p.raw(0x108)[0].data.every((b) => b === 0);
    },
  },
  {
    fault: 'charging-and-stop-control',
    run: async (p) => {
      await p.charging();
      await cycles(p, 3);
      return p.status109().some((f) => f.value.status.charging && f.value.status.stopControl);
    },
  },
  { fault: 'ignores-ev-stop', ...holds((p) => p.ev.operator.stop()) },
  {
    fault: 'no-timeouts',
    opts: { evFaults: ['no-k'], scale: 0.1 },
    run: async (p) => {
      await start(p);
      await sleep(1.5 * lim(p, 'kAfterD1Ms'));
      return p.ends.charger.get('d1');
    },
  },
  {
    fault: 'current-above-request',
    run: async (p) => {
      await chargeUp(p);
      await cycles(p, 3);
      const maxReq = Math.max(...p.status102().map((f) => f.value.currentRequestA));
      return p.status109().some((f) => f.value.presentCurrentA > maxReq);
    },
  },
  {
    fault: 'late-ramp-down',
    run: async (p) => {
      await chargeUp(p);
      await p.ev.operator.stop();
      await sleep(1.2 * lim(p, 'rampDownMs'));
      return lastCurrent(p) > 5;
    },
  },
  {
    fault: 'd2-before-insulation-test',
    run: async (p) => {
      await p.charging();
      const d2 = firstOn(p, 'd2');
      return !p.line('inletVoltageV').some((c) => (c.value as number) > 20 && c.tMs < d2);
    },
  },
  {
    fault: 'no-insulation-residual-check',
    run: async (p) => {
      await p.charging();
      return (lineAt(p, 'inletVoltageV', firstOn(p, 'd2')) as number) > 20;
    },
  },
  { fault: 'ignores-k-off', ...holds(async (p) => p.ends.ev.set('k', false)) },
  {
    fault: 'wrong-protocol-number',
    run: async (p) => {
      await p.charging();
      return p.status109().at(-1)!.value.protocolNumber !== 3;
    },
  },
  {
    fault: 'missing-0x109-cycles',
    run: async (p) => {
      await p.charging();
      const from = performance.now();
      await cycles(p, 20);
      // counted against 0x108 of the same cycles (a stall of the loaded test machine delays both alike)
      return count(p, 0x109, from) < 0.8 * count(p, 0x108, from);
    },
  },
  {
    fault: 'cycle-jitter',
    run: async (p) => {
      await start(p);
      await cycles(p, 12);
      const d = intervals(p, 0x108);
      const off = d.filter((x) => Math.abs(x - 100 * p.scale) > 0.3 * 100 * p.scale);
      return off.length > d.length / 2;
    },
  },
  {
    fault: 'no-lock',
    run: async (p) => {
      await p.charging();
      return !p.line('lock').some((c) => c.value) && !p.status109().some((f) => f.value.status.connectorLocked);
    },
  },
  {
    fault: 'unlock-above-10v',
    run: async (p) => {
      await chargeUp(p);
      await p.ev.operator.stop();
      await p.over();
      const unlock = p.line('lock').find((c) => c.value === false)!.tMs;
      return (lineAt(p, 'inletVoltageV', unlock) as number) >= 10;
    },
  },
  { fault: 'ignores-ev-fault', ...holds((p) => p.ev.operator.fault('highTemperature')) },
  { fault: 'ignores-shift-lever', ...holds((p) => p.ev.operator.shiftOutOfPark()) },
  { fault: 'ignores-ev-silence', ...holds(async (p) => { p.evCan.close(); await sleep(lim(p, 'silenceMs')); }) },
  {
    fault: 'ignores-stop-before-charging',
    run: async (p) => {
      await p.ev.stop();
      const ev = handEv(p, { stopBeforeCharging: true });
      try {
        await p.charger.operator.start();
        p.ends.ev.set('k', true);
        await sleep(lim(p, 'rampDownMs') + 600);
        return firstOn(p, 'd2') < Infinity;
      } finally {
        ev.stop();
      }
    },
  },
  { fault: 'ignores-operator-stop', ...holds((p) => p.charger.operator.stop()) },
  { fault: 'ignores-contactors-open', ...holds((p) => p.ev.operator.stop(), { chargerFaults: ['ignores-ev-stop'], evFaults: ['opens-contactors-under-load'] }) },
  {
    fault: 'ignores-remaining-time',
    opts: { scale: 0.1 },
    run: async (p) => {
      await p.ev.stop();
      const ev = handEv(p, { maxChargingTime10s: 1 });
      try {
        await p.charger.operator.start();
        p.ends.ev.set('k', true);
        await p.until(() => lastCurrent(p) >= 60, 3000, 'charging at 60 A');
        await sleep(10_000 * p.scale + 2 * lim(p, 'rampDownMs'));
        return lastCurrent(p) > 5;
      } finally {
        ev.stop();
      }
    },
  },
  { fault: 'ignores-system-fault', ...holds((p) => p.ev.operator.fault('systemFault')) },
  {
    fault: 'd2-off-before-welding',
    run: async (p) => {
      await chargeUp(p);
      const stopAt = performance.now();
      await p.ev.operator.stop();
      await p.over();
      const d2off = p.line('d2').find((c) => c.value === false)!.tMs;
      const welded = p.status102().find((f) => f.tMs > stopAt && f.value.status.contactorOpen);
      return !welded || welded.tMs > d2off;
    },
  },
  {
    fault: 'present-voltage-wrong',
    run: async (p) => {
      await p.charging();
      await cycles(p, 2);
      return Math.abs(p.status109().at(-1)!.value.presentVoltageV - p.ends.charger.inletVoltageV()) >= 20;
    },
  },
  {
    fault: 'ignores-battery-incompatible',
    opts: { evFaults: ['ev-zero-parameters'] },
    run: async (p) => {
      await start(p);
      await p.until(() => p.ends.charger.get('d2') || p.line('d1').some((c) => !c.value), 3000, 'd2 or d1 off');
      return p.ends.charger.get('d2') && !p.status109().some((f) => f.value.status.batteryIncompatible);
    },
  },
  {
    fault: 'malfunction-keeps-current',
    opts: { evFaults: ['ev-ignores-charger-malfunction'] },
    run: async (p) => {
      await chargeUp(p);
      await p.charger.operator.emergencyStop();
      await sleep(2 * lim(p, 'rampDownMs'));
      return p.status109().at(-1)!.value.status.malfunction && lastCurrent(p) > 5;
    },
  },
  {
    fault: 'ignores-dynamic-request',
    opts: { evVersion: '1.2' },
    run: async (p) => {
      await chargeUp(p);
      await p.charger.operator.limitCurrent(60);
      await cycles(p, 6);
      return lastCurrent(p) > 65;
    },
  },
  {
    fault: 'dynamic-without-ev-support',
    opts: { evVersion: '1.1' },
    run: async (p) => {
      await chargeUp(p);
      await p.charger.operator.limitCurrent(60);
      await cycles(p, 4);
      return p.frames('chargerParams').at(-1)!.value.availableCurrentA !== 150;
    },
  },
  {
    fault: 'discharge-above-ev-limit',
    run: async (p) => {
      await p.charging();
      await p.until(() => p.frames('chargerDischarge').some((f) => f.value.presentDischargeCurrentA > 0), 1000, 'discharge');
      const max = p.frames('evDischarge').at(-1)!.value.maxDischargeCurrentA;
      return p.frames('chargerDischarge').some((f) => f.value.presentDischargeCurrentA > max);
    },
  },
  {
    fault: 'floods-bus',
    run: async (p) => {
      await start(p);
      await cycles(p, 2);
      const from = performance.now();
      await cycles(p, 4);
      return p.raw(0x109).filter((f) => (f.tUs ?? 0) / 1000 > from).length > 20;
    },
  },
  {
    fault: 'wrong-dlc-109',
    run: async (p) => {
      await start(p);
      await cycles(p, 3);
      return p.raw(0x109).some((f) => f.data.length !== 8);
    },
  },
  {
    fault: 'unknown-chademo-id',
    run: async (p) => {
      await start(p);
      await cycles(p, 3);
      return p.raw(0x10a).length > 0;
    },
  },
  {
    fault: 'charger-silent',
    run: async (p) => {
      await start(p);
      await cycles(p, 4);
      return p.ends.charger.get('d1') && p.bus.log.every((f) => !CHARGER_IDS.includes(f.id));
    },
  },
];

describe('reference charger faults (each against the reference EV)', () => {
  faultCases('charger', CASES);
  const missing = Object.keys(CHARGER_FAULTS).filter((f) => !CASES.some((c) => c.fault === f));
  if (missing.length > 0) throw new Error(`charger faults without a case: ${missing.join(', ')}`);
});
