/**
 * The Artillery engine `evc` (src/load/artillery): Artillery 2.0.21 (scripts/ensure-artillery.sh installs it once
 * per machine) runs a small script locally against the lean load CSMS started here — every virtual user a
 * station that connects, boots, heartbeats and runs a transaction — and its JSON report carries our counters and
 * histograms. Against the same CSMS with the rejects-boot fault, the rejected boots are counted as
 * errors.evc.boot-rejected and those users fail. A bad script is refused naming the field.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { startLoadCsms } from '../../src/reference/load-csms/server';
import { listening } from '../support/ports';

const ROOT = path.resolve(__dirname, '..', '..');

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeout: number): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: ROOT, env, timeout, killSignal: 'SIGKILL', maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

interface ArtilleryReport {
  aggregate: { counters: Record<string, number>; summaries: Record<string, { count: number; p99: number }> };
}

test('Artillery runs the evc engine: stations boot, heartbeat and charge; our counters and histograms in its report; faults counted; bad scripts refused', { timeout: 600_000 }, async () => {
  const install = await run('bash', ['scripts/ensure-artillery.sh'], process.env, 400_000);
  assert.equal(install.code, 0, `Artillery could not be installed: ${install.out}`);
  const artillery = path.join(install.out.trim().split('\n').pop()!, 'node_modules', '.bin', 'artillery');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-artillery-'));
  const good = await startLoadCsms({ heartbeatInterval: 1 });
  const bad = await startLoadCsms({ heartbeatInterval: 1, faults: ['rejects-boot'] });
  const env = { ...process.env, NODE_PATH: path.join(ROOT, 'src', 'load', 'artillery', 'engines'), ARTILLERY_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: '1' };
  const script = (target: string, flow: string) => `config:
  target: ${target}
  phases: [{ duration: 2, arrivalRate: 10 }]
  engines:
    evc: { ocppVersion: "1.6", idPattern: "ART-{worker}-{n:04}", validateSample: 1 }
scenarios:
  - engine: evc
    flow:
${flow}`;
  const flow = `      - connect: {}
      - boot: {}
      - status: { connectors: 1 }
      - heartbeat: { count: 2, every: 0.2 }
      - transaction: { idTag: ART-TAG-1, meterValues: 2, every: 0.2 }
      - disconnect: {}
`;
  const artilleryRun = async (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, `${name}.yaml`), text);
    const out = path.join(dir, `${name}.json`);
    const r = await run(artillery, ['run', '--output', out, path.join(dir, `${name}.yaml`)], env, 180_000);
    return { ...r, report: fs.existsSync(out) ? (JSON.parse(fs.readFileSync(out, 'utf8')) as ArtilleryReport) : undefined };
  };
  try {
    const ok = await artilleryRun('compliant', script(good.url, flow));
    assert.ok(ok.report, `no report: ${ok.out}`);
    const c = ok.report.aggregate.counters;
    assert.equal(c['vusers.created'], 20, ok.out);
    assert.equal(c['vusers.completed'], 20, ok.out);
    assert.equal(c['vusers.failed'] ?? 0, 0, ok.out);
    for (const [action, n] of [['BootNotification', 20], ['StatusNotification', 40], ['Heartbeat', 40], ['StartTransaction', 20], ['MeterValues', 40], ['StopTransaction', 20]] as const) {
      assert.equal(c[`evc.calls.${action}`], n, `${action} calls: ${JSON.stringify(c)}`);
      assert.ok(ok.report.aggregate.summaries[`evc.latency.${action}`]?.count === n, `${action} latency histogram`);
    }
    assert.equal(good.stats().boots, 20, 'the CSMS saw 20 distinct boots');

    const faulty = await artilleryRun('rejects-boot', script(bad.url, flow));
    const f = faulty.report?.aggregate.counters ?? {};
    assert.ok((f['errors.evc.boot-rejected'] ?? 0) >= 1, `rejected boots counted: ${JSON.stringify(f)}`);
    assert.equal(f['vusers.failed'], f['errors.evc.boot-rejected'], 'each rejected station is a failed user; the others complete');
    assert.equal((f['vusers.completed'] ?? 0) + (f['vusers.failed'] ?? 0), 20);

    const wrong = await artilleryRun('bad-verb', script(good.url, '      - dance: {}\n'));
    assert.match(wrong.out, /flow step 1 'dance' is not one of connect, boot/);
  } finally {
    await good.stop();
    await bad.stop();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
  assert.equal(await listening(Number(new URL(good.url).port)), false);
});
