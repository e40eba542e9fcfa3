/**
 * The operator's terminal, under a real pseudo-terminal (util-linux `script`): the question shows the action,
 * scenario, step, instruction and expected outcome; an unknown answer is asked again; `d` answers done; a
 * question answered in the console first is shown closed in the terminal with that answer. Without a
 * terminal (this test process's own stdin is not one) the run has none.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runHasTerminal } from '../../src/operator/terminal';
import { ROOT } from '../support/evc-process';

const SCRIPT = ['/usr/bin/script', '/bin/script'].find((p) => fs.existsSync(p));

describe('operator terminal', () => {
  it('EVC_OPERATOR_TTY from evc test decides; 0 means no terminal', () => {
    assert.equal(runHasTerminal({ EVC_OPERATOR_TTY: '0' }), false);
    assert.equal(runHasTerminal({ EVC_OPERATOR_TTY: '1' }), true);
  });

  it('asks in a pseudo-terminal, re-asks on a bad answer, takes d, shows a console answer as closed', { skip: SCRIPT ? false : 'no util-linux script', timeout: 60_000 }, async () => {
    const cmd = `${JSON.stringify(process.execPath)} --import tsx ${JSON.stringify(path.join(ROOT, 'test', 'operator', 'terminal-session.ts'))}`;
    const child = spawn(SCRIPT!, ['-qec', cmd, '/dev/null'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, EVC_OPERATOR_TTY: '' } });
    let out = '';
    let step = 0;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString().replace(/\r/g, '');
      if (step === 0 && /within \d+ s: $/.test(out)) [step] = [1, child.stdin.write('x\n')];
      else if (step === 1 && /not applicable\): $/.test(out)) [step] = [2, child.stdin.write('d\n')];
    });
    child.stderr.resume();
    const kill = setTimeout(() => child.kill('SIGKILL'), 45_000);
    const code = await new Promise<number | null>((r) => child.on('close', r));
    clearTimeout(kill);
    assert.equal(code, 0, out);
    assert.match(out, /── operator: plug-in \(connector 1\) ──\n {2}scenario: S1\n {2}step: +the EV is plugged in\n {2}DO: +Plug the EV cable into connector 1\n {2}expected: Occupied/);
    assert.match(out, /→ done/);
    assert.match(out, /→ closed: answered 'not applicable' in the console/);
    assert.match(out, /answers: plug-in:done:terminal unplug:not applicable:console/);
  });
});
