/**
 * The pilot line: the IEC 61851-1 "physical layer" between an EVSE and an EV, as a transport. Each end is a
 * port: it actuates its own side of the circuit (EVSE: oscillator, PWM duty, state F, contactor; EV: R2 via the
 * plug, S2/R3, ventilation R3, diode short, CP short to PE, PP resistor, current drawn) and observes the line
 * as its own instruments would (CP high/low level, PWM frequency and duty, PP resistance, contactor, current).
 *
 * Every timestamp is monotonic µs from src/core/clock.ts (`monoUs`), the one clock of every timing verdict:
 * an actuation is stamped when it takes effect on the line, an observation when this side's measurement was
 * taken. Implementations: the simulated line (line/simulated.ts: the reference SUT and the harness meet only
 * through it, with latency and noise) and the bench line (line/bench/: Modbus TCP + SCPI instruments).
 */
import type { Trace } from '../../core/trace';

export type PilotSide = 'ev' | 'evse';

/** What the EVSE drives onto the line. */
export interface EvseDrive {
  /** PWM on (X2/Y2). Off: a steady level (+12 V, or −12 V in state F). */
  pwm: boolean;
  /** Duty cycle in percent while pwm is on. */
  dutyPct: number;
  /** PWM frequency while pwm is on (nominal 1000 Hz). */
  frequencyHz: number;
  /** State F: the oscillator holds −12 V (EVSE not available). Overrides pwm. */
  stateF: boolean;
  /** Mains contactor closed: power at the EV inlet. */
  contactor: boolean;
}

/** What the EV (or the EV emulator of a bench) puts on the line. */
export interface EvDrive {
  /** Plugged in: the EV's diode + R2 (2.74 kΩ) are on CP (state B, or A when false). */
  connected: boolean;
  /** S2 closed: R3 (1.3 kΩ) in parallel → state C. */
  s2: boolean;
  /** With s2: R3 is the ventilation value (270 Ω) → state D. */
  ventilation: boolean;
  /** The EV's CP diode is shorted (the EVSE's diode check must catch it). */
  diodeShorted: boolean;
  /** CP shorted to PE → 0 V (state E). */
  cpShortToPe: boolean;
  /** The cable's PP resistor in ohms (null: no cable / PP open). */
  ppOhms: number | null;
  /** Current the EV draws per phase in A (flows only while the contactor is closed and the EV is connected). */
  currentA: number[];
  /** R2 in ohms when it is not the standard 2.74 kΩ (a faulty EV, a bench's resistor decade); absent: 2740. */
  r2Ohms?: number;
}

/** One measurement of the line as one side sees it. */
export interface PilotObservation {
  /** Monotonic µs (monoUs) when the measurement was taken. */
  tUs: number;
  /** CP level during the high part of the PWM (or the steady level without PWM), volts. */
  cpHighV: number;
  /** CP level during the low part of the PWM (−12 V with a healthy diode), volts; equals cpHighV without PWM. */
  cpLowV: number;
  /** PWM frequency in Hz; 0 without PWM. */
  frequencyHz: number;
  /** PWM duty in percent; 100 for a steady positive level, 0 for a steady negative or zero level. */
  dutyPct: number;
  /** PP resistance between PP and PE in ohms; null when open. */
  ppOhms: number | null;
  /** Power present at the EV inlet (contactor closed). */
  contactorClosed: boolean;
  /** Current flowing per phase, A. */
  currentA: number[];
  /** Bench lines: how far tUs may be from the true instant (half the instrument round trip), µs. */
  uncertaintyUs?: number;
}

export interface PilotPort<D> {
  readonly side: PilotSide;
  /** Channel name in the trace, e.g. `pilot:sim` or `bench:192.168.0.20:502`. */
  readonly name: string;
  /** What this side last commanded (not what was measured). */
  commanded(): Readonly<D>;
  /**
   * Changes this side's drive. Resolves with the monoUs stamp at which the change took effect on the line
   * (after the line's actuation latency; on a bench, when the instrument acknowledged the write).
   * Rejects (EvcError naming the action) when the line cannot do it (instrument not answering, closed line).
   */
  actuate(change: Partial<D>, why?: string): Promise<number>;
  /** The most recent observation delivered to this side. */
  latest(): PilotObservation;
  /**
   * Resolves with the first observation at or after now for which `pred` holds (tUs = when that measurement
   * was taken). Bounded: rejects with PilotTimeoutError naming `what` and the last observation after timeoutMs.
   */
  waitFor(pred: (o: PilotObservation) => boolean, timeoutMs: number, what: string): Promise<PilotObservation>;
  /** Every observation delivered to this side (simulated: each change and each sample; bench: each poll). */
  subscribe(fn: (o: PilotObservation) => void): () => void;
  /**
   * The harness side records into the scenario trace (protocol `iec61851`): each actuation as `tx`, each
   * observed change of state/duty/frequency/PP/contactor/current as `rx`, with the monoUs stamp in `decoded`.
   * Reference SUT ports are not traced. `undefined` stops recording.
   */
  useTrace(trace: Trace | undefined): void;
  close(): Promise<void>;
}

export type EvPort = PilotPort<EvDrive>;
export type EvsePort = PilotPort<EvseDrive>;

export interface PilotLine {
  readonly ev: EvPort;
  readonly evse: EvsePort;
  close(): Promise<void>;
}

/** Drive values at power-up: EVSE idle at +12 V steady, EV unplugged. */
export const EVSE_IDLE: EvseDrive = { pwm: false, dutyPct: 100, frequencyHz: 1000, stateF: false, contactor: false };
export const EV_UNPLUGGED: EvDrive = { connected: false, s2: false, ventilation: false, diodeShorted: false, cpShortToPe: false, ppOhms: null, currentA: [0, 0, 0] };
