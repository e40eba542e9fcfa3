/**
 * The reference pilot SUTs: an EVSE pilot controller (contactor, current limit, diode check, PP cable limit)
 * and an EV with an on-board charger. They meet the harness only through a pilot line port and share no code
 * with the harness roles (src/iec61851/roles). CONTRACT — implementation owned by the reference-SUT helper.
 */
import type { EvPort, EvsePort } from '../../iec61851/line/types';

export interface ReferencePilotOptions {
  /** Fault names of this SUT's catalogue (without the catalogue prefix). */
  faults: string[];
  variant: 'default' | 'alt';
  /** Its internal delays and limits run at this scale (0.2 on the reference rig). */
  timeScale: number;
}

/**
 * What an operator or a bench driver can ask of the SUT beyond the pilot line (a button, a CSMS command, the
 * EV's battery management). The harness uses it only where a scenario says so ("the EVSE is asked to stop");
 * on a rig without such a driver those steps fail naming the action.
 */
export interface PilotOperator {
  /** EVSE: stop the charge (seq 9: duty off / X1); EV: the EV ends the charge on its own (seq 7: S2 opens). */
  requestStop(): Promise<void>;
  /** EVSE: offer charging again; EV: the EV wants to charge again (S2 closes when allowed). */
  resume(): Promise<void>;
  /** EVSE: become unavailable (state F) or available again. */
  setUnavailable?(on: boolean): Promise<void>;
  /** EVSE: change the current it offers (seq 6: new duty). */
  setMaxCurrent?(currentA: number): Promise<void>;
}

export interface ReferencePilotSut {
  readonly operator: PilotOperator;
  stop(): Promise<void>;
}

export async function startReferenceEvse(port: EvsePort, opts: ReferencePilotOptions): Promise<ReferencePilotSut> {
  void port;
  void opts;
  throw new Error('reference EVSE: not written yet');
}

export async function startReferenceEv(port: EvPort, opts: ReferencePilotOptions): Promise<ReferencePilotSut> {
  void port;
  void opts;
  throw new Error('reference EV: not written yet');
}
