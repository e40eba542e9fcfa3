/**
 * What the operator of the reference OCPP 2.0.1 CSMS can ask it to do (CsmsSutControl.perform). The CSMS builds
 * each message from its own state: it allocates requestIds and remoteStartIds, finds the transaction running on
 * an EVSE, remembers the certificates a station listed and generates passwords. The CSMS faults that break this
 * logic are applied here. An intent it does not know (or, in a configuration, does not support) is refused at
 * once with its name; the message exchange itself runs on after `performIntent` has resolved.
 */
import { randomBytes } from 'node:crypto';
import type { CsmsIntent } from '../../../rig/ocpp-sut';
import type { CsmsContext } from './handlers';

/** Sends one CSMS-initiated CALL to a connected station (recorded), resolving with the CALLRESULT payload. */
export type CallStation = (identity: string, action: string, payload: Record<string, unknown>) => Promise<any>;

type Params = Record<string, unknown>;
type Intent = (ctx: CsmsContext, identity: string, p: Params, call: CallStation) => void | Promise<void>;

/** Intents the 'alt' configuration does not support (declared in fixtures/pics/reference-alt/ocpp201-csms.json). */
const ALT_UNSUPPORTED = new Set(['get-customer-information', 'clear-customer-information', 'retrieve-a-log']);

function text(p: Params, key: string, intent: string): string {
  const v = p[key];
  if (v === undefined || v === null || v === '') throw new Error(`reference CSMS: '${intent}' needs '${key}'`);
  return String(v);
}

function optInt(p: Params, key: string): number | undefined {
  return p[key] === undefined ? undefined : Number(p[key]);
}

/** Fire and forget: the outcome is on the wire (and in the CSMS's record of sent calls). */
function send(call: CallStation, identity: string, action: string, payload: Params): void {
  call(identity, action, payload).catch(() => undefined);
}

/** A fresh requestId (GetBaseReport, GetLog, CustomerInformation …), per the configuration's id scheme. */
function requestId(ctx: CsmsContext): number {
  if (ctx.faults.has('request-id-constant')) return 1;
  return ctx.allocate('requestId');
}

function idToken(ctx: CsmsContext, token: string): Params {
  return { idToken: token, type: ctx.opts.variant === 'alt' ? 'ISO14443' : 'Central' };
}

/** `Component.Variable` → value pairs from the intent's table (field = Component.Variable). */
function variablePairs(p: Params): Array<{ component: string; variable: string; value: unknown }> {
  const out: Array<{ component: string; variable: string; value: unknown }> = [];
  for (const [component, vars] of Object.entries(p)) {
    if (!vars || typeof vars !== 'object') throw new Error(`reference CSMS: variables are named Component.Variable ('${component}' is not)`);
    for (const [variable, value] of Object.entries(vars as Params)) out.push({ component, variable, value });
  }
  if (out.length === 0) throw new Error('reference CSMS: no variables named');
  return out;
}

function componentName(ctx: CsmsContext, name: string): string {
  return ctx.faults.has('variables-wrong-component') ? name.replace(/Ctrlr$/, '') : name;
}

const WRONG_TRIGGER: Record<string, string> = {
  BootNotification: 'Heartbeat',
  Heartbeat: 'StatusNotification',
  StatusNotification: 'MeterValues',
  MeterValues: 'TransactionEvent',
  TransactionEvent: 'MeterValues',
  LogStatusNotification: 'FirmwareStatusNotification',
  FirmwareStatusNotification: 'LogStatusNotification',
  SignChargingStationCertificate: 'SignV2GCertificate',
};

const WRONG_CERT_TYPE: Record<string, string> = {
  CSMSRootCertificate: 'V2GRootCertificate',
  ManufacturerRootCertificate: 'MORootCertificate',
  V2GRootCertificate: 'CSMSRootCertificate',
  MORootCertificate: 'ManufacturerRootCertificate',
};

function certType(ctx: CsmsContext, type: string): string {
  return ctx.faults.has('certificate-type-wrong') ? (WRONG_CERT_TYPE[type] ?? type) : type;
}

function reset(ctx: CsmsContext, identity: string, p: Params, call: CallStation): void {
  let type = text(p, 'type', 'reset');
  if (ctx.faults.has('reset-wrong-type')) type = type === 'OnIdle' ? 'Immediate' : 'OnIdle';
  const evseId = ctx.faults.has('reset-ignores-evse') ? undefined : optInt(p, 'evseId');
  send(call, identity, 'Reset', { type, evseId });
}

function customerInformation(ctx: CsmsContext, identity: string, p: Params, call: CallStation, clear: boolean): void {
  let report = clear ? p.report === true || p.report === 'true' : true;
  if (ctx.faults.has('customer-information-wrong-flags')) {
    if (clear) report = !report;
    else clear = true;
  }
  const who: Params = {};
  if (p.idToken !== undefined) who.idToken = idToken(ctx, String(p.idToken));
  else if (p.customerIdentifier !== undefined) who.customerIdentifier = String(p.customerIdentifier);
  else throw new Error('reference CSMS: customer information needs idToken or customerIdentifier');
  send(call, identity, 'CustomerInformation', { requestId: requestId(ctx), report, clear, ...who });
}

const INTENTS: Record<string, Intent> = {
  'remotely-start-a-transaction'(ctx, identity, p, call) {
    const remoteStartId = ctx.faults.has('remote-start-id-reused') ? 1 : ctx.allocate('remoteStartId');
    send(call, identity, 'RequestStartTransaction', { idToken: idToken(ctx, text(p, 'idToken', 'remotely start a transaction')), evseId: optInt(p, 'evseId'), remoteStartId });
  },
  'remotely-stop-the-transaction'(ctx, identity, p, call) {
    const evseId = optInt(p, 'evseId');
    const all = [...ctx.transactions.values()];
    const tx = all.find((t) => t.identity === identity && t.active && (evseId === undefined || t.evseId === evseId));
    if (!tx) throw new Error(`reference CSMS: no transaction of ${identity} is running${evseId === undefined ? '' : ` on EVSE ${evseId}`}`);
    const transactionId = ctx.faults.has('stop-wrong-transaction-id') ? String(all.indexOf(tx) + 1) : tx.transactionId;
    send(call, identity, 'RequestStopTransaction', { transactionId });
  },
  'get-the-transaction-status'(ctx, identity, p, call) {
    const evseId = optInt(p, 'evseId');
    const tx = [...ctx.transactions.values()].find((t) => t.identity === identity && t.active && (evseId === undefined || t.evseId === evseId));
    if (evseId !== undefined && !tx) throw new Error(`reference CSMS: no transaction of ${identity} is running on EVSE ${evseId}`);
    const wrong = ctx.faults.has('transaction-status-wrong-scope');
    const transactionId = (evseId === undefined) === wrong ? tx?.transactionId : undefined;
    send(call, identity, 'GetTransactionStatus', { transactionId });
  },
  'reset-the-station': reset,
  'reset-an-evse': reset,
  'change-availability'(ctx, identity, p, call) {
    const operationalStatus = text(p, 'operationalStatus', 'change availability');
    const id = optInt(p, 'evseId');
    const connectorId = optInt(p, 'connectorId');
    let evse = id === undefined ? undefined : { id, connectorId };
    if (ctx.faults.has('availability-wrong-scope')) evse = evse === undefined ? { id: 1, connectorId: undefined } : evse.connectorId === undefined ? undefined : { id: evse.id, connectorId: undefined };
    send(call, identity, 'ChangeAvailability', { operationalStatus, evse });
  },
  'trigger-a-message'(ctx, identity, p, call) {
    let requestedMessage = text(p, 'requestedMessage', 'trigger a message');
    if (ctx.faults.has('trigger-message-wrong-message')) requestedMessage = WRONG_TRIGGER[requestedMessage] ?? 'Heartbeat';
    const id = optInt(p, 'evseId');
    let evse = id === undefined ? undefined : { id, connectorId: optInt(p, 'connectorId') };
    if (ctx.faults.has('trigger-message-wrong-target')) evse = evse === undefined ? { id: 1, connectorId: undefined } : undefined;
    send(call, identity, 'TriggerMessage', { requestedMessage, evse });
  },
  'get-variables'(ctx, identity, p, call) {
    const getVariableData = variablePairs(p).map((v) => ({
      component: { name: componentName(ctx, v.component) },
      variable: { name: v.variable },
      // Actual is the default: the alt configuration leaves it out
      attributeType: v.value === undefined || v.value === '' || (ctx.opts.variant === 'alt' && v.value === 'Actual') ? undefined : String(v.value),
    }));
    send(call, identity, 'GetVariables', { getVariableData });
  },
  'set-variables'(ctx, identity, p, call) {
    const setVariableData = variablePairs(p).map((v) => ({ component: { name: componentName(ctx, v.component) }, variable: { name: v.variable }, attributeValue: String(v.value) }));
    send(call, identity, 'SetVariables', { setVariableData });
  },
  'change-the-basic-auth-password'(ctx, identity, _p, call) {
    const password = randomBytes(ctx.opts.variant === 'alt' ? 18 : 12).toString('base64url');
    const setVariableData = [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' }, attributeValue: password }];
    if (ctx.faults.has('password-changed-despite-rejected')) ctx.setPassword(identity, password);
    call(identity, 'SetVariables', { setVariableData })
      .then((r) => {
        if (r?.setVariableResult?.[0]?.attributeStatus === 'Accepted') ctx.setPassword(identity, password);
      })
      .catch(() => undefined);
  },
  'get-a-base-report'(ctx, identity, p, call) {
    let reportBase = text(p, 'reportBase', 'get a base report');
    if (ctx.faults.has('base-report-wrong-type')) reportBase = reportBase === 'FullInventory' ? 'ConfigurationInventory' : 'FullInventory';
    send(call, identity, 'GetBaseReport', { requestId: requestId(ctx), reportBase });
  },
  'set-a-network-profile-and-make-it-preferred'(ctx, identity, p, call) {
    const slot = ctx.faults.has('network-profile-wrong-slot') ? 1 : Number(text(p, 'configurationSlot', 'set a network profile'));
    const connectionData = {
      ocppVersion: 'OCPP20',
      ocppTransport: 'JSON',
      ocppCsmsUrl: text(p, 'ocppCsmsUrl', 'set a network profile'),
      messageTimeout: ctx.opts.variant === 'alt' ? 45 : 30,
      securityProfile: Number(text(p, 'securityProfile', 'set a network profile')),
      ocppInterface: text(p, 'ocppInterface', 'set a network profile'),
    };
    const priority = ctx.opts.variant === 'alt' || slot === 1 ? String(slot) : `${slot},1`;
    const setVariableData = [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'NetworkConfigurationPriority' }, attributeValue: priority }];
    call(identity, 'SetNetworkProfile', { configurationSlot: slot, connectionData })
      .then((r) => {
        if (r?.status === 'Accepted' || ctx.faults.has('network-priority-after-failed')) send(call, identity, 'SetVariables', { setVariableData });
      })
      .catch(() => undefined);
  },
  'clear-the-authorization-cache'(ctx, identity, _p, call) {
    if (!ctx.faults.has('clear-cache-not-sent')) send(call, identity, 'ClearCache', {});
  },
  'install-a-ca-certificate'(ctx, identity, p, call) {
    send(call, identity, 'InstallCertificate', { certificateType: certType(ctx, text(p, 'certificateType', 'install a CA certificate')), certificate: text(p, 'certificate', 'install a CA certificate') });
  },
  'list-the-installed-certificates'(ctx, identity, p, call) {
    let certificateType = p.certificateType === undefined ? undefined : [certType(ctx, String(p.certificateType))];
    if (certificateType === undefined && ctx.faults.has('certificate-type-wrong')) certificateType = ['CSMSRootCertificate'];
    const listing = call(identity, 'GetInstalledCertificateIds', { certificateType }).then(
      (r) => (Array.isArray(r?.certificateHashDataChain) ? r.certificateHashDataChain : []),
      () => [],
    );
    ctx.installedCertificates.set(identity, listing);
  },
  async 'delete-the-installed-certificate'(ctx, identity, p, call) {
    const type = text(p, 'certificateType', 'delete the installed certificate');
    const entry = ((await ctx.installedCertificates.get(identity)) ?? []).find((c: any) => c?.certificateType === type);
    if (!entry) throw new Error(`reference CSMS: ${identity} has not listed an installed ${type} (list the installed certificates first)`);
    const hash = { ...entry.certificateHashData };
    if (ctx.faults.has('delete-certificate-wrong-hash')) [hash.issuerNameHash, hash.issuerKeyHash] = [hash.issuerKeyHash, hash.issuerNameHash];
    send(call, identity, 'DeleteCertificate', { certificateHashData: hash });
  },
  'get-customer-information': (ctx, identity, p, call) => customerInformation(ctx, identity, p, call, false),
  'clear-customer-information': (ctx, identity, p, call) => customerInformation(ctx, identity, p, call, true),
  'update-the-firmware'(ctx, identity, p, call) {
    const what = 'update the firmware';
    let signingCertificate = text(p, 'signingCertificate', what);
    if (ctx.faults.has('firmware-certificate-not-pem')) signingCertificate = signingCertificate.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');
    const firmware = {
      location: text(p, 'location', what),
      retrieveDateTime: p.retrieveDateTime === undefined ? ctx.now() : String(p.retrieveDateTime),
      installDateTime: p.installDateTime === undefined || ctx.faults.has('firmware-install-time-dropped') ? undefined : String(p.installDateTime),
      signingCertificate,
      signature: text(p, 'signature', what),
    };
    const retries = ctx.opts.variant === 'alt' ? 2 : undefined;
    send(call, identity, 'UpdateFirmware', { requestId: requestId(ctx), retries, firmware });
  },
  'retrieve-a-log'(ctx, identity, p, call) {
    let logType = text(p, 'logType', 'retrieve a log');
    if (ctx.faults.has('log-wrong-type')) logType = logType === 'SecurityLog' ? 'DiagnosticsLog' : 'SecurityLog';
    send(call, identity, 'GetLog', { logType, requestId: requestId(ctx), log: { remoteLocation: text(p, 'remoteLocation', 'retrieve a log') } });
  },
};

/** Intent names the reference 2.0.1 CSMS understands (its operator API lists them). */
export const CSMS201_INTENTS = Object.keys(INTENTS);

/** Carries out an operator intent for `identity`; throws at once (naming it) when it cannot. */
export async function performIntent(ctx: CsmsContext, identity: string, intent: CsmsIntent, call: CallStation): Promise<void> {
  const fn = Object.prototype.hasOwnProperty.call(INTENTS, intent.name) ? INTENTS[intent.name] : undefined;
  if (!fn) throw new Error(`reference CSMS: no operator action '${intent.name}' (known: ${Object.keys(INTENTS).join(', ')})`);
  if (ctx.opts.variant === 'alt' && ALT_UNSUPPORTED.has(intent.name)) throw new Error(`reference CSMS (alt): '${intent.name}' is not supported in this configuration`);
  await fn(ctx, identity, intent.params, call);
}
