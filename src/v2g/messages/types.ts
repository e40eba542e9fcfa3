/**
 * The V2G message layer's contract (below the roles, above framing): a message is its name and body as the
 * EXI codec's JSON mapping has them (src/exi/README.md), and a StandardCodec per standard turns it into the
 * EXI payload of one V2GTP frame and back, always with the negotiated schema set (EXI is not self-describing).
 */

/** The standards a V2G session may negotiate (SupportedAppProtocol). */
export type V2gStandard = 'din70121' | 'iso15118-2' | 'iso15118-20';
export const V2G_STANDARDS: readonly V2gStandard[] = ['din70121', 'iso15118-2', 'iso15118-20'];

/** The feature tag of each standard (features/<tag without @>/…). */
export const STANDARD_TAG: Readonly<Record<V2gStandard, string>> = {
  din70121: '@din70121',
  'iso15118-2': '@iso15118-2',
  'iso15118-20': '@iso15118-20',
};

export type EnergyMode = 'AC' | 'DC';
export type PaymentOption = 'EIM' | 'PnC';

/**
 * One V2G message. `name` is the element name of the request or response: DIN / -2 `SessionSetupReq` (the
 * V2G_Message Body child), -20 `SessionSetupReq`, `DC_CableCheckReq`, `AC_ChargeLoopRes` (the root element).
 * `body` holds its fields as the codec's JSON mapping has them, WITHOUT the header (DIN/-2 V2G_Message.Header,
 * -20 Header element): the codec writes and reads the header.
 */
export interface V2gMessage {
  name: string;
  body: Record<string, unknown>;
  /** DIN/-2: further V2G_Message.Header fields beside SessionID (e.g. the PnC `Signature`), as the codec maps them. */
  header?: Record<string, unknown>;
}

export interface DecodedMessage {
  message: V2gMessage;
  /** Header SessionID as upper-case hex ('00' for DIN/-2 before SessionSetupRes; 8 bytes for -20). */
  sessionId: string;
  /** -20 Header TimeStamp (seconds since the epoch), when present. */
  timestamp?: number;
  /** The whole decoded document as the EXI codec returned it (for the trace). */
  document: unknown;
}

/** One negotiable protocol as SupportedAppProtocol names it. */
export interface AppProtocol {
  namespace: string;
  major: number;
  minor: number;
}

export interface StandardCodec {
  readonly standard: V2gStandard;
  readonly appProtocol: AppProtocol;
  /** The V2GTP payload type carrying a message of this name (DIN/-2: 0x8001; -20: by schema family). */
  payloadType(name: string): number;
  /** EXI bytes of the message with its header (session id hex; -20: timestamp in seconds). */
  encode(message: V2gMessage, sessionId: string, timestamp?: number): Uint8Array;
  /** Decodes with the schema set the payload type selects; throws CodecError naming what is wrong. */
  decode(payloadType: number, exi: Uint8Array): DecodedMessage;
  /** The ResponseCode of a response message (undefined for requests). */
  responseCode(message: V2gMessage): string | undefined;
  /** The request's response element name (`SessionSetupReq` → `SessionSetupRes`). */
  responseName(requestName: string): string;
}
