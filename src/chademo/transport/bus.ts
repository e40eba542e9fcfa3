/**
 * One end's CHAdeMO bus: its SocketCAN channel on the CHAdeMO interface (vcan0 on the simulated rig, can0 or an
 * adapter on a bench) and its end of the digital lines (side-channel frames on vcan1, or the bench IO module).
 * The harness end passes the scenario trace: its CAN frames (protocol `can`) and line changes (`chademo-line`)
 * are recorded there; a reference SUT's end passes none.
 */
import type { Trace } from '../../core/trace';
import type { CanChannel } from '../../transport/can/channel';
import { openSocketCan } from '../../transport/can/socketcan';
import { type SimulatedIoModule, simIoWiringProblems, startSimulatedIoModule } from '../../rig/chademo-io-sim';
import { ConfigError } from '../../core/errors';
import type { ChademoBus, ChademoLines } from '../types';
import { type ChademoBenchLinesConfig, openBenchLines } from './lines-bench';
import type { Side } from './lines-common';
import { openVcanLines } from './lines-vcan';

export type ChademoLinesConfig = { kind: 'vcan'; interface?: string } | ChademoBenchLinesConfig;

/** Defaults of the rig's `chademo` section. */
export const DEFAULT_CHADEMO_CAN = 'vcan0';
export const DEFAULT_CHADEMO_LINES = 'vcan1';

export interface ChademoBusOptions {
  side: Side;
  /** The CHAdeMO CAN interface (rig chademo.can.interface, default vcan0). */
  canInterface?: string;
  /** How the lines reach this end (rig chademo.lines, default side-channel frames on vcan1). */
  lines?: ChademoLinesConfig;
  /** The harness end's trace (none for a reference SUT). */
  trace?: Trace;
  /** The rig file, for configuration messages. */
  source?: string;
}

export interface OpenChademoBus extends ChademoBus {
  readonly side: Side;
  /** Closes the lines and the CAN socket. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens one end's bus. A simulated bench's lines (`chademo.lines.simulate`) start the simulated IO module first
 * (src/rig/chademo-io-sim.ts; its wiring is checked before any socket opens) and stop it with the bus.
 */
export async function openChademoBus(o: ChademoBusOptions): Promise<OpenChademoBus> {
  const cfg = o.lines ?? { kind: 'vcan' };
  const source = o.source ?? 'rig';
  const simulate = cfg.kind === 'bench' && cfg.simulate === true;
  if (simulate) {
    const problems = simIoWiringProblems(cfg, source);
    if (problems.length > 0) throw ConfigError.all(problems);
  }
  const can: CanChannel = openSocketCan(o.canInterface ?? DEFAULT_CHADEMO_CAN, { trace: o.trace, txQueueWaitMs: 20 });
  let lines: ChademoLines;
  let sim: SimulatedIoModule | undefined;
  try {
    if (cfg.kind === 'bench') {
      if (simulate) sim = await startSimulatedIoModule(cfg, o.side, source);
      lines = await openBenchLines(cfg, o.side, source, o.trace);
    } else lines = openVcanLines(cfg.interface ?? DEFAULT_CHADEMO_LINES, o.side, o.trace);
  } catch (e) {
    await sim?.stop();
    can.close();
    throw e;
  }
  let closed = false;
  return {
    side: o.side,
    can,
    lines,
    trace: o.trace,
    async close() {
      if (closed) return;
      closed = true;
      lines.close();
      await sim?.stop();
      can.close();
    },
  };
}
