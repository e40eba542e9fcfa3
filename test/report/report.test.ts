/**
 * `npm run report` end to end, as a person sees it: run a real selection — TC_040_1_CSMS and TC_040_2_CSMS
 * (one file, one scenario name) and the UDS session scenarios — into a scratch reports directory, build the
 * Allure single-file report, and render it in one headless Chromium (Debian's, DNS switched off so nothing can
 * leave the machine; test/support/headless-page.ts): the page counts as many tests as scenarios ran, each of the two TC_040 scenarios has its
 * own page, and a detail page shows epic/feature/story, the tags (plain ones as tags, @sut/@fault/@requires/@block
 * as labels of their own; the full list in the description, an iframe whose document the page's DOM text does not hold, is checked
 * in allure-results.test.ts), the parameters, the named hooks and the frame trace.
 * Skipped, saying why, only where no Chromium is installed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { networkLoads } from '../../src/report/offline-html';
import { HeadlessPage } from '../support/headless-page';

const ROOT = path.resolve(__dirname, '..', '..');
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
const SKIP = CHROMIUM ? false : 'no Chromium installed (scripts/ensure-chromium.sh installs Debian\'s chromium)';

function run(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'evc.js'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

it('the report counts every scenario run once, and a detail page shows labels, tags, parameters and the trace', { skip: SKIP }, async () => {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-report-'));
  // one Chromium renders every page (each load from about:blank, as a fresh --dump-dom would)
  const browser = new HeadlessPage(CHROMIUM!);
  const renderText = (url: string, mustContain: RegExp) => browser.render(url, mustContain);
  try {
    const env = { EVC_REPORTS_DIR: reports, FORCE_COLOR: '0' };
    const selection = ['features/ocpp16/core/tc-019-csms-configuration.feature', 'features/uds/session/diagnostic-session-control.feature'];
    const t = run(['test', ...selection, '--tags', '@TC_040_1_CSMS or @TC_040_2_CSMS or @uds'], env);
    assert.equal(t.code, 0, t.out);
    const counts = /scenarios: (\d+) passed, (\d+) failed, (\d+) skipped/.exec(t.out);
    assert.ok(counts, t.out);
    const ran = Number(counts[1]) + Number(counts[2]) + Number(counts[3]);
    assert.ok(ran >= 3, `only ${ran} scenarios ran`);

    const r = run(['report'], env);
    assert.equal(r.code, 0, r.out);
    const index = path.join(reports, 'allure-report', 'index.html');
    assert.deepEqual(networkLoads(fs.readFileSync(index, 'utf8')), [], 'the offline page loads nothing from the network');

    const overview = await renderText(`file://${index}`, /Total \d+/);
    assert.equal(/Total (\d+)/.exec(overview)?.[1], String(ran), `the report counts as many tests as scenarios ran (${ran}):\n${overview.slice(0, 1500)}`);
    assert.doesNotMatch(overview, /Retry \d|retries/i, 'no scenario folded into another as a retry');
    assert.match(overview, /OCPP 1\.6J 2/);
    assert.match(overview, /UDS \(ISO 14229\) \d/);

    const results = JSON.parse(fs.readFileSync(path.join(reports, 'allure-report', 'test-results.json'), 'utf8')) as { byId: Record<string, { id: string; name: string }> };
    const tc040 = Object.values(results.byId).filter((x) => x.name === 'Configuration keys');
    assert.equal(tc040.length, 2, 'TC_040_1_CSMS and TC_040_2_CSMS are two tests');
    const pages: Array<{ id: string; text: string }> = [];
    for (const x of tc040) pages.push({ id: x.id, text: await renderText(`file://${index}#/${x.id}`, /story \S/) });
    const stories = pages.map((p) => /story (TC_040_[12]_CSMS)/.exec(p.text)?.[1]).sort();
    assert.deepEqual(stories, ['TC_040_1_CSMS', 'TC_040_2_CSMS']);

    const page = pages.find((p) => /story TC_040_1_CSMS/.test(p.text))!;
    assert.ok(page, pages.map((p) => p.text.slice(0, 1500)).join('\n---\n'));
    for (const shown of [/epic OCPP 1\.6J/, /feature Core/, /story TC_040_1_CSMS/, /tag @ocpp16 @core @TC_040_1_CSMS/, /sut csms/, /fault change-configuration-wrong-value wrong-message-id-length second-concurrent-call/, /faults none/, /PICS (none|fixtures\/pics\/\S+)/, /Start the rig/, /Tear down, judge unasserted frames, save the trace/]) {
      assert.match(page.text, shown);
    }
    assert.doesNotMatch(page.text, /Unknown test/);
    const attachments = await renderText(`file://${index}#/${page.id}/attachments`, /frame-trace\.json/);
    assert.match(attachments, /frame-sequence\.txt/);
    assert.match(attachments, /frame-trace\.json/);

    const uds = Object.values(results.byId).find((x) => x.name === 'An unsupported service is rejected with serviceNotSupported');
    assert.ok(uds, 'the UDS scenario is in the report');
    const udsPage = await renderText(`file://${index}#/${uds.id}`, /story \S/);
    for (const shown of [/epic UDS \(ISO 14229\)/, /feature Diagnostic session/, /story Diagnostic session control, tester present and the S3 timer/, /tag @uds @session/, /fault wrong-nrc-unknown-service/]) {
      assert.match(udsPage, shown);
    }
  } finally {
    await browser.close();
    fs.rmSync(reports, { recursive: true, force: true });
  }
});
