/** Named faults of the reference pilot SUTs (OWNED BY THE REFERENCE-SUT HELPER: fill in). */
export const EVSE_FAULTS: Record<string, string> = {};
export const EV_FAULTS: Record<string, string> = {};
