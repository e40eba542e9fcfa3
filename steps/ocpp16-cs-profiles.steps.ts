/**
 * OCPP 1.6 steps for the non-Core profiles with a charge point under test (harness = CSMS): Local Auth List,
 * Firmware Management, Reservation, Remote Trigger, Smart Charging, Security. Thin: parse, call src/ocpp/v16.
 */
import { Given, Then, When } from '@cucumber/cucumber';
import * as P from '../src/ocpp/v16/cs-profiles';
import type { EvcWorld } from './support/world';

// ------------------------------------------------------------------ preconditions

Given('the CSMS has set the station configuration key {string} to {string}', async function (this: EvcWorld, key: string, value: string) {
  await P.configure(this.ocpp, key, value);
});

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

Then('the station comes back on a new connection', async function (this: EvcWorld) {
  await P.awaitNewConnection(this.ocpp);
});
