/** Rig `operator`: unknown keys and bad values are one line each naming the file and the field. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadRigConfig } from '../../src/rig/config';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-operator-rig-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function problems(rig: Record<string, unknown>): string[] {
  const f = path.join(tmp, 'rig.json');
  fs.writeFileSync(f, JSON.stringify({ name: 'r', kind: 'remote', ...rig }));
  try {
    loadRigConfig(f);
    return [];
  } catch (e) {
    return (e as Error).message.split('\n');
  }
}

describe('rig operator section', () => {
  it('accepts console, terminal and timeoutMs', () => {
    assert.deepEqual(problems({ operator: { console: { port: 0 }, terminal: false, timeoutMs: 60000 } }), []);
  });

  it('one line per problem, naming the file and the field', () => {
    const lines = problems({ operator: { consol: {}, terminal: 'yes', timeoutMs: 5.5, console: { port: 70000, host: 'x' } } });
    for (const field of ['operator.consol', 'operator.terminal', 'operator.timeoutMs', 'operator.console.port', 'operator.console.host']) {
      assert.equal(lines.filter((l) => l.includes(`rig.json: ${field}:`)).length, 1, `${field} in:\n${lines.join('\n')}`);
    }
    assert.equal(lines.length, 5, lines.join('\n'));
  });

  it('a timeout the step backstop cannot hold, an operator on a reference rig', () => {
    assert.match(problems({ operator: { timeoutMs: 900_000_000 } }).join('\n'), /rig\.json: operator\.timeoutMs: 900000000 ms is more than half the step backstop/);
    assert.match(problems({ kind: 'reference', operator: {} }).join('\n'), /rig\.json: operator: a reference rig performs every action itself/);
  });
});
