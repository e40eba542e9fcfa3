/**
 * `evc report` — builds reports/allure-report/index.html (Allure 3, single file, opens from file:// with no
 * network) from reports/allure-results of the last run: first gives every result its identity, labels and
 * readable tags (src/report/allure-results.ts), then removes what would load from the network from the page.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, REPORTS_DIR } from '../core/load';
import { finishResults } from '../report/allure-results';
import { networkLoads, stripNetworkLoads } from '../report/offline-html';
import { printSummaryPdf, summaryDir, writeRunSummary } from '../report/summary';

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log('usage: evc report   (after a test run; writes reports/allure-report/index.html and prints the certification summary to reports/summary/summary.pdf)');
    return 0;
  }
  const results = path.join(REPORTS_DIR, 'allure-results');
  if (!fs.existsSync(results) || fs.readdirSync(results).filter((f) => f.endsWith('-result.json')).length === 0) {
    console.error('evc: reports/allure-results has no results: run `npm test` first');
    return 2;
  }
  finishResults(results);
  const out = path.join(REPORTS_DIR, 'allure-report');
  fs.rmSync(out, { recursive: true, force: true });
  const bin = path.join(PROJECT_ROOT, 'node_modules', 'allure', 'cli.js');
  const r = spawnSync(process.execPath, [bin, 'generate', '--config', path.join(PROJECT_ROOT, 'allurerc.mjs'), '--output', out, results], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
    env: { ...process.env, ALLURE_NO_ANALYTICS: 'true' },
  });
  if (r.status !== 0) return r.status ?? 1;
  const index = path.join(out, 'index.html');
  if (!fs.existsSync(index)) {
    console.error('evc: allure did not produce reports/allure-report/index.html');
    return 1;
  }
  const page = stripNetworkLoads(fs.readFileSync(index, 'utf8'));
  fs.writeFileSync(index, page.html);
  const left = networkLoads(page.html);
  if (left.length) {
    console.error(`evc: ${index} still loads from the network: ${left.join(', ')}`);
    return 1;
  }
  if (page.removed.length) console.log(`report: removed what loads from the network: ${page.removed.join(', ')}`);
  console.log(`report: ${path.relative(process.cwd(), index)} (open it from the file system)`);
  summaryPdf();
  return 0;
}

/** The certification summary beside the Allure report: its HTML (written now if the run left none) printed to PDF. */
function summaryPdf(): void {
  const existing = path.join(summaryDir(REPORTS_DIR), 'index.html');
  const html = fs.existsSync(existing) ? { file: existing } : writeRunSummary(REPORTS_DIR);
  if ('problem' in html) {
    console.log(`report: certification summary skipped — ${html.problem}`);
    return;
  }
  const pdf = printSummaryPdf(html.file);
  if ('problem' in pdf) console.log(`report: certification summary PDF skipped — ${pdf.problem} (the HTML is ${path.relative(process.cwd(), html.file)})`);
  else console.log(`report: ${path.relative(process.cwd(), pdf.file)} (certification summary; HTML beside it)`);
}
