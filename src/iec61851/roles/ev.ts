/** The harness as the EV; the SUT is an EVSE (CONTRACT — owned by the EV-role helper). */
import type { EvDrive } from '../line/types';
import type { PilotRoleContext } from './context';

export class EvRole {
  constructor(readonly ctx: PilotRoleContext<EvDrive>) {}
}
