/**
 * OCPP 2.0.1 steps for blocks E (Transactions) and F (RemoteControl), charging station under test (harness =
 * CSMS): device-model configuration through SetVariables, TransactionEvent expectations per EVSE (transactionId,
 * seqNo, evse scoping, timestamps), retransmissions. Thin: parse, call src/ocpp/v201/cs-ef.
 */
import { Then, When, type DataTable } from '@cucumber/cucumber';
import * as EF from '../src/ocpp/v201/cs-ef';
import type { EvcWorld } from './support/world';

Then('the station starts a transaction on EVSE {int} with:', async function (this: EvcWorld, evseId: number, table: DataTable) {
  await EF.expectStarted(this, evseId, table.raw());
});

Then('the station sends TransactionEvent {word} for the transaction on EVSE {int} with:', async function (this: EvcWorld, eventType: string, evseId: number, table: DataTable) {
  await EF.expectForTransaction(this, eventType, evseId, table.raw());
});

Then('the station sends TransactionEvent {word} for the transactions on EVSE {int} and {int}, in any order, with:', async function (this: EvcWorld, eventType: string, a: number, b: number, table: DataTable) {
  await EF.expectForTransactionsAnyOrder(this, eventType, [a, b], table.raw());
});

Then('the station sends the transaction on EVSE {int}, queued while offline, in this order:', async function (this: EvcWorld, evseId: number, table: DataTable) {
  await EF.expectOfflineSequence(this, evseId, table.raw());
});

Then('the station sends that TransactionEvent again, at least {int} seconds later', async function (this: EvcWorld, seconds: number) {
  await EF.expectRetransmission(this, seconds);
});

Then('the response carries the transactionId of the transaction on EVSE {int}', function (this: EvcWorld, evseId: number) {
  EF.assertResponseTransactionId(this, evseId);
});

Then('the station reports EVSE {int} {word} and starts a transaction on it with:', async function (this: EvcWorld, evseId: number, status: string, table: DataTable) {
  await EF.expectStatusAndStarted(this, evseId, status, table.raw());
});

When('the CSMS sends {action} for the transaction on EVSE {int}', async function (this: EvcWorld, action: string, evseId: number) {
  await EF.sendForTransaction(this, action, evseId);
});

Then('the station sends TransactionEvent {word} for the transaction on EVSE {int} and StatusNotification {word}, in any order, with:', async function (this: EvcWorld, eventType: string, evseId: number, status: string, table: DataTable) {
  await EF.expectForTransactionAndStatus(this, eventType, evseId, status, table.raw());
});
