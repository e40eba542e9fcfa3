import type { Events } from './provisioning';
import type { Station } from './station';
import type { Transactions } from './transactions';
import type { Evse, IdToken, Reservation } from './types';

/**
 * Availability (block G), UnlockConnector (F05), faults raised on the hardware, and reservations (block H):
 * ChangeAvailability for the station / an EVSE / a connector (Scheduled while a transaction runs),
 * ReserveNow / CancelReservation / ReservationStatusUpdate (Expired, Removed).
 */
export function registerAvailability(st: Station, tx: Transactions, events: Events): { raiseFault(evseId: number, errorCode: string): void; clearFault(evseId: number): void } {
  // ---------------------------------------------------------------- ChangeAvailability

  // a change Scheduled while a transaction runs: applied when it ends, at the level it was asked for; a later request supersedes it
  const scheduled = new Map<number | 'station', { operative: boolean; connector: boolean }>();

  const apply = (target: number | 'station', operative: boolean, connector: boolean) => {
    if (target === 'station') {
      st.stationOperative = operative;
      st.dm.set({ name: 'ChargingStation' }, { name: 'Available' }, String(operative));
      st.dm.set({ name: 'ChargingStation' }, { name: 'AvailabilityState' }, operative ? 'Available' : 'Unavailable');
    } else {
      const e = st.evse(target)!;
      if (connector) e.connectorOperative = operative;
      else e.operative = operative;
      st.dm.set({ name: 'EVSE', evse: { id: e.id } }, { name: 'Available' }, String(e.operative));
      st.dm.set({ name: 'Connector', evse: { id: e.id, connectorId: 1 } }, { name: 'Available' }, String(e.connectorOperative && e.operative));
    }
    st.refreshStatuses();
  };

  tx.onTxEnded.push((e) => {
    const own = scheduled.get(e.id);
    if (own !== undefined) {
      scheduled.delete(e.id);
      apply(e.id, own.operative, own.connector);
    }
    const all = scheduled.get('station');
    if (all !== undefined && st.allEvses.every((x) => !x.tx)) {
      scheduled.delete('station');
      apply('station', all.operative, false);
    }
  });

  st.handle('ChangeAvailability', (p: { operationalStatus: 'Operative' | 'Inoperative'; evse?: { id: number; connectorId?: number } }) => {
    const operative = p.operationalStatus === 'Operative';
    if (st.fault('ignores-change-availability')) return { status: 'Accepted' };
    if (!p.evse || p.evse.id === 0) {
      if (!operative && st.allEvses.some((e) => e.tx)) {
        scheduled.set('station', { operative, connector: false });
        return { status: 'Scheduled' };
      }
      scheduled.delete('station');
      st.timers.timeout(1, () => {
        apply('station', operative, false);
        if (st.fault('same-availability-resends-status')) for (const x of st.allEvses) st.reportStatus(x.id, true);
      });
      return { status: 'Accepted' };
    }
    const e = st.evse(p.evse.id);
    if (!e || (p.evse.connectorId !== undefined && p.evse.connectorId !== 1)) return { status: 'Rejected' };
    const connector = p.evse.connectorId !== undefined;
    if (!operative && e.tx) {
      scheduled.set(e.id, { operative, connector });
      return { status: 'Scheduled' };
    }
    scheduled.delete(e.id);
    st.timers.timeout(1, () => {
      apply(e.id, operative, connector);
      if (st.fault('same-availability-resends-status')) st.reportStatus(e.id, true);
    });
    return { status: 'Accepted' };
  });

  // ---------------------------------------------------------------- UnlockConnector

  st.handle('UnlockConnector', (p: { evseId: number; connectorId: number }) => {
    if (st.fault('unlock-wrong-status')) return { status: 'Unlocked' };
    const e = st.evse(p.evseId);
    if (!e || p.connectorId !== 1) return { status: 'UnknownConnector' };
    if (e.tx?.authorized) return { status: 'OngoingAuthorizedTransaction' };
    if (st.sim.unlockFailure || (st.fault('unlock-fails-without-cable') && !e.plugged)) return { status: 'UnlockFailed' };
    if (e.tx) st.timers.timeout(1, () => tx.endTx(e, 'UnlockCommand', 'Other'));
    e.locked = false;
    return { status: 'Unlocked' };
  });

  // ---------------------------------------------------------------- hardware faults

  const connectorRef = (e: Evse) => ({ name: 'Connector', evse: { id: e.id, connectorId: 1 } });
  return {
    raiseFault(evseId: number, errorCode: string) {
      const e = st.evse(evseId);
      if (!e) throw new Error(`reference station ${st.identity}: no EVSE ${evseId}`);
      e.fault = errorCode;
      if (e.tx) tx.endTx(e, 'AbnormalCondition', 'Other');
      st.refreshStatuses();
      events.notify(connectorRef(e), { name: 'Problem' }, 'true', { trigger: 'Alerting', techCode: errorCode.slice(0, 50) });
    },
    clearFault(evseId: number) {
      const e = st.evse(evseId);
      if (!e) throw new Error(`reference station ${st.identity}: no EVSE ${evseId}`);
      if (!e.fault) return;
      e.fault = undefined;
      st.refreshStatuses();
      events.notify(connectorRef(e), { name: 'Problem' }, 'false', { trigger: 'Alerting', cleared: true });
    },
  };
}

/** Reservations (block H). */
export function registerReservation(st: Station, tx: Transactions): void {
  const reservations = new Map<number, Reservation>();
  const enabled = () => st.dm.bool('ReservationCtrlr', 'Enabled');

  const remove = (r: Reservation, status?: 'Expired' | 'Removed') => {
    st.timers.clear(r.timer);
    reservations.delete(r.id);
    if (status) void st.send('ReservationStatusUpdate', { reservationId: r.id, reservationUpdateStatus: status }).catch(() => undefined);
    st.refreshStatuses();
  };

  /** Reservation on an EVSE, or (not EVSE-specific) the ones that would leave no EVSE free. */
  const reservationOn = (evseId: number): Reservation | undefined => {
    const own = [...reservations.values()].find((r) => r.evseId === evseId);
    if (own) return own;
    const floating = [...reservations.values()].filter((r) => r.evseId === undefined);
    if (floating.length === 0) return undefined;
    const free = st.allEvses.filter((e) => !e.tx && !e.plugged && !e.fault && e.operative && ![...reservations.values()].some((r) => r.evseId === e.id));
    return free.length <= floating.length ? floating[0] : undefined;
  };

  // an EVSE shows Reserved for its own reservation, or when reservations without an EVSE need every free EVSE
  st.isReserved = (evseId) => [...reservations.values()].some((r) => r.evseId === evseId) || (!st.evse(evseId)?.plugged && reservationOn(evseId) !== undefined);
  const matches = (r: Reservation, token: IdToken, group?: IdToken) =>
    r.idToken.idToken === token.idToken || (!!r.groupIdToken && !!group && r.groupIdToken.idToken === group.idToken);
  tx.mayUse = (evseId, token, group) => {
    const r = reservationOn(evseId);
    return !r || matches(r, token, group);
  };
  tx.consumeReservation = (evseId, token, group) => {
    const r = reservationOn(evseId) ?? [...reservations.values()].find((x) => x.evseId === undefined && matches(x, token, group));
    if (!r || !matches(r, token, group)) return undefined;
    remove(r);
    return r.id;
  };

  st.handle('ReserveNow', (p: { id: number; expiryDateTime: string; idToken: IdToken; evseId?: number; groupIdToken?: IdToken; connectorType?: string }) => {
    if (!enabled()) return { status: 'Rejected' };
    if (st.fault('reservation-ignored')) return { status: 'Accepted' };
    const existing = reservations.get(p.id);
    if (p.evseId !== undefined && p.evseId !== 0) {
      const e = st.evse(p.evseId);
      if (!e) return { status: 'Rejected' };
      if (e.fault) return { status: 'Faulted' };
      if (!e.operative || !e.connectorOperative || !st.stationOperative) return { status: 'Unavailable' };
      if (e.tx || e.plugged || e.pendingAuth) return { status: 'Occupied' };
      const other = [...reservations.values()].find((r) => r.evseId === e.id && r.id !== p.id);
      if (other) return { status: 'Occupied' };
    } else {
      const free = st.allEvses.filter((e) => !e.tx && !e.fault && !e.plugged && e.operative && ![...reservations.values()].some((r) => r.evseId === e.id && r.id !== p.id));
      if (free.length === 0) return { status: 'Occupied' };
    }
    if (existing) remove(existing);
    const r: Reservation = { id: p.id, evseId: p.evseId || undefined, idToken: p.idToken, groupIdToken: p.groupIdToken, expiry: Date.parse(p.expiryDateTime) };
    // the remaining time to expiryDateTime is scaled like every other duration the station waits
    const remaining = Math.max(0, r.expiry - Date.now());
    r.timer = st.timers.timeout(Math.max(20, remaining * st.opts.timeScale), () => {
      if (reservations.get(r.id) === r) remove(r, 'Expired');
    });
    reservations.set(r.id, r);
    st.timers.timeout(1, () => st.refreshStatuses());
    return { status: 'Accepted' };
  });

  st.handle('CancelReservation', (p: { reservationId: number }) => {
    const r = reservations.get(p.reservationId);
    if (!r) return { status: 'Rejected' };
    st.timers.timeout(1, () => remove(r));
    return { status: 'Accepted' };
  });

  /** Availability change / fault on a reserved EVSE removes its reservation. */
  const check = st.refreshStatuses.bind(st);
  st.refreshStatuses = () => {
    for (const r of [...reservations.values()]) {
      const e = r.evseId !== undefined ? st.evse(r.evseId) : undefined;
      if (e && (e.fault || !e.operative || !e.connectorOperative || !st.stationOperative)) {
        st.timers.clear(r.timer);
        reservations.delete(r.id);
        void st.send('ReservationStatusUpdate', { reservationId: r.id, reservationUpdateStatus: 'Removed' }).catch(() => undefined);
      }
    }
    check();
  };
}
