/**
 * The reference pilot SUTs: an EVSE pilot controller (contactor, current limit, diode check, PP cable limit)
 * and an EV with an on-board charger. They meet the harness only through a pilot line port and share no code
 * with the harness roles (src/iec61851/roles). Two compliant configurations each ('default', 'alt'), declared
 * in fixtures/pics/reference{,-alt}/iec61851-{evse,ev}.json; named faults in faults.ts.
 */
export type { PilotOperator, ReferenceEvse, ReferenceEvseOptions, ReferencePilotOptions, ReferencePilotSut, SeenEvState } from './types';
export { EVSE_PROFILES, startReferenceEvse } from './evse';
export { EV_PROFILES, startReferenceEv } from './ev';
