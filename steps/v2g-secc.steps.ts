/**
 * V2G steps where the harness plays the EVCC and the SUT is a SECC (@sut:secc with @din70121, @iso15118-2 or
 * @iso15118-20). Thin: parse the text, call the EVCC driver (src/v2g/roles/evcc.ts). `{timer}` is a V2G timer
 * name (src/v2g/timers.ts; rig overrides and the reference scale apply).
 */
import { type DataTable, Given, Then, When } from '@cucumber/cucumber';
import type { V2gStandard } from '../src/v2g/messages/types';
import { expectAnsweredWithin, expectLoopFinishedWithin } from '../src/v2g/roles/answer-time';
import type { EvccDriver } from '../src/v2g/roles/evcc';
import type { V2gTimerName } from '../src/v2g/timers';
import type { EvcWorld } from './support/world';

const evcc = (w: EvcWorld): Promise<EvccDriver> => w.v2g.evcc();
const rows = (t: DataTable): [string, string][] => t.raw().filter((r, i) => !(i === 0 && r[0] === 'field')).map((r) => [r[0], r[1]]);

Given('the EVCC has discovered the SECC', async function (this: EvcWorld) {
  await (await evcc(this)).discover();
});

Given('a V2G session is set up', async function (this: EvcWorld) {
  await (await evcc(this)).setUp();
});

When('the EVCC runs the session up to {string}', async function (this: EvcWorld, name: string) {
  await (await evcc(this)).runUpTo(name);
});

// @sut:secc: the harness EVCC sends it; @sut:evcc ('Then the EVCC sends …'): the EVCC under test's next request is it
When('the EVCC sends {string}', async function (this: EvcWorld, name: string) {
  if (this.v2g.shape.sut === 'evcc') await (await this.v2g.secc()).expectRequest(name);
  else await (await evcc(this)).send(name);
});

When('the EVCC sends {string} with:', async function (this: EvcWorld, name: string, table: DataTable) {
  await (await evcc(this)).send(name, rows(table));
});

Then('the SECC answers with ResponseCode {string}', async function (this: EvcWorld, code: string) {
  (await evcc(this)).expectResponseCode(code);
});

Then('the SECC answers with a ResponseCode starting with {string}', async function (this: EvcWorld, prefix: string) {
  (await evcc(this)).expectResponseCode(prefix, true);
});

Then('the response field {string} is {string}', async function (this: EvcWorld, path: string, value: string) {
  (await evcc(this)).expectResponseField(path, value);
});

When('the EVCC completes the session', async function (this: EvcWorld) {
  await (await evcc(this)).completeSession();
});

Then('the SECC closes the TCP connection within {timer}', async function (this: EvcWorld, timer: V2gTimerName) {
  await (await evcc(this)).expectClosedWithin(timer);
});

Then('the SECC keeps the TCP connection open for {timer}', async function (this: EvcWorld, timer: V2gTimerName) {
  await (await evcc(this)).expectOpenFor(timer);
});

When('the EVCC sends nothing for longer than {timer}', async function (this: EvcWorld, timer: V2gTimerName) {
  await (await evcc(this)).idleLongerThan(timer);
});

When('the EVCC sends the raw frame {string}', async function (this: EvcWorld, hex: string) {
  await (await evcc(this)).sendRaw(hex);
});

Then('the SECC closes the TCP connection without an answer', async function (this: EvcWorld) {
  await (await evcc(this)).expectClosedWithoutAnswer();
});

When('the EVCC offers the app protocols:', async function (this: EvcWorld, table: DataTable) {
  const offer = table.hashes().map((r) => ({ standard: r.standard as V2gStandard, priority: Number(r.priority) }));
  await (await evcc(this)).handshake(offer);
});

Then('the SECC selects {string}', async function (this: EvcWorld, standard: string) {
  (await evcc(this)).expectSelected(standard);
});

Then('the SECC answers the app-protocol handshake with {string}', async function (this: EvcWorld, code: string) {
  (await evcc(this)).expectSapCode(code);
});

Then('the pilot shows {int} % duty', async function (this: EvcWorld, pct: number) {
  await (await evcc(this)).expectDuty(pct);
});

// DC: the harness EV closes S2 before CableCheck unless this step holds it open (what does the SECC do in state B?)
When('the EVCC keeps the pilot in state B', async function (this: EvcWorld) {
  (await evcc(this)).keepStateB();
});

Then('the SECC energises only after the EVCC switched to state C', async function (this: EvcWorld) {
  await (await evcc(this)).expectEnergisedOnlyAfterC();
});

// a SECC performance time (seccPerformance, seccCurrentDemand, seccChargeLoop20, …) on the last exchange, any standard
Then('the SECC answered within {timer}', async function (this: EvcWorld, timer: V2gTimerName) {
  expectAnsweredWithin(await this.v2g.evcc(), timer, this.v2g.limits, this.trace);
});

// a SECC-side loop timer (seccOngoing, seccCableCheck, seccPreCharge) on a loop the session ran through
Then('the SECC finished the {string} loop within {timer}', async function (this: EvcWorld, request: string, timer: V2gTimerName) {
  expectLoopFinishedWithin(await this.v2g.evcc(), request, timer, this.v2g.limits, this.trace);
});

// raw SDP (src/v2g/roles/sdp-probe.ts): bytes as given to the SECC's SDP address, bounded waits for an answer
When('the EVCC sends the raw SDP request {string}', async function (this: EvcWorld, hex: string) {
  await (await evcc(this)).sdpProbe().sendRaw(hex);
});

Then('the SECC does not answer it within {timer}', async function (this: EvcWorld, timer: V2gTimerName) {
  await (await evcc(this)).sdpProbe().expectNoAnswerWithin(timer);
});

Then('the SECC answers the next well-formed SDP request', async function (this: EvcWorld) {
  await (await evcc(this)).sdpProbe().expectAnswersWellFormed();
});

When('the EVCC sends {int} well-formed SDP requests in a row', async function (this: EvcWorld, count: number) {
  await (await evcc(this)).sdpProbe().sendWellFormed(count);
});

Then('the SECC answers each of them', async function (this: EvcWorld) {
  await (await evcc(this)).sdpProbe().expectEachAnswered();
});
