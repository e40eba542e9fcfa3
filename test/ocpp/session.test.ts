/**
 * The harness's OCPP session against a hand-written peer on a real loopback WebSocket: the peer is plain `ws`
 * code here, so every misbehaviour (second concurrent CALL, wrong spelling, invalid payload, silence,
 * malformed frames) is produced on the wire exactly.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { VerdictError, WaitTimeoutError } from '../../src/core/errors';
import { Trace } from '../../src/core/trace';
import { CsmsRole } from '../../src/ocpp/csms/csms';
import { basicAuthHeader } from '../../src/transport/ws/client';

const ID = 'CP-TEST-1';

async function setup(version: '1.6' | '2.0.1' = '1.6', securityProfile: 0 | 1 = 0) {
  const trace = new Trace();
  const csms = new CsmsRole({ versions: [version], trace, host: '127.0.0.1', port: 0, basePath: '/ocpp', responseTimeoutMs: 300, securityProfile, stations: { [ID]: { password: 'secret-password-16' } } });
  await csms.start();
  return { trace, csms };
}

function peer(url: string, protocols: string[] = ['ocpp1.6'], headers: Record<string, string> = {}): Promise<{ ws: WebSocket; got: unknown[][]; next: () => Promise<unknown[]> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers });
    const got: unknown[][] = [];
    const waiters: ((m: unknown[]) => void)[] = [];
    ws.on('message', (d) => {
      const msg = JSON.parse(d.toString()) as unknown[];
      const w = waiters.shift();
      if (w) w(msg);
      else got.push(msg);
    });
    ws.once('open', () => resolve({ ws, got, next: () => (got.length ? Promise.resolve(got.shift()!) : new Promise((r) => waiters.push(r))) }));
    ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('OcppSession against a hand-written station', () => {
  let env: Awaited<ReturnType<typeof setup>>;
  before(async () => {
    env = await setup();
  });
  after(async () => {
    await env.csms.stop();
  });

  it('rejects unknown identities with HTTP 404 and negotiates the subprotocol', async () => {
    await assert.rejects(peer(`${env.csms.url}/NOBODY`), /HTTP 404/);
    const p = await peer(`${env.csms.url}/${ID}`, ['ocpp2.0.1', 'ocpp1.6']);
    assert.equal(p.ws.protocol, 'ocpp1.6');
    p.ws.close();
  });

  it('answers, detects a second concurrent CALL, and quotes schema violations', async () => {
    const p = await peer(`${env.csms.url}/${ID}`);
    const session = await env.csms.waitForStation(ID, 1000);
    p.ws.send('[2,"b1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]');
    const boot = await p.next();
    assert.equal(boot[0], 3);
    assert.equal((boot[2] as { status: string }).status, 'Accepted');
    env.csms.override('Heartbeat', { result: { currentTime: new Date().toISOString() }, delayMs: 100 });
    p.ws.send('[2,"h1","Heartbeat",{}]');
    p.ws.send('[2,"h2","Heartbeat",{}]');
    await p.next();
    await p.next();
    assert.ok(session.unasserted().some((x) => /second CALL \(Heartbeat #h2\) while its CALL #h1/.test(x.text)));
    p.ws.send('[2,"s1","StatusNotification",{"connectorId":"one","errorCode":"NoError","status":"Available"}]');
    const err = await p.next();
    assert.deepEqual(err.slice(0, 3), [4, 's1', 'TypeConstraintViolation']);
    assert.ok(session.unasserted().some((x) => /StatusNotification violates the OCPP 1\.6 schema: \/connectorId must be integer/.test(x.text)));
    p.ws.close();
  });

  it('answers malformed calls with the 1.6 spelling and records the frame', async () => {
    const p = await peer(`${env.csms.url}/${ID}`);
    const session = await env.csms.waitForStation(ID, 1000);
    p.ws.send('[2,"m1","Heartbeat",[]]');
    const err = await p.next();
    assert.deepEqual(err.slice(0, 3), [4, 'm1', 'FormationViolation']);
    assert.ok(session.unasserted().some((x) => /Malformed frame from SUT \(payload-not-object/.test(x.text) && /\[2,"m1","Heartbeat",\[\]\]/.test(x.text)));
    p.ws.close();
  });

  it('keeps one outstanding CALL, times out on silence, and records the other version spelling', async () => {
    const p = await peer(`${env.csms.url}/${ID}`);
    const session = await env.csms.waitForStation(ID, 1000);
    const first = session.call('ClearCache', {});
    const second = session.call('ClearCache', {});
    const c1 = await p.next();
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(p.got.length, 0, 'second CALL must wait for the first answer');
    p.ws.send(JSON.stringify([4, c1[1], 'FormatViolation', 'nope', {}]));
    const o1 = await first;
    assert.equal(o1.kind, 'error');
    if (o1.kind === 'error') {
      assert.equal(o1.canonical, 'FormatViolation');
      assert.match(o1.frame.problems?.join(' ') ?? '', /2\.0\.1's spelling/);
    }
    await p.next();
    const err = await second.catch((e) => e);
    assert.ok(err instanceof WaitTimeoutError);
    assert.match(err.message, /did not answer ClearCache/);
    assert.match(err.message, /Recent frames/);
    p.ws.close();
  });

  it('a CALLRESULT that violates the schema is a verdict quoting the frame', async () => {
    const p = await peer(`${env.csms.url}/${ID}`);
    const session = await env.csms.waitForStation(ID, 1000);
    const pending = session.call('ChangeAvailability', { connectorId: 1, type: 'Inoperative' });
    const c = await p.next();
    p.ws.send(JSON.stringify([3, c[1], { status: 'Maybe' }]));
    const err = await pending.catch((e) => e);
    assert.ok(err instanceof VerdictError);
    assert.match(err.message, /ChangeAvailability response violates the OCPP 1\.6 schema: \/status must be equal to one of the allowed values/);
    assert.match(err.message, /"status":"Maybe"/);
    p.ws.close();
  });

  it('a connection dropped by the SUT fails a pending wait at once', async () => {
    const p = await peer(`${env.csms.url}/${ID}`);
    const session = await env.csms.waitForStation(ID, 1000);
    const wait = session.inbox.expect({ kind: 'Heartbeat', timeoutMs: 5000 });
    p.ws.terminate();
    await assert.rejects(wait, /connection closed by peer/);
  });
});

describe('security profile 1 on the harness CSMS', () => {
  it('checks HTTP Basic credentials on the upgrade', async () => {
    const env = await setup('1.6', 1);
    try {
      await assert.rejects(peer(`${env.csms.url}/${ID}`), /HTTP 401/);
      await assert.rejects(peer(`${env.csms.url}/${ID}`, ['ocpp1.6'], { authorization: basicAuthHeader(ID, 'wrong') }), /HTTP 401/);
      const ok = await peer(`${env.csms.url}/${ID}`, ['ocpp1.6'], { authorization: basicAuthHeader(ID, 'secret-password-16') });
      ok.ws.close();
    } finally {
      await env.csms.stop();
    }
  });
});

describe('2.0.1 specifics', () => {
  it('answers an unreadable call with RpcFrameworkError and id -1, and calls before boot with SecurityError', async () => {
    const env = await setup('2.0.1');
    try {
      const p = await peer(`${env.csms.url}/${ID}`, ['ocpp2.0.1']);
      p.ws.send('[2,{"x":1},"Heartbeat",{}]');
      const err = await p.next();
      assert.deepEqual(err.slice(0, 3), [4, '-1', 'RpcFrameworkError']);
      p.ws.send('[2,"h1","Heartbeat",{}]');
      const sec = await p.next();
      assert.deepEqual(sec.slice(0, 3), [4, 'h1', 'SecurityError']);
      p.ws.close();
    } finally {
      await env.csms.stop();
    }
  });
});
