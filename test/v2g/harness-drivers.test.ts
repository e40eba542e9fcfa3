/**
 * The harness V2G drivers against tiny misbehaving peers written in harness-peers.ts (real sockets on [::1],
 * DIN codec, a SessionSetup + SessionStop toy exchange): every check of the contract fails the scenario with a
 * verdict quoting the frame, and a compliant peer passes. Timers: 300 ms limits; "just over" answers at
 * 1.3 × the limit, "just under" at 0.5 ×.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VerdictError } from '../../src/core/errors';
import { EvccDriver } from '../../src/v2g/roles/evcc';
import { SeccDriver } from '../../src/v2g/roles/secc';
import { compliantAnswer, evccContext, SESSION, seccContext, testLimits, tinyEvcc, tinySecc, Trace } from './harness-peers';

const LIMIT = 300;

async function evccAgainst(answer: Parameters<typeof tinySecc>[0]) {
  const peer = await tinySecc(answer);
  const trace = new Trace();
  const driver = new EvccDriver(evccContext(trace, testLimits({ evccMessage: LIMIT }), peer.sdpPort));
  return {
    driver,
    trace,
    async run(fn: (d: EvccDriver) => Promise<void>) {
      try {
        await fn(driver);
      } finally {
        await driver.dispose();
        await peer.close();
      }
    },
  };
}

function verdict(pattern: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof VerdictError, `expected a verdict, got ${String(e)}`);
    assert.match((e as Error).message, pattern);
    assert.match((e as Error).message, /Recent frames/);
    return true;
  };
}

describe('harness EVCC driver (SUT = SECC)', () => {
  it('a compliant SECC passes; every frame is in the trace with V2GTP header, EXI hex and message', async () => {
    const t = await evccAgainst(compliantAnswer);
    await t.run(async (d) => {
      await d.completeSession();
      assert.equal(d.state?.sessionId, SESSION);
    });
    const v2g = t.trace.frames.filter((f) => f.protocol === 'v2g' && f.dir !== 'note');
    assert.deepEqual(v2g.map((f) => f.summary), ['supportedAppProtocolReq', 'supportedAppProtocolRes OK_SuccessfulNegotiation', 'SessionSetupReq', 'SessionSetupRes OK_NewSessionEstablished', 'SessionStopReq', 'SessionStopRes OK']);
    const d = v2g[3].decoded as { v2gtp: { version: number; inverse: number; payloadType: number; length: number }; exiHex: string; message: { name: string } };
    assert.deepEqual(d.v2gtp, { version: 1, inverse: 0xfe, payloadType: 0x8001, length: d.exiHex.length / 2 });
    assert.equal(v2g[3].raw.slice(16), d.exiHex);
  });

  it('a response just under the EVCC timer passes', async () => {
    const t = await evccAgainst((req) => ({ ...compliantAnswer(req), delayMs: req.name === 'SessionStopReq' ? LIMIT * 0.5 : 0 }));
    await t.run((d) => d.completeSession());
  });

  it('a response just over the EVCC timer fails naming the timer and the measured time', async () => {
    const t = await evccAgainst((req) => ({ ...compliantAnswer(req), delayMs: req.name === 'SessionStopReq' ? LIMIT * 1.3 : 0 }));
    await t.run((d) => assert.rejects(d.completeSession(), verdict(/SessionStopRes arrived \d+\.\d ms after the request, over evccMessage 300 ms[\s\S]*frame 01fe8001/)));
  });

  it('a wrong SessionID in a response fails quoting the frame', async () => {
    const t = await evccAgainst((req) => ({ ...compliantAnswer(req), sessionId: req.name === 'SessionStopReq' ? '0102030405060708' : SESSION }));
    await t.run((d) => assert.rejects(d.completeSession(), verdict(/SessionStopRes carries SessionID 0102030405060708, the session's is AABBCCDDEEFF0011[\s\S]*frame 01fe8001\w+ = SessionStopRes/)));
  });

  it('a response of the wrong name fails', async () => {
    const t = await evccAgainst((req) => (req.name === 'SessionSetupReq' ? { message: { name: 'SessionStopRes', body: { ResponseCode: 'OK' } } } : compliantAnswer(req)));
    await t.run((d) => assert.rejects(d.setUp(), verdict(/answered SessionSetupReq with SessionStopRes \(expected SessionSetupRes\)/)));
  });

  it('a malformed V2GTP header is quoted as hex', async () => {
    const t = await evccAgainst((req) => (req.name === 'SessionSetupReq' ? { raw: Uint8Array.from([0x02, 0xfd, 0x80, 0x01, 0, 0, 0, 1, 0x80]) } : compliantAnswer(req)));
    await t.run((d) => assert.rejects(d.setUp(), verdict(/malformed V2GTP frame[\s\S]*02fd8001/)));
  });

  it('EXI that does not decode is quoted with the decoder error', async () => {
    const t = await evccAgainst((req) => (req.name === 'SessionSetupReq' ? { raw: Uint8Array.from([0x01, 0xfe, 0x80, 0x01, 0, 0, 0, 2, 0x80, 0xff]) } : compliantAnswer(req)));
    await t.run((d) => assert.rejects(d.setUp(), verdict(/does not decode as din70121[\s\S]*frame 01fe80010000000280ff \(undecodable/)));
  });

  it('a step-sent request keeps a FAILED code for the next step to judge', async () => {
    const t = await evccAgainst((req) => (req.name === 'SessionStopReq' ? { message: { name: 'SessionStopRes', body: { ResponseCode: 'FAILED_UnknownSession' } } } : compliantAnswer(req)));
    await t.run(async (d) => {
      await d.send('SessionStopReq', [['Header.SessionID', '0102030405060708']]);
      d.expectResponseCode('FAILED_UnknownSession');
      d.expectResponseCode('FAILED', true);
      assert.throws(() => d.expectResponseCode('OK'), verdict(/ResponseCode FAILED_UnknownSession, expected OK/));
    });
  });
});

describe('harness SECC driver (SUT = EVCC)', () => {
  async function seccWith(limits: Parameters<typeof testLimits>[0] = {}) {
    const trace = new Trace();
    const driver = new SeccDriver(seccContext(trace, testLimits({ seccSequence: LIMIT, ...limits })));
    await driver.ready();
    return { driver, trace };
  }

  it('a compliant EVCC passes and closes the connection', async () => {
    const { driver } = await seccWith();
    const peer = await tinyEvcc(driver.address);
    try {
      await driver.runToEnd();
      await driver.expectClosedWithin('seccSequence');
      driver.expectWellFormed();
    } finally {
      await peer.done;
      await driver.dispose();
    }
  });

  it('a request just under seccSequence passes, just over fails', async () => {
    for (const [factor, ok] of [[0.5, true], [1.3, false]] as const) {
      const { driver } = await seccWith();
      const peer = await tinyEvcc(driver.address, { beforeStopMs: LIMIT * factor });
      try {
        if (ok) await driver.runToEnd();
        else await assert.rejects(driver.runToEnd(), verdict(/SessionStopReq came \d+\.\d ms after the last answer, over seccSequence 300 ms|no request from the EVCC within seccSequence/));
      } finally {
        await driver.dispose();
        await peer.done;
      }
    }
  });

  it('a wrong SessionID fails quoting the request', async () => {
    const { driver } = await seccWith();
    const peer = await tinyEvcc(driver.address, { stopSessionId: '0102030405060708' });
    try {
      await assert.rejects(driver.runToEnd(), verdict(/SessionStopReq carries SessionID 0102030405060708, the session's is [0-9A-F]{16}[\s\S]*= SessionStopReq/));
    } finally {
      await driver.dispose();
      await peer.done;
    }
  });

  it('a request out of sequence fails naming what the sequence allows', async () => {
    const { driver } = await seccWith();
    const peer = await tinyEvcc(driver.address, { first: 'stop' });
    try {
      await assert.rejects(driver.expectRequest('SessionSetupReq'), verdict(/sent SessionStopReq where the din70121 sequence allows SessionSetupReq/));
    } finally {
      await driver.dispose();
      await peer.done;
    }
  });

  it('an EVCC that does not offer the tested standard fails the handshake', async () => {
    const { driver } = await seccWith();
    const peer = await tinyEvcc(driver.address, { offer: [{ standard: 'iso15118-2', priority: 1 }] });
    try {
      await assert.rejects(driver.handshake(), verdict(/did not offer din70121/));
    } finally {
      await driver.dispose();
      await peer.done;
    }
  });

  it('a malformed frame from the EVCC is quoted', async () => {
    const { driver } = await seccWith();
    const peer = await tinyEvcc(driver.address, { rawAfterSap: Uint8Array.from([0x01, 0xfe, 0x80, 0x01, 0, 0, 0, 2, 0x80, 0xff]) });
    try {
      await assert.rejects(driver.next(), verdict(/does not decode as din70121[\s\S]*01fe80010000000280ff/));
    } finally {
      await driver.dispose();
      await peer.done;
    }
  });
});
