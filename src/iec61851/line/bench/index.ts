/** The bench pilot line: the EV side of a real bench over Modbus TCP + SCPI (CONTRACT — owned by the bench helper). */
import type { Trace } from '../../../core/trace';
import type { EvPort } from '../types';

/** `bench.pilot` of the rig config (schemas/rig.schema.json); the bench helper defines its shape. */
export type BenchPilotConfig = Record<string, unknown>;

export async function openBenchEvPort(config: BenchPilotConfig, source: string, pollMs: number, trace: Trace): Promise<EvPort> {
  void config;
  void source;
  void pollMs;
  void trace;
  throw new Error('bench pilot line: not written yet');
}
