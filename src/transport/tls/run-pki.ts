/**
 * The PKI of this test run: generated on first use in a temp directory, shared by the scenarios of the
 * process, removed when the process ends. Nothing is ever written into the repository.
 */
import { type TestPki, createTestPki, removeTestPki } from './pki';

let pending: Promise<TestPki> | undefined;

export function runPki(): Promise<TestPki> {
  if (!pending) pending = createTestPki();
  return pending;
}

export async function disposeRunPki(): Promise<void> {
  if (!pending) return;
  const p = pending;
  pending = undefined;
  await removeTestPki(await p).catch(() => undefined);
}
