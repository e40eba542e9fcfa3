/** What a pilot role gets from the harness: its port on the line, the scenario trace, limits and the SUT's PICS. */
import type { Trace } from '../../core/trace';
import type { Pics } from '../../rig/pics';
import type { PilotPort } from '../line/types';
import type { PilotLimitName } from '../model/timings';

export interface PilotRoleContext<D> {
  port: PilotPort<D>;
  trace: Trace;
  /** Annex A limits in wall-clock ms for this rig (rig overrides, then the pilot time scale). */
  limitsMs: Record<PilotLimitName, number>;
  /** Bound for waits no Annex A limit covers (timeouts.iec61851.expect, scaled). */
  expectMs: number;
  /** Pilot time scale (1: real time, reference rig included; below 1 only on a rig whose SUT compresses time). */
  scale: number;
  /** The SUT's PICS for this protocol and side (undefined: none declared; a step needing a value fails naming it). */
  pics: Pics | undefined;
  /** Where the PICS came from, for messages. */
  picsSource: string;
}
