/**
 * The certification summary of a run (issue #16): reports/summary/index.html — one self-contained page (no
 * network loads, inline CSS, printable on one A4 page for a catalogue run: small type, compact tables, the
 * verdict table in two columns when long) naming the SUT (from its BootNotification, else the rig's
 * declaration), the firmware, the PICS, the rig, catalogue coverage, PASS / FAIL / NOT APPLICABLE per test case
 * and the operator's answers with their time stamps; printed to reports/summary/summary.pdf by a headless
 * Chromium (`evc report`, `evc summary --pdf`). What it reads: src/report/summary-data.ts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatDuration } from '../core/limits';
import { PROJECT_ROOT } from '../core/load';
import { loadRigConfig } from '../rig/config';
import { loadPics } from '../rig/pics';
import type { RigConfig } from '../rig/types';
import { collectRun, type CaseRow, type RunData } from './summary-data';

const esc = (t: unknown) => String(t ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const firstSentence = (t: string) => {
  const s = /^.*?[.!?](\s|$)/.exec(t)?.[0].trim() ?? t;
  return s.length > 160 ? `${s.slice(0, 159)}…` : s;
};

export const summaryDir = (reports: string) => path.join(reports, 'summary');

/** The rig of the run: the one given, else EVC_RIG's (or the default) when its name is the run's. */
function runRig(data: RunData, rig?: RigConfig): { rig?: RigConfig; note?: string } {
  if (rig) return { rig };
  const name = data.info?.rig;
  try {
    const r = loadRigConfig();
    if (!name || r.name === name) return { rig: r };
    return { note: `rig file not read: EVC_RIG names rig '${r.name}', the run used '${name}'` };
  } catch (e) {
    return { note: `rig file not read: ${(e as Error).message.split('\n')[0]}` };
  }
}

/** The protocol tags a PICS protocol covers (a v2g PICS: every V2G standard). */
const PICS_TAGS: Record<string, string[]> = { v2g: ['@din70121', '@iso15118-2', '@iso15118-20'] };

function picsLines(rig: RigConfig | undefined, runTags: ReadonlySet<string>): string[] {
  const files = rig?.pics === undefined ? [] : Array.isArray(rig.pics) ? rig.pics : [rig.pics];
  const applying: string[] = [];
  const others: string[] = [];
  for (const f of files) {
    try {
      const p = loadPics(path.resolve(PROJECT_ROOT, f));
      const applies = (PICS_TAGS[p.protocol] ?? [`@${p.protocol}`]).some((t) => runTags.has(t)) && runTags.has(`@sut:${p.sut}`);
      if (applies) applying.push(`${esc(f)}: <b>${esc(p.name)}</b> (${esc(p.protocol)} ${esc(p.sut)}${p.profiles?.length ? `; profiles ${esc(p.profiles.join(', '))}` : ''})`);
      else others.push(esc(f));
    } catch (e) {
      applying.push(`${esc(f)}: not readable (${esc((e as Error).message.split('\n')[0])})`);
    }
  }
  if (others.length) applying.push(`<span class="small">not describing this run's scenarios: ${others.join(', ')}</span>`);
  return applying;
}

const CSS = `@page{size:A4;margin:9mm}
*{box-sizing:border-box}
body{font:7pt/1.2 "DejaVu Sans",Arial,sans-serif;margin:0;color:#111}
h1{font-size:11pt;margin:0 0 2pt}h2{font-size:8.5pt;margin:5pt 0 2pt;border-bottom:.5pt solid #888;break-after:avoid}
table{border-collapse:collapse;width:100%}th,td{padding:.3pt 2.5pt;text-align:left;vertical-align:top;border-bottom:.3pt solid #ccc}
th{background:#eee}tr{break-inside:avoid}thead{display:table-header-group}
.kv td:first-child{width:16%;color:#444}.cols{display:flex;gap:6pt}.cols>table{flex:1;min-width:0}
table.cases{table-layout:fixed;font-size:6.5pt}.cases td,.cases th{line-height:7.5pt;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.cols3 .cases{font-size:5.8pt}.cases .NA{font-size:5.5pt;letter-spacing:-.1pt}.notes{margin:2pt 0 0 10pt;padding:0}.notes li{margin:0}
.PASS{color:#060;font-weight:bold}.FAIL{color:#b00;font-weight:bold}.NA{color:#666;font-weight:bold}
.note{color:#555;font-size:6pt}.num{text-align:right;white-space:nowrap}.id{white-space:nowrap}
.counts{font-size:9pt;margin:3pt 0}.small{color:#555;font-size:6pt}section{break-inside:avoid}@media print{body{-webkit-print-color-adjust:exact;print-color-adjust:exact}}`;

function verdictTable(rows: readonly CaseRow[], k = 1): string {
  const body = rows
    .map((r) => {
      const cls = r.verdict === 'NOT APPLICABLE' ? 'NA' : r.verdict;
      return `<tr><td class="id" title="${esc(r.key)}">${esc(r.id ?? '—')}</td><td title="${esc(r.title)}">${esc(r.title)}</td><td class="${cls}">${r.verdict}</td><td class="num">${r.verdict === 'NOT APPLICABLE' ? '' : esc(formatDuration(r.durationMs))}</td></tr>`;
    })
    .join('\n');
  const w = k === 3 ? [24, 25, 18] : [20, 21, 12];
  const cols = `<colgroup><col style="width:${w[0]}%"><col><col style="width:${w[1]}%"><col style="width:${w[2]}%"></colgroup>`;
  return `<table class="cases">${cols}<thead><tr><th>Test case</th><th>Title</th><th>Verdict</th><th class="num">Duration</th></tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** Why the scenarios were not applicable (grouped by reason) and the first line of each failure, under the table. */
function notesList(rows: readonly CaseRow[]): string {
  const na = new Map<string, string[]>();
  for (const r of rows) if (r.verdict === 'NOT APPLICABLE') na.set(r.note ?? 'skipped', [...(na.get(r.note ?? 'skipped') ?? []), r.id ?? r.title]);
  const items = [
    ...rows.filter((r) => r.verdict === 'FAIL').map((r) => `<li><b class="FAIL">FAIL</b> ${esc(r.id ?? r.title)}: ${esc(r.note ?? r.status)}</li>`),
    ...[...na].map(([why, ids]) => `<li><b class="NA">NOT APPLICABLE</b> (${ids.length}) ${esc(why)}: ${esc(ids.join(', '))}</li>`),
  ];
  return items.length ? `<ul class="notes small">${items.join('')}</ul>` : '';
}

function identitySection(data: RunData, rig?: RigConfig): string {
  const declared = rig?.sut ? [rig.sut.vendor, rig.sut.model, rig.sut.firmware && `firmware ${rig.sut.firmware}`, rig.sut.serial && `serial ${rig.sut.serial}`].filter(Boolean).join(', ') : '';
  const rows = data.identities.map((i) => {
    const differs = rig?.sut && i.side === 'station' && ((rig.sut.vendor && rig.sut.vendor !== i.vendor) || (rig.sut.model && rig.sut.model !== i.model) || (rig.sut.firmware && rig.sut.firmware !== i.firmware));
    const what = i.endpoint ? esc(i.endpoint) : [i.vendor, i.model].map((x) => esc(x ?? 'not reported')).join(' / ');
    return `<tr><td>${esc(i.side)}</td><td>${what}${differs ? ' <b class="FAIL">differs from the rig\'s declaration</b>' : ''}</td><td>${esc(i.firmware ?? (i.endpoint ? '—' : 'not reported'))}</td><td>${esc(i.serial ?? '—')}</td><td class="small">${esc(i.source)}, ${i.scenarios} scenario(s)</td></tr>`;
  });
  const sides = new Set(data.rows.map((r) => r.tags.find((t) => t.startsWith('@sut:'))?.slice(5)).filter(Boolean));
  const seen = new Set(data.identities.map((i) => i.side));
  for (const s of [...sides].filter((x) => !seen.has(x!))) rows.push(`<tr><td>${esc(s)}</td><td colspan="3">${declared ? `declared by the rig: ${esc(declared)}` : 'not reported'}</td><td class="small">${declared ? 'rig file (sut)' : 'no BootNotification-like identity in its traces and none declared by the rig'}</td></tr>`);
  const head = '<table><thead><tr><th>SUT side</th><th>Vendor / model (or endpoint)</th><th>Firmware</th><th>Serial</th><th>Source</th></tr></thead><tbody>';
  return `${head}${rows.join('') || '<tr><td colspan="5">not reported (no scenario finished)</td></tr>'}</tbody></table>${declared ? `<div class="small">The rig declares the SUT as: ${esc(declared)}</div>` : ''}`;
}

function operatorSection(data: RunData): string {
  if (!data.answers) return '<p>No operator actions in this run.</p>';
  if (data.answers.length === 0) return `<p>No operator actions in this run (reports/operator-answers.ndjson is empty).</p>`;
  const rows = data.answers.map((a) => `<tr><td class="id">${esc(a.at)}${a.askedAt ? `<div class="note">asked ${esc(a.askedAt)}</div>` : ''}</td><td>${esc(a.scenario)}<div class="note">${esc(a.step)}</div></td><td>${esc(a.instruction)}</td><td><b>${esc(a.answer)}</b>${a.by && a.by !== '-' ? `<div class="note">in the ${esc(a.by)}</div>` : ''}</td></tr>`);
  return `<table><thead><tr><th>Answered at</th><th>Scenario / step</th><th>Instruction</th><th>Answer</th></tr></thead><tbody>${rows.join('')}</tbody></table>${data.answersProblem ? `<div class="small">${esc(data.answersProblem)}</div>` : ''}`;
}

export function renderSummary(data: RunData, rigIn?: RigConfig, now = new Date()): string {
  const { rig, note } = runRig(data, rigIn);
  const info = data.info;
  const n = (v: string) => data.rows.filter((r) => r.verdict === v).length;
  const counts = `<b>${n('PASS')}</b> passed, <b>${n('FAIL')}</b> failed, <b>${n('NOT APPLICABLE')}</b> not applicable${data.unfinished ? `, <b>${data.unfinished}</b> selected but not finished (cut run)` : ''} — ${data.rows.length} scenario(s)`;
  const pics = picsLines(rig, new Set(data.rows.flatMap((r) => r.tags)));
  const kv = [
    ['Rig', rig ? `<b>${esc(rig.name)}</b> (${esc(rig.kind)})${rig.description ? ` — <span class="small">${esc(firstSentence(rig.description))}</span>` : ''}` : `${esc(info?.rig ?? 'unknown')}${note ? ` <span class="small">(${esc(note)})</span>` : ''}`],
    ['PICS', pics.length ? pics.join('<br>') : 'none (every selected scenario is applicable)'],
    ['Faults injected', esc((info?.faults ?? []).join(', ') || 'none')],
    ['Selection', esc(info?.argv.join(' ') || 'all features')],
    ['Started', `${esc(info?.startedAt ?? 'unknown')}; time scale ${esc(info?.timeScale ?? '?')}`],
  ];
  const cov = data.catalogues.map((c) => `<tr><td>${esc(c.catalogue)}</td><td class="num">${c.selected} / ${c.total}</td><td class="num">${c.passed}</td><td class="num">${c.failed}</td><td class="num">${c.notApplicable}</td></tr>`);
  const covTable = cov.length
    ? `<table><thead><tr><th>Catalogue (data/catalogues)</th><th class="num">IDs selected / total</th><th class="num">PASS</th><th class="num">FAIL</th><th class="num">N/A</th></tr></thead><tbody>${cov.join('')}</tbody></table>`
    : '<p>No scenario of this run carries a catalogue ID.</p>';
  // one column up to 30 rows, two up to 100, three beyond (a catalogue run of up to ~200 scenarios stays on one page)
  const k = data.rows.length > 100 ? 3 : data.rows.length > 30 ? 2 : 1;
  const per = Math.ceil(data.rows.length / k);
  const parts = Array.from({ length: k }, (_, i) => data.rows.slice(i * per, (i + 1) * per));
  const cases = k > 1 ? `<div class="cols cols${k}">${parts.map((p) => verdictTable(p, k)).join('')}</div>` : verdictTable(data.rows);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Certification summary — ${esc(rig?.name ?? info?.rig ?? 'run')}</title>
<style>${CSS}</style></head><body>
<h1>Certification summary</h1>
<div class="small">ev-conformance run of ${esc(info?.startedAt ?? 'unknown time')}, summary written ${esc(now.toISOString())}</div>
<div class="counts">${counts}</div>
<section><h2>System under test</h2>${identitySection(data, rig)}</section>
<section><h2>Run</h2><table class="kv"><tbody>${kv.map(([k, v]) => `<tr><td>${k}</td><td>${v}</td></tr>`).join('')}</tbody></table></section>
<section><h2>Catalogue coverage</h2>${covTable}</section>
<h2>Verdicts per test case</h2>${data.rows.length ? `${cases}${notesList(data.rows)}` : '<p>No scenario finished in this run.</p>'}
<section><h2>Operator answers</h2>${operatorSection(data)}</section>
</body></html>
`;
}

/**
 * Writes reports/summary/index.html from what the run left in `reports`. Never throws: returns the page's path,
 * or `{ problem }` saying why there is none (so a summary cannot fail the run that asks for it).
 */
export function writeRunSummary(reports: string, rig?: RigConfig): { file: string } | { problem: string } {
  try {
    const data = collectRun(reports);
    if (!data.info && data.rows.length === 0) return { problem: `no run in ${reports} (no run/run.json and no journal): run \`evc test\` first` };
    const dir = summaryDir(reports);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'index.html');
    fs.writeFileSync(file, renderSummary(data, rig));
    return { file };
  } catch (e) {
    return { problem: `the certification summary could not be written: ${(e as Error).message.split('\n')[0]}` };
  }
}

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.EVC_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((x): x is string => !!x);
  return candidates.find((p) => fs.existsSync(p));
}

/** Prints the summary page to summary.pdf beside it with a headless Chromium (DNS off). Never throws. */
export function printSummaryPdf(html: string): { file: string } | { problem: string } {
  const chromium = findChromium();
  if (!chromium) return { problem: 'no Chromium installed (scripts/ensure-chromium.sh installs Debian\'s chromium, or set EVC_CHROMIUM): summary.pdf not written' };
  const out = path.join(path.dirname(html), 'summary.pdf');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-summary-pdf-'));
  try {
    fs.rmSync(out, { force: true });
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--host-resolver-rules=MAP * ~NOTFOUND', `--user-data-dir=${profile}`, '--no-pdf-header-footer', `--print-to-pdf=${out}`];
    const r = spawnSync(chromium, [...flags, pathToFileURL(html).href], { encoding: 'utf8', timeout: 90_000 });
    if (!fs.existsSync(out) || fs.statSync(out).size === 0) return { problem: `Chromium wrote no PDF (exit ${r.status ?? r.signal}${r.error ? `, ${r.error.message}` : ''})` };
    return { file: out };
  } catch (e) {
    return { problem: `summary.pdf not written: ${(e as Error).message.split('\n')[0]}` };
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
