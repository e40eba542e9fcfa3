import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VerdictError } from '../../src/core/errors';
import { UdsEcu } from '../../src/uds/ecu';
import { parseEcuFixture } from '../../src/uds/fixture';
import { createLinkPair } from '../../src/uds/link';
import * as tc from '../../src/uds/tester-checks';
import { ReferenceTester, type TesterJob } from '../../src/reference/ecu/tester';
import { resolveTesterFaults } from '../../src/reference/ecu/faults';
import { referenceFixture } from './helpers';

async function run(job: TesterJob, faults: string[], tweak: (r: Record<string, any>) => void = () => undefined) {
  const raw = referenceFixture();
  tweak(raw);
  const [a, b] = createLinkPair();
  const ecu = new UdsEcu(parseEcuFixture(raw, 't.json'), b);
  const tester = new ReferenceTester(a, { faults, keepAliveMs: 40, holdMs: 200, imageSize: 600 });
  try {
    const ok = await tester.run(job);
    return { ok, ecu };
  } finally {
    await tester.close();
    await ecu.close();
    await a.close();
  }
}

test('compliant reference tester passes every tester check', async () => {
  const flash = await run('flash', []);
  assert.equal(flash.ok, true);
  tc.assertValidKeys(flash.ecu);
  tc.assertWaitsForFinalResponse(flash.ecu);
  tc.assertBlockCounters(flash.ecu);
  tc.assertSent(flash.ecu, 0x37);
  const hold = await run('hold-extended-session', [], (r) => (r.s3Ms = 100));
  assert.equal(hold.ok, true);
  tc.assertSessionHeld(hold.ecu);
  tc.assertKeepAliveSuppressed(hold.ecu);
});

test('each tester fault is caught by its check', async () => {
  const cases: [string, TesterJob, (e: UdsEcu) => void][] = [
    ['tester-no-keepalive', 'hold-extended-session', (e) => tc.assertSessionHeld(e)],
    ['tester-no-suppress', 'hold-extended-session', (e) => tc.assertKeepAliveSuppressed(e)],
    ['tester-wrong-key', 'unlock', (e) => tc.assertValidKeys(e)],
    ['tester-ignores-response-pending', 'flash', (e) => tc.assertWaitsForFinalResponse(e)],
    ['tester-wrong-block-counter', 'flash', (e) => tc.assertBlockCounters(e)],
  ];
  for (const [fault, job, check] of cases) {
    const r = await run(job, [fault], (raw) => (raw.s3Ms = 100));
    assert.throws(() => check(r.ecu), VerdictError, fault);
  }
  assert.throws(() => resolveTesterFaults(['tester-sleepy']), /unknown fault 'tester-sleepy'/);
});
