import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { STATION_FAULTS } from '../../src/reference/ocpp16/faults';
import { startReferenceStation, type ReferenceStationOptions } from '../../src/reference/ocpp16/station';
import { startPair, sleep, until, TIME_SCALE, type Pair } from './helpers';
import { parsed, startProbeCsms, type ProbeCsms } from './probe';
import type { ReferenceStationControl } from '../../src/reference/ocpp16/station';

/**
 * Every station fault changes what crosses the wire: each scenario observes one thing and returns whether the
 * fault shows; it must not show for the compliant station and must show with the fault injected.
 */

type Scenario = (faults: string[]) => Promise<boolean>;

async function withProbe(faults: string[], body: (pc: ProbeCsms, st: ReferenceStationControl) => Promise<boolean>, o: Partial<ReferenceStationOptions> = {}, answerDelayMs = 0) {
  const pc = await startProbeCsms();
  pc.delayAnswers(answerDelayMs);
  const st = await startReferenceStation({
    version: '1.6',
    csmsUrl: pc.url,
    identity: 'PROBED',
    securityProfile: 0,
    connectors: 2,
    faults,
    timeScale: TIME_SCALE,
    ...o,
  });
  try {
    return await body(pc, st);
  } finally {
    await st.stop();
    await pc.stop();
  }
}

async function withPair(
  faults: string[],
  body: (p: Pair, out: unknown[][]) => Promise<boolean>,
  o: { configuration?: Record<string, string>; csmsFaults?: string[]; timeScale?: number } = {},
) {
  const out: unknown[][] = [];
  const p = await startPair({
    station: {
      faults,
      configuration: o.configuration,
      ...(o.timeScale ? { timeScale: o.timeScale } : {}),
      onFrame: (d, t) => {
        if (d === 'out') {
          try {
            out.push(JSON.parse(t));
          } catch {
            out.push(['unparsable', t]);
          }
        }
      },
    },
    csms: { faults: o.csmsFaults ?? [] },
    waitAccepted: !o.csmsFaults?.length,
  });
  try {
    return await body(p, out);
  } finally {
    await p.stop();
  }
}

const calls = (pc: ProbeCsms, action?: string) => parsed(pc.frames, 'in').filter((f) => f[0] === 2 && (action === undefined || f[2] === action));
const sentCalls = (out: unknown[][], action: string) => out.filter((f) => f[0] === 2 && f[2] === action).map((f) => f[3] as any);

/** Polls until cond holds (true) or ms pass (false). */
async function within(ms: number, cond: () => boolean): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await sleep(10);
  }
  return cond();
}

/** Whether a matching message arrives within ms. */
async function seen(p: Pair, action: string, since: number, match: (x: any) => boolean, ms = 300): Promise<boolean> {
  return p.csms.waitFor(p.id, action, { since, match, timeoutMs: ms }).then(
    () => true,
    () => false,
  );
}

async function session(p: Pair, connectorId = 1, idTag = 'TAG3'): Promise<number> {
  await p.station.plugIn(connectorId);
  await p.station.presentIdTag(idTag, connectorId);
  return until(() => p.station.transactionId(connectorId), 2000, 'transactionId');
}

async function probeCall(pc: ProbeCsms, action: string, payload: Record<string, unknown>, timeoutMs = 300): Promise<'answered' | 'timeout' | 'closed' | 'error'> {
  const client = await pc.client();
  try {
    await client.call(action, payload, { callTimeoutMs: timeoutMs });
    return 'answered';
  } catch (err) {
    const m = (err as Error).message;
    if (/timeout/i.test(m)) return 'timeout';
    if (/disconnect|closed|going away/i.test(m)) return 'closed';
    return 'error';
  }
}

const scenarios: Record<string, Scenario> = {
  'ignores-heartbeat-interval': (f) => withProbe(f, async (pc) => !(await within(1500, () => calls(pc, 'Heartbeat').length >= 2))),
  'flood-heartbeat': (f) =>
    withProbe(
      f,
      async (pc) => {
        await within(3000, () => calls(pc, 'Heartbeat').length >= 1);
        await sleep(1000); // compliant: interval 10 s x 0.05 = 500 ms
        return calls(pc, 'Heartbeat').length > 6;
      },
      { timeScale: 0.05 },
    ),
  'no-status-notification': (f) => withProbe(f, async (pc) => (await within(3000, () => calls(pc, 'Heartbeat').length >= 1), calls(pc, 'StatusNotification').length === 0)),
  'status-before-boot': (f) => withProbe(f, async (pc) => (await within(3000, () => calls(pc).length >= 2), calls(pc)[0][2] !== 'BootNotification')),
  'misordered-status-notification': (f) =>
    withPair(f, async (p, out) => {
      await session(p);
      const seq = () => sentCalls(out, 'StatusNotification').filter((s) => s.connectorId === 1).map((s) => s.status as string);
      await within(2000, () => seq().includes('Charging'));
      // the faulty station reports the held-back Preparing after Charging: wait for it (bounded), not a fixed 30 ms
      return within(500, () => seq().includes('Charging') && seq().lastIndexOf('Preparing') > seq().indexOf('Charging'));
    }),
  'boot-ignores-pending': (f) =>
    withPair(f, async (_p, out) => within(1000, () => sentCalls(out, 'StatusNotification').length > 0 || sentCalls(out, 'Heartbeat').length > 0), { csmsFaults: ['boot-pending-forever'] }),
  'stop-without-meter-stop': (f) =>
    withPair(f, async (p, out) => {
      await session(p);
      await p.station.presentIdTag('TAG3');
      await until(() => sentCalls(out, 'StopTransaction').length > 0, 2000, 'StopTransaction');
      return sentCalls(out, 'StopTransaction')[0].meterStop === undefined;
    }),
  'meter-stop-below-start': (f) =>
    withPair(f, async (p, out) => {
      await session(p);
      await p.station.presentIdTag('TAG3');
      await until(() => sentCalls(out, 'StopTransaction').length > 0, 2000, 'StopTransaction');
      return sentCalls(out, 'StopTransaction')[0].meterStop < sentCalls(out, 'StartTransaction')[0].meterStart;
    }),
  'transaction-id-ignored': (f) =>
    withPair(f, async (p, out) => {
      await session(p);
      await p.station.presentIdTag('TAG3');
      await until(() => sentCalls(out, 'StopTransaction').length > 0, 2000, 'StopTransaction');
      return sentCalls(out, 'StopTransaction')[0].transactionId !== p.csms.transactions()[0].transactionId;
    }),
  'stop-sent-twice-after-reconnect': (f) =>
    withPair(f, async (p) => {
      await session(p);
      await p.station.presentIdTag('TAG3');
      await p.csms.waitFor(p.id, 'StopTransaction', { since: 0 });
      await until(() => p.station.queuedMessages() === 0, 2000, 'queue drained');
      await p.station.goOffline();
      await p.station.goOnline();
      return seen(p, 'StopTransaction', p.csms.mark(), () => true, 500);
    }),
  'offline-queue-dropped': (f) =>
    withPair(f, async (p) => {
      await session(p);
      await p.station.goOffline();
      await p.station.presentIdTag('TAG3');
      await p.station.goOnline();
      return !(await seen(p, 'StopTransaction', 0, () => true, 800));
    }),
  'no-stop-on-invalid-id': (f) =>
    withPair(
      f,
      async (p) => {
        await p.station.goOffline();
        await p.station.plugIn(1);
        await p.station.presentIdTag('UNKNOWN');
        await p.station.goOnline();
        return !(await seen(p, 'StopTransaction', 0, () => true, 600));
      },
      { configuration: { AllowOfflineTxForUnknownId: 'true' } },
    ),
  'ignores-change-availability': (f) =>
    withPair(f, async (p) => {
      const since = p.csms.mark();
      await p.csms.call(p.id, 'ChangeAvailability', { connectorId: 2, type: 'Inoperative' });
      return !(await seen(p, 'StatusNotification', since, (s) => s.connectorId === 2 && s.status === 'Unavailable'));
    }),
  'wrong-error-code-spelling': (f) =>
    withProbe(f, async (pc) => {
      await probeCall(pc, 'ChangeConfiguration', { key: 'HeartbeatInterval' });
      const err = parsed(pc.frames, 'in').find((x) => x[0] === 4);
      return err?.[2] === 'OccurrenceConstraintViolation' || err?.[2] === 'FormatViolation';
    }),
  'second-concurrent-call': (f) =>
    withProbe(
      f,
      async (pc) => {
      await within(3000, () => calls(pc, 'StatusNotification').length >= 3);
      await sleep(50);
      let open = 0;
      let max = 0;
      for (const x of pc.frames) {
        const v = JSON.parse(x.text);
        if (x.dir === 'in' && v[0] === 2) max = Math.max(max, ++open);
        if (x.dir === 'out' && v[0] !== 2) open--;
      }
      return max > 1;
      },
      {},
      20,
    ),
  'invalid-date-time': (f) =>
    withProbe(f, async (pc) => (await within(3000, () => calls(pc, 'StatusNotification').length > 0), !/(Z|[+-]\d\d:\d\d)$/.test((calls(pc, 'StatusNotification')[0][3] as any).timestamp))),
  'sends-null-fields': (f) =>
    withProbe(f, async (pc) => (await within(3000, () => calls(pc, 'BootNotification').length > 0), Object.values(calls(pc, 'BootNotification')[0][3] as object).includes(null))),
  'wrong-message-id-length': (f) => withProbe(f, async (pc) => (await within(3000, () => calls(pc).length > 0), calls(pc).some((c) => String(c[1]).length > 36))),
  'invalid-json': (f) =>
    withProbe(f, async (pc) => {
      const bad = () => parsed(pc.frames, 'in').some((x) => x[0] === 'unparsable');
      await within(3000, () => bad() || calls(pc, 'Heartbeat').length > 0);
      return bad();
    }),
  'rejects-valid-local-list': (f) =>
    withPair(f, async (p) => {
      const r = (await p.csms.call(p.id, 'SendLocalList', { listVersion: 1, updateType: 'Full', localAuthorizationList: [{ idTag: 'A', idTagInfo: { status: 'Accepted' } }] })) as any;
      return r.status !== 'Accepted';
    }),
  'authorize-cache-ignored': (f) =>
    withPair(
      f,
      async (p) => {
        await p.station.presentIdTag('TAG3', 2); // cached from Authorize, lapses after ConnectionTimeOut
        await sleep(60);
        await p.station.goOffline();
        await p.station.plugIn(1);
        await p.station.presentIdTag('TAG3', 1);
        return p.station.queuedMessages() === 0;
      },
      { configuration: { ConnectionTimeOut: '2' } },
    ),
  'ignores-charging-profile-limit': (f) =>
    withPair(
      f,
      async (p) => {
        const profile = { chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative', chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }] } };
        await p.csms.call(p.id, 'SetChargingProfile', { connectorId: 0, csChargingProfiles: profile });
        await session(p);
        const since = p.csms.mark();
        await p.csms.call(p.id, 'TriggerMessage', { requestedMessage: 'MeterValues', connectorId: 1 });
        const mv = await p.csms.waitFor(p.id, 'MeterValues', { since });
        return Number(mv.meterValue[0].sampledValue[0].value) > 6 * 690;
      },
      { configuration: { MeterValuesSampledData: 'Power.Active.Import', MeterValueSampleInterval: '0' } },
    ),
  'no-reboot-after-reset': (f) =>
    withPair(f, async (p) => {
      const since = p.csms.mark();
      await p.csms.call(p.id, 'Reset', { type: 'Soft' });
      return !(await seen(p, 'BootNotification', since, () => true, 1000));
    }),
  'reset-without-stopping-transaction': (f) =>
    withPair(f, async (p) => {
      await session(p);
      await p.csms.call(p.id, 'Reset', { type: 'Hard' });
      await p.csms.waitFor(p.id, 'BootNotification', { since: 1, timeoutMs: 2000 });
      await sleep(100);
      return p.csms.received(p.id, 'StopTransaction').length === 0;
    }),
  'remote-start-ignores-authorize': (f) =>
    withPair(
      f,
      async (p) => {
        await p.station.plugIn(1);
        await p.csms.call(p.id, 'RemoteStartTransaction', { connectorId: 1, idTag: 'TAG3' });
        await p.csms.waitFor(p.id, 'StartTransaction', { since: 0 });
        return p.csms.received(p.id, 'Authorize').length === 0;
      },
      { configuration: { AuthorizeRemoteTxRequests: 'true' } },
    ),
  'meter-values-wrong-interval': (f) =>
    withPair(
      f,
      async (p) => {
        await session(p);
        await until(() => p.csms.received(p.id, 'MeterValues').length >= 2, 5000, 'two samples');
        const [a, b] = p.csms.received(p.id, 'MeterValues').map((m) => Date.parse(m.payload.meterValue[0].timestamp));
        return b - a > 750; // compliant: 10 s x 0.05 = 500 ms apart
      },
      { configuration: { MeterValueSampleInterval: '10' }, timeScale: 0.05 },
    ),
  'clock-aligned-missing': (f) =>
    withPair(f, async (p) => !(await seen(p, 'MeterValues', 0, (m) => m.meterValue[0].sampledValue[0].context === 'Sample.Clock', 1000)), {
      configuration: { ClockAlignedDataInterval: '10' },
    }),
  'reservation-ignored': (f) =>
    withPair(f, async (p) => {
      const since = p.csms.mark();
      await p.csms.call(p.id, 'ReserveNow', { connectorId: 1, expiryDate: new Date(Date.now() + 3600_000).toISOString(), idTag: 'TAG1', reservationId: 1 });
      return !(await seen(p, 'StatusNotification', since, (s) => s.status === 'Reserved'));
    }),
  'trigger-message-not-sent': (f) =>
    withPair(f, async (p) => {
      await p.csms.waitFor(p.id, 'StatusNotification', { since: 0, match: (s) => s.connectorId === 2 });
      await sleep(20);
      const since = p.csms.mark();
      await p.csms.call(p.id, 'TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 1 });
      return !(await seen(p, 'StatusNotification', since, (s) => s.connectorId === 1));
    }),
  'get-configuration-unknown-missing': (f) =>
    withPair(f, async (p) => ((await p.csms.call(p.id, 'GetConfiguration', { key: ['Nope'] })) as any).unknownKey === undefined),
  'readonly-key-changed': (f) =>
    withPair(f, async (p) => ((await p.csms.call(p.id, 'ChangeConfiguration', { key: 'NumberOfConnectors', value: '5' })) as any).status === 'Accepted'),
  'unlock-wrong-status': (f) => withPair(f, async (p) => ((await p.csms.call(p.id, 'UnlockConnector', { connectorId: 9 })) as any).status === 'Unlocked'),
  'firmware-status-missing-installed': (f) =>
    withPair(f, async (p) => {
      await p.csms.call(p.id, 'UpdateFirmware', { location: 'https://fw.example.com/f.bin', retrieveDate: new Date().toISOString() });
      await p.csms.waitFor(p.id, 'BootNotification', { since: 1, timeoutMs: 3000 });
      return !(await seen(p, 'FirmwareStatusNotification', 0, (m) => m.status === 'Installed', 800));
    }),
  silent: (f) => withProbe(f, async (pc) => (await sleep(20), (await probeCall(pc, 'ClearCache', {}, 1000)) === 'timeout')),
  'slow-response': (f) => withProbe(f, async (pc) => (await sleep(20), (await probeCall(pc, 'ClearCache', {}, 1500)) === 'timeout'), { timeScale: 0.1 }), // 3.5 s
  'disconnects-on-call': (f) => withProbe(f, async (pc) => (await sleep(20), (await probeCall(pc, 'ClearCache', {}, 1000)) === 'closed')),
};

describe('reference OCPP 1.6 station faults change the wire behaviour', { concurrency: 2 }, () => {
  it('every catalogued fault has a scenario here or is declared by a 1.6 feature scenario (verify:faults proves those; accepts-bad-csms-cert: see security tests)', () => {
    const declared = new Set<string>();
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else if (e.name.endsWith('.feature')) for (const m of fs.readFileSync(path.join(dir, e.name), 'utf8').matchAll(/@fault:([\w-]+)/g)) declared.add(m[1]);
      }
    };
    walk(path.resolve(__dirname, '..', '..', 'features', 'ocpp16'));
    const missing = Object.keys(STATION_FAULTS).filter((f) => !scenarios[f] && f !== 'accepts-bad-csms-cert' && !declared.has(f));
    assert.deepEqual(missing, []);
    assert.ok(Object.keys(STATION_FAULTS).length >= 25);
  });

  it('unknown fault names are a ConfigError naming the known ones', async () => {
    await assert.rejects(
      startReferenceStation({ version: '1.6', csmsUrl: 'ws://127.0.0.1:1', identity: 'X', securityProfile: 0, connectors: 1, faults: ['nope'], timeScale: 1 }),
      (e: Error) => e.name === 'ConfigError' && /^faults: unknown fault 'nope' \(known: ignores-heartbeat-interval, /.test(e.message),
    );
  });

  it('the compliant station answers with 1.6 error codes and ignores unknown message types and unreadable frames', async () => {
    await withProbe([], async (pc) => {
      const client = await pc.client();
      client.sendRaw(JSON.stringify([2, 'e1', 'ChangeConfiguration', { key: 'HeartbeatInterval' }]));
      client.sendRaw(JSON.stringify([2, 'e2', 'ChangeConfiguration', { key: 'K'.repeat(60), value: '1' }]));
      client.sendRaw(JSON.stringify([2, 'e3', 'NoSuchAction', {}]));
      client.sendRaw(JSON.stringify([7, 'e4', 'Whatever', {}]));
      client.sendRaw('[2, "e5", "Heartbeat", {');
      await until(() => parsed(pc.frames, 'in').filter((f) => f[0] === 4).length >= 3, 2000, 'three CALLERRORs');
      await sleep(50);
      const errors = parsed(pc.frames, 'in').filter((f) => f[0] === 4);
      assert.deepEqual(
        errors.map((f) => [f[1], f[2]]),
        [
          ['e1', 'OccurenceConstraintViolation'],
          ['e2', 'FormationViolation'],
          ['e3', 'NotImplemented'],
        ],
      );
      return true;
    });
  });

  for (const [fault, scenario] of Object.entries(scenarios)) {
    it(`${fault}: ${STATION_FAULTS[fault]}`, async () => {
      assert.equal(await scenario([]), false, 'compliant station must not show the fault');
      assert.equal(await scenario([fault]), true, 'faulty station must show the fault');
    });
  }
});
