/**
 * OCPP 2.0.1 blocks A-C, charging station under test (harness = CSMS): report paging and contents, the
 * authorization cache precondition, TLS and network-profile endpoints. Thin: parse, call src/ocpp/v201/cs-abc.
 */
import { Given, Then, type DataTable } from '@cucumber/cucumber';
import * as A from '../src/ocpp/v201/cs-abc';
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
