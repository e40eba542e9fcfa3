/**
 * Remote rigs, run as real `evc test` invocations against small OCPP peers written here (not the reference
 * SUTs): a station peer that connects to the harness CSMS on the rig's fixed listen port, boots and
 * heartbeats; a CSMS peer the harness station connects to. They prove that a remote run is serial (two
 * scenarios never share the listen port), that a step the rig cannot perform fails at once naming the action
 * (never ✔ followed by a failure blamed on the SUT), and that compressed time on a real SUT is refused.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import { parallelArgs, serialReason } from '../../src/cli/test';
import { ROOT, spawnEvc } from '../support/evc-process';
import { freePort } from '../support/ports';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-remote-rig-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** `evc <args>` in a child process (asynchronous: the peers in this process keep running meanwhile). */
function evc(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return spawnEvc(args, { EVC_REPORTS_DIR: path.join(tmp, 'reports'), EVC_TIME_SCALE: '', ...env });
}

function write(name: string, text: string): string {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, text);
  return f;
}

type Frame = [number, string, ...unknown[]];

/**
 * A charge point (OCPP 1.6J) that keeps connecting to `url/identity`: BootNotification, then a
 * StatusNotification Available per connector (0..connectors), then a Heartbeat every `heartbeatMs` — one
 * CALL outstanding at a time. It answers DataTransfer with UnknownVendorId and anything else NotImplemented.
 * Records when each connection opened and closed.
 */
function stationPeer(url: string, identity: string, connectors: number, heartbeatMs = 300) {
  const connections: { opened: number; closed?: number }[] = [];
  let stopped = false;
  let current: WebSocket | undefined;
  const connect = () => {
    if (stopped) return;
    const ws = new WebSocket(`${url}/${identity}`, ['ocpp1.6']);
    current = ws;
    let seq = 0;
    let waiting: ((payload: Record<string, unknown>) => void) | undefined;
    let pendingId = '';
    let timer: NodeJS.Timeout | undefined;
    const call = (action: string, payload: Record<string, unknown>) =>
      new Promise<Record<string, unknown>>((resolve) => {
        pendingId = `peer-${++seq}`;
        waiting = resolve;
        ws.send(JSON.stringify([2, pendingId, action, payload]));
      });
    const record = { opened: Date.now() } as { opened: number; closed?: number };
    ws.on('open', async () => {
      connections.push(record);
      const boot = await call('BootNotification', { chargePointVendor: 'EvcTestPeer', chargePointModel: 'Peer-16' });
      if (boot.status !== 'Accepted') return;
      for (let c = 0; c <= connectors; c++) {
        await call('StatusNotification', { connectorId: c, errorCode: 'NoError', status: 'Available', timestamp: new Date().toISOString() });
      }
      const beat = async () => {
        if (ws.readyState !== WebSocket.OPEN) return;
        await call('Heartbeat', {});
        timer = setTimeout(beat, heartbeatMs);
      };
      timer = setTimeout(beat, heartbeatMs);
    });
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as Frame;
      if (msg[0] === 3 && msg[1] === pendingId && waiting) {
        const w = waiting;
        waiting = undefined;
        w(msg[2] as Record<string, unknown>);
      } else if (msg[0] === 2) {
        const reply = msg[2] === 'DataTransfer' ? [3, msg[1], { status: 'UnknownVendorId' }] : [4, msg[1], 'NotImplemented', '', {}];
        ws.send(JSON.stringify(reply));
      }
    });
    ws.on('error', () => undefined);
    ws.on('close', () => {
      if (connections.includes(record)) record.closed = Date.now();
      clearTimeout(timer);
      setTimeout(connect, 100);
    });
  };
  connect();
  return {
    connections,
    stop() {
      stopped = true;
      current?.terminate();
    },
  };
}

/** A CSMS (OCPP 1.6J and 2.0.1) on `port`: accepts every BootNotification, answers what a booted station sends. */
function csmsPeer(port: number) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port, handleProtocols: (p) => (p.has('ocpp1.6') ? 'ocpp1.6' : p.has('ocpp2.0.1') ? 'ocpp2.0.1' : false) });
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as Frame;
      if (msg[0] !== 2) return;
      const now = new Date().toISOString();
      const answers: Record<string, Record<string, unknown>> = {
        BootNotification: { status: 'Accepted', currentTime: now, interval: 300 },
        StatusNotification: {},
        Heartbeat: { currentTime: now },
      };
      const result = answers[msg[2] as string];
      ws.send(JSON.stringify(result ? [3, msg[1], result] : [4, msg[1], 'NotImplemented', '', {}]));
    });
  });
  return { close: () => new Promise<void>((r) => wss.close(() => r())) };
}

describe('a remote station rig runs one scenario at a time', () => {
  it('two @sut:station scenarios against a fixed listen port: serial, no EADDRINUSE, both pass', async () => {
    const port = await freePort();
    const rig = write(
      'remote-station.yaml',
      `name: peer-station\nkind: remote\ntimeScale: 1\nocpp:\n  station:\n    version: "1.6"\n    identity: PEER-CP-01\n    listenHost: 127.0.0.1\n    listenPort: ${port}\n    path: /ocpp\n    securityProfile: 0\n    connectors: 1\n    connectTimeoutMs: 20000\n`,
    );
    const feature = write(
      'remote-station.feature',
      [
        '@ocpp16 @sut:station',
        'Feature: a station reached over a remote rig',
        '  Scenario: the station boots and heartbeats',
        '    Given the station is booted',
        '    Then the station sends Heartbeat',
        '  Scenario: the station answers a DataTransfer for an unknown vendor',
        '    Given the station is booted',
        '    When the CSMS sends DataTransfer with:',
        '      | field    | value               |',
        '      | vendorId | org.example.nowhere |',
        '    Then the station responds with status "UnknownVendorId"',
        '',
      ].join('\n'),
    );
    const peer = stationPeer(`ws://127.0.0.1:${port}/ocpp`, 'PEER-CP-01', 1);
    try {
      const r = await evc(['test', feature, '--tags', '@ocpp16 and @sut:station'], { EVC_RIG: rig });
      assert.doesNotMatch(r.out, /EADDRINUSE/);
      const first = r.out.split('\n').find((l) => l.startsWith('evc: '));
      assert.equal(first, "evc: rig 'peer-station' (kind remote) reaches real equipment: scenarios run one at a time", r.out);
      assert.match(r.out, /scenarios: 2 passed, 0 failed, 0 skipped/, r.out);
      assert.equal(r.code, 0, r.out);
      // one harness CSMS listener for the run (src/ocpp/csms/persistent-endpoint.ts): the station's one
      // connection served both scenarios and was closed only when the run ended
      assert.equal(peer.connections.length, 1, `the station connected ${peer.connections.length} time(s)`);
      assert.ok(peer.connections[0].closed !== undefined, 'the connection was closed at the end of the run');
    } finally {
      peer.stop();
    }
  });
});

describe('a remote CSMS rig: steps it cannot perform fail at once, naming the action', () => {
  it('"made to send Reset", "configured to answer … Pending", "knows idTag" and the configured heartbeat interval', async () => {
    const port = await freePort();
    const peer = csmsPeer(port);
    const rig = write('remote-csms.yaml', `name: peer-csms\nkind: remote\nocpp:\n  csms:\n    url: ws://127.0.0.1:${port}/ocpp\n    identity: PEER-TS-01\n    securityProfile: 0\n`);
    const f16 = write(
      'remote-csms-16.feature',
      [
        '@ocpp16 @sut:csms',
        'Feature: a CSMS reached over a remote rig (1.6)',
        '  Scenario: Reset made on a remote CSMS',
        '    Given the station is booted',
        '    When the CSMS is made to send Reset with:',
        '      | field | value |',
        '      | type  | Soft  |',
        '    Then the CSMS sends Reset with:',
        '      | field | value |',
        '      | type  | Soft  |',
        '  Scenario: an id tag the remote CSMS is told about',
        '    Given the CSMS knows idTag "PEER-BLOCKED" as "Blocked"',
        '    When the station connects to the CSMS',
        '  Scenario: the heartbeat interval of a remote CSMS the rig does not declare',
        '    When the station sends BootNotification with:',
        '      | field             | value  |',
        '      | chargePointVendor | EVC    |',
        '      | chargePointModel  | Peer   |',
        '    Then the CSMS responds with the heartbeat interval it is configured with',
        '',
      ].join('\n'),
    );
    const f201 = write(
      'remote-csms-201.feature',
      [
        '@ocpp201 @sut:csms',
        'Feature: a CSMS reached over a remote rig (2.0.1)',
        '  Scenario: a pending boot on a remote CSMS',
        '    Given the CSMS is configured to answer the first BootNotification with Pending',
        '    When the station connects to the CSMS',
        '',
      ].join('\n'),
    );
    try {
      const r = await evc(['test', f16, f201], { EVC_RIG: rig });
      assert.equal(r.code, 1, r.out);
      assert.match(r.out, /scenarios: 0 passed, 4 failed, 0 skipped/, r.out);
      assert.doesNotMatch(r.out, /✔ When the CSMS is made to send Reset/);
      assert.match(r.out, /✖ When the CSMS is made to send Reset with:[\s\S]*?making the CSMS send Reset needs an operator or a CSMS driver: rig 'peer-csms' has none[\s\S]*?- Then the CSMS sends Reset with:/);
      assert.match(r.out, /✔ Given the station is booted/, 'the Booted state against the peer passes: the failure is the Reset step');
      assert.match(r.out, /✖ Given the CSMS knows idTag "PEER-BLOCKED" as "Blocked"[\s\S]*?configuring the CSMS to know idTag 'PEER-BLOCKED' as Blocked needs an operator or a CSMS driver: rig 'peer-csms' has none/);
      assert.match(r.out, /✖ Then the CSMS responds with the heartbeat interval it is configured with[\s\S]*?ocpp\.csms\.heartbeatInterval: is needed/);
      assert.match(
        r.out,
        /✖ Given the CSMS is configured to answer the first BootNotification with Pending[\s\S]*?configuring the CSMS to answer the first BootNotification with Pending needs an operator or a CSMS driver: rig 'peer-csms' has none[\s\S]*?- When the station connects to the CSMS/,
      );
    } finally {
      await peer.close();
    }
  });
});

describe('compressed time on a remote rig is refused before anything runs', () => {
  const remote = (extra: string) => write(`remote-scaled-${extra ? 'ok' : 'bad'}.yaml`, `name: scaled\nkind: remote\ntimeScale: 0.01\n${extra}ocpp:\n  csms:\n    url: ws://127.0.0.1:9/ocpp\n`);
  it('timeScale 0.01 in the rig file: one line naming the file and the field', async () => {
    const rig = remote('');
    const r = await evc(['test', '--tags', '@ocpp16 and @sut:csms'], { EVC_RIG: rig });
    assert.equal(r.code, 2, r.out);
    assert.equal(r.out.trim().split('\n').length, 1, r.out);
    assert.match(r.out.trim(), new RegExp(`^evc: ${rig.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: timeScale: 0\\.01 compresses protocol intervals, but a rig of kind 'remote' reaches a real SUT`));
  });
  it('EVC_TIME_SCALE on a remote rig is refused the same way', async () => {
    const rig = write('remote-real-time.yaml', 'name: real\nkind: remote\ntimeScale: 1\nocpp:\n  csms:\n    url: ws://127.0.0.1:9/ocpp\n');
    const r = await evc(['test'], { EVC_RIG: rig, EVC_TIME_SCALE: '0.01' });
    assert.equal(r.code, 2, r.out);
    assert.match(r.out.trim(), /^evc: \S+remote-real-time\.yaml: timeScale: 0\.01 \(from EVC_TIME_SCALE\) compresses protocol intervals[^\n]*$/);
  });
  it('accepted when the rig declares that the SUT itself runs compressed (sutCompressesTime)', async () => {
    const rig = remote('sutCompressesTime: true\n');
    const r = await evc(['test', '--dry-run', '--tags', '@TC_001_CSMS'], { EVC_RIG: rig });
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /scenarios run one at a time/);
  });
});

describe('which runs are serial', () => {
  const ref = { name: 'reference', kind: 'reference' as const };
  it('the reference rig keeps the profile\'s parallel workers (npm test: 2)', () => {
    assert.equal(serialReason(ref, [{ tags: ['@ocpp16'] }]), undefined);
    assert.deepEqual(parallelArgs(serialReason(ref, [])), []);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const profiles = require(path.join(ROOT, 'cucumber.js')) as Record<string, { parallel: number }>;
    if (!process.env.EVC_RIG) assert.equal(profiles.default.parallel, 2);
  });
  it('any other kind, or a selected @rig:bench scenario, runs one scenario at a time', () => {
    for (const kind of ['remote', 'bench', 'container', 'uml-vcan'] as const) assert.match(serialReason({ name: 'x', kind }, []) ?? '', /reaches real equipment/);
    assert.equal(serialReason(ref, [{ tags: ['@ocpp16'] }, { tags: ['@rig:bench'] }]), '1 selected scenario(s) are tagged @rig:bench');
    assert.deepEqual(parallelArgs('why'), ['--parallel', '0']);
  });
});
