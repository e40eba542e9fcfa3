/**
 * `evc report` — builds reports/allure-report/index.html (Allure 3, single file, opens from file://) from
 * reports/allure-results of the last run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, REPORTS_DIR } from '../core/load';

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log('usage: evc report   (after a test run; writes reports/allure-report/index.html)');
    return 0;
  }
  const results = path.join(REPORTS_DIR, 'allure-results');
  if (!fs.existsSync(results) || fs.readdirSync(results).filter((f) => f.endsWith('-result.json')).length === 0) {
    console.error('evc: reports/allure-results has no results: run `npm test` first');
    return 2;
  }
  relabel(results);
  const out = path.join(REPORTS_DIR, 'allure-report');
  fs.rmSync(out, { recursive: true, force: true });
  const bin = path.join(PROJECT_ROOT, 'node_modules', 'allure', 'cli.js');
  const r = spawnSync(process.execPath, [bin, 'generate', '--config', path.join(PROJECT_ROOT, 'allurerc.mjs'), '--output', out, results], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (r.status !== 0) return r.status ?? 1;
  const index = path.join(out, 'index.html');
  if (!fs.existsSync(index)) {
    console.error('evc: allure did not produce reports/allure-report/index.html');
    return 1;
  }
  console.log(`report: ${path.relative(process.cwd(), index)} (open it from the file system)`);
  return 0;
}

type Label = { name: string; value: string };

/**
 * Report labels: epic = protocol, feature = profile/block, story = test-case ID. allure-cucumberjs sets
 * feature to the Gherkin Feature's name; the harness records the profile/block as `evc-feature`, which
 * replaces it here so the report groups by profile.
 */
export function relabel(resultsDir: string): number {
  let changed = 0;
  for (const f of fs.readdirSync(resultsDir).filter((x) => x.endsWith('-result.json'))) {
    const file = path.join(resultsDir, f);
    const result = JSON.parse(fs.readFileSync(file, 'utf8')) as { labels?: Label[] };
    const ours = result.labels?.find((l) => l.name === 'evc-feature');
    if (!ours || !result.labels) continue;
    result.labels = [...result.labels.filter((l) => l.name !== 'feature' && l.name !== 'evc-feature'), { name: 'feature', value: ours.value }];
    fs.writeFileSync(file, JSON.stringify(result));
    changed++;
  }
  return changed;
}
