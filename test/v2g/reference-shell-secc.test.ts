/**
 * The reference SECC shell on real sockets ([::1], ephemeral ports) against the project's transport: SDP per
 * requested security, the app-protocol choice, malformed frames (close without an answer), the close after a
 * FAILED code, the sequence timeout, TLS 1.2 / 1.3, 5 % duty at plug-in, and every SECC shell fault.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSimulatedLine } from '../../src/iec61851/line/simulated';
import { type ReferenceSecc, type ReferenceSeccOptions, startReferenceSecc } from '../../src/reference/v2g';
import { createV2gPki, removeV2gPki, type V2gPki } from '../../src/transport/tls/v2g-pki';
import { ISO2_TLS, connectV2g, type V2gConnection, type V2gTlsOptions } from '../../src/v2g/transport/connection';
import { SdpFormatError, SdpTimeoutError, discoverSecc } from '../../src/v2g/transport/sdp';
import { DIN_NS, ISO2_NS, iso2Doc, iso2Read, limitMs, sapReq, sapRes, seccOptions } from './reference-shell-helpers';

async function withSecc<T>(over: Partial<ReferenceSeccOptions>, fn: (s: ReferenceSecc) => Promise<T>): Promise<T> {
  const s = await startReferenceSecc(seccOptions(over));
  try {
    return await fn(s);
  } finally {
    await s.stop();
  }
}

async function withConn<T>(port: number, fn: (c: V2gConnection) => Promise<T>, tls?: V2gTlsOptions): Promise<T> {
  const c = await connectV2g({ host: '::1', port, timeoutMs: 2_000, tls });
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

const ISO2_FIRST = [{ ns: ISO2_NS, id: 7, prio: 1 }, { ns: DIN_NS, id: 9, prio: 2 }];

/** Handshake for ISO 15118-2 and SessionSetup. */
async function setUp(c: V2gConnection): Promise<void> {
  await c.send(0x8001, sapReq(ISO2_FIRST));
  assert.equal(sapRes((await c.receive(1_000, 'SAP res')).payload).ResponseCode, 'OK_SuccessfulNegotiation');
  await c.send(0x8001, iso2Doc('SessionSetupReq', { EVCCID: '020000000001' }, '00'));
  assert.equal(iso2Read((await c.receive(1_000, 'SessionSetupRes')).payload).body.ResponseCode, 'OK_NewSessionEstablished');
}

const sdp = (port: number, security: 'tcp' | 'tls', attempts = 3) => discoverSecc({ security, address: '::1', port, retryIntervalMs: 100, maxAttempts: attempts });

describe('reference SECC shell: SDP', () => {
  test('answers its TCP port without TLS; a session runs and SessionStop closes', async () => {
    await withSecc({}, async (s) => {
      const d = await sdp(s.sdpPort, 'tcp');
      assert.deepEqual([d.answer.port, d.answer.security, d.attempts], [s.tcpPort, 'tcp', 1]);
      await withConn(d.answer.port, async (c) => {
        await setUp(c);
        await c.send(0x8001, iso2Doc('SessionStopReq', { ChargingSession: 'Terminate' }));
        assert.equal(iso2Read((await c.receive(1_000, 'SessionStopRes')).payload).body.ResponseCode, 'OK');
        assert.equal(await c.waitClosed(1_000), true);
      });
    });
  });

  test('no-sdp-response: every request unanswered', async () => {
    await withSecc({ faults: ['no-sdp-response'] }, async (s) => {
      await assert.rejects(sdp(s.sdpPort, 'tcp', 2), SdpTimeoutError);
    });
  });

  test('sdp-wrong-port: the answered port refuses the connection', async () => {
    await withSecc({ faults: ['sdp-wrong-port'] }, async (s) => {
      const d = await sdp(s.sdpPort, 'tcp');
      assert.notEqual(d.answer.port, s.tcpPort);
      await assert.rejects(connectV2g({ host: '::1', port: d.answer.port, timeoutMs: 1_000 }));
    });
  });

  test('wrong-v2gtp-version: the SDP response is malformed', async () => {
    await withSecc({ faults: ['wrong-v2gtp-version'] }, async (s) => {
      await assert.rejects(sdp(s.sdpPort, 'tcp'), SdpFormatError);
    });
  });
});

describe('reference SECC shell: app-protocol handshake', () => {
  const pick = async (faults: string[], offer: Parameters<typeof sapReq>[0]) =>
    withSecc({ faults }, (s) => withConn(s.tcpPort, async (c) => {
      await c.send(0x8001, sapReq(offer));
      return { res: sapRes((await c.receive(1_000, 'SAP res')).payload), conn: c };
    }));

  test('highest priority supported; minor deviation; nothing supported → Failed_NoNegotiation and close', async () => {
    assert.deepEqual((await pick([], [{ ns: DIN_NS, id: 3, prio: 2 }, { ns: ISO2_NS, id: 4, prio: 1 }])).res, { ResponseCode: 'OK_SuccessfulNegotiation', SchemaID: 4 });
    assert.deepEqual((await pick([], [{ ns: ISO2_NS, minor: 1, id: 5, prio: 1 }])).res, { ResponseCode: 'OK_SuccessfulNegotiationWithMinorDeviation', SchemaID: 5 });
    await withSecc({}, (s) => withConn(s.tcpPort, async (c) => {
      await c.send(0x8001, sapReq([{ ns: 'urn:iso:15118:2:2010:MsgDef', major: 1, id: 1, prio: 1 }]));
      assert.equal(sapRes((await c.receive(1_000, 'SAP res')).payload).ResponseCode, 'Failed_NoNegotiation');
      assert.equal(await c.waitClosed(1_000), true);
    }));
  });

  test('sap-ignores-priority picks the lowest; sap-picks-unoffered answers a SchemaID not offered', async () => {
    const offer = [{ ns: DIN_NS, id: 3, prio: 2 }, { ns: ISO2_NS, id: 4, prio: 1 }];
    assert.equal((await pick(['sap-ignores-priority'], offer)).res.SchemaID, 3);
    const r = (await pick(['sap-picks-unoffered'], offer)).res;
    assert.equal(r.ResponseCode, 'OK_SuccessfulNegotiation');
    assert.ok(r.SchemaID !== 3 && r.SchemaID !== 4);
  });
});

describe('reference SECC shell: frames and connection', () => {
  const BAD_VERSION = Buffer.from('02fd800100000002 8000'.replace(/ /g, ''), 'hex');

  test('bad V2GTP header, unknown payload type, truncated EXI → closed without an answer', async () => {
    await withSecc({}, (s) => withConn(s.tcpPort, async (c) => {
      await setUp(c);
      await c.sendRaw(BAD_VERSION);
      assert.equal(await c.waitClosed(1_000), true);
    }));
    await withSecc({}, (s) => withConn(s.tcpPort, async (c) => {
      await setUp(c);
      await c.send(0x9999, iso2Doc('SessionStopReq', { ChargingSession: 'Terminate' }));
      assert.equal(await c.waitClosed(1_000), true);
    }));
    await withSecc({}, (s) => withConn(s.tcpPort, async (c) => {
      await setUp(c);
      await c.send(0x8001, iso2Doc('SessionStopReq', { ChargingSession: 'Terminate' }).subarray(0, 3));
      await assert.rejects(c.receive(800, 'nothing'));
      assert.equal(c.closed, true);
    }));
  });

  test('accepts-malformed-frame answers a truncated EXI request', async () => {
    await withSecc({ faults: ['accepts-malformed-frame'] }, (s) => withConn(s.tcpPort, async (c) => {
      await setUp(c);
      await c.send(0x8001, iso2Doc('SessionStopReq', { ChargingSession: 'Terminate' }).subarray(0, 3));
      assert.ok((await c.receive(1_000, 'an answer')).payload.length > 0);
      assert.equal(c.closed, false);
    }));
  });

  test('FAILED code closes; no-tcp-close-after-failed keeps it open', async () => {
    for (const [faults, closes] of [[[], true], [['no-tcp-close-after-failed'], false]] as const) {
      await withSecc({ faults: [...faults] }, (s) => withConn(s.tcpPort, async (c) => {
        await setUp(c);
        await c.send(0x8001, iso2Doc('SessionStopReq', { ChargingSession: 'Terminate' }, 'AAAAAAAAAAAAAAAA'));
        assert.equal(iso2Read((await c.receive(1_000, 'SessionStopRes')).payload).body.ResponseCode, 'FAILED_UnknownSession');
        assert.equal(await c.waitClosed(400), closes);
      }));
    }
  });

  test('sequence timeout closes an idle connection', async () => {
    await withSecc({}, (s) => withConn(s.tcpPort, async (c) => {
      await setUp(c);
      const t0 = Date.now();
      assert.equal(await c.waitClosed(limitMs('seccSequence') * 3), true);
      // idle since its SessionSetupRes, which a loaded machine may deliver late: not at once, that is what counts
      assert.ok(Date.now() - t0 >= limitMs('seccSequence') / 2);
    }));
  });

  test('late-response answers at 1.3 × evccMessage; wrong-payload-type; wrong-v2gtp-version; silent', async () => {
    await withSecc({ faults: ['late-response'] }, (s) => withConn(s.tcpPort, async (c) => {
      await c.send(0x8001, sapReq(ISO2_FIRST));
      await assert.rejects(c.receive(limitMs('evccMessage'), 'SAP res in time'));
      await c.receive(1_000, 'SAP res late');
    }));
    await withSecc({ faults: ['wrong-payload-type'] }, (s) => withConn(s.tcpPort, async (c) => {
      await c.send(0x8001, sapReq(ISO2_FIRST));
      assert.notEqual((await c.receive(1_000, 'SAP res')).payloadType, 0x8001);
    }));
    await withSecc({ faults: ['wrong-v2gtp-version'] }, (s) => withConn(s.tcpPort, async (c) => {
      await c.send(0x8001, sapReq(ISO2_FIRST));
      await assert.rejects(c.receive(1_000, 'SAP res'), /version|inverse/i);
    }));
    await withSecc({ faults: ['silent'] }, (s) => withConn(s.tcpPort, async (c) => {
      await c.send(0x8001, sapReq(ISO2_FIRST));
      await assert.rejects(c.receive(500, 'SAP res'), /no V2GTP frame|within/i);
    }));
  });

  test('an unknown fault name is refused', async () => {
    await assert.rejects(startReferenceSecc(seccOptions({ faults: ['no-such-fault'] })), /unknown fault no-such-fault/);
  });
});

describe('reference SECC shell: pilot', () => {
  test('5 % duty once the EV is plugged in', async () => {
    const line = createSimulatedLine({ seed: 1 });
    try {
      await withSecc({ pilot: line.evse }, async () => {
        assert.equal(line.evse.commanded().pwm, false);
        await line.ev.actuate({ connected: true, ppOhms: 220 });
        const o = await line.ev.waitFor((x) => x.frequencyHz > 0, 1_000, '5 % duty');
        assert.ok(Math.abs(o.dutyPct - 5) < 0.5);
      });
    } finally {
      await line.close();
    }
  });
});

describe('reference SECC shell: TLS', () => {
  let pki: V2gPki;
  before(async () => {
    pki = await createV2gPki();
  });
  after(async () => {
    await removeV2gPki(pki);
  });
  const iso2 = (): V2gTlsOptions => ({ version: 'TLSv1.2', ca: [pki.v2gRoot.cert], ciphers: ISO2_TLS.ciphers, ecdhCurve: ISO2_TLS.ecdhCurve });

  test('TLS 1.2 with the ISO 15118-2 suite; SDP answers the TLS port for a TLS request, sdp-ignores-security does not', async () => {
    await withSecc({ tls: 'tls12', pki }, async (s) => {
      const d = await sdp(s.sdpPort, 'tls');
      assert.deepEqual([d.answer.port, d.answer.security], [s.tlsPort, 'tls']);
      await withConn(d.answer.port, async (c) => {
        assert.equal(c.tls?.cipher, 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256');
        await setUp(c);
      }, iso2());
    });
    await withSecc({ tls: 'tls12', pki, faults: ['sdp-ignores-security'] }, async (s) => {
      const d = await sdp(s.sdpPort, 'tls');
      assert.deepEqual([d.answer.port, d.answer.security], [s.tcpPort, 'tcp']);
    });
  });

  test('weak-tls-cipher and tls-untrusted-chain fail an ISO 15118-2 client', async () => {
    for (const f of ['weak-tls-cipher', 'tls-untrusted-chain']) {
      await withSecc({ tls: 'tls12', pki, faults: [f] }, async (s) => {
        await assert.rejects(connectV2g({ host: '::1', port: s.tlsPort as number, timeoutMs: 2_000, tls: iso2() }), Error, f);
      });
    }
  });

  test('TLS 1.3 asks for the vehicle certificate', async () => {
    await withSecc({ tls: 'tls13', pki }, async (s) => {
      await withConn(s.tlsPort as number, async (c) => {
        assert.equal(c.tls?.protocol, 'TLSv1.3');
        await setUp(c);
      }, { version: 'TLSv1.3', ca: [pki.v2gRoot.cert], cert: pki.vehicle.cert, key: pki.vehicle.key });
      const bare = await connectV2g({ host: '::1', port: s.tlsPort as number, timeoutMs: 2_000, tls: { version: 'TLSv1.3', ca: [pki.v2gRoot.cert] } }).catch((e: Error) => e);
      if (!(bare instanceof Error)) {
        // TLS 1.3: the client learns of the refused certificate only on its first read
        assert.equal(await bare.waitClosed(1_000), true);
        await bare.close();
      }
    });
  });
});

