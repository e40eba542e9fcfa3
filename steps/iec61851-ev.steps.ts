/**
 * IEC 61851-1 pilot steps with the harness as the EVSE and an EV under test (@iec61851 @sut:ev). Thin: parse
 * the text, call the EvseRole (src/iec61851/roles/evse.ts). Actions say "the test EVSE", verdicts "the EV
 * under test"; limits are named as in src/iec61851/model/timings.ts and data/catalogues/iec61851-ev.csv.
 */
import { Before, Given, Then, When } from '@cucumber/cucumber';
import { EvcError } from '../src/core/errors';
import { PILOT_LIMITS, type PilotLimitName } from '../src/iec61851/model/timings';
import type { EvseRole } from '../src/iec61851/roles/evse';
import { belowMinimum, evPics, evValuesNotApplicable } from '../src/iec61851/roles/evse-pics';
import type { EvcWorld } from './support/world';

/** The harness EVSE of this scenario; its contactor timers stop at teardown, before the line closes. */
async function evse(w: EvcWorld): Promise<EvseRole> {
  if (w.sessions.pilotEvse) return w.sessions.pilotEvse as EvseRole;
  const role = await w.pilot.evse();
  w.onCleanup('pilot EVSE role', () => role.dispose());
  return (w.sessions.pilotEvse = role);
}

function limit(name: string): PilotLimitName {
  if (name in PILOT_LIMITS) return name as PilotLimitName;
  throw new EvcError(`unknown pilot limit '${name}' in the step (known: ${Object.keys(PILOT_LIMITS).join(', ')})`);
}

/** A scenario using an EV value its PICS does not declare is not applicable (skipped with the reason). */
Before({ tags: '@iec61851 and @sut:ev' }, function (this: EvcWorld, { pickle }) {
  const na = evValuesNotApplicable(evPics(this.pics), pickle.steps.map((s) => s.text));
  if (!na) return undefined;
  this.attach(`skipped: not applicable — ${na}`, { mediaType: 'text/plain', fileName: 'not-applicable.txt' });
  return 'skipped';
});

// ------------------------------------------------------------------ set-up

Given('the EV under test is plugged in', async function (this: EvcWorld) {
  await (await evse(this)).expectPluggedInB();
});

Given('the EV under test is charging at its maximum current', async function (this: EvcWorld) {
  const role = await evse(this);
  await role.charging(role.evValue('maxCurrentA'));
});

Given('the EV under test is charging at its minimum current', async function (this: EvcWorld) {
  const role = await evse(this);
  await role.charging(role.evValue('minCurrentA'), true);
});

// ------------------------------------------------------------------ the test EVSE acts

When('the test EVSE offers its maximum current', async function (this: EvcWorld) {
  const role = await evse(this);
  await role.offerCurrent(role.evValue('maxCurrentA'));
});

When('the test EVSE offers a duty of {float} %', async function (this: EvcWorld, duty: number) {
  await (await evse(this)).offerDuty(duty);
});

When('the test EVSE lowers the offer to its minimum current', async function (this: EvcWorld) {
  const role = await evse(this);
  await role.offerAtLeast(role.evValue('minCurrentA'));
});

When('the test EVSE raises the offer to its maximum current', async function (this: EvcWorld) {
  const role = await evse(this);
  await role.offerCurrent(role.evValue('maxCurrentA'));
});

When(/^the test EVSE (?:offers|lowers the offer to) a current below its minimum current$/, async function (this: EvcWorld) {
  const role = await evse(this);
  await role.offerCurrent(belowMinimum(role.evValue('minCurrentA')));
});

When('the test EVSE switches PWM off', async function (this: EvcWorld) {
  await (await evse(this)).stopPwm();
});

When('the test EVSE keeps power on for {word} after the EV opens S2', async function (this: EvcWorld, name: string) {
  (await evse(this)).holdPowerAfterB(limit(name));
});

When('the test EVSE enters state F', async function (this: EvcWorld) {
  await (await evse(this)).stateF(true);
});

When('the test EVSE holds state F for {word}', async function (this: EvcWorld, name: string) {
  await (await evse(this)).holdStateF(limit(name));
});

When('the test EVSE leaves state F', async function (this: EvcWorld) {
  await (await evse(this)).stateF(false);
});

When('the EV under test ends the charge on its own', async function (this: EvcWorld) {
  (await evse(this)).mark('the EV under test is asked to end the charge (seq 7)');
  await this.pilot.operator('the EV ends the charge (seq 7: S2 opens)').requestStop();
});

// ------------------------------------------------------------------ verdicts on the EV under test

Then('the EV under test shows state B within the B window', async function (this: EvcWorld) {
  await (await evse(this)).expectPluggedInB();
});

Then('the PWM low level shows a healthy EV diode', async function (this: EvcWorld) {
  await (await evse(this)).expectDiodeHealthy();
});

Then('the EV under test does not charge without PWM for {word}', async function (this: EvcWorld, name: string) {
  await (await evse(this)).expectNoCharging('without PWM (X1)', limit(name));
});

Then('the EV under test does not charge in state F for {word}', async function (this: EvcWorld, name: string) {
  await (await evse(this)).expectNoCharging('while the EVSE holds state F', limit(name));
});

Then('the EV under test does not charge at 5 % duty for {word}', async function (this: EvcWorld, name: string) {
  await (await evse(this)).expectNoCharging('at 5 % duty: digital communication required, no basic charging', limit(name));
});

Then('the EV under test starts charging', async function (this: EvcWorld) {
  await (await evse(this)).expectStartsCharging();
});

Then('the EV under test signals that it needs ventilation', async function (this: EvcWorld) {
  await (await evse(this)).expectVentilationRequest();
});

Then('the EV under test draws no more than the duty allows for {word}', async function (this: EvcWorld, name: string) {
  await (await evse(this)).expectWithinLimit(limit(name));
});

Then('the EV under test follows the new limit within evFollowsDuty', async function (this: EvcWorld) {
  await (await evse(this)).expectFollowsLimit();
});

Then('the EV under test stops drawing within evFollowsDuty', async function (this: EvcWorld) {
  await (await evse(this)).expectStopsDrawing();
});

Then('the EV under test opens S2 within evStopReaction', async function (this: EvcWorld) {
  await (await evse(this)).expectOpensS2AfterStop();
});

Then('the EV under test draws nothing once S2 is open', async function (this: EvcWorld) {
  const role = await evse(this);
  await role.expectNoCurrentInB(role.lastEvent);
});
