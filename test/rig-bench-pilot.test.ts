/**
 * The reference station's pilot seam (src/reference/ocpp16/station/pilot.ts): the station learns of plug-in,
 * unplug, EV suspend/resume and faults only from what its EVSE controller sees on the simulated line, and
 * offers current as PWM that its simulated EV follows with S2 (state C, contactor closed).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StationPilot } from '../src/reference/ocpp16/station/pilot';

type Event = string;

async function started(extra: { stateEErrorCode?: string } = {}) {
  const events: Event[] = [];
  const pilot = await StationPilot.start(
    { name: 'T', connectors: 2, timeScale: 0.01, actionTimeoutMs: 2000, ...extra },
    {
      plugged: (id) => void events.push(`plugged ${id}`),
      unplugged: (id) => void events.push(`unplugged ${id}`),
      evSuspended: (id, s) => void events.push(`${s ? 'suspended' : 'resumed'} ${id}`),
      fault: (id, code) => void events.push(code ? `fault ${id} ${code}` : `fault cleared ${id}`),
    },
  );
  return { pilot, events };
}

async function until(what: string, ok: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('plug-in, charge, EV suspend/resume and unplug reach the station through its controller', async () => {
  const { pilot, events } = await started();
  try {
    await pilot.plugIn(1);
    assert.deepEqual(events, ['plugged 1']);
    assert.equal(pilot.contactorClosed(1), false, 'no contactor before the station offers current');
    pilot.offer(1, 16);
    await until('S2 closed (C) and contactor closed', () => pilot.contactorClosed(1));
    await pilot.evSuspend(1);
    assert.ok(events.includes('suspended 1'), events.join(', '));
    await until('contactor opens in B', () => !pilot.contactorClosed(1));
    await pilot.evResume(1);
    assert.equal(events.filter((e) => e === 'resumed 1').length >= 2, true, events.join(', '));
    await until('contactor closes again', () => pilot.contactorClosed(1));
    pilot.offer(1, null); // stop request: the EV opens S2, which is not an EV suspend
    await until('contactor opens on the stop request', () => !pilot.contactorClosed(1));
    assert.equal(events.filter((e) => e === 'suspended 1').length, 1, events.join(', '));
    await pilot.unplug(1);
    assert.equal(events.at(-1), 'unplugged 1');
    assert.ok(!events.some((e) => e.endsWith(' 2')), 'connector 2 untouched');
  } finally {
    await pilot.stop();
  }
});

test('a CP short (state E) is a fault with the requested error code, else the declared one; removing it clears it', async () => {
  const { pilot, events } = await started({ stateEErrorCode: 'GroundFailure' });
  try {
    await pilot.raiseFault(2, 'HighTemperature');
    assert.deepEqual(events, ['fault 2 HighTemperature']);
    await pilot.clearFault(2);
    assert.deepEqual(events, ['fault 2 HighTemperature', 'fault cleared 2']);
    await pilot.plugIn(2);
    await pilot.evPort(2).actuate({ cpShortToPe: true }, 'bench shorts CP');
    await until('fault seen', () => events.includes('fault 2 GroundFailure'));
    await pilot.evPort(2).actuate({ cpShortToPe: false }, 'bench removes the short');
    await until('fault cleared', () => events.filter((e) => e === 'fault cleared 2').length === 2);
    assert.ok(!events.includes('unplugged 2'), `still plugged after the short: ${events.join(', ')}`);
  } finally {
    await pilot.stop();
  }
});

test('with an external EV on the line the station does not move the EV end itself', async () => {
  const { pilot } = await started();
  try {
    pilot.detachEv(1);
    await assert.rejects(pilot.plugIn(1), /wired to the bench instruments/);
    await pilot.unplug(1); // already at rest: nothing to do
    await pilot.evPort(1).actuate({ connected: true, ppOhms: 220 }, 'bench plugs in');
    pilot.offer(1, 16);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(pilot.evPort(1).commanded().s2, false, 'the simulated EV stepped aside');
  } finally {
    await pilot.stop();
  }
});
