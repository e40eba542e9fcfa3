/**
 * OCPP 1.6 steps for a charge point under test (harness = CSMS): the OCTT reusable states beyond Booted and
 * the transaction-aware message steps the Core (and other) CS test cases need. Thin: parse, call src/ocpp/v16.
 */
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import * as S from '../src/ocpp/v16/cs-states';
import { tableToPartial } from '../src/core/table';
import * as C from '../src/ocpp/v16/cs-core';
import * as HB from '../src/ocpp/v16/cs-heartbeat';
import * as T from '../src/ocpp/v16/cs-timing';
import type { EvcWorld } from './support/world';

// ------------------------------------------------------------------ OCTT reusable states (charge point side)

Given('connector {int} is preparing', async function (this: EvcWorld, connector: number) {
  await S.preparing16(this, connector);
});

Given('every connector above connector {int} is preparing', async function (this: EvcWorld, connector: number) {
  await S.preparingAbove16(this, connector);
});

Given('idTag {string} is authorized at connector {int}', async function (this: EvcWorld, idTag: string, connector: number) {
  await S.authorized16(this, idTag, connector);
});

Given('connector {int} is charging with idTag {string}', async function (this: EvcWorld, connector: number, idTag: string) {
  await S.charging16(this, connector, idTag);
});

Given('connector {int} is in SuspendedEV with idTag {string}', async function (this: EvcWorld, connector: number, idTag: string) {
  await S.suspendedEV16(this, connector, idTag);
});

Given('connector {int} is in SuspendedEVSE with idTag {string}', async function (this: EvcWorld, connector: number, idTag: string) {
  await S.suspendedEVSE16(this, connector, idTag);
});

Given('connector {int} is finishing with idTag {string}', async function (this: EvcWorld, connector: number, idTag: string) {
  await S.finishing16(this, connector, idTag);
});

Given('connector {int} is reserved for idTag {string}', async function (this: EvcWorld, connector: number, idTag: string) {
  await S.reserved16(this, connector, idTag);
});

Given('connector {int} is reserved for idTag {string} with reservationId {int}', async function (this: EvcWorld, connector: number, idTag: string, id: number) {
  await S.reserved16(this, connector, idTag, id);
});

Given('connector {int} is unavailable', async function (this: EvcWorld, connector: number) {
  await S.unavailable16(this, connector);
});

Given('connector {int} is faulted', async function (this: EvcWorld, connector: number) {
  await S.faulted16(this, connector);
});

Given('connector {int} is faulted with errorCode {string}', async function (this: EvcWorld, connector: number, errorCode: string) {
  await S.faulted16(this, connector, errorCode);
});

Given('the CSMS now knows idTag {string} as {string}', function (this: EvcWorld, idTag: string, status: string) {
  S.csmsKnowsIdTag(this.ocppCsms, idTag, { status });
});

Given('the CSMS now knows idTag {string} as {string} with parentIdTag {string}', function (this: EvcWorld, idTag: string, status: string, parent: string) {
  S.csmsKnowsIdTag(this.ocppCsms, idTag, { status, parentIdTag: parent });
});

// ------------------------------------------------------------------ transaction-aware messages

Then('the station starts a transaction on connector {int} with idTag {string}', async function (this: EvcWorld, connector: number, idTag: string) {
  await S.expectTransactionStart(this, connector, idTag);
});

When('the {word} sends {action} for the transaction on connector {int}', async function (this: EvcWorld, who: string, action: string, connector: number) {
  await C.sendsForTransaction(this, who, action, connector, undefined);
});

When('the {word} sends {action} for the transaction on connector {int} with:', async function (this: EvcWorld, who: string, action: string, connector: number, table: DataTable) {
  await C.sendsForTransaction(this, who, action, connector, table.raw());
});

Then('the station sends {action} for the transaction on connector {int}, before or after rebooting, with:', async function (this: EvcWorld, action: string, connector: number, table: DataTable) {
  await C.expectOnAnyConnection(this, action, C.transactionPartial(this, action, connector, table.raw()));
});

Then('the station sends {action} for the transaction on connector {int} after rebooting, with:', async function (this: EvcWorld, action: string, connector: number, table: DataTable) {
  await C.expectOnAnyConnection(this, action, C.transactionPartial(this, action, connector, table.raw()), true);
});

Then('the station sends {action} for the transaction on connector {int} every {int} seconds with:', async function (this: EvcWorld, action: string, connector: number, s: number, table: DataTable) {
  await T.expectPeriodic(this, action, C.transactionPartial(this, action, connector, table.raw()), s);
});

// ------------------------------------------------------------------ preconditions and simulated hardware

Given('the station has configuration {string} set to {string}', async function (this: EvcWorld, key: string, value: string) {
  await C.configure(this, key, value);
});

Given('the station has a fixed cable', async function (this: EvcWorld) {
  await C.simulate(this, { fixedCable: true });
});

Given('the connector lock of the station fails to lock', async function (this: EvcWorld) {
  await C.simulate(this, { lockFailure: true });
});

Given('the connector lock of the station fails to unlock', async function (this: EvcWorld) {
  await C.simulate(this, { unlockFailure: true });
});

// ------------------------------------------------------------------ connections

Then('the station reboots and sends BootNotification', async function (this: EvcWorld) {
  await C.rebootsWithBootNotification(this);
});

When('the station goes offline', async function (this: EvcWorld) {
  await C.goesOffline(this);
});

When('the station comes back online', async function (this: EvcWorld) {
  await C.comesBackOnline(this);
});

Then('the station sends {action} as its first message with:', async function (this: EvcWorld, action: string, table: DataTable) {
  await C.expectFirstMessage(this, action, tableToPartial(table.raw()));
});

// ------------------------------------------------------------------ timing (protocol seconds, scaled by the rig)

Then('the station sends {action} every {int} seconds', async function (this: EvcWorld, action: string, s: number) {
  await T.expectPeriodic(this, action, undefined, s);
});

Given('a heartbeat interval different from the station\'s current one is chosen as {string}', async function (this: EvcWorld, name: string) {
  await HB.chooseHeartbeatInterval(this, name);
});

Then(/^the station sends a Heartbeat every \$\{(\w+)\} seconds$/, async function (this: EvcWorld, name: string) {
  await HB.expectHeartbeatEvery(this, HB.secondsVar(this, name));
});

Then('the station sends {action} every {int} seconds with:', async function (this: EvcWorld, action: string, s: number, table: DataTable) {
  await T.expectPeriodic(this, action, tableToPartial(table.raw()), s);
});

Then('after about {int} seconds the station sends {action} with:', async function (this: EvcWorld, s: number, action: string, table: DataTable) {
  await T.expectAfterAbout(this, action, tableToPartial(table.raw()), s);
});

Then('the station sends {action} again after about {int} seconds, and nothing else before it', async function (this: EvcWorld, action: string, s: number) {
  await T.expectAfterAbout(this, action, undefined, s, true);
});

Then('the station sends StopTransaction for the transaction on connector {int} and StatusNotification {string} in any order, with:', async function (this: EvcWorld, connector: number, status: string, table: DataTable) {
  await C.expectStopAndStatus(this, connector, status, table.raw());
});

Given('idTag {string} is in the authorization cache', async function (this: EvcWorld, idTag: string) {
  await S.cachedIdTag16(this, idTag);
});

When('{int} seconds pass', async function (this: EvcWorld, s: number) {
  await C.protocolSecondsPass(this, s);
});

Then('the station starts a transaction on connector {int} with idTag {string}, dated while it was offline', async function (this: EvcWorld, connector: number, idTag: string) {
  await C.expectOfflineStart(this, connector, idTag, true);
});

Then('the station sends StartTransaction for connector {int} with idTag {string}, dated while it was offline', async function (this: EvcWorld, connector: number, idTag: string) {
  await C.expectOfflineStart(this, connector, idTag, false);
});

Then('the station sends {action} for the transaction on connector {int}, dated while it was offline, with:', async function (this: EvcWorld, action: string, connector: number, table: DataTable) {
  await C.expectOfflineForTransaction(this, action, connector, table.raw());
});

Then('the station sends {action} for the transaction on connector {int}, dated while it was offline', async function (this: EvcWorld, action: string, connector: number) {
  await C.expectOfflineForTransaction(this, action, connector, undefined);
});

Then('the station responds with configuration keys including:', function (this: EvcWorld, table: DataTable) {
  C.assertConfigurationKeys(this, table.raw(), false);
});

Then('the station responds with exactly the configuration keys:', function (this: EvcWorld, table: DataTable) {
  C.assertConfigurationKeys(this, table.raw(), true);
});

Then('the station sends clock-aligned {action} for the transaction on connector {int} every {int} seconds with:', async function (this: EvcWorld, action: string, connector: number, s: number, table: DataTable) {
  await T.expectClockAligned(this, action, C.transactionPartial(this, action, connector, table.raw()), s);
});

Then('the station sends StopTransaction for the transaction on connector {int} and StatusNotification {string} in any order, dated while it was offline, with:', async function (this: EvcWorld, connector: number, status: string, table: DataTable) {
  await C.expectStopAndStatus(this, connector, status, table.raw(), true);
});
