/**
 * A remote CAN rig (kind remote, `can.interface: vcan0`) runs its UDS scenarios one at a time, where CAN is:
 * `evc test` runs the session feature against the reference ECU on vcan0 (an ECU peer in this process), a
 * sniffing socket records when each request frame (0x7E0) reached the bus, and the test proves from cucumber's
 * message journal that no two scenarios overlapped and that every request lies inside exactly one scenario.
 * Needs SocketCAN (skipped elsewhere, with the reason):
 *   node bin/evc.js can-env run --timeout 600 -- node --require tsx/cjs --test test/can/serial-can-rig.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startReferenceEcuOnCan } from '../../src/reference/ecu/ecu';
import { describeInterfaceProblem, openSocketCan } from '../../src/transport/can';

const ROOT = path.resolve(__dirname, '../..');
const IF = process.env.EVC_TEST_CAN_IF ?? 'vcan0';
const problem = describeInterfaceProblem(IF);

function scenarioIntervals(journalDir: string): { name: string; start: number; end: number }[] {
  const out: { name: string; start: number; end: number; id: string }[] = [];
  const names = new Map<string, string>();
  const cases = new Map<string, string>();
  const ms = (t: { seconds: number; nanos: number }) => t.seconds * 1000 + t.nanos / 1e6;
  for (const f of fs.existsSync(journalDir) ? fs.readdirSync(journalDir).filter((x) => x.endsWith('.ndjson')) : []) {
    for (const line of fs.readFileSync(path.join(journalDir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const m = JSON.parse(line);
      if (m.pickle) names.set(m.pickle.id, m.pickle.name);
      if (m.testCase) cases.set(m.testCase.id, names.get(m.testCase.pickleId) ?? '?');
      if (m.testCaseStarted) out.push({ id: m.testCaseStarted.id, name: cases.get(m.testCaseStarted.testCaseId) ?? '?', start: ms(m.testCaseStarted.timestamp), end: Infinity });
      if (m.testCaseFinished) out.find((x) => x.id === m.testCaseFinished.testCaseStartedId)!.end = ms(m.testCaseFinished.timestamp);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

test('a remote CAN rig runs its UDS scenarios serially where CAN is: no two scenarios overlap on the ECU', { skip: problem ? `CAN not available here: ${problem}` : false, timeout: 560_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(ROOT, '.tmp', 'serial-can-'));
  const ecuCan = openSocketCan(IF);
  const ecu = startReferenceEcuOnCan(ecuCan, { stmin: 0 });
  const sniffer = openSocketCan(IF, { filters: [{ id: 0x7e0 }] });
  const requests: number[] = [];
  sniffer.onFrame(() => requests.push(Date.now()));
  try {
    const rig = path.join(dir, 'can-rig.json');
    fs.writeFileSync(rig, JSON.stringify({ name: 'can-ecu', kind: 'remote', timeScale: 1, can: { interface: IF } }));
    const reports = path.join(dir, 'reports');
    const child = spawn(process.execPath, ['bin/evc.js', 'test', 'features/uds/session'], { cwd: ROOT, env: { ...process.env, EVC_RIG: rig, EVC_REPORTS_DIR: reports }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), 500_000);
    await new Promise((resolve) => child.on('exit', resolve));
    clearTimeout(timer);
    assert.match(out, /reaches real equipment: scenarios run one at a time/, out);
    assert.match(out, /running the CAN scenarios .* with SocketCAN \(host, vcan0\)/, out);
    const scenarios = scenarioIntervals(path.join(reports, 'run'));
    assert.ok(scenarios.length >= 2, `at least two scenarios ran:\n${out}`);
    for (let i = 1; i < scenarios.length; i++) {
      assert.ok(scenarios[i].start >= scenarios[i - 1].end, `'${scenarios[i].name}' started before '${scenarios[i - 1].name}' finished`);
    }
    assert.ok(requests.length >= 2, `the ECU saw ${requests.length} request frame(s)\n${out}`);
    for (const t of requests) {
      const owners = scenarios.filter((s) => t >= s.start - 5 && t <= s.end + 5);
      assert.equal(owners.length, 1, `a request at ${t} lies in ${owners.length} scenario(s)`);
    }
  } finally {
    sniffer.close();
    await ecu.close();
    ecuCan.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
