/**
 * The simulated CHAdeMO benches (rigs/bench-chademo-charger-sim.json, rigs/bench-chademo-ev-sim.json): the
 * digital lines reach the harness only through the simulated Modbus TCP IO module (src/rig/chademo-io-sim.ts),
 * the CHAdeMO frames stay on vcan0. One user-mode Linux boot runs a full charge and a stop trigger with the
 * charger under test, then with the EV under test (~1–3 min on a loaded machine); a miswired rig is a
 * one-line pre-flight error naming file and field (no VM).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../src/core/errors';
import { openChademoBus } from '../../src/chademo/transport/bus';
import type { ChademoBenchLinesConfig } from '../../src/chademo/transport/lines-bench';
import { cucumberBin } from '../../src/cli/test';
import { canEnvironmentStatus, runWithCan } from '../../src/rig/can-env';
import { loadRigConfig } from '../../src/rig/config';

const ROOT = path.resolve(__dirname, '../..');
const CHARGER_RIG = 'rigs/bench-chademo-charger-sim.json';
const EV_RIG = 'rigs/bench-chademo-ev-sim.json';
const SKIP = process.env.EVC_CAN_ENV_INSIDE ? 'already inside the CAN environment' : process.env.EVC_SKIP_CAN_ENV_TESTS ? 'EVC_SKIP_CAN_ENV_TESTS is set' : undefined;

/** A copy of a rig with one change, in a temp dir (pics paths are project-relative). */
function brokenCopy(rig: string, change: (r: { chademo: { lines: ChademoBenchLinesConfig } }) => void): string {
  const r = JSON.parse(fs.readFileSync(path.join(ROOT, rig), 'utf8'));
  change(r);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-chademo-bench-'));
  const file = path.join(dir, 'miswired.json');
  fs.writeFileSync(file, JSON.stringify(r, null, 2));
  return file;
}

test('both simulated CHAdeMO benches load clean; a wrong coil address is one pre-flight line naming file and field', () => {
  for (const rig of [CHARGER_RIG, EV_RIG]) {
    const cfg = loadRigConfig(path.join(ROOT, rig));
    assert.equal(cfg.chademo?.lines?.kind, 'bench');
  }
  const file = brokenCopy(CHARGER_RIG, (r) => (r.chademo.lines.coils!.k = 7));
  try {
    let err: unknown;
    try {
      loadRigConfig(file);
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof ConfigError, String(err));
    assert.equal(err.message.split('\n').length, 1, err.message);
    assert.match(err.message, /miswired\.json: chademo\.lines\.coils\.k: must be one of 3$/);
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
});

test('a miswired simulated bench that bypasses the schema is refused by the bus before any socket opens, one line per field', async () => {
  const cfg = loadRigConfig(path.join(ROOT, EV_RIG)).chademo!.lines as unknown as ChademoBenchLinesConfig;
  const err = await openChademoBus({ side: 'charger', lines: { ...cfg, coils: { ...cfg.coils, d2: 6 } }, source: EV_RIG }).catch((e: unknown) => e);
  assert.ok(err instanceof ConfigError, String(err));
  assert.equal(err.message, `${EV_RIG}: chademo.lines.coils.d2: is 6, but the simulated IO module wires d2 to coil 1 (src/rig/chademo-io-sim.ts)`);
});

interface Run {
  rig: string;
  tags: string;
  port: number;
}

const RUNS: Run[] = [
  // charger under test: a full charge ending with the EV's normal stop, and k opening during charging
  { rig: CHARGER_RIG, tags: '@CHADEMO-C-STOP-01 or @CHADEMO-C-CHG-31', port: 19630 },
  // EV under test: every EV timer of a full 1.0 sequence, and the charger's malfunction stop in pre-charge
  { rig: EV_RIG, tags: '@CHADEMO-E-TIME-01 or @CHADEMO-E-STOP-03', port: 19631 },
];

test('simulated CHAdeMO benches: charger and EV under test pass with the lines over Modbus TCP, line changes in the trace', { timeout: 900_000 }, async (t) => {
  if (SKIP) return t.skip(SKIP);
  const status = await canEnvironmentStatus();
  if (!status.ok) return t.skip(`CAN environment unavailable: ${status.reason}`);
  // the VM sees the project through hostfs but has its own /tmp: reports go under .tmp/ and are removed after;
  // one process, as `evc test` runs the CAN part (the module's port and vcan1 are the bench's, one scenario at a time)
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  const staging = fs.mkdtempSync(path.join(ROOT, '.tmp', 'chademo-bench-sim-'));
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const script = RUNS.map(
    (r, i) =>
      `echo "=== run ${i}"; EVC_RIG=${q(r.rig)} EVC_REPORTS_DIR=${q(path.join(staging, String(i)))} ${q(process.execPath)} ${q(cucumberBin())} --tags ${q(`(${r.tags}) and @vcan`)} --parallel 0 --format ${q(`message:${path.join(staging, `${i}.ndjson`)}`)}; echo "=== exit $?"`,
  ).join('\n');
  const saved = process.env.NODE_TEST_CONTEXT;
  delete process.env.NODE_TEST_CONTEXT;
  try {
    const res = await runWithCan(['sh', '-c', script], { cwd: ROOT, timeoutMs: 600_000 });
    const parts = res.stdout.split(/^=== run \d+$/m).slice(1);
    assert.equal(parts.length, RUNS.length, `${res.stdout}\n${res.stderr}`);
    RUNS.forEach((r, i) => {
      const out = parts[i];
      assert.match(out, /=== exit 0\s*$/, `${r.rig} (${r.tags}):\n${out}\n${res.stderr.slice(-4000)}`);
      assert.match(out, /^2 scenarios \(2 passed\)$/m, out);
      const traces = fs.readdirSync(path.join(staging, String(i), 'traces')).filter((f) => f.endsWith('.ndjson'));
      assert.equal(traces.length, 2, traces.join(', '));
      for (const f of traces) {
        const records = fs
          .readFileSync(path.join(staging, String(i), 'traces', f), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { protocol: string; channel?: string; dir: string; summary: string });
        const channel = `modbus 127.0.0.1:${r.port}`;
        const lines = records.filter((x) => x.protocol === 'chademo-line').map((x) => `${x.dir} ${x.summary}`);
        assert.ok(records.every((x) => x.protocol !== 'chademo-line' || x.channel === channel), `${f}: a line change off the IO module`);
        // d1, k, lock and d2 went up through the module, and the insulation test showed on its inlet register
        for (const want of ['d1 on', 'k on', 'lock on', 'd2 on']) assert.ok(lines.some((l) => l.endsWith(want)), `${f}: no '${want}' in ${lines.join(' | ')}`);
        assert.ok(lines.some((l) => /inlet [1-9]\d+\.\d V/.test(l)), `${f}: no inlet voltage in ${lines.join(' | ')}`);
        // real Modbus frames both ways, and the CHAdeMO frames still on vcan0
        assert.ok(records.some((x) => x.protocol === 'modbus' && x.dir === 'tx' && x.channel === channel));
        assert.ok(records.some((x) => x.protocol === 'modbus' && x.dir === 'rx' && x.channel === channel));
        assert.ok(records.some((x) => x.protocol === 'can' && x.channel === 'vcan0'));
      }
    });
  } finally {
    if (saved !== undefined) process.env.NODE_TEST_CONTEXT = saved;
    fs.rmSync(staging, { recursive: true, force: true, maxRetries: 5 });
  }
});
