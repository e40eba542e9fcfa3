/**
 * OCPP 2.0.1 steps for the CSMS-under-test catalogue (TC_x_nn_CSMS): the harness plays the charging station.
 * They add what the generic vocabulary (ocpp.steps.ts) cannot say: numbered TransactionEvents (transactionId
 * and seqNo kept per EVSE; the running id is the scenario variable `${txN}`), the OCTT reusable states,
 * connection probes (refused credentials, TLS 1.1) and the operator's test-PKI material. Steps only parse
 * text and delegate to src/ocpp/v201/csms-*.ts.
 */
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { substituteVars, tableToPayload } from '../src/core/table';
import { expectTls11Refused, expectUpgradeRefused, startWithPendingBoot } from '../src/ocpp/v201/csms-connection';
import { signedFirmware201, testRootHashData, testRootPem } from '../src/ocpp/v201/csms-material';
import { charging201, evConnected201 } from '../src/ocpp/v201/csms-states';
import { HarnessStation201 } from '../src/ocpp/v201/csms-station';
import type { EvcWorld } from './support/world';

/** The harness station of this scenario, created on first use. */
function station(w: EvcWorld): HarnessStation201 {
  if (!w.sessions.csms201) w.sessions.csms201 = new HarnessStation201(w.ocppStation);
  return w.sessions.csms201 as HarnessStation201;
}

// ------------------------------------------------------------------ set-up and reusable states

Given('the CSMS is configured to answer the first BootNotification with Pending', async function (this: EvcWorld) {
  await startWithPendingBoot(station(this).h, this.rig);
});

Given('the heartbeat interval the CSMS is configured with is remembered as {string}', function (this: EvcWorld, name: string) {
  this.ocpp.vars.set(name, this.ocpp.configuredCsmsHeartbeatInterval());
});

Given('the station has an EV connected at EVSE {int}', async function (this: EvcWorld, evse: number) {
  await evConnected201(station(this), evse);
});

Given('the station is charging on EVSE {int} with idToken {string}', async function (this: EvcWorld, evse: number, idToken: string) {
  await charging201(station(this), evse, idToken);
});

// ------------------------------------------------------------------ station-initiated messages

When('the station reports EVSE {int} as {string}', async function (this: EvcWorld, evse: number, status: string) {
  await station(this).status(evse, status);
});

Then('the CSMS acknowledges the {action}', function (this: EvcWorld, action: string) {
  station(this).acknowledged(action);
});

When('the station sends Authorize for idToken {string}', async function (this: EvcWorld, idToken: string) {
  await station(this).authorize(idToken);
});

When('the station sends TransactionEvent for EVSE {int} with:', async function (this: EvcWorld, evse: number, table: DataTable) {
  await station(this).transactionEvent(evse, tableToPayload(substituteVars(table.raw(), this.ocpp.vars)));
});

When('the station sends FirmwareStatusNotification {string} for requestId {string}', async function (this: EvcWorld, status: string, requestId: string) {
  await station(this).send('FirmwareStatusNotification', { status, requestId: Number(substituteVars([[requestId]], this.ocpp.vars)[0][0]) });
});

When('the station sends LogStatusNotification {string} for requestId {string}', async function (this: EvcWorld, status: string, requestId: string) {
  await station(this).send('LogStatusNotification', { status, requestId: Number(substituteVars([[requestId]], this.ocpp.vars)[0][0]) });
});

// ------------------------------------------------------------------ operator material

Given('the firmware {string} signed with the test root is remembered as {string}', async function (this: EvcWorld, location: string, name: string) {
  for (const [key, value] of Object.entries(await signedFirmware201(location))) this.ocpp.vars.set(`${name}.${key}`, value);
});

Given('the station will answer GetInstalledCertificateIds with the test root as {string}', async function (this: EvcWorld, type: string) {
  const hash = await testRootHashData();
  this.ocpp.harnessWillAnswer('station', 'GetInstalledCertificateIds', { result: { status: 'Accepted', certificateHashDataChain: [{ certificateType: type, certificateHashData: hash }] } });
});

Given('the test root certificate is remembered as {string}', async function (this: EvcWorld, name: string) {
  this.ocpp.vars.set(name, await testRootPem());
});

Then('the CSMS sends DeleteCertificate for the test root', async function (this: EvcWorld) {
  await this.ocpp.expectCall('DeleteCertificate', { certificateHashData: await testRootHashData() });
});

// ------------------------------------------------------------------ connection

When('the station drops its connection to the CSMS', async function (this: EvcWorld) {
  await station(this).disconnect();
});

When('the station opens a new connection to the CSMS', async function (this: EvcWorld) {
  await station(this).reconnect();
});

Then('the CSMS refuses a connection of the station with password {string}', async function (this: EvcWorld, password: string) {
  await expectUpgradeRefused(this.ocppStation, this.ocpp.identity, substituteVars([[password]], this.ocpp.vars)[0][0]);
});

Then('the CSMS refuses a connection of the station with username {string} and its valid password', async function (this: EvcWorld, user: string) {
  await expectUpgradeRefused(this.ocppStation, user, this.ocpp.password);
});

Then('the CSMS refuses a TLS handshake of at most TLS 1.1', async function (this: EvcWorld) {
  await expectTls11Refused(this.ocppStation);
});
