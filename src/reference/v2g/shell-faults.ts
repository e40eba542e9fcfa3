/** Faults of the reference V2G shells (transport, SDP, V2GTP, TLS, SupportedAppProtocol), unprefixed. Filled by the core slice. */
export const SECC_SHELL_FAULTS: Record<string, string> = {};
export const EVCC_SHELL_FAULTS: Record<string, string> = {};
