/**
 * Security profiles on a real station (src/ocpp/csms/run-commission.ts): `evc serve-station` as its own process
 * at security profile 0, reached through a remote rig whose station driver commissions it per scenario.
 * - Through its real driver, the Basic-auth (profile 1) and TLS client-certificate (profile 3) cases pass, and
 *   the station is back at profile 0 after each (the next scenario, at profile 0, passes on the same station).
 * - A station that reaches the harness at another address (rig advertisedHost, listener on a wildcard) is given
 *   that address and the run's server certificate names it; without advertisedHost the case fails at once.
 * - A station installed at profile 1 that a scenario upgrades to 2 over OCPP (TC_083) has the listener and its
 *   installed settings put back after it: the next scenario, at profile 1, passes.
 * - Misbehaving peers: a driver that answers 'commission' with success but leaves the station as it was (the
 *   station then knocks at the profile-1 listener without credentials) fails the scenario, naming the
 *   commissioning and the refused attempts; a driver without the action fails it at once as not automatable.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT, spawnEvc } from '../support/evc-process';
import { freePort } from '../support/ports';
import { serveStation } from '../support/serve-station';

const ID = 'COMMISSION-CP-16';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-commission-'));

/** A driver in front of the station's control API: forwards everything, except what `intercept` answers itself. */
async function proxyDriver(target: string, intercept: (action: string) => number | undefined): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const action = (req.url ?? '/').replace(/^\/+/, '');
    const own = intercept(action);
    if (own !== undefined) {
      req.resume();
      res.writeHead(own, { 'content-type': 'application/json' });
      res.end(JSON.stringify(own < 300 ? { ok: true } : { error: `no action '${action}'` }));
      return;
    }
    const fwd = http.request(`${target}/${action}`, { method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    fwd.on('error', () => res.writeHead(502).end());
    req.pipe(fwd);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

function rigFile(name: string, csmsPort: number, driverUrl: string, installed: { securityProfile: number; password?: string; identity?: string; listenHost?: string; advertisedHost?: string } = { securityProfile: 0 }): string {
  const rig = {
    name,
    kind: 'remote',
    timeScale: 0.02,
    sutCompressesTime: true,
    pics: path.join(ROOT, 'fixtures', 'pics', 'persistent-station', 'ocpp16.json'),
    ocpp: { station: { version: '1.6', identity: installed.identity ?? ID, listenHost: installed.listenHost ?? '127.0.0.1', ...(installed.advertisedHost ? { advertisedHost: installed.advertisedHost } : {}), listenPort: csmsPort, path: '/ocpp', securityProfile: installed.securityProfile, ...(installed.password ? { password: installed.password } : {}), connectors: 2, connectTimeoutMs: 4000, driver: { kind: 'http', url: driverUrl, timeoutMs: 15000 } } },
    timeouts: { ocpp: { connect: 4000, response: 4000, expect: 5000, quiet: 800 } },
  };
  const f = path.join(tmp, `${name}.json`);
  fs.writeFileSync(f, JSON.stringify(rig));
  return f;
}

describe('commissioning a real station for security profiles 1-3', () => {
  let child: ChildProcess;
  let control: string;
  let csmsPort: number;
  before(async () => {
    csmsPort = await freePort();
    const station = await serveStation(['--version', '1.6', '--csms', `ws://127.0.0.1:${csmsPort}/ocpp`, '--identity', ID, '--connectors', '2', '--time-scale', '0.02']);
    child = station.child;
    control = station.url;
  });
  after(() => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('through its driver: Basic auth (SP1) and client certificate (SP3) pass, and the station is back at profile 0 for the next scenario', async () => {
    const r = await spawnEvc(['test', '--tags', '@TC_085_CS or @TC_087_CS or @TC_003_CS'], { EVC_RIG: rigFile('commission-ok', csmsPort, control), EVC_REPORTS_DIR: path.join(tmp, 'ok') }, 240_000);
    assert.equal(r.code, 0, r.out.slice(-3000));
    assert.match(r.out, /3 scenarios \(3 passed\)/);
  });

  it('a station on another address than the listener names (wildcard listenHost, advertisedHost 127.0.0.2): it is given that address, and the server certificate names it', async () => {
    // the station checks the certificate's subjectAltName against 127.0.0.2: without it in this run's PKI, TLS fails
    const rig = rigFile('commission-advertised', csmsPort, control, { securityProfile: 0, listenHost: '0.0.0.0', advertisedHost: '127.0.0.2' });
    const r = await spawnEvc(['test', '--tags', '@TC_087_CS'], { EVC_RIG: rig, EVC_REPORTS_DIR: path.join(tmp, 'advertised') }, 240_000);
    assert.equal(r.code, 0, r.out.slice(-3000));
    assert.match(r.out, /1 scenario \(1 passed\)/);
    const wildcard = rigFile('commission-wildcard', csmsPort, control, { securityProfile: 0, listenHost: '0.0.0.0' });
    const w = await spawnEvc(['test', '--tags', '@TC_087_CS'], { EVC_RIG: wildcard, EVC_REPORTS_DIR: path.join(tmp, 'wildcard') }, 240_000);
    assert.notEqual(w.code, 0, w.out.slice(-3000));
    assert.match(w.out, /ocpp\.station\.listenHost: is a wildcard \(0\.0\.0\.0\): commissioning the station for security profile 3 needs the address it reaches the harness CSMS at \(ocpp\.station\.advertisedHost\)/);
  });

  it("a driver that says it commissioned the station but did not: the scenario fails, naming the commissioning and the refused attempts", async () => {
    const liar = await proxyDriver(control, (action) => (action === 'commission' ? 200 : undefined));
    try {
      const r = await spawnEvc(['test', '--tags', '@TC_085_CS'], { EVC_RIG: rigFile('commission-ignored', csmsPort, liar.url), EVC_REPORTS_DIR: path.join(tmp, 'ignored') }, 240_000);
      assert.notEqual(r.code, 0, r.out.slice(-3000));
      assert.match(r.out, /1 scenario \(1 failed\)/);
      assert.match(r.out, /it was commissioned for security profile 1 in this scenario/);
      assert.match(r.out, /HTTP 401 Basic authentication required/);
    } finally {
      await liar.close();
    }
  });

  it('a driver without the action: the scenario fails at once as not automatable, naming it', async () => {
    const none = await proxyDriver(control, (action) => (action === 'commission' ? 404 : undefined));
    try {
      const r = await spawnEvc(['test', '--tags', '@TC_086_CS'], { EVC_RIG: rigFile('commission-absent', csmsPort, none.url), EVC_REPORTS_DIR: path.join(tmp, 'absent') }, 240_000);
      assert.notEqual(r.code, 0, r.out.slice(-3000));
      assert.match(r.out, /'commission the station for security profile 2 at wss:\/\/127\.0\.0\.1:\d+\/ocpp \(with a password, a CSMS root\)' is not offered by the station driver/);
    } finally {
      await none.close();
    }
  });

  it('a station installed at profile 1 that a scenario upgrades over OCPP is put back for the next scenario (listener and station)', async () => {
    const port = await freePort();
    const pw = 'InstalledPw0123456789';
    const sp1 = await serveStation(['--version', '1.6', '--csms', `ws://127.0.0.1:${port}/ocpp`, '--identity', 'COMMISSION-SP1', '--connectors', '2', '--time-scale', '0.02', '--security-profile', '1', '--password', pw]);
    try {
      // the upgrade (TC_083: SP1 → SP2 by ChangeConfiguration) runs first, then Basic auth at the installed profile 1
      const rig = rigFile('commission-sp1', port, sp1.url, { securityProfile: 1, password: pw, identity: 'COMMISSION-SP1' });
      const r = await spawnEvc(['test', '--tags', '@TC_083_CS or @TC_085_CS'], { EVC_RIG: rig, EVC_REPORTS_DIR: path.join(tmp, 'sp1') }, 240_000);
      assert.equal(r.code, 0, r.out.slice(-3000));
      assert.match(r.out, /2 scenarios \(2 passed\)/);
    } finally {
      sp1.child.kill('SIGKILL');
    }
  });
});
