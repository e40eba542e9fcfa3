/**
 * The reference EVCC shell on real sockets ([::1], ephemeral ports) against the project's transport playing the
 * SECC: pilot plug-in and 5 % wait, SDP retries, the app-protocol offer, the module loop, the stop on FAILED,
 * TLS chain checks, and every EVCC shell fault.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { decodeExiJson, encodeExiJson } from '../../src/exi';
import { createSimulatedLine } from '../../src/iec61851/line/simulated';
import { type ReferenceEvccOptions, startReferenceEvcc } from '../../src/reference/v2g';
import { createV2gPki, removeV2gPki, type V2gPki } from '../../src/transport/tls/v2g-pki';
import { ISO2_TLS, listenV2g, type V2gConnection, type V2gServer, type V2gTlsOptions } from '../../src/v2g/transport/connection';
import { type SdpAnswer, type SdpServer, startSdpServer } from '../../src/v2g/transport/sdp';
import { ISO2_NS, SESSION, evccOptions, iso2Doc, iso2Read, limitMs } from './reference-shell-helpers';

interface Secc {
  sdp: SdpServer;
  server: V2gServer;
  close(): Promise<void>;
}

/** A SECC of the project's transport: SDP answers (unless `answer` says otherwise) point at its listener. */
async function secc(tls?: V2gTlsOptions, answer?: (a: SdpAnswer) => SdpAnswer | undefined): Promise<Secc> {
  const server = await listenV2g({ host: '::1', tls });
  const base: SdpAnswer = { address: '::1', port: server.port, security: tls ? 'tls' : 'tcp', transport: 'tcp' };
  const sdp = await startSdpServer({ address: '::1', port: 0, answer: () => (answer ? answer(base) : base) });
  return { sdp, server, close: async () => void (await Promise.all([sdp.close(), server.close()])) };
}

async function run<T>(s: Secc, over: Partial<ReferenceEvccOptions>, fn: (done: Promise<{ reason: string }>) => Promise<T>): Promise<T> {
  const evcc = await startReferenceEvcc(evccOptions(s.sdp.port, over));
  try {
    return await fn(evcc.done);
  } finally {
    await evcc.stop();
    await s.close();
  }
}

function sapOffer(exi: Uint8Array): { ProtocolNamespace: string; VersionNumberMajor: number; SchemaID: number; Priority: number }[] {
  return (decodeExiJson('apphand', exi).supportedAppProtocolReq as { AppProtocol: [] }).AppProtocol;
}

/** Accepts the connection, answers the handshake with the first offered entry. */
async function handshake(s: Secc): Promise<V2gConnection> {
  const c = await s.server.accept(2_000);
  const offer = sapOffer((await c.receive(1_000, 'SAP req')).payload);
  await c.send(0x8001, encodeExiJson('apphand', { supportedAppProtocolRes: { ResponseCode: 'OK_SuccessfulNegotiation', SchemaID: offer[0].SchemaID } }));
  return c;
}

const sessionSetupRes = () => iso2Doc('SessionSetupRes', { ResponseCode: 'OK_NewSessionEstablished', EVSEID: 'DE*EVC*E1*1' });

describe('reference EVCC shell: session', () => {
  test('compliant: offers its protocol, SessionSetup, SessionStop, closes; done says why', async () => {
    const s = await secc();
    await run(s, {}, async (done) => {
      const c = await s.server.accept(2_000);
      const offer = sapOffer((await c.receive(1_000, 'SAP req')).payload);
      assert.deepEqual(offer.map((o) => [o.ProtocolNamespace, o.Priority]), [[ISO2_NS, 1]]);
          await c.send(0x8001, encodeExiJson('apphand', { supportedAppProtocolRes: { ResponseCode: 'OK_SuccessfulNegotiation', SchemaID: offer[0].SchemaID } }));
      assert.equal(iso2Read((await c.receive(1_000, 'SessionSetupReq')).payload).name, 'SessionSetupReq');
      await c.send(0x8001, sessionSetupRes());
      const stop = iso2Read((await c.receive(1_000, 'SessionStopReq')).payload);
      assert.deepEqual([stop.name, stop.sessionId], ['SessionStopReq', SESSION]);
      await c.send(0x8001, iso2Doc('SessionStopRes', { ResponseCode: 'OK' }));
      assert.equal(await c.waitClosed(1_000), true);
      assert.match((await done).reason, /session complete/);
    });
  });

  test('stops on a FAILED code and closes; ignores-failed-response goes on', async () => {
    for (const [faults, stops] of [[[], true], [['ignores-failed-response'], false]] as const) {
      const s = await secc();
      await run(s, { faults: [...faults] }, async (done) => {
        const c = await handshake(s);
        await c.receive(1_000, 'SessionSetupReq');
        await c.send(0x8001, iso2Doc('SessionSetupRes', { ResponseCode: 'FAILED', EVSEID: 'DE*EVC*E1*1' }));
        if (stops) {
          assert.equal(await c.waitClosed(1_000), true);
          assert.match((await done).reason, /SessionSetupRes: FAILED/);
        } else assert.ok((await c.receive(1_000, 'another request')).payload.length > 0);
      });
    }
  });

  test('no response within the EVCC message timer: stops and closes', async () => {
    const s = await secc();
    await run(s, {}, async (done) => {
      const c = await handshake(s);
      await c.receive(1_000, 'SessionSetupReq');
      assert.equal(await c.waitClosed(limitMs('evccMessage') * 4), true);
      assert.match((await done).reason, /no SessionSetupRes within/);
    });
  });

  test('no-tcp-close-after-stop leaves the connection open', async () => {
    const s = await secc();
    await run(s, { faults: ['no-tcp-close-after-stop'] }, async (done) => {
      const c = await handshake(s);
      await c.receive(1_000, 'SessionSetupReq');
      await c.send(0x8001, sessionSetupRes());
      await c.receive(1_000, 'SessionStopReq');
      await c.send(0x8001, iso2Doc('SessionStopRes', { ResponseCode: 'OK' }));
      await done;
      assert.equal(await c.waitClosed(400), false);
    });
  });

  test('late-request sends SessionSetupReq after 1.3 × seccSequence; silent sends nothing', async () => {
    let s = await secc();
    await run(s, { faults: ['late-request'] }, async () => {
      const c = await handshake(s);
      await assert.rejects(c.receive(limitMs('seccSequence'), 'SessionSetupReq in time'));
      await c.receive(1_000, 'SessionSetupReq late');
    });
    s = await secc();
    await run(s, { faults: ['silent'] }, async () => {
      const c = await s.server.accept(2_000);
      await assert.rejects(c.receive(500, 'SAP req'));
    });
  });

  test('sap-offers-nothing-valid offers unknown namespaces; wrong-v2gtp-version breaks the first frame', async () => {
    let s = await secc();
    await run(s, { faults: ['sap-offers-nothing-valid'] }, async () => {
      const c = await s.server.accept(2_000);
      const offer = sapOffer((await c.receive(1_000, 'SAP req')).payload);
      assert.ok(offer.every((o) => o.ProtocolNamespace !== ISO2_NS && o.VersionNumberMajor === 9));
    });
    s = await secc(undefined, (a) => a);
    await run(s, { faults: ['wrong-v2gtp-version'] }, async (done) => {
      assert.match((await done).reason, /no SDP response/);
      assert.ok(s.sdp.rejected.length >= 1 && s.sdp.requests.length === 0);
    });
  });
});

describe('reference EVCC shell: SDP', () => {
  test('retries every sdpRetryInterval, sdpRetries times; no-sdp-retry sends one; sdp-retry-too-fast halves the interval', async () => {
    for (const [faults, count] of [[[], limitMs('sdpRetries')], [['no-sdp-retry'], 1], [['sdp-retry-too-fast'], limitMs('sdpRetries')]] as [string[], number][]) {
      const s = await secc(undefined, () => undefined);
      await run(s, { faults: [...faults] }, async (done) => {
        assert.match((await done).reason, /no SDP response/);
        assert.equal(s.sdp.requests.length, count, faults.join());
        const gaps = s.sdp.requests.slice(1).map((r, i) => (r.tUs - s.sdp.requests[i].tUs) / 1000);
        const want = faults.includes('sdp-retry-too-fast') ? limitMs('sdpRetryInterval') / 2 : limitMs('sdpRetryInterval');
        // the mean gap (one late datagram on a loaded machine shortens the next gap, not the mean)
        const mean = gaps.reduce((a, g) => a + g, 0) / Math.max(1, gaps.length);
        if (gaps.length) assert.ok(mean >= want * 0.8 && mean < want * 1.6, `mean gap ${mean} ms (${gaps.join(', ')}), interval ${want} ms`);
      });
    }
  });
});

describe('reference EVCC shell: pilot', () => {
  test('plugs in, waits for 5 % duty before SDP, closes S2 for its module; no-state-c / late-state-c', async () => {
    for (const fault of [undefined, 'no-state-c', 'late-state-c']) {
      const line = createSimulatedLine({ seed: 2 });
      const s = await secc();
      try {
        await run(s, { pilot: line.ev, faults: fault ? [fault] : [] }, async () => {
          await line.evse.waitFor((o) => o.cpHighV < 10.5 && o.cpHighV > 7.5, 1_000, 'state B');
          await new Promise((r) => setTimeout(r, 300));
          assert.equal(s.sdp.requests.length, 0, 'no SDP before 5 %');
          await line.evse.actuate({ pwm: true, dutyPct: 5, frequencyHz: 1000 });
          const c = await handshake(s);
          await c.receive(1_000, 'SessionSetupReq');
          await c.send(0x8001, sessionSetupRes());
          const seen = await line.evse.waitFor((o) => o.cpHighV < 7.5 && o.cpHighV > 4.5, limitMs('cpStateCAfterPowerDelivery'), 'state C').then(() => true, () => false);
          assert.equal(seen, fault === undefined, String(fault));
        });
      } finally {
        await line.close();
      }
    }
  });
});

describe('reference EVCC shell: TLS', () => {
  let pki: V2gPki;
  before(async () => {
    pki = await createV2gPki();
  });
  after(async () => {
    await removeV2gPki(pki);
  });
  const seccTls = (untrusted: boolean): V2gTlsOptions => ({
    version: 'TLSv1.2', ca: [pki.oemRoot.cert], cert: untrusted ? pki.bad.untrustedSecc.cert : pki.seccChainPem, key: untrusted ? pki.bad.untrustedSecc.key : pki.secc.key, ciphers: ISO2_TLS.ciphers, ecdhCurve: ISO2_TLS.ecdhCurve,
  });

  test('TLS 1.2 to a SECC chaining to the V2G root; an untrusted chain stops it unless accepts-untrusted-secc', async () => {
    let s = await secc(seccTls(false));
    await run(s, { tls: 'tls12', pki }, async () => {
      const c = await handshake(s);
      assert.equal(c.tls?.protocol, 'TLSv1.2');
    });
    s = await secc(seccTls(true));
    await run(s, { tls: 'tls12', pki }, async (done) => {
      assert.match((await done).reason, /TLS connection .* failed/);
    });
    s = await secc(seccTls(true));
    await run(s, { tls: 'tls12', pki, faults: ['accepts-untrusted-secc'] }, async () => {
      await handshake(s);
    });
  });

  test('TLS 1.3 presents the vehicle certificate', async () => {
    const s = await secc({ version: 'TLSv1.3', ca: [pki.oemRoot.cert], cert: pki.seccChainPem, key: pki.secc.key, requestCert: true });
    await run(s, { tls: 'tls13', pki }, async () => {
      const c = await handshake(s);
      assert.equal(c.tls?.protocol, 'TLSv1.3');
    });
  });
});
