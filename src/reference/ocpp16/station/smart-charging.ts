import type { Station } from './station';
import type { Transactions } from './transactions';

/**
 * Smart Charging profile: SetChargingProfile / ClearChargingProfile / GetCompositeSchedule, with stack
 * levels, the three purposes, Absolute / Relative / Recurring kinds, validity windows, and the resulting
 * limit applied to what the EV draws. Schedules run on wall-clock time (they are data on the wire), the
 * meter on protocol time (see Transactions.advanceMeter).
 */

const VOLTS = 230;
const DEFAULT_PHASES = 3;
/** What the hardware can deliver per connector (gaps in the composite schedule are filled with it). */
export const HARDWARE_MAX_A = 32;

interface Period {
  startPeriod: number;
  limit: number;
  numberPhases?: number;
}
interface Schedule {
  duration?: number;
  startSchedule?: string;
  chargingRateUnit: 'A' | 'W';
  chargingSchedulePeriod: Period[];
  minChargingRate?: number;
}
export interface ChargingProfile {
  chargingProfileId: number;
  transactionId?: number;
  stackLevel: number;
  chargingProfilePurpose: 'ChargePointMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
  chargingProfileKind: 'Absolute' | 'Recurring' | 'Relative';
  recurrencyKind?: 'Daily' | 'Weekly';
  validFrom?: string;
  validTo?: string;
  chargingSchedule: Schedule;
}
interface Installed {
  connectorId: number;
  profile: ChargingProfile;
  installedAt: number;
}

const toW = (limit: number, unit: 'A' | 'W', phases?: number) => (unit === 'W' ? limit : limit * VOLTS * (phases ?? DEFAULT_PHASES));
const fromW = (w: number, unit: 'A' | 'W') => (unit === 'W' ? w : w / (VOLTS * DEFAULT_PHASES));
const round1 = (x: number) => Math.round(x * 10) / 10;

export class SmartCharging {
  readonly profiles: Installed[] = [];

  constructor(
    private readonly st: Station,
    private readonly tx: Transactions,
  ) {
    st.limitW = (id) => {
      const w = this.limitWAt(id, Date.now());
      return w === undefined ? Number.POSITIVE_INFINITY : w;
    };
    st.acceptsRemoteStartProfile = (p) => {
      const profile = p as unknown as ChargingProfile;
      return profile.chargingProfilePurpose === 'TxProfile' && profile.transactionId === undefined && this.check(profile) === undefined;
    };
    st.installTxProfile = (connectorId, p) => this.install(connectorId, p as unknown as ChargingProfile);
    st.removeTxProfiles = (connectorId) => this.remove((i) => i.connectorId === connectorId && i.profile.chargingProfilePurpose === 'TxProfile');

    st.handle('SetChargingProfile', ({ connectorId, csChargingProfiles: p }: { connectorId: number; csChargingProfiles: ChargingProfile }) => {
      if (connectorId < 0 || connectorId > st.opts.connectors) return { status: 'Rejected' };
      if (p.chargingProfilePurpose === 'ChargePointMaxProfile' && connectorId !== 0) return { status: 'Rejected' };
      if (p.chargingProfilePurpose === 'TxProfile' && !st.fault('tx-profile-unchecked')) {
        const c = st.connector(connectorId);
        if (!c?.tx) return { status: 'Rejected' };
        if (p.transactionId !== undefined && p.transactionId !== c.tx.id) return { status: 'Rejected' };
      }
      if (this.check(p) !== undefined) return { status: 'Rejected' };
      const replaces = this.profiles.filter((i) => this.replaces(i, connectorId, p)).length;
      if (this.profiles.length - replaces >= st.config.int('MaxChargingProfilesInstalled')) return { status: 'Rejected' };
      this.install(connectorId, p);
      return { status: 'Accepted' };
    });

    st.handle('ClearChargingProfile', (q: { id?: number; connectorId?: number; chargingProfilePurpose?: string; stackLevel?: number }) => {
      if (st.fault('clear-charging-profile-ignored')) return { status: 'Accepted' };
      const n =
        q.id !== undefined
          ? this.remove((i) => i.profile.chargingProfileId === q.id)
          : this.remove(
              (i) =>
                (q.connectorId === undefined || i.connectorId === q.connectorId) &&
                (q.chargingProfilePurpose === undefined || i.profile.chargingProfilePurpose === q.chargingProfilePurpose) &&
                (q.stackLevel === undefined || i.profile.stackLevel === q.stackLevel),
            );
      return { status: n > 0 ? 'Accepted' : 'Unknown' };
    });

    st.handle('GetCompositeSchedule', ({ connectorId, duration, chargingRateUnit }: { connectorId: number; duration: number; chargingRateUnit?: 'A' | 'W' }) => {
      if (connectorId < 0 || connectorId > st.opts.connectors) return { status: 'Rejected' };
      if (chargingRateUnit && !this.unitAllowed(chargingRateUnit)) return { status: 'Rejected' };
      const start = Math.floor(Date.now() / 1000) * 1000;
      const schedule = this.composite(connectorId, start, duration, chargingRateUnit);
      return { status: 'Accepted', connectorId, scheduleStart: new Date(start).toISOString(), chargingSchedule: schedule };
    });
  }

  private unitAllowed(unit: 'A' | 'W'): boolean {
    const allowed = this.st.config.list('ChargingScheduleAllowedChargingRateUnit');
    return allowed.includes(unit === 'A' ? 'Current' : 'Power');
  }

  /** Why a profile is not acceptable (undefined when it is). */
  private check(p: ChargingProfile): string | undefined {
    if (p.stackLevel < 0 || p.stackLevel > this.st.config.int('ChargeProfileMaxStackLevel')) return 'stackLevel';
    const s = p.chargingSchedule;
    if (!this.unitAllowed(s.chargingRateUnit)) return 'chargingRateUnit';
    if (s.chargingSchedulePeriod.length === 0 || s.chargingSchedulePeriod.length > this.st.config.int('ChargingScheduleMaxPeriods')) return 'periods';
    if (s.chargingSchedulePeriod[0].startPeriod !== 0) return 'first startPeriod';
    for (let i = 1; i < s.chargingSchedulePeriod.length; i++) {
      if (s.chargingSchedulePeriod[i].startPeriod <= s.chargingSchedulePeriod[i - 1].startPeriod) return 'startPeriod order';
    }
    if (s.chargingSchedulePeriod.some((x) => x.limit < 0)) return 'limit';
    if (p.chargingProfileKind === 'Recurring' && (!p.recurrencyKind || !s.startSchedule)) return 'recurrency';
    if (p.chargingProfileKind === 'Relative' && s.startSchedule) return 'relative with startSchedule';
    return undefined;
  }

  private replaces(i: Installed, connectorId: number, p: ChargingProfile): boolean {
    if (i.profile.chargingProfileId === p.chargingProfileId) return true;
    return i.connectorId === connectorId && i.profile.stackLevel === p.stackLevel && i.profile.chargingProfilePurpose === p.chargingProfilePurpose;
  }

  private install(connectorId: number, p: ChargingProfile): void {
    this.settleMeters();
    for (let k = this.profiles.length - 1; k >= 0; k--) if (this.replaces(this.profiles[k], connectorId, p)) this.profiles.splice(k, 1);
    this.profiles.push({ connectorId, profile: structuredClone(p), installedAt: Date.now() });
    this.st.timers.timeout(1, () => this.st.refreshStatuses());
  }

  private remove(pred: (i: Installed) => boolean): number {
    this.settleMeters();
    let n = 0;
    for (let k = this.profiles.length - 1; k >= 0; k--) {
      if (pred(this.profiles[k])) {
        this.profiles.splice(k, 1);
        n++;
      }
    }
    if (n > 0) this.st.timers.timeout(1, () => this.st.refreshStatuses());
    return n;
  }

  /** Books the energy drawn under the old limits before they change. */
  private settleMeters(): void {
    for (const c of this.st.connectors) this.tx.advanceMeter(c);
  }

  /** Start of the schedule cycle that covers time t, or undefined when the profile is not in force at t. */
  private cycleStart(i: Installed, t: number, conn: number): number | undefined {
    const p = i.profile;
    if (p.validFrom && t < Date.parse(p.validFrom)) return undefined;
    if (p.validTo && t >= Date.parse(p.validTo)) return undefined;
    const s = p.chargingSchedule;
    let start: number;
    if (p.chargingProfileKind === 'Relative') {
      start = this.relativeAnchor(conn);
    } else if (p.chargingProfileKind === 'Recurring') {
      const base = Date.parse(s.startSchedule!);
      const cycle = (p.recurrencyKind === 'Weekly' ? 7 : 1) * 86_400_000;
      if (t < base) return undefined;
      start = base + Math.floor((t - base) / cycle) * cycle;
    } else {
      start = s.startSchedule ? Date.parse(s.startSchedule) : (this.st.connectors[conn]?.tx?.startedAt.getTime() ?? i.installedAt);
    }
    if (t < start) return undefined;
    if (s.duration !== undefined && t >= start + s.duration * 1000) return undefined;
    return start;
  }

  /** A relative profile without a transaction is evaluated as if the transaction started now. */
  private relativeAnchor(connectorId: number): number {
    return this.st.connectors[connectorId]?.tx?.startedAt.getTime() ?? this.anchorNow;
  }
  private anchorNow = Date.now();

  private periodAt(i: Installed, t: number, conn: number): { w: number; a: number } | undefined {
    const start = this.cycleStart(i, t, conn);
    if (start === undefined) return undefined;
    const s = i.profile.chargingSchedule;
    const offset = (t - start) / 1000;
    let found: Period | undefined;
    for (const per of s.chargingSchedulePeriod) if (per.startPeriod <= offset) found = per;
    if (!found) return undefined;
    const w = toW(found.limit, s.chargingRateUnit, found.numberPhases);
    return { w, a: s.chargingRateUnit === 'A' ? found.limit : fromW(w, 'A') };
  }

  /** Highest stack level in force at t among the candidates. */
  private winner(cands: Installed[], t: number, conn: number): { w: number; a: number } | undefined {
    let best: { level: number; v: { w: number; a: number } } | undefined;
    for (const i of cands) {
      const v = this.periodAt(i, t, conn);
      const higher = !best || (this.st.fault('stack-level-inverted') ? i.profile.stackLevel < best.level : i.profile.stackLevel > best.level);
      if (v && higher) best = { level: i.profile.stackLevel, v };
    }
    return best?.v;
  }

  limitWAt(connectorId: number, t: number, forComposite = false): number | undefined {
    const max = forComposite && this.st.fault('composite-ignores-charge-point-max') ? undefined : this.winner(this.profiles.filter((i) => i.profile.chargingProfilePurpose === 'ChargePointMaxProfile'), t, connectorId);
    if (connectorId === 0) return max?.w;
    const c = this.st.connectors[connectorId];
    const byPurpose = (purpose: string, conn: number) => this.profiles.filter((i) => i.connectorId === conn && i.profile.chargingProfilePurpose === purpose);
    let tx = c?.tx ? this.winner(byPurpose('TxProfile', connectorId), t, connectorId) : undefined;
    if (!tx) tx = this.winner(byPurpose('TxDefaultProfile', connectorId), t, connectorId) ?? this.winner(byPurpose('TxDefaultProfile', 0), t, connectorId);
    if (!tx) return max?.w;
    return max ? Math.min(max.w, tx.w) : tx.w;
  }

  /** Times in [from, to) at which any profile's limit may change. */
  private boundaries(from: number, to: number, conn: number): number[] {
    const out = new Set<number>([from]);
    const add = (t: number) => {
      if (t > from && t < to) out.add(t);
    };
    for (const i of this.profiles) {
      const p = i.profile;
      if (p.validFrom) add(Date.parse(p.validFrom));
      if (p.validTo) add(Date.parse(p.validTo));
      const cycle = p.chargingProfileKind === 'Recurring' ? (p.recurrencyKind === 'Weekly' ? 7 : 1) * 86_400_000 : undefined;
      const starts: number[] = [];
      if (cycle) {
        const base = Date.parse(p.chargingSchedule.startSchedule!);
        const first = from <= base ? base : base + Math.floor((from - base) / cycle) * cycle;
        for (let s = first; s < to; s += cycle) starts.push(s);
      } else {
        const s = this.cycleStart(i, Math.max(from, this.anyStart(i, conn)), conn);
        starts.push(s ?? this.anyStart(i, conn));
      }
      for (const s of starts) {
        add(s);
        for (const per of p.chargingSchedule.chargingSchedulePeriod) add(s + per.startPeriod * 1000);
        if (p.chargingSchedule.duration !== undefined) add(s + p.chargingSchedule.duration * 1000);
      }
    }
    return [...out].sort((a, b) => a - b);
  }

  private anyStart(i: Installed, conn: number): number {
    const p = i.profile;
    if (p.chargingProfileKind === 'Relative') return this.relativeAnchor(conn);
    return p.chargingSchedule.startSchedule ? Date.parse(p.chargingSchedule.startSchedule) : (this.st.connectors[conn]?.tx?.startedAt.getTime() ?? i.installedAt);
  }

  composite(connectorId: number, start: number, duration: number, unit?: 'A' | 'W'): Schedule {
    this.anchorNow = start;
    const rateUnit = unit ?? this.profiles.find((i) => i.connectorId === connectorId || i.connectorId === 0)?.profile.chargingSchedule.chargingRateUnit ?? 'A';
    const end = start + duration * 1000;
    const hardwareW = toW(HARDWARE_MAX_A, 'A') * (connectorId === 0 ? this.st.opts.connectors : 1);
    const periods: Period[] = [];
    for (const t of this.boundaries(start, end, connectorId)) {
      const w = this.limitWAt(connectorId, t, true) ?? hardwareW;
      const limit = round1(fromW(Math.min(w, hardwareW), rateUnit));
      const last = periods[periods.length - 1];
      if (last && last.limit === limit) continue;
      periods.push({ startPeriod: Math.round((t - start) / 1000), limit });
    }
    this.anchorNow = Date.now();
    return { duration, startSchedule: new Date(start).toISOString(), chargingRateUnit: rateUnit, chargingSchedulePeriod: periods };
  }
}
