import { createRPCError } from 'ocpp-rpc';
import type { Station } from './station';
import type { Transactions } from './transactions';

/** CSMS-initiated Core-profile operations of the reference charge point. */
export function registerCore(st: Station, tx: Transactions): void {
  st.applyScheduledAvailability = (connectorId) => {
    const c = st.connectors[connectorId];
    if (c?.scheduledAvailability) {
      c.availability = c.scheduledAvailability;
      c.scheduledAvailability = undefined;
    }
    const c0 = st.connectors[0];
    if (c0.scheduledAvailability && st.connectors.every((x) => !x.tx)) {
      c0.availability = c0.scheduledAvailability;
      c0.scheduledAvailability = undefined;
      st.refreshStatuses();
    }
  };

  st.handle('ChangeAvailability', ({ connectorId, type }: { connectorId: number; type: 'Operative' | 'Inoperative' }) => {
    if (connectorId < 0 || connectorId > st.opts.connectors) return { status: 'Rejected' };
    if (st.fault('ignores-change-availability')) return { status: 'Accepted' };
    const targets = connectorId === 0 ? st.connectors : [st.connectors[connectorId]];
    const busy = st.connectors.some((c) => c.tx && (connectorId === 0 || c.id === connectorId)) && targets.some((c) => c.availability !== type);
    for (const c of targets) {
      if (busy && (c.tx || c.id === 0)) c.scheduledAvailability = type;
      else {
        c.availability = type;
        c.scheduledAvailability = undefined;
      }
    }
    st.timers.timeout(1, () => st.refreshStatuses());
    return { status: busy ? 'Scheduled' : 'Accepted' };
  });

  st.handle('ChangeConfiguration', ({ key, value }: { key: string; value: string }) => {
    const hook = st.onConfigChange.get(key);
    const before = st.config.get(key);
    const guard = st.configGuards.get(key);
    if (guard && st.config.has(key) && !st.config.keys[key].readonly) {
      const verdict = guard(value);
      if (verdict) return { status: verdict };
    }
    let status = st.config.change(key, value, st.fault('readonly-key-changed'));
    if (status === 'NotSupported' && st.fault('unknown-key-rejected')) status = 'Rejected';
    if (status === 'Rejected' && st.config.has(key) && !st.config.keys[key].readonly && st.fault('invalid-config-value-accepted')) {
      st.config.set(key, value);
      status = 'Accepted';
    }
    if ((status === 'Accepted' || status === 'RebootRequired') && hook && st.config.get(key) !== before) {
      const now = st.config.get(key);
      st.timers.timeout(5, () => hook(now));
    }
    return { status };
  });

  st.handle('GetConfiguration', ({ key }: { key?: string[] }) => {
    const max = st.config.int('GetConfigurationMaxKeys');
    if (key && key.length > max) {
      throw createRPCError('OccurenceConstraintViolation', `at most ${max} keys`);
    }
    const res = st.config.read(key);
    if (st.fault('get-configuration-unknown-missing')) return { configurationKey: res.configurationKey };
    return res.unknownKey.length > 0 ? res : { configurationKey: res.configurationKey };
  });

  st.handle('ClearCache', () => {
    if (!st.config.bool('AuthorizationCacheEnabled')) return { status: 'Rejected' };
    if (!st.fault('clear-cache-ignored')) tx.cache.clear();
    return { status: 'Accepted' };
  });

  st.handle('DataTransfer', ({ vendorId, messageId, data }: { vendorId: string; messageId?: string; data?: string }) => {
    if (vendorId !== (st.opts.vendor ?? 'EVC') && !st.fault('data-transfer-unknown-vendor-accepted')) return { status: 'UnknownVendorId' };
    if (vendorId !== (st.opts.vendor ?? 'EVC')) return data === undefined ? { status: 'Accepted' } : { status: 'Accepted', data };
    if (messageId !== undefined && messageId !== 'Echo') return { status: 'UnknownMessageId' };
    return data === undefined ? { status: 'Accepted' } : { status: 'Accepted', data };
  });

  st.handle('RemoteStartTransaction', (p: { connectorId?: number; idTag: string; chargingProfile?: Record<string, unknown> }) => {
    if (st.phase !== 'Accepted') return { status: 'Rejected' }; // not allowed while boot is Pending
    const zeroAccepted = p.connectorId === 0 && st.fault('remote-start-connector-zero-accepted');
    if (p.connectorId !== undefined && !zeroAccepted && (p.connectorId <= 0 || p.connectorId > st.opts.connectors)) return { status: 'Rejected' };
    if (zeroAccepted) p = { ...p, connectorId: undefined };
    if (p.chargingProfile && !st.acceptsRemoteStartProfile(p.chargingProfile) && !st.fault('remote-start-profile-unchecked')) return { status: 'Rejected' };
    const free = (id: number) => {
      const c = st.connectors[id];
      return !c.tx && !c.fault && !c.finishing && c.availability === 'Operative' && st.connectors[0].availability === 'Operative' && st.mayUse(id, p.idTag);
    };
    const connectorId = p.connectorId ?? st.connectors.slice(1).find((c) => free(c.id) && c.plugged)?.id ?? st.connectors.slice(1).find((c) => free(c.id))?.id;
    if (connectorId === undefined || !free(connectorId)) return { status: 'Rejected' };
    st.timers.timeout(1, () => void remoteStart(st, tx, connectorId, p.idTag, p.chargingProfile));
    return { status: 'Accepted' };
  });

  st.handle('RemoteStopTransaction', ({ transactionId }: { transactionId: number }) => {
    if (st.phase !== 'Accepted') return { status: 'Rejected' };
    const c = tx.transactionById(transactionId);
    if (!c) return { status: st.fault('remote-stop-unknown-accepted') ? 'Accepted' : 'Rejected' };
    st.timers.timeout(1, () => tx.stopTransaction(c, 'Remote'));
    return { status: 'Accepted' };
  });

  st.handle('Reset', ({ type }: { type: 'Hard' | 'Soft' }) => {
    st.timers.timeout(5, () => void reset(st, tx, type));
    return { status: 'Accepted' };
  });

  st.handle('UnlockConnector', ({ connectorId }: { connectorId: number }) => {
    const c = st.connector(connectorId);
    if (st.fault('unlock-wrong-status') && (!c || st.sim.unlockFailure)) return { status: 'Unlocked' };
    if (c && st.sim.fixedCable && st.fault('unlock-fixed-cable-unlocked')) {
      if (c.tx) tx.stopTransaction(c, 'UnlockCommand');
      return { status: 'Unlocked' };
    }
    if (!c || st.sim.fixedCable || st.fault('unlock-not-supported')) return { status: 'NotSupported' };
    if (c.tx) tx.stopTransaction(c, 'UnlockCommand');
    if (st.sim.unlockFailure) return { status: 'UnlockFailed' };
    if (c.lockedAfterStop) {
      c.lockedAfterStop = undefined;
      st.timers.timeout(1, () => st.reportStatus(c.id));
    }
    return { status: 'Unlocked' };
  });
}

async function remoteStart(st: Station, tx: Transactions, connectorId: number, idTag: string, profile?: Record<string, unknown>): Promise<void> {
  const c = st.connectors[connectorId];
  let parentIdTag: string | undefined;
  if (st.config.bool('AuthorizeRemoteTxRequests') && !st.fault('remote-start-ignores-authorize')) {
    const info = await tx.authorize(idTag, { forceRemote: !st.config.bool('LocalPreAuthorize') });
    if (info.status !== 'Accepted') return;
    parentIdTag = info.parentIdTag;
  }
  if (c.tx) return;
  if (c.plugged) tx.startTransaction(c, idTag, parentIdTag, profile);
  else tx.setAuthorized(c, idTag, parentIdTag, true, profile);
}

async function reset(st: Station, tx: Transactions, type: 'Hard' | 'Soft'): Promise<void> {
  if (st.fault('no-reboot-after-reset')) return;
  if (!st.fault('reset-without-stopping-transaction')) tx.stopAll(type === 'Hard' ? 'HardReset' : 'SoftReset');
  else for (const c of st.connectors) c.tx = undefined;
  for (const c of st.connectors) {
    tx.clearAuthorized(c);
    c.finishing = false;
  }
  // let the StopTransactions go out before the connection closes (a hard reset may lose them: they stay queued)
  await st.drainQueue(st.callTimeoutMs);
  await st.reboot(st.ms(type === 'Hard' ? 3 : 1, 20));
}
