/**
 * A real station is left as the scenario found it: against a small 1.6 station written here (not a reference
 * SUT), over a remote rig, a scenario that changes a key, makes a reservation and leaves a transaction running
 * ends with the harness CSMS reading the key before the change, and at teardown stopping the transaction,
 * cancelling the reservation and setting the key back. A station that refuses the remote stop fails the
 * teardown, naming it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import WebSocket from 'ws';
import { spawnEvc } from '../support/evc-process';
import { freePort } from '../support/ports';

const IDENTITY = 'EVC-RESTORE-01';

const FEATURE = `@ocpp16 @sut:station @fault:none
Feature: teardown of a real station

  Scenario: a key changed, a reservation made, a transaction left running
    Given the station is booted
    When the CSMS sends ChangeConfiguration with:
      | field | value                    |
      | key   | MeterValueSampleInterval |
      | value | "30"                     |
    Then the station responds with status "Accepted"
    When the CSMS sends ReserveNow with:
      | field         | value          |
      | connectorId   | 1              |
      | expiryDate    | <now+1h>       |
      | idTag         | \${idTag.valid} |
      | reservationId | 77             |
    Then the station responds with status "Accepted"
    And the station sends StartTransaction with:
      | field       | value           |
      | connectorId | 2               |
      | idTag       | \${idTag.valid2} |
`;

/** A 1.6 station: boots, answers the harness CSMS, starts a transaction after a reservation; logs what it got. */
function stationPeer(url: string, opts: { refuseStop?: boolean }) {
  const log: string[] = [];
  const config = new Map([['MeterValueSampleInterval', '60']]);
  let stopped = false;
  let ws: WebSocket | undefined;
  let n = 0;
  // One outstanding CALL at a time, as OCPP-J requires: each CALL waits for the answer to the one before.
  const replies = new Map<string, () => void>();
  let chain = Promise.resolve();
  const send = (action: string, payload: unknown) => {
    chain = chain.then(
      () =>
        new Promise<void>((resolve) => {
          const id = `p${++n}`;
          const timer = setTimeout(resolve, 5000);
          replies.set(id, () => (clearTimeout(timer), resolve()));
          ws?.send(JSON.stringify([2, id, action, payload]));
        }),
    );
  };
  const answer = (action: string, p: Record<string, unknown>): unknown => {
    switch (action) {
      case 'GetConfiguration':
        return { configurationKey: ((p.key as string[]) ?? []).filter((k) => config.has(k)).map((k) => ({ key: k, readonly: false, value: config.get(k) })) };
      case 'ChangeConfiguration':
        config.set(p.key as string, p.value as string);
        return { status: 'Accepted' };
      case 'ReserveNow':
        setTimeout(() => send('StartTransaction', { connectorId: 2, idTag: 'EVC-VALID-002', meterStart: 10, timestamp: new Date().toISOString() }), 100);
        return { status: 'Accepted' };
      case 'CancelReservation':
        return { status: 'Accepted' };
      case 'RemoteStopTransaction':
        if (opts.refuseStop) return { status: 'Rejected' };
        setTimeout(() => send('StopTransaction', { transactionId: p.transactionId, meterStop: 20, timestamp: new Date().toISOString(), reason: 'Remote' }), 50);
        return { status: 'Accepted' };
      default:
        return undefined;
    }
  };
  const done = (async () => {
    while (!stopped) {
      const sock = new WebSocket(url, ['ocpp1.6']);
      const open = await new Promise<boolean>((r) => {
        sock.once('open', () => r(true));
        sock.once('error', () => r(false));
      });
      if (!open) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      ws = sock;
      sock.on('message', (d) => {
        const [type, id, action, payload] = JSON.parse(d.toString()) as [number, string, string, Record<string, unknown>];
        if (type !== 2) return replies.get(id)?.();
        log.push(`${action} ${JSON.stringify(payload)}`);
        const result = answer(action, payload);
        sock.send(JSON.stringify(result === undefined ? [4, id, 'NotImplemented', action, {}] : [3, id, result]));
      });
      send('BootNotification', { chargePointVendor: 'Peer', chargePointModel: 'Restore' });
      for (const c of [0, 1, 2]) send('StatusNotification', { connectorId: c, errorCode: 'NoError', status: 'Available' });
      await new Promise<void>((r) => sock.once('close', () => r()));
      return;
    }
  })();
  return { log, config, done, stop: () => ((stopped = true), ws?.terminate()) };
}

function runEvc(args: string[], rig: string, reports: string): Promise<{ code: number | null; out: string }> {
  return spawnEvc(['test', ...args], { EVC_RIG: rig, EVC_REPORTS_DIR: reports }, 120_000);
}

async function run(opts: { refuseStop?: boolean }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-restore-'));
  const port = await freePort();
  const rig = path.join(dir, 'rig.json');
  fs.writeFileSync(
    rig,
    JSON.stringify({
      name: 'peer-station',
      kind: 'remote',
      timeScale: 1,
      ocpp: { station: { version: '1.6', identity: IDENTITY, listenHost: '127.0.0.1', listenPort: port, path: '/ocpp', connectors: 2, connectTimeoutMs: 10000 } },
      timeouts: { ocpp: { connect: 10000, response: 3000, expect: 3000, quiet: 500 } },
    }),
  );
  const feature = path.join(dir, 'teardown.feature');
  fs.writeFileSync(feature, FEATURE);
  const peer = stationPeer(`ws://127.0.0.1:${port}/ocpp/${IDENTITY}`, opts);
  try {
    return { ...(await runEvc([feature], rig, path.join(dir, 'reports'))), peer };
  } finally {
    peer.stop();
  }
}

test('teardown stops the transaction, cancels the reservation and restores the key on a real station', async () => {
  const { code, out, peer } = await run({});
  assert.equal(code, 0, out);
  const actions = peer.log.map((l) => l.split(' ')[0]);
  // ClearCache: the scenario presented id tags (this peer answers NotImplemented: noted, not a teardown failure)
  assert.deepEqual(actions, ['GetConfiguration', 'ChangeConfiguration', 'ReserveNow', 'RemoteStopTransaction', 'CancelReservation', 'ClearCache', 'ChangeConfiguration'], peer.log.join('\n'));
  assert.match(peer.log[3], /"transactionId":\d+/);
  assert.match(peer.log[4], /"reservationId":77/);
  assert.match(peer.log[6], /"key":"MeterValueSampleInterval","value":"60"/);
  assert.equal(peer.config.get('MeterValueSampleInterval'), '60');
});

test('a station refusing the remote stop fails the teardown, naming it', async () => {
  const { code, out } = await run({ refuseStop: true });
  assert.notEqual(code, 0, out);
  assert.match(out, /Teardown failed: .*not left as the scenario found it: the station answered Rejected to stopping transaction \d+/);
});
