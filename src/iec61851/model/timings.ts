/**
 * IEC 61851-1 Annex A timing limits that decide verdicts, with where each value came from. The standard's
 * text was not available: values are those open EVSE stacks cite from its sequence table, cross-checked in
 * several (data/PROVENANCE.md: can/FACTS.md of the steering reference). Every limit can be overridden in the rig
 * (`timeouts.iec61851.<name>`, in ms of the SUT's real time) and is scaled by the pilot time scale on rigs
 * whose SUT runs compressed (the reference rig).
 */

export interface PilotLimitDef {
  /** Milliseconds of real (uncompressed) time. */
  ms: number;
  /** Annex A sequence or timer the limit belongs to. */
  sequence: string;
  meaning: string;
  source: string;
}

const OPEN_STACKS = 'IEC 61851-1 Annex A as cited by open EVSE stacks (EVerest state machine; FACTS.md, IEC 61851-1 section)';

export const PILOT_LIMITS = {
  /** Seq 4 B2→C2: the EVSE closes the contactor within 3 s of the EV closing S2. */
  powerOnAfterC: { ms: 3_000, sequence: 'A 4', meaning: 'EVSE supplies power after B2→C2', source: OPEN_STACKS },
  /** Seq 8.1 C2→B2: the EVSE opens the contactor within 100 ms of the EV opening S2. */
  powerOffAfterB: { ms: 100, sequence: 'A 8.1', meaning: 'EVSE removes power after C2→B2', source: OPEN_STACKS },
  /** Seq 2.2 unplug at C/D: power off (same bound as 8.1). */
  powerOffAfterUnplug: { ms: 100, sequence: 'A 2.2', meaning: 'EVSE removes power after unplug under load', source: OPEN_STACKS },
  /** Seq 10.1: the EV reacts to a stop request (PWM off / X1) by opening S2 within 3 s. */
  evStopReaction: { ms: 3_000, sequence: 'A 10.1', meaning: 'EV opens S2 after the EVSE requests a stop', source: OPEN_STACKS },
  /** Seq 10.2: the EV does not react: the EVSE opens the contactor under load after 6 s (no earlier than the EV's 3 s). */
  forcedOffAfterStop: { ms: 6_000, sequence: 'A 10.2', meaning: 'EVSE forces power off when the EV ignores a stop request', source: OPEN_STACKS },
  /** Seq 6: the EV follows a duty (current limit) change within 5 s. */
  evFollowsDuty: { ms: 5_000, sequence: 'A 6', meaning: 'EV current within the new limit after a duty change', source: OPEN_STACKS },
  /** T_step_X1: the EVSE may hold X1 (no PWM) this long before switching PWM on. */
  stepX1: { ms: 3_000, sequence: 'T_step_X1', meaning: 'EVSE switches PWM on after plug-in', source: `${OPEN_STACKS}; ISO 15118-3 timer name` },
  /** Error handling: the EVSE opens the contactor within this bound after state E or a diode fault (same bound as 8.1). */
  powerOffAfterError: { ms: 100, sequence: 'A 12', meaning: 'EVSE removes power on an error (E, diode fault)', source: OPEN_STACKS },
  /** PWM is updated at most every 5 s. */
  minDutyUpdateInterval: { ms: 5_000, sequence: 'A 6', meaning: 'minimum time between duty changes', source: OPEN_STACKS },
} as const satisfies Record<string, PilotLimitDef>;

export type PilotLimitName = keyof typeof PILOT_LIMITS;

/** Limits in wall-clock ms for one scenario: rig overrides (real-time ms) then the pilot time scale. */
export function pilotLimitsMs(scale: number, overrides: Partial<Record<string, number>> = {}): Record<PilotLimitName, number> {
  const out = {} as Record<PilotLimitName, number>;
  for (const [name, def] of Object.entries(PILOT_LIMITS) as [PilotLimitName, PilotLimitDef][]) {
    out[name] = Math.max(1, Math.round((overrides[name] ?? def.ms) * scale));
  }
  return out;
}
