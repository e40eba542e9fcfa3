/**
 * ISO 15118-2 Plug and Charge in the harness procedures: the harness EVCC's PaymentDetailsReq and signed
 * AuthorizationReq against the harness SECC's checks and answers, every message through the ISO-2 codec
 * (EXI with the V2G header Signature), with the run V2G PKI (contract chain → MO root).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { iso2Codec } from '../../src/v2g/messages/iso2';
import type { V2gMessage } from '../../src/v2g/messages/types';
import type { PncCredentials, ProcedureState } from '../../src/v2g/roles/procedure';
import { createIso2EvccProcedure } from '../../src/v2g/roles/iso2/evcc';
import { createIso2SeccProcedure } from '../../src/v2g/roles/iso2/secc';
import { pncFromPki } from '../../src/v2g/roles/iso2/pnc';
import { signElements } from '../../src/v2g/security/xmldsig';
import { disposeRunV2gPki, runV2gPki } from '../../src/transport/tls/run-v2g-pki';
import type { V2gPki } from '../../src/transport/tls/v2g-pki';

const codec = iso2Codec();
const wire = (m: V2gMessage): V2gMessage => codec.decode(0x8001, codec.encode(m, 'AB12CD34EF560001')).message;

function state(pnc: PncCredentials): ProcedureState {
  return { sessionId: 'AB12CD34EF560001', seen: new Map(), count: new Map(), vars: {}, params: { energy: 'DC', payment: 'PnC', ownId: 'x', values: {}, pnc } };
}

describe('ISO 15118-2 PnC procedures (harness EVCC ↔ harness SECC)', () => {
  let pki: V2gPki;
  before(async () => {
    pki = await runV2gPki();
  });
  after(() => disposeRunV2gPki());

  /** PaymentDetails then Authorization, each request and response through the codec. */
  function run(ev: ProcedureState, se: ProcedureState, tamper?: (req: V2gMessage) => V2gMessage) {
    const evcc = createIso2EvccProcedure('DC', 'PnC');
    const secc = createIso2SeccProcedure('DC');
    se.vars.last = 'PaymentServiceSelectionReq';
    const pdReq = wire(evcc.request('PaymentDetailsReq', ev));
    const pdChecks = secc.check(pdReq, se);
    const pdRes = wire(secc.respond(pdReq, se));
    const pdResChecks = evcc.check(pdRes, pdReq, ev);
    evcc.after(pdRes, pdReq, ev);
    let auReq = evcc.request('AuthorizationReq', ev);
    if (tamper) auReq = tamper(auReq);
    auReq = wire(auReq);
    const auChecks = secc.check(auReq, se);
    const auRes = wire(secc.respond(auReq, se));
    return { evcc, pdReq, pdChecks, pdRes, pdResChecks, auReq, auChecks, auRes };
  }

  it('puts PaymentDetails before Authorization in the PnC sequence only', () => {
    const pnc = createIso2EvccProcedure('AC', 'PnC').sequence;
    assert.equal(pnc[pnc.indexOf('AuthorizationReq') - 1], 'PaymentDetailsReq');
    assert.ok(!createIso2EvccProcedure('AC').sequence.includes('PaymentDetailsReq'));
  });

  it('completes PaymentDetails and a signed Authorization with the run PKI', () => {
    const c = pncFromPki(pki);
    const r = run(state(c), state(c));
    assert.deepEqual(r.pdChecks, []);
    assert.equal(r.pdRes.body.ResponseCode, 'OK');
    assert.match(String(r.pdRes.body.GenChallenge), /^[0-9a-f]{32}$/);
    assert.deepEqual(r.pdResChecks, []);
    assert.equal(r.auReq.body.GenChallenge, r.pdRes.body.GenChallenge);
    assert.ok(r.auReq.header?.Signature, 'the Signature survives the codec');
    assert.deepEqual(r.auChecks, []);
    assert.equal(r.auRes.body.ResponseCode, 'OK');
  });

  it('rejects a chain that does not lead to the trusted MO root, and a wrong eMAID', () => {
    const ev = state(pncFromPki(pki));
    const r = run(ev, state({ trustedRootsPem: [pki.v2gRoot.cert] }));
    assert.match(r.pdChecks.join('\n'), /does not lead to a trusted MO root/);
    assert.equal(r.pdRes.body.ResponseCode, 'FAILED_CertChainError');
    const r2 = run(state({ ...pncFromPki(pki), eMAID: 'DE-XYZ-C12345678-9' }), state(pncFromPki(pki)));
    assert.match(r2.pdChecks.join('\n'), /eMAID 'DE-XYZ-C12345678-9' is not the contract certificate's CN/);
  });

  it('rejects an expired contract certificate (FAILED_CertificateExpired)', () => {
    const ev = state({ ...pncFromPki(pki), contractChainPem: pki.bad.expiredContractChainPem, contractKeyPem: pki.bad.expiredContract.key });
    const r = run(ev, state(pncFromPki(pki)));
    assert.match(r.pdChecks.join('\n'), /contract certificate .* is not valid now/);
    assert.equal(r.pdRes.body.ResponseCode, 'FAILED_CertificateExpired');
  });

  it('rejects a signature by another key and a GenChallenge that is not the SECC\'s', () => {
    const c = pncFromPki(pki);
    const bySomeoneElse = (m: V2gMessage): V2gMessage => ({ ...m, header: { Signature: signElements('iso2', [{ name: m.name, body: m.body }], pki.oemProv.key) } });
    const r = run(state(c), state(c), bySomeoneElse);
    assert.match(r.auChecks.join('\n'), /SignatureValue does not verify/);
    assert.equal(r.auRes.body.ResponseCode, 'FAILED_SignatureError');
    const otherChallenge = (m: V2gMessage): V2gMessage => {
      const body = { ...m.body, GenChallenge: 'ff'.repeat(16) };
      return { ...m, body, header: { Signature: signElements('iso2', [{ name: m.name, body }], pki.contract.key) } };
    };
    const r2 = run(state(c), state(c), otherChallenge);
    assert.match(r2.auChecks.join('\n'), /GenChallenge ffff.* is not the one of PaymentDetailsRes/);
    assert.equal(r2.auRes.body.ResponseCode, 'FAILED_ChallengeInvalid');
    const unsigned = (m: V2gMessage): V2gMessage => ({ name: m.name, body: m.body });
    assert.match(run(state(c), state(c), unsigned).auChecks.join('\n'), /Signature is missing/);
  });

  it('the harness EVCC fails a PaymentDetailsRes whose GenChallenge is not 16 bytes', () => {
    const ev = state(pncFromPki(pki));
    const evcc = createIso2EvccProcedure('DC', 'PnC');
    const req = evcc.request('PaymentDetailsReq', ev);
    const res = wire({ name: 'PaymentDetailsRes', body: { ResponseCode: 'OK', GenChallenge: '0011223344556677', EVSETimeStamp: 1 } });
    assert.match(evcc.check(res, req, ev).join('\n'), /GenChallenge must be 16 bytes, got 8 bytes/);
  });
});
