/**
 * CHAdeMO steps where the harness plays the EV and the SUT is a charger (@chademo @sut:charger). Thin: parse the
 * text, call the harness EV (src/chademo/roles/ev.ts, verdicts in ev-expect.ts) or the charger's operator
 * (ChademoHarness.chargerOperator: the reference charger's control API, or not automatable naming the action).
 * Limit names in the text are CHADEMO_LIMITS names (rig overrides and the time scale apply).
 */
import { Before, Given, Then, When } from '@cucumber/cucumber';
import type { ChademoEvRole, EvPhase, EvStopTrigger } from '../src/chademo/roles/ev';
import { EV_PHASES } from '../src/chademo/roles/ev';
import * as expect from '../src/chademo/roles/ev-expect';
import type { EvcWorld } from './support/world';

const ev = (w: EvcWorld): Promise<ChademoEvRole> => w.chademo.ev();
const operator = (w: EvcWorld, action: string) => w.chademo.chargerOperator(action);

/** Step text → the EV's stop. */
const STOPS: Record<string, EvStopTrigger> = {
  'k opens': 'k off',
  '102.5.0 cleared': '102.5.0 cleared',
  'shift lever out of park (102.5.1)': 'shift lever',
  'charging-system fault (102.5.2)': '102.5.2',
  'stop request before charging (102.5.4)': '102.5.4',
  'overvoltage (102.4.0)': 'overVoltage',
  'undervoltage (102.4.1)': 'underVoltage',
  'current deviation (102.4.2)': 'currentDeviation',
  'high temperature (102.4.3)': 'highTemperature',
  'voltage deviation (102.4.4)': 'voltageDeviation',
  'silent on CAN': 'silence',
  'silent on CAN, then talks again': 'silence, then talks',
  'contactors opened under load (102.5.3)': 'contactors open',
};

function stopOf(text: string): EvStopTrigger {
  const t = STOPS[text];
  if (!t) throw new Error(`unknown EV stop '${text}' (known: ${Object.keys(STOPS).join(' | ')})`);
  return t;
}

function phaseOf(text: string): EvPhase {
  if (!(EV_PHASES as readonly string[]).includes(text)) throw new Error(`unknown CHAdeMO phase '${text}' (known: ${EV_PHASES.join(', ')})`);
  return text as EvPhase;
}

Before({ tags: '@chademo and @sut:charger', name: 'CHAdeMO charger case applicable to the SUT' }, function (this: EvcWorld) {
  const na = this.chademo.notApplicable();
  if (!na) return undefined;
  this.trace.note('harness', `not applicable: ${na}`);
  this.attach(`skipped: not applicable — ${na}`, { mediaType: 'text/plain', fileName: 'not-applicable.txt' });
  return 'skipped';
});

// ------------------------------------------------------------------ set-up of the harness EV (before d1)

Given('the harness EV closes k before d1', async function (this: EvcWorld) {
  const role = await ev(this);
  role.plugIn();
  role.closeK();
});

Given('the harness EV requests current from its first frame', async function (this: EvcWorld) {
  (await ev(this)).request();
});

Given('the harness EV plays without dynamic control', async function (this: EvcWorld) {
  (await ev(this)).withoutDynamicControl();
});

Given('the harness EV offers discharge up to {int} A', async function (this: EvcWorld, amps: number) {
  (await ev(this)).offerDischarge(amps);
});

Given('the harness EV declares a maximum charging time of {int} s', async function (this: EvcWorld, seconds: number) {
  (await ev(this)).declareMaxChargingTime(seconds);
});

Given('the harness EV has reached the {string} phase', async function (this: EvcWorld, phase: string) {
  await (await ev(this)).reach(phaseOf(phase), () => operator(this, 'start the charge').start());
});

// ------------------------------------------------------------------ the harness EV acts

When("the charger's operator starts the charge", async function (this: EvcWorld) {
  const role = await ev(this);
  const t = role.plugInAndMark();
  await operator(this, 'start the charge').start();
  await role.expectD1(t);
});

When('the harness EV closes k and sets 102.5.0', async function (this: EvcWorld) {
  (await ev(this)).closeK();
});

When('the harness EV sets 102.5.0 without closing k', async function (this: EvcWorld) {
  (await ev(this)).enableWithoutK();
});

When('the harness EV never closes k', async function (this: EvcWorld) {
  (await ev(this)).withholdAction('k');
});

When('the harness EV withholds closing its contactors after d2', async function (this: EvcWorld) {
  (await ev(this)).withholdAction('contactors');
});

When('the harness EV withholds its current request', async function (this: EvcWorld) {
  (await ev(this)).withholdAction('request');
});

When('the harness EV withholds its welding-detection report', async function (this: EvcWorld) {
  (await ev(this)).withholdAction('welding');
});

When('the harness EV requests current', async function (this: EvcWorld) {
  (await ev(this)).request();
});

When('the harness EV requests {int} % of its current', async function (this: EvcWorld, pct: number) {
  const role = await ev(this);
  role.setRequest((role.defaultRequestA * pct) / 100);
});

When("the harness EV requests more than the charger's available current", async function (this: EvcWorld) {
  (await ev(this)).requestAboveAvailable();
});

When("the harness EV announces a battery above the charger's available voltage", async function (this: EvcWorld) {
  (await ev(this)).incompatibleBattery();
});

When('the harness EV stops: {string}', async function (this: EvcWorld, stop: string) {
  (await ev(this)).stop(stopOf(stop));
});

// ------------------------------------------------------------------ the charger's operator acts

When("the charger's operator presses the emergency stop", async function (this: EvcWorld) {
  const role = await ev(this);
  role.chargerStops('charger malfunction (109.5.1)');
  await operator(this, 'press the emergency stop').emergencyStop();
});

When("the charger's operator stops the charge", async function (this: EvcWorld) {
  const role = await ev(this);
  role.chargerStops('charger stop');
  await operator(this, 'stop the charge').stop();
});

When("the charger's operator lowers the available current to {int} %", async function (this: EvcWorld, pct: number) {
  const role = await ev(this);
  const amps = role.markLimit(pct);
  await operator(this, `lower the available current to ${amps} A`).limitCurrent(amps);
});

// ------------------------------------------------------------------ verdicts

Then('the charger under test sent real values in its first 0x108', async function (this: EvcWorld) {
  (await ev(this)).expectFirstParams();
});

Then('the charger under test answers with the protocol number of the version', async function (this: EvcWorld) {
  await (await ev(this)).expectProtocolNumber();
});

Then('the charger under test locks and runs its insulation test after k', async function (this: EvcWorld) {
  await (await ev(this)).expectInsulationTest();
});

Then('the charger under test sets d2 within d2AfterKMs with the insulation residual gone', async function (this: EvcWorld) {
  await (await ev(this)).expectD2();
});

Then('the charger under test starts charging within chargingAfterRequestMs', async function (this: EvcWorld) {
  await (await ev(this)).expectCharging();
});

Then('the charger under test follows the request', async function (this: EvcWorld) {
  await expect.expectFollowsRequest(await ev(this));
});

Then('the charger under test follows its lowered available current', async function (this: EvcWorld) {
  const role = await ev(this);
  await expect.expectFollowsAvailable(role, role.lastLimit.amps, role.lastLimit.atUs);
});

Then('the charger under test keeps charging for {int} cycles', async function (this: EvcWorld, cycles: number) {
  const role = await ev(this);
  await expect.watch(role, cycles * role.ctx.limits.cyclePeriodMs);
});

Then('the harness EV watches the charger for {int} cycles', async function (this: EvcWorld, cycles: number) {
  const role = await ev(this);
  await expect.watch(role, cycles * role.ctx.limits.cyclePeriodMs);
});

Then('the charger under test discharges within the limit of the harness EV', async function (this: EvcWorld) {
  await expect.expectDischargeWithinLimit(await ev(this));
});

Then('the charger under test stops and ends the sequence within its limits', async function (this: EvcWorld) {
  await expect.expectStopsAndEnds(await ev(this));
});

Then('the charger under test stops when its remaining time runs out', async function (this: EvcWorld) {
  await expect.expectRemainingTimeStop(await ev(this));
});

Then('the charger under test gives up after {word}', async function (this: EvcWorld, timer: string) {
  await expect.expectGivesUp(await ev(this), expect.timerOf(timer));
});

Then('the charger under test holds d2 for welding detection and gives up after weldingDetectionHardMs', async function (this: EvcWorld) {
  await expect.expectWeldingTimeout(await ev(this));
});

Then('the charger under test refuses the battery and ends the sequence', async function (this: EvcWorld) {
  await expect.expectBatteryIncompatible(await ev(this));
});

Then('the charger under test kept every CHAdeMO rule', async function (this: EvcWorld) {
  (await ev(this)).judgeCycles();
});
