/**
 * The V2G PKI of this test run: generated on first use in a temp directory, shared by the scenarios of the
 * process, removed by disposeRunV2gPki() and, whatever happens, when the process exits, when it gets SIGINT or
 * SIGTERM (the folder goes, then the signal keeps its default effect: the process ends by it unless someone
 * else listens for it) and when a forked worker (a cucumber worker) loses its parent. Nothing is ever written
 * into the repository.
 */
import { rmSync } from 'node:fs';
import { type V2gPki, createV2gPki, removeV2gPki } from './v2g-pki';

export type { V2gPki } from './v2g-pki';

let pending: Promise<V2gPki> | undefined;
const leftovers = new Set<string>();
let exitHookInstalled = false;
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

function removeAtExit(): void {
  // 'exit' handlers must be synchronous.
  for (const dir of leftovers) rmSync(dir, { recursive: true, force: true });
  leftovers.clear();
}

/**
 * On SIGINT/SIGTERM: remove the folder, then stop listening; when no other listener is left the signal is sent
 * again, so the process ends by it as it would have without us (exit status 128 + n, the parent sees the signal).
 */
function onSignal(signal: NodeJS.Signals): void {
  removeAtExit();
  for (const s of SIGNALS) process.off(s, onSignal);
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function installExitHooks(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', removeAtExit);
  for (const s of SIGNALS) process.on(s, onSignal);
  // a forked worker (cucumber's parallel workers) whose parent is gone: nothing will ask it to finish cleanly
  if (process.send) process.once('disconnect', removeAtExit);
}

export function runV2gPki(): Promise<V2gPki> {
  if (!pending) {
    installExitHooks();
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
