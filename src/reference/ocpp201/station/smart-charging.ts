import type { Station } from './station';
import type { Transactions } from './transactions';

interface Period {
  startPeriod: number;
  limit: number;
  numberPhases?: number;
}
interface Schedule {
  id: number;
  startSchedule?: string;
  duration?: number;
  chargingRateUnit: 'A' | 'W';
  chargingSchedulePeriod: Period[];
  minChargingRate?: number;
}
interface Profile {
  id: number;
  stackLevel: number;
  chargingProfilePurpose: 'ChargingStationExternalConstraints' | 'ChargingStationMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
  chargingProfileKind: 'Absolute' | 'Recurring' | 'Relative';
  recurrencyKind?: 'Daily' | 'Weekly';
  validFrom?: string;
  validTo?: string;
  transactionId?: string;
  chargingSchedule: Schedule[];
}
interface Installed {
  evseId: number;
  profile: Profile;
}

const VOLTAGE = 230;
/** Hardware limit of an EVSE: 32 A on 3 phases. */
const HW_LIMIT_A = 32;
const toW = (limit: number, unit: 'A' | 'W', phases = 3) => (unit === 'A' ? limit * VOLTAGE * phases : limit);
const fromW = (w: number, unit: 'A' | 'W', phases = 3) => (unit === 'A' ? Math.round((w / (VOLTAGE * phases)) * 10) / 10 : Math.round(w));

/**
 * Smart charging (block K): SetChargingProfile / GetChargingProfiles (+ ReportChargingProfiles) /
 * ClearChargingProfile / GetCompositeSchedule, TxProfile with RequestStartTransaction, and the limit the
 * station applies to its EVSEs (stack levels, purposes, validity, Relative / Absolute / Recurring schedules).
 */
export function registerSmartCharging(st: Station, tx: Transactions): void {
  const profiles: Installed[] = [];
  const enabled = () => st.dm.bool('SmartChargingCtrlr', 'Enabled');
  const updateEntries = () => st.dm.set({ name: 'SmartChargingCtrlr' }, { name: 'Entries', instance: 'ChargingProfiles' }, String(profiles.length));
  const limitsChanged = () => st.timers.timeout(1, () => st.allEvses.forEach((e) => tx.limitChanged(e)));

  /** Limit (W) a profile sets at time t for an EVSE, or undefined when it is not active then. */
  function limitAt(p: Profile, evseId: number, t: number): number | undefined {
    if (p.validFrom && Date.parse(p.validFrom) > t) return undefined;
    if (p.validTo && Date.parse(p.validTo) <= t) return undefined;
    const s = p.chargingSchedule[0];
    let start: number;
    if (p.chargingProfileKind === 'Relative') start = st.evse(evseId)?.tx?.startedAt ?? t;
    else start = s.startSchedule ? Date.parse(s.startSchedule) : t;
    if (p.chargingProfileKind === 'Recurring' && start <= t) {
      const cycle = (p.recurrencyKind === 'Weekly' ? 7 : 1) * 86_400_000;
      start += Math.floor((t - start) / cycle) * cycle;
    }
    const elapsed = (t - start) / 1000;
    if (elapsed < 0 || (s.duration !== undefined && elapsed >= s.duration)) return undefined;
    let current: Period | undefined;
    for (const per of s.chargingSchedulePeriod) if (per.startPeriod <= elapsed) current = per;
    return current ? toW(current.limit, s.chargingRateUnit, current.numberPhases) : undefined;
  }

  function highest(list: Installed[], evseId: number, t: number): number | undefined {
    const sorted = [...list].sort((a, b) => b.profile.stackLevel - a.profile.stackLevel);
    for (const i of sorted) {
      const l = limitAt(i.profile, evseId, t);
      if (l !== undefined) return l;
    }
    return undefined;
  }

  /** Composite limit (W) on an EVSE at time t (EVSE 0: the station). */
  function compositeW(evseId: number, t: number): number {
    const of = (purpose: Profile['chargingProfilePurpose'], evse: number) => profiles.filter((i) => i.profile.chargingProfilePurpose === purpose && i.evseId === evse);
    let limit = toW(HW_LIMIT_A, 'A') * (evseId === 0 ? st.allEvses.length : 1);
    for (const purpose of ['ChargingStationMaxProfile', 'ChargingStationExternalConstraints'] as const) {
      const l = highest(of(purpose, 0), evseId, t);
      if (l !== undefined) limit = Math.min(limit, l);
    }
    if (evseId > 0) {
      const e = st.evse(evseId);
      const txLimit = e?.tx ? highest(of('TxProfile', evseId), evseId, t) : undefined;
      const l = txLimit ?? highest(of('TxDefaultProfile', evseId), evseId, t) ?? highest(of('TxDefaultProfile', 0), evseId, t);
      if (l !== undefined) limit = Math.min(limit, l);
    }
    return limit;
  }

  tx.limitW = (evseId) => (enabled() ? compositeW(evseId, Date.now()) : Number.POSITIVE_INFINITY);
  tx.acceptsProfile = (evseId, profile) => {
    if (!enabled()) return false;
    install(evseId, profile as unknown as Profile);
    return true;
  };
  tx.onTxEnded.push((e) => {
    for (let i = profiles.length - 1; i >= 0; i--) if (profiles[i].evseId === e.id && profiles[i].profile.chargingProfilePurpose === 'TxProfile') profiles.splice(i, 1);
    updateEntries();
  });

  function install(evseId: number, profile: Profile): void {
    for (let i = profiles.length - 1; i >= 0; i--) {
      const o = profiles[i];
      const same = o.profile.id === profile.id;
      const slot = o.evseId === evseId && o.profile.stackLevel === profile.stackLevel && o.profile.chargingProfilePurpose === profile.chargingProfilePurpose;
      if (same || slot) profiles.splice(i, 1);
    }
    profiles.push({ evseId, profile });
    updateEntries();
    limitsChanged();
  }

  st.handle('SetChargingProfile', (p: { evseId: number; chargingProfile: Profile }) => {
    const cp = p.chargingProfile;
    if (!enabled()) return { status: 'Rejected', statusInfo: { reasonCode: 'NotEnabled' } };
    if (p.evseId !== 0 && !st.evse(p.evseId)) return { status: 'Rejected', statusInfo: { reasonCode: 'UnknownEVSE' } };
    if (cp.stackLevel > st.dm.int('SmartChargingCtrlr', 'ProfileStackLevel')) return { status: 'Rejected', statusInfo: { reasonCode: 'InvalidStackLevel' } };
    if (cp.chargingProfilePurpose === 'ChargingStationMaxProfile' && p.evseId !== 0) return { status: 'Rejected', statusInfo: { reasonCode: 'InvalidValue' } };
    if (cp.chargingProfilePurpose === 'ChargingStationExternalConstraints') return { status: 'Rejected', statusInfo: { reasonCode: 'InvalidValue' } };
    if (cp.chargingProfilePurpose === 'TxProfile') {
      const e = st.evse(p.evseId);
      if (!e?.tx || (cp.transactionId !== undefined && cp.transactionId !== e.tx.id)) return { status: 'Rejected', statusInfo: { reasonCode: 'TxNotFound' } };
    }
    const rates = st.dm.list('SmartChargingCtrlr', 'RateUnit');
    const s = cp.chargingSchedule[0];
    if (!s || !rates.includes(s.chargingRateUnit) || s.chargingSchedulePeriod.length > st.dm.int('SmartChargingCtrlr', 'PeriodsPerSchedule')) {
      return { status: 'Rejected', statusInfo: { reasonCode: 'InvalidSchedule' } };
    }
    if (s.chargingSchedulePeriod[0]?.startPeriod !== 0) return { status: 'Rejected', statusInfo: { reasonCode: 'InvalidSchedule' } };
    install(p.evseId, cp);
    return { status: 'Accepted' };
  });

  st.handle('GetChargingProfiles', (p: { requestId: number; evseId?: number; chargingProfile: { chargingProfilePurpose?: string; stackLevel?: number; chargingProfileId?: number[]; chargingLimitSource?: string[] } }) => {
    const c = p.chargingProfile;
    const found = profiles.filter(
      (i) =>
        (p.evseId === undefined || i.evseId === p.evseId) &&
        (c.chargingProfilePurpose === undefined || i.profile.chargingProfilePurpose === c.chargingProfilePurpose) &&
        (c.stackLevel === undefined || i.profile.stackLevel === c.stackLevel) &&
        (!c.chargingProfileId?.length || c.chargingProfileId.includes(i.profile.id)) &&
        (!c.chargingLimitSource?.length || c.chargingLimitSource.includes('CSO')),
    );
    if (found.length === 0) return { status: 'NoProfiles' };
    const byEvse = new Map<number, Profile[]>();
    for (const i of found) byEvse.set(i.evseId, [...(byEvse.get(i.evseId) ?? []), i.profile]);
    const groups = [...byEvse.entries()];
    st.timers.timeout(1, () => {
      groups.forEach(([evseId, list], n) => {
        void st.send('ReportChargingProfiles', { requestId: p.requestId, chargingLimitSource: 'CSO', evseId, chargingProfile: list, tbc: n < groups.length - 1 }).catch(() => undefined);
      });
    });
    return { status: 'Accepted' };
  });

  st.handle('ClearChargingProfile', (p: { chargingProfileId?: number; chargingProfileCriteria?: { evseId?: number; chargingProfilePurpose?: string; stackLevel?: number } }) => {
    const c = p.chargingProfileCriteria;
    let removed = 0;
    for (let i = profiles.length - 1; i >= 0; i--) {
      const it = profiles[i];
      const hit =
        p.chargingProfileId !== undefined
          ? it.profile.id === p.chargingProfileId
          : !!c &&
            (c.evseId === undefined || c.evseId === it.evseId) &&
            (c.chargingProfilePurpose === undefined || c.chargingProfilePurpose === it.profile.chargingProfilePurpose) &&
            (c.stackLevel === undefined || c.stackLevel === it.profile.stackLevel);
      if (hit || (p.chargingProfileId === undefined && !c)) {
        profiles.splice(i, 1);
        removed++;
      }
    }
    updateEntries();
    if (removed > 0) limitsChanged();
    return { status: removed > 0 ? 'Accepted' : 'Unknown' };
  });

  st.handle('GetCompositeSchedule', (p: { duration: number; chargingRateUnit?: 'A' | 'W'; evseId: number }) => {
    if (p.evseId !== 0 && !st.evse(p.evseId)) return { status: 'Rejected', statusInfo: { reasonCode: 'UnknownEVSE' } };
    if (p.chargingRateUnit && !st.dm.list('SmartChargingCtrlr', 'RateUnit').includes(p.chargingRateUnit)) return { status: 'Rejected', statusInfo: { reasonCode: 'UnsupportedRateUnit' } };
    const unit = p.chargingRateUnit ?? 'A';
    const start = Date.now();
    const duration = Math.min(p.duration, 7 * 86_400);
    const periods: Period[] = [];
    // second by second for the first day, then per minute
    for (let s = 0; s < duration; s += s < 86_400 ? 1 : 60) {
      const limit = fromW(compositeW(p.evseId, start + s * 1000), unit);
      if (periods.length === 0 || periods[periods.length - 1].limit !== limit) periods.push({ startPeriod: s, limit });
    }
    return {
      status: 'Accepted',
      schedule: { evseId: p.evseId, duration, scheduleStart: new Date(start).toISOString(), chargingRateUnit: unit, chargingSchedulePeriod: periods.length ? periods : [{ startPeriod: 0, limit: fromW(compositeW(p.evseId, start), unit) }] },
    };
  });
}
