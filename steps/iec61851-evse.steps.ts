/**
 * IEC 61851-1 pilot steps where the harness plays the EV and the SUT is an EVSE (@iec61851 @sut:evse).
 * Thin: parse the text, call the EV role (src/iec61851/roles/ev.ts). Limit names in the text are the Annex A
 * limits of src/iec61851/model/timings.ts (rig overrides and the pilot time scale apply).
 */
import { Given, Then, When } from '@cucumber/cucumber';
import type { EvRole } from '../src/iec61851/roles/ev';
import { limitName } from '../src/iec61851/roles/verdicts';
import type { EvcWorld } from './support/world';

const ev = (w: EvcWorld): Promise<EvRole> => w.pilot.ev();

// ------------------------------------------------------------------ the EV acts

Given('the EVSE is idle with no EV plugged in', async function (this: EvcWorld) {
  await (await ev(this)).idle();
});

Given('the EV is plugged in and offered current', async function (this: EvcWorld) {
  await (await ev(this)).offered();
});

Given('the EV is charging', async function (this: EvcWorld) {
  await (await ev(this)).charging();
});

Given('the EV is charging with ventilation', async function (this: EvcWorld) {
  await (await ev(this)).charging(true);
});

When('the EV is plugged in with a cable that does not limit the current', async function (this: EvcWorld) {
  await (await ev(this)).plugIn('non-limiting');
});

When('the EV is plugged in with a {int} A cable', async function (this: EvcWorld, amps: number) {
  await (await ev(this)).plugIn(amps);
});

When('the EV is plugged in without a cable resistor', async function (this: EvcWorld) {
  await (await ev(this)).plugIn(null);
});

When('the EV is plugged in with its diode shorted', async function (this: EvcWorld) {
  await (await ev(this)).plugIn('non-limiting', true);
});

When('the EV closes S2', async function (this: EvcWorld) {
  await (await ev(this)).closeS2();
});

When('the EV closes S2 asking for ventilation', async function (this: EvcWorld) {
  await (await ev(this)).closeS2(true);
});

When('the EV opens S2', async function (this: EvcWorld) {
  await (await ev(this)).openS2();
});

When('the EV opens S2 shortly before {word} has passed', async function (this: EvcWorld, limit: string) {
  await (await ev(this)).openS2Before(limitName(limit));
});

When('the EV keeps S2 closed and drawing current', async function (this: EvcWorld) {
  (await ev(this)).keepCharging();
});

When('the EV is unplugged', async function (this: EvcWorld) {
  await (await ev(this)).unplug();
});

When('the EV shorts CP to PE', async function (this: EvcWorld) {
  await (await ev(this)).shortCpToPe();
});

When("the EV's diode becomes shorted", async function (this: EvcWorld) {
  await (await ev(this)).shortDiode();
});

// ------------------------------------------------------------------ the EVSE's operator acts

When('the operator stops the charge', async function (this: EvcWorld) {
  const role = await ev(this);
  await role.operatorStop(this.pilot.operator('the operator stops the charge'));
});

When('the operator makes the EVSE unavailable', async function (this: EvcWorld) {
  const role = await ev(this);
  await role.operatorUnavailable(this.pilot.operator('the operator makes the EVSE unavailable'));
});

When('the operator lowers the offered current', async function (this: EvcWorld) {
  const role = await ev(this);
  await role.operatorLowerCurrent(this.pilot.operator('the operator lowers the offered current'));
});

// ------------------------------------------------------------------ what the EVSE does

Then('the EVSE shows state A without PWM', async function (this: EvcWorld) {
  await (await ev(this)).expectStateA();
});

Then('the EVSE stays in state A without PWM for {word}', async function (this: EvcWorld, limit: string) {
  await (await ev(this)).holdStateA(limitName(limit));
});

Then('the line shows state {word}', async function (this: EvcWorld, state: string) {
  if (!['B', 'C', 'D', 'E'].includes(state)) throw new Error(`the line shows state B, C, D or E here, not '${state}'`);
  await (await ev(this)).expectLineState(state as 'B' | 'C' | 'D' | 'E');
});

Then('the EVSE switches PWM on within {word}', async function (this: EvcWorld, limit: string) {
  await (await ev(this)).expectPwmOn(limitName(limit));
});

Then('the EVSE switches PWM off', async function (this: EvcWorld) {
  await (await ev(this)).expectPwmOff();
});

Then('the PWM frequency is 1 kHz within tolerance', async function (this: EvcWorld) {
  (await ev(this)).expectFrequency();
});

Then('the duty cycle offers the declared current', async function (this: EvcWorld) {
  await (await ev(this)).expectDutyOffers('declared');
});

Then("the duty cycle offers the lesser of the declared current and the cable's", async function (this: EvcWorld) {
  await (await ev(this)).expectDutyOffers('cable');
});

Then('the duty cycle offers the lowered current', async function (this: EvcWorld) {
  await (await ev(this)).expectDutyOffers('lowered');
});

Then('the EVSE supplies power within {word}', async function (this: EvcWorld, limit: string) {
  await (await ev(this)).expectPower(true, limitName(limit));
});

Then('the EVSE removes power within {word}', async function (this: EvcWorld, limit: string) {
  await (await ev(this)).expectPower(false, limitName(limit));
});

Then('the EVSE supplies no power for {word}', async function (this: EvcWorld, limit: string) {
  await (await ev(this)).holdPower(false, limitName(limit));
});

Then('the EVSE keeps power on for {word}', async function (this: EvcWorld, limit: string) {
  await (await ev(this)).holdPower(true, limitName(limit));
});

Then('the EVSE keeps power on until {word} has passed', async function (this: EvcWorld, limit: string) {
  await (await ev(this)).holdPower(true, limitName(limit), true);
});

Then('the inlet is dead when the EV plugs in again {word} after', async function (this: EvcWorld, limit: string) {
  await (await ev(this)).expectDeadInletOnReplug(limitName(limit));
});

Then('the EVSE offers no charging current for {word}', async function (this: EvcWorld, limit: string) {
  await (await ev(this)).holdNoOffer(limitName(limit));
});

Then('the EVSE goes to state F', async function (this: EvcWorld) {
  await (await ev(this)).expectStateF();
});
