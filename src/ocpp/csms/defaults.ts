/**
 * What the harness-as-CSMS answers by default, per version: the sensible, schema-valid reply to every
 * station-initiated action. Scenarios override single responses (status, delay, error) on top.
 */
import type { OcppVersion } from '../version';
import type { Payload, Reply } from '../session';

export interface CsmsState {
  bootStatus: 'Accepted' | 'Pending' | 'Rejected';
  heartbeatInterval: number;
  /** idTag → authorization status (Accepted, Invalid, Blocked, Expired, ConcurrentTx). Unknown → Invalid. */
  idTags: Map<string, { status: string; parentIdTag?: string; expiryDate?: string }>;
  nextTransactionId: number;
  /** Open transactions by id, with the idTag that started them. */
  transactions: Map<number | string, { idTag?: string; connectorId?: number; evseId?: number }>;
}

export function newCsmsState(): CsmsState {
  return { bootStatus: 'Accepted', heartbeatInterval: 300, idTags: new Map(), nextTransactionId: 1, transactions: new Map() };
}

const now = () => new Date().toISOString();

function idTagInfo16(state: CsmsState, idTag: unknown): Payload {
  const entry = typeof idTag === 'string' ? state.idTags.get(idTag) : undefined;
  if (!entry) return { status: 'Invalid' };
  const info: Payload = { status: entry.status };
  if (entry.parentIdTag) info.parentIdTag = entry.parentIdTag;
  if (entry.expiryDate) info.expiryDate = entry.expiryDate;
  return info;
}

function idTokenInfo201(state: CsmsState, idToken: unknown): Payload {
  const token = (idToken as { idToken?: string } | undefined)?.idToken;
  const entry = token ? state.idTags.get(token) : undefined;
  if (!entry) return { status: 'Unknown' };
  const info: Payload = { status: entry.status };
  if (entry.parentIdTag) info.groupIdToken = { idToken: entry.parentIdTag, type: 'Central' };
  if (entry.expiryDate) info.cacheExpiryDateTime = entry.expiryDate;
  return info;
}

function defaults16(action: string, p: Payload, s: CsmsState): Reply | undefined {
  switch (action) {
    case 'BootNotification':
      return { result: { status: s.bootStatus, currentTime: now(), interval: s.heartbeatInterval } };
    case 'Heartbeat':
      return { result: { currentTime: now() } };
    case 'Authorize':
      return { result: { idTagInfo: idTagInfo16(s, p.idTag) } };
    case 'StartTransaction': {
      const transactionId = s.nextTransactionId++;
      const info = idTagInfo16(s, p.idTag);
      const running = [...s.transactions.values()].some((t) => t.idTag === p.idTag);
      if (running && info.status === 'Accepted') info.status = 'ConcurrentTx';
      s.transactions.set(transactionId, { idTag: p.idTag as string, connectorId: p.connectorId as number });
      return { result: { transactionId, idTagInfo: info } };
    }
    case 'StopTransaction': {
      s.transactions.delete(p.transactionId as number);
      return { result: p.idTag ? { idTagInfo: idTagInfo16(s, p.idTag) } : {} };
    }
    case 'DataTransfer':
      return { result: { status: 'UnknownVendorId' } };
    case 'SignCertificate':
      return { result: { status: 'Accepted' } };
    case 'MeterValues':
    case 'StatusNotification':
    case 'DiagnosticsStatusNotification':
    case 'FirmwareStatusNotification':
    case 'SecurityEventNotification':
    case 'LogStatusNotification':
    case 'SignedFirmwareStatusNotification':
      return { result: {} };
    default:
      return undefined;
  }
}

function defaults201(action: string, p: Payload, s: CsmsState): Reply | undefined {
  switch (action) {
    case 'BootNotification':
      return { result: { status: s.bootStatus, currentTime: now(), interval: s.heartbeatInterval } };
    case 'Heartbeat':
      return { result: { currentTime: now() } };
    case 'Authorize':
      return { result: { idTokenInfo: idTokenInfo201(s, p.idToken) } };
    case 'TransactionEvent': {
      const tx = (p.transactionInfo as { transactionId?: string } | undefined)?.transactionId;
      if (p.eventType === 'Started' && tx) s.transactions.set(tx, { idTag: (p.idToken as { idToken?: string } | undefined)?.idToken });
      if (p.eventType === 'Ended' && tx) s.transactions.delete(tx);
      return { result: p.idToken ? { idTokenInfo: idTokenInfo201(s, p.idToken) } : {} };
    }
    case 'DataTransfer':
      return { result: { status: 'UnknownVendorId' } };
    case 'SignCertificate':
    case 'NotifyEVChargingNeeds':
    case 'NotifyEVChargingSchedule':
      return { result: { status: 'Accepted' } };
    case 'GetCertificateStatus':
      return { result: { status: 'Accepted', ocspResult: 'AA==' } };
    case 'Get15118EVCertificate':
      return { result: { status: 'Accepted', exiResponse: 'AA==' } };
    case 'StatusNotification':
    case 'MeterValues':
    case 'NotifyReport':
    case 'NotifyEvent':
    case 'NotifyMonitoringReport':
    case 'SecurityEventNotification':
    case 'FirmwareStatusNotification':
    case 'LogStatusNotification':
    case 'NotifyChargingLimit':
    case 'ClearedChargingLimit':
    case 'ReportChargingProfiles':
    case 'ReservationStatusUpdate':
    case 'NotifyDisplayMessages':
    case 'NotifyCustomerInformation':
    case 'PublishFirmwareStatusNotification':
      return { result: {} };
    default:
      return undefined;
  }
}

/** The default reply, or a NotSupported error for an action the CSMS has no default for. */
export function defaultCsmsReply(version: OcppVersion, action: string, payload: Payload, state: CsmsState): Reply {
  const r = version === '1.6' ? defaults16(action, payload, state) : defaults201(action, payload, state);
  return r ?? { error: 'NotSupported', description: `harness CSMS has no default for ${action}` };
}
