/**
 * The bench's relay and command channels (src/rig/bench-channels.ts) against simulated equipment over real
 * sockets: card coils on a simulated Modbus TCP IO module that drive a station's reader
 * (src/reference/bench/station-wiring.ts), the mains contactor and its voltage register, network commands
 * run with execFile against the simulated switch port (src/reference/bench/switch-port.ts). Each channel
 * also fails: a card coil wired to nothing, a contactor coil that cuts no mains, a command that exits 1 or
 * hangs; a bad rig is one line per field; nothing is left listening.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError } from '../../src/core/errors';
import { Trace } from '../../src/core/trace';
import { createSimulatedLine } from '../../src/iec61851/line/simulated';
import { type SimulatedModuleExtras, type SimulatedPilotBench, startSimulatedPilotBench } from '../../src/reference/bench/index';
import { stationWiringExtras, type WiredStation } from '../../src/reference/bench/station-wiring';
import { startSimulatedSwitchPort } from '../../src/reference/bench/switch-port';
import { BenchActionError, BenchChannels } from '../../src/rig/bench-channels';
import { loadRigConfig } from '../../src/rig/config';
import { NotAutomatableError } from '../../src/rig/not-automatable';
import type { RigConfig } from '../../src/rig/types';
import { listening } from '../support/ports';

/** A station as the wiring reaches it: records what its reader read and follows its mains. */
function fakeStation() {
  const read: string[] = [];
  const mainsLog: string[] = [];
  let powered = true;
  const station: WiredStation = {
    presentIdTag: async (tag, connector) => void read.push(`${tag}@${connector ?? 'station'}`),
    mains: {
      get powered() {
        return powered;
      },
      off: async () => {
        powered = false;
        mainsLog.push('off');
      },
      on: () => {
        powered = true;
        mainsLog.push('on');
      },
    },
  };
  return { station, read, mainsLog };
}

/** The simulated IO module over a line of its own; stop() closes both (an open line keeps the process alive). */
async function module(extras: SimulatedModuleExtras): Promise<SimulatedPilotBench> {
  const line = createSimulatedLine({ name: 'pilot:channels-test' });
  const bench = await startSimulatedPilotBench({ ev: line.ev, extras }).catch(async (e: unknown) => {
    await line.close();
    throw e;
  });
  const stop = bench.stop.bind(bench);
  return Object.assign(bench, { stop: async () => void (await stop().finally(() => line.close())) });
}

function rig(bench: SimulatedPilotBench, extra: Partial<NonNullable<RigConfig['bench']>>, idTags?: Record<string, string>): RigConfig {
  return { name: 'channels-test', kind: 'bench', ocpp: { station: { connectors: 2, idTags } }, bench: { pilot: bench.benchPilot(1000), ...extra } };
}

const opts = (trace?: Trace) => ({ rig: 'channels-test', expectMs: 600, pollMs: 20, trace });

test('cards: a coil pulse makes the wired reader read the card; a coil wired to nothing, a tag or reader without a coil fail naming them', async () => {
  const { station, read } = fakeStation();
  const bench = await module(stationWiringExtras(station, { cards: { coils: { '20': 'TAG-A', '21': 'EVC-VALID-001' }, readers: { '40': 1 } } }, () => undefined));
  const trace = new Trace();
  // the rig maps ${idTag.valid} to coil 21 (wired) and ${idTag.blocked} to coil 29, which the module does not have
  const cfg = rig(bench, { cards: { holdMs: 50, coils: { 'TAG-A': 20, '${idTag.valid}': 21, '${idTag.blocked}': 29 }, readers: { '1': 40 } } });
  const ch = (await BenchChannels.open(cfg, opts(trace)))!;
  try {
    await ch.presentIdTag('TAG-A', 1);
    await ch.presentIdTag('EVC-VALID-001', 1);
    assert.deepEqual(read, ['TAG-A@1', 'EVC-VALID-001@1']);
    assert.ok(trace.frames.some((f) => f.protocol === 'modbus' && /write coil 20 = 1/.test(f.summary ?? "")), 'the pulse is in the trace as Modbus frames');

    await assert.rejects(ch.presentIdTag('EVC-BLOCKED-01', 1), (e: Error) => {
      assert.ok(e instanceof BenchActionError, e.message);
      assert.match(e.message, /'EVC-BLOCKED-01'.*card coil 29 \(bench\.cards\.coils\["\$\{idTag\.blocked\}"\]\).*exception 02/);
      return true;
    });
    assert.deepEqual(read, ['TAG-A@1', 'EVC-VALID-001@1'], 'nothing was read');
    await assert.rejects(ch.presentIdTag('NO-SUCH-CARD', 1), (e: Error) => e instanceof NotAutomatableError && /'NO-SUCH-CARD'.*bench\.cards\.coils/.test(e.message));
    await assert.rejects(ch.presentIdTag('TAG-A', 2), (e: Error) => e instanceof NotAutomatableError && /bench\.cards\.readers\.2/.test(e.message));
  } finally {
    await ch.close();
    await bench.stop();
  }
  assert.equal(await listening(bench.modbus.port), false, 'the IO module is gone');
});

test('mains: a power cycle cuts and restores the station through the contactor coil, checked on the voltage register; a coil that cuts nothing fails', async () => {
  const { station, mainsLog } = fakeStation();
  const wired = await module(stationWiringExtras(station, { mains: { coil: 48, voltage: { register: 20, scale: 0.1 } } }, () => undefined));
  const mains = { coil: 48, offMs: 50, timeoutMs: 500, voltage: { register: 20, scale: 0.1 } };
  const trace = new Trace();
  let ch = (await BenchChannels.open(rig(wired, { mains }), opts(trace)))!;
  try {
    await ch.powerCycle();
    assert.deepEqual(mainsLog, ['off', 'on']);
    assert.ok(trace.frames.some((f) => /supply reads 0\.0 V/.test(f.summary ?? "")) && trace.frames.some((f) => /supply reads 230\.0 V/.test(f.summary ?? "")));
  } finally {
    await ch.close();
    await wired.stop();
  }
  // a module whose coil 48 switches nothing: the meter keeps reading 230 V
  const dead: SimulatedModuleExtras = { coils: new Map([[48, { on: true, set: () => undefined }]]), registers: new Map([['input:20', () => 2300]]) };
  const unwired = await module(dead);
  ch = (await BenchChannels.open(rig(unwired, { mains }), opts()))!;
  try {
    const t0 = Date.now();
    await assert.rejects(ch.powerCycle(), (e: Error) => {
      assert.ok(e instanceof BenchActionError, e.message);
      assert.match(e.message, /power cycle.*contactor was opened.*coil 48.*bench\.mains\.coil.*still reads 230\.0 V after 500 ms/);
      return true;
    });
    assert.ok(Date.now() - t0 < 3000, 'bounded by bench.mains.timeoutMs');
    await ch.close();
    assert.equal(dead.coils.get(48)!.on, true, 'the contactor is closed again at rest');
  } finally {
    await ch.close().catch(() => undefined); // again when an assertion above failed: no socket may stay open
    await unwired.stop();
  }
  for (const p of [wired.modbus.port, unwired.modbus.port]) assert.equal(await listening(p), false, `nothing left on ${p}`);
});

test('network: the commands cut and restore the simulated switch port; exit 1 fails quoting stderr; a hung command is bounded', async () => {
  const echo = net.createServer((s) => s.pipe(s));
  const echoSockets = new Set<net.Socket>();
  echo.on('connection', (s) => (echoSockets.add(s), s.once('close', () => echoSockets.delete(s))));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
  const target = { host: '127.0.0.1', port: (echo.address() as net.AddressInfo).port };
  const sw = await startSimulatedSwitchPort({ port: 0, controlPort: 0, target });
  const script = ['node', 'scripts/sim-switch-port.mjs', `127.0.0.1:${sw.controlPort}`];
  const network = { down: [...script, 'down'], up: [...script, 'up'], timeoutMs: 5000 };
  const talk = (s: net.Socket, text: string, ms: number) =>
    new Promise<string>((resolve) => {
      const t = setTimeout(() => resolve('(nothing)'), ms);
      s.once('data', (d) => {
        clearTimeout(t);
        resolve(String(d));
      });
      s.write(text);
    });
  const sockets: net.Socket[] = [];
  const open = () => new Promise<net.Socket>((r) => {
    const s = net.connect(sw.port, '127.0.0.1', () => r(s));
    sockets.push(s);
    s.on('error', () => undefined);
  });
  const until = async (what: string, ok: () => boolean, ms = 5000) => {
    const end = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > end) assert.fail(`${what} within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  try {
    const ch = (await BenchChannels.open({ name: 'channels-test', kind: 'bench', bench: { network } }, opts()))!;
    try {
      const a = await open();
      assert.equal(await talk(a, 'hello', 5000), 'hello');
      const closed = new Promise((r) => a.once('close', r));
      // down for 3 s: long enough to look at it even when starting the command's node process is slow
      await ch.goOffline(3000);
      await closed; // the live connection dropped
      assert.equal(sw.up, false);
      const b = await open();
      assert.equal(await talk(b, 'held', 150), '(nothing)', 'no link while the port is down');
      await until('goOffline(3000) restores the port on its own', () => sw.up, 10_000);
      assert.equal(await talk(b, '!', 5000).then((x) => x.includes('held') || x.includes('!')), true, 'the held connection goes through once up');
    } finally {
      await ch.close();
    }
    // a command that exits 1: the step fails quoting its stderr (a bound far above a node start on a slow machine:
    // a start past the bound would be a timeout, not the exit under test); one that hangs: bounded by timeoutMs
    const fails = [process.execPath, '-e', "process.stderr.write('port 7 is locked by the admin\\n'); process.exit(1)"];
    const hangs = [process.execPath, '-e', 'setTimeout(() => {}, 20000)'];
    const ch2 = (await BenchChannels.open({ name: 'channels-test', kind: 'bench', bench: { network: { down: fails, up: fails, timeoutMs: 15_000 } } }, opts()))!;
    try {
      const e = await ch2.goOffline().then(() => undefined, (x: Error) => x);
      assert.ok(e instanceof BenchActionError, `goOffline with a command that exits 1 rejects with a BenchActionError: ${String(e)}`);
      assert.match(e.message, /bench\.network\.down.*exited 1:.*port 7 is locked by the admin/);
    } finally {
      await ch2.close().catch(() => undefined);
    }
    const ch3 = (await BenchChannels.open({ name: 'channels-test', kind: 'bench', bench: { network: { down: hangs, up: hangs, timeoutMs: 1000 } } }, opts()))!;
    try {
      const t0 = Date.now();
      const e = await ch3.goOnline().then(() => undefined, (x: Error) => x);
      assert.match(String(e?.message), /bench\.network\.up.*did not finish within 1000 ms/);
      assert.ok(Date.now() - t0 < 6000, `the hung command was cut at its bound (${Date.now() - t0} ms)`);
    } finally {
      await ch3.close().catch(() => undefined);
    }
  } finally {
    // whatever failed above, nothing stays open (an open server would keep this file's process alive)
    for (const s of sockets) s.destroy();
    await sw.stop();
    for (const s of echoSockets) s.destroy();
    await new Promise<void>((r) => echo.close(() => r()));
  }
  for (const p of [sw.port, sw.controlPort, target.port]) assert.equal(await listening(p), false, `nothing left on ${p}`);
});

test('rig: bench channels checked before anything runs, one line per field', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-bench-channels-'));
  const file = path.join(dir, 'bad.json');
  const base = JSON.parse(fs.readFileSync('rigs/bench-sim.json', 'utf8')) as Record<string, any>;
  base.pics = undefined;
  delete base.ocpp.station.idTags; // ${idTag.unknown} then has no fixed token
  base.bench.cards.coils['${idTag.nobody}'] = 60;
  base.bench.cards.coils['${idTag.valid}'] = 0; // the pilot's 'connected' coil
  base.bench.cards.readers['3'] = 42;
  base.bench.switchPort.controlPort = base.bench.switchPort.port;
  fs.writeFileSync(file, JSON.stringify(base));
  try {
    assert.throws(
      () => loadRigConfig(file),
      (e: Error) => {
        assert.ok(e instanceof ConfigError);
        const lines = e.message.split('\n');
        const want = [/bench\.cards\.coils\["\$\{idTag\.valid\}"\]: coil 0 is already bench\.pilot\.modbus\.coils\.connected/, /bench\.cards\.coils\["\$\{idTag\.unknown\}"\]: .*ocpp\.station\.idTags\.unknown/, /bench\.cards\.coils\["\$\{idTag\.nobody\}"\]: .*no such id-tag role/, /bench\.cards\.readers\.3: '3' is not a connector/, /bench\.switchPort\.controlPort: must differ/];
        for (const w of want) assert.ok(lines.some((l) => w.test(l) && l.includes('bad.json')), `${w} in:\n${e.message}`);
        return true;
      },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
