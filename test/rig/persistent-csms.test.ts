/**
 * One harness CSMS listener for the whole run on a rig with a real station (src/ocpp/csms/persistent-endpoint.ts),
 * proven with real `evc test` runs against a station peer that, like a real charger, keeps its connection and
 * never re-boots on its own (persistent-peer.ts): for OCPP 1.6 and 2.0.1, several scenarios in one run share
 * ONE connection and ONE BootNotification (the Booted state carries over); the one boot test case gets its
 * boot by an OCPP Reset from the harness (never by a dropped socket); all pass; nothing listens after the run.
 * A station that drops its socket after a scenario and does not come back fails the next one, naming the
 * connect wait.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { spawnEvc } from '../support/evc-process';
import { freePort, listening } from '../support/ports';
import { persistentStationPeer } from './persistent-peer';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-persistent-csms-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, text);
  return f;
}

function rig(name: string, version: string, port: number, identity: string, connectTimeoutMs = 20000): string {
  return write(
    `${name}.yaml`,
    `name: ${name}\nkind: remote\ntimeScale: 1\nocpp:\n  station:\n    version: "${version}"\n    identity: ${identity}\n    listenHost: 127.0.0.1\n    listenPort: ${port}\n    path: /ocpp\n    securityProfile: 0\n    connectors: 1\n    connectTimeoutMs: ${connectTimeoutMs}\ntimeouts:\n  ocpp:\n    expect: 5000\n`,
  );
}

function traceNotes(reports: string, text: string): number {
  const dir = path.join(reports, 'traces');
  return fs.readdirSync(dir).filter((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes(text)).length;
}

/** The scenarios' own durations as `evc test` recorded them (reports/durations.json), for the printed figures. */
function perScenario(reports: string): string {
  try {
    const all = JSON.parse(fs.readFileSync(path.join(reports, 'durations.json'), 'utf8')) as Record<string, Record<string, number>>;
    return Object.entries(all['1'] ?? {}).map(([key, ms]) => `${key.split(/[:/]/).pop()}: ${ms}`).join('; ');
  } catch {
    return '(not recorded)';
  }
}

const BOOTED_HEARTBEAT = ['  Scenario: booted, then a heartbeat', '    Given the station is booted', '    Then the station sends Heartbeat'];
const BOOTED_HEARTBEAT_AGAIN = ['  Scenario: booted again, then a heartbeat', '    Given the station is booted', '    Then the station sends Heartbeat'];

const FEATURE_16 = [
  '@ocpp16 @sut:station',
  'Feature: one connection across scenarios (1.6)',
  ...BOOTED_HEARTBEAT,
  ...BOOTED_HEARTBEAT_AGAIN,
  '  Scenario: the heartbeat interval is read',
  '    Given the station is booted',
  '    When the CSMS sends GetConfiguration with:',
  '      | field  | value             |',
  '      | key[0] | HeartbeatInterval |',
  '    Then the station responds with:',
  '      | field                     | value             |',
  '      | configurationKey[0].key   | HeartbeatInterval |',
  '  Scenario: a boot test case sees a boot',
  '    When the station connects to the CSMS',
  '    Then the station sends BootNotification as its first message with:',
  '      | field             | value    |',
  '      | chargePointVendor | <string> |',
  '  Scenario: booted after the reboot, then a heartbeat',
  '    Given the station is booted',
  '    Then the station sends Heartbeat',
  '',
].join('\n');

const FEATURE_201 = [
  '@ocpp201 @sut:station',
  'Feature: one connection across scenarios (2.0.1)',
  ...BOOTED_HEARTBEAT,
  '  Scenario: the heartbeat interval is read',
  '    Given the station is booted',
  '    When the CSMS sends GetVariables with:',
  '      | field                             | value             |',
  '      | getVariableData[0].component.name | OCPPCommCtrlr     |',
  '      | getVariableData[0].variable.name  | HeartbeatInterval |',
  '    Then the station responds with:',
  '      | field                                | value    |',
  '      | getVariableResult[0].attributeStatus | Accepted |',
  ...BOOTED_HEARTBEAT_AGAIN,
  '  Scenario: a boot test case sees a boot',
  '    When the station connects to the CSMS',
  '    Then the station sends BootNotification as its first message with:',
  '      | field  | value       |',
  '      | reason | RemoteReset |',
  '',
].join('\n');

for (const [version, feature, tags, scenarios] of [
  ['1.6', FEATURE_16, '@ocpp16 and @sut:station', 5],
  ['2.0.1', FEATURE_201, '@ocpp201 and @sut:station', 4],
] as const) {
  describe(`a remote station rig, OCPP ${version}: one CSMS listener for the whole run`, () => {
    it(`${scenarios} scenarios: one connection until the Reset-driven boot, one BootNotification besides it, all pass, nothing left listening`, async () => {
      const port = await freePort();
      const identity = `KEEP-${version.replace(/\./g, '')}`;
      const rigFile = rig(`persistent-${version}`, version, port, identity);
      const featureFile = write(`persistent-${version}.feature`, feature);
      const reports = path.join(tmp, `reports-${version}`);
      const peer = persistentStationPeer({ url: `ws://127.0.0.1:${port}/ocpp`, identity, version, connectors: 1 });
      try {
        const r = await spawnEvc(['test', featureFile, '--tags', tags], { EVC_RIG: rigFile, EVC_REPORTS_DIR: reports, EVC_TIME_SCALE: '' });
        assert.match(r.out, new RegExp(`scenarios: ${scenarios} passed, 0 failed, 0 skipped`), r.out);
        assert.equal(r.code, 0, r.out);
        assert.equal(peer.resets, 1, 'the boot test case reset the station once');
        assert.equal(peer.connections, 2, `one connection before the Reset, one after (the station connected ${peer.connections} times)`);
        assert.deepEqual(peer.boots, version === '1.6' ? ['boot', 'boot'] : ['PowerUp', 'RemoteReset'], 'a BootNotification at the start and the one the Reset caused, no other');
        assert.equal(await listening(port), false, 'nothing listens on the rig port after the run');
        assert.ok(traceNotes(reports, 'station already booted and connected since') >= 2, 'the Booted state carried over (trace note)');
        const statuses = version === '1.6' ? 'connectors last reported 0 Available, 1 Available' : 'connectors last reported 1/1 Available';
        assert.ok(traceNotes(reports, statuses) >= 2, `the run remembers the statuses last reported (${statuses})`);
        // what the station sent between scenarios is answered by defaults and only summarised in the next trace
        const idle = traceNotes(reports, 'between scenarios the station sent');
        if (idle) assert.ok(traceNotes(reports, 'answered with the harness CSMS defaults: Heartbeat') >= 1);
        process.stdout.write(`# OCPP ${version}: ${scenarios} scenarios in ${r.ms} ms (process start included); per scenario ${perScenario(reports)} ms; ${idle} trace(s) note frames from between scenarios\n`);
      } finally {
        peer.stop();
      }
    });
  });
}

for (const [version, tags, boots] of [
  ['1.6', '@ocpp16 and @sut:station', ['boot']],
  ['2.0.1', '@ocpp201 and @sut:station', []],
] as const) {
  describe(`a station registered before the run (OCPP ${version}): it reconnects without a BootNotification`, () => {
    it('Booted is established by TriggerMessage (boot and statuses), without a Reset or a dropped socket', async () => {
      const port = await freePort();
      const identity = `REG-${version.replace(/\./g, '')}`;
      const rigFile = rig(`registered-${version}`, version, port, identity);
      const header = version === '1.6' ? ['@ocpp16 @sut:station', 'Feature: registered before the run (1.6)'] : ['@ocpp201 @sut:station', 'Feature: registered before the run (2.0.1)'];
      const featureFile = write(`registered-${version}.feature`, [...header, ...BOOTED_HEARTBEAT, ...BOOTED_HEARTBEAT_AGAIN, ''].join('\n'));
      const reports = path.join(tmp, `reports-registered-${version}`);
      const peer = persistentStationPeer({ url: `ws://127.0.0.1:${port}/ocpp`, identity, version, connectors: 1, registeredBefore: true });
      try {
        const r = await spawnEvc(['test', featureFile, '--tags', tags], { EVC_RIG: rigFile, EVC_REPORTS_DIR: reports, EVC_TIME_SCALE: '' });
        assert.match(r.out, /scenarios: 2 passed, 0 failed, 0 skipped/, r.out);
        assert.equal(peer.resets, 0, 'no Reset');
        assert.equal(peer.connections, 1, 'one connection');
        assert.deepEqual(peer.boots, boots, version === '1.6' ? 'one triggered BootNotification' : 'none: the 2.0.1 station is Accepted already (Rejected trigger)');
        assert.ok(traceNotes(reports, 'it was registered before this run') >= 1, 'the trace says why no boot was expected');
        assert.ok(traceNotes(reports, 'station already booted and connected since') >= 1, 'the second scenario carries the Booted state over');
      } finally {
        peer.stop();
      }
    });
  });
}

describe('a station that drops its socket after a scenario and does not come back', () => {
  it('the next scenario fails, naming the connect wait (ocpp.station.connectTimeoutMs)', async () => {
    const port = await freePort();
    const rigFile = rig('persistent-dropper', '1.6', port, 'DROP-16', 2000);
    const featureFile = write('dropper.feature', ['@ocpp16 @sut:station', 'Feature: a station that goes away', ...BOOTED_HEARTBEAT, ...BOOTED_HEARTBEAT_AGAIN, ''].join('\n'));
    const peer = persistentStationPeer({ url: `ws://127.0.0.1:${port}/ocpp`, identity: 'DROP-16', version: '1.6', connectors: 1, dropAfterHeartbeat: true });
    try {
      const r = await spawnEvc(['test', featureFile, '--tags', '@ocpp16'], { EVC_RIG: rigFile, EVC_REPORTS_DIR: path.join(tmp, 'reports-drop'), EVC_TIME_SCALE: '' });
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, /scenarios: 1 passed, 1 failed, 0 skipped/, r.out);
      assert.match(r.out, /✖ Given the station is booted[\s\S]*?Station 'DROP-16' did not connect to \S+ within 2000 ms \(the connect wait: ocpp\.station\.connectTimeoutMs of rig 'persistent-dropper'/, r.out);
      assert.equal(peer.connections, 1);
      assert.equal(await listening(port), false, 'nothing listens on the rig port after the run');
    } finally {
      peer.stop();
    }
  });
});
