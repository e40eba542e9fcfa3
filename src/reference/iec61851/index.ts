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

export interface ReferencePilotSut {
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
