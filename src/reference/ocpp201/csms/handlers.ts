import { NOREPLY, createRPCError, type CallHandlerContext, type RPCServerClient } from 'ocpp-rpc';
import type { CsmsSutOptions } from '../../../rig/ocpp-sut';
import { type Timers, compact, formatDate } from '../util';

export interface CsmsTransaction {
  transactionId: string;
  identity: string;
  evseId?: number;
  idToken?: string;
  remoteStartId?: number;
  /** seqNo of every TransactionEvent received, in arrival order. */
  seqNos: number[];
  eventTypes: string[];
  active: boolean;
  stoppedReason?: string;
}

export interface CsmsContext {
  opts: CsmsSutOptions & { bootPending?: number };
  faults: Set<string>;
  timers: Timers;
  transactions: Map<string, CsmsTransaction>;
  /** Identities whose BootNotification was Accepted (kept across reconnections). */
  accepted: Set<string>;
  /** BootNotifications answered per identity. */
  boots: Map<string, number>;
  vendors: Set<string>;
  signCsr(identity: string, csr: string): string | undefined;
  received: Array<{ identity: string; action: string; payload: any; at: number }>;
  sent: Array<{ identity: string; action: string; payload: any; result?: any; error?: string }>;
  record(identity: string, action: string, payload: unknown, call: Promise<any>): Promise<any>;
  notify(): void;
  now(): string;
  /** Next id of a kind the CSMS allocates (requestId, remoteStartId), per the configuration's id scheme. */
  allocate(kind: 'requestId' | 'remoteStartId'): number;
  /** Changes the Basic auth password the CSMS expects from a station. */
  setPassword(identity: string, password: string): void;
  /** certificateHashDataChain each station last listed (GetInstalledCertificateIds; pending while it answers). */
  installedCertificates: Map<string, Promise<any[]>>;
}

/** The 'alt' configuration answers every CALL this much later (well within any call timeout). */
const ALT_ANSWER_DELAY_MS = 150;

type Handler = (ctx: CsmsContext, client: RPCServerClient, params: any) => unknown;

/** idTokenInfo for a token from opts.idTags (unknown tokens: Unknown). */
export function idTokenInfo(ctx: CsmsContext, token: { idToken: string; type: string } | undefined): Record<string, unknown> {
  if (!token) return { status: 'Unknown' };
  const entry = ctx.opts.idTags[token.idToken];
  if (!entry) return { status: ctx.faults.has('authorize-accepts-unknown') ? 'Accepted' : 'Unknown' };
  const info: Record<string, unknown> = { status: entry.status };
  if (entry.expiryDate) {
    if (entry.status === 'Accepted' && Date.parse(entry.expiryDate) <= Date.now()) info.status = 'Expired';
    if (!ctx.faults.has('no-cache-expiry')) info.cacheExpiryDateTime = formatDate(new Date(entry.expiryDate));
  }
  if (ctx.faults.has('auth-status-collapsed') && info.status !== 'Accepted') info.status = 'Invalid';
  if (entry.parentIdTag && !ctx.faults.has('ignores-group-id-token')) info.groupIdToken = { idToken: entry.parentIdTag, type: 'Central' };
  return info;
}

const ok = () => ({});

const handlers: Record<string, Handler> = {
  BootNotification(ctx, client) {
    const n = (ctx.boots.get(client.identity) ?? 0) + 1;
    ctx.boots.set(client.identity, n);
    let status = 'Accepted';
    if (ctx.faults.has('boot-rejected')) status = 'Rejected';
    else if (ctx.faults.has('boot-pending-forever') || n <= (ctx.opts.bootPending ?? 0)) status = 'Pending';
    if (status === 'Accepted') ctx.accepted.add(client.identity);
    else ctx.accepted.delete(client.identity);
    const hb = ctx.faults.has('constant-heartbeat-interval') ? 60 : ctx.opts.heartbeatInterval;
    const interval = ctx.faults.has('wrong-heartbeat-interval') ? Math.max(1, Math.ceil(hb / 60)) : status === 'Accepted' ? hb : Math.max(1, Math.round(hb / 2));
    return { currentTime: ctx.now(), interval, status };
  },
  Heartbeat: (ctx) => ({ currentTime: ctx.now() }),
  Authorize: (ctx, _c, p) => ({ idTokenInfo: idTokenInfo(ctx, p.idToken) }),
  TransactionEvent(ctx, client, p) {
    const id = p.transactionInfo.transactionId as string;
    let t = ctx.transactions.get(id);
    if (!t) {
      t = { transactionId: id, identity: client.identity, seqNos: [], eventTypes: [], active: true };
      ctx.transactions.set(id, t);
    }
    t.seqNos.push(p.seqNo);
    t.eventTypes.push(p.eventType);
    if (p.evse?.id !== undefined) t.evseId = p.evse.id;
    if (p.idToken) t.idToken = p.idToken.idToken;
    if (p.transactionInfo.remoteStartId !== undefined) t.remoteStartId = p.transactionInfo.remoteStartId;
    if (p.eventType === 'Ended') {
      t.active = false;
      t.stoppedReason = p.transactionInfo.stoppedReason;
    }
    if (!p.idToken || ctx.faults.has('no-id-token-info')) return {};
    const info = idTokenInfo(ctx, p.idToken);
    if (p.eventType === 'Started' && info.status === 'Accepted') {
      const busy = [...ctx.transactions.values()].some((x) => x !== t && x.active && x.idToken === p.idToken.idToken);
      if (busy) info.status = 'ConcurrentTx';
    }
    return { idTokenInfo: info };
  },
  StatusNotification: ok,
  MeterValues(ctx, _c, p) {
    if (p.evseId === 0 && ctx.faults.has('meter-values-evse0-rejected')) throw createRPCError('PropertyConstraintViolation', 'unknown EVSE 0');
    return {};
  },
  NotifyReport: ok,
  NotifyEvent: ok,
  NotifyMonitoringReport: ok,
  NotifyCustomerInformation: ok,
  NotifyDisplayMessages: ok,
  NotifyChargingLimit: ok,
  ClearedChargingLimit: ok,
  ReportChargingProfiles: ok,
  SecurityEventNotification: ok,
  FirmwareStatusNotification: ok,
  PublishFirmwareStatusNotification: ok,
  LogStatusNotification: ok,
  ReservationStatusUpdate: ok,
  NotifyEVChargingNeeds: () => ({ status: 'Accepted' }),
  NotifyEVChargingSchedule: () => ({ status: 'Accepted' }),
  GetCertificateStatus: () => ({ status: 'Failed' }),
  Get15118EVCertificate: () => ({ status: 'Failed', exiResponse: '' }),
  DataTransfer(ctx, _c, p) {
    if (!ctx.vendors.has(p.vendorId) && !ctx.faults.has('datatransfer-accepts-unknown-vendor')) return { status: 'UnknownVendorId' };
    return { status: 'Accepted' };
  },
  SignCertificate(ctx, client, p) {
    const chain = ctx.signCsr(client.identity, p.csr);
    if (chain === undefined) return { status: 'Rejected' };
    if (!ctx.faults.has('missing-certificate-signed')) {
      ctx.timers.timeout(Math.max(20, 1000 * ctx.opts.timeScale), () => {
        const payload = { certificateChain: chain, certificateType: p.certificateType };
        ctx.record(client.identity, 'CertificateSigned', payload, client.call('CertificateSigned', compact(payload))).catch(() => undefined);
      });
    }
    return { status: 'Accepted' };
  },
};

/** Installs the CSMS's handlers on a newly connected station, honouring the CSMS faults. */
export function attachHandlers(ctx: CsmsContext, client: RPCServerClient): void {
  for (const [action, fn] of Object.entries(handlers)) {
    client.handle(action, async (call: CallHandlerContext) => {
      ctx.received.push({ identity: client.identity, action, payload: call.params, at: Date.now() });
      ctx.notify();
      if (ctx.faults.has('silent')) return NOREPLY;
      if (ctx.faults.has('slow-response')) await ctx.timers.sleep(Math.max(35_000 * ctx.opts.timeScale, 2500));
      else if (ctx.opts.variant === 'alt') await ctx.timers.sleep(ALT_ANSWER_DELAY_MS);
      if (action !== 'BootNotification' && !ctx.accepted.has(client.identity) && !ctx.faults.has('no-security-error-before-boot')) {
        throw createRPCError('SecurityError', `${client.identity} is not accepted (BootNotification first)`);
      }
      return compact(await fn(ctx, client, call.params));
    });
  }
}
