/**
 * The last touch `evc report` gives reports/allure-results before Allure reads them, so that every result —
 * also one written before a hook could label it — has what the report promises:
 * - identity: testCaseId from feature path + catalogue ID + scenario name (labels.ts), history id from it and
 *   the parameters the way Allure derives it, so no two scenarios fold into one as "retries";
 * - labels: epic, feature (the profile/block, not the Gherkin Feature's name), story;
 * - readable tags: `@fault:x`, `@sut:x`, `@requires:x`, `@block:x` become labels of their own (one chip each
 *   instead of a row of truncated tag chips) and the description lists every tag in full.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { reportLabels, testCaseIdOf } from './labels';

type Label = { name: string; value: string };
type Parameter = { name: string; value: string; excluded?: boolean };
export interface AllureResult {
  name: string;
  fullName?: string;
  testCaseId?: string;
  historyId?: string;
  description?: string;
  labels?: Label[];
  parameters?: Parameter[];
}

const TAG_LABELS = ['fault', 'sut', 'requires', 'block'];
const TAGS_HEADING = '**Tags:**';

/** `ev-conformance:features/a/b.feature#Name` → `features/a/b.feature`. */
function featurePathOf(fullName: string | undefined): string {
  const file = (fullName ?? '').split('#')[0];
  const i = file.indexOf('features/');
  return i >= 0 ? file.slice(i) : file.replace(/^[^:]*:/, '');
}

/** Allure's own history id rule (allure-js-commons): testCaseId + md5 of the included parameters. */
export function historyIdOf(testCaseId: string, parameters: readonly Parameter[]): string {
  const params = parameters
    .filter((p) => !p.excluded)
    .sort((a, b) => a.name.localeCompare(b.name) || a.value.localeCompare(b.value))
    .map((p) => `${p.name}:${p.value}`)
    .join(',');
  return `${testCaseId}:${crypto.createHash('md5').update(params).digest('hex')}`;
}

export function finishResult(result: AllureResult): AllureResult {
  const labels = result.labels ?? [];
  const value = (name: string) => labels.find((l) => l.name === name)?.value;
  // Tags as cucumber gave them, also from a result this already rewrote (its @kind:value tags are labels).
  const tags = labels.filter((l) => l.name === 'tag' || TAG_LABELS.includes(l.name)).map((l) => (l.name === 'tag' ? l.value : `@${l.name}:${l.value}`));
  const featurePath = featurePathOf(result.fullName);
  const gherkinFeature = labels.find((l) => l.name === 'feature' && l.value !== value('evc-feature'))?.value;
  const derived = reportLabels(tags, featurePath, gherkinFeature, result.name);
  const kept = labels.filter((l) => !['epic', 'feature', 'story', 'evc-feature', 'tag', ...TAG_LABELS].includes(l.name));
  const fromTags: Label[] = [];
  for (const t of tags) {
    const m = /^@([a-z]+):(.+)$/.exec(t);
    fromTags.push(m && TAG_LABELS.includes(m[1]) ? { name: m[1], value: m[2] } : { name: 'tag', value: t });
  }
  const unique = fromTags.filter((l, i) => fromTags.findIndex((o) => o.name === l.name && o.value === l.value) === i);
  result.labels = [
    { name: 'epic', value: value('epic') ?? derived.epic },
    { name: 'feature', value: value('evc-feature') ?? derived.feature },
    { name: 'story', value: value('story') ?? derived.story },
    ...unique,
    ...kept,
  ];
  if (tags.length && !(result.description ?? '').includes(TAGS_HEADING)) {
    const list = `${TAGS_HEADING} ${[...new Set(tags)].map((t) => `\`${t}\``).join(' ')}`;
    result.description = result.description ? `${result.description}\n\n${list}` : list;
  }
  result.testCaseId = testCaseIdOf(featurePath, tags, result.name);
  result.historyId = historyIdOf(result.testCaseId, result.parameters ?? []);
  return result;
}

/** Rewrites every *-result.json of the directory in place; returns how many there are. */
export function finishResults(resultsDir: string): number {
  const files = fs.readdirSync(resultsDir).filter((x) => x.endsWith('-result.json'));
  for (const f of files) {
    const file = path.join(resultsDir, f);
    const result = JSON.parse(fs.readFileSync(file, 'utf8')) as AllureResult;
    fs.writeFileSync(file, JSON.stringify(finishResult(result)));
  }
  return files.length;
}
