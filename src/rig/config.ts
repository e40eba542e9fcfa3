/** Selecting and loading the rig config: EVC_RIG=path (JSON or YAML), else rigs/reference.json. */
import path from 'node:path';
import { ConfigError, configErrorCollector } from '../core/errors';
import { PROJECT_ROOT, displayPath, loadDataFile } from '../core/load';
import { type BenchPilotConfig, checkBenchPilotConfig } from '../iec61851/line/bench/config';
import { checkRigTlsFiles } from '../transport/tls/rig-files';
import { benchSimulationArgs } from './bench-sim';
import { benchChannelProblems } from './bench-channels';
import { checkCsmsDriverConfig } from './http-csms-driver';
import { checkContainerConfig } from './container-config';
import { checkOperatorConfig } from '../operator/config';
import { checkRigV2gConfig } from '../v2g/rig-config';
import { V2G_TIMERS } from '../v2g/timers';
import type { RigConfig } from './types';

export const DEFAULT_RIG = path.join(PROJECT_ROOT, 'rigs', 'reference.json');

export function rigPathFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const p = env.EVC_RIG?.trim();
  return p ? path.resolve(p) : DEFAULT_RIG;
}

export function loadRigConfig(file: string = rigPathFromEnv()): RigConfig {
  const cfg = loadDataFile<RigConfig>(file, 'rig.schema.json');
  const shown = displayPath(file);
  // the checks the schema cannot make: every problem is reported (one line each), not only the first
  const problems: ConfigError[] = [];
  const check = configErrorCollector(problems);
  if (cfg.faults && cfg.faults.length > 0 && cfg.kind !== 'reference') {
    problems.push(new ConfigError(shown, 'faults', `only a reference rig injects faults (kind is '${cfg.kind}')`));
  }
  problems.push(...checkContainerConfig(cfg, file, shown));
  check(() => checkRigTlsFiles(cfg.ocpp?.csms, file, shown, 'ocpp.csms'));
  check(() => checkRigTlsFiles(cfg.ocpp?.station, file, shown, 'ocpp.station'));
  check(() => checkBenchPilotConfig(cfg.bench?.pilot as BenchPilotConfig | undefined, shown));
  if (cfg.bench?.simulate) check(() => void benchSimulationArgs({ ...cfg, source: shown }));
  problems.push(...benchChannelProblems(cfg, shown));
  problems.push(...checkRigV2gConfig(cfg.v2g, file, shown));
  problems.push(...checkCsmsDriverConfig(cfg.ocpp?.csms?.driver, shown, cfg.kind));
  problems.push(...checkOperatorConfig(cfg, shown));
  const edge = cfg.referenceTimerEdge;
  if (edge && cfg.kind !== 'reference') problems.push(new ConfigError(shown, 'referenceTimerEdge', `only a reference rig has reference SUTs to set (kind is '${cfg.kind}')`));
  if (edge && !(edge.timer in V2G_TIMERS)) problems.push(new ConfigError(shown, 'referenceTimerEdge.timer', `'${edge.timer}' is not a V2G timer (known: ${Object.keys(V2G_TIMERS).join(', ')})`));
  const chademoScale = cfg.chademo?.timeScale;
  if (chademoScale !== undefined && chademoScale < 1 && cfg.kind !== 'reference' && !cfg.sutCompressesTime) {
    problems.push(new ConfigError(shown, 'chademo.timeScale', `${chademoScale} compresses the CHAdeMO limits and cycle, but a rig of kind '${cfg.kind}' reaches a real SUT that runs in real time: use 1 (or set sutCompressesTime: true)`));
  }
  if (problems.length > 0) throw ConfigError.all(problems);
  // EVC_FAULTS adds faults on top of the file (used by verify:faults): comma-separated names.
  const extra = (process.env.EVC_FAULTS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (extra.length > 0) {
    if (cfg.kind !== 'reference') throw new ConfigError('EVC_FAULTS', '', `faults need a reference rig, '${shown}' is kind '${cfg.kind}'`);
    cfg.faults = [...new Set([...(cfg.faults ?? []), ...extra])];
  }
  const scale = process.env.EVC_TIME_SCALE;
  if (scale !== undefined && scale !== '') {
    const n = Number(scale);
    if (!(n > 0 && n <= 1)) throw new ConfigError('EVC_TIME_SCALE', '', `must be a number in (0, 1], got '${scale}'`);
    cfg.timeScale = n;
  }
  refuseCompressedTime(cfg, shown, scale !== undefined && scale !== '');
  cfg.source = shown;
  return cfg;
}

/**
 * A rig that reaches real equipment runs protocol intervals in real time: a timeScale below 1 would make the
 * harness expect a 60 s heartbeat after 0.6 s and blame the SUT. Refused (one line, file and field) unless
 * the rig says the SUT itself compresses time (`sutCompressesTime: true`, e.g. a simulator).
 */
function refuseCompressedTime(cfg: RigConfig, shown: string, fromEnv: boolean): void {
  const scale = cfg.timeScale ?? 1;
  if (cfg.kind === 'reference' || scale >= 1 || cfg.sutCompressesTime) return;
  const value = fromEnv ? `${scale} (from EVC_TIME_SCALE)` : `${scale}`;
  throw new ConfigError(shown, 'timeScale', `${value} compresses protocol intervals, but a rig of kind '${cfg.kind}' reaches a real SUT that runs in real time: use 1 (or set sutCompressesTime: true if the SUT itself runs compressed); nothing was run`);
}
