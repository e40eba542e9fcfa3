/**
 * The PKI of this test run: generated on first use in a temp directory, shared by the scenarios of the
 * process, removed when the process ends. Nothing is ever written into the repository.
 */
import { EvcError } from '../../core/errors';
import { type TestPki, createTestPki, removeTestPki } from './pki';

let pending: Promise<TestPki> | undefined;
let serverNames: string[] = [];

export function runPki(): Promise<TestPki> {
  if (!pending) pending = createTestPki({ serverNames });
  return pending;
}

/**
 * Host names or addresses this run's CSMS server certificates name besides localhost (where a real station on a
 * LAN reaches the harness: a rig's ocpp.station.advertisedHost). Before the PKI is first used.
 */
export function addRunPkiServerNames(names: readonly string[]): void {
  const fresh = names.filter((n) => !serverNames.includes(n));
  if (fresh.length === 0) return;
  if (pending) throw new EvcError(`this run's PKI was made before ${fresh.join(', ')} was asked for in its server certificates`);
  serverNames = [...serverNames, ...fresh];
}

export async function disposeRunPki(): Promise<void> {
  if (!pending) return;
  const p = pending;
  pending = undefined;
  await removeTestPki(await p).catch(() => undefined);
}
