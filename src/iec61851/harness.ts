/**
 * The pilot side of a scenario (IEC 61851-1): what the step files call. Chooses the line from the rig (a
 * simulated line on the reference rig, the bench line on a `bench` rig with `bench.pilot`), starts the
 * reference SUT on the far end with the rig's faults (reference rig only), and hands the harness role its
 * port: `ev()` when the SUT is an EVSE (@sut:evse), `evse()` when the SUT is an EV (@sut:ev).
 */
import { EvcError } from '../core/errors';
import type { Trace } from '../core/trace';
import { EV_CATALOGUE, EVSE_CATALOGUE } from '../reference/iec61851/catalogue';
import { type PilotOperator, startReferenceEv, startReferenceEvse } from '../reference/iec61851/index';
import { faultsFor } from '../rig/faults';
import { NotAutomatableError } from '../rig/not-automatable';
import type { Pics } from '../rig/pics';
import type { StartedRig } from '../rig/rig';
import { openBenchEvPort } from './line/bench/index';
import { createSimulatedLine } from './line/simulated';
import type { PilotLine, PilotPort } from './line/types';
import { PILOT_LIMITS, pilotLimitsMs } from './model/timings';
import type { PilotRoleContext } from './roles/context';
import { EvRole } from './roles/ev';
import { EvseRole } from './roles/evse';

export interface PilotHarnessOptions {
  rig: StartedRig;
  trace: Trace;
  tags: readonly string[];
  pics: readonly Pics[];
  onCleanup: (name: string, fn: () => Promise<void> | void) => void;
}

/**
 * The pilot time scale. The pilot runs in real time, on the reference rig too: its in-process SUTs share the
 * harness's event loop, and the 100 ms bounds of seq 8.1/2.2/12 compressed to 20 ms were missed by a compliant
 * reference whenever a loaded machine stalled the loop (20–270 ms measured at load 25–45 on 2 cores). Real
 * time costs about a minute per full pilot run. A rig whose SUT runs compressed says so (sutCompressesTime).
 */
export function pilotTimeScale(rig: StartedRig): number {
  if (rig.isReference) return 1;
  return rig.config.sutCompressesTime ? rig.timeScale : 1;
}

export class PilotHarness {
  readonly scale: number;
  private ev_: EvRole | undefined;
  private operator_: PilotOperator | undefined;
  private evse_: EvseRole | undefined;

  constructor(private readonly o: PilotHarnessOptions) {
    this.scale = pilotTimeScale(o.rig);
  }

  /** The harness plays the EV; the SUT is the EVSE. */
  async ev(): Promise<EvRole> {
    if (this.ev_) return this.ev_;
    this.requireSut('evse', 'the harness plays the EV');
    const cfg = this.o.rig.config;
    let port;
    if (this.o.rig.isReference) {
      const line = this.simulatedLine();
      const sut = await startReferenceEvse(line.evse, this.referenceOptions(EVSE_CATALOGUE));
      this.o.onCleanup('reference EVSE', () => sut.stop());
      this.operator_ = sut.operator;
      port = line.ev;
    } else if (cfg.bench?.pilot) {
      port = await openBenchEvPort(cfg.bench.pilot, cfg.source ?? 'rig', this.o.rig.timeouts.get('iec61851', 'poll'), this.o.trace);
      const opened = port;
      this.o.onCleanup('bench pilot line', () => opened.close());
    } else {
      throw new NotAutomatableError(`playing the EV on the pilot line needs an EV emulator: rig '${this.o.rig.name}' has no bench.pilot`);
    }
    this.ev_ = new EvRole(this.context(port, 'evse'));
    return this.ev_;
  }

  /** The harness plays the EVSE; the SUT is the EV. */
  async evse(): Promise<EvseRole> {
    if (this.evse_) return this.evse_;
    this.requireSut('ev', 'the harness plays the EVSE');
    if (!this.o.rig.isReference) {
      throw new NotAutomatableError(`playing the EVSE on the pilot line needs an EVSE emulator: rig '${this.o.rig.name}' has none (bench lines emulate the EV side only)`);
    }
    const line = this.simulatedLine();
    const sut = await startReferenceEv(line.ev, this.referenceOptions(EV_CATALOGUE));
    this.o.onCleanup('reference EV', () => sut.stop());
    this.operator_ = sut.operator;
    this.evse_ = new EvseRole(this.context(line.evse, 'ev'));
    return this.evse_;
  }

  /**
   * The SUT's operator side (stop button, battery management, CSMS command): the reference SUTs have one; on
   * any other rig the step fails naming the action. Call ev()/evse() first.
   */
  operator(action: string): PilotOperator {
    if (!this.operator_) throw new NotAutomatableError(`'${action}' needs an operator or a driver for the pilot SUT: rig '${this.o.rig.name}' has none`);
    return this.operator_;
  }

  private requireSut(sut: 'evse' | 'ev', what: string): void {
    if (!this.o.tags.includes(`@sut:${sut}`)) throw new EvcError(`${what}, so the scenario needs the tags @iec61851 and @sut:${sut}`);
  }

  private simulatedLine(): PilotLine {
    const line = createSimulatedLine({ name: 'pilot:sim' });
    this.o.onCleanup('pilot line', () => line.close());
    return line;
  }

  private referenceOptions(catalogue: string) {
    const rig = this.o.rig;
    return { faults: faultsFor(catalogue, rig.faults, rig.config.source), variant: rig.variant, timeScale: this.scale };
  }

  private context<D>(port: PilotPort<D>, sut: 'evse' | 'ev'): PilotRoleContext<D> {
    port.useTrace(this.o.trace);
    const overrides: Record<string, number> = {};
    for (const name of Object.keys(PILOT_LIMITS)) {
      const v = this.o.rig.config.timeouts?.iec61851?.[name];
      if (v !== undefined) overrides[name] = v;
    }
    const pics = this.o.pics.find((p) => p.protocol === 'iec61851' && p.sut === sut);
    return {
      port,
      trace: this.o.trace,
      limitsMs: pilotLimitsMs(this.scale, overrides),
      expectMs: Math.max(50, Math.round(this.o.rig.timeouts.get('iec61851', 'expect') * this.scale)),
      scale: this.scale,
      pics,
      picsSource: pics ? `PICS '${pics.name}'` : `rig '${this.o.rig.name}' (no iec61851 ${sut} PICS)`,
    };
  }
}
