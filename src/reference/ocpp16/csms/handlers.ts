import { NOREPLY, createRPCError, type CallHandlerContext, type RPCServerClient } from 'ocpp-rpc';
import type { CsmsSutOptions } from '../../../rig/ocpp-sut';
import { randomInt } from 'node:crypto';
import { type Timers, isoNow, messageId } from '../util';

export interface CsmsTransaction {
  transactionId: number;
  identity: string;
  connectorId: number;
  idTag: string;
  meterStart: number;
  meterStop?: number;
  active: boolean;
}

/** Shared state of the reference central system, and what the handlers need of it. */
export interface CsmsContext {
  opts: CsmsSutOptions;
  faults: Set<string>;
  timers: Timers;
  transactions: Map<number, CsmsTransaction>;
  nextTransactionId: number;
  /** `identity|idTag` pairs the CSMS answered an Authorize for (only the `start-transaction-requires-authorize` fault looks). */
  authorized: Set<string>;
  /** The first transaction id assigned (what `constant-transaction-id` keeps answering). */
  firstTransactionId?: number;
  /** Vendors whose DataTransfer is understood. */
  vendors: Set<string>;
  /** Issues a certificate for a CSR (security extension); undefined when it cannot. */
  signCsr(identity: string, csr: string): string | undefined;
  /** Messages received per station (for inspection). */
  received: Array<{ identity: string; action: string; payload: any; at: number }>;
  /** CSMS-initiated CALLs and their outcome. */
  sent: Array<{ identity: string; action: string; payload: any; result?: any; error?: string }>;
  /** Records a CSMS-initiated CALL in `sent` and passes its outcome through. */
  record(identity: string, action: string, payload: unknown, call: Promise<any>): Promise<any>;
  /** Called after every received message was recorded. */
  notify(): void;
}

/**
 * A new transaction id: 1001, 1002 … by default; large non-sequential integers (below 2^31) in the 'alt'
 * configuration. Never one already used, unless the `constant-transaction-id` fault keeps the first.
 */
export function assignTransactionId(ctx: CsmsContext): number {
  if (ctx.faults.has('constant-transaction-id') && ctx.firstTransactionId !== undefined) return ctx.firstTransactionId;
  let id: number;
  if (ctx.opts.variant === 'alt') {
    do id = randomInt(100_000_000, 2_000_000_000);
    while (ctx.transactions.has(id));
  } else {
    id = ctx.nextTransactionId++;
  }
  ctx.firstTransactionId ??= id;
  return id;
}

/** The CSMS's clock: milliseconds by default, whole seconds in the 'alt' configuration (both valid). */
function clock(ctx: CsmsContext): string {
  return ctx.opts.variant === 'alt' ? isoNow().replace(/\.\d{3}Z$/, 'Z') : isoNow();
}

/** Actions the 'alt' configuration answers later (still well within any response timeout). */
const ALT_SLOW_ACTIONS = new Set(['StatusNotification', 'MeterValues']);
const ALT_DELAY_MS = 150;

type Handler = (ctx: CsmsContext, client: RPCServerClient, params: any) => unknown;

export function idTagInfo(ctx: CsmsContext, idTag: string | undefined): Record<string, unknown> {
  if (idTag === undefined) return { status: 'Invalid' };
  const entry = ctx.faults.has('known-id-tags-invalid') ? undefined : ctx.opts.idTags[idTag];
  if (!entry) return { status: ctx.faults.has('authorize-accepts-unknown') ? 'Accepted' : 'Invalid' };
  const info: Record<string, unknown> = { status: entry.status };
  if (entry.expiryDate && !ctx.faults.has('ignores-expiry-date')) {
    info.expiryDate = entry.expiryDate;
    if (entry.status === 'Accepted' && Date.parse(entry.expiryDate) <= Date.now()) info.status = 'Expired';
  }
  if (ctx.faults.has('ignores-expiry-date') && info.status === 'Expired') info.status = 'Accepted';
  if (entry.parentIdTag && !ctx.faults.has('ignores-parent-id-tag')) info.parentIdTag = entry.parentIdTag;
  if (ctx.faults.has('blocked-reported-invalid') && info.status === 'Blocked') info.status = 'Invalid';
  return info;
}

const handlers: Record<string, Handler> = {
  BootNotification(ctx) {
    const status = ctx.faults.has('boot-rejected') ? 'Rejected' : ctx.faults.has('boot-pending-forever') ? 'Pending' : 'Accepted';
    const interval = ctx.faults.has('wrong-heartbeat-interval') ? Math.max(1, Math.ceil(ctx.opts.heartbeatInterval / 60)) : ctx.opts.heartbeatInterval;
    return { status, currentTime: clock(ctx), interval };
  },
  async Heartbeat(ctx) {
    if (ctx.faults.has('heartbeat-answered-late')) await ctx.timers.sleep(Math.max(35_000 * ctx.opts.timeScale, 6_000));
    return { currentTime: ctx.faults.has('heartbeat-time-invalid') ? 'not-a-date' : clock(ctx) };
  },
  Authorize(ctx, client, p: { idTag: string }) {
    ctx.authorized.add(`${client.identity}|${p.idTag}`);
    return { idTagInfo: idTagInfo(ctx, p.idTag) };
  },
  StartTransaction(ctx, client, p: { connectorId: number; idTag: string; meterStart: number; timestamp: string }) {
    const info = idTagInfo(ctx, p.idTag);
    if (ctx.faults.has('start-transaction-requires-authorize') && !ctx.authorized.has(`${client.identity}|${p.idTag}`)) info.status = 'Invalid';
    if (ctx.faults.has('offline-start-rejected') && Date.now() - Date.parse(p.timestamp) > 10_000) info.status = 'Invalid';
    if (info.status === 'Accepted' && !ctx.faults.has('start-transaction-no-concurrent-check')) {
      const busy = [...ctx.transactions.values()].some((t) => t.active && t.idTag === p.idTag);
      if (busy) info.status = 'ConcurrentTx';
    }
    const transactionId = assignTransactionId(ctx);
    ctx.transactions.set(transactionId, {
      transactionId,
      identity: client.identity,
      connectorId: p.connectorId,
      idTag: p.idTag,
      meterStart: p.meterStart,
      active: info.status === 'Accepted',
    });
    return { idTagInfo: info, transactionId };
  },
  StopTransaction(ctx, _c, p: { transactionId: number; idTag?: string; meterStop: number; reason?: string }) {
    if (ctx.faults.has('stop-transaction-error-for-reason') && p.reason !== undefined && !['Local', 'Remote'].includes(p.reason)) {
      throw createRPCError('PropertyConstraintViolation', `reason ${p.reason} not handled`);
    }
    const t = ctx.transactions.get(p.transactionId);
    if (t) {
      t.active = false;
      t.meterStop = p.meterStop;
    }
    return p.idTag === undefined || ctx.faults.has('stop-transaction-without-id-tag-info') ? {} : { idTagInfo: idTagInfo(ctx, p.idTag) };
  },
  MeterValues: () => ({}),
  StatusNotification(ctx, _c, p: { errorCode: string }) {
    if (ctx.faults.has('status-error-code-refused') && p.errorCode !== 'NoError') throw createRPCError('PropertyConstraintViolation', `errorCode ${p.errorCode} not handled`);
    return {};
  },
  DiagnosticsStatusNotification: () => ({}),
  FirmwareStatusNotification: () => ({}),
  SecurityEventNotification: () => ({}),
  LogStatusNotification: () => ({}),
  SignedFirmwareStatusNotification: () => ({}),
  DataTransfer(ctx, _c, p: { vendorId: string; messageId?: string }) {
    if (!ctx.vendors.has(p.vendorId) && !ctx.faults.has('datatransfer-accepts-unknown-vendor')) return { status: 'UnknownVendorId' };
    return { status: 'Accepted' };
  },
  SignCertificate(ctx, client, p: { csr: string }) {
    const chain = ctx.signCsr(client.identity, p.csr);
    if (chain === undefined) return { status: 'Rejected' };
    if (!ctx.faults.has('missing-certificate-signed')) {
      ctx.timers.timeout(Math.max(20, 1000 * ctx.opts.timeScale), () => {
        const payload = { certificateChain: chain };
        ctx.record(client.identity, 'CertificateSigned', payload, client.call('CertificateSigned', payload)).catch(() => undefined);
      });
    }
    return { status: 'Accepted' };
  },
};

/** Installs the central system's handlers on a newly connected station, honouring the CSMS faults. */
export function attachHandlers(ctx: CsmsContext, client: RPCServerClient): void {
  for (const [action, fn] of Object.entries(handlers)) {
    client.handle(action, async (call: CallHandlerContext) => {
      ctx.received.push({ identity: client.identity, action, payload: call.params, at: Date.now() });
      ctx.notify();
      if (ctx.faults.has('silent')) return NOREPLY;
      if (ctx.faults.has('slow-response')) await ctx.timers.sleep(Math.max(35_000 * ctx.opts.timeScale, 6_000)); // beyond any harness response timeout on a reference rig
      if (ctx.opts.variant === 'alt' && ALT_SLOW_ACTIONS.has(action)) await ctx.timers.sleep(ALT_DELAY_MS);
      if (action === 'Heartbeat' && ctx.faults.has('invalid-json')) {
        client.sendRaw(`[3,"${call.messageId}",{"currentTime":`);
        return NOREPLY;
      }
      const result = (await fn(ctx, client, call.params)) as Record<string, unknown>;
      if (ctx.faults.has('heartbeat-time-invalid') && action === 'Heartbeat') {
        client.sendRaw(JSON.stringify([3, call.messageId, result]));
        return NOREPLY;
      }
      if (ctx.faults.has('sends-null-fields')) {
        const out = nullify(action, result);
        client.sendRaw(JSON.stringify([3, call.messageId, out]));
        return NOREPLY;
      }
      return result;
    });
  }
}

function nullify(action: string, result: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...result };
  if (out.idTagInfo && typeof out.idTagInfo === 'object') {
    const info = { ...(out.idTagInfo as Record<string, unknown>) };
    for (const k of ['parentIdTag', 'expiryDate']) if (info[k] === undefined) info[k] = null;
    out.idTagInfo = info;
  }
  if (action === 'DataTransfer' && out.data === undefined) out.data = null;
  return out;
}

export { messageId };
