/**
 * OCPP 2.0.1 reusable states for a charging station under test (harness = CSMS), shared by every block's
 * station-side features. Thin: parse, call src/ocpp/v201/cs-states.
 */
import { Given, Then, type DataTable } from '@cucumber/cucumber';
import * as S from '../src/ocpp/v201/cs-states';
import type { EvcWorld } from './support/world';

Given('EVSE {int} has an EV connected', async function (this: EvcWorld, evse: number) {
  await S.evConnected(this, evse);
});

Given('EVSE {int} is authorized with idToken {string}', async function (this: EvcWorld, evse: number, idToken: string) {
  await S.authorizedAt(this, evse, idToken);
});

Given('EVSE {int} is charging with idToken {string}', async function (this: EvcWorld, evse: number, idToken: string) {
  await S.chargingAt(this, evse, idToken);
});

Given('EVSE {int} is unavailable', async function (this: EvcWorld, evse: number) {
  await S.unavailable(this, evse);
});

Given('EVSE {int} is faulted', async function (this: EvcWorld, evse: number) {
  await S.faulted(this, evse);
});

Given('the station variable {string} is set to {string}', async function (this: EvcWorld, path: string, value: string) {
  await S.setVariable(this, path, value);
});

Given('the CSMS knows idToken {string} as {string}', function (this: EvcWorld, idToken: string, status: string) {
  S.csmsKnowsIdToken(this.ocppCsms, idToken, { status });
});

Given('the CSMS knows idToken {string} as {string} in group {string}', function (this: EvcWorld, idToken: string, status: string, group: string) {
  S.csmsKnowsIdToken(this.ocppCsms, idToken, { status, parentIdTag: group });
});

Then('the station sends TransactionEvent for the transaction on EVSE {int} with:', async function (this: EvcWorld, evse: number, table: DataTable) {
  await S.expectTxEvent(this, evse, table.raw());
});

Then('the station reboots with BootNotification reason {string}', async function (this: EvcWorld, reason: string) {
  await S.rebootsWithReason(this, reason);
});
