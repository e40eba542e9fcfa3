/** ISO-TP configuration, faults that can be injected on the sending side, and the violations it reports. */

export type IsoTpViolationKind =
  /** CF sequence number not the expected one. */
  | 'wrong-sequence-number'
  /** No FC within N_Bs after FF or after a block (the peer receiver is silent). */
  | 'missing-flow-control'
  /** No CF within N_Cr (the peer sender stopped mid-message). */
  | 'missing-consecutive-frame'
  /** Gap between CFs shorter than the STmin this side asked for (minus the tolerance). */
  | 'stmin-not-honoured'
  /** A CF arrived after the block was complete and before this side sent the next FC. */
  | 'block-size-not-honoured'
  /** Padding missing, or padding bytes other than the configured value. */
  | 'bad-padding'
  /** CAN FD frame length that is not 8, 12, 16, 20, 24, 32, 48 or 64 (or 0..8). */
  | 'invalid-fd-length'
  /** A frame shorter or longer than the TX_DL in force (non-last CF short, CF longer than FF). */
  | 'invalid-frame-length'
  /** A frame type that is not allowed in the current state (CF while idle, FC unasked, FF on functional id). */
  | 'unexpected-frame-type'
  /** PCI bytes no valid sender produces. */
  | 'malformed-pci'
  /** FC flow status other than 0, 1, 2. */
  | 'reserved-flow-status'
  /** FC STmin in a reserved range (treated as 127 ms). */
  | 'reserved-stmin'
  /** More FC.WT in a row than N_WFTmax allows. */
  | 'too-many-wait-frames';

export interface IsoTpViolation {
  kind: IsoTpViolationKind;
  /** One readable line. */
  message: string;
  /** Monotonic µs when detected (or when the offending frame arrived). */
  tUs: number;
  /** Which state machine noticed it: our receiver (SUT sending) or our sender (SUT receiving). */
  side: 'rx' | 'tx';
  /** The offending CAN payload, hex, when there is one. */
  frame?: string;
  /** Machine-readable facts: expected/actual sequence number, measured gap… */
  details?: Record<string, unknown>;
}

/** How received padding is checked. */
export type RxPaddingCheck =
  /** No check (default). */
  | 'any'
  /** Frames must be padded to full length (8 classic / the FD size), any byte value. */
  | 'required'
  /** Padded to full length with exactly this byte. */
  | { byte: number };

export interface IsoTpTimers {
  /** Transmission of one CAN frame (send() duration) — default 1000 ms. */
  nAsMs: number;
  /** Waiting for FC after FF or after a block — default 1000 ms. */
  nBsMs: number;
  /** Waiting for the next CF — default 1000 ms. */
  nCrMs: number;
  /** Delay before this side sends an FC (N_Br); default 0. Raising it lets block-size violations show. */
  nBrMs: number;
}

export interface IsoTpConfig {
  /** CAN payload length used for frames this side sends: 8 (classic) or 12..64 (CAN FD). Default 8. */
  txDl: number;
  /** Padding byte for frames this side sends; null = no padding (shortest frames). Default 0xCC. */
  txPadding: number | null;
  rxPadding: RxPaddingCheck;
  /** Block size this side announces in its FC (0 = no further FC). Default 0. */
  blockSize: number;
  /** STmin byte this side announces in its FC (0x00–0x7F ms, 0xF1–0xF9 = 100–900 µs). Default 0. */
  stmin: number;
  /** Allowed shortfall when checking the peer's inter-CF gaps against our STmin, µs. Default 100. */
  stminToleranceUs: number;
  /** FC.WT frames this side sends before CTS (to test the peer's wait handling). Default 0. */
  waitFrames: number;
  /** Interval between those FC.WT (and the CTS after them), ms. Default 100. */
  waitFrameIntervalMs: number;
  /** N_WFTmax: FC.WT in a row this side accepts before giving up. Default 10. */
  maxWaitFrames: number;
  /** Longest message this side accepts; a longer FF is answered with FC overflow. Default 1 MiB. */
  maxRxLength: number;
  /** Extended/mixed addressing: this byte (N_TA / N_AE) leads every frame this side sends; null = normal addressing. */
  txAddressExtension: number | null;
  /** Extended/mixed addressing: only frames led by this byte are for us (it is stripped); null = normal addressing. */
  rxAddressExtension: number | null;
  timers: IsoTpTimers;
  faults: IsoTpFaults;
}

/**
 * Misbehaviour on the sending side (and in the FC this side sends), for building faulty reference SUTs.
 * Every field is off by default.
 */
export interface IsoTpFaults {
  /** The n-th CF of a message (1-based) carries a wrong sequence number (expected + 1). */
  wrongSequenceAt?: number;
  /** The n-th CF of a message is not sent (the peer then sees a wrong sequence number). */
  skipConsecutiveAt?: number;
  /** Only n CFs are sent, then the sender goes silent (the peer's N_Cr expires). */
  stopAfterConsecutive?: number;
  /** CFs go out back-to-back whatever STmin the peer asked for. */
  ignoreStmin?: boolean;
  /** CFs go out with this gap (µs) instead of the peer's STmin. */
  stminOverrideUs?: number;
  /** Keep sending after a block is complete without waiting for the next FC. */
  ignoreBlockSize?: boolean;
  /** Padding of sent frames: 'none' = shortest frames, a number = pad with that byte. Overrides txPadding. */
  padding?: 'none' | number;
  /** Use the escape FF (10 00 + 32-bit length) even for ≤ 4095 bytes. */
  escapeFirstFrameAlways?: boolean;
  /** Send FD frames with this (invalid) length, e.g. 13; only a loopback bus lets it through. */
  fdLength?: number;
  /** Never answer an FF with an FC (the peer's N_Bs expires). */
  noFlowControl?: boolean;
  /** Answer every FF / block with this flow status (e.g. 2 overflow, 5 reserved). */
  flowStatus?: number;
  /** Announce this raw STmin byte in FCs instead of `stmin` (e.g. 0xFA reserved). */
  flowControlStmin?: number;
}

export const DEFAULT_TIMERS: IsoTpTimers = { nAsMs: 1000, nBsMs: 1000, nCrMs: 1000, nBrMs: 0 };

export const DEFAULT_CONFIG: IsoTpConfig = {
  txDl: 8,
  txPadding: 0xcc,
  rxPadding: 'any',
  blockSize: 0,
  stmin: 0,
  stminToleranceUs: 100,
  waitFrames: 0,
  waitFrameIntervalMs: 100,
  maxWaitFrames: 10,
  maxRxLength: 1 << 20,
  txAddressExtension: null,
  rxAddressExtension: null,
  timers: DEFAULT_TIMERS,
  faults: {},
};

export type IsoTpConfigInput = Partial<Omit<IsoTpConfig, 'timers'>> & { timers?: Partial<IsoTpTimers> };

export function resolveConfig(input: IsoTpConfigInput = {}): IsoTpConfig {
  return {
    ...DEFAULT_CONFIG,
    ...input,
    timers: { ...DEFAULT_TIMERS, ...(input.timers ?? {}) },
    faults: { ...(input.faults ?? {}) },
  };
}

/** A received ISO-TP message. */
export interface IsoTpMessage {
  payload: Uint8Array;
  /** Received on the functional id. */
  functional: boolean;
  /** Monotonic µs of the SF/FF and of the last frame. */
  startUs: number;
  endUs: number;
  /**
   * Kernel receive stamp of the SF/FF (wall-clock µs, SocketCAN only): compared only with other kernel stamps
   * of the same host (see UdsTester), never with startUs.
   */
  startKernelUs?: number;
  /** CAN frames that carried it. */
  frames: number;
}
