/**
 * OCPP version and security profile: protocol facts shared by the harness roles (src/ocpp), the rig's SUT
 * descriptions (src/rig) and the reference SUTs.
 */

export type OcppVersion = '1.6' | '2.0.1' | '2.1';
export type SecurityProfile = 0 | 1 | 2 | 3;
