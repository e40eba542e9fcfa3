/**
 * CHAdeMO steps where the harness plays the charger and the SUT is an EV (@chademo @sut:ev). Thin: parse the
 * text, call the harness charger (src/chademo/roles/charger.ts) or the EV's operator (ChademoHarness.evOperator:
 * the reference EV's control API, or not automatable naming the action). Actions say "the test charger",
 * verdicts "the EV under test"; limit names in the text are CHADEMO_LIMITS names (rig overrides and the time
 * scale apply). The case catalogue: data/chademo/check-sheet-ev.csv.
 */
import { Before, Given, Then, When } from '@cucumber/cucumber';
import type { ChademoChargerRole, EvPhase, EvStopSignal } from '../src/chademo/roles/charger';
import type { ChademoEvOperator } from '../src/chademo/types';
import type { EvcWorld } from './support/world';

const charger = (w: EvcWorld): Promise<ChademoChargerRole> => w.chademo.charger();

/** The charger's stop triggers by their step text. */
const CHARGER_STOPS: Record<string, (r: ChademoChargerRole) => unknown> = {
  'charger malfunction (109.5.1)': (r) => r.malfunction(),
  'stop control (109.5.5)': (r) => r.stopControl(),
  'battery incompatible (109.5.3)': (r) => r.batteryIncompatible(),
  'CAN silence': (r) => r.goSilent(),
  'd2 drop': (r) => r.dropD2(),
  'd1 drop': (r) => r.dropD1(),
};

/** The EV's own stop triggers by their step text: the operator action and what 0x102 shows. */
const EV_STOPS: Record<string, { action: string; act: (o: ChademoEvOperator) => Promise<void>; shows: EvStopSignal }> = {
  'driver stop': { action: "the driver's stop", act: (o) => o.stop(), shows: 'driver stop' },
  'shift lever out of park': { action: 'shift lever out of park', act: (o) => o.shiftOutOfPark(), shows: 'shift lever' },
  'charging-system fault': { action: 'an EV charging-system fault', act: (o) => o.fault('systemFault'), shows: 'systemFault' },
  overvoltage: { action: 'an EV overvoltage fault', act: (o) => o.fault('overVoltage'), shows: 'overVoltage' },
  undervoltage: { action: 'an EV undervoltage fault', act: (o) => o.fault('underVoltage'), shows: 'underVoltage' },
  'current deviation': { action: 'an EV current-deviation fault', act: (o) => o.fault('currentDeviation'), shows: 'currentDeviation' },
  'high temperature': { action: 'an EV high-temperature fault', act: (o) => o.fault('highTemperature'), shows: 'highTemperature' },
  'voltage deviation': { action: 'an EV voltage-deviation fault', act: (o) => o.fault('voltageDeviation'), shows: 'voltageDeviation' },
  'battery full': { action: 'the battery becoming full', act: (o) => o.batteryFull(), shows: 'battery full' },
};

function known<T>(table: Record<string, T>, text: string, what: string): T {
  const v = table[text];
  if (!v) throw new Error(`unknown ${what} '${text}' (known: ${Object.keys(table).join(' | ')})`);
  return v;
}

const PHASES: readonly EvPhase[] = ['INIT', 'INS', 'PRE', 'CHG'];
function phase(text: string): EvPhase {
  if (!(PHASES as readonly string[]).includes(text)) throw new Error(`unknown CHAdeMO phase '${text}' (known: ${PHASES.join(', ')})`);
  return text as EvPhase;
}

/** A case needing what the EV's PICS does not declare is skipped as not applicable, with the reason. */
function notApplicable(w: EvcWorld, why: string | undefined): 'skipped' | undefined {
  if (!why) return undefined;
  w.trace.note('harness', `not applicable: ${why}`);
  w.attach(`skipped: not applicable — ${why}`, { mediaType: 'text/plain', fileName: 'not-applicable.txt' });
  return 'skipped';
}

Before({ tags: '@chademo and @sut:ev', name: 'CHAdeMO EV case applicable to the SUT' }, function (this: EvcWorld) {
  return notApplicable(this, this.chademo.notApplicable());
});

// ------------------------------------------------------------------ set-up

Given('the EV under test is plugged in to the test charger', async function (this: EvcWorld) {
  await (await charger(this)).pluggedIn(() => this.chademo.evOperator('plug the connector in').plugIn());
});

Given('the test charger offers half the current the EV under test requests', async function (this: EvcWorld) {
  const role = await charger(this);
  return notApplicable(this, role.notDeclared('requestCurrentA')) ?? role.offerCurrent(Math.floor(role.evRequestA / 2));
});

Given('the test charger is not discharge compatible', async function (this: EvcWorld) {
  (await charger(this)).withoutDischarge();
});

Given('the EV under test declares {word}', async function (this: EvcWorld, what: 'dynamicControl' | 'discharge') {
  return notApplicable(this, (await charger(this)).notDeclared(what));
});

Given('the charge sequence has reached phase {word}', async function (this: EvcWorld, p: string) {
  await (await charger(this)).toPhase(phase(p));
});

Given('the EV under test is charging', async function (this: EvcWorld) {
  await (await charger(this)).toPhase('CHG');
});

// ------------------------------------------------------------------ the test charger acts

When('the test charger sets d1', async function (this: EvcWorld) {
  (await charger(this)).setD1();
});

When('the test charger checks the battery, locks and runs the insulation test', async function (this: EvcWorld) {
  const role = await charger(this);
  role.checkBattery();
  await role.lockAndTestInsulation();
});

When('the test charger offers an available voltage below the battery maximum', async function (this: EvcWorld) {
  const role = await charger(this);
  role.offerVoltageBelowBattery();
  role.checkBattery();
});

When('the test charger sets d2', async function (this: EvcWorld) {
  (await charger(this)).setD2();
});

When('the test charger starts charging', async function (this: EvcWorld) {
  (await charger(this)).startCharging();
});

When('the test charger stops with {string}', async function (this: EvcWorld, trigger: string) {
  known(CHARGER_STOPS, trigger, 'charger stop')(await charger(this));
});

When('the EV under test stops with {string}', async function (this: EvcWorld, trigger: string) {
  const stop = known(EV_STOPS, trigger, 'EV stop');
  this.sessions.chademoEvStopAt = (await charger(this)).mark(stop.action);
  await stop.act(this.chademo.evOperator(stop.action));
});

// ------------------------------------------------------------------ verdicts on the EV under test

Then('the EV under test keeps k open while d1 is off for {int} cycles', async function (this: EvcWorld, cycles: number) {
  await (await charger(this)).chargeFor(cycles);
});

Then('the EV under test closes k and sets 102.5.0 within kAfterD1Ms', async function (this: EvcWorld) {
  await (await charger(this)).expectPermission();
});

Then('the EV under test clears 102.5.3 within contactorAfterD2Ms', async function (this: EvcWorld) {
  await (await charger(this)).expectContactorsClosed();
});

Then('the EV under test puts its battery on the inlet within v09ContactorWaitMs', async function (this: EvcWorld) {
  await (await charger(this)).expectBatteryOnInlet();
});

Then('the EV under test requests current within requestAfterContactorMs', async function (this: EvcWorld) {
  await (await charger(this)).expectRequest();
});

Then('the EV under test charges within its limits for {int} cycles', async function (this: EvcWorld, cycles: number) {
  await (await charger(this)).chargeFor(cycles);
});

Then('the EV under test keeps the CHAdeMO cycle of 0x100 to 0x102', async function (this: EvcWorld) {
  const role = await charger(this);
  await role.expectCycles(role.cycleWindow);
});

Then('the EV under test follows an available current lowered to half within rampDownMs', async function (this: EvcWorld) {
  const role = await charger(this);
  await role.lowerAndExpectFollow(Math.floor((role.watch.status?.currentRequestA ?? role.evRequestA) / 2));
});

Then('the EV under test shows {string} in 0x102', async function (this: EvcWorld, trigger: string) {
  const since = this.sessions.chademoEvStopAt as number;
  await (await charger(this)).expectStopSignal(known(EV_STOPS, trigger, 'EV stop').shows, since);
});

Then('the EV under test withdraws its request and 102.5.0 within rampDownMs', async function (this: EvcWorld) {
  await (await charger(this)).expectWithdraws(6);
});

Then('the EV under test reports welding detection within weldingDetectionMs', async function (this: EvcWorld) {
  await (await charger(this)).expectWeldingDetection();
});

Then('the test charger ends the sequence and the EV under test opens k within kAfterD1Ms', async function (this: EvcWorld) {
  await (await charger(this)).finish();
});

Then('the EV under test opens k within kAfterD1Ms of d1 off', async function (this: EvcWorld) {
  await (await charger(this)).expectKOpened();
});

Then('the EV under test sends no discharge request for {int} cycles', async function (this: EvcWorld, cycles: number) {
  await (await charger(this)).expectNoDischargeRequest(cycles);
});

Then('the EV under test declares its discharge limits in 0x200', async function (this: EvcWorld) {
  await (await charger(this)).expectDischargeLimits();
});
