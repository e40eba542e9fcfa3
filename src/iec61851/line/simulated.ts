/**
 * The simulated pilot line: a circuit model of IEC 61851-1 Annex A's pilot (EVSE ±12 V oscillator behind
 * R1 = 1 kΩ; EV diode + R2 2.74 kΩ, R3 1.3 kΩ via S2, 270 Ω with ventilation) that the reference SUT and the
 * harness reach only through their ports. Every actuation takes effect after the actuation latency; every
 * change on the line is measured at the instant it happens (an edge-triggered instrument; `onChange: false`
 * models a polled one instead) and delivered to each side after the measurement latency, plus a periodic
 * sample every samplePeriodUs; each measurement carries Gaussian noise on the levels, duty and frequency.
 * Stamps are monoUs (src/core/clock.ts). Node timers fire at ≥ 1 ms, so sub-ms latencies come out as ~1 ms;
 * a latency of 0 applies/delivers in a microtask (deterministic, for unit tests).
 */
import { monoUs } from '../../core/clock';
import { PilotLineError } from './errors';
import { ObservationHub } from './observations';
import { describeActuation, PilotTraceRecorder } from './trace-recorder';
import { type EvDrive, type EvseDrive, EV_UNPLUGGED, EVSE_IDLE, type PilotLine, type PilotObservation, type PilotPort, type PilotSide } from './types';
import type { Trace } from '../../core/trace';

export { PilotLineError, PilotTimeoutError } from './errors';

export interface SimulatedLineOptions {
  /** Channel name in traces; the ports are `<name>:ev` and `<name>:evse` (default `pilot:sim`). */
  name?: string;
  /** Delay between an actuate() call and its effect on the line, µs (default 200). */
  actuationLatencyUs?: number;
  /** Delay between a measurement and its delivery to a side, µs (default 300). */
  measurementLatencyUs?: number;
  /** Standard deviation of the voltage noise on each observation, V (default 0.05). */
  noiseV?: number;
  /** Standard deviation of the duty noise while PWM is on, percentage points (default 0.02). */
  dutyNoisePct?: number;
  /** Standard deviation of the frequency noise while PWM is on, Hz (default 0.5). */
  frequencyNoiseHz?: number;
  /** Observations are also delivered every this many µs while nothing changes (0: only on change; default 5000). */
  samplePeriodUs?: number;
  /** Measure each change at the instant it happens (default true); false: only the periodic samples see it. */
  onChange?: boolean;
  /** Seed of the noise generator (default: random). */
  seed?: number;
}

/** Circuit values (IEC 61851-1 Annex A as cited in FACTS.md, section IEC 61851-1). */
export const CIRCUIT = {
  /** EVSE oscillator amplitude, V. */
  sourceV: 12,
  /** EVSE series resistor R1, Ω. */
  r1Ohms: 1000,
  /** EV R2 (state B), Ω. */
  r2Ohms: 2740,
  /** EV R3 switched by S2 (state C), Ω. */
  r3Ohms: 1300,
  /** EV R3 with ventilation (state D), Ω. */
  r3VentOhms: 270,
} as const;

/** The line's true (noise-free) condition, as a function of both drives. */
export interface LineTruth {
  cpHighV: number;
  cpLowV: number;
  frequencyHz: number;
  dutyPct: number;
  ppOhms: number | null;
  /** The EVSE's contactor is closed. */
  contactor: boolean;
  /** Power present at the EV inlet: contactor closed and the EV connected. */
  powerAtInlet: boolean;
  currentA: number[];
}

const parallel = (a: number, b: number): number => (a * b) / (a + b);
/** Voltage divider: source through R1 into `loadOhms` to PE (Infinity: open). */
const divide = (sourceV: number, loadOhms: number): number => (Number.isFinite(loadOhms) ? (sourceV * loadOhms) / (loadOhms + CIRCUIT.r1Ohms) : sourceV);

/**
 * The circuit: high level = 12·Rload/(Rload + R1) with Rload = R2 ∥ R3 (S2) as the EV connects; low level −12 V
 * through a healthy diode (it blocks), −12·Rload/(Rload + R1) with a shorted one; state F −12 V steady; CP
 * shorted to PE 0 V; no PWM (or duty 0/100) a steady level (duty 100 positive, 0 negative or zero, 0 Hz).
 */
export function lineTruth(evse: EvseDrive, ev: EvDrive): LineTruth {
  let load = Infinity;
  if (ev.connected) {
    load = ev.r2Ohms ?? CIRCUIT.r2Ohms;
    if (ev.s2) load = parallel(load, ev.ventilation ? CIRCUIT.r3VentOhms : CIRCUIT.r3Ohms);
  }
  const lowLoad = ev.connected && ev.diodeShorted ? load : Infinity;
  const high = divide(CIRCUIT.sourceV, load);
  const low = divide(-CIRCUIT.sourceV, lowLoad);
  let cp: Pick<LineTruth, 'cpHighV' | 'cpLowV' | 'frequencyHz' | 'dutyPct'>;
  const steady = (v: number) => ({ cpHighV: v, cpLowV: v, frequencyHz: 0, dutyPct: v > 0 ? 100 : 0 });
  if (ev.cpShortToPe) cp = steady(0);
  else if (evse.stateF) cp = steady(low);
  else if (!evse.pwm || evse.dutyPct >= 100) cp = steady(high);
  else if (evse.dutyPct <= 0) cp = steady(low);
  else cp = { cpHighV: high, cpLowV: low, frequencyHz: evse.frequencyHz, dutyPct: evse.dutyPct };
  const powerAtInlet = evse.contactor && ev.connected;
  return { ...cp, ppOhms: ev.ppOhms, contactor: evse.contactor, powerAtInlet, currentA: powerAtInlet ? [...ev.currentA] : ev.currentA.map(() => 0) };
}

function sameTruth(a: LineTruth, b: LineTruth): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** mulberry32 + Box–Muller: reproducible Gaussian noise for a seed. */
function gaussianSource(seed: number): () => number {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

const BOOL_KEYS: Record<PilotSide, readonly string[]> = { ev: ['connected', 's2', 'ventilation', 'diodeShorted', 'cpShortToPe'], evse: ['pwm', 'stateF', 'contactor'] };

/** Problems with an actuation (unknown field, wrong type, out-of-range value), one per field. */
function changeProblems(side: PilotSide, change: Record<string, unknown>): string[] {
  const out: string[] = [];
  const known = side === 'ev' ? Object.keys(EV_UNPLUGGED).concat('r2Ohms') : Object.keys(EVSE_IDLE);
  for (const [k, v] of Object.entries(change)) {
    if (!known.includes(k)) out.push(`unknown ${side.toUpperCase()} drive field '${k}' (known: ${known.join(', ')})`);
    else if (BOOL_KEYS[side].includes(k)) {
      if (typeof v !== 'boolean') out.push(`${k} must be true or false, not ${JSON.stringify(v)}`);
    } else if (k === 'dutyPct') {
      if (typeof v !== 'number' || !(v >= 0 && v <= 100)) out.push(`dutyPct must be 0..100, not ${JSON.stringify(v)}`);
    } else if (k === 'frequencyHz' || k === 'r2Ohms') {
      if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) out.push(`${k} must be a positive number, not ${JSON.stringify(v)}`);
    } else if (k === 'ppOhms') {
      if (v !== null && (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v))) out.push(`ppOhms must be null (open) or ohms ≥ 0, not ${JSON.stringify(v)}`);
    } else if (k === 'currentA') {
      if (!Array.isArray(v) || v.length < 1 || v.length > 3 || !v.every((a) => typeof a === 'number' && a >= 0 && Number.isFinite(a))) out.push(`currentA must be 1 to 3 currents ≥ 0 A, not ${JSON.stringify(v)}`);
    }
  }
  return out;
}

class SimulatedPort<D extends object> implements PilotPort<D> {
  readonly name: string;
  private commanded_: D;
  private closed = false;
  private readonly hub: ObservationHub;
  private readonly pendingActs = new Set<{ reject: (e: unknown) => void; action: string }>();
  private readonly recorder: PilotTraceRecorder;

  constructor(
    private readonly line: SimLine,
    readonly side: PilotSide,
    initial: D,
  ) {
    this.name = `${line.name}:${side}`;
    this.commanded_ = { ...initial };
    this.recorder = new PilotTraceRecorder(side, this.name);
    this.hub = new ObservationHub(this.name, line.measure(side), this.recorder);
  }

  commanded(): Readonly<D> {
    return this.commanded_;
  }

  actuate(change: Partial<D>, why?: string): Promise<number> {
    const action = describeActuation(this.side, change as Partial<EvDrive>);
    if (this.closed || this.line.closed) return Promise.reject(new PilotLineError(`${this.name}: cannot do '${action}': the pilot line is closed`));
    const problems = changeProblems(this.side, change as Record<string, unknown>);
    if (problems.length) return Promise.reject(new PilotLineError(`${this.name}: cannot do '${action}': ${problems.join('; ')}`));
    const copy = structuredClone(change);
    const before = this.commanded_;
    this.commanded_ = { ...this.commanded_, ...copy };
    return new Promise<number>((resolve, reject) => {
      const pending = { reject, action };
      this.pendingActs.add(pending);
      this.line.after(this.line.actuationLatencyUs, () => {
        this.pendingActs.delete(pending);
        if (this.closed) return reject(new PilotLineError(`${this.name}: '${action}' did not take effect: the port was closed`));
        const tUs = this.line.apply(this.side, copy);
        this.recorder.actuation(copy as Partial<EvDrive>, tUs, why, before);
        resolve(tUs);
      });
    });
  }

  latest(): PilotObservation {
    return this.hub.latest;
  }

  waitFor(pred: (o: PilotObservation) => boolean, timeoutMs: number, what: string): Promise<PilotObservation> {
    if (this.closed || this.line.closed) return Promise.reject(new PilotLineError(`${this.name}: cannot wait for ${what}: the pilot line is closed`));
    return this.hub.waitFor(pred, timeoutMs, what);
  }

  subscribe(fn: (o: PilotObservation) => void): () => void {
    return this.hub.subscribe(fn);
  }

  useTrace(trace: Trace | undefined): void {
    this.recorder.use(trace);
    if (trace) this.recorder.observation(this.hub.latest);
  }

  /** The line delivers one observation to this side. */
  deliver(o: PilotObservation): void {
    if (!this.closed) this.hub.deliver(o);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hub.close((what) => new PilotLineError(`${this.name}: the pilot line closed while waiting for ${what}`));
    for (const p of this.pendingActs) p.reject(new PilotLineError(`${this.name}: '${p.action}' did not take effect: the pilot line closed`));
    this.pendingActs.clear();
    this.recorder.use(undefined);
  }
}

class SimLine implements PilotLine {
  readonly name: string;
  readonly actuationLatencyUs: number;
  readonly measurementLatencyUs: number;
  closed = false;
  readonly ev: SimulatedPort<EvDrive>;
  readonly evse: SimulatedPort<EvseDrive>;
  private readonly drives: { ev: EvDrive; evse: EvseDrive } = { ev: structuredClone(EV_UNPLUGGED), evse: { ...EVSE_IDLE } };
  private truth: LineTruth;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly interval: NodeJS.Timeout | undefined;
  private readonly gauss: () => number;

  constructor(private readonly o: Required<Omit<SimulatedLineOptions, 'seed'>> & { seed: number }) {
    this.name = o.name;
    this.actuationLatencyUs = o.actuationLatencyUs;
    this.measurementLatencyUs = o.measurementLatencyUs;
    this.gauss = gaussianSource(o.seed);
    this.truth = lineTruth(this.drives.evse, this.drives.ev);
    this.ev = new SimulatedPort<EvDrive>(this, 'ev', EV_UNPLUGGED);
    this.evse = new SimulatedPort<EvseDrive>(this, 'evse', EVSE_IDLE);
    if (o.samplePeriodUs > 0) {
      this.interval = setInterval(() => this.sampleBoth(), Math.max(1, o.samplePeriodUs / 1000));
    }
  }

  /** Runs `fn` after `us` (0: in a microtask), unless the line closes first. */
  after(us: number, fn: () => void): void {
    if (us <= 0) {
      queueMicrotask(() => {
        if (!this.closed) fn();
      });
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) fn();
    }, us / 1000);
    this.timers.add(t);
  }

  /** Applies one side's change; returns its stamp; measures the line at once when it changed. */
  apply(side: PilotSide, change: object): number {
    if (side === 'ev') this.drives.ev = { ...this.drives.ev, ...(change as Partial<EvDrive>) };
    else this.drives.evse = { ...this.drives.evse, ...(change as Partial<EvseDrive>) };
    const tUs = monoUs();
    const next = lineTruth(this.drives.evse, this.drives.ev);
    const changed = !sameTruth(next, this.truth);
    this.truth = next;
    if (changed && this.o.onChange) this.sampleBoth(tUs);
    return tUs;
  }

  /** One measurement of the line as `side` sees it, taken at `tUs` (default now), with noise. */
  measure(side: PilotSide, tUs = monoUs()): PilotObservation {
    const t = this.truth;
    const pwm = t.frequencyHz > 0;
    const hi = t.cpHighV + this.o.noiseV * this.gauss();
    const lo = pwm ? t.cpLowV + this.o.noiseV * this.gauss() : hi;
    return {
      tUs,
      cpHighV: hi,
      cpLowV: lo,
      frequencyHz: pwm ? t.frequencyHz + this.o.frequencyNoiseHz * this.gauss() : 0,
      dutyPct: pwm ? Math.min(100, Math.max(0, t.dutyPct + this.o.dutyNoisePct * this.gauss())) : t.dutyPct,
      ppOhms: t.ppOhms,
      contactorClosed: side === 'ev' ? t.powerAtInlet : t.contactor,
      currentA: [...t.currentA],
    };
  }

  private sampleBoth(tUs = monoUs()): void {
    for (const port of [this.ev, this.evse] as SimulatedPort<object>[]) {
      const o = this.measure(port.side, tUs);
      this.after(this.measurementLatencyUs, () => port.deliver(o));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.interval) clearInterval(this.interval);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.ev.close();
    await this.evse.close();
  }

  /** Timers still pending (0 after close). */
  pendingTimers(): number {
    return this.timers.size + (this.interval && !this.closed ? 1 : 0);
  }
}

export interface SimulatedLine extends PilotLine {
  /** Timers the line still holds (0 after close: nothing leaks). */
  pendingTimers(): number;
}

export function createSimulatedLine(opts: SimulatedLineOptions = {}): SimulatedLine {
  const num = (v: number | undefined, d: number, what: string): number => {
    const x = v ?? d;
    if (!Number.isFinite(x) || x < 0) throw new PilotLineError(`simulated pilot line: ${what} must be a number ≥ 0, not ${v}`);
    return x;
  };
  return new SimLine({
    name: opts.name ?? 'pilot:sim',
    actuationLatencyUs: num(opts.actuationLatencyUs, 200, 'actuationLatencyUs'),
    measurementLatencyUs: num(opts.measurementLatencyUs, 300, 'measurementLatencyUs'),
    noiseV: num(opts.noiseV, 0.05, 'noiseV'),
    dutyNoisePct: num(opts.dutyNoisePct, 0.02, 'dutyNoisePct'),
    frequencyNoiseHz: num(opts.frequencyNoiseHz, 0.5, 'frequencyNoiseHz'),
    samplePeriodUs: num(opts.samplePeriodUs, 5000, 'samplePeriodUs'),
    onChange: opts.onChange ?? true,
    seed: opts.seed ?? Math.floor(Math.random() * 2 ** 32),
  });
}
