/**
 * OCPP 1.6 steps for the CSMS-under-test catalogue (TC_xxx_CSMS): the harness plays the charge point. They add
 * what the generic vocabulary (ocpp.steps.ts) cannot say: values the CSMS assigned earlier (the transaction on
 * a connector), the Charging reusable state, offline/reconnect (also with a new AuthorizationKey), certificate
 * signing requests and test-PKI material for the operator's triggers. Steps only parse text and delegate.
 */
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { tableToPartial, tableToPayload } from '../src/core/table';
import { HarnessStation16 } from '../src/ocpp/v16/csms-station';
import { askInstallTestRoot, askSignedFirmwareUpdate, certificateSigningRequest, checkSignedForRequest, expectRefusedWithPassword } from '../src/ocpp/v16/csms-security';
import { charging16 } from '../src/ocpp/v16/csms-states';
import type { EvcWorld } from './support/world';

/** The harness station of this scenario, created on first use with a guard over its earlier connections. */
function station(w: EvcWorld): HarnessStation16 {
  if (w.sessions.csms16) return w.sessions.csms16 as HarnessStation16;
  const st = new HarnessStation16(w.ocppStation);
  w.addGuard('ocpp16-csms', () => st.earlierProblems());
  return (w.sessions.csms16 = st);
}

// ------------------------------------------------------------------ reusable states

Given('the station is charging on connector {int} with idTag {string}', async function (this: EvcWorld, connector: number, idTag: string) {
  await charging16(station(this), connector, idTag);
});

// ------------------------------------------------------------------ station-initiated messages

When('the station reports connector {int} as {string}', async function (this: EvcWorld, connector: number, status: string) {
  await station(this).report(connector, status);
});

When('the station reports connector {int} as {string} with error code {string}', async function (this: EvcWorld, connector: number, status: string, code: string) {
  await station(this).report(connector, status, code);
});

Then('the CSMS confirms the {action}', function (this: EvcWorld, action: string) {
  station(this).confirm(action);
});

When('the station sends StartTransaction for connector {int} with idTag {string}', async function (this: EvcWorld, connector: number, idTag: string) {
  await station(this).startTransaction(connector, idTag);
});

When('the station sends StartTransaction for connector {int} with idTag {string} and reservation {int}', async function (this: EvcWorld, connector: number, idTag: string, reservationId: number) {
  await station(this).startTransaction(connector, idTag, { reservationId });
});

When('the station sends StartTransaction for connector {int} with idTag {string} and reservation {string}', async function (this: EvcWorld, connector: number, idTag: string, reservation: string) {
  await station(this).startTransaction(connector, idTag, { reservationId: Number(reservation) });
});

When('the station sends StartTransaction for connector {int} with idTag {string}, started {int} seconds ago', async function (this: EvcWorld, connector: number, idTag: string, ago: number) {
  await station(this).startTransaction(connector, idTag, { agoSeconds: ago });
});

When('the station sends StopTransaction for connector {int} with reason {string}', async function (this: EvcWorld, connector: number, reason: string) {
  await station(this).stopTransaction(connector, reason);
});

When('the station sends StopTransaction for connector {int} with reason {string} and idTag {string}', async function (this: EvcWorld, connector: number, reason: string, idTag: string) {
  await station(this).stopTransaction(connector, reason, { idTag });
});

When('the station sends StopTransaction for connector {int} with reason {string} and idTag {string}, stopped {int} seconds ago', async function (this: EvcWorld, connector: number, reason: string, idTag: string, ago: number) {
  await station(this).stopTransaction(connector, reason, { idTag, agoSeconds: ago });
});

When('the station sends MeterValues sampled on connector {int}', async function (this: EvcWorld, connector: number) {
  await station(this).meterValues(connector);
});

When('the station sends SignCertificate with a signing request for its identity', async function (this: EvcWorld) {
  const { csr, keyPem } = await certificateSigningRequest(this.ocpp.identity);
  station(this).csrKeyPem = keyPem;
  await station(this).send('SignCertificate', { csr });
});

Then('the CSMS sends CertificateSigned with a certificate issued for that signing request', async function (this: EvcWorld) {
  const item = await this.ocpp.expectCall('CertificateSigned');
  checkSignedForRequest(item.payload.certificateChain, station(this).csrKeyPem ?? '', this.ocpp.identity);
});

// ------------------------------------------------------------------ CSMS-initiated messages about a transaction

When('the CSMS is made to send {action} for the transaction on connector {int}', async function (this: EvcWorld, action: string, connector: number) {
  await station(this).triggerForTransaction(action, connector, {});
});

When('the CSMS is made to send {action} for the transaction on connector {int} with:', async function (this: EvcWorld, action: string, connector: number, table: DataTable) {
  await station(this).triggerForTransaction(action, connector, tableToPayload(table.raw()));
});

Then('the CSMS sends {action} naming the transaction on connector {int}', async function (this: EvcWorld, action: string, connector: number) {
  await station(this).expectForTransaction(action, connector, {});
});

Then('the CSMS sends {action} naming the transaction on connector {int} with:', async function (this: EvcWorld, action: string, connector: number, table: DataTable) {
  await station(this).expectForTransaction(action, connector, tableToPartial(table.raw()));
});

// operator intents that need the run's test PKI (the generic 'the CSMS is asked to …' cannot carry it)
When('the operator asks the CSMS to install the test root certificate as {string}', async function (this: EvcWorld, type: string) {
  await askInstallTestRoot(this.ocppStation, type);
});

When('the operator asks the CSMS to update the firmware securely from {string}', async function (this: EvcWorld, location: string) {
  await askSignedFirmwareUpdate(this.ocppStation, location);
});

Then('the CSMS sends GetConfiguration for all keys', async function (this: EvcWorld) {
  await station(this).expectGetAllConfiguration();
});

// ------------------------------------------------------------------ connection

When('the station disconnects from the CSMS', async function (this: EvcWorld) {
  await station(this).disconnect();
});

When('the station reconnects to the CSMS', async function (this: EvcWorld) {
  await station(this).reconnect();
});

When('the station reconnects to the CSMS with AuthorizationKey {string}', async function (this: EvcWorld, key: string) {
  await station(this).reconnect(key);
});

Then('the CSMS refuses a connection of the station with its previous AuthorizationKey', async function (this: EvcWorld) {
  await expectRefusedWithPassword(this.ocppStation, station(this).previousPassword ?? this.ocpp.password);
});
