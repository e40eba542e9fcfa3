/**
 * BenchEvPort: the EV side of a real bench as an EvPort (line/types.ts). Actuations write the EV emulator's
 * relays (coils) and load / PP registers over Modbus TCP; observations come from polling every pollMs: the
 * Modbus inputs (CP ADC, contactor, power meter) and the SCPI instrument (PWM frequency and duty; CP levels when
 * the ADC is not wired) are read concurrently, and the observation is stamped at the midpoint of the whole
 * poll (first request sent → last response received), with uncertaintyUs = half that span.
 *
 * An actuation resolves with the monoUs stamp at which the instrument acknowledged its last write; the change
 * took effect somewhere in [sent, acknowledged] of that write: `lastActuation()` gives that interval and its
 * uncertainty (the trace's iec61851 `tx` carries it too). Writes are ordered like a person at a bench would
 * switch: whatever turns off first, last-first (load off, S2 open, … unplug, PP open), then whatever turns on
 * (PP, plug-in, … S2, load).
 *
 * A failing instrument (no answer within its timeoutMs, connection lost) rejects the pending actuate() and every
 * pending waitFor() with the instrument's error (it names the instrument and the request) and stops the polls;
 * the port is dead from then on. close() closes both sockets and the poll timer.
 */
import { monoUs } from '../../../core/clock';
import type { Trace } from '../../../core/trace';
import { describeObservation, PilotLineError } from '../errors';
import { ObservationHub } from '../observations';
import { describeActuation, PilotTraceRecorder } from '../trace-recorder';
import { type EvDrive, EV_UNPLUGGED, type EvPort, type PilotObservation } from '../types';
import { type BenchPilotConfig, FIELD, scpiCommand } from './config';
import { type ModbusInstrument, type RegisterTable, type Timed } from './modbus';
import { SCPI_OVERRANGE, type ScpiInstrument } from './scpi';

/** When and how precisely the last actuation took effect (monoUs). */
export interface BenchActuation {
  change: Partial<EvDrive>;
  /** The last write was handed to the socket. */
  sentUs: number;
  /** The instrument acknowledged it: the stamp actuate() resolved with. */
  ackUs: number;
  /** ackUs − sentUs: the change took effect at most this long before ackUs. */
  uncertaintyUs: number;
}

interface Write {
  key: keyof EvDrive;
  on: boolean;
  run: () => Promise<Timed<void>>;
}

/** Consecutive registers of one table read in one request, and which value each one is. */
interface RegisterRead {
  table: RegisterTable;
  address: number;
  slots: { key: string; scale: number; signed: boolean }[];
  field: string;
}

/** The order a bench switches things on (off: the reverse). */
const ORDER: readonly (keyof EvDrive)[] = ['ppOhms', 'connected', 'diodeShorted', 'cpShortToPe', 'ventilation', 's2', 'currentA'];

const COIL_OF: Partial<Record<keyof EvDrive, 'connected' | 's2' | 'ventilation' | 'diodeShort' | 'cpShortToPe'>> = {
  connected: 'connected',
  s2: 's2',
  ventilation: 'ventilation',
  diodeShorted: 'diodeShort',
  cpShortToPe: 'cpShortToPe',
};

export class BenchEvPort implements EvPort {
  readonly side = 'ev' as const;
  readonly name: string;
  private drive: EvDrive = structuredClone(EV_UNPLUGGED);
  private last_: BenchActuation | undefined;
  private failure: Error | undefined;
  private closed = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private actChain: Promise<unknown> = Promise.resolve();
  private readonly hub: ObservationHub;
  private readonly recorder: PilotTraceRecorder;
  private readonly reads: RegisterRead[];

  constructor(
    private readonly cfg: BenchPilotConfig,
    private readonly modbus: ModbusInstrument,
    private readonly scpi: ScpiInstrument,
    private readonly pollMs: number,
  ) {
    this.name = `bench:${modbus.host}:${modbus.port}`;
    this.recorder = new PilotTraceRecorder('ev', this.name);
    this.reads = planReads(cfg);
    this.hub = new ObservationHub(this.name, { tUs: monoUs(), cpHighV: 0, cpLowV: 0, frequencyHz: 0, dutyPct: 0, ppOhms: null, contactorClosed: false, currentA: [], uncertaintyUs: 0 }, this.recorder);
  }

  commanded(): Readonly<EvDrive> {
    return this.drive;
  }

  latest(): PilotObservation {
    return this.hub.latest;
  }

  /** The last actuation's acknowledgement interval (undefined before the first one). */
  lastActuation(): BenchActuation | undefined {
    return this.last_;
  }

  useTrace(trace: Trace | undefined): void {
    this.modbus.useTrace(trace);
    this.scpi.useTrace(trace);
    this.recorder.use(trace);
    if (trace) this.recorder.observation(this.hub.latest);
  }

  subscribe(fn: (o: PilotObservation) => void): () => void {
    return this.hub.subscribe(fn);
  }

  actuate(change: Partial<EvDrive>, why?: string): Promise<number> {
    const next = this.actChain.then(() => this.doActuate(change, why));
    this.actChain = next.catch(() => undefined);
    return next;
  }

  waitFor(pred: (o: PilotObservation) => boolean, timeoutMs: number, what: string): Promise<PilotObservation> {
    if (this.closed) return Promise.reject(new PilotLineError(`${this.name}: cannot wait for ${what}: the bench line is closed`));
    if (this.failure) return Promise.reject(new PilotLineError(`${this.name}: cannot wait for ${what}: ${this.failure.message}`));
    return this.hub.waitFor(pred, timeoutMs, what);
  }

  /** Puts the emulator in a known state (EV unplugged, no load), takes the first observation and starts polling. */
  async start(): Promise<void> {
    const m = this.cfg.modbus;
    const reset: Partial<EvDrive> = { s2: false, connected: false };
    if (m.load) reset.currentA = [0, 0, 0];
    if (m.coils.ventilation !== undefined) reset.ventilation = false;
    if (m.coils.diodeShort !== undefined) reset.diodeShorted = false;
    if (m.coils.cpShortToPe !== undefined) reset.cpShortToPe = false;
    if (m.pp) reset.ppOhms = null;
    await this.writeAll(reset, true);
    this.deliver(await this.pollOnce());
    this.schedule();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    const closedError = new PilotLineError(`${this.name}: the bench line closed`);
    this.hub.close(() => closedError);
    await Promise.all([this.modbus.close(), this.scpi.close()]);
    await this.polling?.catch(() => undefined);
    this.recorder.use(undefined);
  }

  private async doActuate(change: Partial<EvDrive>, why?: string): Promise<number> {
    const action = describeActuation('ev', change);
    if (this.closed) throw new PilotLineError(`${this.name}: cannot do '${action}': the bench line is closed`);
    if (this.failure) throw new PilotLineError(`${this.name}: cannot do '${action}': ${this.failure.message}`);
    try {
      const last = await this.writeAll(change, false);
      this.drive = { ...this.drive, ...structuredClone(change) };
      const ackUs = last?.ackUs ?? monoUs();
      const sentUs = last?.sentUs ?? ackUs;
      this.last_ = { change, sentUs, ackUs, uncertaintyUs: ackUs - sentUs };
      this.recorder.actuation(change, ackUs, `${why ? `${why}; ` : ''}acknowledged ${ackUs} µs, took effect within ${ackUs - sentUs} µs before`);
      return ackUs;
    } catch (e) {
      const err = e instanceof PilotLineError ? e : new PilotLineError(`${this.name}: cannot do '${action}': ${(e as Error).message}`);
      if (!(e instanceof PilotLineError)) this.fail(err);
      throw err;
    }
  }

  /** Writes every field of `change` (offs last-first, then ons); `all` also writes what is unchanged. */
  private async writeAll(change: Partial<EvDrive>, all: boolean): Promise<Timed<void> | undefined> {
    const writes = this.plan(change, all);
    let last: Timed<void> | undefined;
    for (const w of [...writes.filter((x) => !x.on).reverse(), ...writes.filter((x) => x.on)]) last = await w.run();
    return last;
  }

  /** The writes for a change; throws PilotLineError naming the field when the bench is not wired for it. */
  private plan(change: Partial<EvDrive>, all: boolean): Write[] {
    const m = this.cfg.modbus;
    const writes: Write[] = [];
    const problems: string[] = [];
    for (const key of Object.keys(change) as (keyof EvDrive)[]) {
      if (!ORDER.includes(key)) problems.push(`the bench has no actuation for '${key}' (wire it as one of ${ORDER.join(', ')})`);
    }
    for (const key of ORDER) {
      if (!(key in change)) continue;
      const value = change[key];
      if (!all && JSON.stringify(value) === JSON.stringify(this.drive[key])) continue;
      const coilName = COIL_OF[key];
      if (coilName) {
        const address = m.coils[coilName];
        const field = `${FIELD}.modbus.coils.${coilName}`;
        if (address === undefined) {
          if (value) problems.push(`${field} is not configured: the bench cannot switch '${key}'`);
          continue;
        }
        writes.push({ key, on: value === true, run: () => this.modbus.writeCoil(address, value === true, field) });
      } else if (key === 'ppOhms') this.planPp(value as number | null, writes, problems);
      else if (key === 'currentA') this.planLoad(value as number[], writes, problems);
    }
    if (problems.length > 0) throw new PilotLineError(`${this.name}: cannot do '${describeActuation('ev', change)}': ${problems.join('; ')}`);
    return writes;
  }

  private planPp(ohms: number | null, writes: Write[], problems: string[]): void {
    const pp = this.cfg.modbus.pp;
    if (!pp) {
      if (ohms !== null) problems.push(`${FIELD}.modbus.pp is not configured: the bench cannot set a PP resistor`);
      return;
    }
    if (pp.register !== undefined) {
      const address = pp.register;
      const raw = ohms === null ? 0 : Math.round(ohms);
      if (raw > 0xffff || raw < 0) problems.push(`${FIELD}.modbus.pp.register cannot hold ${ohms} Ω`);
      writes.push({ key: 'ppOhms', on: ohms !== null, run: () => this.modbus.writeRegisters(address, [raw], `${FIELD}.modbus.pp.register`) });
      return;
    }
    const coils = Object.entries(pp.coils ?? {}).map(([k, address]) => ({ ohms: Number(k), address, field: `${FIELD}.modbus.pp.coils.${k}` }));
    const target = ohms === null ? undefined : coils.find((c) => Math.abs(c.ohms - ohms) <= 0.02 * c.ohms);
    if (ohms !== null && !target) {
      problems.push(`${FIELD}.modbus.pp.coils has no resistor of ${ohms} Ω (has ${coils.map((c) => c.ohms).join(', ') || 'none'})`);
      return;
    }
    // one write per coil: the others open, then the selected one closed
    for (const c of coils) {
      const on = c === target;
      writes.push({ key: 'ppOhms', on, run: () => this.modbus.writeCoil(c.address, on, c.field) });
    }
  }

  private planLoad(currentA: number[], writes: Write[], problems: string[]): void {
    const load = this.cfg.modbus.load;
    const field = `${FIELD}.modbus.load`;
    if (!load) {
      if (currentA.some((a) => a > 0)) problems.push(`${field} is not configured: the bench cannot draw current`);
      return;
    }
    const raws = load.registers.map((_, i) => Math.round((currentA[i] ?? 0) / load.scale));
    if (raws.some((r) => r < 0 || r > 0xffff)) problems.push(`${field}: ${currentA.join('/')} A does not fit the registers at scale ${load.scale}`);
    const on = currentA.some((a) => a > 0);
    // consecutive addresses in one write (function 16), others one by one
    let i = 0;
    while (i < load.registers.length) {
      let j = i + 1;
      while (j < load.registers.length && load.registers[j] === load.registers[j - 1] + 1) j++;
      const address = load.registers[i];
      const values = raws.slice(i, j);
      const f = `${field}.registers[${i}${j - i > 1 ? `..${j - 1}` : ''}]`;
      writes.push({ key: 'currentA', on, run: () => this.modbus.writeRegisters(address, values, f) });
      i = j;
    }
  }

  /** The next poll pollMs after the previous one started (at once when a poll took longer). */
  private schedule(delayMs = this.pollMs): void {
    if (this.closed || this.failure) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      const startedUs = monoUs();
      this.polling = this.pollOnce().then(
        (o) => {
          this.deliver(o);
          this.schedule(Math.max(0, this.pollMs - (monoUs() - startedUs) / 1000));
        },
        (e: unknown) => this.fail(e instanceof Error ? e : new Error(String(e))),
      );
    }, delayMs);
  }

  /** One poll of both instruments, concurrently; stamped at the midpoint of the whole exchange. */
  private async pollOnce(): Promise<PilotObservation> {
    const ppOhms = this.drive.ppOhms; // the PP resistor is what the bench switched in (acknowledged before this poll)
    const [mb, sc] = await Promise.all([this.readModbus(), this.readScpi()]);
    const stamps = [...mb.stamps, ...sc.stamps];
    const from = Math.min(...stamps.map((s) => s.sentUs));
    const to = Math.max(...stamps.map((s) => s.ackUs));
    const v = { ...sc.values, ...mb.values };
    const frequencyHz = Number.isFinite(v.frequency) && v.frequency > 0 && v.frequency < SCPI_OVERRANGE ? v.frequency : 0;
    const cpHighV = v.cpHighV ?? v.vmax;
    const cpLowV = v.cpLowV ?? v.vmin;
    const measuredDuty = Number.isFinite(v.duty) && v.duty < SCPI_OVERRANGE ? Math.min(100, Math.max(0, v.duty)) : 0;
    const currentA = (this.cfg.modbus.inputs.currentA?.registers ?? []).map((_, i) => v[`current${i}`]);
    return {
      tUs: Math.round((from + to) / 2),
      uncertaintyUs: Math.round((to - from) / 2),
      cpHighV,
      cpLowV,
      frequencyHz,
      dutyPct: frequencyHz > 0 ? measuredDuty : cpHighV > 1 ? 100 : 0,
      ppOhms,
      contactorClosed: v.contactor === 1,
      currentA,
    };
  }

  private async readModbus(): Promise<{ values: Record<string, number>; stamps: Timed<unknown>[] }> {
    const values: Record<string, number> = {};
    const stamps: Timed<unknown>[] = [];
    for (const r of this.reads) {
      const res = await this.modbus.readRegisters(r.table, r.address, r.slots.length, r.field);
      r.slots.forEach((s, i) => {
        const raw = res.value[i] ?? 0;
        values[s.key] = (s.signed && raw >= 0x8000 ? raw - 0x10000 : raw) * s.scale;
      });
      stamps.push(res);
    }
    const c = this.cfg.modbus.inputs.contactor;
    const k = await this.modbus.readDiscreteInput(c.discreteInput, `${FIELD}.modbus.inputs.contactor`);
    values.contactor = k.value ? 1 : 0;
    stamps.push(k);
    return { values, stamps };
  }

  private async readScpi(): Promise<{ values: Record<string, number>; stamps: Timed<unknown>[] }> {
    const s = this.cfg.scpi;
    const names = ['frequency', 'duty'] as const;
    const levels = this.cfg.modbus.inputs.cpHighV && this.cfg.modbus.inputs.cpLowV ? [] : (['vmax', 'vmin'] as const);
    const values: Record<string, number> = {};
    const stamps: Timed<unknown>[] = [];
    for (const n of [...names, ...levels]) {
      const r = await this.scpi.queryNumber(scpiCommand(s, n), `${FIELD}.scpi.commands.${n}`);
      values[n] = r.value;
      stamps.push(r);
    }
    return { values, stamps };
  }

  private deliver(o: PilotObservation): void {
    if (!this.closed) this.hub.deliver(o);
  }

  private fail(e: Error): void {
    if (this.failure || this.closed) return;
    this.failure = e;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    this.hub.rejectAll((what) => new PilotLineError(`${this.name}: waiting for ${what}: ${e.message}; last observation: ${describeObservation(this.hub.latest)}`));
  }
}

/** Groups the register inputs into reads of consecutive addresses per table (at most 125 per read). */
function planReads(cfg: BenchPilotConfig): RegisterRead[] {
  const inp = cfg.modbus.inputs;
  const items: { table: RegisterTable; address: number; key: string; scale: number; signed: boolean; field: string }[] = [];
  for (const k of ['cpHighV', 'cpLowV'] as const) {
    const r = inp[k];
    if (r) items.push({ table: r.table ?? 'input', address: r.register, key: k, scale: r.scale, signed: r.signed ?? true, field: `${FIELD}.modbus.inputs.${k}` });
  }
  const cur = inp.currentA;
  cur?.registers.forEach((address, i) => items.push({ table: cur.table ?? 'input', address, key: `current${i}`, scale: cur.scale, signed: false, field: `${FIELD}.modbus.inputs.currentA.registers[${i}]` }));
  items.sort((a, b) => (a.table === b.table ? a.address - b.address : a.table < b.table ? -1 : 1));
  const reads: RegisterRead[] = [];
  for (const it of items) {
    const prev = reads[reads.length - 1];
    if (prev && prev.table === it.table && prev.address + prev.slots.length === it.address && prev.slots.length < 125) {
      prev.slots.push({ key: it.key, scale: it.scale, signed: it.signed });
      prev.field = `${prev.field} + ${it.field.replace(`${FIELD}.modbus.inputs.`, '')}`;
    } else reads.push({ table: it.table, address: it.address, slots: [{ key: it.key, scale: it.scale, signed: it.signed }], field: it.field });
  }
  return reads;
}
