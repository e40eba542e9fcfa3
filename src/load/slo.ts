/**
 * `--slo "p99(BootNotification) < 500ms, errors = 0"`: service-level objectives a load run is judged by.
 * A clause is `metric op value`, clauses separated by commas:
 *
 *   p50|p90|p95|p99|max|mean(<Action>|*)   latency in ms (a value may say ms or s; `*` = the worst action)
 *   errors | errors(<kind>)                 error count (kinds: metrics.ts ERROR_KINDS)
 *   calls | calls(<Action>)                 calls sent
 *   connected | booted                      at the end of the run; `99%` = share of the target
 *   op: < <= > >= = == !=
 *
 * Parse problems are one line each, naming the clause. A clause whose metric has no samples is not met.
 */
import { ERROR_KINDS, type ErrorKind, type LoadSummary } from './metrics';

export type SloOp = '<' | '<=' | '>' | '>=' | '=' | '!=';

export interface SloClause {
  text: string;
  metric: { kind: 'latency'; stat: 'p50' | 'p90' | 'p95' | 'p99' | 'max' | 'mean'; action: string } | { kind: 'errors'; errorKind?: ErrorKind } | { kind: 'calls'; action?: string } | { kind: 'connected' | 'booted' };
  op: SloOp;
  /** ms for latency, a count, or a share of the target (percent: true). */
  value: number;
  percent: boolean;
}

export class SloError extends Error {}

const CLAUSE = /^([a-z0-9]+)\s*(?:\(\s*([A-Za-z0-9*-]+)\s*\))?\s*(<=|>=|==|!=|<|>|=)\s*([0-9]+(?:\.[0-9]+)?)\s*(ms|s|%)?$/;

export function parseSlo(text: string): SloClause[] {
  const parts = text.split(',').map((s) => s.trim());
  const problems: string[] = [];
  const out: SloClause[] = [];
  parts.forEach((part, i) => {
    const where = `--slo: clause ${i + 1} '${part}'`;
    if (!part) return problems.push(`${where}: empty clause`);
    const m = CLAUSE.exec(part);
    if (!m) return problems.push(`${where}: expected <metric> <op> <value>, e.g. p99(Heartbeat) < 200ms or errors = 0`);
    const [, name, arg, rawOp, num, unit] = m;
    const op = (rawOp === '==' ? '=' : rawOp) as SloOp;
    let value = Number(num);
    if (['p50', 'p90', 'p95', 'p99', 'max', 'mean'].includes(name)) {
      if (!arg) return problems.push(`${where}: ${name} needs an action, e.g. ${name}(BootNotification) or ${name}(*)`);
      if (unit === '%') return problems.push(`${where}: a latency is in ms or s, not %`);
      if (unit === 's') value *= 1000;
      out.push({ text: part, metric: { kind: 'latency', stat: name as 'p99', action: arg }, op, value, percent: false });
    } else if (name === 'errors') {
      if (unit) return problems.push(`${where}: an error count has no unit`);
      if (arg && !(ERROR_KINDS as readonly string[]).includes(arg)) return problems.push(`${where}: unknown error kind '${arg}' (known: ${ERROR_KINDS.join(', ')})`);
      out.push({ text: part, metric: { kind: 'errors', ...(arg ? { errorKind: arg as ErrorKind } : {}) }, op, value, percent: false });
    } else if (name === 'calls') {
      if (unit) return problems.push(`${where}: a call count has no unit`);
      out.push({ text: part, metric: { kind: 'calls', ...(arg ? { action: arg } : {}) }, op, value, percent: false });
    } else if (name === 'connected' || name === 'booted') {
      if (arg) return problems.push(`${where}: ${name} takes no argument`);
      if (unit && unit !== '%') return problems.push(`${where}: ${name} is a count or a % of the target`);
      out.push({ text: part, metric: { kind: name }, op, value, percent: unit === '%' });
    } else {
      return problems.push(`${where}: unknown metric '${name}' (known: p50, p90, p95, p99, max, mean, errors, calls, connected, booted)`);
    }
    return undefined;
  });
  if (problems.length) throw new SloError(problems.join('\n'));
  return out;
}

export interface SloVerdict {
  clause: SloClause;
  measured: number;
  shown: string;
  met: boolean;
}

function compare(a: number, op: SloOp, b: number): boolean {
  if (!Number.isFinite(a)) return false;
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '=':
      return a === b;
    default:
      return a !== b;
  }
}

function measure(c: SloClause, s: LoadSummary): { value: number; shown: string } {
  const m = c.metric;
  switch (m.kind) {
    case 'latency': {
      const actions = m.action === '*' ? Object.keys(s.latency) : [m.action];
      const values = actions.map((a) => s.latency[a]).filter((l) => l && l.count > 0).map((l) => l[m.stat]);
      if (values.length === 0) return { value: NaN, shown: `no answers to ${m.action === '*' ? 'any call' : m.action}` };
      const v = Math.max(...values);
      return { value: v, shown: `${v} ms` };
    }
    case 'errors': {
      const v = m.errorKind ? s.errors[m.errorKind] : s.totalErrors;
      const detail = m.errorKind ? '' : Object.entries(s.errors).filter(([, n]) => n).map(([k, n]) => `${k} ${n}`).join(', ');
      return { value: v, shown: `${v}${detail ? ` (${detail})` : ''}` };
    }
    case 'calls': {
      const v = m.action ? (s.calls[m.action] ?? 0) : s.totalCalls;
      return { value: v, shown: String(v) };
    }
    default: {
      const n = m.kind === 'connected' ? s.connected : s.booted;
      if (!c.percent) return { value: n, shown: `${n} of ${s.target}` };
      const pct = s.target ? (100 * n) / s.target : 0;
      return { value: pct, shown: `${Math.round(pct * 100) / 100} % (${n} of ${s.target})` };
    }
  }
}

export function judgeSlo(clauses: readonly SloClause[], s: LoadSummary): SloVerdict[] {
  return clauses.map((clause) => {
    const { value, shown } = measure(clause, s);
    return { clause, measured: value, shown, met: compare(value, clause.op, clause.value) };
  });
}

export function formatVerdicts(v: readonly SloVerdict[]): string[] {
  return v.map((x) => `SLO ${x.clause.text}: ${x.shown} — ${x.met ? 'met' : 'NOT met'}`);
}
