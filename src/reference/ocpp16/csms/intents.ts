/**
 * What an operator can ask the reference OCPP 1.6 central system to do ("remotely start a transaction",
 * "reset the station" …), and how the central system's own logic turns each request into the CALL it sends:
 * it looks up the transaction it knows on a connector, the status and parent of an id tag in its own
 * database, its local-list version per station. The CSMS faults that break this logic are applied here.
 * An intent it does not know is refused at once, naming it.
 */
import type { CsmsIntent } from '../../../rig/ocpp-sut';
import { isoNow } from '../util';
import type { CsmsContext, CsmsTransaction } from './handlers';

/** Sends a CSMS-initiated CALL (recorded, with the wire faults of the CSMS applied). */
export type SendCall = (identity: string, action: string, payload: Record<string, unknown>) => Promise<unknown>;

/** A request built by the CSMS: the action and payload it decided on. */
interface Built {
  action: string;
  payload: Record<string, unknown>;
}

type Builder = (ctx: CsmsContext, identity: string, p: Record<string, unknown>, state: IntentState) => Built;

/** Per-CSMS state the intents keep (local-list versions, values set per key). */
export interface IntentState {
  localListVersion: Map<string, number>;
  /** Next id the CSMS gives a reservation / a log or firmware request. */
  nextReservationId: number;
  nextRequestId: number;
}

function need(p: Record<string, unknown>, name: string, intent: string): unknown {
  if (p[name] === undefined) throw new Error(`reference CSMS: asking it to ${intent.replace(/-/g, ' ')} needs '${name}'`);
  return p[name];
}

/** The CSMS's active transaction for a station's connector (or for an id tag), newest first. */
function activeTransaction(ctx: CsmsContext, identity: string, p: Record<string, unknown>): CsmsTransaction {
  const all = [...ctx.transactions.values()].filter((t) => t.identity === identity && t.active).reverse();
  const found = all.find((t) => (p.connectorId === undefined || t.connectorId === Number(p.connectorId)) && (p.idTag === undefined || t.idTag === p.idTag));
  if (!found) throw new Error(`reference CSMS: no transaction of ${identity} is running${p.connectorId !== undefined ? ` on connector ${String(p.connectorId)}` : ''}`);
  return found;
}

/** A transaction id the CSMS got wrong: another transaction of that station, or the next number. */
function wrongTransactionId(ctx: CsmsContext, t: CsmsTransaction): number {
  const other = [...ctx.transactions.values()].find((o) => o.identity === t.identity && o.transactionId !== t.transactionId);
  return other?.transactionId ?? t.transactionId + 1;
}

function swapUnit(schedule: unknown): unknown {
  if (!schedule || typeof schedule !== 'object') return schedule;
  const s = schedule as Record<string, unknown>;
  return { ...s, chargingRateUnit: s.chargingRateUnit === 'A' ? 'W' : 'A' };
}

/** A charging profile as the CSMS sends it: TxProfile carries the transaction it knows on that connector. */
function profile(ctx: CsmsContext, identity: string, prof: Record<string, unknown>, connectorId: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { ...prof };
  if (out.chargingProfilePurpose === 'TxProfile' && out.transactionId === undefined && connectorId !== undefined && Number(connectorId) > 0) {
    const t = [...ctx.transactions.values()].reverse().find((x) => x.identity === identity && x.active && x.connectorId === Number(connectorId));
    if (t && !ctx.faults.has('tx-profile-without-transaction-id')) out.transactionId = t.transactionId;
  }
  if (ctx.faults.has('charging-rate-unit-wrong')) out.chargingSchedule = swapUnit(out.chargingSchedule);
  return out;
}

function idTagInfoOf(ctx: CsmsContext, idTag: string): Record<string, unknown> {
  const entry = ctx.opts.idTags[idTag];
  const info: Record<string, unknown> = { status: entry?.status ?? 'Invalid' };
  if (entry?.expiryDate) info.expiryDate = entry.expiryDate;
  if (entry?.parentIdTag) info.parentIdTag = entry.parentIdTag;
  return info;
}

function list(v: unknown): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

const builders: Record<string, Builder> = {
  'remotely-start-a-transaction'(ctx, _id, p) {
    const payload: Record<string, unknown> = { idTag: String(need(p, 'idTag', 'remotely-start-a-transaction')) };
    if (p.connectorId !== undefined && !ctx.faults.has('remote-start-without-connector')) payload.connectorId = Number(p.connectorId);
    if (p.chargingProfile) payload.chargingProfile = profile(ctx, _id, p.chargingProfile as Record<string, unknown>, undefined);
    return { action: 'RemoteStartTransaction', payload };
  },
  'remotely-stop-the-transaction'(ctx, identity, p) {
    const t = activeTransaction(ctx, identity, p);
    return { action: 'RemoteStopTransaction', payload: { transactionId: ctx.faults.has('remote-stop-wrong-transaction-id') ? wrongTransactionId(ctx, t) : t.transactionId } };
  },
  'reset-the-station'(ctx, _id, p) {
    const type = String(need(p, 'type', 'reset-the-station'));
    return { action: 'Reset', payload: { type: ctx.faults.has('reset-wrong-type') ? (type === 'Hard' ? 'Soft' : 'Hard') : type } };
  },
  'unlock-a-connector'(ctx, _id, p) {
    const c = Number(need(p, 'connectorId', 'unlock-a-connector'));
    return { action: 'UnlockConnector', payload: { connectorId: ctx.faults.has('unlock-wrong-connector') ? c + 1 : c } };
  },
  'change-a-configuration-key'(ctx, _id, p) {
    const key = String(need(p, 'key', 'change-a-configuration-key'));
    const value = String(need(p, 'value', 'change-a-configuration-key'));
    return { action: 'ChangeConfiguration', payload: { key, value: ctx.faults.has('change-configuration-wrong-value') ? `${value}0` : value } };
  },
  'get-the-configuration'(ctx, _id, p) {
    const keys = list(p.key);
    if (ctx.faults.has('get-configuration-wrong-keys')) return { action: 'GetConfiguration', payload: keys.length ? {} : { key: ['HeartbeatInterval'] } };
    return { action: 'GetConfiguration', payload: keys.length ? { key: keys } : {} };
  },
  'clear-the-authorization-cache'(ctx) {
    if (ctx.faults.has('clear-cache-sends-local-list')) return { action: 'SendLocalList', payload: { listVersion: 1, updateType: 'Full', localAuthorizationList: [] } };
    return { action: 'ClearCache', payload: {} };
  },
  'get-the-local-list-version'(ctx) {
    if (ctx.faults.has('local-list-version-from-configuration')) return { action: 'GetConfiguration', payload: { key: ['LocalAuthListMaxLength'] } };
    return { action: 'GetLocalListVersion', payload: {} };
  },
  'send-a-local-authorization-list'(ctx, identity, p, state) {
    const updateType = String(need(p, 'updateType', 'send-a-local-authorization-list'));
    const version = (state.localListVersion.get(identity) ?? 0) + (ctx.faults.has('local-list-version-not-incremented') ? 0 : 1);
    state.localListVersion.set(identity, Math.max(1, version));
    const add = list(p.idTags ?? p.add).map((idTag) => (ctx.faults.has('local-list-without-id-tag-info') ? { idTag } : { idTag, idTagInfo: idTagInfoOf(ctx, idTag) }));
    const remove = list(p.remove).map((idTag) => ({ idTag }));
    return { action: 'SendLocalList', payload: { listVersion: Math.max(1, version), updateType, localAuthorizationList: [...add, ...remove] } };
  },
  'trigger-a-message'(ctx, _id, p) {
    const requested = String(need(p, 'requestedMessage', 'trigger-a-message'));
    const payload: Record<string, unknown> = { requestedMessage: ctx.faults.has('trigger-message-wrong-message') ? (requested === 'Heartbeat' ? 'BootNotification' : 'Heartbeat') : requested };
    if (p.connectorId !== undefined) payload.connectorId = Number(p.connectorId);
    return { action: 'TriggerMessage', payload };
  },
  'set-a-charging-profile'(ctx, identity, p) {
    const connectorId = Number(need(p, 'connectorId', 'set-a-charging-profile'));
    const prof = need(p, 'csChargingProfiles', 'set-a-charging-profile') as Record<string, unknown>;
    return { action: 'SetChargingProfile', payload: { connectorId, csChargingProfiles: profile(ctx, identity, prof, connectorId) } };
  },
  'clear-a-charging-profile'(ctx, _id, p) {
    return { action: 'ClearChargingProfile', payload: ctx.faults.has('clear-charging-profile-clears-all') ? {} : { ...p } };
  },
  'get-the-composite-schedule'(ctx, _id, p) {
    const payload: Record<string, unknown> = { connectorId: Number(need(p, 'connectorId', 'get-the-composite-schedule')), duration: Number(need(p, 'duration', 'get-the-composite-schedule')) };
    if (p.chargingRateUnit !== undefined) payload.chargingRateUnit = ctx.faults.has('charging-rate-unit-wrong') ? (p.chargingRateUnit === 'A' ? 'W' : 'A') : p.chargingRateUnit;
    return { action: 'GetCompositeSchedule', payload };
  },
  'reserve-a-connector'(ctx, _id, p, state) {
    const idTag = String(need(p, 'idTag', 'reserve-a-connector'));
    const c = Number(need(p, 'connectorId', 'reserve-a-connector'));
    const payload: Record<string, unknown> = {
      connectorId: ctx.faults.has('reserve-wrong-connector') ? (c === 0 ? 1 : 0) : c,
      expiryDate: String(p.expiryDate ?? isoNow(3_600_000)),
      idTag,
      reservationId: state.nextReservationId++,
    };
    const parent = ctx.opts.idTags[idTag]?.parentIdTag;
    if (parent && !ctx.faults.has('reserve-without-parent-id-tag')) payload.parentIdTag = parent;
    return { action: 'ReserveNow', payload };
  },
  'cancel-a-reservation'(ctx, _id, p) {
    const id = Number(need(p, 'reservationId', 'cancel-a-reservation'));
    return { action: 'CancelReservation', payload: { reservationId: ctx.faults.has('cancel-reservation-wrong-id') ? id + 1 : id } };
  },
  'get-diagnostics'(ctx, _id, p) {
    const location = String(need(p, 'location', 'get-diagnostics'));
    return { action: 'GetDiagnostics', payload: { location: ctx.faults.has('diagnostics-wrong-location') ? 'ftp://csms.invalid/diagnostics/' : location } };
  },
  'update-the-firmware'(ctx, _id, p) {
    const location = String(need(p, 'location', 'update-the-firmware'));
    return { action: 'UpdateFirmware', payload: { location: ctx.faults.has('firmware-wrong-location') ? 'ftp://csms.invalid/firmware.bin' : location, retrieveDate: String(p.retrieveDate ?? isoNow()) } };
  },
  'renew-the-station-certificate'(ctx) {
    const requestedMessage = ctx.faults.has('certificate-renewal-wrong-trigger') ? 'BootNotification' : 'SignChargePointCertificate';
    return { action: 'ExtendedTriggerMessage', payload: { requestedMessage } };
  },
  'get-the-security-log'(ctx, _id, p, state) {
    const remoteLocation = String(need(p, 'remoteLocation', 'get-the-security-log'));
    const logType = ctx.faults.has('get-log-wrong-type') ? 'DiagnosticsLog' : 'SecurityLog';
    return { action: 'GetLog', payload: { logType, requestId: state.nextRequestId++, log: { remoteLocation } } };
  },
  'list-installed-certificates'(ctx, _id, p) {
    const type = String(need(p, 'certificateType', 'list-installed-certificates'));
    const wrong = type === 'CentralSystemRootCertificate' ? 'ManufacturerRootCertificate' : 'CentralSystemRootCertificate';
    return { action: 'GetInstalledCertificateIds', payload: { certificateType: ctx.faults.has('certificate-ids-wrong-type') ? wrong : type } };
  },
  'install-a-root-certificate'(ctx, _id, p) {
    const type = String(need(p, 'certificateType', 'install-a-root-certificate'));
    const wrong = type === 'CentralSystemRootCertificate' ? 'ManufacturerRootCertificate' : 'CentralSystemRootCertificate';
    return { action: 'InstallCertificate', payload: { certificateType: ctx.faults.has('install-certificate-wrong-type') ? wrong : type, certificate: String(need(p, 'certificate', 'install-a-root-certificate')) } };
  },
  'update-the-firmware-securely'(ctx, _id, p, state) {
    const location = String(need(p, 'location', 'update-the-firmware-securely'));
    const firmware = {
      location: ctx.faults.has('signed-firmware-wrong-location') ? 'https://csms.invalid/firmware.bin' : location,
      retrieveDateTime: isoNow(),
      signingCertificate: String(need(p, 'signingCertificate', 'update-the-firmware-securely')),
      signature: String(need(p, 'signature', 'update-the-firmware-securely')),
    };
    return { action: 'SignedUpdateFirmware', payload: { requestId: state.nextRequestId++, firmware } };
  },
  'delete-a-certificate'(ctx, _id, p) {
    const hash = { ...(need(p, 'certificateHashData', 'delete-a-certificate') as Record<string, unknown>) };
    if (ctx.faults.has('delete-certificate-wrong-serial')) hash.serialNumber = `${String(hash.serialNumber)}0`;
    return { action: 'DeleteCertificate', payload: { certificateHashData: hash } };
  },
};

/** What the 'alt' configuration does not implement (its PICS declares no LocalAuthListManagement profile). */
const ALT_UNSUPPORTED = new Set(['send-a-local-authorization-list', 'get-the-local-list-version']);

/** Intent names the reference 1.6 CSMS understands. */
export const CSMS16_INTENTS = Object.keys(builders);

/**
 * Builds the CALL for an intent with the CSMS's own logic and sends it; resolves once it is on its way
 * (the exchange's outcome is recorded like any CSMS-initiated CALL). Unknown intents and requests the CSMS
 * cannot serve (no such transaction) reject at once, naming the intent.
 */
export function createIntents(ctx: CsmsContext, send: SendCall): (identity: string, intent: CsmsIntent) => Promise<void> {
  // the 'alt' configuration numbers its reservations and requests from elsewhere (any integer is valid)
  const alt = ctx.opts.variant === 'alt';
  const state: IntentState = { localListVersion: new Map(), nextReservationId: alt ? 730_001 : 1, nextRequestId: alt ? 4_200_017 : 1 };
  return async (identity, intent) => {
    const build = Object.prototype.hasOwnProperty.call(builders, intent.name) ? builders[intent.name] : undefined;
    if (!build) throw new Error(`reference OCPP 1.6 CSMS: cannot '${intent.name.replace(/-/g, ' ')}' (it understands: ${CSMS16_INTENTS.join(', ')})`);
    if (ctx.opts.variant === 'alt' && ALT_UNSUPPORTED.has(intent.name)) throw new Error(`reference OCPP 1.6 CSMS (alt): cannot '${intent.name.replace(/-/g, ' ')}': it does not implement the LocalAuthListManagement profile`);
    const { action, payload } = build(ctx, identity, intent.params, state);
    send(identity, action, payload).catch(() => undefined);
  };
}
