/**
 * DIN SPEC 70121 messages: a V2G_Message (Header { SessionID } + Body { <name>: body }) in the `din` EXI schema
 * set, carried in V2GTP payload type 0x8001. The body is the EXI codec's JSON mapping (src/exi/README.md).
 */
import { CodecError } from '../../core/errors';
import { decodeExiJson, encodeExiJson } from '../../exi';
import type { AppProtocol, DecodedMessage, StandardCodec, V2gMessage } from './types';

export const DIN_NAMESPACE = 'urn:din:70121:2012:MsgDef';
export const DIN_PAYLOAD_TYPE = 0x8001;

/** The 23 response codes of DIN SPEC 70121 (responseCodeType), in schema order. */
export const DIN_RESPONSE_CODES = [
  'OK',
  'OK_NewSessionEstablished',
  'OK_OldSessionJoined',
  'OK_CertificateExpiresSoon',
  'FAILED',
  'FAILED_SequenceError',
  'FAILED_ServiceIDInvalid',
  'FAILED_UnknownSession',
  'FAILED_ServiceSelectionInvalid',
  'FAILED_PaymentSelectionInvalid',
  'FAILED_CertificateExpired',
  'FAILED_SignatureError',
  'FAILED_NoCertificateAvailable',
  'FAILED_CertChainError',
  'FAILED_ChallengeInvalid',
  'FAILED_ContractCanceled',
  'FAILED_WrongChargeParameter',
  'FAILED_PowerDeliveryNotApplied',
  'FAILED_TariffSelectionInvalid',
  'FAILED_ChargingProfileInvalid',
  'FAILED_EVSEPresentVoltageToLow',
  'FAILED_MeteringSignatureNotValid',
  'FAILED_WrongEnergyTransferType',
] as const;
export type DinResponseCode = (typeof DIN_RESPONSE_CODES)[number];

/** Request names of DIN SPEC 70121 (DC and AC schema elements; the EIM DC session uses a subset). */
export const DIN_REQUESTS = [
  'SessionSetupReq', 'ServiceDiscoveryReq', 'ServiceDetailReq', 'ServicePaymentSelectionReq', 'PaymentDetailsReq',
  'ContractAuthenticationReq', 'ChargeParameterDiscoveryReq', 'CableCheckReq', 'PreChargeReq', 'PowerDeliveryReq',
  'CurrentDemandReq', 'ChargingStatusReq', 'MeteringReceiptReq', 'WeldingDetectionReq', 'SessionStopReq',
  'CertificateInstallationReq', 'CertificateUpdateReq',
] as const;

function asHexId(sessionId: string): string {
  if (!/^([0-9a-fA-F]{2})+$/.test(sessionId)) throw new CodecError(`DIN: SessionID '${sessionId}' is not hex bytes`);
  return sessionId.toLowerCase();
}

class DinCodec implements StandardCodec {
  readonly standard = 'din70121' as const;
  readonly appProtocol: AppProtocol = { namespace: DIN_NAMESPACE, major: 2, minor: 0 };

  payloadType(): number {
    return DIN_PAYLOAD_TYPE;
  }

  encode(message: V2gMessage, sessionId: string): Uint8Array {
    const doc = { V2G_Message: { Header: { SessionID: asHexId(sessionId) }, Body: { [message.name]: message.body } } };
    return encodeExiJson('din', doc);
  }

  decode(payloadType: number, exi: Uint8Array): DecodedMessage {
    if (payloadType !== DIN_PAYLOAD_TYPE) {
      throw new CodecError(`DIN: payload type 0x${payloadType.toString(16).padStart(4, '0')} is not 0x8001 (EXI)`);
    }
    const doc = decodeExiJson('din', exi);
    const root = doc.V2G_Message as Record<string, unknown> | undefined;
    if (!root || typeof root !== 'object') throw new CodecError(`DIN: root element is ${Object.keys(doc).join(', ') || 'nothing'}, not V2G_Message`);
    const header = root.Header as Record<string, unknown>;
    const body = (root.Body ?? {}) as Record<string, unknown>;
    const names = Object.keys(body);
    if (names.length !== 1) throw new CodecError(`DIN: Body holds ${names.length === 0 ? 'no message' : names.join(', ')}`);
    const name = names[0];
    if (name === 'BodyElement') throw new CodecError('DIN: Body holds the abstract BodyElement, not a message');
    const sessionId = String(header.SessionID ?? '').toUpperCase();
    return { message: { name, body: (body[name] ?? {}) as Record<string, unknown> }, sessionId, document: doc };
  }

  responseCode(message: V2gMessage): string | undefined {
    if (!message.name.endsWith('Res')) return undefined;
    const code = message.body.ResponseCode;
    return typeof code === 'string' ? code : undefined;
  }

  responseName(requestName: string): string {
    if (!requestName.endsWith('Req')) throw new CodecError(`DIN: '${requestName}' is not a request name`);
    return `${requestName.slice(0, -3)}Res`;
  }
}

/** The din70121 message codec (stateless; one instance may serve every session). */
export function dinCodec(): StandardCodec {
  return new DinCodec();
}
