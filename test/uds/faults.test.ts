import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, VerdictError } from '../../src/core/errors';
import { IsoTpChannel } from '../../src/isotp';
import { LoopbackCanBus } from '../../src/transport/can/loopback';
import { parseHex } from '../../src/uds/codec';
import { parseEcuFixture } from '../../src/uds/fixture';
import { IsoTpDiagLink } from '../../src/uds/isotp-link';
import { createLinkPair } from '../../src/uds/link';
import { UdsTester } from '../../src/uds/tester';
import * as v from '../../src/uds/verdicts';
import { ReferenceEcu, startReferenceEcuOnCan } from '../../src/reference/ecu/ecu';
import { ECU_FAULTS, resolveEcuFaults } from '../../src/reference/ecu/faults';
import { referenceFixture } from './helpers';

function setup(faults: string[], tweak: (raw: Record<string, any>) => void = () => undefined) {
  const raw = referenceFixture();
  for (const l of raw.security.levels) l.fixedSeed = '11 22 33 44';
  tweak(raw);
  const [a, b] = createLinkPair();
  const ref = new ReferenceEcu(b, { faults, fixture: parseEcuFixture(raw, 't.json') });
  const tester = new UdsTester(a, { lateMarginMs: 200, p2Ms: 100, adoptSessionTiming: false });
  return { ref, tester, close: async () => (await tester.close(), await ref.close(), await a.close()) };
}

/** Runs `check` against the compliant ECU (must pass) and the faulty one (must throw a VerdictError). */
async function detects(fault: string, check: (t: UdsTester) => Promise<void>, tweak?: (raw: Record<string, any>) => void) {
  const good = setup([], tweak);
  try {
    await check(good.tester);
  } finally {
    await good.close();
  }
  const bad = setup([fault], tweak);
  try {
    await assert.rejects(check(bad.tester), (e: Error) => e instanceof VerdictError, `${fault} not detected`);
  } finally {
    await bad.close();
  }
}

test('unknown fault names are ConfigErrors listing the catalogue', () => {
  assert.throws(() => resolveEcuFaults(['late-p3'], 'rigs/x.json'), (e: Error) => e instanceof ConfigError && /rigs\/x\.json: faults: unknown fault 'late-p3' \(known: wrong-nrc-unknown-service/.test(e.message));
  assert.ok(Object.keys(ECU_FAULTS).length >= 14);
});

test('wrong-nrc-unknown-service', () => detects('wrong-nrc-unknown-service', async (t) => void v.assertNegative(await t.request(parseHex('BA')), 0x11)));

test('late-p2', () => detects('late-p2', async (t) => void v.assertPositive(await t.request(parseHex('3E 00')))));

test('no-response-pending', () =>
  detects('no-response-pending', async (t) => {
    await t.startSession(0x02);
    await t.unlock(0x01, 'xor', 0x5a5a5a5a);
    const ex = await t.request(parseHex('31 01 FF 00'));
    v.assertResponsePending(ex);
    v.assertPositive(ex);
  }));

test('ignores-suppress-pos-rsp', () => detects('ignores-suppress-pos-rsp', async (t) => v.assertSuppressed(await t.request(parseHex('10 81')))));

test('wrong-session-timing', () => detects('wrong-session-timing', async (t) => v.assertSessionTiming(await t.request(parseHex('10 03')), 50, 5000)));

test('security-no-delay', () =>
  detects(
    'security-no-delay',
    async (t) => {
      await t.startSession(0x03);
      for (let i = 0; i < 3; i++) {
        v.assertPositive(await t.request(parseHex('27 01')));
        v.assertNegative(await t.request(parseHex('27 02 00 00 00 00')), i < 2 ? 0x35 : 0x36);
      }
      v.assertNegative(await t.request(parseHex('27 01')), 0x37);
    },
    (r) => (r.security.delayMs = 200),
  ));

test('wrong-block-counter', () =>
  detects('wrong-block-counter', async (t) => {
    await t.startSession(0x02);
    await t.unlock(0x01, 'xor', 0x5a5a5a5a);
    v.assertPositive(await t.request(parseHex('34 00 44 00 01 00 00 00 00 00 04')));
    v.assertNegative(await t.request(parseHex('36 05 01 02 03 04')), 0x73);
  }));

test('no-s3-timeout', () =>
  detects(
    'no-s3-timeout',
    async (t) => {
      await t.startSession(0x03);
      await new Promise((r) => setTimeout(r, 150));
      const ex = await t.request(parseHex('22 F1 86'));
      if (v.assertPositive(ex)[3] !== 0x01) v.fail(ex, 'still in a non-default session after S3');
    },
    (r) => (r.s3Ms = 80),
  ));

test('isotp-wrong-sequence and isotp-ignores-stmin pass through to the ISO-TP layer', async () => {
  for (const [fault, stmin] of [
    ['isotp-wrong-sequence', 0],
    ['isotp-ignores-stmin', 5],
  ] as const) {
    const bus = new LoopbackCanBus({ delivery: 'microtask' });
    const ref = startReferenceEcuOnCan(bus.open('ecu'), { faults: [fault] });
    const isotp = new IsoTpChannel(bus.open('tester'), { txId: 0x7e0, rxId: 0x7e8, stmin });
    const link = new IsoTpDiagLink(isotp, true);
    const tester = new UdsTester(link, { lateMarginMs: 100 });
    try {
      await tester.request(parseHex('22 F1 90'));
      assert.ok(isotp.violations.length > 0, `${fault}: ISO-TP violation expected`);
    } finally {
      await tester.close();
      await link.close();
      await ref.close();
    }
  }
});
