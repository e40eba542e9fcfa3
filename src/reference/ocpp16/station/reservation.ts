import type { Station } from './station';
import type { Reservation } from './types';

/**
 * Reservation profile: ReserveNow / CancelReservation, reservations on a connector or on the whole charge
 * point (connector 0), expiry (the remaining time to expiryDate is scaled by timeScale like every other
 * duration the station waits for), and use of a reservation by its id tag or one with the same parentIdTag.
 */
export function registerReservation(st: Station): void {
  const reservations = new Map<number, Reservation>();

  const free = (id: number) => {
    const c = st.connectors[id];
    return !c.tx && !c.plugged && !c.authorized && !c.fault && !c.finishing && c.availability === 'Operative';
  };
  const stationWide = () => [...reservations.values()].filter((r) => r.connectorId === 0);
  const matches = (r: Reservation, idTag: string, parentIdTag?: string) => r.idTag === idTag || (!!r.parentIdTag && r.parentIdTag === parentIdTag);

  st.isReserved = (connectorId) => {
    if (st.fault('reservation-ignored')) return false;
    if ([...reservations.values()].some((r) => r.connectorId === connectorId)) return true;
    // a station-wide reservation holds the last free connectors
    const wide = stationWide().length;
    if (wide === 0) return false;
    const freeIds = st.connectors.slice(1).filter((c) => free(c.id) && ![...reservations.values()].some((r) => r.connectorId === c.id));
    return freeIds.length <= wide && freeIds.some((c) => c.id === connectorId);
  };

  st.mayUse = (connectorId, idTag, parentIdTag) => {
    if (st.fault('reservation-ignored')) return true;
    const own = [...reservations.values()].find((r) => r.connectorId === connectorId);
    if (own) return matches(own, idTag, parentIdTag);
    if (!st.isReserved(connectorId)) return true;
    return stationWide().some((r) => matches(r, idTag, parentIdTag));
  };

  st.consumeReservation = (connectorId, idTag, parentIdTag) => {
    const r =
      [...reservations.values()].find((x) => x.connectorId === connectorId && matches(x, idTag, parentIdTag)) ??
      stationWide().find((x) => matches(x, idTag, parentIdTag));
    if (!r) return undefined;
    remove(r);
    return r.reservationId;
  };

  function remove(r: Reservation): void {
    st.timers.clear(r.timer);
    reservations.delete(r.reservationId);
    if (r.connectorId > 0) st.connectors[r.connectorId].reservation = undefined;
  }

  st.handle(
    'ReserveNow',
    (p: { connectorId: number; expiryDate: string; idTag: string; parentIdTag?: string; reservationId: number }) => {
      if (p.connectorId < 0 || p.connectorId > st.opts.connectors) return { status: 'Rejected' };
      if (st.sim.rejectReservations && !st.fault('reserve-ignores-operator-disable')) return { status: 'Rejected' };
      if (p.connectorId === 0 && !st.config.bool('ReserveConnectorZeroSupported')) return { status: 'Rejected' };
      const existing = reservations.get(p.reservationId);
      if (p.connectorId > 0) {
        const c = st.connectors[p.connectorId];
        if (c.fault && !st.fault('reserve-faulted-accepted')) return { status: 'Faulted' };
        if (c.availability === 'Inoperative' || st.connectors[0].availability === 'Inoperative') return { status: 'Unavailable' };
        const heldByOther = c.reservation && c.reservation.reservationId !== p.reservationId;
        if ((c.tx || c.plugged || c.authorized || c.finishing || heldByOther) && !st.fault('reserve-occupied-accepted')) return { status: 'Occupied' };
      } else {
        const cs = st.connectors.slice(1);
        if ((st.connectors[0].fault || cs.every((c) => c.fault)) && !st.fault('reserve-faulted-accepted')) return { status: 'Faulted' };
        if (st.connectors[0].availability === 'Inoperative' || cs.every((c) => c.availability === 'Inoperative')) return { status: 'Unavailable' };
        const freeCount = cs.filter((c) => free(c.id) && !c.reservation).length;
        if (freeCount <= stationWide().filter((r) => r.reservationId !== p.reservationId).length && !st.fault('reserve-occupied-accepted')) return { status: 'Occupied' };
      }
      if (st.fault('reservation-ignored')) return { status: 'Accepted' };
      if (existing) remove(existing);
      const r: Reservation = { ...p };
      const remaining = Math.max(0, Date.parse(p.expiryDate) - Date.now());
      r.timer = st.timers.timeout(Math.max(5, remaining * st.opts.timeScale), () => {
        remove(r);
        st.refreshStatuses();
      });
      reservations.set(r.reservationId, r);
      if (r.connectorId > 0) st.connectors[r.connectorId].reservation = r;
      st.timers.timeout(1, () => st.refreshStatuses());
      return { status: 'Accepted' };
    },
  );

  st.handle('CancelReservation', ({ reservationId }: { reservationId: number }) => {
    const r = reservations.get(reservationId);
    if (!r) return { status: st.fault('cancel-unknown-reservation-accepted') ? 'Accepted' : 'Rejected' };
    remove(r);
    st.timers.timeout(1, () => st.refreshStatuses());
    return { status: 'Accepted' };
  });

}
