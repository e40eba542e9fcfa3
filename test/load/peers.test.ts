/**
 * The swarm against misbehaving CSMS peers written here: every 5th station's CSMS closes its socket, refuses its
 * upgrade with 401, answers with a wrong id, answers slowly or never answers. Each test proves the swarm counts
 * it, and that the other stations were unaffected (the peer counts their answered heartbeats). Also: the same
 * run split over two worker processes uses each identity exactly once. Nothing is left listening.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { WebSocketServer, type WebSocket } from 'ws';
import type { LoadSummary } from '../../src/load/metrics';
import { resolveProfile, validateProfileData, type LoadProfileFile } from '../../src/load/profile';
import { runSwarm } from '../../src/load/swarm';
import { startLoadCsms } from '../../src/reference/load-csms/server';

type Misbehaviour = 'close' | 'refuse' | 'wrong-id' | 'slow' | 'silent' | 'none';

interface Peer {
  url: string;
  /** Heartbeats answered, per identity. */
  heartbeats: Map<string, number>;
  identities: string[];
  close(): Promise<void>;
}

const bad = (id: string) => Number(id.replace(/\D/g, '')) % 5 === 0;

async function startPeer(m: Misbehaviour): Promise<Peer> {
  const heartbeats = new Map<string, number>();
  const identities: string[] = [];
  const wss = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    handleProtocols: () => 'ocpp1.6',
    verifyClient: (info, cb) => (m === 'refuse' && bad(info.req.url ?? '') ? cb(false, 401, 'Unauthorized') : cb(true)),
  });
  await new Promise((r) => wss.once('listening', r));
  const sockets = new Set<WebSocket>();
  wss.on('connection', (ws, req) => {
    const id = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
    identities.push(id);
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    const misbehaves = m !== 'none' && bad(id);
    ws.on('message', (data) => {
      const [, msgId, action] = JSON.parse(String(data)) as [number, string, string];
      const payload = action === 'BootNotification' ? { status: 'Accepted', currentTime: new Date().toISOString(), interval: 1 } : action === 'Heartbeat' ? { currentTime: new Date().toISOString() } : {};
      const answer = (aid = msgId) => ws.readyState === ws.OPEN && ws.send(JSON.stringify([3, aid, payload]));
      if (!misbehaves) {
        if (action === 'Heartbeat') heartbeats.set(id, (heartbeats.get(id) ?? 0) + 1);
        return answer();
      }
      if (m === 'silent') return undefined;
      if (m === 'wrong-id') return answer(`${msgId}9`);
      if (m === 'slow') return setTimeout(() => answer(), 400);
      answer();
      if (m === 'close' && action === 'BootNotification') ws.close(1011, 'test peer closes');
      return undefined;
    });
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ocpp`,
    heartbeats,
    identities,
    async close() {
      for (const s of sockets) s.terminate();
      await new Promise((r) => wss.close(r));
    },
  };
}

function profile(url: string, extra: Partial<LoadProfileFile> = {}) {
  const data: LoadProfileFile = {
    csms: { url },
    stations: 10,
    ramp: { seconds: 0.3 },
    idPattern: 'T-{n:03}',
    messages: { heartbeatInterval: 0.4, statusNotification: false },
    duration: 3,
    callTimeout: 0.8,
    connectTimeout: 2,
    validateSample: 1,
    reconnect: { minMs: 200, maxMs: 400 },
    workers: 0,
    ...extra,
  };
  return resolveProfile(validateProfileData(data, 'test profile'), { source: 'test profile' });
}

const peers: Peer[] = [];
after(async () => {
  for (const p of peers) await p.close();
});

async function run(m: Misbehaviour): Promise<{ s: LoadSummary; peer: Peer }> {
  const peer = await startPeer(m);
  peers.push(peer);
  const s = await runSwarm(profile(peer.url), { run: m });
  return { s, peer };
}

/** The 8 well-behaved stations (T-001..T-010 but 005, 010) each had ≥ 3 heartbeats answered. */
function othersUnaffected(peer: Peer): void {
  const good = [1, 2, 3, 4, 6, 7, 8, 9].map((n) => `T-00${n}`);
  for (const id of good) assert.ok((peer.heartbeats.get(id) ?? 0) >= 3, `${id}: ${peer.heartbeats.get(id) ?? 0} heartbeats answered`);
}

describe('swarm against misbehaving CSMS peers', { timeout: 60_000 }, () => {
  it('a compliant peer: no errors, every station booted and heartbeating, schemas checked', async () => {
    const { s, peer } = await run('none');
    assert.equal(s.totalErrors, 0, JSON.stringify(s.errors));
    assert.equal(s.booted, 10);
    assert.equal(s.connected, 10);
    assert.equal(peer.identities.length, 10);
    assert.ok(s.latency.Heartbeat.count >= 50, `${s.latency.Heartbeat.count} heartbeats`);
    // below one interval (400 ms): a station that skipped or doubled an interval would show it; a loaded machine's
    // scheduling delay (tens of ms) would not
    assert.ok(s.heartbeatDrift.p99 < 400, `drift p99 ${s.heartbeatDrift.p99} ms`);
  });

  it('closes sockets: closed-by-csms counted, stations reconnect, the others unaffected', async () => {
    const { s, peer } = await run('close');
    assert.ok(s.errors['closed-by-csms'] >= 4, JSON.stringify(s.errors));
    assert.ok(peer.identities.filter(bad).length >= 4, 'the closed stations reconnected');
    othersUnaffected(peer);
  });

  it('refuses the upgrade with 401: upgrade-refused counted with the status, the others unaffected', async () => {
    const { s, peer } = await run('refuse');
    assert.ok(s.errors['upgrade-refused'] >= 2, JSON.stringify(s.errors));
    assert.match(s.lastErrors['upgrade-refused'] ?? '', /HTTP 401/);
    assert.equal(s.booted, 8);
    othersUnaffected(peer);
  });

  it('answers with a wrong id: unmatched-id and then timeout counted, the others unaffected', async () => {
    const { s, peer } = await run('wrong-id');
    assert.ok(s.errors['unmatched-id'] >= 2, JSON.stringify(s.errors));
    assert.ok(s.errors.timeout >= 2, JSON.stringify(s.errors));
    assert.equal(s.booted, 8);
    othersUnaffected(peer);
  });

  it('answers slowly: the latency shows it, no error, the others unaffected', async () => {
    const { s, peer } = await run('slow');
    assert.equal(s.totalErrors, 0, JSON.stringify(s.errors));
    assert.ok(s.latency.Heartbeat.max >= 390, `max ${s.latency.Heartbeat.max}`);
    assert.ok(s.latency.Heartbeat.p50 < 250, `p50 ${s.latency.Heartbeat.p50}`); // most answers are prompt: the slow one is one station's
    othersUnaffected(peer);
  });

  it('never answers: timeout counted per call, the others unaffected', async () => {
    const { s, peer } = await run('silent');
    assert.ok(s.errors.timeout >= 4, JSON.stringify(s.errors));
    assert.equal(s.booted, 8);
    othersUnaffected(peer);
  });

  it('two worker processes: every identity once, metrics merged in the parent', async () => {
    const peer = await startPeer('none');
    peers.push(peer);
    const s = await runSwarm(profile(peer.url, { stations: 20, workers: 2, duration: 2 }), { run: 'workers' });
    assert.deepEqual(s.problems, []);
    assert.equal(peer.identities.length, 20);
    assert.equal(new Set(peer.identities).size, 20);
    assert.equal(s.target, 20);
    assert.equal(s.booted, 20);
    assert.equal(s.processes.length, 2);
    assert.equal(s.calls.BootNotification, 20);
  });

  it('answers CSMS-initiated calls: TriggerMessage Accepted (and sends the Heartbeat), an unknown action NotImplemented', async () => {
    const csms = await startLoadCsms({ heartbeatInterval: 60, trigger: { everyMs: 300, sample: 1 } });
    try {
      const s = await runSwarm(profile(csms.url, { stations: 5, duration: 2, messages: { statusNotification: false } }), { run: 'csms-calls' });
      const st = csms.stats();
      assert.ok(st.csmsCallsSent >= 10, JSON.stringify(st));
      assert.ok(st.csmsCallsAnswered >= st.csmsCallsSent - 5, JSON.stringify(st));
      assert.equal(st.csmsCallErrors, 0);
      assert.ok(s.csmsCalls.TriggerMessage >= 10, JSON.stringify(s.csmsCalls));
      assert.ok((s.calls.Heartbeat ?? 0) >= 10, 'the triggered Heartbeats were sent');
      assert.equal(s.totalErrors, 0, JSON.stringify(s.errors));
    } finally {
      await csms.stop();
    }
    const peer = new WebSocketServer({ port: 0, host: '127.0.0.1', handleProtocols: () => 'ocpp1.6' });
    await new Promise((r) => peer.once('listening', r));
    const answers: unknown[] = [];
    peer.on('connection', (ws) => {
      ws.on('message', (d) => {
        const f = JSON.parse(String(d)) as unknown[];
        if (f[0] === 2) ws.send(JSON.stringify([3, f[1], { status: 'Accepted', currentTime: new Date().toISOString(), interval: 60 }]));
        else answers.push(f);
        if (f[2] === 'BootNotification') ws.send(JSON.stringify([2, 'c1', 'FooBar', {}]));
      });
    });
    try {
      await runSwarm(profile(`ws://127.0.0.1:${(peer.address() as AddressInfo).port}/ocpp`, { stations: 1, duration: 0.5 }), { run: 'unknown-action' });
      assert.deepEqual(answers, [[4, 'c1', 'NotImplemented', 'FooBar is not supported by the load station', {}]]);
    } finally {
      await new Promise((r) => peer.close(r));
    }
  });

  it('security profile 1: the basic-auth password opens the door, a wrong one is refused with 401', async () => {
    const csms = await startLoadCsms({ heartbeatInterval: 60, password: 'sesame-0123456789' });
    try {
      const ok = await runSwarm(profile(csms.url, { stations: 3, duration: 1, securityProfile: 1, password: 'sesame-0123456789' }), { run: 'sp1' });
      assert.equal(ok.booted, 3);
      assert.equal(ok.totalErrors, 0, JSON.stringify(ok.errors));
      const bad = await runSwarm(profile(csms.url, { stations: 3, duration: 1, securityProfile: 1, password: 'wrong-password-000' }), { run: 'sp1-bad' });
      assert.equal(bad.booted, 0);
      assert.ok(bad.errors['upgrade-refused'] >= 3, JSON.stringify(bad.errors));
      assert.match(bad.lastErrors['upgrade-refused'] ?? '', /HTTP 401/);
    } finally {
      await csms.stop();
    }
  });
});
