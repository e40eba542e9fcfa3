/**
 * V2G steps where the harness plays the SECC and the SUT is an EVCC (@sut:evcc with @din70121, @iso15118-2 or
 * @iso15118-20). Thin: parse the text, call the SECC driver (src/v2g/roles/secc.ts). `{timer}` is a V2G timer
 * name (src/v2g/timers.ts). Answers are scripted before the request arrives; the session steps apply them.
 */
import { type DataTable, Given, Then, When } from '@cucumber/cucumber';
import type { SeccDriver } from '../src/v2g/roles/secc';
import type { V2gTimerName } from '../src/v2g/timers';
import type { EvcWorld } from './support/world';

const secc = (w: EvcWorld): Promise<SeccDriver> => w.v2g.secc();
const rows = (t: DataTable): [string, string][] => t.raw().filter((r, i) => !(i === 0 && r[0] === 'field')).map((r) => [r[0], r[1]]);

Given('the SECC ignores the first {int} SDP requests', function (this: EvcWorld, n: number) {
  this.v2g.seccUnstarted().ignoreSdpRequests(n);
});

Given('the SECC is ready for the EVCC', async function (this: EvcWorld) {
  await secc(this);
});

Then('the EVCC discovers the SECC within {timer}', async function (this: EvcWorld, timer: V2gTimerName) {
  await (await secc(this)).expectDiscoveredWithin(timer);
});

Then('the EVCC retries SDP every {timer}', async function (this: EvcWorld, timer: V2gTimerName) {
  await (await secc(this)).expectSdpRetries(timer);
});

Given('the SECC ignores every SDP request', function (this: EvcWorld) {
  this.v2g.seccUnstarted().ignoreSdpRequests(Infinity);
});

Then('the EVCC gives SDP up after at most {timer} requests', async function (this: EvcWorld, timer: V2gTimerName) {
  await (await secc(this)).expectSdpGivenUp(timer);
});

// 'Then the EVCC sends {string}' (the next request is that one) shares its text with the @sut:secc step
// 'When the EVCC sends {string}': one definition in v2g-secc.steps.ts picks by the scenario's side.

When('the SECC answers {string} with:', async function (this: EvcWorld, name: string, table: DataTable) {
  (await secc(this)).script(name, { rows: rows(table) });
});

When('the SECC answers {string} with ResponseCode {string}', async function (this: EvcWorld, name: string, code: string) {
  (await secc(this)).script(name, { rows: [['ResponseCode', code]] });
});

When('the SECC answers {string} after {timer}', async function (this: EvcWorld, name: string, timer: V2gTimerName) {
  (await secc(this)).script(name, { delayTimer: timer });
});

When('the SECC does not answer {string}', async function (this: EvcWorld, name: string) {
  (await secc(this)).script(name, { silent: true });
});

When('the session runs through {string}', async function (this: EvcWorld, name: string) {
  await (await secc(this)).runThrough(name);
});

When('the session runs to the end', async function (this: EvcWorld) {
  await (await secc(this)).runToEnd();
});

Then('the EVCC closes the TCP connection within {timer}', async function (this: EvcWorld, timer: V2gTimerName) {
  await (await secc(this)).expectClosedWithin(timer);
});

Then('the EVCC stops the session', async function (this: EvcWorld) {
  await (await secc(this)).expectStop();
});

Then('the EVCC switches the pilot to state C within {timer}', async function (this: EvcWorld, timer: V2gTimerName) {
  await (await secc(this)).expectStateCWithin(timer);
});

// DC: the EV closes S2 before CableCheck (the insulation test needs state C)
Then('the EVCC was in state C when it sent {string}', async function (this: EvcWorld, name: string) {
  await (await secc(this)).expectStateCAt(name);
});

Then('every request of the EVCC was well-formed', async function (this: EvcWorld) {
  (await secc(this)).expectWellFormed();
});
