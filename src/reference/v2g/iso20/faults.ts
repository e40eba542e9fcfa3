/** Faults of the reference iso20 modules (names prefixed `iso20-`), each aimed at one behaviour. Filled by the iso20 slice. */
export const ISO20_SECC_FAULTS: Record<string, string> = {};
export const ISO20_EVCC_FAULTS: Record<string, string> = {};
