/**
 * The CSMS driver (src/rig/http-csms-driver.ts) against small HTTP peers written here: templates expand with
 * the scenario's variables (whole values keep their type, unset ones are left out, scenario values are encoded
 * in the URL); `${env:NAME}` secrets are checked in the pre-flight and hidden in messages; success is judged by
 * status and body; a slow API fails within the timeout; an undeclared intent is NotAutomatableError at once.
 * The reference CSMS's own operator API answers as documented. And a misbehaving API (202, but the CSMS never
 * sends anything) makes the scenario fail with the missing message named, within its timeout: never a pass.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError } from '../../src/core/errors';
import { startReferenceCsms } from '../../src/reference/ocpp16';
import { CsmsDriverError, checkCsmsDriverConfig, httpCsmsDriver, judgeAnswer, parseJsonPath } from '../../src/rig/http-csms-driver';
import { NotAutomatableError } from '../../src/rig/not-automatable';
import { loadRigConfig } from '../../src/rig/config';
import type { CsmsDriverConfig } from '../../src/rig/types';
import { spawnEvc } from '../support/evc-process';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** An HTTP peer that records each request and answers with `reply` (or never, when it returns undefined). */
async function peer(reply: (s: Seen) => { status: number; body?: unknown } | undefined): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(s);
      const r = reply(s);
      if (!r) return; // never answers
      res.writeHead(r.status, { 'content-type': 'application/json' });
      res.end(r.body === undefined ? '' : JSON.stringify(r.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const intent = (name: string, params: Record<string, unknown> = {}) => ({ name, params });

describe('CSMS driver: templates', () => {
  it('expands the URL, headers and body with the scenario variables and env secrets', async () => {
    const p = await peer(() => ({ status: 200, body: { result: { status: 'Accepted' } } }));
    after(() => p.close());
    const driver: CsmsDriverConfig = {
      kind: 'http',
      defaults: { headers: { Authorization: 'Bearer ${env:H5_TEST_TOKEN}' }, success: { status: [200], body: { '$.result.status': 'Accepted' } } },
      intents: {
        'remotely-start-a-transaction': {
          url: `${p.url}/stations/\${identity}/start?tag=\${idTag}`,
          headers: { 'X-Intent': '${intent}' },
          body: { chargePointId: '${identity}', connector: '${connectorId}', tag: '${idTag}', note: 'tag ${idTag} on ${connectorId}', profile: '${chargingProfile}', limit: '${chargingProfile.limit}' },
        },
      },
    };
    const perform = httpCsmsDriver({ driver, rig: 't', defaultTimeoutMs: 2000, env: { H5_TEST_TOKEN: 's3cret' } });
    await perform('CP 1/A', intent('remotely-start-a-transaction', { idTag: 'AB&C', connectorId: 2 }));
    const s = p.seen[0];
    assert.equal(s.method, 'POST');
    assert.equal(s.url, '/stations/CP%201%2FA/start?tag=AB%26C');
    assert.equal(s.headers.authorization, 'Bearer s3cret');
    assert.equal(s.headers['x-intent'], 'remotely-start-a-transaction');
    assert.equal(s.headers['content-type'], 'application/json');
    // a whole-value placeholder keeps its type; an unset one is left out; inside text it is text
    assert.deepEqual(JSON.parse(s.body), { chargePointId: 'CP 1/A', connector: 2, tag: 'AB&C', note: 'tag AB&C on 2' });
    await perform('CP1', intent('remotely-start-a-transaction', { idTag: 'X', connectorId: 1, chargingProfile: { limit: 16, unit: 'A' } }));
    assert.deepEqual(JSON.parse(p.seen[1].body), { chargePointId: 'CP1', connector: 1, tag: 'X', note: 'tag X on 1', profile: { limit: 16, unit: 'A' }, limit: 16 });
  });

  it('a variable the scenario does not give, inside text, rejects naming the intent and the variable', async () => {
    const driver: CsmsDriverConfig = { kind: 'http', intents: { 'reset-the-station': { url: 'http://127.0.0.1:9/reset/${type}' } } };
    const perform = httpCsmsDriver({ driver, rig: 't', defaultTimeoutMs: 500 });
    await assert.rejects(perform('CP1', intent('reset-the-station')), (e: Error) => e instanceof CsmsDriverError && /reset the station/.test(e.message) && /\$\{type\}/.test(e.message));
  });

  it('JSON paths parse ($.a.b[0], a.b, $["x y"]) and bad ones do not', () => {
    assert.deepEqual(parseJsonPath('$.a.b[0].c'), ['a', 'b', 0, 'c']);
    assert.deepEqual(parseJsonPath('status'), ['status']);
    assert.deepEqual(parseJsonPath('$["x y"]'), ['x y']);
    assert.deepEqual(parseJsonPath('$'), []);
    assert.equal(parseJsonPath('$.a..b'), undefined);
    assert.equal(parseJsonPath('$a'), undefined);
  });
});

describe('CSMS driver: pre-flight', () => {
  const driver: CsmsDriverConfig = {
    kind: 'http',
    defaults: { headers: { Authorization: 'Bearer ${env:H5_MISSING_TOKEN}' } },
    intents: { 'reset-the-station': { url: '${env:H5_MISSING_API}/reset', success: { body: { '$..x': 1 } } }, 'unlock-a-connector': { url: '${sut.apiUrl}/unlock' } },
  };

  it('reports every unset env secret, bad JSON path and sut.* on a non-reference rig, one line each with file and field', () => {
    const lines = checkCsmsDriverConfig(driver, 'rigs/x.yaml', 'remote', {}).map((e) => e.message);
    assert.deepEqual(lines, [
      'rigs/x.yaml: ocpp.csms.driver.defaults.headers: ${env:H5_MISSING_TOKEN}: environment variable H5_MISSING_TOKEN is not set (set it before the run; nothing was run)',
      'rigs/x.yaml: ocpp.csms.driver.intents.reset-the-station.url: ${env:H5_MISSING_API}: environment variable H5_MISSING_API is not set (set it before the run; nothing was run)',
      "rigs/x.yaml: ocpp.csms.driver.intents.reset-the-station.success.body: '$..x' is not a JSON path (e.g. $.status or $.data[0].id)",
      "rigs/x.yaml: ocpp.csms.driver.intents.unlock-a-connector.url: ${sut.apiUrl} is the SUT's own API: only a reference or container rig has one (kind is 'remote')",
    ]);
    assert.deepEqual(checkCsmsDriverConfig(driver, 'rigs/x.yaml', 'reference', { H5_MISSING_TOKEN: 'a', H5_MISSING_API: 'http://x' }).length, 1);
  });

  it('the rig loader refuses the file (closed schema, unset secret) before anything runs', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-csms-driver-'));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'rig.json');
    const rig = (extra: Record<string, unknown>) => ({ name: 'x', kind: 'remote', ocpp: { csms: { url: 'ws://127.0.0.1:1/ocpp', driver: { kind: 'http', intents: { 'reset-the-station': { url: 'https://${env:H5_UNSET_HOST}/r', ...extra } } } } } });
    fs.writeFileSync(file, JSON.stringify(rig({})));
    assert.throws(() => loadRigConfig(file), (e: Error) => e instanceof ConfigError && /ocpp\.csms\.driver\.intents\.reset-the-station\.url: \$\{env:H5_UNSET_HOST\}: environment variable H5_UNSET_HOST is not set/.test(e.message));
    fs.writeFileSync(file, JSON.stringify(rig({ retries: 3 })));
    assert.throws(() => loadRigConfig(file), (e: Error) => e instanceof ConfigError && /reset-the-station/.test(e.message) && /retries/.test(e.message));
  });
});

describe('CSMS driver: judging the answer', () => {
  it('status codes (default 2xx) and body equalities', () => {
    assert.equal(judgeAnswer(undefined, 204, ''), undefined);
    assert.equal(judgeAnswer(undefined, 302, ''), 'expected HTTP 2xx');
    assert.equal(judgeAnswer({ status: [202] }, 200, ''), 'expected HTTP 202');
    assert.equal(judgeAnswer({ body: { '$.status': 'Accepted' } }, 200, '{"status":"Accepted"}'), undefined);
    assert.equal(judgeAnswer({ body: { '$.status': 'Accepted' } }, 200, '{"status":"Rejected"}'), 'expected $.status = "Accepted", got "Rejected"');
    assert.equal(judgeAnswer({ body: { '$.data[0].ok': true } }, 200, '{"data":[]}'), 'expected $.data[0].ok = true, got nothing');
    assert.equal(judgeAnswer({ body: { '$.ok': true } }, 200, 'not json'), 'expected a JSON body');
  });

  it('a failure rejects naming the intent, the request and the HTTP answer (secrets hidden)', async () => {
    const p = await peer(() => ({ status: 409, body: { error: 'station offline' } }));
    after(() => p.close());
    const driver: CsmsDriverConfig = { kind: 'http', intents: { 'unlock-a-connector': { url: `${p.url}/unlock?key=\${env:H5_KEY}`, body: { c: '${connectorId}' } } } };
    const perform = httpCsmsDriver({ driver, rig: 'lab', defaultTimeoutMs: 2000, env: { H5_KEY: 'topsecret' } });
    await assert.rejects(perform('CP1', intent('unlock-a-connector', { connectorId: 1 })), (e: Error) => {
      assert.ok(e instanceof CsmsDriverError);
      assert.match(e.message, /rig 'lab': asking the CSMS to unlock a connector: POST http:\/\/127\.0\.0\.1:\d+\/unlock\?key=\*\*\* answered HTTP 409 \{"error":"station offline"\} \(expected HTTP 2xx\)/);
      assert.doesNotMatch(e.message, /topsecret/);
      return true;
    });
  });

  it('an API that does not answer fails within the timeout', async () => {
    const p = await peer(() => undefined);
    after(() => p.close());
    const driver: CsmsDriverConfig = { kind: 'http', intents: { 'reset-the-station': { url: `${p.url}/reset`, method: 'PUT', timeoutMs: 300 } } };
    const perform = httpCsmsDriver({ driver, rig: 't', defaultTimeoutMs: 60_000 });
    const t0 = Date.now();
    await assert.rejects(perform('CP1', intent('reset-the-station')), /asking the CSMS to reset the station: PUT .*\/reset no answer within 300 ms/);
    assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
  });

  it('an intent the rig does not declare is NotAutomatableError at once, naming it, and sends nothing', async () => {
    const p = await peer(() => ({ status: 200 }));
    after(() => p.close());
    const perform = httpCsmsDriver({ driver: { kind: 'http', intents: { 'reset-the-station': { url: `${p.url}/r` } } }, rig: 'lab', defaultTimeoutMs: 2000 });
    await assert.rejects(perform('CP1', intent('reserve-a-connector', { connectorId: 1 })), (e: Error) => e instanceof NotAutomatableError && /reserve a connector/.test(e.message) && /declares no intent 'reserve-a-connector'/.test(e.message) && /reset-the-station/.test(e.message));
    assert.equal(p.seen.length, 0);
  });
});

describe("the reference CSMS's operator API", () => {
  it('401 without the token, 404 for an unknown intent, 409 for a station not connected, 400 for a body not an object', async () => {
    const csms = await startReferenceCsms({ version: '1.6', stations: {}, securityProfile: 0, idTags: {}, heartbeatInterval: 60, faults: [], timeScale: 0.01 });
    after(() => csms.stop());
    const post = (p: string, body: string, token = csms.api.token) => fetch(`${csms.api.url}${p}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body });
    assert.equal((await post('/api/stations/CP1/reset-the-station', '{}', 'wrong')).status, 401);
    const unknown = await post('/api/stations/CP1/make-coffee', '{}');
    assert.equal(unknown.status, 404);
    assert.match(((await unknown.json()) as { error: string }).error, /no operator action 'make-coffee'/);
    assert.equal((await post('/api/stations/CP1/reset-the-station', '[1]')).status, 400);
    const offline = await post('/api/stations/CP1/reset-the-station', '{"type":"Hard"}');
    assert.equal(offline.status, 409);
    assert.match(((await offline.json()) as { error: string }).error, /station 'CP1' is not connected/);
  });
});

describe('a misbehaving CSMS API (202, but the CSMS sends nothing)', () => {
  it('the scenario fails within its timeout, naming the message the CSMS never sent', async () => {
    const liar = await peer(() => ({ status: 202, body: { status: 'Accepted' } }));
    after(() => liar.close());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-csms-liar-'));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const rig = {
      name: 'liar-api',
      kind: 'reference',
      timeScale: 0.01,
      ocpp: { csms: { driver: { kind: 'http', defaults: { success: { status: [202] } }, intents: { 'remotely-start-a-transaction': { url: `${liar.url}/api/\${identity}/start`, body: '${params}' } } } } },
      timeouts: { ocpp: { connect: 4000, response: 2000, expect: 3000, quiet: 800 } },
    };
    const file = path.join(dir, 'rig.json');
    fs.writeFileSync(file, JSON.stringify(rig));
    const r = await spawnEvc(['test', '--tags', '@ocpp16 and @TC_010_CSMS'], { EVC_RIG: file, EVC_REPORTS_DIR: path.join(dir, 'reports'), EVC_TIME_SCALE: '', EVC_RERUN_FAILED: '' });
    assert.notEqual(r.code, 0, r.out);
    assert.match(r.out, /scenarios: 0 passed, 1 failed/, r.out);
    // the verdict names the message the CSMS never sent and the bound it waited (the rig's expect timeout)
    assert.match(r.out, /Expected RemoteStartTransaction \{[^\n]*\}: no match within 3000 ms; none received/, r.out);
    assert.equal(liar.seen.length, 1, 'the driver asked the API once');
    assert.match(liar.seen[0].url, /^\/api\/EVC-TS-\d+-\d+\/start$/);
    assert.ok(r.ms < 120_000, `took ${r.ms} ms`);
  });
});
