/** The fault-detection matrix written by verify:faults (JSON + Markdown). */

export type RunOutcome = 'passed' | 'failed' | 'skipped' | 'not-run';

export interface FaultMatrix {
  generatedAt: string;
  seconds?: number;
  scenarios: { key: string; name: string; catalogue: string; declared: string[]; compliant: RunOutcome; results: Record<string, RunOutcome> }[];
  faults: { catalogue: string; fault: string; description: string; detectedBy: string[]; collateral: string[]; skipped: boolean }[];
  problems: string[];
}

export function renderMatrixMarkdown(m: FaultMatrix): string {
  const lines: string[] = [];
  lines.push('# Fault-detection matrix', '', `Generated ${m.generatedAt}${m.seconds !== undefined ? ` in ${m.seconds} s` : ''}.`, '');
  lines.push(`Problems: ${m.problems.length === 0 ? 'none' : m.problems.length}`, '');
  for (const p of m.problems) lines.push(`- ${p}`);
  lines.push('', '## Faults', '', '| catalogue | fault | declared detections | collateral failures | description |', '|---|---|---|---|---|');
  for (const f of m.faults) {
    lines.push(`| ${f.catalogue} | ${f.fault} | ${f.skipped ? '(not run)' : f.detectedBy.length} | ${f.skipped ? '' : f.collateral.length} | ${f.description.replace(/\|/g, '\\|')} |`);
  }
  lines.push('', '## Scenarios', '', '| scenario | compliant | declared faults → result | also fails under |', '|---|---|---|---|');
  for (const s of m.scenarios) {
    const declared = s.declared.map((f) => `${f}: ${s.results[f] ?? 'not run'}`).join('<br>') || '**none declared**';
    const others = Object.entries(s.results)
      .filter(([f, r]) => r === 'failed' && !s.declared.includes(f))
      .map(([f]) => f)
      .join(', ');
    lines.push(`| ${s.key} ${s.name.replace(/\|/g, '\\|')} | ${s.compliant} | ${declared} | ${others} |`);
  }
  return `${lines.join('\n')}\n`;
}
