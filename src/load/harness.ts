/**
 * The @load scenarios' context (the World's `load`): plans a small swarm, runs it in this process against the
 * rig's CSMS — on a reference rig the lean load CSMS (src/reference/load-csms) started here with the rig's
 * `load-csms/*` faults; elsewhere `ocpp.csms.url` (a rig without one: not applicable) — and judges the summary.
 * A failed check names the measured figures. Every socket and the CSMS are closed in the scenario's cleanup.
 *
 * The bridge between the scenario and load mode, this is the one file of src/load that knows the rig and the
 * reference CSMS; the stations themselves (station.ts, engine.ts) do not.
 */
import { EvcError, VerdictError } from '../core/errors';
import type { Trace } from '../core/trace';
import { startLoadCsms, type LoadCsmsControl } from '../reference/load-csms/server';
import { LOAD_CSMS_CATALOGUE } from '../reference/load-csms/faults';
import { faultsFor } from '../rig/faults';
import type { StartedRig } from '../rig/rig';
import type { ErrorKind, LoadSummary } from './metrics';
import { resolveProfile, validateProfileData, type LoadProfileFile } from './profile';
import { runSwarm } from './swarm';

export interface LoadHarnessOptions {
  rig: StartedRig;
  trace: Trace;
  tags: readonly string[];
  onCleanup(name: string, fn: () => Promise<void> | void): void;
}

/** Error kinds that mean a call was not answered with a matching, valid answer. */
const UNANSWERED: readonly ErrorKind[] = ['timeout', 'callerror', 'unmatched-id', 'bad-frame', 'schema'];
const DISCONNECTED: readonly ErrorKind[] = ['closed-by-csms', 'socket-error', 'upgrade-refused', 'connect-timeout'];

export class LoadHarness {
  private stations = 0;
  private rampS = 0;
  private result: LoadSummary | undefined;
  private abort: AbortController | undefined;

  constructor(private readonly o: LoadHarnessOptions) {}

  /** Why this rig cannot run a @load scenario (undefined: it can). */
  notApplicable(): string | undefined {
    const rig = this.o.rig;
    if (rig.isReference) return undefined;
    if (!rig.config.ocpp?.csms?.url) return `rig '${rig.name}' has no ocpp.csms.url: there is no CSMS to load`;
    // a CSMS under test knows its stations: load runs only with identities the rig says it accepts
    if (!rig.config.load?.idPattern) return `rig '${rig.name}' declares no load.idPattern (the station identities its CSMS accepts for load)`;
    return undefined;
  }

  /** Plans `stations` stations connecting over `rampS` seconds; returns the not-applicable reason if any. */
  plan(stations: number, rampS: number): string | undefined {
    const na = this.notApplicable();
    if (na) {
      this.o.trace.note('harness', `not applicable: ${na}`);
      return na;
    }
    const max = this.o.rig.config.load?.maxStations;
    if (max !== undefined && stations > max) {
      const why = `the scenario needs ${stations} load stations, rig '${this.o.rig.name}' allows load.maxStations ${max}`;
      this.o.trace.note('harness', `not applicable: ${why}`);
      return why;
    }
    this.stations = stations;
    this.rampS = rampS;
    return undefined;
  }

  /** Runs the planned swarm: the ramp, then `seconds` more; every socket closed at the end. */
  async run(seconds: number): Promise<LoadSummary> {
    if (this.stations === 0) throw new EvcError('no load planned: a step "Given <n> stations boot over <s> s" comes first');
    const rig = this.o.rig;
    let csms: LoadCsmsControl | undefined;
    let url = rig.config.ocpp?.csms?.url;
    if (rig.isReference) {
      const faults = faultsFor(LOAD_CSMS_CATALOGUE, rig.faults, rig.config.source);
      // the alt configuration makes another valid choice: a 2 s interval (the stations follow what Boot says)
      csms = await startLoadCsms({ heartbeatInterval: rig.variant === 'alt' ? 2 : 1, faults });
      const c = csms;
      this.o.onCleanup('load CSMS', () => c.stop());
      url = csms.url;
      this.o.trace.note('harness', `lean load CSMS on ${url}${faults.length ? ` with faults ${faults.join(', ')}` : ''}`);
    }
    const data: LoadProfileFile = {
      name: 'scenario',
      csms: { url },
      stations: this.stations,
      ramp: { seconds: this.rampS },
      idPattern: rig.isReference ? 'EVC-LOAD-{n:05}' : rig.config.load!.idPattern,
      ...(rig.config.load?.password ? { securityProfile: 1 as const, password: rig.config.load.password } : {}),
      connectors: 1,
      // the heartbeat interval is the one the CSMS gives in its BootNotification answer
      messages: { statusNotification: true },
      duration: this.rampS + seconds,
      callTimeout: rig.timeouts.get('ocpp', 'response') / 1000,
      connectTimeout: rig.timeouts.get('ocpp', 'connect') / 1000,
      validateSample: 0.05,
      reconnect: { minMs: 500, maxMs: 2000 },
      workers: 0,
    };
    const profile = resolveProfile(validateProfileData(data, 'load scenario'), { source: 'load scenario' });
    this.abort = new AbortController();
    const ac = this.abort;
    this.o.onCleanup('load swarm', () => ac.abort());
    this.o.trace.note('harness', `load: ${this.stations} stations over ${this.rampS} s, then ${seconds} s, against ${url}`);
    this.result = await runSwarm(profile, { run: 'scenario', signal: ac.signal });
    this.o.trace.note('harness', `load result: ${this.figures()}`);
    return this.result;
  }

  get summary(): LoadSummary {
    if (!this.result) throw new EvcError('the load has not run yet: a step "When they run for <s> s" comes first');
    return this.result;
  }

  /** The run's figures in one line (every failure message carries them). */
  figures(): string {
    const s = this.summary;
    const errs = Object.entries(s.errors).filter(([, n]) => n).map(([k, n]) => `${k} ${n}`);
    const lat = Object.entries(s.latency).map(([a, l]) => `${a} p99 ${l.p99} ms (${l.count})`);
    return `${s.target} stations, connected ${s.connected} (peak ${s.peakConnected}), booted ${s.booted}, ${s.totalCalls} calls, errors: ${errs.length ? errs.join(', ') : 'none'}; ${lat.join(', ')}`;
  }

  private fail(headline: string): never {
    const s = this.summary;
    const last = Object.entries(s.lastErrors).map(([k, d]) => `${k}: ${d}`);
    throw new VerdictError(`${headline}\n  measured: ${this.figures()}${last.length ? `\n  last errors: ${last.join(' | ')}` : ''}`);
  }

  expectP99Below(action: string, ms: number): void {
    const l = this.summary.latency[action];
    if (!l || l.count === 0) this.fail(`no ${action} was answered, so its p99 latency cannot be below ${ms} ms`);
    if (!(l.p99 < ms)) this.fail(`the p99 latency of ${action} is ${l.p99} ms, not below ${ms} ms (p50 ${l.p50} ms, p95 ${l.p95} ms, max ${l.max} ms over ${l.count} answers)`);
  }

  expectNoDisconnect(): void {
    const s = this.summary;
    const bad = DISCONNECTED.filter((k) => s.errors[k] > 0);
    if (bad.length || s.connected < s.target) this.fail(`stations were disconnected or never connected: ${s.connected} of ${s.target} connected at the end${bad.length ? `; ${bad.map((k) => `${k} ${s.errors[k]}`).join(', ')}` : ''}`);
  }

  expectAllAnswered(): void {
    const s = this.summary;
    const bad = UNANSWERED.filter((k) => s.errors[k] > 0);
    if (bad.length) this.fail(`not every call was answered with a matching id: ${bad.map((k) => `${k} ${s.errors[k]}`).join(', ')}`);
    if (s.totalCalls === 0) this.fail('no call was made');
  }

  expectAllAccepted(): void {
    const s = this.summary;
    if (s.errors['boot-rejected'] > 0 || s.booted < s.target) this.fail(`not every station was accepted: ${s.booted} of ${s.target} booted at the end, ${s.errors['boot-rejected']} BootNotification Rejected`);
  }
}
