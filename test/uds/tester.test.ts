import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VerdictError, WaitTimeoutError } from '../../src/core/errors';
import { Trace } from '../../src/core/trace';
import { parseHex } from '../../src/uds/codec';
import { createLinkPair, monoUs, type MemoryLink } from '../../src/uds/link';
import { UdsTester } from '../../src/uds/tester';
import * as v from '../../src/uds/verdicts';

/** A scripted ECU: on each request, deliver these responses at these offsets (ms from the request's arrival). */
function scripted(ecuSide: MemoryLink, script: (req: Uint8Array) => [number, string][]) {
  ecuSide.onPdu((pdu) => {
    const sentUs = ecuSide.peer!.lastSendUs;
    for (const [atMs, hexText] of script(pdu.data)) {
      // Timestamps are injected directly: the tester measures pdu.tUs, so timing logic is deterministic.
      const t = setTimeout(() => ecuSide.peer!.deliver({ data: parseHex(hexText), tUs: sentUs + atMs * 1000 }), atMs / 10);
      t.unref();
    }
  });
}

function pair() {
  const [a, b] = createLinkPair();
  const trace = new Trace();
  const tester = new UdsTester(a, { trace, p2Ms: 50, p2StarMs: 500, lateMarginMs: 100 });
  return { a, b, trace, tester, close: async () => (await tester.close(), await a.close(), await b.close()) };
}

test('P2 is measured on the first response; in time passes, late fails with the bytes quoted', async () => {
  const p = pair();
  scripted(p.b, (req) => (req[2] === 0x90 ? [[10, '62 F1 90 01']] : [[80, '62 F1 91 01']]));
  try {
    const ok = await p.tester.request(parseHex('22 F1 90'));
    assert.ok(Math.abs(ok.final!.elapsedUs - 10_000) < 2000, `elapsed ${ok.final!.elapsedUs}`);
    v.assertPositive(ok);
    const late = await p.tester.request(parseHex('22 F1 91'));
    assert.equal(late.late, true);
    assert.throws(() => v.assertPositive(late, p.trace), (e: Error) => {
      assert.ok(e instanceof VerdictError);
      assert.match(e.message, /beyond P2 = 50 ms/);
      assert.match(e.message, /22 F1 91 → 62 F1 91 01/);
      return true;
    });
  } finally {
    await p.close();
  }
});

test('0x78 switches the limit to P2* measured from each pending response', async () => {
  const p = pair();
  scripted(p.b, () => [
    [5, '7F 31 78'],
    [400, '7F 31 78'],
    [850, '71 01 FF 00 00'],
  ]);
  try {
    const ex = await p.tester.request(parseHex('31 01 FF 00'));
    assert.equal(ex.pendingCount, 2);
    assert.equal(ex.final!.limit, 'P2*');
    assert.equal(ex.late, false);
    v.assertResponsePending(ex);
    v.assertPositive(ex);
  } finally {
    await p.close();
  }
});

test('P2* exceeded after 0x78 is late', async () => {
  const p = pair();
  scripted(p.b, () => [
    [5, '7F 31 78'],
    [560, '71 01 FF 00 00'],
  ]);
  try {
    const ex = await p.tester.request(parseHex('31 01 FF 00'));
    assert.throws(() => v.assertPositive(ex), /beyond P2\* = 500 ms/);
  } finally {
    await p.close();
  }
});

test('no response → WaitTimeoutError; wrong NRC and NRC not allowed are verdicts', async () => {
  const p = pair();
  scripted(p.b, (req) => (req[0] === 0x22 ? [[3, '7F 22 11']] : req[0] === 0x3e ? [[3, '7F 3E 31']] : []));
  try {
    const silent = await p.tester.request(parseHex('10 03'));
    assert.throws(() => v.assertPositive(silent), WaitTimeoutError);
    const wrong = await p.tester.request(parseHex('22 F1 99'));
    assert.throws(() => v.assertNegative(wrong, 0x31), /expected NRC 0x31 requestOutOfRange, got 0x11 serviceNotSupported/);
    const notAllowed = await p.tester.request(parseHex('3E 00'));
    assert.throws(() => v.assertNegative(notAllowed, undefined), /not allowed for TesterPresent/);
    assert.throws(() => v.assertNrcAllowed(notAllowed), /not allowed/);
  } finally {
    await p.close();
  }
});

test('malformed responses: wrong SID, short negative, missing echo', async () => {
  const p = pair();
  scripted(p.b, (req) => (req[0] === 0x10 ? [[2, '51 03']] : req[0] === 0x22 ? [[2, '7F 22']] : [[2, '71 01 00 00']]));
  try {
    const ex1 = await p.tester.request(parseHex('10 03'));
    assert.throws(() => v.assertPositive(ex1), /expected response SID 0x50/);
    const ex2 = await p.tester.request(parseHex('22 F1 90'));
    assert.throws(() => v.assertNegative(ex2, 0x31), /malformed negative response/);
    const ex3 = await p.tester.request(parseHex('31 01 FF 00'));
    assert.throws(() => v.assertPositive(ex3), /response echoes routine identifier 0x0000, expected the echo of 0xFF00/);
  } finally {
    await p.close();
  }
});

test('verdict text names what was expected and what came: a wrong service echo 7F 7F 7F', async () => {
  const p = pair();
  scripted(p.b, (req) => (req[0] === 0xba ? [[2, '7F 7F 7F']] : req[0] === 0x22 ? [[2, '62 F1 91 00']] : [[2, '50 01 00 32 01 F4']]));
  try {
    const ex1 = await p.tester.request(parseHex('BA 01'));
    assert.throws(() => v.assertPositive(ex1), /got a negative response to service 0x7F, expected the echo of 0xBA \(NRC 0x7F/);
    assert.throws(() => v.assertNegative(ex1, 0x11), /expected NRC 0x11.*, got a negative response to service 0x7F, expected the echo of 0xBA/);
    const ex2 = await p.tester.request(parseHex('22 F1 90'));
    assert.throws(() => v.assertPositive(ex2), /response echoes data identifier 0xF191, expected the echo of 0xF190/);
    const ex3 = await p.tester.request(parseHex('10 03'));
    assert.throws(() => v.assertPositive(ex3), /response echoes sub-function 0x01, expected the echo of 0x03/);
  } finally {
    await p.close();
  }
});

test('suppressPosRsp: positive answer is a verdict, silence passes; session timing adopted', async () => {
  const p = pair();
  scripted(p.b, (req) => (req[0] === 0x3e ? [[2, '7E 00']] : req[0] === 0x10 ? [[2, '50 03 00 19 00 64']] : []));
  try {
    const ex = await p.tester.request(parseHex('3E 80'));
    assert.throws(() => v.assertSuppressed(ex), /suppressPosRspMsgIndicationBit/);
    await p.tester.request(parseHex('10 03'));
    assert.equal(p.tester.p2Ms, 25);
    assert.equal(p.tester.p2StarMs, 1000);
    const quiet = await p.tester.request(parseHex('85 82'));
    v.assertSuppressed(quiet);
    v.assertNoResponse(quiet);
  } finally {
    await p.close();
  }
});

test('functional requests are flagged on the link and in the trace', async () => {
  const p = pair();
  let functional: boolean | undefined;
  p.b.onPdu((pdu) => (functional = pdu.functional));
  try {
    await p.tester.request(parseHex('3E 80'), { functional: true });
    assert.equal(functional, true);
    assert.ok(p.trace.frames.some((f) => f.dir === 'tx' && /functional/.test(f.summary ?? '')));
    assert.ok(monoUs() > 0);
  } finally {
    await p.close();
  }
});
