/** ISO 15118-2-only steps (the contract's V2G phrases are in v2g-secc.steps.ts / v2g-evcc.steps.ts). */
import { Given, Then, When } from '@cucumber/cucumber';
import { expectIso2ResponseContent } from '../src/v2g/roles/iso2/assert';
import { expectClosedWithoutRequest, expectIso2LoopAbandoned, holdIso2Loop } from '../src/v2g/roles/iso2/control';
import type { V2gTimerName } from '../src/v2g/timers';
import type { EvcWorld } from './support/world';

Then('the response content is as ISO 15118-2 requires', async function (this: EvcWorld) {
  expectIso2ResponseContent(await this.v2g.evcc(), this.trace);
});

When('the SECC answers {string} as unfinished for just under {timer}', async function (this: EvcWorld, request: string, timer: V2gTimerName) {
  holdIso2Loop(await this.v2g.secc(), request, Math.round(this.v2g.limits.ms(timer) * 0.8));
});

When('the SECC answers {string} as unfinished from now on', async function (this: EvcWorld, request: string) {
  holdIso2Loop(await this.v2g.secc(), request, Infinity);
});

Then('the EVCC abandons {string} within {timer}', async function (this: EvcWorld, request: string, timer: V2gTimerName) {
  await expectIso2LoopAbandoned(await this.v2g.secc(), request, timer, this.v2g.limits, this.trace);
});

Then('the EVCC closes the TCP connection without a further request within {timer}', async function (this: EvcWorld, timer: V2gTimerName) {
  await expectClosedWithoutRequest(await this.v2g.secc(), timer, this.v2g.limits, this.trace);
});

// 'the SECC answered within {timer}' (SECC performance times) is the generic phrase of v2g-secc.steps.ts.

When('the EVCC pauses the session', async function (this: EvcWorld) {
  await (await this.v2g.evcc()).pause();
});

When('the EVCC resumes the paused session', async function (this: EvcWorld) {
  await (await this.v2g.evcc()).resume();
});

Given('the EV pauses its session once', function (this: EvcWorld) {
  this.v2g.evPausesOnce();
});

Then('the EVCC resumes the paused session with its SessionID', async function (this: EvcWorld) {
  await (await this.v2g.secc()).acceptResume();
});
