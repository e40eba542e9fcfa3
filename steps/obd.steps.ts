/**
 * OBD-II steps (SAE J1979 over ISO 15765-4) for an ECU under test; the harness is the scan tool.
 * Thin: parse the text, call src/obd/tester.ts through the diagnostic harness.
 */
import { Then, When } from '@cucumber/cucumber';
import { VerdictError } from '../src/core/errors';
import { diag } from '../src/uds/harness';
import type { EvcWorld } from './support/world';

const hexList = (s: string) => s.split(/[\s,]+/).filter(Boolean).map((x) => parseInt(x, 16));

Then('the mode 01 PID bitmap is truthful for PIDs {string}', async function (this: EvcWorld, pids: string) {
  await (await diag(this).obd()).verifyPidBitmap(hexList(pids));
});

Then('PID {string} reads {string}', async function (this: EvcWorld, pid: string, expected: string) {
  const r = await (await diag(this).obd()).readPid(parseInt(pid, 16));
  if (`${r.value} ${r.unit}`.trim() !== expected) throw new VerdictError(`PID ${pid} (${r.name}) reads '${`${r.value} ${r.unit}`.trim()}', expected '${expected}'`);
});

Then('the stored DTCs are {string}', async function (this: EvcWorld, list: string) {
  const got = (await (await diag(this).obd()).readDtcs(0x03)).join(' ');
  if (got !== list.trim()) throw new VerdictError(`mode 03 reports '${got}', expected '${list}'`);
});

When('the scan tool clears the DTCs', async function (this: EvcWorld) {
  await (await diag(this).obd()).clearDtcs();
});

Then('the VIN reads {string}', async function (this: EvcWorld, vin: string) {
  const got = await (await diag(this).obd()).readVin();
  if (got !== vin) throw new VerdictError(`mode 09 VIN is '${got}', expected '${vin}'`);
});
