/**
 * Every V2G timer that decides a verdict, by name, with its default and where the value comes from. A rig
 * overrides any of them under `timeouts.v2g.<name>` (ms). On the reference rig the in-process SUTs run
 * time-compressed: a timer of 1 s or more is scaled by V2G_REFERENCE_SCALE and every effective limit is at
 * least REFERENCE_FLOOR_MS (the in-process SUTs share a loaded event loop: a 25 ms bound is a remote rig's
 * check, not the reference's); a real rig uses the values as they are (scale 1, no floor).
 * Sources: ISO 15118-2 / DIN 70121 / ISO 15118-20 timer tables as the open stacks implement them
 * (data/PROVENANCE.md, "V2G timers").
 */
export interface V2gTimer {
  /** Default in milliseconds. */
  ms: number;
  /** Which side is bound by it and what it bounds. */
  what: string;
}

export const V2G_TIMERS = {
  // EVCC side: how long the EVCC waits for a response (a SECC slower than this fails)
  evccMessage: { ms: 2_000, what: 'EVCC message timeout: DIN / -2 / -20 default response wait' },
  evccMessageLong: { ms: 5_000, what: 'EVCC message timeout for ServiceDetail, PaymentDetails, PowerDelivery (-2), CertificateInstallation/Update' },
  evccCurrentDemand: { ms: 250, what: 'EVCC message timeout for CurrentDemand (DIN, -2)' },
  evccChargeLoop20: { ms: 500, what: 'EVCC message timeout for the -20 AC/DC charge loop' },
  dinPowerDelivery: { ms: 2_000, what: 'DIN 70121 PowerDelivery response wait' },
  // SECC side: how fast a SECC must answer (performance), and how long it waits for the next request
  seccPerformance: { ms: 1_500, what: 'SECC performance time: default answer time' },
  seccPerformanceLong: { ms: 4_500, what: 'SECC performance time for ServiceDetail, PaymentDetails, CertificateInstallation/Update, PowerDelivery' },
  seccCurrentDemand: { ms: 25, what: 'SECC performance time for CurrentDemand' },
  seccChargeLoop20: { ms: 250, what: 'SECC performance time in the -20 charge loop' },
  seccSequence: { ms: 60_000, what: 'SECC sequence timeout: longest wait for the next request' },
  // session phases
  evccCommunicationSetup: { ms: 20_000, what: 'EVCC CommunicationSetup: plug-in to SessionSetupRes' },
  seccCommunicationSetup: { ms: 18_000, what: 'SECC CommunicationSetup: plug-in to SessionSetupReq' },
  evccOngoing: { ms: 60_000, what: 'EVCC Ongoing timeout (Authorization / ContractAuthentication / ChargeParameterDiscovery loops)' },
  seccOngoing: { ms: 55_000, what: 'SECC Ongoing timeout' },
  evccCableCheck: { ms: 40_000, what: 'EVCC CableCheck timeout' },
  seccCableCheck: { ms: 38_000, what: 'SECC CableCheck timeout' },
  evccPreCharge: { ms: 7_000, what: 'EVCC PreCharge timeout (DIN, -2)' },
  seccPreCharge: { ms: 5_000, what: 'SECC PreCharge timeout (DIN, -2)' },
  preCharge20: { ms: 10_000, what: 'PreCharge timeout (-20)' },
  // SDP and the pilot
  sdpRetryInterval: { ms: 250, what: 'SDP: wait for an SDP response before the next request' },
  sdpRetries: { ms: 50, what: 'SDP: most requests an EVCC sends (a count, not ms)' },
  cpStateCAfterPowerDelivery: { ms: 250, what: 'CP B→C at most this long after PowerDeliveryRes(Start)' },
} as const satisfies Record<string, V2gTimer>;

export type V2gTimerName = keyof typeof V2G_TIMERS;
export const V2G_TIMER_NAMES = Object.keys(V2G_TIMERS) as V2gTimerName[];

/** Scale of timers ≥ 1 s on the reference rig (60 s → 6 s, 2 s → 200 ms, floored). */
export const V2G_REFERENCE_SCALE = 0.1;
/**
 * No effective limit on the reference rig drops below this (in-process SUTs share a loaded event loop: a
 * compliant DIN CableCheckRes took 578 ms while CI ran its fault runners beside npm test). The SDP retry
 * interval is a pace, not a wait for an answer: it keeps SDP_PACE_FLOOR_MS.
 */
export const REFERENCE_FLOOR_MS = 1_000;
export const SDP_PACE_FLOOR_MS = 400;

/**
 * The limit a verdict uses: the rig's override (`timeouts.v2g.<name>`) if any, else the default; timers of
 * 1 s or more scaled by `scale` (1 on a real rig), floored at `floorMs` (0 on a real rig). Counts are never scaled.
 */
export function effectiveTimerMs(name: V2gTimerName, scale: number, overrides: Readonly<Record<string, number>>, floorMs = 0): number {
  const base = overrides[name] ?? V2G_TIMERS[name].ms;
  if (name === 'sdpRetries') return base;
  const scaled = base >= 1_000 ? Math.round(base * scale) : base;
  return Math.max(scaled, name === 'sdpRetryInterval' ? Math.min(floorMs, SDP_PACE_FLOOR_MS) : floorMs);
}
