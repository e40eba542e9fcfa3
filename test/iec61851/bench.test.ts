/**
 * The bench pilot line (src/iec61851/line/bench) against the simulated instruments (src/reference/bench) on a
 * simulated pilot line whose EVSE end the reference EVSE controller drives: real Modbus TCP and SCPI sockets
 * on 127.0.0.1. Plug-in → B with PWM, S2 → C and the contactor closes, load drawn and measured; what the
 * bench measures matches the line; frames in the trace; an instrument that stops answering fails the pending
 * actuation / wait within its timeout; nothing left open.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { monoUs } from '../../src/core/clock';
import { ConfigError } from '../../src/core/errors';
import { Trace } from '../../src/core/trace';
import { type BenchEvPort, openBenchEvPort } from '../../src/iec61851/line/bench/index';
import { PilotLineError, PilotTimeoutError } from '../../src/iec61851/line/errors';
import { createSimulatedLine } from '../../src/iec61851/line/simulated';
import type { PilotLine } from '../../src/iec61851/line/types';
import { classifyCp } from '../../src/iec61851/model/cp';
import { type SimulatedPilotBench, startSimulatedPilotBench } from '../../src/reference/bench/index';
import { startReferenceEvse } from '../../src/reference/iec61851/index';
import type { ReferenceEvse } from '../../src/reference/iec61851/types';
import { freePort, listening } from '../support/ports';

const RIG = 'rigs/bench-test.json';
const state = (p: BenchEvPort) => classifyCp(p.latest()).label;

interface Setup {
  line: PilotLine;
  evse: ReferenceEvse;
  bench: SimulatedPilotBench;
  stop(): Promise<void>;
}

async function setup(): Promise<Setup> {
  const line = createSimulatedLine({ name: 'pilot:bench-test' });
  const evse = await startReferenceEvse(line.evse, { faults: [], variant: 'default', timeScale: 0.2 });
  const bench = await startSimulatedPilotBench({ ev: line.ev });
  return {
    line,
    evse,
    bench,
    stop: async () => {
      await bench.stop();
      await evse.stop();
      await line.close();
    },
  };
}

/** TCP handles of this process (sockets and servers), after pending closes settled. */
async function tcpHandles(): Promise<number> {
  await new Promise((r) => setTimeout(r, 30));
  return process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP')).length;
}

let baseline = 0;
before(async () => {
  baseline = await tcpHandles();
});

describe('bench line over the simulated instruments', () => {
  let s: Setup;
  let port: BenchEvPort;
  const trace = new Trace();
  before(async () => {
    s = await setup();
    port = await openBenchEvPort(s.bench.benchPilot(2000), RIG, 10, trace);
  });
  after(async () => {
    await port?.close();
    await s?.stop();
  });

  it('opens with the emulator reset: EV unplugged, state A, no PWM', () => {
    assert.equal(state(port), 'A1');
    assert.deepEqual(s.line.ev.commanded(), { ...s.line.ev.commanded(), connected: false, s2: false, ppOhms: null });
    assert.ok(port.latest().uncertaintyUs !== undefined && port.latest().uncertaintyUs! >= 0);
  });

  it('plug-in → B with PWM for the cable; S2 → C, the contactor closes, the load is drawn and measured', async () => {
    const stamp = await port.actuate({ ppOhms: 220, connected: true }, 'plug in');
    // acknowledged only once the relays switched on the line
    assert.equal(s.line.ev.commanded().connected, true);
    assert.equal(s.line.ev.commanded().ppOhms, 220);
    const act = port.lastActuation();
    assert.ok(act && act.ackUs === stamp && act.sentUs <= act.ackUs && act.uncertaintyUs === act.ackUs - act.sentUs);
    const b = await port.waitFor((o) => classifyCp(o).label === 'B2', 5000, 'state B2');
    assert.ok(b.tUs >= stamp - (b.uncertaintyUs ?? 0), 'observation after the plug-in');
    // what the bench measures is what the line carries (ADC at 10 mV, scope duty/frequency)
    const evse = s.line.evse.commanded();
    assert.ok(Math.abs(b.dutyPct - evse.dutyPct) < 0.5, `duty ${b.dutyPct} vs ${evse.dutyPct}`);
    assert.ok(Math.abs(b.frequencyHz - evse.frequencyHz) < 5, `frequency ${b.frequencyHz}`);
    assert.ok(Math.abs(b.cpHighV - (12 * 2740) / 3740) < 0.3, `CP high ${b.cpHighV}`);
    assert.ok(Math.abs(b.cpLowV + 12) < 0.3, `CP low ${b.cpLowV}`);
    assert.equal(b.contactorClosed, false);

    await port.actuate({ s2: true }, 'EV ready');
    const c = await port.waitFor((o) => o.contactorClosed, 5000, 'contactor closed');
    assert.equal(classifyCp(c).label, 'C2');
    assert.equal(s.evse.contactorClosed(), true);

    await port.actuate({ currentA: [16, 16, 16] }, 'draw');
    const i = await port.waitFor((o) => o.currentA.every((a) => Math.abs(a - 16) < 0.2), 5000, '16 A drawn');
    assert.equal(i.currentA.length, 3);

    await port.actuate({ currentA: [0, 0, 0], s2: false, connected: false, ppOhms: null }, 'unplug');
    const a = await port.waitFor((o) => !o.contactorClosed && classifyCp(o).label.startsWith('A'), 5000, 'unplugged, contactor open');
    assert.ok(a.currentA.every((x) => x < 0.2));
  });

  it('records every Modbus request/response (hex), SCPI command/reply (text) and the pilot observations', () => {
    const by = (p: string, dir: string) => trace.frames.filter((f) => f.protocol === p && f.dir === dir);
    const mbTx = by('modbus', 'tx');
    assert.ok(mbTx.length > 10 && mbTx.every((f) => f.rawEncoding === 'hex'));
    assert.ok(mbTx.some((f) => /^[0-9a-f]{4}0000000601050001ff00$/.test(f.raw)), 'write coil 1 (S2) = on: 05 0001 ff00');
    assert.ok(by('modbus', 'rx').length >= mbTx.length - 1);
    assert.ok(by('scpi', 'tx').some((f) => f.raw === '*IDN?') && by('scpi', 'rx').some((f) => f.raw.startsWith('EVC,SIMULATED')));
    const pilot = trace.frames.filter((f) => f.protocol === 'iec61851');
    assert.ok(pilot.some((f) => f.dir === 'tx' && /S2 closed/.test(f.summary ?? '')));
    assert.ok(pilot.some((f) => f.dir === 'rx' && /contactor closed/.test(f.summary ?? '')));
  });

  it('refuses what the bench is not wired for, naming the field', async () => {
    await assert.rejects(port.actuate({ ppOhms: 470 }), (e: Error) => e instanceof PilotLineError && /bench\.pilot\.modbus\.pp\.coils has no resistor of 470/.test(e.message));
    await assert.rejects(port.actuate({ r2Ohms: 1000 }), (e: Error) => e instanceof PilotLineError && /no actuation for 'r2Ohms'/.test(e.message));
  });

  it('a wait that runs out is a PilotTimeoutError naming what and the last observation', async () => {
    await assert.rejects(port.waitFor((o) => o.cpHighV < -20, 100, 'an impossible level'), (e: Error) => e instanceof PilotTimeoutError && /an impossible level did not happen within 100 ms; last observation: CP/.test(e.message));
  });
});

describe('another wiring: PP by register, CP levels from the scope, meter in holding registers', () => {
  it('plug-in with a 680 Ω cable → B2 at the cable-limited duty; C2 closes the contactor; levels from vmax/vmin', async () => {
    const line = createSimulatedLine({ name: 'pilot:bench-alt' });
    const evse = await startReferenceEvse(line.evse, { faults: [], variant: 'default', timeScale: 0.2 });
    const mapping = {
      modbus: {
        unitId: 7,
        coils: { connected: 20, s2: 22 },
        pp: { register: 300 },
        load: { registers: [400, 402], scale: 0.01 },
        inputs: { contactor: { discreteInput: 5 }, currentA: { registers: [500, 501], table: 'holding' as const, scale: 0.1 } },
      },
      scpi: { commands: { frequency: 'MEAS:FREQ? CHAN1', duty: 'MEAS:DUTY? CHAN1', vmax: 'MEAS:VMAX? CHAN1', vmin: 'MEAS:VMIN? CHAN1' } },
    };
    const bench = await startSimulatedPilotBench({ ev: line.ev, mapping });
    const trace = new Trace();
    let port: BenchEvPort | undefined;
    try {
      port = await openBenchEvPort(bench.benchPilot(2000), RIG, 10, trace);
      await port.actuate({ ppOhms: 680, connected: true });
      assert.equal(line.ev.commanded().ppOhms, 680);
      const b = await port.waitFor((o) => classifyCp(o).label === 'B2', 5000, 'state B2');
      assert.ok(Math.abs(b.dutyPct - line.evse.commanded().dutyPct) < 0.5 && line.evse.commanded().dutyPct < 40, `20 A cable: duty ${b.dutyPct}`);
      assert.ok(Math.abs(b.cpLowV + 12) < 0.3, `CP low from vmin ${b.cpLowV}`);
      await port.actuate({ s2: true });
      await port.waitFor((o) => o.contactorClosed, 5000, 'contactor closed');
      await port.actuate({ currentA: [10, 12] });
      const i = await port.waitFor((o) => Math.abs(o.currentA[0] - 10) < 0.2 && Math.abs(o.currentA[1] - 12) < 0.2, 5000, 'current drawn');
      assert.equal(i.currentA.length, 2);
      assert.ok(trace.frames.some((f) => f.protocol === 'scpi' && f.raw === 'MEAS:VMIN? CHAN1'));
      assert.ok(trace.frames.some((f) => f.protocol === 'modbus' && f.dir === 'tx' && /^[0-9a-f]{4}000000060706012c02a8$/.test(f.raw)), 'write register 300 = 680 to unit 7');
    } finally {
      await port?.close();
      await bench.stop();
      await evse.stop();
      await line.close();
    }
  });
});

describe('instrument that stops answering', () => {
  for (const which of ['modbus', 'scpi'] as const) {
    it(`${which}: the pending wait and the next actuation fail within the timeout, naming the instrument and the request`, async () => {
      const s = await setup();
      let port: BenchEvPort | undefined;
      try {
        port = await openBenchEvPort(s.bench.benchPilot(800), RIG, 10, new Trace());
        const t0 = monoUs();
        const pending = port.waitFor(() => false, 30_000, 'something that never happens');
        s.bench.silence(which, true);
        const addr = which === 'modbus' ? s.bench.modbus : s.bench.scpi;
        await assert.rejects(pending, (e: Error) => e instanceof PilotLineError && e.message.includes(`${which} 127.0.0.1:${addr.port} did not answer`) && /no (answer|reply) within 800 ms/.test(e.message));
        const ms = (monoUs() - t0) / 1000;
        assert.ok(ms < 8000, `failed after ${ms} ms`);
        await assert.rejects(port.actuate({ connected: true }), (e: Error) => e instanceof PilotLineError && e.message.includes(`${which} 127.0.0.1:${addr.port}`));
      } finally {
        await port?.close();
        await s.stop();
      }
    });
  }

  it('modbus silent during an actuation: the actuation rejects naming the write', async () => {
    const s = await setup();
    let port: BenchEvPort | undefined;
    try {
      port = await openBenchEvPort(s.bench.benchPilot(800), RIG, 1000, new Trace());
      s.bench.silence('modbus', true);
      await assert.rejects(port.actuate({ connected: true }), (e: Error) => e instanceof PilotLineError && /write coil 0 = 1 \(bench\.pilot\.modbus\.coils\.connected\)'.*no answer within 800 ms/.test(e.message));
    } finally {
      await port?.close();
      await s.stop();
    }
  });
});

describe('bad bench config', () => {
  it('an address or a query the instrument does not know: one line each, naming the rig file and the field', async () => {
    const s = await setup();
    try {
      const cfg = s.bench.benchPilot(800);
      const modbus = cfg.modbus as { coils: Record<string, number>; inputs: { cpLowV: { register: number; scale: number } } };
      modbus.coils.s2 = 77;
      modbus.inputs.cpLowV = { register: 999, scale: 0.01 };
      cfg.scpi = { ...cfg.scpi, commands: { duty: 'MEASure:DUTYcycle?' } };
      await assert.rejects(openBenchEvPort(cfg, RIG, 10, new Trace()), (e: Error) => {
        assert.ok(e instanceof ConfigError, e.message);
        assert.deepEqual(
          e.lines.map((l) => l.replace(/ \(.*$/, '')),
          [`${RIG}: bench.pilot.modbus.coils.s2: coil 77: the instrument has no such address`, `${RIG}: bench.pilot.modbus.inputs.cpLowV.register: input 999: the instrument has no such address`, `${RIG}: bench.pilot.scpi.commands.duty: scpi 127.0.0.1:${s.bench.scpi.port} did not answer 'MEASure:DUTYcycle?`],
        );
        assert.match(e.lines[0], /Modbus exception 02 \(illegal data address\)/);
        return true;
      });
      assert.equal(s.line.ev.commanded().connected, false, 'nothing was switched');
    } finally {
      await s.stop();
    }
  });

  it('a unit id the gateway does not serve: one line naming unitId', async () => {
    const s = await setup();
    try {
      const cfg = s.bench.benchPilot(800);
      (cfg.modbus as { unitId: number }).unitId = 9;
      await assert.rejects(openBenchEvPort(cfg, RIG, 10, new Trace()), (e: Error) => {
        assert.ok(e instanceof ConfigError);
        assert.equal(e.lines.length, 1);
        assert.match(e.lines[0], /^rigs\/bench-test\.json: bench\.pilot\.modbus\.unitId: unit 9 is not behind this gateway \(.*exception 0B \(gateway target device failed to respond\)\)$/);
        return true;
      });
    } finally {
      await s.stop();
    }
  });

  it('unreachable instruments: one line each naming the host field, host:port and the error', async () => {
    const [p1, p2] = [await freePort(), await freePort()];
    const cfg = { modbus: { host: '127.0.0.1', port: p1, timeoutMs: 500, coils: { connected: 0, s2: 1 }, inputs: { contactor: { discreteInput: 0 } } }, scpi: { host: '127.0.0.1', port: p2, timeoutMs: 500 } };
    await assert.rejects(openBenchEvPort(cfg, RIG, 10, undefined), (e: Error) => {
      assert.ok(e instanceof ConfigError);
      assert.equal(e.lines.length, 2);
      assert.match(e.lines[0], new RegExp(`^${RIG}: bench\\.pilot\\.modbus\\.host: the Modbus TCP instrument at 127\\.0\\.0\\.1:${p1} is unreachable: .*ECONNREFUSED`));
      assert.match(e.lines[1], new RegExp(`^${RIG}: bench\\.pilot\\.scpi\\.host: the SCPI instrument at 127\\.0\\.0\\.1:${p2} is unreachable: .*ECONNREFUSED`));
      return true;
    });
  });
});

describe('nothing left', () => {
  it('no sockets or servers after every port and instrument closed', async () => {
    assert.equal(await tcpHandles(), baseline);
  });
  it('the simulated instruments no longer listen after stop()', async () => {
    const s = await setup();
    const { modbus, scpi } = s.bench;
    assert.ok(await listening(modbus.port));
    await s.stop();
    assert.equal(await listening(modbus.port), false);
    assert.equal(await listening(scpi.port), false);
  });
});
