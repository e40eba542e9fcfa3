/** Selecting and loading the rig config: EVC_RIG=path (JSON or YAML), else rigs/reference.json. */
import path from 'node:path';
import { ConfigError } from '../core/errors';
import { PROJECT_ROOT, displayPath, loadDataFile } from '../core/load';
import { checkRigTlsFiles } from '../transport/tls/rig-files';
import type { RigConfig } from './types';

export const DEFAULT_RIG = path.join(PROJECT_ROOT, 'rigs', 'reference.json');

export function rigPathFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const p = env.EVC_RIG?.trim();
  return p ? path.resolve(p) : DEFAULT_RIG;
}

export function loadRigConfig(file: string = rigPathFromEnv()): RigConfig {
  const cfg = loadDataFile<RigConfig>(file, 'rig.schema.json');
  const shown = displayPath(file);
  if (cfg.faults && cfg.faults.length > 0 && cfg.kind !== 'reference') {
    throw new ConfigError(shown, 'faults', `only a reference rig injects faults (kind is '${cfg.kind}')`);
  }
  if (cfg.kind === 'container' && !cfg.container) throw new ConfigError(shown, 'container', 'is required for kind container');
  checkRigTlsFiles(cfg.ocpp?.csms, file, shown, 'ocpp.csms');
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
  cfg.source = shown;
  return cfg;
}
