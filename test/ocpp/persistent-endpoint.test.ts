/**
 * The run's persistent harness CSMS listener (src/ocpp/csms/persistent-endpoint.ts) over real sockets, with a
 * raw ws client as the station: one connection handed from one scenario's role to the next; what the station
 * sends between scenarios is answered by defaults, summarised in the next scenario's trace and never reaches
 * its inbox or its problems (a malformed frame between scenarios included); a call of the next scenario reaches
 * the station over the same connection; the boot accepted in the first scenario is known to the second; closing
 * leaves nothing listening.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import WebSocket from 'ws';
import { Trace } from '../../src/core/trace';
import { CsmsRole } from '../../src/ocpp/csms/csms';
import { PersistentCsmsEndpoint } from '../../src/ocpp/csms/persistent-endpoint';
import { freePort, listening } from '../support/ports';

const ID = 'KEEP-UNIT';

function role(port: number): CsmsRole {
  return new CsmsRole({ versions: ['1.6'], trace: new Trace(), host: '127.0.0.1', port, basePath: '/ocpp', responseTimeoutMs: 3000, securityProfile: 0, stations: { [ID]: {} } });
}

/** A raw station: sends frames, collects the CSMS's replies and calls. */
async function station(url: string) {
  const ws = new WebSocket(`${url}/${ID}`, ['ocpp1.6']);
  const received: unknown[][] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (d) => {
    const msg = JSON.parse(d.toString()) as unknown[];
    received.push(msg);
    if (msg[0] === 2) ws.send(JSON.stringify([3, msg[1], { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }] }]));
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const replyTo = async (id: string) => {
    const until = Date.now() + 3000;
    while (!received.some((m) => m[1] === id)) {
      if (Date.now() > until) throw new Error(`no reply to ${id}`);
      await new Promise<void>((r) => waiters.push(r));
    }
    return received.find((m) => m[1] === id)!;
  };
  return { ws, received, send: (frame: unknown[]) => ws.send(JSON.stringify(frame)), sendRaw: (text: string) => ws.send(text), replyTo };
}

describe('the persistent harness CSMS listener', () => {
  it('hands one connection from scenario to scenario; between them answers with defaults and keeps it out of the next inbox', async () => {
    const port = await freePort();
    const endpoint = new PersistentCsmsEndpoint({ version: '1.6', host: '127.0.0.1', port, basePath: '/ocpp', securityProfile: 0, identity: ID, password: '', responseTimeoutMs: 3000, idTags: new Map(), rigName: 'unit' });
    try {
      // scenario 1: the station connects and boots
      const first = role(port);
      first.bindTo(endpoint);
      await first.start();
      const st = await station(endpoint.url);
      const s1 = await first.waitForStation(ID, 3000);
      st.send([2, 'b1', 'BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' }]);
      assert.equal((await st.replyTo('b1'))[2] && ((await st.replyTo('b1'))[2] as { status: string }).status, 'Accepted');
      assert.equal(s1.inbox.all.length, 1);
      await first.stop();
      assert.equal(s1.isOpen, false, 'the first scenario let go of the connection');
      assert.equal(st.ws.readyState, WebSocket.OPEN, 'the socket stays open');

      // between scenarios: a Heartbeat (answered by defaults) and a malformed frame
      st.send([2, 'h1', 'Heartbeat', {}]);
      assert.equal((await st.replyTo('h1'))[0], 3, 'answered between scenarios');
      st.sendRaw('[2, "bad"');
      await new Promise((r) => setTimeout(r, 100));

      // scenario 2: adopts the live connection
      const second = role(port);
      second.bindTo(endpoint);
      await second.start();
      const s2 = await second.waitForStation(ID, 1000);
      assert.notEqual(s2, s1);
      assert.equal(s2.carriedOver, true);
      assert.equal(s2.inbox.all.length, 0, 'nothing from between scenarios in the new inbox');
      assert.deepEqual(s2.unasserted(), [], 'nor among its problems');
      const note = second.trace.frames.find((f) => f.dir === 'note' && /between scenarios the station sent/.test(f.summary ?? ''));
      assert.match(note?.summary ?? '', /sent 1 call\(s\), answered with the harness CSMS defaults: Heartbeat ×1/);
      assert.ok(endpoint.bootAcceptedAt(ID), 'the boot of scenario 1 is remembered');
      // no "before any BootNotification was accepted" problem: the run's boot holds
      st.send([2, 'h2', 'Heartbeat', {}]);
      await st.replyTo('h2');
      assert.equal(s2.inbox.all.length, 1);
      assert.deepEqual(s2.unasserted(), []);
      const out = await s2.call('GetConfiguration', { key: ['HeartbeatInterval'] });
      assert.equal(out.kind, 'result');
      assert.equal(endpoint.connectionsOpened, 1, 'one connection for both scenarios');
      assert.ok(!first.trace.frames.some((f) => f.dir === 'rx' && f.raw.includes('"h2"')), 'the first scenario trace got nothing of the second');
      await second.stop();
    } finally {
      await endpoint.close();
    }
    assert.equal(await listening(port), false, 'nothing listens after close');
  });

  it('serves another profile on the same port: the connection drops, upgrades are judged by the new settings, and back', async () => {
    const port = await freePort();
    const endpoint = new PersistentCsmsEndpoint({ version: '1.6', host: '127.0.0.1', port, basePath: '/ocpp', securityProfile: 0, identity: ID, password: '', responseTimeoutMs: 3000, idTags: new Map(), rigName: 'unit' });
    const knock = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${endpoint.url}/${ID}`, ['ocpp1.6'], { headers });
        ws.once('open', () => (ws.close(), resolve(101)));
        ws.once('unexpected-response', (_req, res) => (res.resume(), resolve(res.statusCode ?? 0)));
        ws.once('error', () => resolve(0));
      });
    try {
      const scenario = role(port);
      scenario.bindTo(endpoint);
      await scenario.start();
      const st = await station(endpoint.url);
      const closed = new Promise<void>((r) => st.ws.once('close', () => r()));
      await endpoint.serve({ securityProfile: 1, password: 'UnitPassword0123', tls: undefined });
      await closed; // the installed connection went with the old listener
      assert.equal(endpoint.securityProfile, 1);
      assert.equal(await knock({}), 401, 'no credentials: refused at profile 1');
      const basic = (pw: string) => ({ authorization: `Basic ${Buffer.from(`${ID}:${pw}`).toString('base64')}` });
      assert.equal(await knock(basic('wrong')), 401);
      assert.equal(await knock(basic('UnitPassword0123')), 101, 'the scenario password opens it');
      assert.match(scenario.refused.map((r) => r.reason).join('; '), /Basic authentication required; wrong credentials/);
      await scenario.stop();
      await endpoint.serve({ securityProfile: 0, password: '', tls: undefined }); // back to the rig's, while idle
      assert.equal(await knock({}), 101, 'profile 0 again');
    } finally {
      await endpoint.close();
    }
    assert.equal(await listening(port), false, 'nothing listens after close');
  });
});
