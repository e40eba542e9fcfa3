/**
 * Report identity, labels, readable tags and the offline page, without a browser: every scenario of the suite
 * has its own identity, every protocol's scenarios get epic/feature/story, and the network loads are removed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { listScenarios } from '../../src/core/features';
import { PROJECT_ROOT } from '../../src/core/load';
import { finishResult, historyIdOf, type AllureResult } from '../../src/report/allure-results';
import { reportLabels, reportParameters, scenarioKey, testCaseIdOf } from '../../src/report/labels';
import { networkLoads, stripNetworkLoads } from '../../src/report/offline-html';
import type { RigConfig } from '../../src/rig/types';

it('every scenario of the suite has its own identity (outline rows are told apart by their parameters)', () => {
  const scenarios = listScenarios();
  assert.ok(scenarios.length > 100, `only ${scenarios.length} scenarios found`);
  const byKey = new Map<string, typeof scenarios>();
  for (const s of scenarios) {
    const key = scenarioKey(s.uri, s.tags, s.name);
    byKey.set(key, [...(byKey.get(key) ?? []), s]);
  }
  const clashes: string[] = [];
  for (const [key, list] of byKey) {
    if (list.length < 2) continue;
    const text = fs.readFileSync(path.join(PROJECT_ROOT, list[0].uri), 'utf8').split('\n');
    const rows = list.every((s) => /^\s*\|/.test(text[s.line - 1] ?? ''));
    if (!rows) clashes.push(`${key} (lines ${list.map((s) => s.line).join(', ')})`);
  }
  assert.deepEqual(clashes, []);
});

it('every scenario of every protocol gets an epic, a feature and a story', () => {
  const missing = listScenarios()
    .map((s) => ({ s, l: reportLabels(s.tags, s.uri, undefined, s.name) }))
    .filter(({ l }) => !l.epic || !l.feature || !l.story)
    .map(({ s }) => `${s.uri}:${s.line}`);
  assert.deepEqual(missing, []);
});

it('two scenarios of one file with one name (TC_040_1_CSMS, TC_040_2_CSMS) get different ids; a move of lines does not change them', () => {
  const uri = 'features/ocpp16/core/tc-019-csms-configuration.feature';
  const a = testCaseIdOf(uri, ['@ocpp16', '@TC_040_1_CSMS'], 'Configuration keys');
  const b = testCaseIdOf(uri, ['@ocpp16', '@TC_040_2_CSMS'], 'Configuration keys');
  assert.notEqual(a, b);
  assert.equal(testCaseIdOf(`/somewhere/else/${uri}`, ['@TC_040_1_CSMS', '@core'], 'Configuration keys'), a);
});

it('labels for checks outside a catalogue: UDS by folder, smoke/rpc by profile, story = the Feature title', () => {
  const uds = reportLabels(['@uds', '@sut:ecu', '@security'], 'features/uds/security/security-access.feature', 'Security access with attempt counter and delay timer (ISO 14229-1 §10.4)', 'x');
  assert.deepEqual(uds, { epic: 'UDS (ISO 14229)', feature: 'Security access', story: 'Security access with attempt counter and delay timer', sutRole: 'ecu' });
  const doip = reportLabels(['@doip', '@sut:ecu'], 'features/doip/entity/doip-entity.feature', 'DoIP entity', 'x');
  assert.equal(doip.feature, 'DoIP entity');
  const smoke = reportLabels(['@smoke', '@ocpp201', '@block:B', '@sut:csms'], 'features/smoke/boot-notification-201.feature', 'OCPP 2.0.1 BootNotification', 'x');
  assert.deepEqual([smoke.epic, smoke.feature, smoke.story], ['OCPP 2.0.1', 'Block B', 'OCPP 2.0.1 BootNotification']);
  const rpc = reportLabels(['@ocpp16', '@core', '@rpc'], 'features/ocpp16/rpc/rpc-framework-cs.feature', 'OCPP-J RPC framework — station under test', 'x');
  assert.deepEqual([rpc.epic, rpc.feature, rpc.story], ['OCPP 1.6J', 'Core', 'OCPP-J RPC framework — station under test']);
});

it('parameters: faults and PICS always shown ("none" when none)', () => {
  const rig = { name: 'reference', kind: 'reference', source: 'rigs/reference.yaml' } as unknown as RigConfig;
  assert.deepEqual(reportParameters(rig, 'csms'), { rig: 'reference (reference)', SUT: 'reference csms', faults: 'none', PICS: 'none' });
  const faulty = { ...rig, faults: ['silent', 'late-p2'], pics: ['fixtures/pics/a.yaml', 'fixtures/pics/b.yaml'] } as RigConfig;
  const p = reportParameters(faulty, 'ecu');
  assert.equal(p.faults, 'silent, late-p2');
  assert.equal(p.PICS, 'fixtures/pics/a.yaml, fixtures/pics/b.yaml');
});

function rawResult(tc: string): AllureResult {
  return {
    name: 'Configuration keys',
    fullName: 'ev-conformance:features/ocpp16/core/tc-019-csms-configuration.feature#Configuration keys',
    testCaseId: 'allure-default',
    historyId: 'allure-default:x',
    description: 'The central system reads the configuration.',
    labels: [
      { name: 'feature', value: 'Core Profile - Configuration (central system under test)' },
      { name: 'tag', value: '@ocpp16' },
      { name: 'tag', value: '@core' },
      { name: 'tag', value: '@sut:csms' },
      { name: 'tag', value: `@${tc}` },
      { name: 'tag', value: '@fault:change-configuration-wrong-value' },
      { name: 'epic', value: 'OCPP 1.6J' },
      { name: 'evc-feature', value: 'Core' },
      { name: 'story', value: tc },
      { name: 'host', value: 'vm' },
    ],
    parameters: [
      { name: 'rig', value: 'reference (reference)' },
      { name: 'faults', value: 'none' },
      { name: 'harness', value: 'ev-conformance 0.1.0', excluded: true },
    ],
  };
}

it('finishing a result: own identity, one feature label, structured tags as labels, every tag in the description; idempotent', () => {
  const one = finishResult(rawResult('TC_040_1_CSMS'));
  const two = finishResult(rawResult('TC_040_2_CSMS'));
  assert.notEqual(one.historyId, two.historyId);
  assert.equal(one.testCaseId, testCaseIdOf('features/ocpp16/core/tc-019-csms-configuration.feature', ['@TC_040_1_CSMS'], 'Configuration keys'));
  assert.equal(one.historyId, historyIdOf(one.testCaseId!, [{ name: 'faults', value: 'none' }, { name: 'rig', value: 'reference (reference)' }]));
  const labels = (r: AllureResult, n: string) => (r.labels ?? []).filter((l) => l.name === n).map((l) => l.value);
  assert.deepEqual(labels(one, 'feature'), ['Core']);
  assert.deepEqual(labels(one, 'epic'), ['OCPP 1.6J']);
  assert.deepEqual(labels(one, 'story'), ['TC_040_1_CSMS']);
  assert.deepEqual(labels(one, 'fault'), ['change-configuration-wrong-value']);
  assert.deepEqual(labels(one, 'sut'), ['csms']);
  assert.deepEqual(labels(one, 'tag'), ['@ocpp16', '@core', '@TC_040_1_CSMS']);
  assert.deepEqual(labels(one, 'evc-feature'), []);
  assert.match(one.description!, /\*\*Tags:\*\* `@ocpp16` `@core` `@sut:csms` `@TC_040_1_CSMS` `@fault:change-configuration-wrong-value`/);
  const again = finishResult(JSON.parse(JSON.stringify(one)) as AllureResult);
  assert.deepEqual(again, one);
});

it('a result that no hook labelled still gets epic, feature and story from its path and tags', () => {
  const r = finishResult({
    name: 'An unsupported service is rejected',
    fullName: 'features/uds/session/diagnostic-session-control.feature#An unsupported service is rejected',
    labels: [{ name: 'feature', value: 'Diagnostic session control (ISO 14229-1 §10.2)' }, { name: 'tag', value: '@uds' }],
  });
  const get = (n: string) => r.labels?.find((l) => l.name === n)?.value;
  assert.deepEqual([get('epic'), get('feature'), get('story')], ['UDS (ISO 14229)', 'Diagnostic session', 'Diagnostic session control']);
});

it('the offline page: remote scripts and the analytics snippet are removed, data: scripts and links stay', () => {
  const html = [
    '<html><head><link rel="icon" href="data:image/svg+xml,x"><script src="data:text/javascript;base64,QQ=="></script>',
    '<script async src="https://www.example-analytics.test/tag.js?id=1"></script>',
    '<script>\n window.dataLayer = window.dataLayer || [];\n function gtag(){dataLayer.push(arguments);}\n gtag("js", new Date());\n</script>',
    '<link rel="stylesheet" href="//cdn.example.test/a.css">',
    '<script async>window.allureReportData = {};</script></head><body><a href="https://allurereport.org">Allure</a></body></html>',
  ].join('\n');
  assert.equal(networkLoads(html).length, 3);
  const { html: out, removed } = stripNetworkLoads(html);
  assert.equal(removed.length, 3);
  assert.deepEqual(networkLoads(out), []);
  assert.match(out, /data:text\/javascript;base64,QQ==/);
  assert.match(out, /window\.allureReportData = \{\};/);
  assert.match(out, /<a href="https:\/\/allurereport\.org">/);
  assert.doesNotMatch(out, /example-analytics|gtag|cdn\.example/);
});

it('`evc report` on a real Allure build: the page it leaves loads nothing from the network; the results are finished', () => {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-report-offline-'));
  try {
    const dir = path.join(reports, 'allure-results');
    fs.mkdirSync(dir);
    const result = { ...rawResult('TC_040_1_CSMS'), uuid: 'e0c1a6a2-0000-4000-8000-000000000001', status: 'passed', stage: 'finished', start: 1, stop: 2, steps: [], attachments: [] };
    fs.writeFileSync(path.join(dir, `${result.uuid}-result.json`), JSON.stringify(result));
    const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'evc.js'), 'report'], { cwd: PROJECT_ROOT, env: { ...process.env, EVC_REPORTS_DIR: reports }, encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    assert.deepEqual(networkLoads(fs.readFileSync(path.join(reports, 'allure-report', 'index.html'), 'utf8')), []);
    const finished = JSON.parse(fs.readFileSync(path.join(dir, `${result.uuid}-result.json`), 'utf8')) as AllureResult;
    assert.equal(finished.testCaseId, testCaseIdOf('features/ocpp16/core/tc-019-csms-configuration.feature', ['@TC_040_1_CSMS'], 'Configuration keys'));
  } finally {
    fs.rmSync(reports, { recursive: true, force: true });
  }
});
