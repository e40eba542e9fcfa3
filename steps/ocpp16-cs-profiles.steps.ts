/**
 * OCPP 1.6 steps for the non-Core profiles with a charge point under test (harness = CSMS): Local Auth List,
 * Firmware Management, Reservation, Remote Trigger, Smart Charging, Security. Thin: parse, call src/ocpp/v16.
 */
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import * as P from '../src/ocpp/v16/cs-profiles';
import * as SC from '../src/ocpp/v16/cs-profiles-smart';
import * as SEC from '../src/ocpp/v16/cs-profiles-security';
import { newConnection } from '../src/ocpp/v16/cs-core';
import type { EvcWorld } from './support/world';

// ------------------------------------------------------------------ preconditions

Given('firmware installation on the station will fail', async function (this: EvcWorld) {
  await P.simulate(this.ocppCsms, { firmwareInstallFails: true }, 'firmware installation fails');
});

Given('the station operator has disabled reservations', async function (this: EvcWorld) {
  await P.simulate(this.ocppCsms, { rejectReservations: true }, 'reservations disabled by the operator');
});

// ------------------------------------------------------------------ messages and sequences

When('the CSMS sends a Full SendLocalList longer than the station\'s SendLocalListMaxLength', async function (this: EvcWorld) {
  await P.sendOversizedLocalList(this.ocppCsms);
});

// ------------------------------------------------------------------ smart charging

When('the CSMS sets a charging profile for the transaction on connector {int} with:', async function (this: EvcWorld, connector: number, table: DataTable) {
  await SC.setProfileForTransaction(this, connector, table.raw());
});

When('the CSMS sets a charging profile for another transaction than the one on connector {int} with:', async function (this: EvcWorld, connector: number, table: DataTable) {
  await SC.setProfileForTransaction(this, connector, table.raw(), 1000);
});

Then('the station meters at most {int} W Power.Active.Import on connector {int}', async function (this: EvcWorld, watts: number, connector: number) {
  await SC.expectPowerAtMost(this.ocppCsms, connector, watts);
});

Then('the composite schedule for connector {int} agrees with the charging profiles the station accepted', function (this: EvcWorld, connector: number) {
  SC.assertCompositeMatchesProfiles(this, connector);
});

Then('the station responds with a composite schedule in {word} of:', function (this: EvcWorld, unit: string, table: DataTable) {
  SC.assertCompositeSchedule(this.ocppCsms, table.raw(), unit);
});

// ------------------------------------------------------------------ security (certificates, firmware, credentials, TLS)

When('the CSMS installs the {string} test certificate as {word}', async function (this: EvcWorld, name: string, type: string) {
  await SEC.installCertificate(this.ocppCsms, type, name);
});

Then('the station lists the {string} test certificate', async function (this: EvcWorld, name: string) {
  await SEC.assertListsCertificate(this.ocppCsms, name);
});

When('the CSMS sends DeleteCertificate for the listed certificate', async function (this: EvcWorld) {
  await SEC.deleteListedCertificate(this.ocppCsms);
});

Then('the CSR is self-signed and names the CPO from configuration key CpoName', async function (this: EvcWorld) {
  await SEC.assertCsrSubject(this.ocppCsms, await P.readConfiguration(this.ocppCsms, 'CpoName'));
});

When('the CSMS sends CertificateSigned with the station\'s CSR signed by the test root CA', async function (this: EvcWorld) {
  await SEC.answerCsr(this.ocppCsms);
});

When('the CSMS sends CertificateSigned with a certificate not issued for the station', async function (this: EvcWorld) {
  await SEC.sendForeignCertificate(this.ocppCsms);
});

When('the CSMS sends SignedUpdateFirmware signed with the test PKI with:', async function (this: EvcWorld, table: DataTable) {
  await SEC.signedUpdateFirmware(this.ocppCsms, table.raw());
});

Given('the firmware image will not match its signature', async function (this: EvcWorld) {
  await P.simulate(this.ocppCsms, { invalidFirmwareSignature: true }, 'a firmware image whose signature does not verify');
});

When('the CSMS changes the station\'s AuthorizationKey to {string}', async function (this: EvcWorld, key: string) {
  await SEC.changeAuthorizationKey(this.ocppCsms, key);
});

Then('the station reconnects on a new connection', async function (this: EvcWorld) {
  await newConnection(this);
});

When('the CSMS endpoint switches to security profile {int}', async function (this: EvcWorld, sp: number) {
  await SEC.replaceCsms(this, sp as 0 | 1 | 2 | 3);
});

When('the CSMS endpoint presents a server certificate the station does not trust', async function (this: EvcWorld) {
  await SEC.replaceCsms(this, this.ocpp.securityProfile, 'untrusted');
});

When('the CSMS endpoint presents its valid server certificate again', async function (this: EvcWorld) {
  await SEC.replaceCsms(this, this.ocpp.securityProfile, 'valid');
});

Then('the station does not connect within {duration}', async function (this: EvcWorld, ms: number) {
  await SEC.expectNoConnection(this.ocppCsms, ms);
});

Then('the station authenticated with HTTP Basic authentication', function (this: EvcWorld) {
  SEC.assertBasicAuth(this.ocppCsms);
});

Then('the connection is secured with TLS 1.2 or newer', function (this: EvcWorld) {
  SEC.assertTls(this.ocppCsms);
});

Then('the station presented its client certificate', function (this: EvcWorld) {
  SEC.assertClientCertificate(this.ocppCsms);
});
