/**
 * DIN 70121 steps the shared V2G vocabulary lacks: stretching the harness SECC's loops and judging whether the
 * EVCC gives a loop up within its timer (SUT = EVCC).
 */
import { Then, When } from '@cucumber/cucumber';
import { dinPreChargeSteps, expectDinLoopGivenUp, holdDinLoop } from '../src/v2g/roles/din/control';
import type { V2gTimerName } from '../src/v2g/timers';
import type { EvcWorld } from './support/world';

When('the SECC keeps {string} unfinished', async function (this: EvcWorld, request: string) {
  holdDinLoop(await this.v2g.secc(), request, Infinity);
});

When('the SECC keeps {string} unfinished for just under {timer}', async function (this: EvcWorld, request: string, timer: V2gTimerName) {
  holdDinLoop(await this.v2g.secc(), request, Math.round(this.v2g.limits.ms(timer) * 0.8));
});

When('the SECC raises the PreCharge voltage in {int} steps', async function (this: EvcWorld, n: number) {
  dinPreChargeSteps(await this.v2g.secc(), n);
});

Then('the EVCC gives {string} up within {timer}', async function (this: EvcWorld, request: string, timer: V2gTimerName) {
  await expectDinLoopGivenUp(await this.v2g.secc(), request, timer, this.v2g.limits, this.trace);
});

// 'the SECC answered within {timer}' (a SECC performance time on the last exchange) is the generic phrase of v2g-secc.steps.ts.
