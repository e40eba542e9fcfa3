import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startReferenceCsms, type ReferenceCsmsControl, type ReferenceCsmsOptions } from '../../src/reference/ocpp201/csms';
import { ID_TAGS, PASSWORD, TIME_SCALE, sleep, startPair } from './helpers';
import { rawStation, type RawStation } from './probe';

const ID = 'PROBE-201';
const BOOT = { chargingStation: { model: 'Probe', vendorName: 'EVC' }, reason: 'PowerUp' };

async function csms(faults: string[] = [], o: Partial<ReferenceCsmsOptions> = {}): Promise<ReferenceCsmsControl> {
  return startReferenceCsms({ version: '2.0.1', stations: { [ID]: { password: PASSWORD } }, securityProfile: 0, idTags: ID_TAGS, heartbeatInterval: 60, faults, timeScale: TIME_SCALE, ...o });
}

/** Same probe against the compliant CSMS and the faulty one. */
async function contrast<T>(fault: string, probe: (c: ReferenceCsmsControl, s: RawStation) => Promise<T>, o: Partial<ReferenceCsmsOptions> = {}): Promise<{ good: T; bad: T }> {
  const out: T[] = [];
  for (const faults of [[], [fault]]) {
    const c = await csms(faults, o);
    try {
      const s = await rawStation(c.url, ID, { password: PASSWORD });
      try {
        out.push(await probe(c, s));
      } finally {
        await s.close();
      }
    } finally {
      await c.stop();
    }
  }
  return { good: out[0], bad: out[1] };
}

const result = (f: unknown[]) => f[2] as any;

describe('reference OCPP 2.0.1 CSMS: compliant answers and faults', () => {
  it('answers every station-initiated message a 2.0.1 station sends (after boot)', async () => {
    const c = await csms();
    const s = await rawStation(c.url, ID, { password: PASSWORD });
    try {
      const boot = result(await s.call('BootNotification', BOOT));
      assert.equal(boot.status, 'Accepted');
      assert.equal(boot.interval, 60);
      assert.match(boot.currentTime, /\.\d{3}Z$/);
      const now = new Date().toISOString();
      const calls: Array<[string, unknown, (r: any) => void]> = [
        ['Heartbeat', {}, (r) => assert.ok(r.currentTime)],
        ['Authorize', { idToken: { idToken: 'TAG1', type: 'ISO14443' } }, (r) => assert.deepEqual(r.idTokenInfo, { status: 'Accepted', groupIdToken: { idToken: 'GROUP1', type: 'Central' } })],
        ['Authorize', { idToken: { idToken: 'EXPIRED', type: 'ISO14443' } }, (r) => assert.equal(r.idTokenInfo.status, 'Expired')],
        ['Authorize', { idToken: { idToken: 'NOBODY', type: 'ISO14443' } }, (r) => assert.equal(r.idTokenInfo.status, 'Unknown')],
        ['StatusNotification', { timestamp: now, connectorStatus: 'Available', evseId: 1, connectorId: 1 }, (r) => assert.deepEqual(r, {})],
        [
          'TransactionEvent',
          { eventType: 'Started', timestamp: now, triggerReason: 'Authorized', seqNo: 0, transactionInfo: { transactionId: 't1' }, idToken: { idToken: 'BLOCKED', type: 'ISO14443' }, evse: { id: 1, connectorId: 1 } },
          (r) => assert.equal(r.idTokenInfo.status, 'Blocked'),
        ],
        ['TransactionEvent', { eventType: 'Ended', timestamp: now, triggerReason: 'StopAuthorized', seqNo: 1, transactionInfo: { transactionId: 't1' } }, (r) => assert.deepEqual(r, {})],
        ['MeterValues', { evseId: 1, meterValue: [{ timestamp: now, sampledValue: [{ value: 1 }] }] }, (r) => assert.deepEqual(r, {})],
        ['NotifyReport', { requestId: 1, generatedAt: now, seqNo: 0 }, (r) => assert.deepEqual(r, {})],
        ['SecurityEventNotification', { type: 'StartupOfTheDevice', timestamp: now }, (r) => assert.deepEqual(r, {})],
        ['FirmwareStatusNotification', { status: 'Idle' }, (r) => assert.deepEqual(r, {})],
        ['LogStatusNotification', { status: 'Idle' }, (r) => assert.deepEqual(r, {})],
        ['ReservationStatusUpdate', { reservationId: 1, reservationUpdateStatus: 'Expired' }, (r) => assert.deepEqual(r, {})],
        ['NotifyChargingLimit', { chargingLimit: { chargingLimitSource: 'EMS' } }, (r) => assert.deepEqual(r, {})],
        ['DataTransfer', { vendorId: 'ACME' }, (r) => assert.equal(r.status, 'UnknownVendorId')],
      ];
      for (const [action, payload, check] of calls) {
        const f = await s.call(action, payload);
        assert.equal(f[0], 3, `${action}: ${JSON.stringify(f)}`);
        check(result(f));
      }
      const bad = await s.call('Heartbeat', { extra: 1 });
      assert.equal(bad[0], 4);
      const garbage = await s.sendRaw('{not json');
      assert.deepEqual(garbage.slice(0, 3), [4, '-1', 'RpcFrameworkError']);
      assert.equal(c.transactions()[0].active, false);
      assert.match(s.extensions, /permessage-deflate/);
    } finally {
      await s.close();
      await c.stop();
    }
  });

  it('SignCertificate: Accepted, then a CertificateSigned CALL with a chain from its CA', async () => {
    const p = await startPair();
    try {
      await p.csms.call(p.id, 'TriggerMessage', { requestedMessage: 'SignChargingStationCertificate' });
      await p.csms.waitFor(p.id, 'SignCertificate', { since: 0 });
      await sleep(100);
      const cs = p.csms.sent(p.id, 'CertificateSigned');
      assert.equal(cs.length, 1);
      assert.match(cs[0].payload.certificateChain, /BEGIN CERTIFICATE/);
    } finally {
      await p.stop();
    }
  });

  it('security-error before boot; wrong-heartbeat-interval / boot-rejected / boot-pending-forever / no-security-error-before-boot', async () => {
    const before = await contrast('no-security-error-before-boot', async (_c, s) => (await s.call('Heartbeat', {})).slice(0, 1).concat((await s.call('Heartbeat', {}))[2]));
    assert.deepEqual(before.good, [4, 'SecurityError']);
    assert.equal(before.bad[0], 3);
    const boot = async (_c: ReferenceCsmsControl, s: RawStation) => {
      const r = result(await s.call('BootNotification', BOOT));
      return `${r.status}/${r.interval}`;
    };
    assert.deepEqual(await contrast('wrong-heartbeat-interval', boot), { good: 'Accepted/60', bad: 'Accepted/1' });
    assert.equal((await contrast('boot-rejected', boot)).bad.split('/')[0], 'Rejected');
    assert.equal((await contrast('boot-pending-forever', boot)).bad.split('/')[0], 'Pending');
  });

  it('authorize-accepts-unknown / ignores-group-id-token / no-cache-expiry / no-id-token-info / datatransfer-accepts-unknown-vendor', async () => {
    const auth = (tag: string) => async (_c: ReferenceCsmsControl, s: RawStation) => {
      await s.call('BootNotification', BOOT);
      return result(await s.call('Authorize', { idToken: { idToken: tag, type: 'ISO14443' } })).idTokenInfo;
    };
    assert.equal((await contrast('authorize-accepts-unknown', auth('NOBODY'))).bad.status, 'Accepted');
    const group = await contrast('ignores-group-id-token', auth('TAG1'));
    assert.ok(group.good.groupIdToken && !group.bad.groupIdToken);
    const exp = await contrast('no-cache-expiry', auth('EXPIRED'));
    assert.ok(exp.good.cacheExpiryDateTime && !exp.bad.cacheExpiryDateTime);
    const tx = await contrast('no-id-token-info', async (_c, s) => {
      await s.call('BootNotification', BOOT);
      const ev = { eventType: 'Started', timestamp: new Date().toISOString(), triggerReason: 'Authorized', seqNo: 0, transactionInfo: { transactionId: 't9' }, idToken: { idToken: 'TAG3', type: 'ISO14443' } };
      return result(await s.call('TransactionEvent', ev)).idTokenInfo?.status;
    });
    assert.deepEqual(tx, { good: 'Accepted', bad: undefined });
    const dt = await contrast('datatransfer-accepts-unknown-vendor', async (_c, s) => {
      await s.call('BootNotification', BOOT);
      return result(await s.call('DataTransfer', { vendorId: 'ACME' })).status;
    });
    assert.deepEqual(dt, { good: 'UnknownVendorId', bad: 'Accepted' });
  });

  it('date-time-microseconds / wrong-error-code-spelling / rpc-error-without-minus-one', async () => {
    const time = await contrast('date-time-microseconds', async (_c, s) => result(await s.call('BootNotification', BOOT)).currentTime);
    assert.match(time.good, /\.\d{3}Z$/);
    assert.match(time.bad, /\.\d{6}Z$/);
    const spelling = await contrast('wrong-error-code-spelling', async (_c, s) => {
      await s.call('BootNotification', BOOT);
      return (await s.call('Authorize', {}))[2];
    });
    assert.deepEqual(spelling, { good: 'OccurrenceConstraintViolation', bad: 'OccurenceConstraintViolation' });
    const id = await contrast('rpc-error-without-minus-one', async (_c, s) => (await s.sendRaw('[2,'))[1]);
    assert.deepEqual(id, { good: '-1', bad: null });
  });

  it('no-404-for-unknown-identity / accepts-bad-password / no-deflate', async () => {
    for (const [fault, identity, password] of [['no-404-for-unknown-identity', 'STRANGER', PASSWORD], ['accepts-bad-password', ID, 'wrong-password']] as const) {
      for (const faults of [[], [fault]]) {
        const c = await csms([...faults], { securityProfile: 1 });
        try {
          const attempt = rawStation(c.url, identity, { password }).then((s) => s.close());
          if (faults.length === 0) await assert.rejects(attempt, (e: any) => e.code === (fault === 'accepts-bad-password' ? 401 : 404));
          else await attempt;
        } finally {
          await c.stop();
        }
      }
    }
    const ext = await contrast('no-deflate', async (_c, s) => s.extensions);
    assert.deepEqual(ext, { good: 'permessage-deflate', bad: '' });
  });

  it('second-concurrent-call / missing-certificate-signed / silent / slow-response', async () => {
    const concurrent = await contrast('second-concurrent-call', async (c, s) => {
      await s.call('BootNotification', BOOT);
      await c.call(ID, 'GetLocalListVersion', {}).catch(() => undefined);
      return c.sent(ID).length;
    });
    assert.deepEqual(concurrent, { good: 1, bad: 2 });
    const silent = await contrast('silent', async (_c, s) => (await s.call('BootNotification', BOOT).catch((e: Error) => [e.message]))[0]);
    assert.deepEqual(silent, { good: 3, bad: 'probe: no reply within 3 s' });
    const slow = await contrast('slow-response', async (_c, s) => {
      const t0 = Date.now();
      await s.call('BootNotification', BOOT);
      return Date.now() - t0 >= 1000;
    });
    assert.deepEqual(slow, { good: false, bad: true });
    for (const faults of [[], ['missing-certificate-signed']]) {
      const p = await startPair({ csms: { faults } });
      try {
        await p.csms.call(p.id, 'TriggerMessage', { requestedMessage: 'SignChargingStationCertificate' });
        await p.csms.waitFor(p.id, 'SignCertificate', { since: 0 });
        await sleep(150);
        assert.equal(p.csms.sent(p.id, 'CertificateSigned').length, faults.length ? 0 : 1);
      } finally {
        await p.stop();
      }
    }
  });

  it('a station offering only ocpp1.6 gets no subprotocol', async () => {
    const c = await csms();
    try {
      // the upgrade completes without Sec-WebSocket-Protocol (ws reports exactly that), then the CSMS closes
      await assert.rejects(rawStation(c.url, ID, { protocols: ['ocpp1.6'] }), /Server sent no subprotocol/);
    } finally {
      await c.stop();
    }
  });
});
