/**
 * Pre-flight checks before a run: every step of the selected scenarios has exactly one definition. An
 * undefined or ambiguous step is reported as one line per step, `file:line: undefined step "…"`, and the run
 * does not start. Uses cucumber's own API in dry-run mode, so matching is exactly cucumber's.
 */
import { Writable } from 'node:stream';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import { PROJECT_ROOT } from '../core/load';

export interface StepProblem {
  where: string;
  text: string;
  kind: 'undefined' | 'ambiguous';
}

export async function checkSteps(tags: string | undefined, paths: string[] = [], profile = 'default'): Promise<StepProblem[]> {
  const { runConfiguration } = await loadConfiguration(
    { profiles: [profile], provided: { dryRun: true, format: [], parallel: 0, ...(tags ? { tags } : {}), ...(paths.length ? { paths } : {}) } },
    { cwd: PROJECT_ROOT },
  );
  const pickleSteps = new Map<string, { text: string; uri: string; astNodeId: string }>();
  const stepLines = new Map<string, number>();
  const problems: StepProblem[] = [];
  const onMessage = (env: Envelope) => {
    if (env.gherkinDocument) {
      const walk = (children: readonly { scenario?: { steps: readonly { id: string; location: { line: number } }[] }; background?: { steps: readonly { id: string; location: { line: number } }[] }; rule?: { children: readonly unknown[] } }[]) => {
        for (const c of children) {
          for (const s of c.scenario?.steps ?? []) stepLines.set(s.id, s.location.line);
          for (const s of c.background?.steps ?? []) stepLines.set(s.id, s.location.line);
          if (c.rule) walk(c.rule.children as never);
        }
      };
      walk((env.gherkinDocument.feature?.children ?? []) as never);
    }
    if (env.pickle) for (const s of env.pickle.steps) pickleSteps.set(s.id, { text: s.text, uri: env.pickle.uri, astNodeId: s.astNodeIds[0] });
    if (env.testCase) {
      for (const ts of env.testCase.testSteps) {
        if (!ts.pickleStepId || !ts.stepDefinitionIds) continue;
        if (ts.stepDefinitionIds.length === 1) continue;
        const ps = pickleSteps.get(ts.pickleStepId);
        if (!ps) continue;
        problems.push({ where: `${ps.uri}:${stepLines.get(ps.astNodeId) ?? '?'}`, text: ps.text, kind: ts.stepDefinitionIds.length === 0 ? 'undefined' : 'ambiguous' });
      }
    }
  };
  await runCucumber(runConfiguration, { cwd: PROJECT_ROOT, stdout: devNull(), stderr: process.stderr }, onMessage);
  return problems;
}

function devNull(): Writable {
  return new Writable({ write: (_c, _e, cb) => cb() });
}
