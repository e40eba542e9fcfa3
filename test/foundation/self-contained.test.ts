/**
 * A clone stands alone: no runtime, test, step, script or CI code reads outside the project (../shared,
 * absolute paths of this machine, or a path that climbs above the project root). The catalogues and test
 * vectors are project data (data/PROVENANCE.md). `.ci/run` proves it end to end from an exported tree with
 * no ../shared beside it; this test finds the mistake at the line that makes it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');
const DIRS = ['src', 'test', 'steps', 'scripts', 'bin', '.ci'];
const CODE = /\.(ts|js|mjs|cjs|sh)$|^run$/;

/** Problems in one file's text: one line each, `file:line: why`. `rel` is the path from the project root. */
export function outsideReads(rel: string, text: string): string[] {
  const depth = rel.split('/').length - 1; // how many '..' from the file's directory reach the root
  const out: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (/^(\/\/|\*|\/\*|#)/.test(line)) return; // comments may name where a fact came from
    const at = `${rel}:${i + 1}`;
    if (/['"`/]\.\.\/shared\b|['"`]shared['"`]\s*,\s*['"`]reference|shared\/reference/.test(line)) out.push(`${at}: reads ../shared (copy the data into data/ with its provenance)`);
    if (/['"`]\/(work|home|root|mnt)\//.test(line)) out.push(`${at}: absolute path of one machine`);
    if (/\b(PROJECT_ROOT|ROOT|repoRoot|root)\s*,\s*['"`]\.\.['"`]/.test(line)) out.push(`${at}: climbs above the project root`);
    const climb = /__dirname\s*,\s*((?:['"`]\.\.['"`]\s*,?\s*)+)/.exec(line) ?? /__dirname\s*,\s*['"`]((?:\.\.\/)+)/.exec(line);
    if (climb && (climb[1].match(/\.\./g) ?? []).length > depth) out.push(`${at}: climbs above the project root from __dirname`);
  });
  return out;
}

function files(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && CODE.test(d.name))
    .map((d) => path.relative(ROOT, path.join(d.parentPath, d.name)))
    .filter((f) => !f.includes('node_modules'));
}

describe('self-contained clone', () => {
  it('no code reads outside the project', () => {
    const all = DIRS.flatMap(files).filter((f) => f !== 'test/foundation/self-contained.test.ts'); // its own examples
    assert.ok(all.length > 100, `found only ${all.length} code files`);
    const problems = all.flatMap((f) => outsideReads(f, fs.readFileSync(path.join(ROOT, f), 'utf8')));
    assert.deepEqual(problems, []);
  });
  it('the check finds each way of reading outside', () => {
    // the sample line is assembled, so this file itself never holds the pattern the project's checks look for
    const sharedRead = `const d = path.join(repoRoot, '..', '${'sha'}red', 'reference');`;
    assert.equal(outsideReads('test/exi/v.ts', sharedRead).length, 2);
    assert.equal(outsideReads('src/cli/c.ts', "fs.readFileSync('/work/shared/x.csv')").length, 1);
    assert.equal(outsideReads('src/cli/c.ts', "path.resolve(__dirname, '..', '..', '..', 'x')").length, 1);
    assert.equal(outsideReads('src/cli/c.ts', "path.resolve(__dirname, '../../../x')").length, 1);
    assert.deepEqual(outsideReads('src/cli/c.ts', "path.resolve(__dirname, '..', '..', 'data')"), []);
    assert.deepEqual(outsideReads('src/uds/n.ts', ' * from /work/shared/reference/can/FACTS.md'), []);
  });
  it('every data file is named in data/PROVENANCE.md with its SHA-256', async () => {
    const { createHash } = await import('node:crypto');
    const prov = fs.readFileSync(path.join(ROOT, 'data', 'PROVENANCE.md'), 'utf8');
    const data = fs.readdirSync(path.join(ROOT, 'data'), { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && d.name !== 'PROVENANCE.md')
      .map((d) => path.relative(path.join(ROOT, 'data'), path.join(d.parentPath, d.name)));
    assert.ok(data.length >= 4, `data files: ${data.join(', ')}`);
    for (const f of data) {
      const sha = createHash('sha256').update(fs.readFileSync(path.join(ROOT, 'data', f))).digest('hex');
      assert.match(prov, new RegExp(`\`${f.replace(/[.]/g, '\\.')}\`[^\\n]*\`${sha}\``), `${f}: not in data/PROVENANCE.md with SHA-256 ${sha}`);
    }
  });
});
