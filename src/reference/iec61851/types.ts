/** Options and handles of the reference pilot SUTs (shared by the EVSE and the EV; no harness code). */

export interface ReferencePilotOptions {
  /** Fault names of this SUT's catalogue (without the catalogue prefix). */
  faults: string[];
  variant: 'default' | 'alt';
  /** Its internal delays and limits run at this scale (the harness's pilot time scale: 1 on the reference rig). */
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

/** What the EVSE controller makes of the CP level (F: it reads a negative steady level, i.e. its own state F). */
export type SeenEvState = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

export interface ReferenceEvseOptions extends ReferencePilotOptions {
  /** 'free' (pilot scenarios): PWM for its max current as soon as an EV is in B. 'station': PWM only after allow(n). */
  mode?: 'free' | 'station';
  /** Overrides the variant's rated current (A). */
  maxCurrentA?: number;
  /** Overrides the variant's cable: socket outlet (reads PP) or tethered (rating tetheredCableA). */
  cable?: 'socket' | 'tethered';
  tetheredCableA?: number;
}

export interface ReferenceEvse extends ReferencePilotSut {
  /** Called on every change of what the controller sees of the EV; returns an unsubscribe function. */
  onEvState(fn: (s: SeenEvState) => void): () => void;
  evState(): SeenEvState;
  /** PWM for this current (cable limit still applies), or null: stop request (seq 9/10). */
  allow(currentA: number | null): void;
  contactorClosed(): boolean;
  /** State F (not available) on, or back to normal. */
  setUnavailable(on: boolean): void;
}
