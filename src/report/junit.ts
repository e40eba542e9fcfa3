/** Merging the JUnit files of the host and SocketCAN runs into reports/junit.xml, and counting results. */
import fs from 'node:fs';

export interface JunitCounts {
  tests: number;
  passed: number;
  failed: number;
  skipped: number;
}

const SUITE = /<testsuite\b[^>]*>[\s\S]*?<\/testsuite>|<testsuite\b[^>]*\/>/g;

function attr(tag: string, name: string): number {
  const m = new RegExp(`\\b${name}="(\\d+)"`).exec(tag);
  return m ? Number(m[1]) : 0;
}

export function countJunit(xml: string): JunitCounts {
  const c: JunitCounts = { tests: 0, passed: 0, failed: 0, skipped: 0 };
  for (const suite of xml.match(SUITE) ?? []) {
    const open = /<testsuite\b[^>]*>/.exec(suite)?.[0] ?? suite;
    c.tests += attr(open, 'tests');
    c.failed += attr(open, 'failures') + attr(open, 'errors');
    c.skipped += attr(open, 'skipped');
  }
  c.passed = c.tests - c.failed - c.skipped;
  return c;
}

export function mergeJunit(files: string[], out: string): JunitCounts {
  const suites: string[] = [];
  for (const f of files) if (fs.existsSync(f)) suites.push(...(fs.readFileSync(f, 'utf8').match(SUITE) ?? []));
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join('\n')}\n</testsuites>\n`;
  fs.writeFileSync(out, xml);
  return countJunit(xml);
}
