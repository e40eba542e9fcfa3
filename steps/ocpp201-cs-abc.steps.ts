/**
 * OCPP 2.0.1 blocks A-C, charging station under test (harness = CSMS): report paging and contents, the
 * authorization cache precondition, TLS and network-profile endpoints. Thin: parse, call src/ocpp/v201/cs-abc.
 */
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import * as A from '../src/ocpp/v201/cs-abc';
import * as N from '../src/ocpp/v201/cs-abc-network';
import * as H from '../src/ocpp/v201/cs-heartbeat';
import type { SecurityProfile } from '../src/ocpp/version';
import type { EvcWorld } from './support/world';

Then('the station sends the report for requestId {int} in NotifyReport pages', async function (this: EvcWorld, requestId: number) {
  await A.collectReport(this, requestId);
});

Then('every variable in the report is configurable', function (this: EvcWorld) {
  A.assertReportConfigurable(this);
});

Then('the report includes read-only variables', function (this: EvcWorld) {
  A.assertReportHasReadOnly(this);
});

Then('the report holds the variables:', function (this: EvcWorld, table: DataTable) {
  A.assertReportHolds(this, table.raw().flat().filter((c) => c.trim() !== '' && c.trim() !== 'variable'));
});

Given('idToken {string} is in the authorization cache of the station after a session on EVSE {int}', async function (this: EvcWorld, idToken: string, evse: number) {
  await A.tokenCached(this, evse, idToken);
});

Then('within {duration} the station sends {action}', async function (this: EvcWorld, ms: number, action: string) {
  await A.expectWithin(this, action, ms);
});

Given('idToken {string} is in the authorization cache of the station after a failed presentation', async function (this: EvcWorld, idToken: string) {
  await A.tokenCachedRefused(this, idToken);
});

Then('the station does not send StatusNotification for EVSE {int} within {duration}', async function (this: EvcWorld, evse: number, ms: number) {
  await A.expectNoStatusFor(this, evse, ms);
});

// ------------------------------------------------------------------ network connection profiles

Given('a second CSMS endpoint with security profile {int} and the same CSMS root is started, its URL remembered as {string}', async function (this: EvcWorld, sp: number, name: string) {
  await N.startSecondCsms(this, sp as SecurityProfile, 'same', name);
});

Given('a second CSMS endpoint with security profile {int} and a new CSMS root is started, its URL remembered as {string}', async function (this: EvcWorld, sp: number, name: string) {
  await N.startSecondCsms(this, sp as SecurityProfile, 'new', name);
});

Given('the current CSMS URL at security profile {int} is remembered as {string}', function (this: EvcWorld, sp: number, name: string) {
  this.ocpp.vars.set(name, N.currentUrlFor(this.ocppCsms, sp));
});

Given('an unreachable CSMS URL is remembered as {string}', function (this: EvcWorld, name: string) {
  this.ocpp.vars.set(name, N.unreachableUrl(this.ocppCsms, this.ocpp.securityProfile));
});

Then('the station connects to the second CSMS endpoint', async function (this: EvcWorld) {
  await N.connectsToSecondCsms(this);
});

Then('the station is not connected to the second CSMS endpoint', function (this: EvcWorld) {
  N.notOnSecondCsms(this.ocppCsms);
});

When('the CSMS sets the station\'s BasicAuthPassword to {string}', async function (this: EvcWorld, password: string) {
  await N.setBasicAuthPassword(this, password);
});

Then('the station aborts the TLS handshake and stays unconnected for {duration}', async function (this: EvcWorld, ms: number) {
  await N.stationAbortsTls(this, ms);
});

When('the second CSMS endpoint goes down', async function (this: EvcWorld) {
  await N.secondCsmsGoesDown(this);
});

Given('a heartbeat interval the station is not using is chosen as {string}', async function (this: EvcWorld, name: string) {
  await H.chooseUnusedInterval(this, name);
});

Then(/^the station sends Heartbeat every \$\{(\w+)\} seconds$/, async function (this: EvcWorld, name: string) {
  await H.expectHeartbeatEveryChosen(this, name);
});

Then('the station keeps its connection open for {duration}', async function (this: EvcWorld, ms: number) {
  await A.expectSameConnection(this, ms);
});
