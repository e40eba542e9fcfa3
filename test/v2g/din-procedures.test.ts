/**
 * The DIN 70121 codec and the harness procedures reproduce every DIN frame of data/vectors/iso15118/din-dc-session.jsonl
 * from parameters alone (values read from the vector's decoded JSON, test/v2g/din-vector.ts): the EVCC procedure
 * builds each request byte for byte and accepts each response; the SECC procedure allows each request in order
 * and answers it byte for byte. Plus the checks that must fail: limits, sequence, PreCharge, missing EVSE limits.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dinCodec, DIN_RESPONSE_CODES } from '../../src/v2g/messages/din';
import { createDinEvccProcedure } from '../../src/v2g/roles/din/evcc';
import { createDinSeccProcedure } from '../../src/v2g/roles/din/secc';
import type { ProcedureState } from '../../src/v2g/roles/procedure';
import type { V2gMessage } from '../../src/v2g/messages/types';
import { encodeV2gtp } from '../../src/v2g/v2gtp';
import { dinFrames, dinVectorEvcc, dinVectorSecc } from './din-vector';

const codec = dinCodec();
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const frame = (m: V2gMessage, sid: string): string => hex(encodeV2gtp(0x8001, codec.encode(m, sid)));
const decodeHex = (h: string) => codec.decode(0x8001, Buffer.from(h, 'hex').subarray(8));

function newState(ownId: string, values: Record<string, unknown>): ProcedureState {
  return { sessionId: '00', seen: new Map(), count: new Map(), vars: {}, params: { energy: 'DC', payment: 'EIM', ownId, values } };
}

test('codec: every DIN frame of the session decodes and encodes back to the same bytes; 23 response codes', () => {
  assert.equal(DIN_RESPONSE_CODES.length, 23);
  for (const f of dinFrames()) {
    const d = decodeHex(f.hex);
    assert.equal(d.message.name, f.msg);
    assert.equal(frame(d.message, d.sessionId), f.hex, f.msg);
    if (f.msg.endsWith('Res')) assert.ok(codec.responseCode(d.message)?.startsWith('OK'));
  }
  assert.equal(codec.responseName('CableCheckReq'), 'CableCheckRes');
  assert.throws(() => codec.decode(0x8002, Buffer.from('809a', 'hex')), /0x8002/);
  assert.throws(() => codec.decode(0x8001, Buffer.from('809a02', 'hex')));
});

test('harness EVCC procedure: the vector EV values give every request byte for byte and accept every response', () => {
  const ev = dinVectorEvcc();
  const proc = createDinEvccProcedure('DC');
  const state = newState(ev.evccId, ev.values);
  const frames = dinFrames();
  let i = 0;
  let seq = 0;
  for (; seq < proc.sequence.length && i < frames.length; ) {
    const name = proc.sequence[seq];
    const req = proc.request(name, state);
    assert.equal(frames[i].dir, 'tx');
    assert.equal(frame(req, state.sessionId), frames[i].hex, `request ${i} ${name}`);
    const res = decodeHex(frames[i + 1].hex);
    if (name === 'SessionSetupReq') state.sessionId = res.sessionId;
    assert.deepEqual(proc.check(res.message, req, state), [], `check of ${res.message.name}`);
    state.seen.set(res.message.name, res.message);
    const next = proc.after(res.message, req, state);
    i += 2;
    if (next === 'stop') break;
    if (next === 'next') seq++;
  }
  assert.equal(i, frames.length, 'the procedure ended with the session');
  assert.equal(proc.sequence[seq], 'SessionStopReq');
  assert.equal(proc.timer('CurrentDemandReq'), 'evccCurrentDemand');
  assert.equal(proc.timer('PowerDeliveryReq'), 'dinPowerDelivery');
  assert.equal(proc.loopTimer?.('CableCheckReq'), 'evccCableCheck');
});

test('harness SECC procedure: the vector EVSE values answer every request byte for byte', () => {
  const se = dinVectorSecc();
  const proc = createDinSeccProcedure('DC');
  const state = newState(se.evseId, se.values);
  const frames = dinFrames();
  for (let i = 0; i < frames.length; i += 2) {
    const req = decodeHex(frames[i].hex).message;
    assert.ok(proc.allowed(state).includes(req.name), `${req.name} allowed after ${i / 2} requests (allowed: ${proc.allowed(state).join(', ')})`);
    assert.deepEqual(proc.check(req, state), [], `check of ${req.name}`);
    const res = proc.respond(req, state);
    if (req.name === 'SessionSetupReq') state.sessionId = se.sessionId;
    assert.equal(frame(res, state.sessionId), frames[i + 1].hex, `response ${i + 1} ${res.name}`);
  }
  assert.deepEqual(proc.allowed(state), []);
});

test('harness EVCC checks: current above the EV limit, missing EVSE limits, isolation, PreCharge overshoot, EIM missing', () => {
  const ev = dinVectorEvcc();
  const proc = createDinEvccProcedure('DC');
  const state = newState(ev.evccId, ev.values);
  const cdReq = proc.request('CurrentDemandReq', state);
  const cdRes = decodeHex(dinFrames().find((f) => f.msg === 'CurrentDemandRes')!.hex).message;
  const over = { ...cdRes, body: { ...cdRes.body, EVSEPresentCurrent: { Multiplier: 0, Unit: 'A', Value: 140 } } };
  assert.match(proc.check(over, cdReq, state).join('\n'), /EVSEPresentCurrent 140 A is above the EVMaximumCurrentLimit 125 A/);
  const cpd = { name: 'ChargeParameterDiscoveryRes', body: { ResponseCode: 'OK', EVSEProcessing: 'Finished' } };
  assert.match(proc.check(cpd, proc.request('ChargeParameterDiscoveryReq', state), state).join('\n'), /no DC_EVSEChargeParameter/);
  const status = { EVSEStatusCode: 'EVSE_Ready', NotificationMaxDelay: 0, EVSENotification: 'None' };
  const cc = { name: 'CableCheckRes', body: { ResponseCode: 'OK', DC_EVSEStatus: status, EVSEProcessing: 'Finished' } };
  assert.match(proc.check(cc, proc.request('CableCheckReq', state), state).join('\n'), /EVSEIsolationStatus absent/);
  const pre = { name: 'PreChargeRes', body: { ResponseCode: 'OK', DC_EVSEStatus: status, EVSEPresentVoltage: { Multiplier: 0, Unit: 'V', Value: 460 } } };
  assert.match(proc.check(pre, proc.request('PreChargeReq', state), state).join('\n'), /overshoots/);
  const low = { name: 'PreChargeRes', body: { ...pre.body, EVSEPresentVoltage: { Multiplier: 0, Unit: 'V', Value: 350 } } };
  assert.equal(proc.after(low, proc.request('PreChargeReq', state), state), 'again');
  const sd = { name: 'ServiceDiscoveryRes', body: { ResponseCode: 'OK', PaymentOptions: { PaymentOption: ['Contract'] }, ChargeService: { ServiceTag: { ServiceID: 1, ServiceCategory: 'EVCharging' }, FreeService: 0, EnergyTransferType: 'AC_three_phase_core' } } };
  const problems = proc.check(sd, proc.request('ServiceDiscoveryReq', state), state).join('\n');
  assert.match(problems, /lacks ExternalPayment/);
  assert.match(problems, /offers no DC charging/);
  const stop = { ...cdRes, body: { ...cdRes.body, DC_EVSEStatus: { ...status, EVSENotification: 'StopCharging' } } };
  assert.equal(proc.after(stop, cdReq, state), 'next');
  assert.throws(() => createDinEvccProcedure('AC'), /no AC/);
});

test('harness SECC: sequence errors, targets above the EV limits, PreCharge current, PowerDelivery before PreCharge converged', () => {
  const se = dinVectorSecc();
  const ev = dinVectorEvcc();
  const evcc = createDinEvccProcedure('DC');
  const evState = newState(ev.evccId, ev.values);
  const proc = createDinSeccProcedure('DC');
  const state = newState(se.evseId, { ...se.values, preChargeSteps: 3, contractAuthenticationOngoing: 2 });
  const skip = proc.respond(evcc.request('ServiceDiscoveryReq', evState), state);
  assert.equal(skip.body.ResponseCode, 'FAILED_SequenceError');
  for (const n of ['SessionSetupReq', 'ServiceDiscoveryReq', 'ServicePaymentSelectionReq']) assert.match(String(proc.respond(evcc.request(n, evState), state).body.ResponseCode), /^OK/);
  const ca = evcc.request('ContractAuthenticationReq', evState);
  assert.equal(proc.respond(ca, state).body.EVSEProcessing, 'Ongoing');
  assert.ok(proc.allowed(state).includes('ContractAuthenticationReq'));
  assert.equal(proc.respond(evcc.request('CableCheckReq', evState), state).body.ResponseCode, 'FAILED_SequenceError');
  assert.equal(proc.respond(ca, state).body.EVSEProcessing, 'Ongoing');
  assert.equal(proc.respond(ca, state).body.EVSEProcessing, 'Finished');
  proc.respond(evcc.request('ChargeParameterDiscoveryReq', evState), state);
  const cd = evcc.request('CurrentDemandReq', evState);
  const above = { ...cd, body: { ...cd.body, EVTargetCurrent: { Multiplier: 0, Unit: 'A', Value: 135 }, EVTargetVoltage: { Multiplier: 0, Unit: 'V', Value: 460 } } };
  const p = proc.check(above, state).join('\n');
  assert.match(p, /EVTargetCurrent 135 A is above the EVMaximumCurrentLimit 125 A/);
  assert.match(p, /EVTargetVoltage 460 V is above the EVMaximumVoltageLimit 450 V/);
  assert.equal(proc.respond(evcc.request('PreChargeReq', evState), state).body.ResponseCode, 'FAILED_SequenceError', 'PreCharge before CableCheck');
  proc.respond(evcc.request('CableCheckReq', evState), state);
  const pre = evcc.request('PreChargeReq', evState);
  assert.match(proc.check({ ...pre, body: { ...pre.body, EVTargetCurrent: { Multiplier: 0, Unit: 'A', Value: 10 } } }, state).join('\n'), /above the 2 A/);
  const r1 = proc.respond(pre, state);
  assert.notEqual((r1.body.EVSEPresentVoltage as { Value: number }).Value, 400);
  const pd = evcc.request('PowerDeliveryReq', evState);
  assert.match(proc.check(pd, state).join('\n'), /before PreCharge converged/);
  proc.respond(pre, state);
  assert.equal((proc.respond(pre, state).body.EVSEPresentVoltage as { Value: number }).Value, 400);
  assert.deepEqual(proc.check(pd, state), []);
});
