import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rigSideNotApplicable } from '../../src/rig/applicability';
import type { RigConfig } from '../../src/rig/types';

const csmsRig: RigConfig = { name: 'staging-csms', kind: 'remote', ocpp: { csms: { version: '1.6', url: 'ws://127.0.0.1:1/ocpp' } } } as RigConfig;

test('a CSMS rig: station scenarios are not applicable, naming the missing section; CSMS ones of its version apply', () => {
  assert.match(rigSideNotApplicable(csmsRig, ['@ocpp16', '@sut:station']) ?? '', /rig 'staging-csms' has no ocpp\.station section: it does not test a charging station/);
  assert.equal(rigSideNotApplicable(csmsRig, ['@ocpp16', '@sut:csms']), undefined);
});

test('another OCPP version than the rig declares is not applicable, naming both', () => {
  assert.match(rigSideNotApplicable(csmsRig, ['@ocpp201', '@sut:csms']) ?? '', /ocpp\.csms\.version 1\.6; the scenario is OCPP 2\.0\.1/);
});

test('the reference rig and scenarios that are not OCPP are never judged here', () => {
  assert.equal(rigSideNotApplicable({ name: 'reference', kind: 'reference' } as RigConfig, ['@ocpp16', '@sut:station']), undefined);
  assert.equal(rigSideNotApplicable(csmsRig, ['@uds', '@sut:ecu']), undefined);
});
