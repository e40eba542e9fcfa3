/**
 * The project's own cache of derived files (node_modules/.cache/evc, beside other tools' caches): answers and
 * generated code that depend only on the content named in their file name, so a stale entry is never read, only
 * left behind until its kind is written again. A checkout where it cannot be written works without it.
 */
import fs from 'node:fs';
import path from 'node:path';

export function evcCacheDir(root: string): string {
  return path.join(root, 'node_modules', '.cache', 'evc');
}

/**
 * Writes `name` into the cache atomically (a reader sees the whole file or none) and removes older entries of the
 * same kind (`prefix`). False when the cache cannot be written.
 */
export function writeCacheEntry(root: string, prefix: string, name: string, content: string): boolean {
  try {
    const dir = evcCacheDir(root);
    fs.mkdirSync(dir, { recursive: true });
    for (const f of fs.readdirSync(dir)) if (f.startsWith(prefix) && f !== name && !f.endsWith('.tmp')) fs.rmSync(path.join(dir, f), { force: true });
    const tmp = path.join(dir, `${name}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, path.join(dir, name));
    return true;
  } catch {
    return false;
  }
}
