/**
 * A remembered answer to "does every step of every feature have exactly one definition?", so that each `evc test`
 * need not load every step file and dry-run cucumber before its real run (about 1.3 CPU-s of a small run's 7:
 * the unit tests and verify-faults start evc well over a hundred times).
 *
 * The answer is keyed by a fingerprint of everything that decides it: the content of every file under steps/,
 * src/ (step definitions import it) and features/, the cucumber profile file and cucumber's version. It is kept
 * only when the whole catalogue had no problem; then any selection of those features has none either (whether a
 * step has one definition does not depend on tags). A selection naming feature files outside features/, or a
 * changed file, gets the full check; so does a run whose full check found problems (they are then reported for
 * the selection, exactly as before). EVC_STEP_CHECK_CACHE=0 turns the cache off.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { evcCacheDir, writeCacheEntry } from '../core/disk-cache';
import { PROJECT_ROOT } from '../core/load';

const TREES = ['steps', 'src', 'features'];

function filesUnder(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) filesUnder(p, out);
    else if (e.isFile()) out.push(p);
  }
}

/** Fingerprint of the inputs of the step check (content, not times: a checkout or a copy keeps its answer). */
export function stepCheckFingerprint(root = PROJECT_ROOT): string {
  const files: string[] = [];
  for (const t of TREES) filesUnder(path.join(root, t), files);
  files.push(path.join(root, 'cucumber.js'));
  files.sort();
  const h = createHash('sha256');
  for (const f of files) {
    h.update(path.relative(root, f));
    h.update('\0');
    try {
      h.update(fs.readFileSync(f));
    } catch {
      h.update('(unreadable)');
    }
    h.update('\0');
  }
  try {
    h.update(JSON.parse(fs.readFileSync(require.resolve('@cucumber/cucumber/package.json'), 'utf8')).version as string);
  } catch {
    h.update('(no cucumber)');
  }
  return h.digest('hex').slice(0, 32);
}

function cacheFile(root: string, fingerprint: string): string {
  return path.join(evcCacheDir(root), `steps-ok-${fingerprint}`);
}

/** True when the paths (if any) all lie under features/, so the remembered answer covers them. */
export function coveredByCache(paths: readonly string[], root = PROJECT_ROOT): boolean {
  const features = path.join(root, 'features') + path.sep;
  return paths.every((p) => path.resolve(root, p.replace(/:\d+(:\d+)*$/, '')).startsWith(features));
}

export function cacheEnabled(): boolean {
  return process.env.EVC_STEP_CHECK_CACHE !== '0';
}

export function knownGood(fingerprint: string, root = PROJECT_ROOT): boolean {
  return fs.existsSync(cacheFile(root, fingerprint));
}

/** Remembers that the whole catalogue checked clean under this fingerprint (older answers are removed). */
export function rememberGood(fingerprint: string, root = PROJECT_ROOT): void {
  writeCacheEntry(root, 'steps-ok-', `steps-ok-${fingerprint}`, `${new Date().toISOString()}\n`);
}
