import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReferenceCsmsOptions } from '../../src/reference/ocpp201/csms';
import type { ReferenceStationOptions } from '../../src/reference/ocpp201/station';
import { sleep, startPair, txEvents, until, type Pair } from './helpers';

interface Run extends Pair {
  frames: Array<{ dir: 'in' | 'out'; text: string }>;
}

/** A pair whose station has the given faults (or none), with every frame the station saw. */
async function pair(faults: string[], o: { station?: Partial<ReferenceStationOptions>; csms?: Partial<ReferenceCsmsOptions>; waitAccepted?: boolean } = {}): Promise<Run> {
  const frames: Run['frames'] = [];
  const p = await startPair({ ...o, station: { faults, onFrame: (dir, text) => frames.push({ dir, text }), ...(o.station ?? {}) } });
  return Object.assign(p, { frames });
}

/** Runs the same check against the compliant station and the faulty one: `probe` returns what differs. */
async function contrast<T>(fault: string, probe: (r: Run) => Promise<T>, o: Parameters<typeof pair>[1] = {}): Promise<{ good: T; bad: T }> {
  const results: T[] = [];
  for (const faults of [[], [fault]]) {
    const r = await pair(faults, o);
    try {
      results.push(await probe(r));
    } finally {
      await r.stop();
    }
  }
  return { good: results[0], bad: results[1] };
}

async function authorizedTx(r: Run, evse = 1) {
  await r.station.plugIn(evse);
  await r.station.presentIdTag('TAG1', evse);
  return r.csms.waitFor(r.id, 'TransactionEvent', { since: 0, match: (e) => e.triggerReason === 'Authorized' || (e.idToken && e.evse?.id === evse) });
}

const call = (r: Run, action: string, payload: Record<string, unknown>) => r.csms.call(r.id, action, payload) as Promise<any>;

describe('reference OCPP 2.0.1 station faults: visible on the wire, absent without them', () => {
  it('seqno-gap / seqno-restarts / first-event-not-started / wrong-trigger-reason', async () => {
    const tx = async (r: Run) => {
      await authorizedTx(r);
      await r.station.presentIdTag('TAG1', 1);
      await r.csms.waitFor(r.id, 'TransactionEvent', { since: 0, match: (e) => e.eventType === 'Ended' });
      return txEvents(r).map((e) => `${e.eventType}:${e.seqNo}:${e.triggerReason}`);
    };
    const gap = await contrast('seqno-gap', tx);
    assert.deepEqual(gap.good, ['Started:0:CablePluggedIn', 'Updated:1:Authorized', 'Ended:2:StopAuthorized']);
    assert.deepEqual(gap.bad, ['Started:0:CablePluggedIn', 'Updated:2:Authorized', 'Ended:3:StopAuthorized']);
    assert.deepEqual((await contrast('seqno-restarts', tx)).bad, ['Started:0:CablePluggedIn', 'Updated:0:Authorized', 'Ended:0:StopAuthorized']);
    assert.deepEqual((await contrast('first-event-not-started', tx)).bad, ['Updated:0:CablePluggedIn', 'Updated:1:Authorized', 'Ended:2:StopAuthorized']);
    assert.deepEqual((await contrast('wrong-trigger-reason', tx)).bad, ['Started:0:EVDetected', 'Updated:1:CablePluggedIn', 'Ended:2:Deauthorized']);
  });

  it('remote-start-id-missing', async () => {
    const { good, bad } = await contrast('remote-start-id-missing', async (r) => {
      await call(r, 'RequestStartTransaction', { idToken: { idToken: 'TAG3', type: 'Central' }, remoteStartId: 9 });
      const e = await r.csms.waitFor(r.id, 'TransactionEvent', { since: 0 });
      return [e.triggerReason, e.transactionInfo.remoteStartId];
    });
    assert.deepEqual(good, ['RemoteStart', 9]);
    assert.deepEqual(bad, ['RemoteStart', undefined]);
  });

  it('connector-id-global / status-notification-missing / status-before-boot', async () => {
    const statuses = async (r: Run) => {
      await sleep(150);
      return r.csms.received(r.id, 'StatusNotification').map((m) => `${m.payload.evseId}/${m.payload.connectorId}`);
    };
    const g = await contrast('connector-id-global', statuses);
    assert.deepEqual(g.good, ['1/1', '2/1']);
    assert.deepEqual(g.bad, ['1/1', '2/2']);
    assert.deepEqual((await contrast('status-notification-missing', statuses)).bad, []);
    const order = await contrast('status-before-boot', async (r) => {
      await sleep(100);
      return r.frames.filter((f) => f.dir === 'out').map((f) => JSON.parse(f.text)[2])[0];
    });
    assert.deepEqual(order, { good: 'BootNotification', bad: 'StatusNotification' });
  });

  it('date-time-microseconds / date-time-no-offset', async () => {
    const stamp = async (r: Run) => {
      await sleep(100);
      const f = r.frames.find((x) => x.dir === 'out' && x.text.includes('"StatusNotification"'))!;
      return JSON.parse(f.text)[3].timestamp as string;
    };
    const us = await contrast('date-time-microseconds', stamp);
    assert.match(us.good, /\.\d{3}Z$/);
    assert.match(us.bad, /\.\d{6}Z$/);
    assert.match((await contrast('date-time-no-offset', stamp)).bad, /T\d\d:\d\d:\d\d\.\d{3}$/);
  });

  it('notify-report-no-tbc / notify-report-seqno-wrong', async () => {
    const report = async (r: Run) => {
      await call(r, 'GetBaseReport', { requestId: 1, reportBase: 'FullInventory' });
      await sleep(300);
      return r.csms.received(r.id, 'NotifyReport').map((m) => [m.payload.seqNo, m.payload.tbc, m.payload.reportData.length]);
    };
    const tbc = await contrast('notify-report-no-tbc', report);
    assert.ok(tbc.good.length > 1 && tbc.good.every((x) => (x[2] as number) <= 10));
    assert.equal(tbc.bad.length, 1);
    assert.equal(tbc.bad[0][1], true);
    assert.ok((tbc.bad[0][2] as number) > 10);
    const seq = await contrast('notify-report-seqno-wrong', report);
    assert.equal(seq.good[0][0], 0);
    assert.equal(seq.bad[0][0], 1);
  });

  it('set-variables-readonly-accepted / get-variables-unknown-accepted', async () => {
    const set = await contrast('set-variables-readonly-accepted', async (r) => {
      const res = await call(r, 'SetVariables', { setVariableData: [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'SecurityProfile' }, attributeValue: '3' }] });
      return res.setVariableResult[0].attributeStatus;
    });
    assert.deepEqual(set, { good: 'Rejected', bad: 'Accepted' });
    const get = await contrast('get-variables-unknown-accepted', async (r) => {
      const res = await call(r, 'GetVariables', { getVariableData: [{ component: { name: 'Nope' }, variable: { name: 'Nope' } }] });
      return res.getVariableResult[0].attributeStatus;
    });
    assert.deepEqual(get, { good: 'UnknownComponent', bad: 'Accepted' });
  });

  it('ignores-heartbeat-interval / ignores-tx-updated-interval', async () => {
    const hb = await contrast('ignores-heartbeat-interval', async (r) => {
      await sleep(500);
      return r.csms.received(r.id, 'Heartbeat').length;
    });
    assert.ok(hb.good >= 2 && hb.bad === 0, JSON.stringify(hb));
    const mv = await contrast(
      'ignores-tx-updated-interval',
      async (r) => {
        await authorizedTx(r);
        await sleep(600);
        return txEvents(r).filter((e) => e.triggerReason === 'MeterValuePeriodic').length;
      },
      { station: { configuration: { 'SampledDataCtrlr.TxUpdatedInterval': '5' } } },
    );
    assert.ok(mv.good >= mv.bad * 1.4 && mv.good >= 4, JSON.stringify(mv));
  });

  it('calls-while-pending (the CSMS answers SecurityError) / boot-on-reconnect', async () => {
    const pending = await contrast(
      'calls-while-pending',
      async (r) => {
        await r.station.waitAccepted(3000);
        const boots = r.csms.received(r.id, 'BootNotification').length;
        const before = r.csms.received(r.id).findIndex((m, i, all) => m.action === 'BootNotification' && all.slice(0, i + 1).filter((x) => x.action === 'BootNotification').length === boots);
        return r.csms.received(r.id).slice(0, before).filter((m) => m.action !== 'BootNotification').length;
      },
      { csms: { bootPending: 1 }, waitAccepted: false },
    );
    assert.equal(pending.good, 0);
    assert.ok(pending.bad >= 2);
    const boots = await contrast('boot-on-reconnect', async (r) => {
      await r.station.goOffline();
      await r.station.goOnline();
      await r.station.waitAccepted(3000);
      await sleep(50);
      return r.csms.received(r.id, 'BootNotification').length;
    });
    assert.deepEqual(boots, { good: 1, bad: 2 });
  });

  it('wrong-error-code-spelling / rpc-error-without-minus-one', async () => {
    const errors = async (r: Run) => {
      r.csms.sendRaw(r.id, JSON.stringify([2, 'm1', 'Reset', {}]));
      r.csms.sendRaw(r.id, 'this is not json');
      await until(() => r.frames.filter((f) => f.dir === 'out' && f.text.startsWith('[4,')).length >= 2, 2000, 'two CALLERRORs');
      return r.frames.filter((f) => f.dir === 'out' && f.text.startsWith('[4,')).map((f) => JSON.parse(f.text).slice(1, 3));
    };
    const spelling = await contrast('wrong-error-code-spelling', errors);
    assert.deepEqual(spelling.good, [['m1', 'OccurrenceConstraintViolation'], ['-1', 'RpcFrameworkError']]);
    assert.deepEqual(spelling.bad[0], ['m1', 'OccurenceConstraintViolation']);
    assert.deepEqual((await contrast('rpc-error-without-minus-one', errors)).bad[1], [null, 'RpcFrameworkError']);
  });

  it('second-concurrent-call / invalid-json', async () => {
    const overlap = await contrast('second-concurrent-call', async (r) => {
      await call(r, 'TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 1 } });
      await sleep(150);
      // two station CALLs in a row with no CALLRESULT from the CSMS between them
      const seq = r.frames.filter((f) => (f.dir === 'out' && f.text.startsWith('[2,')) || (f.dir === 'in' && f.text.startsWith('[3,')));
      return seq.some((f, i) => i > 0 && f.dir === 'out' && seq[i - 1].dir === 'out');
    });
    assert.deepEqual(overlap, { good: false, bad: true });
    const json = await contrast('invalid-json', async (r) => {
      await sleep(300);
      return r.frames.filter((f) => f.dir === 'out').some((f) => {
        try {
          JSON.parse(f.text);
          return false;
        } catch {
          return true;
        }
      });
    });
    assert.deepEqual(json, { good: false, bad: true });
  });

  it('silent / slow-response / disconnects-on-call', async () => {
    for (const fault of ['silent', 'slow-response', 'disconnects-on-call']) {
      const res = await contrast(fault, async (r) => {
        try {
          return (await call(r, 'GetLocalListVersion', {})).versionNumber;
        } catch (e) {
          return `error: ${(e as Error).message}`;
        }
      });
      assert.equal(res.good, 0);
      assert.match(String(res.bad), /^error/, fault);
    }
  });

  it('offline-flag-missing / reset-without-ending-transaction / no-reboot-after-reset', async () => {
    const offline = await contrast('offline-flag-missing', async (r) => {
      await authorizedTx(r);
      await until(() => r.station.queuedMessages() === 0, 1000, 'queue flushed');
      await r.station.goOffline();
      await r.station.unplug(1);
      await r.station.goOnline();
      return (await r.csms.waitFor(r.id, 'TransactionEvent', { since: 0, match: (e) => e.eventType === 'Ended' })).offline;
    });
    assert.deepEqual(offline, { good: true, bad: undefined });
    const reset = async (r: Run) => {
      await authorizedTx(r);
      const since = r.csms.mark();
      await call(r, 'Reset', { type: 'Immediate' });
      await sleep(400);
      return r.csms.received(r.id).slice(since).map((m) => m.action).filter((a) => ['TransactionEvent', 'BootNotification'].includes(a));
    };
    const noEnd = await contrast('reset-without-ending-transaction', reset);
    assert.deepEqual(noEnd.good, ['TransactionEvent', 'BootNotification']);
    assert.deepEqual(noEnd.bad, ['BootNotification']);
    assert.deepEqual((await contrast('no-reboot-after-reset', reset)).bad, ['TransactionEvent']);
  });

  it('firmware-status-no-request-id', async () => {
    const fw = await contrast('firmware-status-no-request-id', async (r) => {
      await call(r, 'UpdateFirmware', { requestId: 5, firmware: { location: 'https://fw.invalid/x.bin', retrieveDateTime: new Date().toISOString() } });
      return (await r.csms.waitFor(r.id, 'FirmwareStatusNotification', { since: 0, match: (f) => f.status === 'DownloadFailed' })).requestId;
    });
    assert.deepEqual(fw, { good: 5, bad: undefined });
  });

  it('ignores-change-availability / unlock-wrong-status / reservation-ignored / trigger-message-not-sent', async () => {
    const avail = await contrast('ignores-change-availability', async (r) => {
      await call(r, 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } });
      await sleep(100);
      return r.station.status(1);
    });
    assert.deepEqual(avail, { good: 'Unavailable', bad: 'Available' });
    const unlock = await contrast('unlock-wrong-status', async (r) => (await call(r, 'UnlockConnector', { evseId: 9, connectorId: 1 })).status);
    assert.deepEqual(unlock, { good: 'UnknownConnector', bad: 'Unlocked' });
    const reserve = await contrast('reservation-ignored', async (r) => {
      await call(r, 'ReserveNow', { id: 1, expiryDateTime: new Date(Date.now() + 3600_000).toISOString(), idToken: { idToken: 'TAG3', type: 'ISO14443' }, evseId: 1 });
      await sleep(100);
      return r.station.status(1);
    });
    assert.deepEqual(reserve, { good: 'Reserved', bad: 'Available' });
    const trig = await contrast('trigger-message-not-sent', async (r) => {
      const since = r.csms.mark();
      await call(r, 'TriggerMessage', { requestedMessage: 'MeterValues' });
      await sleep(100);
      return r.csms.received(r.id, 'MeterValues').length > 0 && since >= 0;
    });
    assert.deepEqual(trig, { good: true, bad: false });
  });

  it('ignores-charging-profile-limit', async () => {
    const power = await contrast('ignores-charging-profile-limit', async (r) => {
      await authorizedTx(r);
      await call(r, 'SetChargingProfile', {
        evseId: 1,
        chargingProfile: { id: 1, stackLevel: 1, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative', chargingSchedule: [{ id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 4000 }] }] },
      });
      await sleep(50);
      return r.station.powerW(1);
    });
    assert.deepEqual(power, { good: 4000, bad: 11040 });
  });

  it('transaction-id-too-long / meter-value-as-string / ended-sent-twice / sends-null-fields', async () => {
    // what the station sends, whether or not the (strict) CSMS accepts it; `ended`: Ended events the CSMS accepted
    const run = async (r: Run) => {
      const sent = () => r.frames.filter((f) => f.dir === 'out' && f.text.includes('"TransactionEvent"')).map((f) => JSON.parse(f.text)[3]);
      await r.station.plugIn(1);
      await r.station.presentIdTag('TAG1', 1);
      await until(() => sent().some((e) => e.triggerReason === 'Authorized'), 3000, 'Authorized');
      await r.station.presentIdTag('TAG1', 1);
      await until(() => sent().some((e) => e.eventType === 'Ended'), 3000, 'Ended');
      await sleep(150);
      const first = sent()[0];
      return {
        idLength: first.transactionInfo.transactionId.length,
        valueType: typeof first.meterValue[0].sampledValue[0].value,
        ended: txEvents(r).filter((e) => e.eventType === 'Ended').length,
      };
    };
    const good = { idLength: 36, valueType: 'number', ended: 1 };
    assert.deepEqual(await contrast('transaction-id-too-long', run), { good, bad: { idLength: 41, valueType: 'number', ended: 0 } });
    assert.deepEqual((await contrast('meter-value-as-string', run)).bad, { idLength: 36, valueType: 'string', ended: 0 });
    assert.deepEqual((await contrast('ended-sent-twice', run)).bad, { ...good, ended: 2 });
    const nulls = await contrast('sends-null-fields', async (r) => {
      await r.station.plugIn(1);
      const started = () => r.frames.find((f) => f.dir === 'out' && f.text.includes('"TransactionEvent"'));
      await until(started, 2000, 'TransactionEvent');
      return Object.values(JSON.parse(started()!.text)[3]).includes(null);
    });
    assert.deepEqual(nulls, { good: false, bad: true });
  });
});
