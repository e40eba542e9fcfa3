/**
 * `npm run report` end to end: run the smoke scenarios into a scratch reports directory, build the Allure
 * single-file report, and render it in headless Chromium: the scenario, its tags as labels and the frame
 * trace attachment must be on the page. Skipped (with the reason) where no Chromium is installed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));

function run(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'evc.js'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Renders the page and returns its visible text; retried while the app still shows its loader. */
function renderText(url: string, mustContain: RegExp): string {
  let text = '';
  for (const budget of [10_000, 30_000, 60_000]) {
    text = renderOnce(url, budget);
    if (mustContain.test(text)) return text;
  }
  return text.slice(0, 2000);
}

function renderOnce(url: string, budgetMs: number): string {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-chromium-'));
  try {
    const r = spawnSync(
      CHROMIUM!,
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, `--virtual-time-budget=${budgetMs}`, '--dump-dom', url],
      { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
    );
    return (r.stdout ?? '').replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

it('the Allure report shows the scenario, its tags and the frame trace', { skip: CHROMIUM ? false : 'no Chromium installed (apt-get install chromium)' }, () => {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-report-'));
  try {
    const env = { EVC_REPORTS_DIR: reports, FORCE_COLOR: '0' };
    const t = run(['test', path.join('features', 'smoke', 'boot-notification.feature')], env);
    assert.equal(t.code, 0, t.out);
    const r = run(['report'], env);
    assert.equal(r.code, 0, r.out);
    const index = path.join(reports, 'allure-report', 'index.html');
    assert.ok(fs.existsSync(index));
    const results = JSON.parse(fs.readFileSync(path.join(reports, 'allure-report', 'test-results.json'), 'utf8')) as { byId: Record<string, { id: string; name: string }> };
    const scenario = Object.values(results.byId).find((x) => x.name === 'The CSMS under test accepts a BootNotification');
    assert.ok(scenario, 'scenario listed in the report data');
    const overview = renderText(`file://${index}#/${scenario.id}`, /@sut:csms/);
    assert.match(overview, /The CSMS under test accepts a BootNotification/);
    assert.match(overview, /OCPP 1\.6J/);
    assert.match(overview, /@smoke/);
    assert.match(overview, /@sut:csms/);
    const attachments = renderText(`file://${index}#/${scenario.id}/attachments`, /frame-trace\.json/);
    assert.match(attachments, /frame-sequence\.txt/);
    assert.match(attachments, /frame-trace\.json/);
  } finally {
    fs.rmSync(reports, { recursive: true, force: true });
  }
});
