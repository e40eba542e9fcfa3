/**
 * The bench rig's station control (src/rig/bench-station.ts) and simulated bench (src/rig/bench-sim.ts):
 * plug-in / EV suspend / fault over real Modbus TCP + SCPI sockets to simulated instruments on a pilot line
 * whose EVSE end the reference EVSE controller (station mode) drives; the harness plays the EV (S2 follows
 * PWM); other faults and actions go to the station driver; a bad bench.simulate rig is one line per field;
 * the simulated bench's station process starts, listens and leaves no port behind.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError } from '../src/core/errors';
import { Trace } from '../src/core/trace';
import { openBenchEvPort } from '../src/iec61851/line/bench/index';
import { createSimulatedLine } from '../src/iec61851/line/simulated';
import { startSimulatedPilotBench } from '../src/reference/bench/index';
import { startReferenceEvse } from '../src/reference/iec61851/index';
import { ensureBenchSimulation, stopBenchSimulations } from '../src/rig/bench-sim';
import { benchStationControl } from '../src/rig/bench-station';
import { loadRigConfig } from '../src/rig/config';
import type { StationSutControl } from '../src/rig/ocpp-sut';
import { freePort, listening } from './support/ports';

function recordingDriver(calls: string[]): StationSutControl {
  const rec = (name: string) => async (...args: unknown[]) => void calls.push(`${name}(${args.join(',')})`);
  return {
    plugIn: rec('plugIn'),
    unplug: rec('unplug'),
    presentIdTag: rec('presentIdTag'),
    evSuspend: rec('evSuspend'),
    evResume: rec('evResume'),
    raiseFault: rec('raiseFault'),
    clearFault: rec('clearFault'),
    powerCycle: rec('powerCycle'),
    goOffline: rec('goOffline'),
    goOnline: rec('goOnline'),
    stop: rec('stop'),
  };
}

async function until(what: string, ok: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('bench control: pilot actions over Modbus/SCPI on the wired connector, the rest through the driver', async () => {
  const line = createSimulatedLine({ name: 'pilot:station-test' });
  const evse = await startReferenceEvse(line.evse, { faults: [], variant: 'default', timeScale: 0.2, mode: 'station', maxCurrentA: 32 });
  const seen: string[] = [];
  evse.onEvState((s) => seen.push(s));
  const bench = await startSimulatedPilotBench({ ev: line.ev });
  const trace = new Trace();
  const calls: string[] = [];
  const port = await openBenchEvPort(bench.benchPilot(1000), 'rigs/bench-test.json', 10, trace);
  const control = benchStationControl(port, recordingDriver(calls), { rig: 'bench-test', connector: 1, stateEErrorCode: 'GroundFailure', ppOhms: 220, timeoutMs: 3000, trace });
  try {
    await control.plugIn(1);
    await until('the controller sees B', () => evse.evState() === 'B');
    evse.allow(16); // the station offers 16 A: the harness's EV closes S2
    await until('C and the contactor closed', () => evse.evState() === 'C' && evse.contactorClosed());
    await control.evSuspend(1);
    await until('B again, contactor open', () => evse.evState() === 'B' && !evse.contactorClosed());
    await control.evResume(1);
    await until('C again', () => evse.evState() === 'C');
    await control.raiseFault(1, 'GroundFailure');
    assert.ok(seen.includes('E'), `state E seen: ${seen.join(' ')}`);
    await control.clearFault(1);
    await control.raiseFault(1, 'HighTemperature'); // not state E: the station's own diagnosis, via its driver
    await control.plugIn(2);
    await control.presentIdTag('TAG', 1);
    assert.deepEqual(calls, ['raiseFault(1,HighTemperature)', 'plugIn(2)', 'presentIdTag(TAG,1)']);
    await control.unplug(1);
    await until('the controller sees A', () => evse.evState() === 'A');
    const protocols = new Set(trace.frames.map((f) => f.protocol));
    assert.ok(protocols.has('modbus') && protocols.has('scpi'), `frames: ${[...protocols].join(', ')}`);
  } finally {
    await control.stop();
    await bench.stop();
    await evse.stop();
    await line.close();
  }
  assert.equal(calls.at(-1), 'stop()', 'the driver puts the station at rest after the bench');
});

test('without bench.stateEErrorCode a fault on the wired connector needs an operator', async () => {
  const line = createSimulatedLine({ name: 'pilot:station-test-2' });
  const bench = await startSimulatedPilotBench({ ev: line.ev });
  const port = await openBenchEvPort(bench.benchPilot(1000), 'rigs/bench-test.json', 10, new Trace());
  const control = benchStationControl(port, recordingDriver([]), { rig: 'bench-test', connector: 1, ppOhms: 220, timeoutMs: 1000 });
  try {
    await assert.rejects(control.raiseFault(1, 'GroundFailure'), /needs an operator.*bench\.stateEErrorCode/);
  } finally {
    await control.stop();
    await bench.stop();
    await line.close();
  }
});

function writeRig(dir: string, rig: Record<string, unknown>): string {
  const file = path.join(dir, 'rig.json');
  fs.writeFileSync(file, JSON.stringify(rig));
  return file;
}

const PILOT = (modbus: number, scpi: number) => ({
  modbus: { host: '127.0.0.1', port: modbus, coils: { connected: 0, s2: 1, cpShortToPe: 4 }, pp: { coils: { '220': 10 } }, inputs: { cpHighV: { register: 0, scale: 0.01 }, cpLowV: { register: 1, scale: 0.01 }, contactor: { discreteInput: 0 } } },
  scpi: { host: '127.0.0.1', port: scpi },
});

test('a bench.simulate rig without what the station needs: one line per field', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-bench-'));
  try {
    const file = writeRig(dir, { name: 'b', kind: 'bench', timeScale: 1, ocpp: { station: { version: '1.6', connectors: 1 } }, bench: { simulate: true, evConnector: 2, pilot: PILOT(1502, 1503) } });
    assert.throws(
      () => loadRigConfig(file),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        const lines = e.lines.join('\n');
        for (const field of ['ocpp.station.identity', 'ocpp.station.listenPort', 'ocpp.station.driver.url', 'bench.evConnector']) assert.match(lines, new RegExp(`: ${field.replace(/\./g, '\\.')}: `), lines);
        return true;
      },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the simulated bench starts its station and instruments and leaves no port behind', { timeout: 90_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-bench-'));
  const [csms, control, modbus, scpi] = [await freePort(), await freePort(), await freePort(), await freePort()];
  try {
    const file = writeRig(dir, {
      name: 'bench-sim-test',
      kind: 'bench',
      timeScale: 0.02,
      sutCompressesTime: true,
      ocpp: { station: { version: '1.6', identity: 'BENCH-T', listenHost: '127.0.0.1', listenPort: csms, connectors: 1, driver: { kind: 'http', url: `http://127.0.0.1:${control}` } } },
      bench: { simulate: true, pilot: PILOT(modbus, scpi) },
    });
    const cfg = loadRigConfig(file);
    await ensureBenchSimulation(cfg);
    for (const p of [control, modbus, scpi]) assert.equal(await listening(p), true, `port ${p} listening`);
    const port = await openBenchEvPort(cfg.bench!.pilot!, file, 10, new Trace());
    await port.actuate({ connected: true, ppOhms: 220 }, 'plug in');
    await port.waitFor((o) => o.cpHighV > 8 && o.cpHighV < 10, 3000, 'state B on the station line');
    await port.close();
  } finally {
    await stopBenchSimulations();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const p of [control, modbus, scpi]) assert.equal(await listening(p), false, `port ${p} free after stop`);
});
