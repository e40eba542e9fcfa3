/**
 * The V2G PKI of this test run: generated on first use in a temp directory, shared by the scenarios of the
 * process, removed by disposeRunV2gPki() and, whatever happens, when the process exits. Nothing is ever written
 * into the repository.
 */
import { rmSync } from 'node:fs';
import { type V2gPki, createV2gPki, removeV2gPki } from './v2g-pki';

export type { V2gPki } from './v2g-pki';

let pending: Promise<V2gPki> | undefined;
const leftovers = new Set<string>();
let exitHookInstalled = false;

function removeAtExit(): void {
  // 'exit' handlers must be synchronous.
  for (const dir of leftovers) rmSync(dir, { recursive: true, force: true });
  leftovers.clear();
}

export function runV2gPki(): Promise<V2gPki> {
  if (!pending) {
    if (!exitHookInstalled) {
      process.once('exit', removeAtExit);
      exitHookInstalled = true;
    }
    const p = createV2gPki();
    pending = p;
    p.then(
      (pki) => leftovers.add(pki.dir),
      () => {
        if (pending === p) pending = undefined;
      },
    );
  }
  return pending;
}

export async function disposeRunV2gPki(): Promise<void> {
  if (!pending) return;
  const p = pending;
  pending = undefined;
  const pki = await p.catch(() => undefined);
  if (!pki) return;
  await removeV2gPki(pki).catch(() => undefined);
  leftovers.delete(pki.dir);
}
