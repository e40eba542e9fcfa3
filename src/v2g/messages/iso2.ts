/**
 * ISO 15118-2:2013 message codec: `V2G_Message { Header { SessionID }, Body { <name>: body } }` in the EXI
 * schema set `iso2`, always V2GTP payload type 0x8001. The Body holds exactly one message element.
 */
import { CodecError } from '../../core/errors';
import { decodeExiJson, encodeExiJson } from '../../exi';
import type { DecodedMessage, StandardCodec, V2gMessage } from './types';

export const ISO2_NAMESPACE = 'urn:iso:15118:2:2013:MsgDef';
export const ISO2_PAYLOAD_TYPE = 0x8001;

/** The 26 response codes of ISO 15118-2 (responseCodeType), in schema order. */
export const ISO2_RESPONSE_CODES: readonly string[] = [
  'OK', 'OK_NewSessionEstablished', 'OK_OldSessionJoined', 'OK_CertificateExpiresSoon', 'FAILED', 'FAILED_SequenceError',
  'FAILED_ServiceIDInvalid', 'FAILED_UnknownSession', 'FAILED_ServiceSelectionInvalid', 'FAILED_PaymentSelectionInvalid',
  'FAILED_CertificateExpired', 'FAILED_SignatureError', 'FAILED_NoCertificateAvailable', 'FAILED_CertChainError',
  'FAILED_ChallengeInvalid', 'FAILED_ContractCanceled', 'FAILED_WrongChargeParameter', 'FAILED_PowerDeliveryNotApplied',
  'FAILED_TariffSelectionInvalid', 'FAILED_ChargingProfileInvalid', 'FAILED_MeteringSignatureNotValid',
  'FAILED_NoChargeServiceSelected', 'FAILED_WrongEnergyTransferMode', 'FAILED_ContactorError',
  'FAILED_CertificateNotAllowedAtThisEVSE', 'FAILED_CertificateRevoked',
];

/** The request elements of ISO 15118-2 (each has a `…Res` partner). */
export const ISO2_REQUESTS: readonly string[] = [
  'SessionSetupReq', 'ServiceDiscoveryReq', 'ServiceDetailReq', 'PaymentServiceSelectionReq', 'PaymentDetailsReq',
  'CertificateInstallationReq', 'CertificateUpdateReq', 'AuthorizationReq', 'ChargeParameterDiscoveryReq', 'CableCheckReq',
  'PreChargeReq', 'PowerDeliveryReq', 'ChargingStatusReq', 'CurrentDemandReq', 'MeteringReceiptReq', 'WeldingDetectionReq',
  'SessionStopReq',
];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function iso2Codec(): StandardCodec {
  return {
    standard: 'iso15118-2',
    appProtocol: { namespace: ISO2_NAMESPACE, major: 2, minor: 0 },
    payloadType: () => ISO2_PAYLOAD_TYPE,
    encode(message: V2gMessage, sessionId: string): Uint8Array {
      const doc = { V2G_Message: { Header: { ...message.header, SessionID: sessionId.toLowerCase() }, Body: { [message.name]: message.body } } };
      return encodeExiJson('iso2', doc);
    },
    decode(payloadType: number, exi: Uint8Array): DecodedMessage {
      if (payloadType !== ISO2_PAYLOAD_TYPE) {
        throw new CodecError(`ISO 15118-2: payload type 0x${payloadType.toString(16).padStart(4, '0')} is not 0x8001 (EXI)`);
      }
      const doc = decodeExiJson('iso2', exi);
      const root = doc.V2G_Message;
      if (!isRecord(root)) throw new CodecError(`ISO 15118-2: root element is ${Object.keys(doc)[0] ?? 'missing'}, not V2G_Message`);
      const header = root.Header;
      const body = root.Body;
      if (!isRecord(header) || typeof header.SessionID !== 'string') throw new CodecError('ISO 15118-2: V2G_Message.Header.SessionID missing');
      if (!isRecord(body)) throw new CodecError('ISO 15118-2: V2G_Message.Body missing');
      const names = Object.keys(body);
      if (names.length !== 1) throw new CodecError(`ISO 15118-2: Body holds ${names.length} elements (${names.join(', ') || 'none'}), not one`);
      const name = names[0];
      const inner = body[name];
      const { SessionID: _sid, ...more } = header;
      return {
        message: { name, body: isRecord(inner) ? inner : {}, ...(Object.keys(more).length > 0 ? { header: more } : {}) },
        sessionId: header.SessionID.toUpperCase(),
        document: doc,
      };
    },
    responseCode(message: V2gMessage): string | undefined {
      const code = message.body.ResponseCode;
      return message.name.endsWith('Res') && typeof code === 'string' ? code : undefined;
    },
    responseName(requestName: string): string {
      return requestName.endsWith('Req') ? `${requestName.slice(0, -3)}Res` : requestName;
    },
  };
}
