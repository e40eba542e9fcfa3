/**
 * The reference -20 SECC and EVCC modules fed EXI directly (no shell, no sockets): a compliant pair charges
 * DC and AC to the end; each iso20- fault shows against the compliant other side (or a scripted request),
 * and the compliant module does not show it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSimulatedLine, type SimulatedLine } from '../../src/iec61851/line/simulated';
import { createIso20Evcc } from '../../src/reference/v2g/iso20/evcc';
import { ISO20_EVCC_FAULTS, ISO20_SECC_FAULTS } from '../../src/reference/v2g/iso20/faults';
import { createIso20Secc } from '../../src/reference/v2g/iso20/secc';
import { decodeMessage, encodeMessage, num, type WireMessage } from '../../src/reference/v2g/iso20/wire';
import type { RefEvccContext, RefReply, RefSeccContext } from '../../src/reference/v2g/types';

const LIMITS: Record<string, number> = {
  evccMessage: 150, evccMessageLong: 200, evccChargeLoop20: 100, seccChargeLoop20: 40, preCharge20: 150,
  evccOngoing: 200, evccCableCheck: 200, seccSequence: 100, cpStateCAfterPowerDelivery: 50,
};
const limitMs = (t: string): number => LIMITS[t] ?? 100;
interface Step { dir: 'req' | 'res'; msg: WireMessage; payloadType: number; delayMs: number; contactorAtReply?: boolean; s2AtReply?: boolean }
interface Run { steps: Step[]; reason: string; afterClose?: string }

async function runPair(o: { warm?: boolean; energy: 'AC' | 'DC'; secc?: string[]; evcc?: string[]; variant?: 'default' | 'alt'; seccVariant?: 'default' | 'alt' }): Promise<Run> {
  const line: SimulatedLine = createSimulatedLine({ noiseV: 0 });
  try {
    await line.evse.actuate({ pwm: true, dutyPct: 5 });
    await line.ev.actuate({ connected: true });
    const base = { limitMs: o.warm ? (): number => 10_000 : limitMs, note: (): void => undefined };
    const sctx: RefSeccContext = { ...base, faults: new Set(o.secc ?? []), variant: o.seccVariant ?? o.variant ?? 'default', pilot: line.evse };
    const ectx: RefEvccContext = { ...base, faults: new Set(o.evcc ?? []), variant: o.variant ?? 'default', pilot: line.ev };
    const secc = createIso20Secc({ evseId: 'DE*REF*E0000001*1', energy: ['AC', 'DC'], payment: ['EIM'], values: {} });
    const evcc = createIso20Evcc({ evccId: 'WMIV1234567890ABCDEX', energy: o.energy, payment: 'EIM', values: {} });
    const steps: Step[] = [];
    let send = await evcc.start(ectx);
    for (let i = 0; i < 120; i += 1) {
      if (send.delayMs) await sleep(send.delayMs);
      steps.push({ dir: 'req', msg: decodeAny(send.payloadType, send.exi), payloadType: send.payloadType, delayMs: send.delayMs ?? 0 });
      const reply: RefReply = await secc.onRequest(send.payloadType, send.exi, sctx);
      if ('close' in reply || 'silent' in reply) return { steps, reason: 'SECC closed without an answer' };
      const contactorAtReply = line.evse.commanded().contactor;
      const s2AtReply = line.ev.commanded().s2;
      if (reply.delayMs) await sleep(reply.delayMs);
      steps.push({ dir: 'res', msg: decodeAny(reply.payloadType, reply.exi), payloadType: reply.payloadType, delayMs: reply.delayMs ?? 0, contactorAtReply, s2AtReply });
      const next = await evcc.onResponse(reply.payloadType, reply.exi, ectx);
      if ('done' in next) return { steps, reason: next.reason };
      if (reply.closeAfter) return { steps, reason: 'SECC closed after its response', afterClose: decodeAny(next.payloadType, next.exi).name };
      send = next;
    }
    return { steps, reason: 'message cap' };
  } finally {
    await line.close();
  }
}

/** Decodes whatever set decodes it (for the test's transcript only; the modules decode by payload type). */
function decodeAny(pt: number, exi: Uint8Array): WireMessage {
  for (const p of [pt, 0x8002, 0x8003, 0x8004]) {
    const m = decodeMessage(p, exi);
    if (typeof m !== 'string') return m;
  }
  return { name: '?', sessionId: '', timestamp: 0, body: {} };
}

const names = (r: Run, dir: 'req' | 'res'): string[] => r.steps.filter((s) => s.dir === dir).map((s) => s.msg.name);
const res = (r: Run, name: string): Step | undefined => r.steps.find((s) => s.dir === 'res' && s.msg.name === name);
const reqs = (r: Run, name: string): Step[] => r.steps.filter((s) => s.dir === 'req' && s.msg.name === name);
const code = (r: Run, name: string): string => String(res(r, name)?.msg.body['ResponseCode']);

test('warm-up: the grammars of every message are built once before timing matters (first use builds them)', async () => {
  for (const energy of ['DC', 'AC'] as const) for (const variant of ['default', 'alt'] as const) await runPair({ warm: true, energy, variant });
});

test('a compliant pair charges DC to the end (both variants)', async () => {
  for (const variant of ['default', 'alt'] as const) {
    const r = await runPair({ energy: 'DC', variant });
    assert.equal(r.reason, 'iso20 EVCC: session stopped', names(r, 'req').join(' → '));
    const seq = [...new Set(names(r, 'req'))];
    const expected = ['SessionSetupReq', 'AuthorizationSetupReq', 'AuthorizationReq', 'ServiceDiscoveryReq', ...(variant === 'alt' ? ['ServiceDetailReq'] : []),
      'ServiceSelectionReq', 'DC_ChargeParameterDiscoveryReq', 'ScheduleExchangeReq', 'DC_CableCheckReq', 'DC_PreChargeReq', 'PowerDeliveryReq',
      'DC_ChargeLoopReq', 'DC_WeldingDetectionReq', 'SessionStopReq'];
    assert.deepEqual(seq, expected);
    assert.ok(r.steps.every((s) => s.dir === 'req' || !String(s.msg.body['ResponseCode']).startsWith('FAILED')));
    // DC: the EV closes S2 before DC_CableCheck (the insulation test needs state C); the contactor only in state C
    assert.equal(res(r, 'DC_CableCheckRes')?.s2AtReply, true, 'the EV in state C at DC_CableCheck');
    assert.ok(r.steps.every((s) => s.dir === 'req' || !s.contactorAtReply || s.s2AtReply), 'no contactor before state C');
  }
});

test('a compliant pair charges AC to the end (both variants)', async () => {
  for (const variant of ['default', 'alt'] as const) {
    const r = await runPair({ energy: 'AC', variant });
    assert.equal(r.reason, 'iso20 EVCC: session stopped', names(r, 'req').join(' → '));
    assert.ok(names(r, 'req').includes('AC_ChargeLoopReq'));
    assert.ok(!names(r, 'req').some((n) => n.startsWith('DC_')));
    assert.ok(r.steps.filter((s) => s.msg.name === 'AC_ChargeLoopRes').every((s) => s.payloadType === 0x8003));
  }
});

async function scripted(faults: string[], requests: [string, Record<string, unknown>, string?][]): Promise<WireMessage[]> {
  const ctx: RefSeccContext = { limitMs, note: () => undefined, faults: new Set(faults), variant: 'default' };
  const secc = createIso20Secc({ evseId: 'DE*REF*E0000001*1', energy: ['DC'], payment: ['EIM'], values: {} });
  const out: WireMessage[] = [];
  let sid = '0000000000000000';
  for (const [name, body, sidOverride] of requests) {
    const reply = await secc.onRequest(name.startsWith('DC_') ? 0x8004 : 0x8002, encodeMessage(name, sidOverride ?? sid, body), ctx);
    assert.ok('exi' in reply, `${name} answered`);
    const m = decodeAny(reply.payloadType, reply.exi);
    if (m.name === 'SessionSetupRes') sid = m.sessionId;
    out.push(m);
  }
  return out;
}

const SECC_CHECKS: Record<string, () => Promise<boolean>> = {
  'iso20-accepts-wrong-session-id': async () => {
    const f = await scripted(['iso20-accepts-wrong-session-id'], [['SessionSetupReq', { EVCCID: 'X' }], ['AuthorizationSetupReq', {}, '1111111111111111']]);
    const c = await scripted([], [['SessionSetupReq', { EVCCID: 'X' }], ['AuthorizationSetupReq', {}, '1111111111111111']]);
    return f[1].body['ResponseCode'] === 'OK' && c[1].body['ResponseCode'] === 'FAILED_UnknownSession';
  },
  'iso20-no-sequence-error': async () => {
    const f = await scripted(['iso20-no-sequence-error'], [['SessionSetupReq', { EVCCID: 'X' }], ['ServiceDiscoveryReq', {}]]);
    const c = await scripted([], [['SessionSetupReq', { EVCCID: 'X' }], ['ServiceDiscoveryReq', {}]]);
    return f[1].body['ResponseCode'] === 'OK' && c[1].body['ResponseCode'] === 'FAILED_SequenceError';
  },
  'iso20-unknown-service-detail': async () => {
    const seq: [string, Record<string, unknown>][] = [['SessionSetupReq', { EVCCID: 'X' }], ['AuthorizationSetupReq', {}],
      ['AuthorizationReq', { SelectedAuthorizationService: 'EIM', EIM_AReqAuthorizationMode: {} }], ['ServiceDiscoveryReq', {}], ['ServiceDetailReq', { ServiceID: 99 }]];
    const f = await scripted(['iso20-unknown-service-detail'], seq);
    const c = await scripted([], seq);
    return f[4].body['ResponseCode'] === 'OK' && c[4].body['ResponseCode'] === 'FAILED_ServiceIDInvalid';
  },
  'iso20-ongoing-forever': async () => /Authorization still Ongoing/.test((await runPair({ energy: 'DC', secc: ['iso20-ongoing-forever'] })).reason),
  'iso20-schedule-ongoing-forever': async () => /ScheduleExchange still Ongoing/.test((await runPair({ energy: 'AC', secc: ['iso20-schedule-ongoing-forever'] })).reason),
  'iso20-cablecheck-ongoing-forever': async () => /CableCheck still Ongoing/.test((await runPair({ energy: 'DC', secc: ['iso20-cablecheck-ongoing-forever'] })).reason),
  'iso20-precharge-never-converges': async () => reqs(await runPair({ energy: 'DC', secc: ['iso20-precharge-never-converges'] }), 'PowerDeliveryReq').length === 0,
  'iso20-slow-precharge': async () => reqs(await runPair({ energy: 'DC', secc: ['iso20-slow-precharge'] }), 'PowerDeliveryReq').length === 0,
  'iso20-late-charge-loop': async () => /DC_ChargeLoopRes after \d+ ms, over/.test((await runPair({ energy: 'DC', secc: ['iso20-late-charge-loop'] })).reason),
  'iso20-slow-charge-loop': async () => {
    const r = await runPair({ energy: 'AC', secc: ['iso20-slow-charge-loop'] });
    return r.reason === 'iso20 EVCC: session stopped' && (res(r, 'AC_ChargeLoopRes')?.delayMs ?? 0) > limitMs('seccChargeLoop20');
  },
  'iso20-late-service-discovery': async () => /ServiceDiscoveryRes after/.test((await runPair({ energy: 'DC', secc: ['iso20-late-service-discovery'] })).reason),
  'iso20-late-service-detail': async () => /ServiceDetailRes after/.test((await runPair({ energy: 'DC', variant: 'alt', secc: ['iso20-late-service-detail'] })).reason),
  'iso20-wrong-payload-type': async () => {
    const r = await runPair({ energy: 'DC', secc: ['iso20-wrong-payload-type'] });
    return res(r, 'DC_ChargeParameterDiscoveryRes')?.payloadType === 0x8002 && r.reason !== 'iso20 EVCC: session stopped';
  },
  'iso20-service-not-offered-selected': async () => {
    const f = await runPair({ energy: 'DC', secc: ['iso20-service-not-offered-selected'], evcc: ['iso20-selects-unoffered-service'] });
    return code(f, 'ServiceSelectionRes') === 'OK';
  },
  'iso20-accepts-unoffered-authorization': async () => {
    const f = await runPair({ energy: 'DC', secc: ['iso20-accepts-unoffered-authorization'], evcc: ['iso20-selects-unoffered-authorization'] });
    return code(f, 'AuthorizationRes') === 'OK';
  },
  'iso20-offers-no-eim': async () => /offers no EIM/.test((await runPair({ energy: 'DC', secc: ['iso20-offers-no-eim'] })).reason),
  'iso20-energises-before-c': async () => res(await runPair({ energy: 'AC', secc: ['iso20-energises-before-c'] }), 'PowerDeliveryRes')?.contactorAtReply === true,
  'iso20-current-above-ev-limit': async () => {
    const r = await runPair({ energy: 'DC', secc: ['iso20-current-above-ev-limit'] });
    return num(res(r, 'DC_ChargeLoopRes')?.msg.body['EVSEPresentCurrent']) > 100;
  },
  'iso20-wrong-evse-id': async () => !/^[A-Z]{2}\*?[A-Z0-9]{3}\*?E/.test(String(res(await runPair({ energy: 'DC', secc: ['iso20-wrong-evse-id'] }), 'SessionSetupRes')?.msg.body['EVSEID'])),
  'iso20-no-energy-service': async () => /service 2 not offered/.test((await runPair({ energy: 'DC', secc: ['iso20-no-energy-service'] })).reason),
};

test('every SECC fault has a check here', () => {
  assert.deepEqual(Object.keys(SECC_CHECKS).sort(), Object.keys(ISO20_SECC_FAULTS).sort());
  assert.ok(Object.keys(ISO20_SECC_FAULTS).length >= 10);
});

for (const [fault, check] of Object.entries(SECC_CHECKS)) {
  test(`SECC fault ${fault} shows`, async () => assert.ok(await check(), fault));
}

test('the compliant SECC refuses an unoffered service and authorization', async () => {
  const a = await runPair({ energy: 'DC', evcc: ['iso20-selects-unoffered-service'] });
  assert.equal(code(a, 'ServiceSelectionRes'), 'FAILED_ServiceSelectionInvalid');
  const b = await runPair({ energy: 'DC', evcc: ['iso20-selects-unoffered-authorization'] });
  assert.equal(code(b, 'AuthorizationRes'), 'WARNING_AuthorizationSelectionInvalid');
});

const EVCC_CHECKS: Record<string, () => Promise<boolean>> = {
  'iso20-wrong-session-id': async () => code(await runPair({ energy: 'DC', evcc: ['iso20-wrong-session-id'] }), 'AuthorizationSetupRes') === 'FAILED_UnknownSession',
  'iso20-selects-unoffered-service': async () => code(await runPair({ energy: 'DC', evcc: ['iso20-selects-unoffered-service'] }), 'ServiceSelectionRes') === 'FAILED_ServiceSelectionInvalid',
  'iso20-selects-unoffered-authorization': async () => code(await runPair({ energy: 'AC', evcc: ['iso20-selects-unoffered-authorization'] }), 'AuthorizationRes').startsWith('WARNING'),
  'iso20-ignores-ongoing': async () => code(await runPair({ energy: 'DC', seccVariant: 'alt', evcc: ['iso20-ignores-ongoing'] }), 'ServiceDiscoveryRes') === 'FAILED_SequenceError',
  'iso20-target-above-max': async () => {
    const r = await runPair({ energy: 'DC', evcc: ['iso20-target-above-max'] });
    const m = reqs(r, 'DC_ChargeLoopReq')[0]?.msg.body['Scheduled_DC_CLReqControlMode'] as Record<string, unknown>;
    return num(m['EVTargetCurrent']) > 100;
  },
  'iso20-target-above-evse-max': async () => {
    const r = await runPair({ energy: 'AC', evcc: ['iso20-target-above-evse-max'] });
    const m = reqs(r, 'AC_ChargeLoopReq')[0]?.msg.body['Scheduled_AC_CLReqControlMode'] as Record<string, unknown>;
    return num(m['EVPresentActivePower']) > 11_000;
  },
  'iso20-skips-cablecheck': async () => code(await runPair({ energy: 'DC', evcc: ['iso20-skips-cablecheck'] }), 'DC_PreChargeRes') === 'FAILED_SequenceError',
  'iso20-precharge-forever': async () => {
    const r = await runPair({ energy: 'DC', secc: ['iso20-precharge-never-converges'], evcc: ['iso20-precharge-forever'] });
    return r.reason === 'message cap' && reqs(r, 'SessionStopReq').length === 0;
  },
  'iso20-late-request': async () => (reqs(await runPair({ energy: 'AC', evcc: ['iso20-late-request'] }), 'AuthorizationSetupReq')[0]?.delayMs ?? 0) > limitMs('seccSequence'),
  'iso20-wrong-payload-type': async () => (await runPair({ energy: 'DC', evcc: ['iso20-wrong-payload-type'] })).reason === 'SECC closed without an answer',
  'iso20-wrong-energy-family': async () => code(await runPair({ energy: 'DC', evcc: ['iso20-wrong-energy-family'] }), 'AC_ChargeParameterDiscoveryRes') === 'FAILED_SequenceError',
  'iso20-ignores-response-timeout': async () => {
    const r = await runPair({ energy: 'DC', secc: ['iso20-late-charge-loop'], evcc: ['iso20-ignores-response-timeout'] });
    return r.reason === 'iso20 EVCC: session stopped';
  },
};

test('every EVCC fault has a check here', () => {
  assert.deepEqual(Object.keys(EVCC_CHECKS).sort(), Object.keys(ISO20_EVCC_FAULTS).sort());
  assert.ok(Object.keys(ISO20_EVCC_FAULTS).length >= 8);
});

for (const [fault, check] of Object.entries(EVCC_CHECKS)) {
  test(`EVCC fault ${fault} shows`, async () => assert.ok(await check(), fault));
}

test('the compliant EVCC stops on a late charge-loop response, after a FAILED code, and gives up PreCharge', async () => {
  assert.match((await runPair({ energy: 'AC', secc: ['iso20-late-charge-loop'] })).reason, /AC_ChargeLoopRes after \d+ ms, over its 100 ms/);
  assert.equal((await runPair({ energy: 'DC', evcc: ['iso20-wrong-session-id'] })).afterClose, undefined);
  const p = await runPair({ energy: 'DC', secc: ['iso20-precharge-never-converges'] });
  assert.equal(reqs(p, 'SessionStopReq').length, 1);
});
