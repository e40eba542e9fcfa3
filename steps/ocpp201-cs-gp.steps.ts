/**
 * OCPP 2.0.1 charging station under test, blocks G, J, L, M, N, P: preconditions and expectations beyond the
 * generic vocabulary (steps/ocpp.steps.ts) and the shared reusable states (steps/ocpp201-cs-states.steps.ts).
 * Thin: parse, call src/ocpp/v201/cs-gp.
 */
import { Given, Then, type DataTable } from '@cucumber/cucumber';
import * as G from '../src/ocpp/v201/cs-gp';
import type { EvcWorld } from './support/world';

// ------------------------------------------------------------------ availability preconditions

Given('connector {int} of EVSE {int} is unavailable', async function (this: EvcWorld, connector: number, evse: number) {
  await G.connectorUnavailable(this, evse, connector);
});

Given('the whole charging station is unavailable', async function (this: EvcWorld) {
  await G.stationUnavailable(this);
});

// ------------------------------------------------------------------ certificates and simulated hardware

Given('the test PKI certificate {string} is remembered as {string}', async function (this: EvcWorld, which: string, name: string) {
  await G.rememberPkiCertificate(this, which, name);
});

Given('the firmware image will fail to install on the station', async function (this: EvcWorld) {
  await G.simulate201(this, { firmwareInstallFails: true });
});

// ------------------------------------------------------------------ expectations

Then('the station does not send {action} matching the following within {duration}:', async function (this: EvcWorld, action: string, ms: number, table: DataTable) {
  await G.expectNoMatching(this, action, table.raw(), ms);
});

Then('the station sends TransactionEvent for the transaction on EVSE {int} every {int} seconds with:', async function (this: EvcWorld, evse: number, s: number, table: DataTable) {
  await G.expectPeriodicTxEvent(this, evse, s, table.raw());
});

Then('the station sends TransactionEvent for the transaction on EVSE {int} holding sampled values:', async function (this: EvcWorld, evse: number, table: DataTable) {
  await G.expectMeterValues(this, 'TransactionEvent', evse, [], table.raw());
});

Then('the station sends {word} TransactionEvent {string} for the transaction on EVSE {int} holding sampled values:', async function (this: EvcWorld, eventType: string, trigger: string, evse: number, table: DataTable) {
  await G.expectMeterValues(this, 'TransactionEvent', evse, [['eventType', eventType], ['triggerReason', trigger]], table.raw());
});

Then('the station sends MeterValues for EVSE {int} holding sampled values:', async function (this: EvcWorld, evse: number, table: DataTable) {
  await G.expectMeterValues(this, 'MeterValues', evse, [], table.raw());
});

Then('the station sends no meter values with context {string} over {int} periods of {string}', async function (this: EvcWorld, context: string, n: number, path: string) {
  await G.expectNoSampledContext(this, context, n, path);
});

Then('the station reboots, then sends BootNotification with reason {string}', async function (this: EvcWorld, reason: string) {
  await G.rebootedWithReason(this, reason);
});

Then('the station sends {action} for requestId {int} with the statuses, in order:', async function (this: EvcWorld, action: string, requestId: number, table: DataTable) {
  await G.expectStatusSequence(this, action, requestId, table.raw());
});

Then('the station responds with the remembered certificate {string} listed as {word}', function (this: EvcWorld, name: string, certificateType: string) {
  G.assertCertificateListed(this, name, certificateType);
});
