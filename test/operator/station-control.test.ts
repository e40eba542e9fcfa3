/**
 * The operator as the fallback of a station's and a CSMS's actions: only NotAutomatableError reaches the
 * operator, only when a front end exists (otherwise the driver's error stands, at once); the answer decides
 * (done / failed naming the action / not applicable); the teardown asks for rest only after operator actions.
 * The front end here answers from a script (the person); the console and terminal have their own tests.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Trace } from '../../src/core/trace';
import { type FrontEnd, Operator, type OperatorAnswerKind, type PendingQuestion, ScenarioNotApplicable } from '../../src/operator/operator';
import { operatorCsmsControl, operatorStationControl } from '../../src/operator/station-control';
import { NotAutomatableError } from '../../src/rig/not-automatable';
import type { StationSutControl } from '../../src/rig/ocpp-sut';

class Person implements FrontEnd {
  readonly name = 'person';
  readonly asked: PendingQuestion[] = [];
  constructor(private readonly answers: OperatorAnswerKind[]) {}
  open(q: PendingQuestion, answer: (k: OperatorAnswerKind) => void): void {
    this.asked.push(q);
    const a = this.answers.shift();
    if (a) setTimeout(() => answer(a), 5);
  }
  close(): void {}
  async stop(): Promise<void> {}
}

/** A station driver with a plug-in channel only (a bench without a card reader relay). */
function bench(log: string[]): StationSutControl {
  const no = (what: string) => async () => {
    throw new NotAutomatableError(`'${what}' needs a bench driver or an operator`);
  };
  return {
    plugIn: async (c) => void log.push(`bench plug-in ${c}`),
    unplug: no('unplug'),
    presentIdTag: no('present id tag'),
    evSuspend: no('EV suspend'),
    evResume: no('EV resume'),
    raiseFault: async () => {
      throw new Error('relay 3 did not switch');
    },
    clearFault: no('clear fault'),
    powerCycle: no('power cycle'),
    goOffline: no('go offline'),
    goOnline: no('go online'),
    stop: async () => void log.push('bench rest'),
  };
}

describe('operator fallback', () => {
  it('without a front end the driver error stands at once; simulate stays absent', async () => {
    const op = new Operator({ rig: 'ci', timeoutMs: 60_000 });
    const c = operatorStationControl(bench([]), op);
    const t0 = Date.now();
    await assert.rejects(c.presentIdTag('TAG', 1), (e: Error) => e instanceof NotAutomatableError && /'present id tag' needs a bench driver or an operator/.test(e.message));
    assert.ok(Date.now() - t0 < 100);
    assert.equal(c.simulate, undefined);
  });

  it('mixed rig: bench channels first, the operator for the rest; failed / n/a / other errors; rest after operator actions', async () => {
    const log: string[] = [];
    const person = new Person(['done', 'failed', 'not-applicable', 'done']);
    const op = new Operator({ rig: 'mixed', timeoutMs: 2000 });
    op.addFrontEnd(person);
    op.enterScenario('S', new Trace());
    op.enterStep('a card is presented');
    const c = operatorStationControl(bench(log), op);
    await c.plugIn(1); // the bench does it: nobody asked
    await c.presentIdTag('TAG-9', 1); // done
    await assert.rejects(c.unplug(1), /operator answered 'failed' to 'unplug'/);
    await assert.rejects(c.evSuspend(1), (e: Error) => e instanceof ScenarioNotApplicable && /'ev-suspend'/.test(e.message));
    await assert.rejects(c.raiseFault(1, 'GroundFailure'), /relay 3 did not switch/); // a bench failure is not the operator's
    await c.stop(); // rest asked: the operator presented the card
    assert.deepEqual(person.asked.map((q) => q.action), ['present-id-tag', 'unplug', 'ev-suspend', 'rest']);
    assert.equal(person.asked[0].params?.idTag, 'TAG-9');
    assert.equal(person.asked[0].step, 'a card is presented');
    assert.deepEqual(log, ['bench plug-in 1', 'bench rest']);
  });

  it('a CSMS intent the driver does not declare is asked; no answer in time fails naming the action', async () => {
    const person = new Person([]);
    const op = new Operator({ rig: 'csms', timeoutMs: 1000 });
    op.addFrontEnd(person);
    const c = operatorCsmsControl({ url: 'ws://x', call: async () => ({}), stop: async () => undefined }, op);
    await assert.rejects(c.perform!('CP1', { name: 'reset', params: { type: 'Hard' } }), /no answer for 'csms-intent' within 1000 ms.*reset for station CP1 \(type Hard\)/);
    assert.equal(person.asked[0].params?.intent, 'reset');
    assert.equal(op.answers[0].answer, 'timeout');
  });

  it('a literal CSMS call the rig cannot make is asked (done resolves, n/a is not applicable); without a front end the refusal stands at once', async () => {
    const person = new Person(['done', 'not-applicable']);
    const op = new Operator({ rig: 'csms', timeoutMs: 2000 });
    op.addFrontEnd(person);
    const refuse = async () => {
      throw new NotAutomatableError("making the CSMS send Reset needs an operator or a CSMS driver: rig 'csms' has none");
    };
    const c = operatorCsmsControl({ url: 'ws://x', call: refuse, stop: async () => undefined }, op);
    assert.equal(await c.call('CP7', 'Reset', { type: 'Soft' }), undefined);
    assert.equal(person.asked[0].action, 'csms-call');
    assert.match(person.asked[0].instruction, /send Reset to station CP7 with type Soft/);
    await assert.rejects(c.call('CP7', 'ClearCache', {}), (e: Error) => e instanceof ScenarioNotApplicable && /'csms-call'/.test(e.message));
    const nobody = operatorCsmsControl({ url: 'ws://x', call: refuse, stop: async () => undefined }, new Operator({ rig: 'ci', timeoutMs: 60_000 }));
    const t0 = Date.now();
    await assert.rejects(nobody.call('CP7', 'Reset', { type: 'Soft' }), (e: Error) => e instanceof NotAutomatableError && /making the CSMS send Reset/.test(e.message));
    assert.ok(Date.now() - t0 < 1000);
  });
});
