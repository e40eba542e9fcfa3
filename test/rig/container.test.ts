/**
 * Container rigs (src/rig/container.ts) with real `evc test` runs against the evc-reference-csms image on a
 * real engine (scripts/ensure-docker.sh, scripts/build-reference-images.sh): a container that never becomes
 * ready, one that exits during a scenario (SIGTERM: it stops on its own) and one killed mid-run (SIGKILL) each
 * give a failed verdict naming the container, its exit and its last log lines; the scenario after an exit
 * fails at once; afterwards no container of the rig is left, nor any volume or network we made.
 * Without an engine or the image the cases are skipped with the reason (never passed).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { spawnEvc } from '../support/evc-process';
import { freePortOutsideEphemeral as freePort } from '../support/ports';

const IMAGE = 'evc-reference-csms:latest';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-container-test-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** Why these cases cannot run here, or undefined. */
function unavailable(): string | undefined {
  try {
    docker('info', '--format', '{{.ServerVersion}}');
  } catch {
    return `no container engine answers at ${process.env.DOCKER_HOST ?? 'the default socket'} (eval "$(scripts/ensure-docker.sh start)")`;
  }
  try {
    docker('image', 'inspect', IMAGE);
  } catch {
    return `image ${IMAGE} is not built (scripts/build-reference-images.sh)`;
  }
  return undefined;
}
const skip = unavailable();
const volumesBefore = skip ? '' : docker('volume', 'ls', '-q');
const networksBefore = skip ? '' : docker('network', 'ls', '-q');

async function rigFile(name: string, extra: { waitLog?: string; startupTimeoutMs?: number; lines?: string[] } = {}): Promise<string> {
  return (await rigWithPorts(name, extra)).file;
}

async function rigWithPorts(name: string, extra: { waitLog?: string; startupTimeoutMs?: number; lines?: string[] } = {}): Promise<{ file: string; csms: number }> {
  const [csms, api] = [await freePort(), await freePort()];
  const file = path.join(tmp, `${name}.yaml`);
  fs.writeFileSync(
    file,
    [
      `name: ${name}`,
      'kind: container',
      'timeScale: 0.01',
      'sutCompressesTime: true',
      'container:',
      `  image: ${IMAGE}`,
      '  command: [serve-csms, --version, "1.6", --station, EVC-CT-TS, --port, "${port.csms}", --api-port, "${port.api}", --time-scale, "0.01"]',
      `  ports: { csms: ${csms}, api: ${api} }`,
      `  wait: { log: ${JSON.stringify(extra.waitLog ?? 'ready ')}, port: csms }`,
      `  startupTimeoutMs: ${extra.startupTimeoutMs ?? 30000}`,
      '  logLines: 5',
      ...(extra.lines ?? []).map((l) => `  ${l}`),
      'ocpp:',
      '  csms: { version: "1.6", url: "ws://127.0.0.1:${port.csms}/ocpp16", identity: EVC-CT-TS, securityProfile: 0 }',
      'timeouts: { ocpp: { connect: 4000, response: 2000, expect: 3000, quiet: 800 } }',
      '',
    ].join('\n'),
  );
  return { file, csms };
}

const FEATURE = [
  '@ocpp16 @sut:csms',
  'Feature: a CSMS container that goes away',
  '  Scenario: the container goes away while the station waits',
  '    Given the station is booted',
  '    Then the CSMS does not send Reset within 8 s',
  '  Scenario: the scenario after it',
  '    Given the station is booted',
  '',
].join('\n');

function ours(rig: string): string {
  return docker('ps', '-a', '-q', '--filter', `label=org.evc.rig=${rig}`);
}

/** The harness's connection to the container's published CSMS port is established. */
function stationConnected(port: number): boolean {
  return execFileSync('ss', ['-Htn', 'state', 'established', 'dst', `127.0.0.1:${port}`], { encoding: 'utf8', timeout: 10_000 }).trim() !== '';
}

/**
 * Waits (bounded) until the rig's container has started serve-csms (its start line is in the log) and the
 * harness's station is connected to it, then stops or kills it while the first scenario is in its 8 s wait.
 * Waiting on a fixed delay after `docker ps` stopped the container before node had started under load.
 */
async function endContainerMidScenario(rig: string, csmsPort: number, how: 'stop' | 'kill'): Promise<void> {
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    const id = docker('ps', '-q', '--filter', `label=org.evc.rig=${rig}`);
    const logs = id === '' ? undefined : spawnSync('docker', ['logs', id], { encoding: 'utf8', timeout: 30_000 }); // its stderr is the container's
    const started = logs !== undefined && /evc serve-csms: reference OCPP/.test(`${logs.stdout}${logs.stderr}`);
    if (started && stationConnected(csmsPort)) {
      await new Promise((r) => setTimeout(r, 1500)); // BootNotification answered: the scenario is in its 8 s wait
      docker(how, id);
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the station never connected to the container of rig ${rig} within 90 s`);
}

describe('container rigs: failures give a failed verdict with the last log lines, nothing left', { skip }, () => {
  it('a container that never becomes ready: the step fails naming the wait, with its last log lines; it is removed', async () => {
    const rig = `ct-never-ready-${process.pid}`;
    const file = await rigFile(rig, { waitLog: 'a line it never prints', startupTimeoutMs: 4000 });
    const feature = path.join(tmp, 'never-ready.feature');
    fs.writeFileSync(feature, FEATURE.split('  Scenario: the scenario after it')[0]);
    const r = await spawnEvc(['test', feature], { EVC_RIG: file, EVC_REPORTS_DIR: path.join(tmp, 'r1') });
    assert.match(r.out, /scenarios: 0 passed, 1 failed, 0 skipped/, r.out);
    assert.match(r.out, new RegExp(`the SUT container 'evc-${rig}-\\d+-1' \\(image ${IMAGE}\\) did not become ready: not ready within 4000 ms: still waiting for log line 'a line it never prints'`), r.out);
    assert.match(r.out, /\| ready ws:\/\/127\.0\.0\.1:\d+\/ocpp16 api /, 'its last log lines are shown');
    assert.equal(ours(rig), '', 'no container of the rig is left');
    process.stdout.write(`# never ready: failed after ${r.ms} ms (4000 ms wait, process start included)\n`);
  });

  for (const [how, exit, last] of [
    ['stop', /exit code 0/, /\| evc serve-csms: stopped/],
    ['kill', /exit code 137/, /\| evc serve-csms: reference OCPP 1\.6 CSMS/],
  ] as const) {
    it(`a container ${how === 'stop' ? 'that exits' : 'killed'} during a scenario: that scenario fails with its exit and last log lines, the next at once`, async () => {
      const rig = `ct-${how}-${process.pid}`;
      const { file, csms } = await rigWithPorts(rig);
      const feature = path.join(tmp, `${how}.feature`);
      fs.writeFileSync(feature, FEATURE);
      const [r] = await Promise.all([spawnEvc(['test', feature], { EVC_RIG: file, EVC_REPORTS_DIR: path.join(tmp, `r-${how}`) }), endContainerMidScenario(rig, csms, how)]);
      assert.match(r.out, /scenarios: 0 passed, 2 failed, 0 skipped/, r.out);
      assert.match(r.out, new RegExp(`the SUT container 'evc-${rig}-\\d+-1' \\(image ${IMAGE}\\) exited during the scenario \\(${exit.source}`), r.out);
      assert.match(r.out, last, `its last log lines are shown\n${r.out}`);
      assert.match(r.out, /exited earlier in the run; the scenarios after it cannot run/, 'the next scenario fails at once, naming the exit');
      assert.equal(ours(rig), '', 'no container of the rig is left');
      process.stdout.write(`# ${how}: 2 scenarios failed in ${r.ms} ms\n`);
    });
  }

  it('lifecycle scenario: a container per scenario; feature: one per feature; all removed', async () => {
    const booted = (title: string) => ['@ocpp16 @sut:csms', `Feature: ${title}`, '  Scenario: one', '    Given the station is booted', '  Scenario: two', '    Given the station is booted', ''].join('\n');
    const [f1, f2] = ['a', 'b'].map((n) => {
      const f = path.join(tmp, `life-${n}.feature`);
      fs.writeFileSync(f, booted(`life ${n}`));
      return f;
    });
    for (const [life, features, containers] of [['scenario', [f1], 2], ['feature', [f1, f2], 2]] as const) {
      const rig = `ct-life-${life}-${process.pid}`;
      const reports = path.join(tmp, `r-life-${life}`);
      const r = await spawnEvc(['test', ...features], { EVC_RIG: await rigFile(rig, { lines: [`lifecycle: ${life}`] }), EVC_REPORTS_DIR: reports });
      assert.match(r.out, new RegExp(`scenarios: ${features.length * 2} passed, 0 failed, 0 skipped`), r.out);
      const names = new Set(fs.readdirSync(path.join(reports, 'allure-results')).flatMap((f) => [...fs.readFileSync(path.join(reports, 'allure-results', f), 'utf8').matchAll(/container-(evc-ct-life-[\w.-]+?)\.log/g)].map((m) => m[1])));
      assert.equal(names.size, containers, `${life}: containers seen in the report logs: ${[...names].join(', ')}`);
      assert.equal(ours(rig), '', 'no container of the rig is left');
    }
  });

  it("a reset the SUT refuses fails the next scenario sharing the container, naming the request", async () => {
    const rig = `ct-reset-${process.pid}`;
    const feature = path.join(tmp, 'reset.feature');
    fs.writeFileSync(feature, ['@ocpp16 @sut:csms', 'Feature: reset', '  Scenario: one', '    Given the station is booted', '  Scenario: two', '    Given the station is booted', ''].join('\n'));
    const r = await spawnEvc(['test', feature], { EVC_RIG: await rigFile(rig, { lines: ['reset: { port: api, path: /api/reset-not-offered }'] }), EVC_REPORTS_DIR: path.join(tmp, 'r-reset') });
    assert.match(r.out, /scenarios: 1 passed, 1 failed, 0 skipped/, r.out);
    assert.match(r.out, /resetting the SUT container 'evc-ct-reset-[\w-]+' \(POST http:\/\/127\.0\.0\.1:\d+\/api\/reset-not-offered\) failed: HTTP 404/, r.out);
    assert.equal(ours(rig), '');
  });

  it('no volume or network was made', () => {
    assert.equal(docker('volume', 'ls', '-q'), volumesBefore);
    assert.equal(docker('network', 'ls', '-q'), networksBefore);
  });
});
