/** The fault-detection matrix written by verify:faults (JSON + Markdown). */

export type RunOutcome = 'passed' | 'failed' | 'skipped' | 'not-run';

export interface FaultMatrix {
  generatedAt: string;
  seconds?: number;
  scenarios: {
    key: string;
    name: string;
    catalogue: string;
    declared: string[];
    compliant: RunOutcome;
    results: Record<string, RunOutcome>;
    /** Declared generic faults it was not run under (--generic-sample picked another scenario of its feature file). */
    notSampled?: string[];
  }[];
  faults: {
    catalogue: string;
    fault: string;
    description: string;
    detectedBy: string[];
    collateral: string[];
    skipped: boolean;
    /** Why no scenario ran under this fault (not run, or every scenario skipped / without result). */
    reason?: string;
    /** Failing step's headline per failed scenario key. */
    headlines?: Record<string, string>;
    /** --generic-sample: how many of its declaring scenarios ran, of how many, and why the others did not. */
    sampled?: { ran: number; declaring: number; reason: string };
  }[];
  /** Which runner produced it (`pool`: long-lived runners; `process`: one cucumber process per fault). */
  runner?: string;
  /** Where the compliant column came from when not from a run of its own (an evc test run's reports directory). */
  compliantFrom?: string;
  problems: string[];
  /**
   * Declared (scenario, fault) pairs that passed under the fault beside the other runners and failed under it when
   * run again alone: detected, but only off load. Named, never silent (`key fault: headline`).
   */
  rerunAlone?: string[];
}

export function renderMatrixMarkdown(m: FaultMatrix): string {
  const lines: string[] = [];
  lines.push('# Fault-detection matrix', '', `Generated ${m.generatedAt}${m.seconds !== undefined ? ` in ${m.seconds} s` : ''}.`, '');
  if (m.compliantFrom) lines.push(`The compliant column is the evc test run whose reports are in ${m.compliantFrom} (same rig, no faults).`, '');
  lines.push(`Problems: ${m.problems.length === 0 ? 'none' : m.problems.length}`, '');
  for (const p of m.problems) lines.push(`- ${p}`);
  if (m.rerunAlone?.length) {
    lines.push('', `Detected only when run again alone (passed under the fault beside the other runners): ${m.rerunAlone.length}`, '');
    for (const r of m.rerunAlone) lines.push(`- ${r}`);
  }
  lines.push('', '## Faults', '', '| catalogue | fault | declared detections | collateral failures | description |', '|---|---|---|---|---|');
  for (const f of m.faults) {
    lines.push(`| ${f.catalogue} | ${f.fault} | ${f.skipped ? '(not run)' : f.detectedBy.length} | ${f.skipped ? '' : f.collateral.length} | ${f.description.replace(/\|/g, '\\|')} |`);
  }
  const notRun = m.faults.filter((f) => f.reason);
  if (notRun.length) {
    lines.push('', '## Faults that ran no scenario', '', '| catalogue | fault | why |', '|---|---|---|');
    for (const f of notRun) lines.push(`| ${f.catalogue} | ${f.fault} | ${f.reason!.replace(/\|/g, '\\|')} |`);
  }
  const sampled = m.faults.filter((f) => f.sampled);
  if (sampled.length) {
    lines.push('', '## Generic faults sampled', '', '| catalogue | fault | declaring scenarios run | why not all |', '|---|---|---|---|');
    for (const f of sampled) lines.push(`| ${f.catalogue} | ${f.fault} | ${f.sampled!.ran} of ${f.sampled!.declaring} | ${f.sampled!.reason.replace(/\|/g, '\\|')} |`);
  }
  lines.push('', '## Scenarios', '', '| scenario | compliant | declared faults → result | also fails under |', '|---|---|---|---|');
  for (const s of m.scenarios) {
    const declared = s.declared.map((f) => `${f}: ${s.results[f] ?? (s.notSampled?.includes(f) ? 'not sampled' : 'not run')}`).join('<br>') || '**none declared**';
    const others = Object.entries(s.results)
      .filter(([f, r]) => r === 'failed' && !s.declared.includes(f))
      .map(([f]) => f)
      .join(', ');
    lines.push(`| ${s.key} ${s.name.replace(/\|/g, '\\|')} | ${s.compliant} | ${declared} | ${others} |`);
  }
  return `${lines.join('\n')}\n`;
}
