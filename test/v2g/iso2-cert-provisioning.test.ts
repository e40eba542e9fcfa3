/**
 * ISO 15118-2 CertificateInstallation / CertificateUpdate: the EXI codec round-trips the four messages with a
 * header signature; the harness procedures (cert-provisioning*.ts) build, answer and check them against the run
 * V2G PKI: the harness EVCC installs what the harness SECC sends, and a tampered answer is caught.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeExiFragment, encodeExiFragment } from '../../src/exi/fragment';
import { iso2Codec } from '../../src/v2g/messages/iso2';
import { signElements } from '../../src/v2g/security/xmldsig';
import type { V2gMessage } from '../../src/v2g/messages/types';
import type { ProcedureState } from '../../src/v2g/roles/procedure';
import { certEvccRequest, certResElements, certSelection, checkCertProvisioningRes, recordCertProvisioning, setCertProvisioning, withCertProvisioning } from '../../src/v2g/roles/iso2/cert-provisioning';
import { certSeccRespond, checkCertRequest } from '../../src/v2g/roles/iso2/cert-provisioning-secc';
import { pncFromPki } from '../../src/v2g/roles/iso2/pnc';
import { createV2gPki, removeV2gPki, type V2gPki } from '../../src/transport/tls/v2g-pki';

const codec = iso2Codec();
const roundTrip = (m: V2gMessage): V2gMessage => codec.decode(0x8001, codec.encode(m, 'A1B2C3D4E5F60708')).message;

let pki: V2gPki;
const state = (): ProcedureState => ({
  sessionId: 'A1B2C3D4E5F60708', seen: new Map(), count: new Map(), vars: {},
  params: { energy: 'DC', payment: 'PnC', ownId: 'x', values: {}, pnc: pncFromPki(pki) },
});

describe('ISO 15118-2 contract provisioning', () => {
  before(async () => {
    pki = await createV2gPki();
  });
  after(async () => {
    await removeV2gPki(pki);
  });

  for (const kind of ['Installation', 'Update'] as const) {
    it(`${kind}: request and answer round-trip through the EXI codec; the EVCC installs the SECC's contract`, () => {
      const evcc = state();
      setCertProvisioning(evcc, kind);
      const reqName = kind === 'Installation' ? 'CertificateInstallationReq' : 'CertificateUpdateReq';
      assert.deepEqual(withCertProvisioning(['PaymentServiceSelectionReq', 'PaymentDetailsReq'], evcc), ['PaymentServiceSelectionReq', reqName, 'PaymentDetailsReq']);
      const req = certEvccRequest(reqName, evcc)!;
      const reqBack = roundTrip(req);
      assert.equal(reqBack.name, reqName);
      assert.deepEqual(reqBack.body, req.body);
      const secc = state();
      assert.deepEqual(checkCertRequest(reqBack, secc), []);
      const res = certSeccRespond(reqBack, secc)!;
      const resBack = roundTrip(res);
      assert.equal(resBack.body.ResponseCode, 'OK');
      assert.equal(Buffer.from(String((resBack.body.ContractSignatureEncryptedPrivateKey as { CONTENT: string }).CONTENT), 'hex').length, 48);
      assert.deepEqual(checkCertProvisioningRes(resBack, req, evcc), []);
      recordCertProvisioning(resBack, req, evcc);
      assert.equal(evcc.params.pnc?.contractKeyPem !== undefined && evcc.params.pnc.contractChainPem?.includes(pki.installContract.cert.trim().split('\n')[1]), true);
    });
  }

  it('a tampered answer (eMAID, DHpublickey, signature) is caught', () => {
    const evcc = state();
    setCertProvisioning(evcc, 'Installation');
    const req = certEvccRequest('CertificateInstallationReq', evcc)!;
    const res = roundTrip(certSeccRespond(req, state())!);
    const eMAID = structuredClone(res);
    (eMAID.body.eMAID as { CONTENT: string }).CONTENT = 'DEXXX0000000001';
    assert.match(checkCertProvisioningRes(eMAID, req, evcc).join('; '), /eMAID/);
    const dh = structuredClone(res);
    (dh.body.DHpublickey as { CONTENT: string }).CONTENT = `04${'11'.repeat(64)}`;
    assert.match(checkCertProvisioningRes(dh, req, evcc).join('; '), /CPS signature|DHpublickey|decrypt/);
  });

  it('the eMAID fragment: SE event 236 of 8 bits, the EMAIDType grammar (Id, content), ED 244, as libcbv2g encode_iso2_exiFragment writes it', () => {
    // Expected bits derived by hand from EVerest libcbv2g's fragment layout (no published test vector found):
    // header 0x80, SE(eMAID) 236/8 bits, AT(Id) 0/1 bit, "id4" (length+2, octets), CH 0/1 bit, the eMAID string, EE 0/1 bit, ED 244/8 bits.
    const str = (t: string): string => (t.length + 2).toString(2).padStart(8, '0') + [...t].map((c) => c.charCodeAt(0).toString(2).padStart(8, '0')).join('');
    let bits = `10000000${(236).toString(2)}0${str('id4')}0${str('DEABCC000000001')}0${(244).toString(2)}`;
    bits += '0'.repeat((8 - (bits.length % 8)) % 8);
    const want = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
    const doc = { eMAID: { Id: 'id4', CONTENT: 'DEABCC000000001' } };
    assert.equal(Buffer.from(encodeExiFragment('iso2', doc)).toString('hex'), want.toString('hex'));
    assert.deepEqual(decodeExiFragment('iso2', want), doc);
  });

  it('the CPS signature: four References; an eMAID changed after signing is caught by name; a signature over three is accepted', () => {
    const evcc = state();
    setCertProvisioning(evcc, 'Installation');
    const req = certEvccRequest('CertificateInstallationReq', evcc)!;
    const res = roundTrip(certSeccRespond(req, state())!);
    const refs = (res.header?.Signature as { SignedInfo: { Reference: { URI: string }[] } }).SignedInfo.Reference.map((r) => r.URI);
    assert.deepEqual(refs, ['#id1', '#id2', '#id3', '#id4']);
    const recased = structuredClone(res);
    const e = recased.body.eMAID as { CONTENT: string };
    e.CONTENT = e.CONTENT.toLowerCase();
    assert.match(checkCertProvisioningRes(recased, req, evcc).join('; '), /Reference #id4: .* eMAID fragment/);
    const three = structuredClone(res);
    three.header = { Signature: signElements('iso2', certResElements(three.body).slice(0, 3), pki.cps.key) };
    assert.deepEqual(checkCertProvisioningRes(three, req, evcc), []);
  });

  it('the Certificate service: selected with its parameter set; a ServiceDiscoveryRes without it is a verdict', () => {
    const evcc = state();
    assert.deepEqual(certSelection(evcc), []);
    setCertProvisioning(evcc, 'Update');
    assert.deepEqual(certSelection(evcc), [{ ServiceID: 2, ParameterSetID: 2 }]);
    const res = (ids: number[]): V2gMessage => ({ name: 'ServiceDiscoveryRes', body: { ResponseCode: 'OK', ServiceList: { Service: ids.map((ServiceID) => ({ ServiceID })) } } });
    const req: V2gMessage = { name: 'ServiceDiscoveryReq', body: {} };
    assert.deepEqual(checkCertProvisioningRes(res([3, 2]), req, evcc), []);
    assert.match(checkCertProvisioningRes(res([3]), req, evcc).join('; '), /lacks the Certificate service \(ServiceID 2\)/);
  });

  it('an unsigned request is answered FAILED_SignatureError and reported', () => {
    const evcc = state();
    const req = certEvccRequest('CertificateInstallationReq', evcc)!;
    const unsigned = { ...req, header: {} };
    const secc = state();
    assert.match(checkCertRequest(unsigned, secc).join('; '), /signature/);
    assert.equal(certSeccRespond(unsigned, secc)!.body.ResponseCode, 'FAILED_SignatureError');
  });
});
