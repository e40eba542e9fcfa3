/**
 * ISO 15118-20 message codec. Every -20 message is a root element of its own schema set that carries its own
 * Header {SessionID, TimeStamp}; the V2GTP payload type names the set (0x8002 CommonMessages, 0x8003 AC,
 * 0x8004 DC). EXI is not self-describing (a DC grammar "decodes" common bytes), so decode() always uses the
 * set the payload type names and rejects anything that is not a request or response message of that set.
 */
import { CodecError } from '../../core/errors';
import { decodeExiJson, encodeExiJson, type SchemaSetName } from '../../exi';
import type { AppProtocol, DecodedMessage, EnergyMode, StandardCodec, V2gMessage } from './types';

export const ISO20_PAYLOAD = { common: 0x8002, ac: 0x8003, dc: 0x8004 } as const;

export const ISO20_NAMESPACE: Readonly<Record<EnergyMode, string>> = {
  DC: 'urn:iso:std:iso:15118:-20:DC',
  AC: 'urn:iso:std:iso:15118:-20:AC',
};

const SET_OF_PAYLOAD: ReadonlyMap<number, SchemaSetName> = new Map<number, SchemaSetName>([
  [ISO20_PAYLOAD.common, 'iso20'],
  [ISO20_PAYLOAD.ac, 'iso20ac'],
  [ISO20_PAYLOAD.dc, 'iso20dc'],
]);

/** The -20 response codes in schema order (CommonTypes responseCodeType). */
export const ISO20_RESPONSE_CODES: readonly string[] = [
  'OK', 'OK_CertificateExpiresSoon', 'OK_NewSessionEstablished', 'OK_OldSessionJoined', 'OK_PowerToleranceConfirmed',
  'WARNING_AuthorizationSelectionInvalid', 'WARNING_CertificateExpired', 'WARNING_CertificateNotYetValid',
  'WARNING_CertificateRevoked', 'WARNING_CertificateValidationError', 'WARNING_ChallengeInvalid',
  'WARNING_EIMAuthorizationFailure', 'WARNING_eMSPUnknown', 'WARNING_EVPowerProfileViolation',
  'WARNING_GeneralPnCAuthorizationError', 'WARNING_NoCertificateAvailable', 'WARNING_NoContractMatchingPCIDFound',
  'WARNING_PowerToleranceNotConfirmed', 'WARNING_ScheduleRenegotiationFailed', 'WARNING_StandbyNotAllowed', 'WARNING_WPT',
  'FAILED', 'FAILED_AssociationError', 'FAILED_ContactorError', 'FAILED_EVPowerProfileInvalid',
  'FAILED_EVPowerProfileViolation', 'FAILED_MeteringSignatureNotValid', 'FAILED_NoEnergyTransferServiceSelected',
  'FAILED_NoServiceRenegotiationSupported', 'FAILED_PauseNotAllowed', 'FAILED_PowerDeliveryNotApplied',
  'FAILED_PowerToleranceNotConfirmed', 'FAILED_ScheduleRenegotiation', 'FAILED_ScheduleSelectionInvalid',
  'FAILED_SequenceError', 'FAILED_ServiceIDInvalid', 'FAILED_ServiceSelectionInvalid', 'FAILED_SignatureError',
  'FAILED_UnknownSession', 'FAILED_WrongChargeParameter',
];

/** The payload type (and so the schema set) a -20 message of this name travels in. */
export function iso20PayloadType(name: string): number {
  if (name.startsWith('DC_')) return ISO20_PAYLOAD.dc;
  if (name.startsWith('AC_')) return ISO20_PAYLOAD.ac;
  return ISO20_PAYLOAD.common;
}

function setOfName(name: string): SchemaSetName {
  return SET_OF_PAYLOAD.get(iso20PayloadType(name)) as SchemaSetName;
}

function isMessageName(name: string): boolean {
  return /(Req|Res)$/.test(name);
}

/** The -20 codec; `energy` picks the namespace offered in SupportedAppProtocol (messages of both kinds decode). */
export function iso20Codec(energy: EnergyMode = 'DC'): StandardCodec {
  warmOnce();
  const appProtocol: AppProtocol = { namespace: ISO20_NAMESPACE[energy], major: 1, minor: 0 };
  return {
    standard: 'iso15118-20',
    appProtocol,
    payloadType: iso20PayloadType,
    encode(message: V2gMessage, sessionId: string, timestamp?: number): Uint8Array {
      if (!isMessageName(message.name)) throw new CodecError(`iso15118-20: '${message.name}' is not a request or response message`);
      if (!/^([0-9a-fA-F]{2}){1,8}$/.test(sessionId)) throw new CodecError(`iso15118-20: SessionID '${sessionId}' is not 1..8 bytes of hex`);
      const ts = timestamp ?? Math.floor(Date.now() / 1000);
      const { Header: _ignored, ...fields } = message.body;
      void _ignored;
      const doc = { [message.name]: { Header: { SessionID: sessionId.toLowerCase(), TimeStamp: ts }, ...fields } };
      try {
        return encodeExiJson(setOfName(message.name), doc);
      } catch (e) {
        throw new CodecError(`iso15118-20: cannot encode ${message.name}: ${(e as Error).message}`);
      }
    },
    decode(payloadType: number, exi: Uint8Array): DecodedMessage {
      const set = SET_OF_PAYLOAD.get(payloadType);
      if (!set) {
        throw new CodecError(`iso15118-20: payload type 0x${payloadType.toString(16).padStart(4, '0')} is not 0x8002 (common), 0x8003 (AC) or 0x8004 (DC)`);
      }
      let doc: Record<string, unknown>;
      try {
        doc = decodeExiJson(set, exi);
      } catch (e) {
        throw new CodecError(`iso15118-20: EXI does not decode with the ${set} schema set (payload type 0x${payloadType.toString(16)}): ${(e as Error).message}`);
      }
      const name = Object.keys(doc)[0] ?? '';
      const root = doc[name] as Record<string, unknown> | undefined;
      const header = root?.['Header'] as { SessionID?: unknown; TimeStamp?: unknown } | undefined;
      if (!isMessageName(name) || !root || !header) {
        throw new CodecError(`iso15118-20: root element '${name}' of the ${set} schema set is not a V2G request or response with a Header`);
      }
      if (iso20PayloadType(name) !== payloadType) {
        throw new CodecError(`iso15118-20: ${name} arrived with payload type 0x${payloadType.toString(16)}, expected 0x${iso20PayloadType(name).toString(16)}`);
      }
      const { Header: _h, ...body } = root;
      void _h;
      const timestamp = header.TimeStamp === undefined ? undefined : Number(header.TimeStamp);
      return {
        message: { name, body },
        sessionId: String(header.SessionID ?? '').toUpperCase(),
        ...(timestamp === undefined ? {} : { timestamp }),
        document: doc,
      };
    },
    responseCode(message: V2gMessage): string | undefined {
      if (!message.name.endsWith('Res')) return undefined;
      const code = message.body['ResponseCode'];
      return typeof code === 'string' ? code : undefined;
    },
    responseName(requestName: string): string {
      if (!requestName.endsWith('Req')) throw new CodecError(`iso15118-20: '${requestName}' is not a request name`);
      return `${requestName.slice(0, -3)}Res`;
    },
  };
}

/**
 * The EXI grammars of a message are built on its first use; ScheduleExchange's (schedules, price tables) take
 * about 0.1 s, several times that on a loaded machine: more than a 400 ms reference limit. They are built once
 * per process when the first -20 codec is made (a role is built before its session starts; the cache lives in
 * src/exi), so no session pays for it mid-sequence — and a process that runs no -20 scenario never does (it
 * cost each cucumber process ~0.6 s of CPU at load).
 */
function warmGrammars(): void {
  const r = { Exponent: 0, Value: 1 };
  const docs: [SchemaSetName, Record<string, unknown>][] = [
    ['iso20', { ScheduleExchangeReq: { Header: { SessionID: '00', TimeStamp: 0 }, MaximumSupportingPoints: 12, Scheduled_SEReqControlMode: {} } }],
    ['iso20', { ScheduleExchangeRes: { Header: { SessionID: '00', TimeStamp: 0 }, ResponseCode: 'OK', EVSEProcessing: 'Finished', Scheduled_SEResControlMode: {
      ScheduleTuple: [{ ScheduleTupleID: 1, ChargingSchedule: { PowerSchedule: { TimeAnchor: 0, PowerScheduleEntries: { PowerScheduleEntry: [{ Duration: 1, Power: r }] } } } }] } } }],
    ['iso20dc', { DC_ChargeParameterDiscoveryRes: { Header: { SessionID: '00', TimeStamp: 0 }, ResponseCode: 'OK', DC_CPDResEnergyTransferMode: {
      EVSEMaximumChargePower: r, EVSEMinimumChargePower: r, EVSEMaximumChargeCurrent: r, EVSEMinimumChargeCurrent: r, EVSEMaximumVoltage: r, EVSEMinimumVoltage: r } } }],
    ['iso20ac', { AC_ChargeLoopReq: { Header: { SessionID: '00', TimeStamp: 0 }, MeterInfoRequested: 0, Scheduled_AC_CLReqControlMode: { EVPresentActivePower: r } } }],
  ];
  for (const [set, doc] of docs) {
    try {
      decodeExiJson(set, encodeExiJson(set, doc));
    } catch {
      // a warm-up only: a real message that does not encode fails where it is used, naming it
    }
  }
}
let warmed = false;
function warmOnce(): void {
  if (warmed) return;
  warmed = true;
  warmGrammars();
}
