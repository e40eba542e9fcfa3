/**
 * The harness charger's actions (SUT = EV; the role with its judgements is charger.ts). Step by step as the
 * scenario drives it: d1 (0x108/0x109 cyclic from then on, 0x118 on 1.2+), the battery compatibility check against the EV's
 * 0x100, lock, contactor-open check and insulation test on the inlet, d2, start of charging (109.5.0 set,
 * 109.5.5 cleared), delivery of min(request, available) with the inlet at the target voltage, a lowered
 * available current (dynamic control, 1.2+), the charger's stop triggers (malfunction, battery incompatible,
 * stop control, CAN silence, d2/d1 drop) and the end of the sequence (d2 off, unlock below 10 V, d1 off).
 * Like a compliant charger it stops on every EV stop trigger it sees (102.5.0 cleared, 102.5.1, 102.5.2, a
 * 102.4 fault, k open), ramping its current to 0 at once. The continuous judgements run in charger-watch.ts.
 */
import { monoUs } from '../../core/clock';
import { versionAtLeast } from '../framing/codec';
import { CycleMonitor, CyclicSender, formatCycleStats } from '../framing/cyclic';
import { type ChargerParams, type ChargerStatus, type ChademoRoleContext, type EvStatus, protocolNumber } from '../types';
import { type ChargerSide, EvWatch } from './charger-watch';

/** What the harness charger can deliver (its own choice, not a SUT value): a typical 1.x DC charger. */
export const HARNESS_CHARGER = { availableVoltageV: 500, availableCurrentA: 125, remainingTimeMin: 60 } as const;

export type ChargerPhase = 'idle' | 'd1' | 'permitted' | 'insulation' | 'd2' | 'contactors' | 'charging' | 'stopped' | 'ended';

export interface StopInfo {
  /** What stopped the charge. */
  cause: string;
  /** monoUs the stop took effect on the charger's side (its output ramped to 0, its frame changed or the line dropped). */
  atUs: number;
  /** The harness initiated it (the EV must react), or the EV did (the harness reacted). */
  by: 'charger' | 'ev';
  /** monoUs the output reached ≤ stopCurrentA (the end of the ramp-down; welding detection runs from here). */
  zeroAtUs: number;
}

/** A normal stop ramps the output down over this many cycles (well within rampDownMs), as a power stage does. */
export const RAMP_CYCLES = 3;

export class ChargerCore {
  readonly watch: EvWatch;
  readonly monitor: CycleMonitor;
  readonly side: ChargerSide;
  readonly params: ChargerParams;
  readonly status: ChargerStatus;
  phase: ChargerPhase = 'idle';
  d1AtUs = 0;
  d2AtUs = 0;
  d1OffAtUs = 0;
  contactorsAtUs = 0;
  chargingAtUs = 0;
  stop: StopInfo | undefined;
  /** 2.0: the charger declares discharge compatibility (0x109 b4). */
  dischargeCompatible: boolean;
  private sender: CyclicSender | undefined;
  private rampTimer: NodeJS.Timeout | undefined;
  private rampResolve: () => void = () => undefined;
  /** Resolves once the output of the last stop reached ≤ stopCurrentA. */
  rampDone: Promise<void> = Promise.resolve();
  private outputV = 0;
  private closed = false;

  constructor(readonly ctx: ChademoRoleContext) {
    this.side = { d1: false, deliveredA: 0, availableCurrentA: HARNESS_CHARGER.availableCurrentA, lowerGraceUntilUs: 0, previousAvailableA: 0, ended: false };
    this.params = { weldingDetection: true, availableVoltageV: HARNESS_CHARGER.availableVoltageV, availableCurrentA: HARNESS_CHARGER.availableCurrentA, thresholdVoltageV: 0 };
    this.status = {
      protocolNumber: protocolNumber(ctx.version),
      presentVoltageV: 0,
      presentCurrentA: 0,
      dischargeCompatible: false,
      status: { charging: false, malfunction: false, connectorLocked: false, batteryIncompatible: false, systemMalfunction: false, stopControl: true },
      remainingTime10s: 0xff,
      remainingTimeMin: HARNESS_CHARGER.remainingTimeMin,
    };
    this.dischargeCompatible = ctx.version === '2.0' && ctx.pics?.discharge === true;
    this.watch = new EvWatch(ctx, this.side, protocolNumber(ctx.version));
    this.monitor = new CycleMonitor(ctx.bus.can, { version: ctx.version });
    // after the watch: a frame is judged before the charger follows it
    this.monitor.onMessage((msg, frame) => {
      if (msg.name === 'evStatus') this.follow(msg.value, frame.tUs ?? monoUs());
    });
    const offK = ctx.bus.lines.onChange((c) => {
      if (c.line === 'k' && c.value === false && ACTIVE.includes(this.phase) && this.phase !== 'd1') this.stopCharging('the EV opened k', 'ev', c.tUs, true);
    });
    ctx.onCleanup('CHAdeMO harness charger', () => {
      offK();
      this.close();
    });
  }

  get version() {
    return this.ctx.version;
  }

  /** 1.0+: the EV reports its contactors with 102.5.3; 0.9 has no such flag. */
  get hasContactorFlag(): boolean {
    return versionAtLeast(this.ctx.version, '1.0');
  }

  /** Dynamic control is agreed: 1.2+, the harness offers it (0x118 .0) and the EV set 0x110 .0. */
  get dynamicAgreed(): boolean {
    return versionAtLeast(this.ctx.version, '1.2') && this.watch.extended?.dynamicControl === true;
  }

  note(text: string): void {
    this.ctx.trace.note('chademo', `harness charger: ${text}`);
  }

  /** Stamps something the EV's operator did (driver stop, shift lever…), for the waits after it. */
  mark(what: string): number {
    this.note(`event: ${what}`);
    return monoUs();
  }

  // ------------------------------------------------------------------ frames and lines

  private send(): void {
    if (this.closed || !this.sender) return;
    const v = this.ctx.version;
    this.params.availableCurrentA = this.side.availableCurrentA;
    this.status.presentCurrentA = this.side.deliveredA;
    this.status.presentVoltageV = Math.round(this.ctx.bus.lines.inletVoltageV());
    this.status.dischargeCompatible = this.dischargeCompatible;
    this.sender.set({ name: 'chargerParams', value: { ...this.params } }, v);
    this.sender.set({ name: 'chargerStatus', value: { ...this.status, status: { ...this.status.status } } }, v);
    if (versionAtLeast(v, '1.2')) this.sender.set({ name: 'chargerExtended', value: { dynamicControl: true, highCurrent: false, highVoltage: false } }, v);
  }

  private setOutput(volts: number): void {
    this.outputV = volts;
    this.ctx.bus.lines.setInletVoltage(volts);
  }

  /**
   * Follows the EV's 0x102: from its charge permission on, an EV stop trigger ends the charge (102.5.3 counts
   * once the contactors were closed); while charging it delivers min(request, available) at the target voltage
   * (nothing after its own malfunction).
   */
  private follow(s: EvStatus, tUs: number): void {
    if (this.closed || !ACTIVE.includes(this.phase)) return;
    const trigger = evStopTrigger(s, this.phase === 'd1', this.phase === 'contactors' || this.phase === 'charging');
    if (trigger) {
      if (!this.stop || this.status.status.charging) this.stopCharging(`the EV signalled ${trigger}`, 'ev', tUs, true);
      return;
    }
    if (this.phase !== 'charging') return;
    const amps = this.status.status.malfunction ? 0 : Math.min(s.currentRequestA, this.side.availableCurrentA);
    const volts = this.status.status.malfunction ? 0 : Math.min(s.targetVoltageV, this.params.availableVoltageV);
    if (amps !== this.side.deliveredA || volts !== this.outputV) {
      this.side.deliveredA = amps;
      this.setOutput(volts);
      this.send();
    }
  }

  // ------------------------------------------------------------------ the sequence, step by step

  /** d1 on: the charger's frames start (0x109 with stop control set) and the charge sequence begins. */
  setD1(): number {
    this.watch.rethrow();
    this.sender ??= new CyclicSender(this.ctx.bus.can, this.ctx.limits.cyclePeriodMs, this.ctx.trace);
    this.send();
    this.side.d1 = true;
    this.ctx.bus.lines.set('d1', true);
    this.d1AtUs = monoUs();
    this.phase = 'd1';
    this.note(`d1 on, offering ${this.params.availableVoltageV} V / ${this.params.availableCurrentA} A (CHAdeMO ${this.ctx.version}, protocol ${this.status.protocolNumber})`);
    return this.d1AtUs;
  }

  /**
   * The charger's compatibility check against the EV's 0x100: the threshold voltage becomes the EV's maximum
   * battery voltage; a battery above the charger's available voltage is incompatible (109.5.3 set, the charge
   * stops). Returns whether the battery is compatible.
   */
  checkBattery(): boolean {
    const p = this.watch.params;
    if (!p) throw new Error('the compatibility check needs the EV\'s 0x100 (wait for the EV\'s charge permission first)');
    this.params.thresholdVoltageV = Math.min(p.maxBatteryVoltageV, this.params.availableVoltageV);
    if (p.maxBatteryVoltageV > this.params.availableVoltageV) {
      this.note(`battery incompatible: EV max ${p.maxBatteryVoltageV} V > available ${this.params.availableVoltageV} V`);
      this.batteryIncompatible();
      return false;
    }
    this.send();
    return true;
  }

  /** Offers a lower available voltage than the EV's maximum battery voltage (the battery becomes incompatible). */
  offerVoltageBelowBattery(): void {
    const p = this.watch.params;
    if (!p) throw new Error('offering a voltage below the battery needs the EV\'s 0x100 first');
    this.params.availableVoltageV = Math.max(0, p.maxBatteryVoltageV - 50);
    this.send();
  }

  /** Offers this available current in 0x108 (before charging, or lowered while charging: dynamic control). */
  offerCurrent(amps: number): void {
    this.watch.rethrow();
    const now = monoUs();
    if (amps < this.side.availableCurrentA && this.phase === 'charging') {
      this.side.previousAvailableA = this.side.availableCurrentA;
      this.side.lowerGraceUntilUs = now + this.ctx.limits.rampDownMs * 1000;
    }
    this.side.availableCurrentA = amps;
    if (this.side.deliveredA > amps) this.side.deliveredA = amps;
    this.note(`available current ${amps} A (0x108 b3)`);
    this.send();
  }

  /** Lock (line and 109.5.2), contactor-open check (< safeVoltageV), insulation test, residual check (< insulationResidualV). */
  async lockAndTestInsulation(): Promise<void> {
    this.watch.rethrow();
    this.ctx.bus.lines.set('lock', true);
    this.status.status.connectorLocked = true;
    this.send();
    this.phase = 'insulation';
    const inlet = this.ctx.bus.lines.inletVoltageV();
    if (inlet >= this.ctx.limits.safeVoltageV) {
      this.watch.fail(`the inlet shows ${inlet} V before the insulation test: the EV's contactors are closed before d2`, `inlet < ${this.ctx.limits.safeVoltageV} V (EV contactors open until d2)`, `inlet ${inlet} V`);
      this.watch.rethrow();
    }
    const testV = Math.min(this.watch.params?.maxBatteryVoltageV || this.params.availableVoltageV, this.params.availableVoltageV);
    this.setOutput(testV);
    this.note(`insulation test at ${testV} V`);
    await this.watch.hold(this.ctx.limits.cyclePeriodMs * 2);
    this.setOutput(0);
    const residual = this.ctx.bus.lines.inletVoltageV();
    if (residual >= this.ctx.limits.insulationResidualV) {
      this.watch.fail(`after the insulation test the inlet still shows ${residual} V: the EV's battery is on the inlet (contactors closed) during the test`, `inlet < ${this.ctx.limits.insulationResidualV} V after the test`, `inlet ${residual} V`);
    }
    this.watch.rethrow();
  }

  /** d2 on: the EV may close its contactors. */
  setD2(): number {
    this.watch.rethrow();
    this.ctx.bus.lines.set('d2', true);
    this.d2AtUs = monoUs();
    this.phase = 'd2';
    this.note('d2 on');
    return this.d2AtUs;
  }

  /** Charging starts: 109.5.0 set, 109.5.5 cleared, current follows the EV's request from its next 0x102. */
  startCharging(): void {
    this.watch.rethrow();
    this.status.status.charging = true;
    this.status.status.stopControl = false;
    this.phase = 'charging';
    this.chargingAtUs = monoUs();
    const s = this.watch.status;
    if (s) this.follow(s, this.chargingAtUs);
    this.send();
    this.note('charging: 109.5.0 set, 109.5.5 cleared');
  }

  /** Records the first stop (cause, stamp, side); later stops keep it. */
  private recordStop(cause: string, by: 'charger' | 'ev', triggerUs: number): StopInfo {
    const atUs = Math.max(triggerUs, monoUs());
    this.stop ??= { cause, atUs, by, zeroAtUs: atUs };
    return this.stop;
  }

  /**
   * Ends the charge from the charger's side or after the EV's trigger: 109.5.0 cleared, 109.5.5 set, and the
   * output to 0 A — at once, or (`ramp`, a normal stop) in RAMP_CYCLES steps of one cycle each, reaching
   * ≤ stopCurrentA well within rampDownMs. The first stop is the one judged; `rampDone` resolves at 0 A.
   */
  stopCharging(cause: string, by: 'charger' | 'ev', triggerUs = monoUs(), ramp = false): StopInfo {
    this.status.status.charging = false;
    this.status.status.stopControl = true;
    if (this.phase !== 'ended') this.phase = 'stopped';
    const first = !this.stop;
    const stop = this.recordStop(cause, by, triggerUs);
    if (first) this.note(`stop (${by}): ${cause}; 109.5.0 cleared, 109.5.5 set, output ${ramp && this.side.deliveredA > 0 ? `ramping down from ${this.side.deliveredA} A over ${RAMP_CYCLES} cycles` : '0 A'}`);
    const from = this.side.deliveredA;
    const step = (k: number) => {
      this.side.deliveredA = k >= RAMP_CYCLES ? 0 : Math.round((from * (RAMP_CYCLES - k)) / RAMP_CYCLES);
      if (this.side.deliveredA <= this.ctx.limits.stopCurrentA) this.setOutput(0);
      this.send();
      if (this.side.deliveredA <= this.ctx.limits.stopCurrentA) {
        if (first) stop.zeroAtUs = monoUs();
        this.rampResolve();
        return;
      }
      this.rampTimer = setTimeout(() => step(k + 1), this.ctx.limits.cyclePeriodMs);
    };
    clearTimeout(this.rampTimer);
    this.rampDone = new Promise((r) => (this.rampResolve = r));
    step(ramp ? 1 : RAMP_CYCLES);
    return stop;
  }

  /**
   * Charger malfunction: 109.5.1 set and the output at 0 A at once. While charging, 109.5.0 stays set until the
   * EV reacts (its stop trigger ends the charge), so the EV's reaction is to the malfunction flag itself.
   */
  malfunction(): StopInfo {
    this.status.status.malfunction = true;
    if (this.phase !== 'charging') return this.stopCharging('charger malfunction (109.5.1)', 'charger');
    this.side.deliveredA = 0;
    this.setOutput(0);
    this.send();
    this.note('charger malfunction: 109.5.1 set, output 0 A (109.5.0 stays until the EV reacts)');
    return this.recordStop('charger malfunction (109.5.1)', 'charger', monoUs());
  }

  /** Battery incompatible: 109.5.3 set and the charge stops (before it started). */
  batteryIncompatible(): StopInfo {
    this.status.status.batteryIncompatible = true;
    return this.stopCharging('battery incompatible (109.5.3)', 'charger');
  }

  /** The charger stops normally: 109.5.0 cleared, 109.5.5 set. */
  stopControl(): StopInfo {
    return this.stopCharging('stop control (109.5.0 cleared, 109.5.5 set)', 'charger', monoUs(), true);
  }

  /** The charger goes silent on CAN (its controller stops; the power stage delivers nothing). */
  goSilent(): StopInfo {
    const stop = this.stopCharging('charger CAN silence', 'charger');
    this.sender?.stop();
    return stop;
  }

  /** d2 drops (emergency): output 0, d2 off. */
  dropD2(): StopInfo {
    const stop = this.stopCharging('d2 dropped', 'charger');
    this.ctx.bus.lines.set('d2', false);
    return stop;
  }

  /** d1 drops (emergency): output 0, d2 and d1 off; the sequence is over. */
  dropD1(): StopInfo {
    const stop = this.stopCharging('d1 dropped', 'charger');
    this.ctx.bus.lines.set('d2', false);
    this.lineD1Off();
    return stop;
  }

  private lineD1Off(): void {
    this.ctx.bus.lines.set('d1', false);
    this.side.d1 = false;
    this.side.ended = true;
    this.watch.quiet();
    this.d1OffAtUs = monoUs();
    this.phase = 'ended';
  }

  /** Unlock once the inlet is below safeVoltageV (109.5.2 cleared). Returns false when it did not fall within waitMs. */
  async unlockWhenSafe(waitMs: number): Promise<boolean> {
    const lines = this.ctx.bus.lines;
    const safe = await this.watch.until(() => lines.inletVoltageV() < this.ctx.limits.safeVoltageV, waitMs);
    if (!safe) return false;
    lines.set('lock', false);
    this.status.status.connectorLocked = false;
    this.send();
    return true;
  }

  /** The end of the sequence from the charger's side: d2 off, unlock (below safeVoltageV), d1 off, frames stop. */
  async endSequence(waitMs: number): Promise<number> {
    if (this.phase === 'ended') return this.d1OffAtUs;
    this.ctx.bus.lines.set('d2', false);
    await this.unlockWhenSafe(waitMs);
    this.lineD1Off();
    this.note('d2 off, unlocked, d1 off: the sequence is over');
    await this.watch.hold(this.ctx.limits.cyclePeriodMs);
    this.sender?.stop();
    return this.d1OffAtUs;
  }

  /** The figures of this scenario as trace notes: the harness's own period and the EV's per id. */
  figures(): void {
    if (this.sender) this.note(formatCycleStats('own 0x108/0x109 period', this.sender.stats()));
    for (const id of [0x100, 0x101, 0x102]) {
      const s = this.monitor.periodStats(id);
      if (s.count > 0) this.note(formatCycleStats(`EV 0x${id.toString(16)} period`, s));
    }
  }

  /** Stops every timer and listener (scenario teardown); the lines go idle. */
  close(): void {
    if (this.closed) return;
    this.figures();
    this.closed = true;
    clearTimeout(this.rampTimer);
    this.rampResolve();
    this.sender?.stop();
    this.watch.close();
    this.monitor.close();
  }
}

const ACTIVE: readonly ChargerPhase[] = ['d1', 'permitted', 'insulation', 'd2', 'contactors', 'charging'];

/**
 * The EV stop trigger a 0x102 carries (as a compliant charger reacts to it), or undefined. Before its charge
 * permission (`beforePermission`) 102.5.0 is clear anyway; 102.5.3 counts once its contactors were closed.
 */
export function evStopTrigger(s: EvStatus, beforePermission = false, contactorsClosed = true): string | undefined {
  if (!s.status.chargingEnabled && !beforePermission) return '102.5.0 cleared (charging not enabled)';
  if (s.status.shiftLeverNotPark) return '102.5.1 (shift lever not in park)';
  if (s.status.systemFault) return '102.5.2 (charging-system fault)';
  const fault = Object.entries(s.faults).find(([, v]) => v);
  if (fault) return `102.4 ${fault[0]}`;
  if (s.status.contactorOpen && contactorsClosed) return '102.5.3 (contactors open)';
  return undefined;
}
