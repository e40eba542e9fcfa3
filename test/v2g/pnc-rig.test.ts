/**
 * Plug and Charge on a rig with a real device (src/v2g/rig-pnc.ts, src/v2g/preflight.ts): v2g.secc.pnc and
 * v2g.evcc.pnc are checked when the rig is loaded (one line per problem naming the rig file and the field:
 * a missing file, a file that is not PEM of its kind, a key that is not the chain leaf's, a chain not leaf
 * first, a typo under the closed schema); good files are read into PncCredentials; a PnC scenario on a rig
 * without them is not applicable, the reason naming the missing fields. PnC runs over TLS 1.2 (scenarioShape).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError } from '../../src/core/errors';
import { loadRigConfig } from '../../src/rig/config';
import type { Pics } from '../../src/rig/pics';
import type { RigConfig } from '../../src/rig/types';
import { createV2gPki, removeV2gPki, type V2gPki } from '../../src/transport/tls/v2g-pki';
import { scenarioShape } from '../../src/v2g/harness';
import { v2gPreflight } from '../../src/v2g/preflight';
import { pncRigGap, rigEvccPnc, rigSeccPnc } from '../../src/v2g/rig-pnc';

let pki: V2gPki;
let dir: string;
before(async () => {
  pki = await createV2gPki();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-pnc-rig-'));
  const files: Record<string, string> = {
    'contract-chain.pem': pki.contractChainPem,
    'contract.key': pki.contract.key,
    'contract-root-first.pem': `${pki.moSub1.cert.trim()}\n${pki.moSub2.cert.trim()}\n${pki.contract.cert.trim()}\n`,
    'oem-prov.pem': pki.oemProv.cert,
    'oem-prov.key': pki.oemProv.key,
    'mo-root.pem': pki.moRoot.cert,
    'v2g-root.pem': pki.v2gRoot.cert,
    'secc-chain.pem': pki.seccChainPem,
    'secc.key': pki.secc.key,
    'hello.pem': 'hello',
  };
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
});
after(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await removeV2gPki(pki);
});

function rigFile(v2g: unknown): string {
  const file = path.join(dir, `rig-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify({ name: 'charger', kind: 'remote', v2g }));
  return file;
}

function loadError(v2g: unknown): ConfigError {
  try {
    loadRigConfig(rigFile(v2g));
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e;
  }
  assert.fail('the rig loaded');
}

describe('v2g.secc.pnc / v2g.evcc.pnc are checked when the rig is loaded', () => {
  it('good files load (paths made absolute) and fill PncCredentials for both harness sides', () => {
    const rig = loadRigConfig(rigFile({
      secc: { tls: { caFile: 'v2g-root.pem' }, pnc: { contractChainFile: 'contract-chain.pem', contractKeyFile: 'contract.key', oemProvChainFile: 'oem-prov.pem', oemProvKeyFile: 'oem-prov.key' } },
      evcc: { tls: { certFile: 'secc-chain.pem', keyFile: 'secc.key' }, pnc: { moRootFiles: ['mo-root.pem'], contractChainFile: 'contract-chain.pem', contractKeyFile: 'contract.key' } },
    }));
    assert.ok(path.isAbsolute(rig.v2g!.secc!.pnc!.contractChainFile!));
    const evcc = rigEvccPnc(rig.v2g!);
    assert.equal(evcc.contractChainPem, pki.contractChainPem);
    assert.equal(evcc.contractKeyPem, pki.contract.key);
    assert.equal(evcc.oemProvKeyPem, pki.oemProv.key);
    assert.deepEqual(evcc.v2gRootsPem, [pki.v2gRoot.cert]);
    const secc = rigSeccPnc(rig.v2g!);
    assert.deepEqual(secc.trustedRootsPem, [pki.moRoot.cert]);
    assert.equal(secc.installContractChainPem, pki.contractChainPem);
    assert.equal(secc.cpsChainPem, undefined);
  });

  it('a missing file names the rig file and the field', () => {
    const e = loadError({ secc: { pnc: { contractChainFile: 'nowhere.pem', contractKeyFile: 'contract.key' } } });
    assert.match(e.message, /rig-[a-z0-9]+\.json: v2g\.secc\.pnc\.contractChainFile: nowhere\.pem: file not found/);
  });

  it('a file that is not PEM of its kind (certificate or private key), also in a root list', () => {
    const e = loadError({ secc: { pnc: { contractChainFile: 'hello.pem', contractKeyFile: 'mo-root.pem' } }, evcc: { pnc: { moRootFiles: ['mo-root.pem', 'hello.pem'] } } });
    const lines = e.lines.join('\n');
    assert.match(lines, /v2g\.secc\.pnc\.contractChainFile: hello\.pem: not a PEM certificate/);
    assert.match(lines, /v2g\.secc\.pnc\.contractKeyFile: mo-root\.pem: not a PEM private key/);
    assert.match(lines, /v2g\.evcc\.pnc\.moRootFiles\[1\]: hello\.pem: not a PEM certificate/);
    assert.equal(e.lines.length, 3, lines);
  });

  it('a key that is not the key of the chain leaf', () => {
    const e = loadError({ evcc: { pnc: { contractChainFile: 'contract-chain.pem', contractKeyFile: 'secc.key' } } });
    assert.match(e.message, /v2g\.evcc\.pnc\.contractKeyFile: secc\.key: is not the key of the leaf of contract-chain\.pem \(.*CN=DEEVCC0000000001\)/);
  });

  it('a chain that is not leaf first', () => {
    const e = loadError({ secc: { pnc: { contractChainFile: 'contract-root-first.pem', contractKeyFile: 'contract.key' } } });
    const lines = e.lines.join('\n');
    assert.match(lines, /v2g\.secc\.pnc\.contractChainFile: contract-root-first\.pem: not a chain leaf first: certificate 1 .* is not issued by certificate 2/);
    assert.match(lines, /v2g\.secc\.pnc\.contractKeyFile: contract\.key: is not the key of the leaf/);
  });

  it('a chain without its key (and a key without its chain)', () => {
    const e = loadError({ secc: { pnc: { oemProvChainFile: 'oem-prov.pem' } }, evcc: { pnc: { cpsKeyFile: 'secc.key' } } });
    const lines = e.lines.join('\n');
    assert.match(lines, /v2g\.secc\.pnc\.oemProvKeyFile: is required with v2g\.secc\.pnc\.oemProvChainFile/);
    assert.match(lines, /v2g\.evcc\.pnc\.cpsChainFile: is required with v2g\.evcc\.pnc\.cpsKeyFile/);
  });

  it('a typo under v2g.secc.pnc is refused by the closed schema', () => {
    const e = loadError({ secc: { pnc: { contractChainFlie: 'contract-chain.pem' } } });
    assert.match(e.message, /v2g\.secc\.pnc\.contractChainFlie: is not a known field/);
  });
});

describe('a PnC scenario on a real rig without its fields is not applicable, naming them', () => {
  const rig = (v2g: RigConfig['v2g'], kind: RigConfig['kind'] = 'remote'): RigConfig => ({ name: 'charger', kind, v2g });
  const secc = ['@iso15118-2', '@sut:secc', '@pnc'];
  const evcc = ['@iso15118-2', '@sut:evcc', '@pnc'];

  it('SUT = SECC: the contract chain and key and the V2G root', () => {
    assert.equal(v2gPreflight(secc, [], rig({ secc: { sdp: { address: '::1' } } }), []),
      "Plug and Charge on rig 'charger' needs v2g.secc.pnc.contractChainFile, v2g.secc.pnc.contractKeyFile, v2g.secc.tls.caFile (not given by the rig)");
    assert.equal(v2gPreflight(secc, [], rig({ secc: { tls: { caFile: '/x' }, pnc: { contractChainFile: '/c', contractKeyFile: '/k' } } }), []), undefined);
  });

  it('SUT = EVCC: the MO roots and the TLS chain the harness SECC presents', () => {
    assert.match(v2gPreflight(evcc, [], rig({ evcc: { tls: { certFile: '/c', keyFile: '/k' } } }), []) ?? '', /needs v2g\.evcc\.pnc\.moRootFiles \(not given/);
    assert.equal(pncRigGap({ evcc: { tls: { certFile: '/c', keyFile: '/k' }, pnc: { moRootFiles: ['/r'] } } }, 'evcc', 'charger'), undefined);
  });

  it('the reference rig needs none (run V2G PKI); EIM scenarios are not concerned', () => {
    assert.equal(v2gPreflight(secc, [], rig(undefined, 'reference'), []), undefined);
    assert.equal(v2gPreflight(['@iso15118-2', '@sut:secc', '@eim'], [], rig(undefined), []), undefined);
  });

  it('@tcp needs a SUT with plain TCP; an expired SECC leaf needs the reference rig', () => {
    const tlsOnly: Pics = { name: 'tls-only SECC', protocol: 'v2g', sut: 'secc', v2g: { standards: ['iso15118-2'], energy: ['DC'], payment: ['EIM', 'PnC'], tls: 'required' } };
    assert.match(v2gPreflight([...secc, '@tcp'], [], rig(undefined, 'reference'), [tlsOnly]) ?? '', /PICS 'tls-only SECC' declares tls: required/);
    assert.equal(v2gPreflight([...secc, '@tcp'], [], rig(undefined), []), undefined);
    const tlsEvcc = ['@iso15118-2', '@sut:evcc', '@tls'];
    assert.match(v2gPreflight(tlsEvcc, ['the SECC presents an expired certificate chain'], rig(undefined), []) ?? '', /needs an expired SECC leaf under the EVCC's own V2G root/);
    assert.equal(v2gPreflight(tlsEvcc, ['the SECC presents an expired certificate chain'], rig(undefined, 'reference'), []), undefined);
  });
});

describe('PnC runs over TLS 1.2', () => {
  it('every ISO 15118-2 PnC scenario is TLS 1.2 whatever the PICS; @tcp asks for plain TCP on purpose', () => {
    const noTls: Pics = { name: 'no-tls', protocol: 'v2g', sut: 'secc', v2g: { standards: ['iso15118-2'], energy: ['DC'], payment: ['EIM', 'PnC'], tls: 'none' } };
    assert.equal(scenarioShape(['@iso15118-2', '@sut:secc', '@pnc'], noTls).tls, 'tls12');
    assert.equal(scenarioShape(['@iso15118-2', '@sut:evcc', '@pnc'], undefined).tls, 'tls12');
    assert.equal(scenarioShape(['@iso15118-2', '@sut:secc', '@pnc', '@tcp'], undefined).tls, 'none');
    assert.throws(() => scenarioShape(['@iso15118-2', '@sut:secc', '@tls', '@tcp'], undefined), /@tcp \(plain TCP\) does not go with @tls/);
  });
});
