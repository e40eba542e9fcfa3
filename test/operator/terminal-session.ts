/**
 * Run under a pseudo-terminal by terminal.test.ts (`script`): an operator with the terminal and the console as
 * front ends asks twice; the first question is for the terminal, the second is answered in the console.
 * Prints the answers as `answers: action:answer:by …`.
 */
import http from 'node:http';
import { ConsoleFrontEnd } from '../../src/operator/console-server';
import { Operator } from '../../src/operator/operator';
import { TerminalFrontEnd, runHasTerminal } from '../../src/operator/terminal';

async function main(): Promise<void> {
  if (!runHasTerminal()) throw new Error('no terminal');
  const op = new Operator({ rig: 'terminal-test', timeoutMs: 10_000 });
  const t = new TerminalFrontEnd();
  t.start();
  op.addFrontEnd(t);
  const c = new ConsoleFrontEnd(op, 0);
  const url = await c.start();
  op.addFrontEnd(c);
  try {
    await op.ask({ action: 'plug-in', connectorId: 1, instruction: 'Plug the EV cable into connector 1', expected: 'Occupied', scenario: 'S1', step: 'the EV is plugged in' });
    const second = op.ask({ action: 'unplug', connectorId: 1, instruction: 'Unplug connector 1', expected: 'Available', scenario: 'S1', step: 'the EV is unplugged' });
    await new Promise<void>((resolve) => {
      const req = http.request(`${url}answer`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => res.resume().on('end', resolve));
      req.end(JSON.stringify({ id: op.pending?.id, answer: 'not-applicable' }));
    });
    await second;
    console.log(`answers: ${op.answers.map((a) => `${a.action}:${a.answer}:${a.by}`).join(' ')}`);
  } finally {
    await op.stop();
  }
}
void main();
