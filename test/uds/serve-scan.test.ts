/**
 * `evc serve` roles interoperate with `evc uds` and with each other, and `evc scan` finds every service and
 * DID of the reference ECU — all as child processes over real loopback sockets, as a user would run them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ReferenceEcu } from '../../src/reference/ecu/ecu';
import { createLinkPair } from '../../src/uds/link';
import { loadEcuFixture, REFERENCE_ECU_FIXTURE } from '../../src/uds/fixture';
import { ROOT, spawnEvc } from '../support/evc-process';

interface Served {
  tcp: number;
  udp: number;
  out: () => string;
  stop: () => Promise<number | null>;
}

/** `evc serve doip-entity` on free ports; resolves once it printed its ports (bounded). */
function serveEntity(extra: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'evc.js'), 'serve', 'doip-entity', '--port', '0', '--for', '170000', ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, EVC_FAULTS: '' } });
  let out = '';
  const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return new Promise((resolve, reject) => {
    const bound = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`evc serve printed no ports within 60 s: ${out}`))), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /tcp (\d+) udp (\d+)/.exec(out);
      if (!m) return;
      clearTimeout(bound);
      const kill = () => (child.kill('SIGTERM'), Promise.race([closed, new Promise<null>((r) => setTimeout(() => (child.kill('SIGKILL'), r(null)), 10_000))]));
      resolve({ tcp: Number(m[1]), udp: Number(m[2]), out: () => out, stop: kill });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
  });
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });
}

test('evc serve doip-entity answers evc uds and evc serve tester, and stops cleanly on SIGTERM', { timeout: 180_000 }, async () => {
  const entity = await serveEntity();
  try {
    const uds = await spawnEvc(['uds', '--doip', `127.0.0.1:${entity.tcp}`, '--p2', '2000', '22', 'F190'], {}, 60_000);
    assert.equal(uds.code, 0, uds.out);
    assert.match(uds.out, /62 F1 90 57 45 56 43 30 4E 46 30 52 4D 41 4E 43 45 30 30 31/);
    // a tester with the wrong key first (the entity's ECU stays unlocked once a right key came)
    const wrong = await spawnEvc(['serve', 'tester', '--doip', `127.0.0.1:${entity.tcp}`, '--udp-port', String(entity.udp), '--job', 'unlock', '--fault', 'tester-wrong-key'], {}, 60_000);
    assert.equal(wrong.code, 1, wrong.out);
    assert.match(wrong.out, /→ 7F2735$/m);
    const tester = await spawnEvc(['serve', 'tester', '--doip', `127.0.0.1:${entity.tcp}`, '--udp-port', String(entity.udp), '--job', 'unlock'], {}, 60_000);
    assert.equal(tester.code, 0, tester.out);
    assert.match(tester.out, /^ {2}2702[0-9A-F]{8} → 6702$/m);
  } finally {
    assert.equal(await entity.stop(), 0, entity.out());
  }
  assert.match(entity.out(), /stopped \(SIGTERM\)/);
  assert.equal(await refused(entity.tcp), true, 'nothing listens after the entity stopped');
});

test('evc scan finds every service, session, DID and DTC of the reference ECU and writes a valid draft', { timeout: 180_000 }, async () => {
  const entity = await serveEntity();
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'evc-scan-')), 'draft.json');
  try {
    const scan = await spawnEvc(['scan', '--doip', `127.0.0.1:${entity.tcp}`, '--udp-port', String(entity.udp), '--intrusive', '--out', out], {}, 150_000);
    assert.equal(scan.code, 0, scan.out);
  } finally {
    await entity.stop();
  }
  const draft = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  const ref = loadEcuFixture(REFERENCE_ECU_FIXTURE);
  const n = (x: string) => parseInt(x, 16);
  assert.deepEqual(draft.sessions.map((s: { id: string }) => n(s.id)), ref.sessions.map((s) => s.id).sort());
  assert.deepEqual(draft.sessions.map((s: { p2Ms: number; p2StarMs: number }) => [s.p2Ms, s.p2StarMs]), ref.sessions.map((s) => [s.p2Ms, s.p2StarMs]));
  // every service the reference ECU implements (its handler table), nothing it does not
  const [a, b] = createLinkPair({ channel: 'scan-test' });
  const ecu = new ReferenceEcu(b);
  const implemented = [...ecu.ecu.handlers.keys()].sort((x, y) => x - y);
  await ecu.close();
  await a.close();
  assert.deepEqual(draft.services.map(n), implemented);
  assert.deepEqual(draft.dids.map((d: { id: string }) => n(d.id)), ref.dids.map((d) => d.id).sort((x, y) => x - y));
  for (const d of ref.dids.filter((x) => !x.readSecurity && x.id !== 0xf186)) {
    const got = draft.dids.find((x: { id: string }) => n(x.id) === d.id);
    assert.equal(got.data, Buffer.from(d.data).toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1 '), `DID 0x${d.id.toString(16)}`);
  }
  assert.equal(n(draft.dids.find((x: { id: string }) => n(x.id) === 0x0200).readSecurity), 0x01);
  assert.deepEqual(draft.security.levels.map((l: { level: string }) => n(l.level)), ref.security.levels.map((l) => l.level));
  assert.deepEqual(draft.dtcs.map((d: { code: string }) => n(d.code)).sort(), ref.dtcs.map((d) => d.code).sort());
  assert.equal(draft.doip.vin, ref.doip.vin);
  assert.equal(n(draft.doip.logicalAddress), ref.doip.logicalAddress);
});

test('evc serve and evc scan refuse bad usage in one line, exit 2', { timeout: 60_000 }, async () => {
  const ecu = await spawnEvc(['serve', 'ecu'], {}, 30_000);
  assert.equal(ecu.code, 2, ecu.out);
  assert.match(ecu.out, /evc serve: --can: the ecu role needs a CAN interface/);
  const scan = await spawnEvc(['scan', '--doip', '127.0.0.1', '--can', 'vcan0'], {}, 30_000);
  assert.equal(scan.code, 2, scan.out);
  assert.match(scan.out, /evc scan: transport: give exactly one of --doip, --can/);
});
