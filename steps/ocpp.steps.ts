/**
 * Generic OCPP vocabulary, usable across the catalogue and both directions. "the station"/"the CSMS" names
 * a party: when it is the SUT, "sends" is an expectation (table = partial match); when the harness plays
 * it, "sends" is an action (table = payload). Steps only parse text and call the World.
 */
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { substituteVars, tableToPayload } from '../src/core/table';
import { booted } from '../src/ocpp/states16';
import { loadFixture } from '../src/core/fixtures';
import { type RefusedAttempt, expectCsmsRefuses } from '../src/ocpp/connection-checks';
import type { CsmsCertificateChoice } from '../src/ocpp/harness';
import { EvcError } from '../src/core/errors';
import type { EvcWorld } from './support/world';

type Party = 'station' | 'CSMS';
const party = (text: string): Party => (text === 'CSMS' ? 'CSMS' : 'station');

// ------------------------------------------------------------------ set-up and connection

Given('the security profile is {int}', function (this: EvcWorld, sp: number) {
  this.ocpp.setSecurityProfile(sp);
});

Given('the CSMS knows idTag {string} as {string}', async function (this: EvcWorld, idTag: string, status: string) {
  if (this.ocpp.side === 'csms') await this.rig.sutSetting(`configuring the CSMS to know idTag '${idTag}' as ${status}`, `the CSMS answers ${idTag} with ${status}`);
  if (this.ocpp.isStarted) throw new EvcError('the CSMS must know the idTag before the connection is made (put this step first, or use "the CSMS now knows …")');
  this.ocpp.idTags.set(idTag, { status });
});

Given('the {word} will answer {action} with:', function (this: EvcWorld, who: string, action: string, table: DataTable) {
  this.ocpp.harnessWillAnswer(party(who), action, { result: tableToPayload(substituteVars(table.raw(), this.ocpp.vars)) });
});

Given('the {word} will answer {action} with error {string}', function (this: EvcWorld, who: string, action: string, code: string) {
  this.ocpp.harnessWillAnswer(party(who), action, { error: code, description: 'scenario-defined error' });
});

Given('the {word} will not answer {action}', function (this: EvcWorld, who: string, action: string) {
  this.ocpp.harnessWillAnswer(party(who), action, { noReply: true });
});

// A boot test case: it must see the station boot (a station already booted in this run is reset first).
When('the station connects to the CSMS', async function (this: EvcWorld) {
  await this.ocpp.startSeeingBoot();
});

// ------------------------------------------------------------------ messages

When('the {word} sends {action}', async function (this: EvcWorld, who: string, action: string) {
  await this.ocpp.sends(party(who), action, undefined);
});

When('the {word} sends {action} with:', async function (this: EvcWorld, who: string, action: string, table: DataTable) {
  await this.ocpp.sends(party(who), action, table.raw());
});

Then('the {word} does not send {action} within {duration}', async function (this: EvcWorld, who: string, action: string, ms: number) {
  await this.ocpp.expectNoCallFrom(party(who), action, ms);
});

Then('the {word} responds with:', function (this: EvcWorld, _who: string, table: DataTable) {
  this.ocpp.assertResultRows(table.raw());
});

Then('the {word} responds with status {string}', function (this: EvcWorld, _who: string, status: string) {
  this.ocpp.assertResult({ status });
});

Then('the CSMS responds with the heartbeat interval it is configured with', function (this: EvcWorld) {
  this.ocpp.assertResult({ interval: this.ocpp.configuredCsmsHeartbeatInterval() });
});

Then('the {word} responds with error {string}', function (this: EvcWorld, _who: string, code: string) {
  this.ocpp.assertError(code);
});

Then('the {word} responds with error {string} spelled as its OCPP version requires', function (this: EvcWorld, _who: string, code: string) {
  this.ocpp.assertErrorSpelling(code);
});

When('the {word} sends the raw frame:', async function (this: EvcWorld, _who: string, text: string) {
  await this.ocpp.sendRaw(text);
});

Then('the {word} sends in any order:', async function (this: EvcWorld, _who: string, table: DataTable) {
  await this.ocpp.expectRowsInAnyOrder(table.raw());
});

Then('the response field {string} is remembered as {string}', function (this: EvcWorld, field: string, name: string) {
  this.ocpp.remember('response', field, name);
});

Then('the message field {string} is remembered as {string}', function (this: EvcWorld, field: string, name: string) {
  this.ocpp.remember('message', field, name);
});

// ------------------------------------------------------------------ physical actions on a station under test

When('the EV is plugged in at connector {int}', async function (this: EvcWorld, connector: number) {
  await (await this.ocpp.stationUnderTest()).plugIn(connector);
});

When('the EV is unplugged from connector {int}', async function (this: EvcWorld, connector: number) {
  await (await this.ocpp.stationUnderTest()).unplug(connector);
});

When('idTag {string} is presented', async function (this: EvcWorld, idTag: string) {
  await (await this.ocpp.stationUnderTest()).presentIdTag(idTag);
});

When('idTag {string} is presented at connector {int}', async function (this: EvcWorld, idTag: string, connector: number) {
  await (await this.ocpp.stationUnderTest()).presentIdTag(idTag, connector);
});

When('the EV suspends charging at connector {int}', async function (this: EvcWorld, connector: number) {
  await (await this.ocpp.stationUnderTest()).evSuspend(connector);
});

When('the EV resumes charging at connector {int}', async function (this: EvcWorld, connector: number) {
  await (await this.ocpp.stationUnderTest()).evResume(connector);
});

When('connector {int} reports fault {string}', async function (this: EvcWorld, connector: number, errorCode: string) {
  await (await this.ocpp.stationUnderTest()).raiseFault(connector, errorCode);
});

When('the fault at connector {int} is cleared', async function (this: EvcWorld, connector: number) {
  await (await this.ocpp.stationUnderTest()).clearFault(connector);
});

// A power cycle, by the bench driver or reference simulator only: never replaced by an OCPP Reset on the
// persistent listener (a Reset ends a transaction with another reason than PowerLoss). See README.
When('the station is power cycled', async function (this: EvcWorld) {
  await (await this.ocpp.stationUnderTest()).powerCycle();
});

When('the station loses its connection for {duration}', async function (this: EvcWorld, ms: number) {
  await (await this.ocpp.stationUnderTest()).goOffline(ms);
});

// ------------------------------------------------------------------ operator actions on a CSMS under test

When('the CSMS is made to send {action} with:', async function (this: EvcWorld, action: string, table: DataTable) {
  await this.ocpp.triggerCsmsRows(action, table.raw());
});

When('the CSMS is made to send {action}', async function (this: EvcWorld, action: string) {
  await this.ocpp.triggerCsmsRows(action, undefined);
});

// The CSMS under test builds the message itself from an operator's intent ("remotely start a transaction").
When(/^the CSMS is asked to (.+) with:$/, async function (this: EvcWorld, phrase: string, table: DataTable) {
  await this.ocpp.askCsms(phrase, table.raw());
});

When(/^the CSMS is asked to (.+?)(?<! with:)$/, async function (this: EvcWorld, phrase: string) {
  await this.ocpp.askCsms(phrase, undefined);
});

// ------------------------------------------------------------------ OCTT reusable states

Given('the station is booted', async function (this: EvcWorld) {
  await booted(this.ocpp.context);
});

// ------------------------------------------------------------------ fixtures

When('the {word} sends {action} from fixture {string}', async function (this: EvcWorld, who: string, action: string, name: string) {
  await this.ocpp.sends(party(who), action, undefined, loadFixture<Record<string, unknown>>(name));
});

// ------------------------------------------------------------------ connection security (negative checks)

Given('the CSMS presents {csmsCertificate}', function (this: EvcWorld, choice: CsmsCertificateChoice) {
  this.ocpp.csmsCertificate = choice;
});

Then('the station refuses to open an OCPP connection within {duration}', async function (this: EvcWorld, ms: number) {
  await this.ocpp.expectNoStationConnection(ms);
});

Then('the CSMS refuses a connection with {refusedAttempt}', async function (this: EvcWorld, attempt: RefusedAttempt) {
  await expectCsmsRefuses(this.ocppStation, attempt, this.trace, this.timeout('ocpp', 'connect'));
});
