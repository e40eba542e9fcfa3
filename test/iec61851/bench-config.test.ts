/**
 * `bench.pilot` of a rig file (schemas/rig.schema.json + src/iec61851/line/bench/config.ts): a closed shape,
 * and the checks the schema cannot make; every problem one line naming the file and the field, at load time.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/core/errors';
import { loadRigConfig } from '../../src/rig/config';
import { SIMULATED_BENCH_MAPPING } from '../../src/reference/bench/index';

function rigFile(pilot: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-bench-'));
  const file = path.join(dir, 'bench.json');
  fs.writeFileSync(file, JSON.stringify({ name: 'bench-test', kind: 'bench', bench: { pilot } }));
  return file;
}

function problems(pilot: unknown): string[] {
  const file = rigFile(pilot);
  try {
    loadRigConfig(file);
    return [];
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.lines.map((l) => l.replace(/^.*bench\.json: /, ''));
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

const modbus = (extra: object = {}) => ({ host: '127.0.0.1', coils: { connected: 0, s2: 1 }, inputs: { contactor: { discreteInput: 0 } }, ...extra });

describe('bench.pilot config', () => {
  it('the simulated bench wiring with host/port is a valid rig config', () => {
    const pilot = { modbus: { host: '127.0.0.1', port: 1502, timeoutMs: 500, ...SIMULATED_BENCH_MAPPING.modbus }, scpi: { host: '127.0.0.1', port: 5025, ...SIMULATED_BENCH_MAPPING.scpi } };
    assert.deepEqual(problems(pilot), []);
    assert.deepEqual(problems({ modbus: modbus(), scpi: { host: 'scope.lab' } }), []);
  });

  it('closed: an unknown field or an address out of range is one line naming it', () => {
    const p = problems({ modbus: modbus({ coils: { connected: 0, s2: 1, relay9: 3 }, inputs: { contactor: { discreteInput: 0 }, cpHighV: { register: 70000, scale: 0.01 } } }), scpi: { host: 'x', commands: { dutyCycle: 'X?' } } });
    assert.deepEqual(p, [
      'bench.pilot.modbus.coils.relay9: is not a known field (known: connected, s2, ventilation, diodeShort, cpShortToPe)',
      'bench.pilot.modbus.inputs.cpHighV.register: must be <= 65535',
      'bench.pilot.scpi.commands.dutyCycle: is not a known field (known: idn, frequency, duty, vmax, vmin)',
    ]);
    assert.deepEqual(problems({ modbus: { host: 'x', coils: { connected: 0 } }, scpi: { host: 'y' } }).length > 0, true);
  });

  it('two fields on one address, PP given both ways, a PP key that is not ohms: one line each', () => {
    const p = problems({
      modbus: modbus({ coils: { connected: 0, s2: 0 }, pp: { coils: { '680': 9, abc: 10 }, register: 4 }, inputs: { contactor: { discreteInput: 0 }, cpHighV: { register: 7, scale: 0.01 }, currentA: { registers: [7], scale: 1 } } }),
      scpi: { host: 'y' },
    });
    assert.deepEqual(p, [
      'bench.pilot.modbus.coils.s2: coil address 0 is already used by bench.pilot.modbus.coils.connected',
      'bench.pilot.modbus.inputs.currentA.registers[0]: input address 7 is already used by bench.pilot.modbus.inputs.cpHighV.register',
      'bench.pilot.modbus.pp: give either coils (one per resistor value) or register (resistance in ohms), exactly one',
      'bench.pilot.modbus.pp.coils.abc: the key must be the PP resistance in ohms (e.g. "680")',
    ]);
  });

  it('the same address in two tables is not a clash (coil 0 and discrete input 0)', () => {
    assert.deepEqual(problems({ modbus: modbus(), scpi: { host: 'y' } }), []);
  });
});
