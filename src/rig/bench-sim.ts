/**
 * A simulated bench (`bench.simulate: true` on a rig of kind `bench`): the rig starts, once per run, our
 * reference station as a long-lived process (`evc serve-station`, like scripts/remote-station-catalogue.sh)
 * with simulated instruments (a Modbus TCP server and a SCPI server, src/reference/bench) wired to the EV end of
 * the pilot line of connector `bench.evConnector`, listening where `bench.pilot` says. The harness then reaches
 * that station only as it would a real one on a bench: its CSMS connection (the run's persistent listener),
 * the station-driver URL (HTTP) and the instruments (real sockets, real frames). Stopped at the end of the run
 * (stopBenchSimulations, from the AfterAll hook) and, as a backstop, when the harness process exits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { ConfigError, EvcError } from '../core/errors';
import { PROJECT_ROOT } from '../core/load';
import { stopSimulatedIoModules } from './chademo-io-sim';
import type { RigConfig } from './types';
import { resolveCardKey } from './bench-channels';
import { resolveIdTags } from '../ocpp/id-tags';

/** The station process of one simulated bench. */
class BenchSimulation {
  private child?: ChildProcess;
  private log = '';
  private exited = false;
  readonly ready: Promise<string>;

  constructor(args: string[], startupTimeoutMs: number) {
    this.ready = new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'evc.js'), 'serve-station', ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      this.child = child;
      const timer = setTimeout(() => reject(new EvcError(`simulated bench: evc serve-station not ready within ${startupTimeoutMs} ms:\n${this.tail()}`)), startupTimeoutMs);
      let out = '';
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        const m = /^ready (\S+)/m.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
        this.log = (this.log + chunk).slice(-8000);
      });
      child.once('exit', (code, signal) => {
        this.exited = true;
        clearTimeout(timer);
        reject(new EvcError(`simulated bench: evc serve-station exited (${signal ?? `code ${code}`}) before it was ready:\n${this.tail()}`));
      });
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(new EvcError(`simulated bench: cannot start evc serve-station: ${e.message}`));
      });
    });
    this.ready.catch(() => undefined);
  }

  private tail(): string {
    return this.log.split('\n').slice(-20).join('\n');
  }

  /** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || this.exited || child.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(t);
  }

  killNow(): void {
    if (this.child && !this.exited && this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

/** Run-level: the simulated benches started in this harness process, by rig file. */
const RUNNING = new Map<string, BenchSimulation>();
let exitHook = false;

/** The serve-station arguments for a simulated bench rig; every problem is one line naming file and field. */
export function benchSimulationArgs(cfg: RigConfig): string[] {
  const file = cfg.source ?? 'rig';
  const st = cfg.ocpp?.station;
  const problems: ConfigError[] = [];
  if (cfg.kind !== 'bench') problems.push(new ConfigError(file, 'bench.simulate', `starts a simulated bench: only on a rig of kind bench (kind is '${cfg.kind}')`));
  const need = (ok: unknown, field: string, why: string) => {
    if (!ok) problems.push(new ConfigError(file, field, why));
  };
  need(cfg.bench?.pilot, 'bench.pilot', 'is required with bench.simulate (where the simulated instruments listen and how they are wired)');
  need(st?.version === '1.6' || st?.version === '2.0.1', 'ocpp.station.version', "must be '1.6' or '2.0.1' with bench.simulate (the station the rig starts)");
  need(st?.identity, 'ocpp.station.identity', 'is required with bench.simulate (the identity the simulated station connects with)');
  need(st?.listenPort, 'ocpp.station.listenPort', 'is required with bench.simulate (the harness CSMS port the station connects to)');
  need(st?.connectors, 'ocpp.station.connectors', 'is required with bench.simulate');
  need((st?.securityProfile ?? 0) === 0, 'ocpp.station.securityProfile', 'must be 0 with bench.simulate (the simulated station runs without TLS)');
  let controlPort = 0;
  const url = st?.driver?.url;
  if (!url) problems.push(new ConfigError(file, 'ocpp.station.driver.url', 'is required with bench.simulate (the control API of the station the rig starts: http://127.0.0.1:PORT)'));
  else {
    const u = new URL(url);
    controlPort = Number(u.port);
    need(u.hostname === '127.0.0.1' && controlPort > 0, 'ocpp.station.driver.url', `must be http://127.0.0.1:PORT with bench.simulate (the simulated station's control API listens there; got '${url}')`);
  }
  const evConnector = cfg.bench?.evConnector ?? 1;
  need(evConnector <= (st?.connectors ?? 1), 'bench.evConnector', `${evConnector} is not a connector of the station (ocpp.station.connectors: ${st?.connectors ?? '?'})`);
  if (problems.length) throw ConfigError.all(problems);
  const args = [
    '--version', st!.version!,
    '--csms', `ws://${st!.listenHost === '0.0.0.0' || !st!.listenHost ? '127.0.0.1' : st!.listenHost}:${st!.listenPort}${st!.path ?? '/ocpp'}`,
    '--identity', st!.identity!,
    '--connectors', String(st!.connectors),
    '--time-scale', String(cfg.timeScale ?? 1),
    '--control-port', String(controlPort),
    '--bench-pilot', JSON.stringify(cfg.bench!.pilot),
    '--bench-connector', String(evConnector),
  ];
  if (cfg.bench?.stateEErrorCode) args.push('--state-e-error-code', cfg.bench.stateEErrorCode);
  const wiring = simulatedWiring(cfg);
  if (wiring) args.push('--bench-wiring', JSON.stringify(wiring));
  const sw = cfg.bench?.switchPort;
  if (sw) args.push('--switch-port', `${sw.port},${sw.controlPort}`);
  // the hardware conditions its driver offers: serve-station's default, every one it can simulate (what its PICS declares)
  return args;
}

/**
 * The simulated IO module's wiring beyond the pilot, as the rig maps it: each card coil holds the card of its
 * (resolved) id tag, each reader coil routes to its connector, the mains coil feeds the station.
 */
function simulatedWiring(cfg: RigConfig): Record<string, unknown> | undefined {
  const b = cfg.bench;
  if (!b?.cards && !b?.mains) return undefined;
  const tags = resolveIdTags(cfg.ocpp?.station?.idTags);
  const cards = b.cards && {
    coils: Object.fromEntries(Object.entries(b.cards.coils).map(([key, coil]) => [String(coil), resolveCardKey(key, tags)])),
    readers: Object.fromEntries(Object.entries(b.cards.readers ?? {}).map(([c, coil]) => [String(coil), Number(c)])),
  };
  const mains = b.mains && { coil: b.mains.coil, voltage: b.mains.voltage };
  return { ...(cards ? { cards } : {}), ...(mains ? { mains } : {}) };
}

/** Starts the rig's simulated bench (once per run) and resolves when its station's control API is up. */
export async function ensureBenchSimulation(cfg: RigConfig, startupTimeoutMs = 60_000): Promise<void> {
  const key = cfg.source ?? cfg.name;
  let sim = RUNNING.get(key);
  if (!sim) {
    sim = new BenchSimulation(benchSimulationArgs(cfg), startupTimeoutMs);
    RUNNING.set(key, sim);
    if (!exitHook) {
      exitHook = true;
      process.once('exit', () => {
        for (const s of RUNNING.values()) s.killNow();
      });
    }
  }
  try {
    await sim.ready;
  } catch (e) {
    RUNNING.delete(key);
    await sim.stop();
    throw e;
  }
}

/** Stops every simulated bench of this run (AfterAll): station processes and any simulated CHAdeMO IO module still open. */
export async function stopBenchSimulations(): Promise<void> {
  const all = [...RUNNING.values()];
  RUNNING.clear();
  await Promise.all([...all.map((s) => s.stop()), stopSimulatedIoModules()]);
}
