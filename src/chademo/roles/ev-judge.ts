/**
 * The harness EV's continuous judge of the charger under test: every CHAdeMO frame and digital-line change the
 * charger produces is checked the moment it arrives, against the limits in ctx.limits (rig overrides, scaled):
 * malformed frames (wrong DLC, unknown id in the CHAdeMO range), the first 0x108 carrying real values, 109.5.0
 * never together with 109.5.5, the protocol number, current never above the EV's request nor the available
 * current, no current before the EV's contactors close, present voltage against the inlet, ramp-down to
 * stopCurrentA within rampDownMs of a stop, lock before the insulation test, the insulation test visible on the
 * inlet and its residual below insulationResidualV at d2, d2 held until welding detection, unlock below
 * safeVoltageV, 0x108 unchanged without dynamic control, discharge within the EV's 0x200 limit, and the 0x108/
 * 0x109 cycle (missed cycles, flooding, silence; jitter judged on the statistics at each checkpoint).
 * The first breach is recorded in the SeenLog, which fails every pending wait at once with it.
 */
import { monoUs } from '../../core/clock';
import type { CanFrame } from '../../transport/can/frame';
import { formatCanFrame } from '../../transport/can/frame';
import { versionAtLeast } from '../framing/codec';
import type { CycleMonitor } from '../framing/cyclic';
import { CHARGER_IDS, type ChargerParams, type ChargerStatus, type ChademoLimitName, type ChademoMessage, type ChademoRoleContext, type LineChange, protocolNumber } from '../types';
import type { EvState } from './ev-state';
import type { SeenLog } from './ev-log';
import { chademoVerdict, describeLimit, ms } from './verdicts';

/** The charger reports whole amperes: a reading 1 A over a limit may be rounding. */
export const CURRENT_MARGIN_A = 1;
/** Present voltage (0x109 b1–2) against the inlet: a charger measures at its output, the harness at the inlet. */
export const VOLTAGE_TOLERANCE_V = 10;
/** A gap of more than this many cycle periods (+ tolerance) in 0x108/0x109 while d1 is on is a missed cycle. */
export const MISSED_CYCLES = 3;
/** This many frames of one id within one cycle period: the charger floods the bus. */
export const FLOOD_FRAMES = 5;
/**
 * Jitter: the median |interval − period| above this share of the period (of at least MIN_INTERVALS) is a jittering
 * sender. The median, not p99 or the share outside ± tolerance: a loaded machine stalls the harness's own event
 * loop now and then (one long interval and a short one after it), which must not fail a compliant charger.
 */
export const JITTER_SHARE = 0.25;
const MIN_INTERVALS = 10;
const HARNESS = 'harness judgement (configurable in a later version; values stated in the verdict)';

const hex = (f: CanFrame) => formatCanFrame(f);

export interface CycleFigures {
  id: number;
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  minMs: number;
  outside: number;
  /** Median |interval − period| over the intervals no harness stall overlapped, ms. */
  medianDevMs: number;
  /** Intervals no harness stall overlapped. */
  clean: number;
  /** Median of those intervals, ms (0 without any). */
  p50CleanMs: number;
}

export class ChargerJudge {
  params: ChargerParams | undefined;
  status: ChargerStatus | undefined;
  chargerDynamic = false;
  /** monoUs of the first 0x109 with 109.5.0 (charging). */
  chargingSeenAtUs: number | undefined;
  /** 0x109 frames seen since the EV began sending 0x102 (the protocol-number check waits for a few). */
  private statusFramesAfterEv = 0;
  insulationSeenAtUs: number | undefined;
  /** Highest inlet voltage seen during the insulation test (k closed / d1 on, EV contactors open, before d2). */
  insulationPeakV = 0;
  d1RoseAtUs: number | undefined;
  d1FellAtUs: number | undefined;
  d2RoseAtUs: number | undefined;
  d2FellAtUs: number | undefined;
  unlockedAtUs: number | undefined;
  private readonly lastAt = new Map<number, number>();
  private readonly recentAt = new Map<number, number[]>();
  private readonly intervals = new Map<number, number[]>();
  private readonly cleanIntervals = new Map<number, number[]>();
  private readonly available: { tUs: number; a: number }[] = [];
  private deviationSinceUs: number | undefined;
  private readonly offs: (() => void)[] = [];
  private readonly tick: NodeJS.Timeout;
  /** The harness's own event-loop stalls (tick lateness), to tell them from the charger's timing. */
  private readonly stalls: { atUs: number; ms: number }[] = [];
  private lastTickUs: number;
  private get tickMs(): number {
    return Math.max(5, this.ctx.limits.cyclePeriodMs / 2);
  }

  constructor(
    private readonly ctx: ChademoRoleContext,
    private readonly log: SeenLog,
    private readonly ev: EvState,
    monitor: CycleMonitor,
  ) {
    this.offs.push(monitor.onMessage((m, f) => this.onMessage(m, f)));
    this.offs.push(monitor.onMalformed((e, f) => this.breach(`the charger sent a malformed CHAdeMO frame: ${e.problem}`, 'well-formed CHAdeMO frames: known ids 0x108/0x109/0x118/0x208/0x209, DLC 8', `${hex(f)} (id 0x${f.id.toString(16).toUpperCase()}, DLC ${f.data.length})`)));
    this.offs.push(ctx.bus.lines.onChange((c) => this.onLine(c)));
    this.lastTickUs = monoUs();
    this.tick = setInterval(() => this.onTick(), this.tickMs);
  }

  close(): void {
    clearInterval(this.tick);
    for (const off of this.offs.splice(0)) off();
  }

  private get lim(): Record<ChademoLimitName, number> {
    return this.ctx.limits;
  }

  private breach(headline: string, expected: string, actual: string, timeout = false): void {
    if (this.log.failed) return;
    this.ctx.trace.note('chademo', `verdict: FAILED — ${headline}`);
    this.log.fail(chademoVerdict(this.ctx.trace, headline, expected, actual, timeout));
  }

  private limit(name: ChademoLimitName): string {
    return describeLimit(this.ctx, name);
  }

  // ------------------------------------------------------------------ frames

  private onMessage(msg: ChademoMessage, f: CanFrame): void {
    const tUs = f.tUs ?? monoUs();
    if (!CHARGER_IDS.includes(f.id)) return; // an EV id: not the charger's frame
    this.cycle(f.id, tUs, f);
    this.judgeMessage(msg, tUs, f);
    // judged before the waits see it: a breach rejects them instead of letting a step pass on this frame
    this.log.push({ tUs, kind: 'frame', msg, frame: f });
  }

  private judgeMessage(msg: ChademoMessage, tUs: number, f: CanFrame): void {
    if (msg.name === 'chargerParams') this.onParams(msg.value, tUs, f);
    else if (msg.name === 'chargerStatus') this.onStatus(msg.value, tUs, f);
    else if (msg.name === 'chargerExtended') this.chargerDynamic = msg.value.dynamicControl;
    else if (msg.name === 'chargerDischarge') {
      const max = this.ev.maxDischargeA ?? 0;
      if (msg.value.presentDischargeCurrentA > max + CURRENT_MARGIN_A) {
        this.breach(`the charger discharges ${msg.value.presentDischargeCurrentA} A, above the EV's maximum discharge current ${max} A (0x200 b0)`, `0x208 present discharge current ≤ ${max} A (+ ${CURRENT_MARGIN_A} A rounding)`, `${hex(f)}: ${msg.value.presentDischargeCurrentA} A`);
      }
    }
  }

  private onParams(p: ChargerParams, tUs: number, f: CanFrame): void {
    if (!this.ev.stop && (p.availableVoltageV === 0 || p.availableCurrentA === 0)) {
      this.breach(`0x108 carries no real values (available ${p.availableVoltageV} V / ${p.availableCurrentA} A)${this.params ? '' : ' in the charger\'s first 0x108'}: an EV cannot check its battery against it`, '0x108 with the charger\'s available voltage and current > 0 from its first frame on', `${hex(f)}`);
    }
    const prev = this.available[this.available.length - 1];
    if (prev && prev.a !== p.availableCurrentA && this.chargingSeenAtUs !== undefined && !this.ev.stop && !this.dynamicAgreed()) {
      this.breach(`the charger changed its available current from ${prev.a} A to ${p.availableCurrentA} A during charging without dynamic control agreed (EV 0x110 .0 ${this.ev.dynamicOffered ? 'set' : 'not set'}, charger 0x118 .0 ${this.chargerDynamic ? 'set' : 'not set'}, version ${this.ctx.version})`, `0x108 b3 stays ${prev.a} A while charging`, hex(f));
    }
    if (!prev || prev.a !== p.availableCurrentA) this.available.push({ tUs, a: p.availableCurrentA });
    this.params = p;
  }

  dynamicAgreed(): boolean {
    return versionAtLeast(this.ctx.version, '1.2') && this.ev.dynamicOffered && this.chargerDynamic;
  }

  private maxAvailableSince(sinceUs: number): number {
    let max = 0;
    for (let i = 0; i < this.available.length; i++) {
      const next = this.available[i + 1];
      if (!next || next.tUs >= sinceUs) max = Math.max(max, this.available[i].a);
    }
    return max;
  }

  private onStatus(s: ChargerStatus, tUs: number, f: CanFrame): void {
    const L = this.lim;
    const st = s.status;
    this.status = s;
    if (st.charging && st.stopControl) return this.breach('0x109 b5 has 109.5.0 (charging) and 109.5.5 (stop control) set together', '109.5.5 set before and after charging, never together with 109.5.0 (FACTS.md 0x109)', `${hex(f)}: b5 = 0x${f.data[5].toString(16).padStart(2, '0')}`);
    const expectedProto = protocolNumber(this.ctx.version);
    // the charger answers the EV's protocol number from its third 0x109 after the EV's first 0x102 on (counted in
    // frames, not only time: a stall of a loaded machine delays its reading of 0x102 and its sending alike)
    if (this.ev.statusSinceUs !== undefined) this.statusFramesAfterEv++;
    if (this.statusFramesAfterEv > 3 && !this.ev.silent && tUs - this.ev.statusSinceUs! > 2 * L.cyclePeriodMs * 1000 && s.protocolNumber !== expectedProto) {
      return this.breach(`0x109 b0 carries protocol number ${s.protocolNumber}, not the ${expectedProto} of the version the EV speaks (${this.ctx.version})`, `protocol number ${expectedProto} (1 = 0.9, 2 = 1.0–1.2, 3 = 2.0; FACTS.md 0x102/0x109 b0)`, hex(f));
    }
    if (st.charging) this.chargingSeenAtUs ??= tUs;
    if (st.malfunction && !this.ev.stop) this.ev.triggerStop('charger malfunction (109.5.1)', tUs, true, false);
    if (st.batteryIncompatible && !this.ev.stop) this.ev.triggerStop('battery incompatible (109.5.3)', tUs, true, false);
    const I = s.presentCurrentA;
    if (I > L.stopCurrentA && this.ev.contactorsClosedAtUs === undefined) {
      return this.breach(`the charger delivers ${I} A while the EV's contactors are open`, `≤ ${L.stopCurrentA} A until the EV closes its contactors (${versionAtLeast(this.ctx.version, '1.0') ? 'clears 102.5.3' : '0.9: after d2'}); ${this.limit('stopCurrentA')}`, hex(f));
    }
    const window = (L.rampDownMs + L.cyclePeriodMs) * 1000;
    const req = this.ev.maxRequestSince(tUs - window);
    if (I > req + CURRENT_MARGIN_A) {
      return this.breach(`the charger delivers ${I} A, above the EV's request of ${req} A (0x102 b3; the request in effect within the last ${ms(window)}: rampDownMs + one cycle)`, `0x109 present current ≤ ${req} A (+ ${CURRENT_MARGIN_A} A rounding, ${HARNESS})`, hex(f));
    }
    const avail = this.maxAvailableSince(tUs - window);
    if (this.available.length > 0 && I > avail + CURRENT_MARGIN_A) {
      return this.breach(`the charger delivers ${I} A, above its own available current ${avail} A (0x108 b3)`, `0x109 present current ≤ ${avail} A (+ ${CURRENT_MARGIN_A} A rounding)`, hex(f));
    }
    const inlet = this.ctx.bus.lines.inletVoltageV();
    // after a stop the output collapses (the EV may open its contactors at once): compared while charging undisturbed
    if (st.charging && I > L.stopCurrentA && !this.ev.stop && Math.abs(s.presentVoltageV - inlet) > VOLTAGE_TOLERANCE_V) {
      return this.breach(`0x109 present voltage ${s.presentVoltageV} V differs from the inlet voltage ${inlet.toFixed(1)} V by ${Math.abs(s.presentVoltageV - inlet).toFixed(1)} V`, `|present voltage − inlet voltage| ≤ ${VOLTAGE_TOLERANCE_V} V (${HARNESS})`, hex(f));
    }
    this.judgeStop(s, tUs, f);
    this.judgeDeviation(s, tUs, f);
  }

  private judgeStop(s: ChargerStatus, tUs: number, f: CanFrame): void {
    const stop = this.ev.stop;
    if (!stop) return;
    const L = this.lim;
    const since = (tUs - stop.atUs) / 1000 - this.harnessStallMs(stop.atUs, tUs);
    const allow = stop.viaCan ? L.cyclePeriodMs : 0;
    const why = stop.viaCan ? ` + one EV cycle (${L.cyclePeriodMs} ms: the stop travels in the EV's next 0x102)` : '';
    if (s.presentCurrentA > L.stopCurrentA && since > L.rampDownMs + allow) {
      this.breach(`after the stop (${stop.cause}) the charger still delivers ${s.presentCurrentA} A ${since.toFixed(1)} ms later; limit ${this.limit('rampDownMs')}${why}`, `≤ ${L.stopCurrentA} A within ${L.rampDownMs + allow} ms of the stop (${this.limit('stopCurrentA')})`, `${s.presentCurrentA} A after ${since.toFixed(1)} ms: ${hex(f)}`);
    } else if (s.status.charging && since > L.rampDownMs + allow + L.cyclePeriodMs) {
      this.breach(`after the stop (${stop.cause}) 0x109 still reports charging (109.5.0) ${since.toFixed(1)} ms later; limit ${this.limit('rampDownMs')}${why} + one charger cycle`, `109.5.0 cleared within ${L.rampDownMs + allow + L.cyclePeriodMs} ms of the stop`, hex(f));
    }
  }

  private judgeDeviation(s: ChargerStatus, tUs: number, f: CanFrame): void {
    const L = this.lim;
    const req = Math.min(this.ev.requestA, this.params?.availableCurrentA ?? this.ev.requestA);
    const deviating = !this.ev.stop && s.status.charging && req > 0 && Math.abs(s.presentCurrentA - req) > L.currentDeviationA;
    if (!deviating) {
      this.deviationSinceUs = undefined;
      return;
    }
    this.deviationSinceUs ??= tUs;
    const forMs = (tUs - this.deviationSinceUs) / 1000;
    if (forMs > L.currentDeviationMs) {
      this.breach(`the charger delivers ${s.presentCurrentA} A against the ${req} A the EV requests and the charger offers (deviation > ${this.limit('currentDeviationA')}) for ${forMs.toFixed(0)} ms; limit ${this.limit('currentDeviationMs')}`, `present current within ${L.currentDeviationA} A of the request`, hex(f));
    }
  }

  // ------------------------------------------------------------------ lines

  private onLine(c: LineChange): void {
    this.judgeLine(c);
    this.log.push({ tUs: c.tUs, kind: 'line', change: c });
  }

  private judgeLine(c: LineChange): void {
    const L = this.lim;
    const lines = this.ctx.bus.lines;
    if (c.line === 'inletVoltageV') {
      const v = c.value as number;
      const testing = lines.get('d1') && !lines.get('d2') && this.ev.contactorsClosedAtUs === undefined && this.d2RoseAtUs === undefined;
      if (testing && v > L.insulationResidualV) {
        if (this.insulationSeenAtUs === undefined && !lines.get('lock')) {
          this.breach(`the charger applies ${v.toFixed(1)} V to the inlet (insulation test) with the connector unlocked`, 'connector locked (lock line) before the insulation test', `lock off, inlet ${v.toFixed(1)} V`);
        }
        this.insulationSeenAtUs ??= c.tUs;
        this.insulationPeakV = Math.max(this.insulationPeakV, v);
      }
      return;
    }
    const on = c.value === true;
    if (c.line === 'd1') {
      if (on) this.d1RoseAtUs ??= c.tUs;
      else this.d1FellAtUs ??= c.tUs;
    } else if (c.line === 'd2' && on) this.onD2Rise(c);
    else if (c.line === 'd2' && !on) this.onD2Fall(c);
    else if (c.line === 'lock' && !on) {
      this.unlockedAtUs ??= c.tUs;
      const v = lines.inletVoltageV();
      if (v >= L.safeVoltageV) this.breach(`the charger unlocks the connector with ${v.toFixed(1)} V on the inlet`, `unlock only below ${this.limit('safeVoltageV')}`, `lock off at inlet ${v.toFixed(1)} V`);
    }
  }

  private onD2Rise(c: LineChange): void {
    const L = this.lim;
    this.d2RoseAtUs ??= c.tUs;
    if (this.ev.kClosedAtUs === undefined || !this.ctx.bus.lines.get('k')) {
      return this.breach('the charger sets d2 while k (the EV\'s charge permission) is open', 'd2 only after the EV closed k (FACTS.md sequence)', 'd2 on, k off');
    }
    if (this.insulationSeenAtUs === undefined) {
      return this.breach(`the charger sets d2 without an insulation test: the inlet never rose above ${L.insulationResidualV} V between k and d2`, 'insulation test voltage on the inlet after k and before d2 (FACTS.md sequence)', `inlet peak ${this.insulationPeakV.toFixed(1)} V before d2`);
    }
    const v = this.ctx.bus.lines.inletVoltageV();
    if (v >= L.insulationResidualV) {
      this.breach(`the charger sets d2 with ${v.toFixed(1)} V left on the inlet after the insulation test`, `inlet below ${this.limit('insulationResidualV')} when d2 is set`, `inlet ${v.toFixed(1)} V at d2 (test peak ${this.insulationPeakV.toFixed(1)} V)`);
    }
  }

  private onD2Fall(c: LineChange): void {
    this.d2FellAtUs ??= c.tUs;
    const stop = this.ev.stop;
    if (!stop?.evReportsWelding || this.ev.weldingReportedAtUs !== undefined || !this.weldingExpected()) return;
    // the charger waits for welding detection when it had seen the EV's contactors closed (one cycle) before the stop
    const closed = this.ev.contactorsClosedAtUs;
    if (closed === undefined || closed + this.lim.cyclePeriodMs * 1000 > stop.atUs || c.tUs - stop.atUs >= this.lim.weldingDetectionMs * 1000) return;
    this.breach(`the charger drops d2 ${ms(c.tUs - stop.atUs)} after the stop (${stop.cause}) before the EV reported welding detection (102.5.3)`, `d2 held until the EV sets 102.5.3 (welding detection, ${this.limit('weldingDetectionMs')}); the charger declares welding detection in 0x108 b0`, 'd2 off, 102.5.3 not yet set');
  }

  /** The charger waits for the EV's welding detection: it declares it (0x108 b0) and the version carries 102.5.3. */
  weldingExpected(): boolean {
    return versionAtLeast(this.ctx.version, '1.0') && (this.params?.weldingDetection ?? false);
  }

  // ------------------------------------------------------------------ cycle

  private cycle(id: number, tUs: number, f: CanFrame): void {
    if (id !== 0x108 && id !== 0x109) return;
    const L = this.lim;
    const periodUs = L.cyclePeriodMs * 1000;
    const recent = (this.recentAt.get(id) ?? []).filter((t) => tUs - t < periodUs);
    recent.push(tUs);
    this.recentAt.set(id, recent);
    if (recent.length >= FLOOD_FRAMES && this.harnessStallMs(recent[0] - periodUs, tUs) < L.cyclePeriodMs) {
      return this.breach(`the charger floods the bus: ${recent.length} frames 0x${id.toString(16)} within one cycle period (${this.limit('cyclePeriodMs')})`, `one 0x${id.toString(16)} per ${L.cyclePeriodMs} ms ± ${L.cycleToleranceMs} ms`, `${recent.length} frames in ${ms(tUs - recent[0])}, last ${hex(f)}`);
    }
    const last = this.lastAt.get(id);
    this.lastAt.set(id, tUs);
    if (last === undefined || !this.ctx.bus.lines.get('d1') || this.d1FellAtUs !== undefined) return;
    const gapMs = (tUs - last) / 1000;
    const list = this.intervals.get(id) ?? [];
    list.push(gapMs);
    this.intervals.set(id, list);
    // intervals the harness's own stall overlapped say nothing about the charger's jitter
    if (this.harnessStallMs(last, tUs) < JITTER_SHARE * L.cyclePeriodMs) {
      const clean = this.cleanIntervals.get(id) ?? [];
      clean.push(gapMs);
      this.cleanIntervals.set(id, clean);
    }
    const maxGap = MISSED_CYCLES * L.cyclePeriodMs + L.cycleToleranceMs;
    const stall = gapMs > maxGap ? this.harnessStallMs(last, tUs) : 0;
    if (stall > 0 && gapMs - stall <= maxGap) this.ctx.trace.note('chademo', `0x${id.toString(16)} gap ${gapMs.toFixed(1)} ms not judged: the harness's own event loop stood still ${stall.toFixed(1)} ms meanwhile`);
    if (gapMs - stall > maxGap) {
      this.breach(`the charger skipped 0x${id.toString(16)} cycles: ${gapMs.toFixed(1)} ms between two frames while d1 is on`, `one frame per ${this.limit('cyclePeriodMs')}; a gap above ${MISSED_CYCLES} periods + ${this.limit('cycleToleranceMs')} = ${maxGap} ms is a missed cycle`, `gap ${gapMs.toFixed(1)} ms before ${hex(f)}${stall > 0 ? ` (${stall.toFixed(1)} ms of it the harness's own stall, not counted)` : ''}`);
    }
  }

  /** Period statistics of 0x108/0x109 so far (while d1 was on). */
  figures(): CycleFigures[] {
    const L = this.lim;
    const out: CycleFigures[] = [];
    for (const [id, list] of this.intervals) {
      if (list.length === 0) continue;
      const sorted = [...list].sort((a, b) => a - b);
      const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
      const outside = list.filter((g) => Math.abs(g - L.cyclePeriodMs) > L.cycleToleranceMs).length;
      const clean = this.cleanIntervals.get(id) ?? [];
      const devs = clean.map((g) => Math.abs(g - L.cyclePeriodMs)).sort((a, b) => a - b);
      const medianDevMs = devs.length ? devs[Math.floor(devs.length / 2)] : 0;
      const cleanSorted = [...clean].sort((a, b) => a - b);
      const p50CleanMs = cleanSorted.length ? cleanSorted[Math.floor(cleanSorted.length / 2)] : 0;
      out.push({ id, count: list.length, clean: clean.length, p50Ms: q(0.5), p99Ms: q(0.99), maxMs: sorted[sorted.length - 1], minMs: sorted[0], outside, medianDevMs, p50CleanMs });
    }
    return out;
  }

  /** Judges the cycle statistics (jitter) and writes the figures into the trace. */
  judgeCycles(): void {
    const L = this.lim;
    for (const fig of this.figures()) {
      const text = `0x${fig.id.toString(16)} period p50 ${fig.p50Ms.toFixed(1)} ms, p99 ${fig.p99Ms.toFixed(1)} ms, min ${fig.minMs.toFixed(1)} ms, max ${fig.maxMs.toFixed(1)} ms, median jitter ${fig.medianDevMs.toFixed(1)} ms and p50 ${fig.p50CleanMs.toFixed(1)} ms (over ${fig.clean} intervals without a harness stall) over ${fig.count} intervals; ${fig.outside} outside ${L.cyclePeriodMs} ± ${L.cycleToleranceMs} ms`;
      this.ctx.trace.note('chademo', `figures: ${text}`);
      if (fig.count < MIN_INTERVALS) continue;
      const jitterMs = JITTER_SHARE * L.cyclePeriodMs;
      // the period too is judged on the intervals no harness stall overlapped: a stall of this process (a loaded
      // machine) lengthens the intervals it sees, which is not the charger's period
      if (fig.clean < MIN_INTERVALS) {
        this.ctx.trace.note('chademo', `0x${fig.id.toString(16)} period and jitter not judged: only ${fig.clean} intervals without a harness stall (need ${MIN_INTERVALS}); the missed-cycle and flooding checks still apply`);
        continue;
      }
      if (Math.abs(fig.p50CleanMs - L.cyclePeriodMs) > L.cycleToleranceMs || fig.medianDevMs > Math.min(jitterMs, L.cycleToleranceMs)) {
        this.breach(`the charger's 0x${fig.id.toString(16)} cycle is off: ${text}`, `period p50 within ${this.limit('cyclePeriodMs')} ± ${this.limit('cycleToleranceMs')}; median |interval − period| ≤ ${Math.min(jitterMs, L.cycleToleranceMs)} ms (${JITTER_SHARE * 100} % of the period, at most the tolerance; ${HARNESS})`, text);
      }
    }
  }

  private onTick(): void {
    const now = monoUs();
    const lateMs = (now - this.lastTickUs) / 1000 - this.tickMs;
    this.lastTickUs = now;
    if (lateMs > 0.5) {
      this.stalls.push({ atUs: now, ms: lateMs });
      if (this.stalls.length > 500) this.stalls.shift();
    }
    this.checkSilence();
  }

  /**
   * How long the harness's own event loop stood still between fromUs and toUs (ms; the ticks that fired late in
   * that window, plus the one after it): frames of the charger queued meanwhile arrive late and then together,
   * which is the harness's doing, not the charger's. Timing rules subtract it (and say so in the trace).
   */
  harnessStallMs(fromUs: number, toUs: number): number {
    let total = 0;
    const end = toUs + this.tickMs * 2000;
    for (const s of this.stalls) if (s.atUs > fromUs && s.atUs <= end) total += s.ms;
    return total;
  }

  private checkSilence(): void {
    const L = this.lim;
    const lines = this.ctx.bus.lines;
    if (!lines.get('d1') || this.d1RoseAtUs === undefined || this.d1FellAtUs !== undefined) return;
    const now = monoUs();
    const last = Math.max(this.lastAt.get(0x109) ?? 0, this.d1RoseAtUs);
    const quietMs = (now - last) / 1000;
    const bound = MISSED_CYCLES * L.cyclePeriodMs + L.cycleToleranceMs;
    if (quietMs - this.harnessStallMs(last, now) > bound) {
      const seen = this.lastAt.has(0x109) ? 'its last 0x109' : 'd1';
      this.breach(`the charger is silent on CAN: no 0x109 for ${quietMs.toFixed(0)} ms since ${seen} while d1 is on`, `0x109 every ${this.limit('cyclePeriodMs')} while d1 is on (silent after ${bound} ms: ${MISSED_CYCLES} periods + tolerance)`, `nothing for ${quietMs.toFixed(0)} ms`, true);
    }
  }
}
