/** The harness as the EVSE; the SUT is an EV (CONTRACT — owned by the EVSE-role helper). */
import type { EvseDrive } from '../line/types';
import type { PilotRoleContext } from './context';

export class EvseRole {
  constructor(readonly ctx: PilotRoleContext<EvseDrive>) {}
}
