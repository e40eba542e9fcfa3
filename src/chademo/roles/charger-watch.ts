/**
 * What the harness charger sees of the EV under test, and the rules it judges continuously (SUT = EV): every
 * frame in the CHAdeMO range is decoded at once (a malformed one — wrong DLC, an unknown id in the range, a
 * value out of range such as a SOC above 100 — is a failed verdict quoting the frame), every 0x102 is checked
 * against the EV's own 0x100 and the charger's 0x108 (protocol number, target voltage, current request against
 * the available current, a request with its contactors open), 102.5.3 may not rise while the charger still
 * delivers more than stopCurrentA, k may not close while d1 is off, and a silent or flooding EV ends the
 * scenario with the recent frames. The first violation is kept: every pending wait rejects with it at once and
 * every later step re-throws it, so nothing waits out a timeout after a verdict is known.
 */
import { monoUs } from '../../core/clock';
import { VerdictError } from '../../core/errors';
import type { CanFrame } from '../../transport/can/frame';
import { formatCanFrame } from '../../transport/can/frame';
import { ChademoFrameError, decodeChademo, versionAtLeast } from '../framing/codec';
import { CHARGER_IDS, type ChademoMessage, type ChademoRoleContext, type EvParams, type EvStatus, type ExtendedFunctions, inChademoRange, type EvDischarge, type LineChange } from '../types';
import { chademoFail, describeLimit } from './verdicts';

/** One thing the EV did (a decoded frame) or a line change, stamped on monoUs. */
export type EvEvent = { kind: 'frame'; tUs: number; msg: ChademoMessage; frame: CanFrame } | { kind: 'line'; tUs: number; change: LineChange };

/** What the harness charger currently offers and delivers (the watch judges the EV against it). */
export interface ChargerSide {
  d1: boolean;
  /** Present current the charger reports and delivers, A. */
  deliveredA: number;
  availableCurrentA: number;
  /** Until this monoUs the EV may still request up to `previousAvailableA` (reaction to a lowered limit). */
  lowerGraceUntilUs: number;
  previousAvailableA: number;
  /** The sequence is over (d1 off): silence of the EV is expected. */
  ended: boolean;
}

const KEEP = 5000;
/** Frames of one id within FLOOD_WINDOW_CYCLES cycles above which the EV floods the bus. */
const FLOOD_WINDOW_CYCLES = 10;
const FLOOD_FACTOR = 3;

export function describeStatus(s: EvStatus): string {
  const flags = Object.entries(s.status).filter(([, v]) => v).map(([k]) => k);
  const faults = Object.entries(s.faults).filter(([, v]) => v).map(([k]) => k);
  return `0x102 protocol ${s.protocolNumber}, target ${s.targetVoltageV} V, request ${s.currentRequestA} A, faults [${faults.join(' ')}], status [${flags.join(' ')}], SOC ${s.socPct} %`;
}

interface Waiter {
  check: () => boolean;
  done: (err?: Error) => void;
}

export class EvWatch {
  readonly events: EvEvent[] = [];
  params: EvParams | undefined;
  status: EvStatus | undefined;
  statusAtUs = 0;
  extended: ExtendedFunctions | undefined;
  discharge: EvDischarge | undefined;
  violation: VerdictError | undefined;
  private readonly waiters = new Set<Waiter>();
  private readonly recentById = new Map<number, number[]>();
  private silenceTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly ctx: ChademoRoleContext,
    private readonly side: ChargerSide,
    /** The protocol number the EV's 0x102 b0 must carry (its own version's). */
    readonly expectedProtocol: number,
  ) {
    this.unsubscribe.push(ctx.bus.can.onFrame((f) => this.onFrame(f)));
    this.unsubscribe.push(ctx.bus.lines.onChange((c) => this.onLine(c)));
    if (ctx.bus.lines.get('k')) this.fail('the EV has k closed before the charger set d1 (sequence logic: k follows d1)', 'k open while d1 is off', 'k closed when the harness charger started');
  }

  private get version() {
    return this.ctx.version;
  }

  private onLine(change: LineChange): void {
    if (this.closed) return;
    this.push({ kind: 'line', tUs: change.tUs, change });
    if (change.line === 'k' && change.value === true && !this.side.d1 && !this.side.ended) {
      this.fail('the EV closed k while d1 is off (sequence logic: the EV closes k only after the charger sets d1)', 'k open until d1', 'k closed with d1 off');
    }
    this.poke();
  }

  private onFrame(frame: CanFrame): void {
    if (this.closed || frame.ext || !inChademoRange(frame.id)) return;
    const tUs = frame.tUs ?? monoUs();
    this.flood(frame, tUs);
    if (this.violation) return this.poke();
    let msg: ChademoMessage;
    try {
      msg = decodeChademo(frame, this.version);
    } catch (e) {
      if (!(e instanceof ChademoFrameError)) throw e;
      this.fail(`the EV sent a malformed CHAdeMO frame: ${e.problem}`, 'a well-formed DLC-8 frame of a known id (0x100 0x101 0x102 0x110 0x200 0x201)', `${formatCanFrame(frame)} — ${e.message}`);
      return this.poke();
    }
    if (CHARGER_IDS.includes(frame.id)) {
      this.fail(`a charger frame 0x${frame.id.toString(16)} arrived from the EV's side of the bus (only the harness charger sends 0x108/0x109/0x118/0x208/0x209)`, 'EV frames only', formatCanFrame(frame));
      return this.poke();
    }
    this.push({ kind: 'frame', tUs, msg, frame });
    if (msg.name === 'evParams') this.onParams(msg.value, frame);
    else if (msg.name === 'evStatus') this.onStatus(msg.value, tUs, frame);
    else if (msg.name === 'evExtended') this.extended = msg.value;
    else if (msg.name === 'evDischarge') this.discharge = msg.value;
    this.poke();
  }

  private onParams(p: EvParams, frame: CanFrame): void {
    this.params = p;
    if (p.maxBatteryVoltageV === 0) this.fail("the EV's 0x100 maximum battery voltage is 0 V (the charger cannot check compatibility nor set its threshold)", '0x100 b4–5 max battery voltage > 0', formatCanFrame(frame));
    else if (p.minBatteryVoltageV > p.maxBatteryVoltageV) this.fail(`the EV's 0x100 minimum battery voltage ${p.minBatteryVoltageV} V is above its maximum ${p.maxBatteryVoltageV} V`, 'min ≤ max battery voltage', formatCanFrame(frame));
  }

  private onStatus(s: EvStatus, tUs: number, frame: CanFrame): void {
    const before = this.status;
    this.status = s;
    this.statusAtUs = tUs;
    this.armSilence();
    const raw = `${formatCanFrame(frame)} (${describeStatus(s)})`;
    if (s.protocolNumber !== this.expectedProtocol) {
      return this.fail(`the EV's 0x102 carries protocol number ${s.protocolNumber}, not ${this.expectedProtocol} (CHAdeMO ${this.ctx.pics?.versions[0] ?? this.version}; FACTS: 1 = 0.9, 2 = 1.0–1.2, 3 = 2.0; source ${this.ctx.picsSource})`, `0x102 b0 = ${this.expectedProtocol}`, raw);
    }
    if (this.params && s.targetVoltageV > this.params.maxBatteryVoltageV) {
      return this.fail(`the EV's target voltage ${s.targetVoltageV} V is above its own 0x100 maximum battery voltage ${this.params.maxBatteryVoltageV} V`, `0x102 target ≤ ${this.params.maxBatteryVoltageV} V`, raw);
    }
    const allowed = tUs < this.side.lowerGraceUntilUs ? Math.max(this.side.previousAvailableA, this.side.availableCurrentA) : this.side.availableCurrentA;
    if (this.side.d1 && s.currentRequestA > allowed) {
      const grace = tUs < this.side.lowerGraceUntilUs ? ` (still within the ${describeLimit(this.ctx, 'rampDownMs')} the harness gives the EV to follow a lowered limit)` : '';
      return this.fail(`the EV requests ${s.currentRequestA} A, above the ${allowed} A the charger's 0x108 offers${grace}`, `0x102 request ≤ ${allowed} A (0x108 b3 available current)`, raw);
    }
    if (versionAtLeast(this.version, '1.0') && s.status.contactorOpen && s.currentRequestA > 0) {
      return this.fail(`the EV requests ${s.currentRequestA} A with 102.5.3 set (its contactors open): a request comes only after it closed its contactors`, '0x102 request 0 A while 102.5.3 is set', raw);
    }
    if (versionAtLeast(this.version, '1.0') && s.status.contactorOpen && !before?.status.contactorOpen && before && this.side.deliveredA > this.ctx.limits.stopCurrentA) {
      return this.fail(`the EV set 102.5.3 (opened its contactors) while the charger still delivered ${this.side.deliveredA} A, above ${describeLimit(this.ctx, 'stopCurrentA')}`, `102.5.3 only once the current is ≤ ${this.ctx.limits.stopCurrentA} A`, raw);
    }
  }

  /** After its first 0x102 the EV may not stop sending it for longer than silenceMs until the sequence ends. */
  private armSilence(): void {
    clearTimeout(this.silenceTimer);
    if (this.side.ended || this.closed) return;
    const limit = this.ctx.limits.silenceMs;
    const since = this.statusAtUs;
    this.silenceTimer = setTimeout(() => {
      if (this.side.ended || this.closed) return;
      this.fail(`the EV went silent: no 0x102 for ${((monoUs() - since) / 1000).toFixed(0)} ms, beyond ${describeLimit(this.ctx, 'silenceMs')}`, `0x102 every ${this.ctx.limits.cyclePeriodMs} ms`, `last 0x102 at ${(since / 1000).toFixed(1)} ms: ${this.status ? describeStatus(this.status) : 'none'}`, true);
      this.poke();
    }, limit + this.ctx.limits.cyclePeriodMs);
  }

  private flood(frame: CanFrame, tUs: number): void {
    const list = this.recentById.get(frame.id) ?? [];
    list.push(tUs);
    const window = FLOOD_WINDOW_CYCLES * this.ctx.limits.cyclePeriodMs * 1000;
    while (list.length && list[0] < tUs - window) list.shift();
    this.recentById.set(frame.id, list);
    if (list.length > FLOOD_WINDOW_CYCLES * FLOOD_FACTOR) {
      this.fail(`the EV floods the bus: ${list.length} frames of id 0x${frame.id.toString(16)} within ${(window / 1000).toFixed(0)} ms (${FLOOD_WINDOW_CYCLES} cycles of ${describeLimit(this.ctx, 'cyclePeriodMs')})`, `one 0x${frame.id.toString(16)} per ${this.ctx.limits.cyclePeriodMs} ms`, formatCanFrame(frame));
    }
  }

  private push(e: EvEvent): void {
    this.events.push(e);
    if (this.events.length > KEEP) this.events.splice(0, this.events.length - KEEP);
  }

  /** Records the first violation (a later one adds nothing) and wakes every wait. */
  fail(headline: string, expected: string, actual: string, timeout = false): void {
    if (this.violation || this.closed) return;
    this.ctx.trace.note('chademo', `harness charger saw: ${actual}`);
    try {
      chademoFail(this.ctx.trace, headline, expected, actual, timeout);
    } catch (e) {
      this.violation = e as VerdictError;
      this.ctx.trace.note('chademo', `verdict: FAILED — ${headline}`);
    }
    this.poke();
  }

  rethrow(): void {
    if (this.violation) throw this.violation;
  }

  /** 0x102 frames at or after sinceUs. */
  statuses(sinceUs: number): { tUs: number; s: EvStatus }[] {
    const out: { tUs: number; s: EvStatus }[] = [];
    for (const e of this.events) if (e.kind === 'frame' && e.tUs >= sinceUs && e.msg.name === 'evStatus') out.push({ tUs: e.tUs, s: e.msg.value });
    return out;
  }

  /** Receive stamps of the EV's frames of one id at or after sinceUs. */
  stamps(id: number, sinceUs: number): number[] {
    const out: number[] = [];
    for (const e of this.events) if (e.kind === 'frame' && e.frame.id === id && e.tUs >= sinceUs) out.push(e.tUs);
    return out;
  }

  /** The first event at or after sinceUs for which pred holds, waiting up to timeoutMs; undefined on timeout; rejects on a violation. */
  first(pred: (e: EvEvent) => boolean, sinceUs: number, timeoutMs: number): Promise<EvEvent | undefined> {
    this.rethrow();
    const seen = this.events.find((e) => e.tUs >= sinceUs && pred(e));
    if (seen) return Promise.resolve(seen);
    let found: EvEvent | undefined;
    const start = this.events.length;
    let scanned = start;
    return this.until(() => {
      for (; scanned < this.events.length; scanned++) {
        const e = this.events[scanned];
        if (e.tUs >= sinceUs && pred(e)) {
          found = e;
          return true;
        }
      }
      return false;
    }, timeoutMs).then((ok) => (ok ? found : undefined));
  }

  /** True as soon as check holds (re-checked on every EV event), false when timeoutMs ran out; rejects on a violation. */
  until(check: () => boolean, timeoutMs: number): Promise<boolean> {
    this.rethrow();
    if (check()) return Promise.resolve(true);
    return new Promise((resolve, reject) => {
      const w: Waiter = {
        check,
        done: (err) => {
          clearTimeout(timer);
          this.waiters.delete(w);
          if (err) reject(err);
          else resolve(true);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(w);
        if (this.violation) reject(this.violation);
        else resolve(false);
      }, Math.max(0, timeoutMs));
      this.waiters.add(w);
    });
  }

  /** Watches for timeoutMs; rejects at once on a violation (the continuous rules judge meanwhile). */
  async hold(timeoutMs: number): Promise<void> {
    await this.until(() => false, timeoutMs);
  }

  private poke(): void {
    for (const w of [...this.waiters]) {
      if (this.violation) w.done(this.violation);
      else if (w.check()) w.done();
    }
  }

  /** Silence is expected from now on (the sequence ended). */
  quiet(): void {
    clearTimeout(this.silenceTimer);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.silenceTimer);
    for (const u of this.unsubscribe) u();
    for (const w of [...this.waiters]) w.done(new Error('the harness charger was closed while a wait was pending'));
  }
}
