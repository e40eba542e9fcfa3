/**
 * `evc bench chademo` (npm run bench -- chademo): the period and jitter of the harness's own CHAdeMO cyclic
 * sender on vcan0 — the harness EV's three frames (0x100–0x102) from src/chademo/framing/cyclic.ts over
 * SocketCAN, at the real 100 ms and at the reference rig's 25 ms (timeScale 0.25). Two figures per run: what
 * the sender measured (interval between its rounds, |interval − period|) and what a second socket received
 * (CycleMonitor, 0x102 arrivals). p50/p99/max. Prints figures, asserts nothing. On a host without kernel CAN
 * the measurement runs in user-mode Linux (src/rig/can-env.ts).
 *
 *   npm run bench -- chademo                    # here if vcan0 exists, else in user-mode Linux
 *   EVC_BENCH_CHADEMO_S=20 npm run bench -- chademo   # seconds per period (default 10 at 100 ms, half at 25 ms)
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CycleMonitor, CyclicSender, formatCycleStats } from '../chademo/framing/cyclic';
import type { ChademoMessage } from '../chademo/types';
import { PROJECT_ROOT } from '../core/load';
import { runWithCan } from '../rig/can-env';
import { describeInterfaceProblem, openSocketCan } from '../transport/can';

const FLAGS = { overVoltage: false, underVoltage: false, currentDeviation: false, highTemperature: false, voltageDeviation: false };
const EV_FRAMES: ChademoMessage[] = [
  { name: 'evParams', value: { minChargeCurrentA: 5, minBatteryVoltageV: 250, maxBatteryVoltageV: 410, chargedRateReference: 100 } },
  { name: 'evTiming', value: { maxChargingTime10s: 0xff, maxChargingTimeMin: 60, estimatedChargingTimeMin: 45, batteryCapacity100Wh: 400 } },
  {
    name: 'evStatus',
    value: {
      protocolNumber: 3,
      targetVoltageV: 400,
      currentRequestA: 100,
      faults: FLAGS,
      status: { chargingEnabled: true, shiftLeverNotPark: false, systemFault: false, contactorOpen: false, stopBeforeCharging: false, dischargeCompatible: false },
      socPct: 50,
    },
  },
];

async function measure(ifname: string, periodMs: number, seconds: number): Promise<void> {
  const tx = openSocketCan(ifname);
  const rx = openSocketCan(ifname);
  const monitor = new CycleMonitor(rx, { version: '2.0' });
  const sender = new CyclicSender(tx, periodMs);
  try {
    for (const m of EV_FRAMES) sender.set(m, '2.0');
    await sleep(seconds * 1000);
  } finally {
    sender.stop();
    monitor.close();
    tx.close();
    rx.close();
  }
  const s = sender.stats();
  console.log(`\n-- ${ifname}, period ${periodMs} ms, ${seconds} s (3 frames per round, one timer)`);
  console.log(formatCycleStats('  sender period  ', s));
  console.log(formatCycleStats('  sender jitter  ', s.jitter));
  console.log(formatCycleStats('  received 0x102 ', monitor.periodStats(0x102)));
  if (sender.sendErrors) console.log(`  send errors: ${sender.sendErrors} (${sender.lastError?.message})`);
}

async function here(ifname: string): Promise<void> {
  const seconds = Number(process.env.EVC_BENCH_CHADEMO_S ?? 10);
  await measure(ifname, 100, seconds);
  await measure(ifname, 25, Math.max(1, seconds / 2));
}

export async function main(_argv: string[]): Promise<number> {
  const ifname = process.env.EVC_TEST_CAN_IF ?? 'vcan0';
  const problem = describeInterfaceProblem(ifname);
  if (!problem) {
    console.log(`CHAdeMO cyclic sender on ${ifname} (this host)`);
    await here(ifname);
    return 0;
  }
  if (process.env.EVC_CAN_ENV_INSIDE) {
    console.log(`chademo: skipped (${problem})`);
    return 1;
  }
  console.log(`CHAdeMO cyclic sender: ${ifname} is not on this host (${problem}); measuring in the CAN environment…`);
  const r = await runWithCan([process.execPath, '--require', 'tsx/cjs', __filename, '--inside'], { cwd: PROJECT_ROOT, timeoutMs: 300_000 });
  process.stdout.write(r.stdout);
  if (r.code !== 0) process.stdout.write(r.stderr);
  console.log(`\n[${r.how}] exit ${r.code}, ${(r.totalMs / 1000).toFixed(2)} s in all`);
  return r.code === 0 ? 0 : 1;
}

if (require.main === module && process.argv.includes('--inside')) {
  const ifname = process.env.EVC_TEST_CAN_IF ?? 'vcan0';
  console.log(`CHAdeMO cyclic sender on ${ifname} (${path.basename(process.execPath)} ${process.version} in the CAN environment)`);
  here(ifname).then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
