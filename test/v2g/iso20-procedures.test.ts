/**
 * The harness -20 procedures driven over EXI (their own codec) against the reference modules, the way the
 * role drivers use them (sequence / request / after / check; allowed / respond / check): compliant sessions
 * end with SessionStop and no problem; aimed reference faults show up as procedure problems.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EnergyMode, V2gMessage } from '../../src/v2g/messages/types';
import type { ProcedureState } from '../../src/v2g/roles/procedure';
import { createIso20EvccProcedure } from '../../src/v2g/roles/iso20/evcc';
import { createIso20SeccProcedure } from '../../src/v2g/roles/iso20/secc';
import { createIso20Evcc } from '../../src/reference/v2g/iso20/evcc';
import { createIso20Secc } from '../../src/reference/v2g/iso20/secc';
import type { RefContext } from '../../src/reference/v2g/types';

const limitMs = (): number => 10_000;
const refCtx = (faults: string[] = [], variant: 'default' | 'alt' = 'default'): RefContext => ({ faults: new Set(faults), limitMs, note: () => undefined, variant });

function newState(energy: EnergyMode, ownId: string): ProcedureState {
  return { sessionId: '0000000000000000', seen: new Map(), count: new Map(), vars: {}, params: { energy, payment: 'EIM', ownId, values: {} } };
}

/** Harness EVCC procedure ↔ reference SECC module: the requests sent and the problems check() found. */
async function evccAgainstReference(energy: EnergyMode, faults: string[] = [], variant: 'default' | 'alt' = 'default'): Promise<{ sent: string[]; problems: string[]; codes: string[] }> {
  const proc = createIso20EvccProcedure(energy);
  const secc = createIso20Secc({ evseId: 'DE*REF*E0000001*1', energy: ['AC', 'DC'], payment: ['EIM'], values: {} });
  const state = newState(energy, 'WMIV1234567890ABCDEX');
  const sent: string[] = [];
  const problems: string[] = [];
  const codes: string[] = [];
  let i = 0;
  for (let n = 0; n < 200 && i < proc.sequence.length; n += 1) {
    const name = proc.sequence[i];
    const request = proc.request(name, state);
    state.count.set(name, (state.count.get(name) ?? 0) + 1);
    sent.push(name);
    const reply = await secc.onRequest(proc.codec.payloadType(name), proc.codec.encode(request, state.sessionId, 1_700_000_000), refCtx(faults, variant));
    if (!('exi' in reply)) return { sent, problems: [...problems, 'SECC closed'], codes };
    let decoded;
    try {
      decoded = proc.codec.decode(reply.payloadType, reply.exi);
    } catch (e) {
      return { sent, problems: [...problems, (e as Error).message], codes };
    }
    const response = decoded.message;
    assert.equal(response.name, proc.codec.responseName(name));
    if (name === 'SessionSetupReq') state.sessionId = decoded.sessionId;
    const code = proc.codec.responseCode(response) ?? '';
    codes.push(code);
    problems.push(...proc.check(response, request, state));
    const next = proc.after(response, request, state);
    if (next === 'stop') break;
    if (next === 'next') i += 1;
  }
  return { sent, problems, codes };
}

/** Reference EVCC module ↔ harness SECC procedure: the requests received and the problems check() / allowed() found. */
async function seccAgainstReference(energy: EnergyMode, faults: string[] = [], variant: 'default' | 'alt' = 'default'): Promise<{ got: string[]; problems: string[]; done?: string }> {
  const proc = createIso20SeccProcedure(energy);
  const evcc = createIso20Evcc({ evccId: 'WMIV1234567890ABCDEX', energy, payment: 'EIM', values: {} });
  const state = newState(energy, 'DE*HAR*E0000001*1');
  const ctx = refCtx(faults, variant);
  const got: string[] = [];
  const problems: string[] = [];
  let send = await evcc.start(ctx);
  for (let n = 0; n < 200; n += 1) {
    let request: V2gMessage;
    let sid: string;
    try {
      const d = proc.codec.decode(send.payloadType, send.exi);
      request = d.message;
      sid = d.sessionId;
    } catch (e) {
      return { got, problems: [...problems, (e as Error).message] };
    }
    got.push(request.name);
    if (!proc.allowed(state).includes(request.name)) problems.push(`${request.name} out of sequence`);
    if (request.name !== 'SessionSetupReq' && sid !== state.sessionId) problems.push(`${request.name} SessionID ${sid}`);
    problems.push(...proc.check(request, state));
    if (request.name === 'SessionSetupReq') state.sessionId = '0A0B0C0D0E0F1011';
    const response = proc.respond(request, state);
    const next = await evcc.onResponse(proc.codec.payloadType(response.name), proc.codec.encode(response, state.sessionId, 1_700_000_001), ctx);
    if ('done' in next) return { got, problems, done: next.reason };
    send = next;
  }
  return { got, problems, done: 'cap' };
}

for (const energy of ['DC', 'AC'] as const) {
  test(`harness EVCC ${energy} procedure completes a session against the compliant reference SECC (both variants)`, async () => {
    for (const variant of ['default', 'alt'] as const) {
      const r = await evccAgainstReference(energy, [], variant);
      assert.deepEqual(r.problems, []);
      assert.equal(r.sent[r.sent.length - 1], 'SessionStopReq');
      assert.ok(r.codes.every((c) => c.startsWith('OK')), r.codes.join(' '));
      assert.equal(r.sent.filter((n) => /_ChargeLoopReq$/.test(n)).length, 3);
    }
  });

  test(`harness SECC ${energy} procedure serves the compliant reference EVCC to the end (both variants)`, async () => {
    for (const variant of ['default', 'alt'] as const) {
      const r = await seccAgainstReference(energy, [], variant);
      assert.deepEqual(r.problems, []);
      assert.equal(r.done, 'iso20 EVCC: session stopped');
      assert.equal(r.got[r.got.length - 1], 'SessionStopReq');
    }
  });
}

test('harness EVCC procedure: the checks catch the aimed SECC faults', async () => {
  assert.match((await evccAgainstReference('DC', ['iso20-current-above-ev-limit'])).problems.join('\n'), /EVSEPresentCurrent 130 A is above the EV's EVMaximumChargeCurrent 120 A/);
  assert.match((await evccAgainstReference('AC', ['iso20-current-above-ev-limit'])).problems.join('\n'), /EVSETargetActivePower 16500 W is above/);
  assert.match((await evccAgainstReference('DC', ['iso20-wrong-evse-id'])).problems.join('\n'), /EVSEID 'EVSE-1' is not an EVSE id/);
  assert.match((await evccAgainstReference('DC', ['iso20-no-energy-service'])).problems.join('\n'), /lacks the DC service/);
  assert.match((await evccAgainstReference('AC', ['iso20-offers-no-eim'])).problems.join('\n'), /AuthorizationServices \[PnC\] lacks EIM/);
  assert.match((await evccAgainstReference('AC', ['iso20-wrong-payload-type'])).problems.join('\n'), /does not decode|not a V2G request/);
  const never = await evccAgainstReference('DC', ['iso20-precharge-never-converges']);
  assert.equal(never.sent.filter((n) => n === 'DC_PreChargeReq').length > 50, true, 'PreCharge repeats (the driver\'s preCharge20 loop timer ends it)');
});

test('harness SECC procedure: the checks catch the aimed EVCC faults', async () => {
  const p = async (energy: EnergyMode, fault: string): Promise<string> => (await seccAgainstReference(energy, [fault])).problems.join('\n');
  assert.match(await p('DC', 'iso20-selects-unoffered-service'), /ServiceSelectionReq selects ServiceID 1, the SECC offered \[2\]/);
  assert.match(await p('AC', 'iso20-selects-unoffered-authorization'), /AuthorizationReq selects PnC/);
  assert.match(await p('DC', 'iso20-target-above-max'), /EVTargetCurrent 120 A is above the EV's own EVMaximumChargeCurrent 100 A/);
  assert.match(await p('DC', 'iso20-target-above-evse-max'), /above the EVSEMaximumChargeCurrent 150 A/);
  assert.match(await p('AC', 'iso20-target-above-max'), /EVPresentActivePower 16500 W is above the EV's own/);
  assert.match(await p('DC', 'iso20-skips-cablecheck'), /DC_PreChargeReq out of sequence/);
  assert.match(await p('DC', 'iso20-wrong-energy-family'), /AC_ChargeParameterDiscoveryReq out of sequence/);
  assert.match(await p('DC', 'iso20-wrong-session-id'), /AuthorizationSetupReq SessionID DEADBEEFDEADBEEF/);
  assert.match(await p('DC', 'iso20-wrong-payload-type'), /does not decode|not a V2G request|arrived with payload type/);
});
