/**
 * OCPP 1.6 steps for the non-Core profiles with a charge point under test (harness = CSMS): Local Auth List,
 * Firmware Management, Reservation, Remote Trigger, Smart Charging, Security. Thin: parse, call src/ocpp/v16.
 */
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import * as P from '../src/ocpp/v16/cs-profiles';
import * as SC from '../src/ocpp/v16/cs-profiles-smart';
import type { EvcWorld } from './support/world';

// ------------------------------------------------------------------ preconditions

Given('firmware installation on the station will fail', async function (this: EvcWorld) {
  await P.simulate(this.ocpp, { firmwareInstallFails: true }, 'firmware installation fails');
});

Given('the station operator has disabled reservations', async function (this: EvcWorld) {
  await P.simulate(this.ocpp, { rejectReservations: true }, 'reservations disabled by the operator');
});

// ------------------------------------------------------------------ messages and sequences

When('the CSMS sends a Full SendLocalList longer than the station\'s SendLocalListMaxLength', async function (this: EvcWorld) {
  await P.sendOversizedLocalList(this.ocpp);
});

// ------------------------------------------------------------------ smart charging

When('the CSMS sets a charging profile for the transaction on connector {int} with:', async function (this: EvcWorld, connector: number, table: DataTable) {
  await SC.setProfileForTransaction(this, connector, table.raw());
});

When('the CSMS sets a charging profile for another transaction than the one on connector {int} with:', async function (this: EvcWorld, connector: number, table: DataTable) {
  await SC.setProfileForTransaction(this, connector, table.raw(), 1000);
});

Then('the station meters at most {int} W Power.Active.Import on connector {int}', async function (this: EvcWorld, watts: number, connector: number) {
  await SC.expectPowerAtMost(this.ocpp, connector, watts);
});

Then('the station responds with a composite schedule in {word} of:', function (this: EvcWorld, unit: string, table: DataTable) {
  SC.assertCompositeSchedule(this.ocpp, table.raw(), unit);
});
