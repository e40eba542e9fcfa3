/**
 * ISO 15118-2 CertificateInstallation / CertificateUpdate: the EXI codec round-trips the four messages with a
 * header signature; the harness procedures (cert-provisioning*.ts) build, answer and check them against the run
 * V2G PKI: the harness EVCC installs what the harness SECC sends, and a tampered answer is caught.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { iso2Codec } from '../../src/v2g/messages/iso2';
import type { V2gMessage } from '../../src/v2g/messages/types';
import type { ProcedureState } from '../../src/v2g/roles/procedure';
import { certEvccRequest, checkCertProvisioningRes, recordCertProvisioning, setCertProvisioning, withCertProvisioning } from '../../src/v2g/roles/iso2/cert-provisioning';
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

  it('an unsigned request is answered FAILED_SignatureError and reported', () => {
    const evcc = state();
    const req = certEvccRequest('CertificateInstallationReq', evcc)!;
    const unsigned = { ...req, header: {} };
    const secc = state();
    assert.match(checkCertRequest(unsigned, secc).join('; '), /signature/);
    assert.equal(certSeccRespond(unsigned, secc)!.body.ResponseCode, 'FAILED_SignatureError');
  });
});
