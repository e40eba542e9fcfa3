/**
 * The load run's files: reports/load/<run>/summary.json and report.html — self-contained (no script, no
 * external file), with inline SVG plots over time: connections, calls/s, latency p50/p95/p99 per action, errors
 * by kind; then the latency table, the error counters with their last detail, and the SLO verdicts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LoadSummary, SeriesPoint } from './metrics';
import type { SloVerdict } from './slo';

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface Line {
  name: string;
  points: [number, number][];
}

/** A line plot: x = seconds, y from 0 to the maximum, with axis labels and a legend. */
export function svgPlot(title: string, unit: string, lines: Line[], w = 720, h = 220): string {
  const pad = { l: 56, r: 12, t: 24, b: 28 };
  const xs = lines.flatMap((l) => l.points.map((p) => p[0]));
  const ys = lines.flatMap((l) => l.points.map((p) => p[1])).filter(Number.isFinite);
  const xMax = Math.max(1, ...xs);
  const yMax = Math.max(1e-9, ...ys) * 1.05;
  const X = (x: number) => pad.l + (x / xMax) * (w - pad.l - pad.r);
  const Y = (y: number) => h - pad.b - (y / yMax) * (h - pad.t - pad.b);
  const fmt = (v: number) => (v >= 100 ? String(Math.round(v)) : String(Math.round(v * 10) / 10));
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(title)}">`];
  parts.push(`<text x="${pad.l}" y="16" font-size="13" font-weight="bold">${esc(title)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const y = (yMax * i) / 4;
    parts.push(`<line x1="${pad.l}" x2="${w - pad.r}" y1="${Y(y)}" y2="${Y(y)}" stroke="#ddd"/><text x="${pad.l - 4}" y="${Y(y) + 4}" font-size="10" text-anchor="end">${fmt(y)}</text>`);
  }
  for (let i = 0; i <= 5; i++) {
    const x = (xMax * i) / 5;
    parts.push(`<text x="${X(x)}" y="${h - 10}" font-size="10" text-anchor="middle">${fmt(x)} s</text>`);
  }
  parts.push(`<text x="12" y="${pad.t + 10}" font-size="10">${esc(unit)}</text>`);
  lines.forEach((l, i) => {
    const pts = l.points.filter((p) => Number.isFinite(p[1]));
    if (pts.length === 0) return;
    const c = COLORS[i % COLORS.length];
    parts.push(`<polyline fill="none" stroke="${c}" stroke-width="1.5" points="${pts.map((p) => `${X(p[0]).toFixed(1)},${Y(p[1]).toFixed(1)}`).join(' ')}"/>`);
    parts.push(`<text x="${w - pad.r - 4}" y="${pad.t + 12 * (i + 1)}" font-size="10" text-anchor="end" fill="${c}">${esc(l.name)}</text>`);
  });
  if (lines.every((l) => l.points.length === 0)) parts.push(`<text x="${w / 2}" y="${h / 2}" font-size="12" text-anchor="middle" fill="#888">no data</text>`);
  parts.push('</svg>');
  return parts.join('');
}

function series(s: SeriesPoint[], f: (p: SeriesPoint) => number | undefined): [number, number][] {
  return s.flatMap((p) => {
    const v = f(p);
    return v === undefined || !Number.isFinite(v) ? [] : [[p.t, v] as [number, number]];
  });
}

export function renderHtml(s: LoadSummary, verdicts: readonly SloVerdict[] = []): string {
  const pts = s.series;
  const actions = Object.keys(s.latency);
  const kinds = Object.entries(s.errors).filter(([, n]) => n > 0).map(([k]) => k);
  const plots = [
    svgPlot('Connections', 'sockets', [{ name: `connected (target ${s.target})`, points: series(pts, (p) => p.connected) }]),
    svgPlot('Calls per second', 'calls/s', [{ name: 'calls/s', points: series(pts, (p) => p.callsPerS) }]),
    ...actions.map((a) =>
      svgPlot(`Latency: ${a}`, 'ms', [
        { name: 'p50', points: series(pts, (p) => p.latency[a]?.p50) },
        { name: 'p95', points: series(pts, (p) => p.latency[a]?.p95) },
        { name: 'p99', points: series(pts, (p) => p.latency[a]?.p99) },
      ]),
    ),
    svgPlot('Errors by kind (per second)', 'errors/s', kinds.map((k) => ({ name: k, points: series(pts, (p) => p.errors[k as keyof typeof p.errors] ?? 0) }))),
  ];
  const row = (cells: (string | number)[], th = false) => `<tr>${cells.map((c) => `<${th ? 'th' : 'td'}>${esc(String(c))}</${th ? 'th' : 'td'}>`).join('')}</tr>`;
  const latency = [row(['action', 'calls', 'answers', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'mean ms'], true), ...Object.entries(s.latency).map(([a, l]) => row([a, s.calls[a] ?? 0, l.count, l.p50, l.p95, l.p99, l.max, l.mean]))].join('');
  const errors = [row(['kind', 'count', 'last detail'], true), ...Object.entries(s.errors).map(([k, n]) => row([k, n, s.lastErrors[k as keyof typeof s.lastErrors] ?? '']))].join('');
  const slo = verdicts.length ? `<h2>SLO</h2><table>${row(['clause', 'measured', 'verdict'], true)}${verdicts.map((v) => `<tr class="${v.met ? 'ok' : 'bad'}"><td>${esc(v.clause.text)}</td><td>${esc(v.shown)}</td><td>${v.met ? 'met' : 'NOT met'}</td></tr>`).join('')}</table>` : '';
  const procs = s.processes.length ? `<h2>Processes</h2><table>${row(['pid', 'CPU s', 'RSS MB', 'event-loop lag p99 ms'], true)}${s.processes.map((p) => row([p.pid, (p.cpuUs / 1e6).toFixed(1), (p.rss / 2 ** 20).toFixed(1), p.lagP99Ms.toFixed(1)])).join('')}</table>` : '';
  const problems = s.problems.length ? `<h2>Problems</h2><ul>${s.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>` : '';
  return `<!doctype html><html><head><meta charset="utf-8"><title>evc load ${esc(s.run)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;max-width:1000px}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:right}td:first-child,th:first-child{text-align:left}tr.bad td{background:#fdd}tr.ok td{background:#dfd}svg{display:block;margin:12px 0}</style></head><body>
<h1>Load run ${esc(s.run)}</h1>
<p>Started ${esc(s.startedAt)}, ${s.seconds} s. Target ${s.target} stations; connected at the end ${s.connected} (peak ${s.peakConnected}), booted ${s.booted}. ${s.totalCalls} calls, ${s.totalErrors} errors. Heartbeat timer drift p99 ${s.heartbeatDrift.p99} ms.</p>
${slo}${problems}
<h2>Over time</h2>${plots.join('\n')}
<h2>Latency</h2><table>${latency}</table>
<h2>Errors</h2><table>${errors}</table>
${procs}
</body></html>`;
}

/** Writes summary.json and report.html into dir; returns their paths. */
export function writeReport(dir: string, s: LoadSummary, verdicts: readonly SloVerdict[] = []): { json: string; html: string } {
  fs.mkdirSync(dir, { recursive: true });
  const json = path.join(dir, 'summary.json');
  const html = path.join(dir, 'report.html');
  fs.writeFileSync(json, JSON.stringify({ ...s, slo: verdicts.map((v) => ({ clause: v.clause.text, measured: v.measured, shown: v.shown, met: v.met })) }, null, 1));
  fs.writeFileSync(html, renderHtml(s, verdicts));
  return { json, html };
}
