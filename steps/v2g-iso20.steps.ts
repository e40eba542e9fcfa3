/**
 * V2G steps the -20 scenarios added (the contract's phrases are in v2g-secc / v2g-evcc.steps.ts). Thin: each
 * calls a check of src/v2g/roles/iso20/expect.ts or sets one value of the harness SECC's -20 procedure state.
 * 'the SECC answered within {timer}' (any standard's SECC performance time) is in v2g-secc.steps.ts.
 */
import { Then, When } from '@cucumber/cucumber';
import { expectGivesUpOnLateAnswer, expectPreChargeGivenUp } from '../src/v2g/roles/iso20/expect';
import type { V2gTimerName } from '../src/v2g/timers';
import type { EvcWorld } from './support/world';

Then('the EVCC gives up when the SECC answers {string} after {timer}', async function (this: EvcWorld, name: string, timer: V2gTimerName) {
  await expectGivesUpOnLateAnswer(await this.v2g.secc(), name, timer, this.v2g.limits, this.trace);
});

When('the SECC holds the PreCharge present voltage at {int} V', async function (this: EvcWorld, volts: number) {
  const state = (await this.v2g.secc()).state;
  if (!state) throw new Error('the session has not negotiated -20 yet: run it through a request before holding the PreCharge voltage');
  state.vars.iso20HoldPreChargeV = volts;
});

Then('the EVCC gives up PreCharge within {timer}', async function (this: EvcWorld, timer: V2gTimerName) {
  await expectPreChargeGivenUp(await this.v2g.secc(), timer, this.v2g.limits, this.trace);
});
