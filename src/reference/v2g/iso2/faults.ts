/** Faults of the reference iso2 modules (names prefixed `iso2-`), each aimed at one behaviour. Filled by the iso2 slice. */
export const ISO2_SECC_FAULTS: Record<string, string> = {};
export const ISO2_EVCC_FAULTS: Record<string, string> = {};
