/**
 * The reference CHAdeMO SUTs: a charger and an EV, each a separate program meeting the harness only through its
 * bus end (CAN frames and digital lines); they share no code with the harness roles (src/chademo/roles). Two
 * compliant configurations each ('default', 'alt'); named faults in faults.ts, catalogues in catalogue.ts.
 */
export type { ReferenceChademoOptions, ReferenceCharger, ReferenceEv } from './types';
export { CHARGER_PROFILES } from './charger-frames';
export { EV_PROFILES } from './ev-frames';
export { startReferenceCharger } from './charger';
export { startReferenceEv } from './ev';
export { CHARGER_CATALOGUE, EV_CATALOGUE, registerChademoCatalogues } from './catalogue';
