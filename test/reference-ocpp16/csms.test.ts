import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CSMS_FAULTS } from '../../src/reference/ocpp16/faults';
import { startReferenceCsms, type ReferenceCsmsControl, type ReferenceCsmsOptions } from '../../src/reference/ocpp16/csms';
import { buildCsr } from '../../src/reference/common/x509';
import { sleep, until, TIME_SCALE } from './helpers';
import { parsed, startProbeStation, type ProbeStation } from './probe';

const ID = 'PROBE-CS';

async function withCsms<T>(faults: string[], body: (csms: ReferenceCsmsControl) => Promise<T>, o: Partial<ReferenceCsmsOptions> = {}): Promise<T> {
  const csms = await startReferenceCsms({
    version: '1.6',
    stations: { [ID]: { password: 'probe-password-16' } },
    securityProfile: 0,
    idTags: {
      TAG1: { status: 'Accepted', parentIdTag: 'GROUP1' },
      TAG3: { status: 'Accepted' },
      BLOCKED: { status: 'Blocked' },
      EXPIRED: { status: 'Accepted', expiryDate: '2020-01-01T00:00:00.000Z' },
    },
    heartbeatInterval: 10,
    faults,
    timeScale: TIME_SCALE,
    ...o,
  });
  try {
    return await body(csms);
  } finally {
    await csms.stop();
  }
}

async function withStation<T>(faults: string[], body: (ps: ProbeStation, csms: ReferenceCsmsControl) => Promise<T>, o: Partial<ReferenceCsmsOptions> = {}): Promise<T> {
  return withCsms(
    faults,
    async (csms) => {
      const ps = await startProbeStation(csms.url, ID, { password: 'probe-password-16' });
      try {
        return await body(ps, csms);
      } finally {
        await ps.stop();
      }
    },
    o,
  );
}

const call = (ps: ProbeStation, action: string, payload: Record<string, unknown>, timeoutMs = 1000) => ps.client.call(action, payload, { callTimeoutMs: timeoutMs });
const start = (ps: ProbeStation, idTag: string, connectorId = 1) => call(ps, 'StartTransaction', { connectorId, idTag, meterStart: 0, timestamp: new Date().toISOString() });
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: Error) => (/timeout/i.test(e.message) ? 'timeout' : 'error'),
  );

describe('reference OCPP 1.6 central system', () => {
  it('answers the core messages compliantly', async () => {
    await withStation([], async (ps) => {
      const boot = await call(ps, 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
      assert.equal(boot.status, 'Accepted');
      assert.equal(boot.interval, 10);
      assert.ok(Math.abs(Date.parse(boot.currentTime) - Date.now()) < 4000);
      assert.ok(Date.parse((await call(ps, 'Heartbeat', {})).currentTime) > 0);
      assert.deepEqual(await call(ps, 'Authorize', { idTag: 'TAG1' }), { idTagInfo: { status: 'Accepted', parentIdTag: 'GROUP1' } });
      assert.deepEqual(await call(ps, 'Authorize', { idTag: 'NOPE' }), { idTagInfo: { status: 'Invalid' } });
      assert.equal((await call(ps, 'Authorize', { idTag: 'BLOCKED' })).idTagInfo.status, 'Blocked');
      assert.equal((await call(ps, 'Authorize', { idTag: 'EXPIRED' })).idTagInfo.status, 'Expired');
      const a = await start(ps, 'TAG3');
      const b = await start(ps, 'TAG3', 2);
      assert.equal(a.idTagInfo.status, 'Accepted');
      assert.equal(b.idTagInfo.status, 'ConcurrentTx');
      assert.notEqual(a.transactionId, b.transactionId);
      assert.deepEqual(await call(ps, 'StopTransaction', { transactionId: a.transactionId, meterStop: 10, timestamp: new Date().toISOString() }), {});
      assert.equal((await start(ps, 'TAG3')).idTagInfo.status, 'Accepted');
      assert.deepEqual(await call(ps, 'DataTransfer', { vendorId: 'Unknown' }), { status: 'UnknownVendorId' });
      assert.deepEqual(await call(ps, 'DataTransfer', { vendorId: 'EVC' }), { status: 'Accepted' });
      for (const [action, payload] of [
        ['StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' }],
        ['MeterValues', { connectorId: 1, meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: '1' }] }] }],
        ['DiagnosticsStatusNotification', { status: 'Uploaded' }],
        ['FirmwareStatusNotification', { status: 'Installed' }],
        ['SecurityEventNotification', { type: 'StartupOfTheDevice', timestamp: new Date().toISOString() }],
        ['LogStatusNotification', { status: 'Uploaded', requestId: 1 }],
        ['SignedFirmwareStatusNotification', { status: 'Installed', requestId: 1 }],
      ] as const)
        assert.deepEqual(await call(ps, action, payload), {}, action);
      // schema violations get the 1.6 spellings
      ps.client.sendRaw(JSON.stringify([2, 'bad-1', 'Authorize', {}]));
      const err = await until(() => parsed(ps.frames, 'in').find((f) => f[1] === 'bad-1'), 2000, 'CALLERROR');
      assert.equal(err?.[2], 'OccurenceConstraintViolation');
    });
  });

  it('unknown identity gets HTTP 404; SP1 wrong password gets 401', async () => {
    await withCsms([], async (csms) => {
      await assert.rejects(startProbeStation(csms.url, 'UNKNOWN'), (e: any) => e.code === 404);
    });
    await withCsms(
      [],
      async (csms) => {
        await assert.rejects(startProbeStation(csms.url, ID, { password: 'wrong-password-16' }), (e: any) => e.code === 401);
        await assert.rejects(startProbeStation(csms.url, ID), (e: any) => e.code === 401);
        const ok = await startProbeStation(csms.url, ID, { password: 'probe-password-16' });
        await ok.stop();
      },
      { securityProfile: 1 },
    );
  });
});

type Scenario = (faults: string[]) => Promise<boolean>;

/** Each intent fault: the intent asked (after `setup`), and whether the CALL the CSMS sent shows the fault. */
const INTENT_CASES: Record<string, { intent: string; params: Record<string, unknown>; shows: (action: string, p: any) => boolean; setup?: (ps: ProbeStation) => Promise<void> }> = {
  'remote-start-without-connector': { intent: 'remotely-start-a-transaction', params: { idTag: 'TAG3', connectorId: 1 }, shows: (_a, p) => p.connectorId === undefined },
  'remote-stop-wrong-transaction-id': { intent: 'remotely-stop-the-transaction', params: { connectorId: 1 }, shows: (_a, p) => p.transactionId !== 1001, setup: async (ps) => void (await start(ps, 'TAG3')) },
  'reset-wrong-type': { intent: 'reset-the-station', params: { type: 'Hard' }, shows: (_a, p) => p.type !== 'Hard' },
  'unlock-wrong-connector': { intent: 'unlock-a-connector', params: { connectorId: 1 }, shows: (_a, p) => p.connectorId !== 1 },
  'change-configuration-wrong-value': { intent: 'change-a-configuration-key', params: { key: 'K', value: '30' }, shows: (_a, p) => p.value !== '30' },
  'get-configuration-wrong-keys': { intent: 'get-the-configuration', params: { key: ['K'] }, shows: (_a, p) => p.key?.[0] !== 'K' },
  'clear-cache-sends-local-list': { intent: 'clear-the-authorization-cache', params: {}, shows: (a) => a !== 'ClearCache' },
  'local-list-version-from-configuration': { intent: 'get-the-local-list-version', params: {}, shows: (a) => a !== 'GetLocalListVersion' },
  'local-list-version-not-incremented': {
    intent: 'send-a-local-authorization-list',
    params: { updateType: 'Differential', idTags: ['TAG3'] },
    shows: (_a, p) => p.listVersion === 1,
    setup: async () => undefined,
  },
  'local-list-without-id-tag-info': { intent: 'send-a-local-authorization-list', params: { updateType: 'Full', idTags: ['TAG3'] }, shows: (_a, p) => p.localAuthorizationList[0].idTagInfo === undefined },
  'trigger-message-wrong-message': { intent: 'trigger-a-message', params: { requestedMessage: 'StatusNotification' }, shows: (_a, p) => p.requestedMessage !== 'StatusNotification' },
  'tx-profile-without-transaction-id': {
    intent: 'set-a-charging-profile',
    params: { connectorId: 1, csChargingProfiles: { chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }] } } },
    shows: (_a, p) => p.csChargingProfiles.transactionId === undefined,
    setup: async (ps) => void (await start(ps, 'TAG3')),
  },
  'charging-rate-unit-wrong': { intent: 'get-the-composite-schedule', params: { connectorId: 1, duration: 60, chargingRateUnit: 'A' }, shows: (_a, p) => p.chargingRateUnit !== 'A' },
  'clear-charging-profile-clears-all': { intent: 'clear-a-charging-profile', params: { id: 7 }, shows: (_a, p) => p.id !== 7 },
  'reserve-wrong-connector': { intent: 'reserve-a-connector', params: { connectorId: 1, idTag: 'TAG3' }, shows: (_a, p) => p.connectorId !== 1 },
  'reserve-without-parent-id-tag': { intent: 'reserve-a-connector', params: { connectorId: 1, idTag: 'TAG1' }, shows: (_a, p) => p.parentIdTag !== 'GROUP1' },
  'cancel-reservation-wrong-id': { intent: 'cancel-a-reservation', params: { reservationId: 5 }, shows: (_a, p) => p.reservationId !== 5 },
  'diagnostics-wrong-location': { intent: 'get-diagnostics', params: { location: 'ftp://x/' }, shows: (_a, p) => p.location !== 'ftp://x/' },
  'firmware-wrong-location': { intent: 'update-the-firmware', params: { location: 'ftp://x/fw' }, shows: (_a, p) => p.location !== 'ftp://x/fw' },
  'certificate-renewal-wrong-trigger': { intent: 'renew-the-station-certificate', params: {}, shows: (_a, p) => p.requestedMessage !== 'SignChargePointCertificate' },
  'get-log-wrong-type': { intent: 'get-the-security-log', params: { remoteLocation: 'ftp://x/' }, shows: (_a, p) => p.logType !== 'SecurityLog' },
  'certificate-ids-wrong-type': { intent: 'list-installed-certificates', params: { certificateType: 'CentralSystemRootCertificate' }, shows: (_a, p) => p.certificateType !== 'CentralSystemRootCertificate' },
  'install-certificate-wrong-type': { intent: 'install-a-root-certificate', params: { certificateType: 'ManufacturerRootCertificate', certificate: 'PEM' }, shows: (_a, p) => p.certificateType !== 'ManufacturerRootCertificate' },
  'signed-firmware-wrong-location': { intent: 'update-the-firmware-securely', params: { location: 'https://x/fw', signingCertificate: 'PEM', signature: 'c2ln' }, shows: (_a, p) => p.firmware.location !== 'https://x/fw' },
  'delete-certificate-wrong-serial': {
    intent: 'delete-a-certificate',
    params: { certificateHashData: { hashAlgorithm: 'SHA256', issuerNameHash: 'a', issuerKeyHash: 'b', serialNumber: '1' } },
    shows: (_a, p) => p.certificateHashData.serialNumber !== '1',
  },
};

/** The intent faults as scenarios: ask the CSMS (twice for list versions), look at the last CALL it sent. */
function intentFaultScenarios(): Record<string, Scenario> {
  const out: Record<string, Scenario> = {};
  for (const [fault, c] of Object.entries(INTENT_CASES)) {
    out[fault] = (f) =>
      withStation(f, async (ps, csms) => {
        await csms.waitForStation(ID);
        await c.setup?.(ps);
        if (fault === 'local-list-version-not-incremented') await csms.perform!(ID, { name: c.intent, params: { updateType: 'Full', idTags: ['TAG3'] } });
        await csms.perform!(ID, { name: c.intent, params: c.params });
        const last = csms.sent(ID).at(-1);
        assert.ok(last, `the CSMS sent nothing for ${c.intent}`);
        return c.shows(last.action, last.payload);
      });
  }
  return out;
}

const scenarios: Record<string, Scenario> = {
  'wrong-heartbeat-interval': (f) => withStation(f, async (ps) => (await call(ps, 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' })).interval !== 10),
  'boot-rejected': (f) => withStation(f, async (ps) => (await call(ps, 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' })).status === 'Rejected'),
  'boot-pending-forever': (f) => withStation(f, async (ps) => (await call(ps, 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' })).status === 'Pending'),
  'authorize-accepts-unknown': (f) => withStation(f, async (ps) => (await call(ps, 'Authorize', { idTag: 'NOPE' })).idTagInfo.status === 'Accepted'),
  'ignores-expiry-date': (f) => withStation(f, async (ps) => (await call(ps, 'Authorize', { idTag: 'EXPIRED' })).idTagInfo.status === 'Accepted'),
  'ignores-parent-id-tag': (f) => withStation(f, async (ps) => (await call(ps, 'Authorize', { idTag: 'TAG1' })).idTagInfo.parentIdTag === undefined),
  'constant-transaction-id': (f) => withStation(f, async (ps) => (await start(ps, 'TAG1')).transactionId === (await start(ps, 'TAG3', 2)).transactionId),
  'start-transaction-no-concurrent-check': (f) =>
    withStation(f, async (ps) => {
      await start(ps, 'TAG3');
      return (await start(ps, 'TAG3', 2)).idTagInfo.status !== 'ConcurrentTx';
    }),
  'datatransfer-accepts-unknown-vendor': (f) => withStation(f, async (ps) => (await call(ps, 'DataTransfer', { vendorId: 'Unknown' })).status === 'Accepted'),
  'heartbeat-time-invalid': (f) => withStation(f, async (ps) => Number.isNaN(Date.parse((await call(ps, 'Heartbeat', {})).currentTime))),
  'sends-null-fields': (f) =>
    withStation(f, async (ps) => {
      await call(ps, 'Authorize', { idTag: 'TAG3' });
      return parsed(ps.frames, 'in').some((x) => JSON.stringify(x).includes('null'));
    }),
  'wrong-error-code-spelling': (f) =>
    withStation(f, async (ps) => {
      ps.client.sendRaw(JSON.stringify([2, 'bad-1', 'Authorize', {}]));
      const err = await until(() => parsed(ps.frames, 'in').find((x) => x[1] === 'bad-1'), 2000, 'CALLERROR');
      return err?.[2] === 'OccurrenceConstraintViolation';
    }),
  'wrong-message-id-length': (f) =>
    withStation(f, async (ps, csms) => {
      await csms.waitForStation(ID);
      await csms.call(ID, 'GetConfiguration', {});
      return parsed(ps.frames, 'in').some((x) => x[0] === 2 && String(x[1]).length > 36);
    }),
  'second-concurrent-call': (f) =>
    withStation(f, async (ps, csms) => {
      await csms.waitForStation(ID);
      await csms.call(ID, 'GetConfiguration', { key: ['X'] });
      await sleep(30);
      return parsed(ps.frames, 'in').filter((x) => x[0] === 2).length > 1;
    }),
  'invalid-json': (f) =>
    withStation(f, async (ps) => {
      await outcome(call(ps, 'Heartbeat', {}, 300));
      return parsed(ps.frames, 'in').some((x) => x[0] === 'unparsable');
    }),
  'no-404-for-unknown-identity': (f) =>
    withCsms(f, async (csms) => {
      const ps = await startProbeStation(csms.url, 'UNKNOWN').catch(() => undefined);
      await ps?.stop();
      return ps !== undefined;
    }),
  'accepts-bad-password': (f) =>
    withCsms(
      f,
      async (csms) => {
        const ps = await startProbeStation(csms.url, ID, { password: 'wrong-password-16' }).catch(() => undefined);
        await ps?.stop();
        return ps !== undefined;
      },
      { securityProfile: 1 },
    ),
  'no-subprotocol': (f) =>
    withCsms(f, async (csms) => {
      const ps = await startProbeStation(csms.url, ID).catch(() => undefined);
      await ps?.stop();
      return ps === undefined;
    }),
  'missing-certificate-signed': (f) =>
    withStation(f, async (ps) => {
      const { csr } = buildCsr(ID, 'EVC Test CPO');
      assert.deepEqual(await call(ps, 'SignCertificate', { csr }), { status: 'Accepted' });
      const deadline = Date.now() + 800;
      while (Date.now() < deadline && !parsed(ps.frames, 'in').some((x) => x[2] === 'CertificateSigned')) await sleep(10);
      return !parsed(ps.frames, 'in').some((x) => x[2] === 'CertificateSigned');
    }),
  ...intentFaultScenarios(),
  'known-id-tags-invalid': (f) => withStation(f, async (ps) => (await call(ps, 'Authorize', { idTag: 'TAG3' })).idTagInfo.status === 'Invalid'),
  'blocked-reported-invalid': (f) => withStation(f, async (ps) => (await call(ps, 'Authorize', { idTag: 'BLOCKED' })).idTagInfo.status === 'Invalid'),
  'start-transaction-requires-authorize': (f) => withStation(f, async (ps) => (await start(ps, 'TAG3')).idTagInfo.status === 'Invalid'),
  'offline-start-rejected': (f) =>
    withStation(f, async (ps) => (await call(ps, 'StartTransaction', { connectorId: 1, idTag: 'TAG3', meterStart: 0, timestamp: new Date(Date.now() - 60_000).toISOString() })).idTagInfo.status === 'Invalid'),
  'stop-transaction-without-id-tag-info': (f) =>
    withStation(f, async (ps) => {
      const { transactionId } = await start(ps, 'TAG3');
      return (await call(ps, 'StopTransaction', { transactionId, idTag: 'TAG3', meterStop: 10, timestamp: new Date().toISOString() })).idTagInfo === undefined;
    }),
  'stop-transaction-error-for-reason': (f) =>
    withStation(f, async (ps) => {
      const { transactionId } = await start(ps, 'TAG3');
      return (await outcome(call(ps, 'StopTransaction', { transactionId, meterStop: 10, timestamp: new Date().toISOString(), reason: 'EVDisconnected' }))) === 'error';
    }),
  'status-error-code-refused': (f) => withStation(f, async (ps) => (await outcome(call(ps, 'StatusNotification', { connectorId: 1, errorCode: 'ConnectorLockFailure', status: 'Faulted' }))) === 'error'),
  'heartbeat-answered-late': (f) => withStation(f, async (ps) => (await outcome(call(ps, 'Heartbeat', {}, 1500))) === 'timeout', { timeScale: 0.1 }),
  'type-error-as-formation-violation': (f) =>
    withStation(f, async (ps) => {
      ps.client.sendRaw(JSON.stringify([2, 'bad-type', 'StatusNotification', { connectorId: 'one', errorCode: 'NoError', status: 'Available' }]));
      const err = await until(() => parsed(ps.frames, 'in').find((x) => x[1] === 'bad-type'), 2000, 'CALLERROR');
      return err?.[2] === 'FormationViolation';
    }),
  silent: (f) => withStation(f, async (ps) => (await outcome(call(ps, 'Heartbeat', {}, 1000))) === 'timeout'),
  'slow-response': (f) => withStation(f, async (ps) => (await outcome(call(ps, 'Heartbeat', {}, 1500))) === 'timeout', { timeScale: 0.1 }),
};

describe('reference OCPP 1.6 CSMS intents', () => {
  it('an intent it does not know is refused at once, naming it', async () => {
    await withStation([], async (_ps, csms) => {
      await csms.waitForStation(ID);
      await assert.rejects(csms.perform!(ID, { name: 'make-coffee', params: {} }), /cannot 'make coffee'/);
    });
  });

  it('remote stop names the transaction the CSMS knows on that connector; none running is refused', async () => {
    await withStation([], async (ps, csms) => {
      await csms.waitForStation(ID);
      await assert.rejects(csms.perform!(ID, { name: 'remotely-stop-the-transaction', params: { connectorId: 1 } }), /no transaction/);
      const { transactionId } = await start(ps, 'TAG3', 2);
      await csms.perform!(ID, { name: 'remotely-stop-the-transaction', params: { connectorId: 2 } });
      assert.deepEqual(csms.sent(ID, 'RemoteStopTransaction').at(-1)?.payload, { transactionId });
    });
  });

  it("'alt' assigns large non-sequential transaction ids, answers whole-second clocks and refuses local-list management", async () => {
    await withStation(
      [],
      async (ps, csms) => {
        await csms.waitForStation(ID);
        const a = (await start(ps, 'TAG3')).transactionId;
        const b = (await start(ps, 'TAG1', 2)).transactionId;
        assert.ok(a >= 100_000_000 && b >= 100_000_000 && a !== b && b !== a + 1, `${a}, ${b}`);
        assert.match((await call(ps, 'Heartbeat', {})).currentTime, /:\d\dZ$/);
        await assert.rejects(csms.perform!(ID, { name: 'get-the-local-list-version', params: {} }), /LocalAuthListManagement/);
      },
      { variant: 'alt' },
    );
  });
});

describe('reference OCPP 1.6 CSMS faults change the wire behaviour', { concurrency: 2 }, () => {
  // TLS faults are proven on live TLS connections: test/reference-ocpp16/security.test.ts, and verify:faults on the TLS scenarios that declare them.
  const tlsFaults = ['accepts-untrusted-client-cert', 'accepts-tls11', 'serves-plain-ws', 'non-ocpp-tls-cipher'];
  it(`every catalogued fault has a scenario (${tlsFaults.join(', ')}: see the TLS tests)`, () => {
    const missing = Object.keys(CSMS_FAULTS).filter((f) => !scenarios[f] && !tlsFaults.includes(f));
    assert.deepEqual(missing, []);
    assert.ok(Object.keys(CSMS_FAULTS).length >= 15);
  });

  it('unknown fault names are a ConfigError', async () => {
    await assert.rejects(
      startReferenceCsms({ version: '1.6', stations: {}, securityProfile: 0, idTags: {}, heartbeatInterval: 10, faults: ['bogus'], timeScale: 1 }),
      (e: Error) => e.name === 'ConfigError' && /^faults: unknown fault 'bogus' \(known: wrong-heartbeat-interval, /.test(e.message),
    );
  });

  for (const [fault, scenario] of Object.entries(scenarios)) {
    it(`${fault}: ${CSMS_FAULTS[fault]}`, async () => {
      assert.equal(await scenario([]), false, 'compliant CSMS must not show the fault');
      assert.equal(await scenario([fault]), true, 'faulty CSMS must show the fault');
    });
  }
});
