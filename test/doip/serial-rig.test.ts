/**
 * A DoIP rig (kind remote: one real entity) runs its scenarios one at a time by default: `evc test` runs the
 * @doip catalogue against an ECU peer (the reference DoIP entity behind a TCP relay that records when each
 * connection opened and closed), and the test proves from cucumber's own message journal that no two
 * scenarios overlapped and that every connection the ECU saw lies inside exactly one scenario (opened after
 * it started, closed before the next one started). Were the rig run with parallel workers, two scenarios'
 * intervals and connections would interleave and this fails.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ReferenceDoipEntity } from '../../src/reference/ecu/doip';
import { freePort } from '../support/ports';

const ROOT = path.resolve(__dirname, '../..');

interface Conn {
  open: number;
  close?: number;
}

/** TCP relay in front of the entity: records each connection's open/close time (ms, wall clock). */
async function recordingRelay(port: number, target: number): Promise<{ conns: Conn[]; close(): Promise<void> }> {
  const conns: Conn[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const c: Conn = { open: Date.now() };
    conns.push(c);
    const upstream = net.connect({ port: target, host: '127.0.0.1' });
    for (const s of [client, upstream]) sockets.add(s);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      c.close ??= Date.now();
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      s.on('close', end);
      s.on('error', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    conns,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function scenarioIntervals(journalDir: string): { name: string; start: number; end: number }[] {
  const byId = new Map<string, { name: string; start: number; end: number }>();
  const pickles = new Map<string, string>();
  const cases = new Map<string, string>();
  const ms = (t: { seconds: number; nanos: number }) => t.seconds * 1000 + t.nanos / 1e6;
  for (const f of fs.readdirSync(journalDir).filter((x) => x.endsWith('.ndjson'))) {
    for (const line of fs.readFileSync(path.join(journalDir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const m = JSON.parse(line);
      if (m.pickle) pickles.set(m.pickle.id, m.pickle.name);
      if (m.testCase) cases.set(m.testCase.id, pickles.get(m.testCase.pickleId) ?? '?');
      if (m.testCaseStarted) byId.set(m.testCaseStarted.id, { name: cases.get(m.testCaseStarted.testCaseId) ?? '?', start: ms(m.testCaseStarted.timestamp), end: Infinity });
      if (m.testCaseFinished) byId.get(m.testCaseFinished.testCaseStartedId)!.end = ms(m.testCaseFinished.timestamp);
    }
  }
  return [...byId.values()].sort((a, b) => a.start - b.start);
}

test('a DoIP rig runs serially: no two scenarios overlap on the one ECU', { timeout: 300_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-serial-'));
  const port = await freePort();
  const entity = await ReferenceDoipEntity.start({ udpPort: port });
  const relay = await recordingRelay(port, entity.tcpPort);
  try {
    const rig = path.join(dir, 'doip-rig.json');
    const addr = entity.ecu.config.doip.logicalAddress.toString(16).padStart(4, '0');
    fs.writeFileSync(rig, JSON.stringify({ name: 'doip-ecu', kind: 'remote', timeScale: 1, doip: { host: '127.0.0.1', port, testerAddress: '0E00', entityAddress: addr } }));
    const reports = path.join(dir, 'reports');
    const child = spawn(process.execPath, ['bin/evc.js', 'test', '--tags', '@doip'], { cwd: ROOT, env: { ...process.env, EVC_RIG: rig, EVC_REPORTS_DIR: reports }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), 240_000);
    await new Promise((resolve) => child.on('exit', resolve));
    clearTimeout(timer);
    assert.match(out, /rig 'doip-ecu' \(kind remote\) reaches real equipment: scenarios run one at a time/, out);
    const scenarios = scenarioIntervals(path.join(reports, 'run'));
    assert.ok(scenarios.length >= 2, `at least two scenarios ran:\n${out}`);
    for (let i = 1; i < scenarios.length; i++) {
      assert.ok(scenarios[i].start >= scenarios[i - 1].end, `'${scenarios[i].name}' started before '${scenarios[i - 1].name}' finished`);
    }
    assert.ok(relay.conns.length >= 2, `the ECU saw ${relay.conns.length} connection(s)`);
    for (const c of relay.conns) {
      const owner = scenarios.filter((s) => c.open >= s.start - 5 && c.open <= s.end);
      assert.equal(owner.length, 1, `connection opened at ${c.open} lies in ${owner.length} scenario(s)`);
      const next = scenarios[scenarios.indexOf(owner[0]) + 1];
      if (next) assert.ok((c.close ?? Infinity) <= next.start + 5, `a connection of '${owner[0].name}' was still open when '${next.name}' started`);
    }
  } finally {
    await relay.close();
    await entity.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
