/** The simulated pilot line (CONTRACT — implementation owned by the pilot-model helper). */
import type { PilotLine } from './types';

export interface SimulatedLineOptions {
  /** Channel name in traces. */
  name?: string;
  /** Delay between an actuate() call and its effect on the line, µs. */
  actuationLatencyUs?: number;
  /** Delay between a change on the line and its observation by each side, µs. */
  measurementLatencyUs?: number;
  /** Standard deviation of the voltage noise on each observation, V. */
  noiseV?: number;
  /** Observations are also delivered every this many µs while nothing changes (0: only on change). */
  samplePeriodUs?: number;
}

export function createSimulatedLine(opts: SimulatedLineOptions = {}): PilotLine {
  void opts;
  throw new Error('simulated pilot line: not written yet');
}
