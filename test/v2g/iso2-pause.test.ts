/**
 * ISO 15118-2 SessionStop(Pause) and resumption: the reference SECC module keeps a paused session for a later
 * connection and joins it (OK_OldSessionJoined, same SessionID); the harness EVCC procedure accepts that and
 * finds each pause fault; a SessionSetupReq with SessionID 0 after a pause still opens a new session.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ISO2_EVCC_FAULTS, ISO2_SECC_FAULTS } from '../../src/reference/v2g/iso2/faults';
import { pauseAndResumeRefEvcc, pauseAndResumeRefSecc } from './iso2-pause-loop';

describe('ISO 15118-2 pause and resume (reference SECC module, harness EVCC procedure)', () => {
  for (const energy of ['AC', 'DC'] as const) {
    it(`${energy}: Pause is answered OK and closes; the resumed session is joined with the same id and runs to SessionStop`, async () => {
      const r = await pauseAndResumeRefSecc(energy, []);
      assert.equal(r.stopCode, 'OK');
      assert.equal(r.closedAfterPause, true);
      assert.equal(r.setupCode, 'OK_OldSessionJoined');
      assert.equal(r.resumedId, r.pausedId);
      assert.deepEqual(r.problems, []);
      assert.equal(r.after.at(-1), 'SessionStopRes');
      assert.ok(r.after.includes(energy === 'AC' ? 'ChargingStatusRes' : 'CurrentDemandRes'), r.after.join());
    });
  }

  it('the faults are listed in the SECC catalogue', () => {
    for (const f of ['iso2-ignores-pause', 'iso2-pause-keeps-connection']) assert.ok(f in ISO2_SECC_FAULTS, f);
    assert.ok('iso2-resume-with-new-session' in ISO2_EVCC_FAULTS);
  });

  for (const energy of ['AC', 'DC'] as const) {
    it(`${energy}: the reference EVCC set to pause sends SessionStop(Pause), asks to reconnect, resumes with the paused SessionID and runs to SessionStop(Terminate)`, async () => {
      const r = await pauseAndResumeRefEvcc(energy, []);
      assert.equal(r.stopKind, 'Pause');
      assert.equal(r.asksResume, true);
      assert.equal(r.resumeId, r.pausedId);
      assert.equal(r.after[0], 'SessionSetupReq');
      assert.equal(r.after.at(-1), 'SessionStopReq');
      assert.ok(r.after.includes(energy === 'AC' ? 'ChargingStatusReq' : 'CurrentDemandReq'), r.after.join());
    });
  }

  it('iso2-resume-with-new-session: the reference EVCC resumes with SessionID 0', async () => {
    const r = await pauseAndResumeRefEvcc('AC', ['iso2-resume-with-new-session']);
    assert.equal(r.resumeId, '00');
  });

  it('iso2-ignores-pause: a new session with a new id, which the harness EVCC procedure reports', async () => {
    const r = await pauseAndResumeRefSecc('AC', ['iso2-ignores-pause']);
    assert.equal(r.setupCode, 'OK_NewSessionEstablished');
    assert.notEqual(r.resumedId, r.pausedId);
    assert.equal(r.problems.length, 2, r.problems.join('; '));
    assert.match(r.problems.join(), /must be OK_OldSessionJoined/);
  });

  it('iso2-pause-keeps-connection: the SECC does not close after SessionStopRes(Pause)', async () => {
    const r = await pauseAndResumeRefSecc('DC', ['iso2-pause-keeps-connection']);
    assert.equal(r.stopCode, 'OK');
    assert.equal(r.closedAfterPause, false);
  });

  it('after a pause, SessionSetupReq with SessionID 0 opens a new session (OK_NewSessionEstablished)', async () => {
    const r = await pauseAndResumeRefSecc('AC', [], '00');
    assert.equal(r.setupCode, 'OK_NewSessionEstablished');
    assert.notEqual(r.resumedId, r.pausedId);
  });

  it('an unknown SessionID that was never paused is a new session, not a joined one', async () => {
    const r = await pauseAndResumeRefSecc('DC', [], '0102030405060708');
    assert.equal(r.setupCode, 'OK_NewSessionEstablished');
  });
});
