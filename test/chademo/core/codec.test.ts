/**
 * CHAdeMO codec: hand-computed byte vectors per id and version (FACTS layouts, 16-bit little-endian, DLC 8),
 * version-dependent fields, V2X currents inverted, and ChademoFrameError quoting id and bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodecError } from '../../../src/core/errors';
import { ChademoFrameError, decodeChademo, encodeChademo } from '../../../src/chademo/framing/codec';
import { CHADEMO_VERSIONS, type ChademoMessage, type ChademoVersion, type EvStatusFlags } from '../../../src/chademo/types';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/ /g, ''), 'hex'));
const bytes = (m: ChademoMessage, v: ChademoVersion) => Buffer.from(encodeChademo(m, v).data).toString('hex');
const noFaults = { overVoltage: false, underVoltage: false, currentDeviation: false, highTemperature: false, voltageDeviation: false };
const evStatus = (over: Partial<EvStatusFlags> = {}, protocolNumber = 2): ChademoMessage => ({
  name: 'evStatus',
  value: {
    protocolNumber,
    targetVoltageV: 400,
    currentRequestA: 120,
    faults: noFaults,
    status: { chargingEnabled: true, shiftLeverNotPark: false, systemFault: false, contactorOpen: true, stopBeforeCharging: false, dischargeCompatible: false, ...over },
    socPct: 55,
  },
});
const chargerStatus = (dischargeCompatible = false): ChademoMessage => ({
  name: 'chargerStatus',
  value: {
    protocolNumber: 2,
    presentVoltageV: 398,
    presentCurrentA: 118,
    dischargeCompatible,
    status: { charging: true, malfunction: false, connectorLocked: true, batteryIncompatible: false, systemMalfunction: false, stopControl: false },
    remainingTime10s: 0xff,
    remainingTimeMin: 30,
  },
});

test('0x100 EV parameters: min current only from 1.0 (0.9 writes 0 and ignores b0)', () => {
  const m: ChademoMessage = { name: 'evParams', value: { minChargeCurrentA: 5, minBatteryVoltageV: 250, maxBatteryVoltageV: 410, chargedRateReference: 100 } };
  const f = encodeChademo(m, '1.0');
  assert.equal(f.id, 0x100);
  assert.equal(bytes(m, '1.0'), '0500fa009a016400');
  assert.equal(bytes(m, '0.9'), '0000fa009a016400');
  assert.deepEqual(decodeChademo({ id: 0x100, data: hex('05 00 fa 00 9a 01 64 00') }, '0.9').value, { ...m.value, minChargeCurrentA: 0 });
  assert.deepEqual(decodeChademo({ id: 0x100, data: hex('05 00 fa 00 9a 01 64 00') }, '2.0').value, m.value);
});

test('0x101 EV timing: estimated time and capacity from 1.0', () => {
  const m: ChademoMessage = { name: 'evTiming', value: { maxChargingTime10s: 0xff, maxChargingTimeMin: 90, estimatedChargingTimeMin: 60, batteryCapacity100Wh: 400 } };
  assert.equal(bytes(m, '1.1'), '00ff5a3c00900100');
  assert.equal(bytes(m, '0.9'), '00ff5a0000000000');
  assert.deepEqual(decodeChademo({ id: 0x101, data: hex('00ff5a3c00900100') }, '1.0').value, m.value);
});

test('0x102 EV status: protocol number, LE target voltage, flags per version', () => {
  assert.equal(bytes(evStatus(), '1.0'), '0290017800093700');
  // 0.9 has no 102.5.3: the bit is written 0 and ignored on decode
  assert.equal(bytes(evStatus({}, 1), '0.9'), '0190017800013700');
  const d09 = decodeChademo({ id: 0x102, data: hex('0190017800093700') }, '0.9');
  assert.equal(d09.name === 'evStatus' && d09.value.status.contactorOpen, false);
  // 2.0: faults .0 + .3, status .0 + .7 (discharge compatible); before 2.0 .7 is reserved
  const m: ChademoMessage = { ...evStatus({ contactorOpen: false, dischargeCompatible: true }, 3) };
  if (m.name === 'evStatus') m.value.faults = { ...noFaults, overVoltage: true, highTemperature: true };
  assert.equal(bytes(m, '2.0'), '0390017809813700');
  assert.equal(bytes(m, '1.2'), '0390017809013700');
  assert.deepEqual(decodeChademo({ id: 0x102, data: hex('0390017809813700') }, '2.0'), m);
});

test('0x108 charger parameters and 0x109 charger status', () => {
  const p: ChademoMessage = { name: 'chargerParams', value: { weldingDetection: true, availableVoltageV: 500, availableCurrentA: 200, thresholdVoltageV: 410 } };
  assert.equal(bytes(p, '1.0'), '01f401c89a010000');
  assert.deepEqual(decodeChademo({ id: 0x108, data: hex('00 00 00 00 00 00 00 00') }, '1.0').value, { weldingDetection: false, availableVoltageV: 0, availableCurrentA: 0, thresholdVoltageV: 0 });
  assert.equal(bytes(chargerStatus(), '1.0'), '028e01760005ff1e');
  assert.equal(bytes(chargerStatus(true), '2.0'), '028e01760105ff1e');
  assert.equal(bytes(chargerStatus(true), '1.2'), '028e01760005ff1e');
  assert.deepEqual(decodeChademo({ id: 0x109, data: hex('028e01760105ff1e') }, '2.0'), chargerStatus(true));
  // charging (.0) and stop control (.5) together decode as they are: the role judges it
  const both = decodeChademo({ id: 0x109, data: hex('028e01760021ff1e') }, '1.0');
  assert.ok(both.name === 'chargerStatus' && both.value.status.charging && both.value.status.stopControl);
});

test('0x110 / 0x118 extended functions: dynamic control 1.2+, high current/voltage 2.0', () => {
  const all = { dynamicControl: true, highCurrent: true, highVoltage: true };
  assert.equal(bytes({ name: 'evExtended', value: all }, '2.0'), '0700000000000000');
  assert.equal(bytes({ name: 'chargerExtended', value: all }, '1.2'), '0100000000000000');
  assert.equal(bytes({ name: 'chargerExtended', value: all }, '1.1'), '0000000000000000');
  assert.equal(encodeChademo({ name: 'chargerExtended', value: all }, '2.0').id, 0x118);
  assert.deepEqual(decodeChademo({ id: 0x118, data: hex('0700000000000000') }, '1.2').value, { dynamicControl: true, highCurrent: false, highVoltage: false });
});

test('V2X 0x200/0x201/0x208/0x209: currents inverted (0xFF − I)', () => {
  const ev: ChademoMessage = { name: 'evDischarge', value: { maxDischargeCurrentA: 30, minDischargeVoltageV: 300, minBatteryDischargeLevelPct: 20, maxRemainingCapacityPct: 90 } };
  assert.equal(bytes(ev, '2.0'), 'e10000002c01145a');
  assert.deepEqual(decodeChademo({ id: 0x200, data: hex('e10000002c01145a') }, '2.0'), ev);
  const ch: ChademoMessage = { name: 'chargerDischarge', value: { presentDischargeCurrentA: 10, availableInputVoltageV: 500, availableInputCurrentA: 20, lowerThresholdVoltageV: 250 } };
  assert.equal(bytes(ch, '2.0'), 'f5f401eb0000fa00');
  assert.deepEqual(decodeChademo({ id: 0x208, data: hex('f5f401eb0000fa00') }, '2.0'), ch);
  assert.equal(bytes({ name: 'evDischargeEstimate', value: { estimatedDischargeTimeMin: 45, remainingDischargeTimeMin: 30 } }, '2.0'), '002d001e00000000');
  assert.equal(bytes({ name: 'chargerDischargeEstimate', value: { remainingDischargeTimeMin: 300 } }, '2.0'), '002c010000000000');
  assert.deepEqual(decodeChademo({ id: 0x209, data: hex('002c010000000000') }, '2.0').value, { remainingDischargeTimeMin: 300 });
});

test('every message round-trips in every version', () => {
  const msgs: ChademoMessage[] = [
    { name: 'evParams', value: { minChargeCurrentA: 3, minBatteryVoltageV: 200, maxBatteryVoltageV: 500, chargedRateReference: 100 } },
    { name: 'evTiming', value: { maxChargingTime10s: 0xff, maxChargingTimeMin: 60, estimatedChargingTimeMin: 40, batteryCapacity100Wh: 620 } },
    evStatus(),
    { name: 'chargerParams', value: { weldingDetection: true, availableVoltageV: 500, availableCurrentA: 125, thresholdVoltageV: 450 } },
    chargerStatus(true),
    { name: 'evExtended', value: { dynamicControl: true, highCurrent: true, highVoltage: false } },
    { name: 'chargerExtended', value: { dynamicControl: true, highCurrent: false, highVoltage: true } },
    { name: 'evDischarge', value: { maxDischargeCurrentA: 0, minDischargeVoltageV: 310, minBatteryDischargeLevelPct: 10, maxRemainingCapacityPct: 100 } },
    { name: 'evDischargeEstimate', value: { estimatedDischargeTimeMin: 1, remainingDischargeTimeMin: 65535 } },
    { name: 'chargerDischarge', value: { presentDischargeCurrentA: 255, availableInputVoltageV: 0, availableInputCurrentA: 0, lowerThresholdVoltageV: 1 } },
    { name: 'chargerDischargeEstimate', value: { remainingDischargeTimeMin: 9 } },
  ];
  for (const v of CHADEMO_VERSIONS) {
    for (const m of msgs) {
      const f = encodeChademo(m, v);
      assert.equal(f.data.length, 8, `${m.name} ${v}`);
      const again = encodeChademo(decodeChademo(f, v), v);
      assert.deepEqual(again.data, f.data, `${m.name} ${v}`);
    }
  }
});

test('ChademoFrameError: wrong DLC, unknown id, out-of-range values, quoting id and bytes', () => {
  assert.throws(() => decodeChademo({ id: 0x109, data: hex('028e017600') }, '1.0'), (e: unknown) => {
    assert.ok(e instanceof ChademoFrameError && e instanceof CodecError);
    assert.match(e.message, /109#028E 017600/);
    assert.match(e.message, /DLC 5/);
    return true;
  });
  assert.throws(() => decodeChademo({ id: 0x10a, data: hex('0000000000000000') }, '1.0'), /10A#0000 000000000000.*unknown id in the CHAdeMO range/);
  assert.throws(() => decodeChademo({ id: 0x20c, data: hex('00') }, '2.0'), /unknown id/);
  assert.throws(() => decodeChademo({ id: 0x102, data: hex('0290017800093700').map((b, i) => (i === 6 ? 101 : b)) }, '1.0'), /socPct \(b6\) = 101/);
  assert.throws(() => decodeChademo({ id: 0x109, data: hex('048e01760005ff1e') }, '1.0'), /protocolNumber \(b0\) = 4/);
  assert.throws(() => decodeChademo({ id: 0x200, data: hex('e10000002c01655a') }, '2.0'), /minBatteryDischargeLevelPct/);
  assert.throws(() => decodeChademo({ id: 0x100, ext: true, data: new Uint8Array(8) }, '1.0'), /11-bit/);
  assert.throws(() => decodeChademo({ id: 0x300, data: new Uint8Array(8) }, '1.0'), /outside the CHAdeMO range/);
  assert.throws(
    () => encodeChademo({ name: 'chargerParams', value: { weldingDetection: true, availableVoltageV: 500, availableCurrentA: 300, thresholdVoltageV: 410 } }, '1.0'),
    (e: unknown) => e instanceof ChademoFrameError && /chargerParams\.availableCurrentA = 300/.test(e.message) && /^CHAdeMO frame 108#/.test(e.message),
  );
  assert.throws(() => encodeChademo({ ...evStatus(), value: { ...(evStatus().value as object), targetVoltageV: 70000 } } as ChademoMessage, '1.0'), /targetVoltageV = 70000/);
  assert.throws(() => encodeChademo({ name: 'evDischarge', value: { maxDischargeCurrentA: -1, minDischargeVoltageV: 0, minBatteryDischargeLevelPct: 0, maxRemainingCapacityPct: 0 } }, '2.0'), /0\.\.255/);
});
