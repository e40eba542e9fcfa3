/**
 * The HTTP station driver (src/rig/http-station-driver.ts) against the real `evc serve-station` process
 * (a child process, as on a bench), connected to the reference CSMS: each action reaches the station and shows
 * on the wire; the station reconnects without booting again and reboots only on a power cycle or an OCPP Reset;
 * what the driver does not offer is NotAutomatableError naming it; a driver that does not answer or is not
 * there fails within the bound, naming the action and the URL.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startReferenceCsms, type ReferenceCsmsControl } from '../../src/reference/ocpp16';
import { StationDriverError, httpStationDriver } from '../../src/rig/http-station-driver';
import type { StationSutControl } from '../../src/rig/ocpp-sut';
import { NotAutomatableError } from '../../src/rig/rig';
import { freePort } from '../support/ports';
import { serveStation } from '../support/serve-station';

const ID = 'DRV-CP-1';
const TAG = 'DRVTAG0001';
const SCALE = 0.02;

async function until(ok: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('HTTP station driver against evc serve-station (OCPP 1.6)', () => {
  let csms: ReferenceCsmsControl;
  let proc: Awaited<ReturnType<typeof serveStation>>;
  let drv: StationSutControl;
  const boots = () => csms.received(ID, 'BootNotification').length;

  before(async () => {
    csms = await startReferenceCsms({ version: '1.6', stations: { [ID]: {} }, securityProfile: 0, idTags: { [TAG]: { status: 'Accepted' } }, heartbeatInterval: 60, faults: [], timeScale: SCALE });
    proc = await serveStation(['--version', '1.6', '--csms', csms.url, '--identity', ID, '--connectors', '2', '--time-scale', String(SCALE), '--conditions', 'lockFailure,unlockFailure']);
    drv = httpStationDriver({ url: proc.url, timeoutMs: 10_000, rig: 'test-bench' });
    await csms.waitFor(ID, 'BootNotification', { since: 0, timeoutMs: 30_000 });
  });
  after(async () => {
    if (proc?.child.exitCode === null) proc.child.kill('SIGKILL');
    await csms?.stop();
  });

  it('plug in, card, EV suspend, fault: each reaches the station and shows on the wire', async () => {
    let since = csms.mark();
    await drv.plugIn(1);
    await csms.waitFor(ID, 'StatusNotification', { since, match: (p) => p.connectorId === 1 && p.status === 'Preparing' });
    since = csms.mark();
    await drv.presentIdTag(TAG, 1);
    await csms.waitFor(ID, 'StartTransaction', { since, timeoutMs: 10_000, match: (p) => p.idTag === TAG && p.connectorId === 1 });
    since = csms.mark();
    await drv.evSuspend(1);
    await csms.waitFor(ID, 'StatusNotification', { since, match: (p) => p.connectorId === 1 && p.status === 'SuspendedEV' });
    since = csms.mark();
    await drv.raiseFault(2, 'GroundFailure');
    await csms.waitFor(ID, 'StatusNotification', { since, match: (p) => p.connectorId === 2 && p.status === 'Faulted' && p.errorCode === 'GroundFailure' });
    await drv.simulate!({ lockFailure: true });
    // back at rest: fault cleared and cable out (the transaction ends on EV-side disconnect)
    since = csms.mark();
    await drv.stop();
    await csms.waitFor(ID, 'StatusNotification', { since, match: (p) => p.connectorId === 2 && p.status === 'Available' });
    await csms.waitFor(ID, 'StopTransaction', { since, timeoutMs: 10_000 });
  });

  it('reconnects without a new BootNotification; reboots on a power cycle and on an OCPP Reset only', async () => {
    const b0 = boots();
    const c0 = csms.connectionCount(ID);
    await drv.goOffline(200);
    await until(() => csms.connectionCount(ID) === c0 + 1 && csms.connected().includes(ID), 20_000, 'the station reconnects');
    await csms.waitFor(ID, 'Heartbeat', { since: csms.mark(), timeoutMs: 20_000 }); // the new connection is in use
    assert.equal(boots(), b0, 'no BootNotification on reconnect');
    let since = csms.mark();
    await drv.powerCycle();
    await csms.waitFor(ID, 'BootNotification', { since, timeoutMs: 30_000 });
    since = csms.mark();
    await csms.call(ID, 'Reset', { type: 'Soft' });
    await csms.waitFor(ID, 'BootNotification', { since, timeoutMs: 30_000 });
    assert.equal(boots(), b0 + 2);
  });

  it('a condition the station does not offer is NotAutomatableError naming it; bad input names the field', async () => {
    await assert.rejects(async () => drv.simulate!({ fixedCable: true }), (e: Error) => e instanceof NotAutomatableError && /fixedCable/.test(e.message) && e.message.includes(proc.url));
    await drv.simulate!({ fixedCable: false }); // clearing what it cannot have is fine
    await drv.raiseFault(0, 'OtherError'); // 1.6: connector 0 is the charge point as a whole
    await drv.stop(); // …and rest clears it
    await assert.rejects(drv.plugIn(0), (e: Error) => e instanceof StationDriverError && /connector must be an integer 1\.\.2 \(got 0\)/.test(e.message));
    await assert.rejects(drv.plugIn(7), (e: Error) => e instanceof StationDriverError && /plug in connector 7.*HTTP 400.*connector must be an integer 1\.\.2/.test(e.message));
  });

  it('commission: the station takes another CSMS URL, security profile and password, reconnects without booting, and goes back to its installed settings', async () => {
    const b0 = boots();
    const pw = 'CommissionedPw0123456';
    const sp1 = await startReferenceCsms({ version: '1.6', stations: { [ID]: { password: pw } }, securityProfile: 1, idTags: {}, heartbeatInterval: 60, faults: [], timeScale: SCALE });
    try {
      await drv.commission!({ securityProfile: 1, csmsUrl: sp1.url, password: pw });
      await until(() => sp1.connected().includes(ID), 20_000, 'the station connects to the profile-1 CSMS with the password');
      assert.equal(sp1.received(ID, 'BootNotification').length, 0, 'still registered: no BootNotification');
      await drv.commission!('installed');
      await until(() => csms.connected().includes(ID) && !sp1.connected().includes(ID), 20_000, 'the station is back on its installed CSMS');
      assert.equal(boots(), b0);
    } finally {
      await sp1.stop();
    }
    await assert.rejects(drv.commission!({ securityProfile: 2, csmsUrl: 'ws://127.0.0.1:1/ocpp', password: pw }), (e: Error) => e instanceof StationDriverError && /HTTP 400.*csmsUrl must be a wss:\/\/ URL for security profile 2/.test(e.message));
    await assert.rejects(drv.commission!({ securityProfile: 2, csmsUrl: 'wss://127.0.0.1:1/ocpp', password: pw }), (e: Error) => e instanceof StationDriverError && /ca \(PEM of the CSMS root to trust\) is required/.test(e.message));
  });

  it('SIGTERM stops the station and its control API', async () => {
    proc.child.kill('SIGTERM');
    assert.equal(await exited(proc.child), 0, proc.output());
    await assert.rejects(drv.goOnline(), (e: Error) => e instanceof StationDriverError && e.message.includes(`station driver ${proc.url}: 'go online' failed`));
  });
});

describe('HTTP station driver against drivers that cannot', () => {
  let server: Server;
  let url: string;
  const silent: import('node:http').ServerResponse[] = [];
  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/power-cycle') silent.push(res); // never answers
      else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: `no action ${req.url}` }));
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('an action the driver does not offer (404) is NotAutomatableError naming it', async () => {
    const drv = httpStationDriver({ url, timeoutMs: 2000, rig: 'bench-x' });
    await assert.rejects(drv.evSuspend(1), (e: Error) => e instanceof NotAutomatableError && /'EV suspend on connector 1' is not offered by the station driver .* of rig 'bench-x'/.test(e.message));
  });

  it('a driver that cannot commission the station (404) is NotAutomatableError naming the commissioning', async () => {
    const drv = httpStationDriver({ url, timeoutMs: 2000, rig: 'bench-x' });
    await assert.rejects(drv.commission!({ securityProfile: 1, csmsUrl: 'ws://127.0.0.1:1/ocpp', password: 'x' }), (e: Error) => e instanceof NotAutomatableError && /'commission the station for security profile 1 at ws:\/\/127\.0\.0\.1:1\/ocpp \(with a password\)' is not offered/.test(e.message));
  });

  it('a driver that does not answer fails within its bound, naming the action and the URL', async () => {
    const drv = httpStationDriver({ url, timeoutMs: 300, rig: 'bench-x' });
    const t0 = Date.now();
    await assert.rejects(drv.powerCycle(), (e: Error) => e instanceof StationDriverError && e.message === `station driver ${url}: 'power cycle' failed: no answer within 300 ms`);
    assert.ok(Date.now() - t0 < 5000);
  });

  it('a driver that is not there fails naming the action and the URL', async () => {
    const drv = httpStationDriver({ url: `http://127.0.0.1:${await freePort()}`, timeoutMs: 2000, rig: 'bench-x' });
    await assert.rejects(drv.plugIn(1), (e: Error) => e instanceof StationDriverError && /station driver http:\/\/127\.0\.0\.1:\d+: 'plug in connector 1' failed: .*ECONNREFUSED/.test(e.message));
  });
});
