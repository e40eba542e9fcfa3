/**
 * `evc summary [--pdf]` — (re)builds the certification summary of the last run from the reports directory
 * (EVC_REPORTS_DIR, else reports/): reports/summary/index.html, and with --pdf reports/summary/summary.pdf
 * (headless Chromium; skipped with a line saying why when there is none). src/report/summary.ts.
 */
import path from 'node:path';
import { REPORTS_DIR } from '../core/load';
import { printSummaryPdf, writeRunSummary } from '../report/summary';

const shown = (f: string) => (path.relative(process.cwd(), f).startsWith('..') ? f : path.relative(process.cwd(), f));

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log('usage: evc summary [--pdf]   (after a test run; writes reports/summary/index.html, with --pdf also summary.pdf)');
    return 0;
  }
  const html = writeRunSummary(REPORTS_DIR);
  if ('problem' in html) {
    console.error(`evc: ${html.problem}`);
    return 2;
  }
  console.log(`summary: ${shown(html.file)}`);
  if (!argv.includes('--pdf')) return 0;
  const pdf = printSummaryPdf(html.file);
  if ('problem' in pdf) console.log(`summary: PDF skipped — ${pdf.problem}`);
  else console.log(`summary: ${shown(pdf.file)}`);
  return 0;
}
