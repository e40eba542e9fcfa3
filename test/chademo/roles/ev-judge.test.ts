/**
 * The harness EV's verdicts (src/chademo/roles/ev*.ts) against small chargers written here, each misbehaving
 * in one way (the known defects of issue #15 and the bus cases), on a LoopbackCanBus with the side-channel
 * lines: a compliant one passes the whole sequence; each defect is caught with a verdict naming it, quickly
 * (never a hang: every wait is bounded by the scaled limits).
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Trace } from '../../../src/core/trace';
import { VerdictError } from '../../../src/core/errors';
import { CyclicSender } from '../../../src/chademo/framing/cyclic';
import { decodeChademo, encodeChademo } from '../../../src/chademo/framing/codec';
import { canLines } from '../../../src/chademo/transport/lines-vcan';
import { ChademoEvRole } from '../../../src/chademo/roles/ev';
import { expectGivesUp, expectRemainingTimeStop, expectStopsAndEnds } from '../../../src/chademo/roles/ev-expect';
import { CHADEMO_LIMITS, type ChademoLimitName, type ChademoLines, type ChademoRoleContext, type ChargerStatus, type EvStatus } from '../../../src/chademo/types';
import { LoopbackCanBus } from '../../../src/transport/can/loopback';

const SCALE = 0.25;

function limits(): Record<ChademoLimitName, number> {
  const out = {} as Record<ChademoLimitName, number>;
  for (const [k, l] of Object.entries(CHADEMO_LIMITS) as [ChademoLimitName, { value: number }][]) out[k] = k.endsWith('Ms') && k !== 'cycleToleranceMs' ? l.value * SCALE : l.value;
  return out;
}

/** What the small charger gets wrong (each one the defect a test shows). */
interface Misbehaviour {
  firstZeros?: boolean;
  chargingWithStopControl?: boolean;
  ignoresStop?: boolean;
  noTimeouts?: boolean;
  dlc5?: boolean;
  unknownId?: boolean;
  silentAfterD1?: boolean;
  floods?: boolean;
  aboveRequestA?: number;
  noInsulationTest?: boolean;
  dropsD2Early?: boolean;
}

/** A minimal CHAdeMO charger: d1, lock, insulation test, d2, charging at the request, stop, end. */
class SmallCharger {
  private ev: EvStatus | undefined;
  private readonly st: ChargerStatus = {
    protocolNumber: 2, presentVoltageV: 0, presentCurrentA: 0, dischargeCompatible: false, remainingTime10s: 60, remainingTimeMin: 10,
    status: { charging: false, malfunction: false, connectorLocked: false, batteryIncompatible: false, systemMalfunction: false, stopControl: true },
  };
  private phase: 'idle' | 'wait-k' | 'testing' | 'd2' | 'charging' | 'stopping' | 'over' = 'idle';
  private sent108 = 0;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly L = limits();

  constructor(
    private readonly can: ReturnType<LoopbackCanBus['open']>,
    private readonly lines: ChademoLines,
    private readonly m: Misbehaviour,
  ) {
    can.onFrame((f) => {
      if (f.id !== 0x102) return;
      const msg = decodeChademo(f, '1.0');
      if (msg.name === 'evStatus') this.ev = msg.value;
      this.step();
    });
    lines.onChange(() => this.step());
  }

  private after(ms: number, fn: () => void): void {
    this.timers.push(setTimeout(fn, ms));
  }

  start(): void {
    this.lines.set('d1', true);
    this.phase = 'wait-k';
    if (this.m.silentAfterD1) return;
    this.tick();
    this.timers.push(setInterval(() => this.tick(), this.L.cyclePeriodMs));
    if (this.m.floods) this.timers.push(setInterval(() => this.can.send(encode({ name: 'chargerStatus', value: this.st })), 1));
    if (!this.m.noTimeouts) this.after(this.L.kAfterD1Ms, () => this.phase === 'wait-k' && this.end());
  }

  private tick(): void {
    const zeros = this.m.firstZeros && this.sent108++ < 3;
    const params = { name: 'chargerParams' as const, value: { weldingDetection: true, availableVoltageV: 500, availableCurrentA: 100, thresholdVoltageV: 420 } };
    this.can.send(zeros ? { id: 0x108, data: new Uint8Array(8) } : encode(params));
    this.st.presentVoltageV = Math.round(this.lines.inletVoltageV());
    const status = structuredClone(this.st);
    if (this.m.chargingWithStopControl && status.status.charging) status.status.stopControl = true;
    const f = encode({ name: 'chargerStatus', value: status });
    this.can.send(this.m.dlc5 ? { id: 0x109, data: f.data.slice(0, 5) } : f);
    if (this.m.unknownId) this.can.send({ id: 0x10a, data: new Uint8Array(8) });
  }

  private step(): void {
    const ev = this.ev;
    const k = this.lines.get('k');
    if (this.phase === 'wait-k' && k && ev?.status.chargingEnabled) {
      this.phase = 'testing';
      this.lines.set('lock', true);
      this.st.status.connectorLocked = true;
      if (!this.m.noInsulationTest) this.lines.setInletVoltage(500);
      this.after(30, () => {
        this.lines.setInletVoltage(0);
        this.after(10, () => this.lines.set('d2', true));
        this.phase = 'd2';
      });
      return;
    }
    const stop = !k || !ev?.status.chargingEnabled;
    if (this.phase === 'd2' && ev && !ev.status.contactorOpen && ev.currentRequestA > 0 && !stop) {
      this.phase = 'charging';
      Object.assign(this.st.status, { charging: true, stopControl: false });
    }
    if (this.phase === 'charging') {
      if (stop && this.m.ignoresStop) return; // holds its current
      if (stop) return this.beginStop();
      this.st.presentCurrentA = (ev?.currentRequestA ?? 0) + (this.m.aboveRequestA ?? 0);
    }
    if (this.phase === 'stopping' && (ev?.status.contactorOpen || this.m.dropsD2Early)) this.end();
  }

  private beginStop(): void {
    this.phase = 'stopping';
    this.st.presentCurrentA = 0;
    Object.assign(this.st.status, { charging: false, stopControl: true });
  }

  private end(): void {
    if (this.phase === 'over') return;
    this.phase = 'over';
    this.st.presentCurrentA = 0;
    Object.assign(this.st.status, { charging: false, stopControl: true, connectorLocked: false });
    this.lines.set('d2', false);
    this.lines.set('d1', false);
    this.after(5, () => this.lines.set('lock', false));
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
  }
}

function encode(msg: Parameters<CyclicSender['set']>[0]) {
  return encodeChademo(msg, '1.0');
}

async function setup(t: TestContext, m: Misbehaviour = {}) {
  const bus = new LoopbackCanBus({ delivery: 'microtask' });
  const lineBus = new LoopbackCanBus({ delivery: 'microtask' });
  const trace = new Trace();
  const evCan = bus.open('ev', { trace });
  const evLines = canLines(lineBus.open('ev-lines'), 'ev', trace);
  const chLines = canLines(lineBus.open('charger-lines'), 'charger');
  const charger = new SmallCharger(bus.open('charger'), chLines, m);
  const cleanups: (() => Promise<void> | void)[] = [];
  const ctx: ChademoRoleContext = {
    bus: { can: evCan, lines: evLines, trace }, trace, version: '1.0', limits: limits(), scale: SCALE, picsSource: 'test charger',
    pics: { versions: ['1.0'], weldingDetection: true, maxVoltageV: 500, maxCurrentA: 100 },
    onCleanup: (_n, fn) => cleanups.push(fn),
  };
  const role = new ChademoEvRole(ctx);
  t.after(async () => {
    charger.stop();
    for (const c of cleanups.reverse()) await c();
    evLines.close();
    chLines.close();
  });
  const start = async () => charger.start();
  return { role, charger, trace, start };
}

/** Runs `fn` and returns the verdict it fails with (asserting it fails with a VerdictError within `ms`). */
async function verdictOf(fn: () => Promise<unknown>, ms = 4000): Promise<VerdictError> {
  const t0 = Date.now();
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof VerdictError, `expected a verdict, got ${(e as Error).stack}`);
    assert.ok(Date.now() - t0 < ms, `verdict took ${Date.now() - t0} ms`);
    return e;
  }
  assert.fail('expected a failed verdict, the charger passed');
}

test('a compliant small charger passes the whole sequence, stop and end', async (t) => {
  const { role, start, trace } = await setup(t);
  await role.reach('charging', start);
  role.stop('102.5.0 cleared');
  await expectStopsAndEnds(role);
  role.judgeCycles();
  assert.ok(trace.frames.some((f) => f.protocol === 'chademo' && /figures: .*0x109 period p50/.test(f.summary ?? '')), 'cycle figures noted');
  assert.ok(trace.frames.some((f) => /request → 109.5.0/.test(f.summary ?? '')), 'reaction time noted');
});

test('first 0x108 all zeros: failed at once, quoting the frame', async (t) => {
  const { role, start } = await setup(t, { firstZeros: true });
  const v = await verdictOf(() => role.reach('charging', start));
  assert.match(v.message, /0x108 carries no real values .* first 0x108/);
  assert.match(v.message, /108#0000 000000000000/);
});

test('109.5.0 and 109.5.5 together while charging', async (t) => {
  const { role, start } = await setup(t, { chargingWithStopControl: true });
  const v = await verdictOf(async () => {
    await role.reach('charging', start);
    role.judgeCycles();
  });
  assert.match(v.message, /109\.5\.0 \(charging\) and 109\.5\.5 \(stop control\) set together/);
});

test("no reaction to the EV's stop: still delivering after rampDownMs, naming the limit and its source", async (t) => {
  const { role, start } = await setup(t, { ignoresStop: true });
  await role.reach('charging', start);
  role.stop('102.5.0 cleared');
  const v = await verdictOf(() => expectStopsAndEnds(role));
  assert.match(v.message, /still delivers 60 A .* rampDownMs = 125 ms \(FACTS\.md.*500 ms real time × time scale 0\.25\)/s);
});

test('no timeouts: a charger that waits for k for ever gets a timeout verdict after kAfterD1Ms + grace', async (t) => {
  const { role, start } = await setup(t, { noTimeouts: true });
  await role.reach('initialisation', start);
  role.withholdAction('k');
  const v = await verdictOf(() => expectGivesUp(role, 'kAfterD1Ms'));
  assert.match(v.message, /still waits .* missed kAfterD1Ms: d1 on, no timeout; limit kAfterD1Ms = 2000 ms/);
});

test('the compliant small charger gives up after kAfterD1Ms', async (t) => {
  const { role, start } = await setup(t);
  await role.reach('initialisation', start);
  role.withholdAction('k');
  await expectGivesUp(role, 'kAfterD1Ms');
});

test('current above the request', async (t) => {
  const { role, start } = await setup(t, { aboveRequestA: 15 });
  const v = await verdictOf(() => role.reach('charging', start));
  assert.match(v.message, /delivers 75 A, above the EV's request of 60 A/);
});

test('d2 without an insulation test', async (t) => {
  const { role, start } = await setup(t, { noInsulationTest: true });
  const v = await verdictOf(() => role.reach('charging', start));
  assert.match(v.message, /sets d2 without an insulation test/);
});

test('d2 dropped before the EV reports welding detection', async (t) => {
  const { role, start } = await setup(t, { dropsD2Early: true });
  await role.reach('charging', start);
  role.stop('102.5.0 cleared');
  const v = await verdictOf(() => expectStopsAndEnds(role));
  assert.match(v.message, /drops d2 .* before the EV reported welding detection \(102\.5\.3\)/);
});

test('malformed 0x109 (DLC 5): failed at once quoting the frame', async (t) => {
  const { role, start } = await setup(t, { dlc5: true });
  const v = await verdictOf(() => role.reach('charging', start));
  assert.match(v.message, /malformed CHAdeMO frame: DLC 5/);
  assert.match(v.message, /109#/);
});

test('unknown id 0x10A in the CHAdeMO range', async (t) => {
  const { role, start } = await setup(t, { unknownId: true });
  const v = await verdictOf(() => role.reach('charging', start));
  assert.match(v.message, /unknown id in the CHAdeMO range/);
  assert.match(v.message, /10A#/);
});

test('a charger silent after d1: a timeout verdict with the recent frames, no hang', async (t) => {
  const { role, start } = await setup(t, { silentAfterD1: true });
  const v = await verdictOf(() => role.reach('charging', start), 2000);
  assert.match(v.message, /no 0x108 from the charger|silent on CAN/);
  assert.match(v.message, /Recent frames/);
});

test('a flooding charger', async (t) => {
  const { role, start } = await setup(t, { floods: true });
  const v = await verdictOf(() => role.reach('charging', start));
  assert.match(v.message, /floods the bus: \d+ frames 0x109 within one cycle period/);
});

test('the EV opens its contactors under load (102.5.3): a charger holding its current is caught', async (t) => {
  const { role, start } = await setup(t);
  await role.reach('charging', start);
  role.stop('contactors open');
  const v = await verdictOf(() => expectStopsAndEnds(role));
  assert.match(v.message, /after the stop \(contactors opened under load \(102\.5\.3\)\) the charger still delivers 60 A/);
});

test('silent on CAN, then talking again: a charger that ignored the silence and charges is caught', async (t) => {
  const { role, start, trace } = await setup(t);
  await role.reach('pre-charge', start);
  role.stop('silence, then talks');
  const v = await verdictOf(() => expectStopsAndEnds(role));
  assert.match(v.message, /after the stop \(CAN silence\) (the charger still delivers|0x109 still reports charging)/);
  assert.ok(trace.frames.some((f) => /EV talks on CAN again/.test(f.summary ?? '')), 'the EV talked again');
});

test('a charger without a remaining-time stop is caught once the declared maximum charging time ran out', async (t) => {
  const { role, start } = await setup(t);
  role.declareMaxChargingTime(10);
  await role.reach('charging', start);
  const v = await verdictOf(() => expectRemainingTimeStop(role), 6000);
  assert.match(v.message, /after the stop \(remaining time 0\) the charger still delivers 60 A/);
});
