/** Faults of the reference din modules (names prefixed `din-`), each aimed at one behaviour. Filled by the din slice. */
export const DIN_SECC_FAULTS: Record<string, string> = {};
export const DIN_EVCC_FAULTS: Record<string, string> = {};
