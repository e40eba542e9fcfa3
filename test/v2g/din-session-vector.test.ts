/**
 * Acceptance (issue #14): the harness EVCC (roles/evcc.ts driver + the DIN procedure), given the EV values of
 * data/vectors/iso15118/din-dc-session.jsonl, against the reference SECC (src/reference/v2g, over real SDP and
 * TCP on [::1]) configured with that session's SECC values, reproduces every frame of the session after SDP
 * (whose port differs) byte for byte: the app-protocol handshake and each DIN request and response.
 * The parameters are read from the vector's decoded JSON by test/v2g/din-vector.ts: the EV values from the
 * requests (EVCCID, EV limits, PreCharge and CurrentDemand targets, SOC per phase, number of CurrentDemands),
 * the SECC values from the responses (EVSEID, SessionID, services, EVSE limits, schedule, Ongoing counts, PreCharge steps).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Trace } from '../../src/core/trace';
import { startReferenceSecc } from '../../src/reference/v2g/index';
import type { EvccRoleContext, V2gLimits } from '../../src/v2g/roles/context';
import { EvccDriver } from '../../src/v2g/roles/evcc';
import { evccProcedure } from '../../src/v2g/roles/registry';
import { V2G_TIMERS, type V2gTimerName } from '../../src/v2g/timers';
import { dinVectorEvcc, dinVectorFrames, dinVectorSecc } from './din-vector';

/** Real-rig values, the message waits at least 2 s (bytes are under test here, not a loaded machine's speed). */
const limits: V2gLimits = {
  ms: (n: V2gTimerName) => (n === 'sdpRetries' || n === 'sdpRetryInterval' ? V2G_TIMERS[n].ms : Math.max(V2G_TIMERS[n].ms, 2000)),
  explain: (n: V2gTimerName) => `${n} (test)`,
};

test('harness EVCC with the vector EV values against the reference SECC with the vector SECC values: every frame after SDP byte for byte', async () => {
  const se = dinVectorSecc();
  const ev = dinVectorEvcc();
  const secc = await startReferenceSecc({
    standards: ['din70121'],
    config: { evseId: se.evseId, energy: ['DC'], payment: ['EIM'], values: se.values },
    tls: 'none',
    faults: [],
    variant: 'default',
    limitMs: (t) => limits.ms(t as V2gTimerName),
  });
  const trace = new Trace();
  const ctx: EvccRoleContext = {
    trace,
    channel: 'v2g:vector',
    standard: 'din70121',
    energy: 'DC',
    payment: 'EIM',
    tls: 'none',
    limits,
    connectMs: 5000,
    expectMs: 5000,
    params: { energy: 'DC', payment: 'EIM', ownId: ev.evccId, values: ev.values },
    pics: undefined,
    picsSource: 'test',
    rigName: 'test',
    sdp: { address: '::1', port: secc.sdpPort, security: 'tcp' },
    procedureFor: evccProcedure,
  };
  const driver = new EvccDriver(ctx);
  try {
    await driver.completeSession();
  } finally {
    await driver.dispose();
    await secc.stop();
  }
  const got = trace.frames.filter((f) => f.protocol === 'v2g' && f.rawEncoding === 'hex' && f.raw.startsWith('01fe8001')).map((f) => f.raw);
  const want = dinVectorFrames().filter((f) => f.proto !== 'sdp');
  assert.equal(got.length, want.length, `frames: got ${got.length}, the vector has ${want.length}`);
  want.forEach((f, i) => assert.equal(got[i], f.hex, `frame ${i + 1} (${f.dir} ${f.msg})`));
});
