/**
 * A throw-away V2G PKI per run (ISO 15118-2 Annex F / ISO 15118-20 certificate hierarchy), secp256r1 +
 * ecdsa-with-SHA256, generated with the same openssl helpers as the OCPP test PKI (pki.ts issue()):
 *
 *   V2G root → CPO Sub-CA 1 → CPO Sub-CA 2 → SECC leaf (CN = EVSE id, DC = CPO)
 *   MO root  → MO Sub-CA 1  → MO Sub-CA 2  → contract leaf (CN = eMAID, DC = MO)
 *   OEM root → OEM provisioning certificate (DC = OEM); OEM root → vehicle certificate (-20 mutual TLS client)
 *   V2G root → CPS Sub-CA 1 → CPS Sub-CA 2 → CPS leaf (Certificate Provisioning Service, signs -2
 *   CertificateInstallation/UpdateRes); MO Sub-CA 2 → a second contract leaf (same eMAID) to install
 *   bad: SECC leaf under another root, expired SECC leaf, SECC leaf with an RSA key, CPS leaf under another root
 *
 * Everything lives in a fresh folder in os.tmpdir(), removed by removeV2gPki() (run-v2g-pki.ts also at process
 * exit). Nothing is written into the repository; nothing here is ever committed.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EvcError } from '../../core/errors';
import { type Dn, baseConfig, checkOpensslVersion, defaultOpensslBinary } from './openssl';
import { type CertPair, type Ctx, type Validity, issue, prepareDir, removePkiDir } from './pki';

export type { CertPair } from './pki';

export interface V2gPki {
  dir: string;
  /** Wall time createV2gPki() took, in milliseconds. */
  createdInMs: number;
  v2gRoot: CertPair;
  cpoSub1: CertPair;
  cpoSub2: CertPair;
  /** SECC leaf, CN = EVSE id. */
  secc: CertPair;
  /** leaf + sub2 + sub1 (what a SECC presents; the EVCC trusts v2gRoot). */
  seccChainPem: string;
  moRoot: CertPair;
  moSub1: CertPair;
  moSub2: CertPair;
  /** Contract certificate, CN = eMAID. */
  contract: CertPair;
  /** contract + moSub2 + moSub1. */
  contractChainPem: string;
  oemRoot: CertPair;
  oemProv: CertPair;
  /** CPS hierarchy under the V2G root: sub-CA 1, sub-CA 2, the CPS leaf; its chain leaf + sub2 + sub1. */
  cpsSub1: CertPair;
  cpsSub2: CertPair;
  cps: CertPair;
  cpsChainPem: string;
  /** The contract a CertificateInstallation/Update installs (issued by moSub2, CN = eMAID) and its chain. */
  installContract: CertPair;
  installContractChainPem: string;
  /** -20 mutual TLS client certificate, issued by oemRoot. */
  vehicle: CertPair;
  bad: {
    /** SECC leaf (same EVSE id) issued by a root that is not the V2G root. */
    untrustedSecc: CertPair;
    /** SECC leaf issued by cpoSub2 with a validity entirely in the past. */
    expiredSecc: CertPair;
    /** SECC leaf issued by cpoSub2 with an RSA 2048 key (no ECDHE-ECDSA suite can use it). */
    rsaSecc: CertPair;
    /** Contract certificate (same eMAID) issued by moSub2 with a validity entirely in the past (PnC). */
    expiredContract: CertPair;
    /** Its chain: expiredContract + moSub2 + moSub1 (PEM). */
    expiredContractChainPem: string;
    /** The root untrustedSecc chains to. */
    untrustedRoot: CertPair;
    /** A CPS leaf issued by untrustedRoot (not under the V2G root) and its chain (the leaf alone). */
    untrustedCps: CertPair;
    untrustedCpsChainPem: string;
  };
  /** The chain PEM a server presents with `pair`: the leaf, then its issuers in this PKI up to (not including) the root. */
  chainPem(pair: CertPair): string;
}

export interface CreateV2gPkiOptions {
  /** SECC leaf CN. Default DEFAULT_EVSE_ID. */
  evseId?: string;
  /** Contract leaf CN. Default DEFAULT_EMAID. */
  emaid?: string;
  /** Vehicle certificate CN (EVCC id / PCID). Default DEFAULT_VEHICLE_ID. */
  vehicleId?: string;
  openssl?: string;
}

export const DEFAULT_EVSE_ID = 'DE*EVC*E0001';
export const DEFAULT_EMAID = 'DEEVCC0000000001';
export const DEFAULT_VEHICLE_ID = 'EVCVEHICLE0001';

const DAY = 86_400_000;

/** Extension profiles of the V2G hierarchy, appended to the base openssl config. */
const V2G_EXT = {
  root: 'v2g_root',
  sub1: 'v2g_sub1',
  sub2: 'v2g_sub2',
  leaf: 'v2g_leaf',
  contract: 'v2g_contract',
} as const;

function v2gConfig(): string {
  const ca = (section: string, pathlen?: number) => [
    `[${section}]`,
    `basicConstraints = critical, CA:true${pathlen === undefined ? '' : `, pathlen:${pathlen}`}`,
    'keyUsage = critical, keyCertSign, cRLSign',
    'subjectKeyIdentifier = hash',
    ...(pathlen === undefined ? [] : ['authorityKeyIdentifier = keyid, issuer']),
    '',
  ];
  return [
    baseConfig('ec'),
    '# ISO 15118 certificate profiles (V2G, CPO, MO, OEM hierarchies)',
    ...ca(V2G_EXT.root),
    ...ca(V2G_EXT.sub1, 1),
    ...ca(V2G_EXT.sub2, 0),
    `[${V2G_EXT.leaf}]`,
    'basicConstraints = critical, CA:false',
    'keyUsage = critical, digitalSignature, keyAgreement',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid, issuer',
    '',
    `[${V2G_EXT.contract}]`,
    'basicConstraints = critical, CA:false',
    'keyUsage = critical, digitalSignature, nonRepudiation, keyAgreement',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid, issuer',
    '',
  ].join('\n');
}

export async function createV2gPki(opts: CreateV2gPkiOptions = {}): Promise<V2gPki> {
  const started = performance.now();
  const evseId = opts.evseId ?? DEFAULT_EVSE_ID;
  const emaid = opts.emaid ?? DEFAULT_EMAID;
  const vehicleId = opts.vehicleId ?? DEFAULT_VEHICLE_ID;
  for (const [name, v] of [['evseId', evseId], ['emaid', emaid], ['vehicleId', vehicleId]] as const) {
    if (typeof v !== 'string' || v.length === 0 || v.length > 64) throw new EvcError(`createV2gPki: ${name} must be a string of 1…64 characters, got ${JSON.stringify(v)}`);
  }
  const bin = opts.openssl ?? defaultOpensslBinary();
  await checkOpensslVersion(bin);
  const dir = await prepareDir(undefined, 'evc-v2g-pki-');
  const config = v2gConfig();
  const ctx: Ctx = { bin, dir, keyType: 'ec', config, configFile: join(dir, 'openssl.cnf'), pending: new Set(), removed: false };
  const rsa: Ctx = { ...ctx, keyType: 'rsa' };

  const now = Date.now();
  const good: Validity = { notBefore: new Date(now - DAY), notAfter: new Date(now + 365 * DAY) };
  const caValidity: Validity = { notBefore: new Date(now - DAY), notAfter: new Date(now + 3650 * DAY) };
  const expired: Validity = { notBefore: new Date(now - 400 * DAY), notAfter: new Date(now - 35 * DAY) };
  const run = randomBytes(3).toString('hex');
  const dn = (dc: string, o: string, cn: string): Dn => [['DC', dc], ['O', o], ['CN', cn]];

  try {
    await writeFile(ctx.configFile, config, { mode: 0o600 });
    // Keys and CSRs start at once; each signing waits only for its issuer.
    const v2gRoot = issue(ctx, 'v2g-root', dn('V2G', 'EVC Test V2G', `EVC V2G Root CA ${run}`), V2G_EXT.root, 'self', caValidity);
    const cpoSub1 = issue(ctx, 'cpo-sub1', dn('V2G', 'EVC Test CPO', `EVC CPO Sub-CA 1 ${run}`), V2G_EXT.sub1, v2gRoot, caValidity);
    const cpoSub2 = issue(ctx, 'cpo-sub2', dn('V2G', 'EVC Test CPO', `EVC CPO Sub-CA 2 ${run}`), V2G_EXT.sub2, cpoSub1, caValidity);
    const seccDn = dn('CPO', 'EVC Test CPO', evseId);
    const secc = issue(ctx, 'secc', seccDn, V2G_EXT.leaf, cpoSub2, good);
    const moRoot = issue(ctx, 'mo-root', dn('V2G', 'EVC Test MO', `EVC MO Root CA ${run}`), V2G_EXT.root, 'self', caValidity);
    const moSub1 = issue(ctx, 'mo-sub1', dn('V2G', 'EVC Test MO', `EVC MO Sub-CA 1 ${run}`), V2G_EXT.sub1, moRoot, caValidity);
    const moSub2 = issue(ctx, 'mo-sub2', dn('V2G', 'EVC Test MO', `EVC MO Sub-CA 2 ${run}`), V2G_EXT.sub2, moSub1, caValidity);
    const contract = issue(ctx, 'contract', dn('MO', 'EVC Test MO', emaid), V2G_EXT.contract, moSub2, good);
    const oemRoot = issue(ctx, 'oem-root', dn('V2G', 'EVC Test OEM', `EVC OEM Root CA ${run}`), V2G_EXT.root, 'self', caValidity);
    const oemProv = issue(ctx, 'oem-prov', dn('OEM', 'EVC Test OEM', `${vehicleId} PROV`), V2G_EXT.leaf, oemRoot, good);
    const vehicle = issue(ctx, 'vehicle', dn('OEM', 'EVC Test OEM', vehicleId), V2G_EXT.leaf, oemRoot, good);
    const untrustedRoot = issue(ctx, 'bad-untrusted-root', dn('V2G', 'EVC Untrusted', `EVC Untrusted Root CA ${run}`), V2G_EXT.root, 'self', caValidity);
    const untrustedSecc = issue(ctx, 'bad-untrusted-secc', seccDn, V2G_EXT.leaf, untrustedRoot, good);
    const expiredSecc = issue(ctx, 'bad-expired-secc', seccDn, V2G_EXT.leaf, cpoSub2, expired);
    const rsaSecc = issue(rsa, 'bad-rsa-secc', seccDn, V2G_EXT.leaf, cpoSub2, good);
    const expiredContract = issue(ctx, 'bad-expired-contract', dn('MO', 'EVC Test MO', emaid), V2G_EXT.contract, moSub2, expired);
    const cpsSub1 = issue(ctx, 'cps-sub1', dn('V2G', 'EVC Test CPS', `EVC CPS Sub-CA 1 ${run}`), V2G_EXT.sub1, v2gRoot, caValidity);
    const cpsSub2 = issue(ctx, 'cps-sub2', dn('V2G', 'EVC Test CPS', `EVC CPS Sub-CA 2 ${run}`), V2G_EXT.sub2, cpsSub1, caValidity);
    const cps = issue(ctx, 'cps', dn('CPS', 'EVC Test CPS', `EVC CPS ${run}`), V2G_EXT.leaf, cpsSub2, good);
    const installContract = issue(ctx, 'install-contract', dn('MO', 'EVC Test MO', emaid), V2G_EXT.contract, moSub2, good);
    const untrustedCps = issue(ctx, 'bad-untrusted-cps', dn('CPS', 'EVC Untrusted', `EVC CPS ${run}`), V2G_EXT.leaf, untrustedRoot, good);
    const all = [v2gRoot, cpoSub1, cpoSub2, secc, moRoot, moSub1, moSub2, contract, oemRoot, oemProv, vehicle, untrustedRoot, untrustedSecc, expiredSecc, rsaSecc, expiredContract,
      cpsSub1, cpsSub2, cps, installContract, untrustedCps];
    const settled = await Promise.allSettled(all);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const [root, s1, s2, leaf, mr, m1, m2, ct, or, op, vh, ur, us, es, rs, ec, c1, c2, cp, ic, uc] = settled.map((s) => (s as PromiseFulfilledResult<CertPair>).value) as CertPair[];

    // issuer of each non-root certificate, for chainPem()
    const issuerOf = new Map<CertPair, CertPair>([
      [s1!, root!], [s2!, s1!], [leaf!, s2!], [m1!, mr!], [m2!, m1!], [ct!, m2!], [op!, or!], [vh!, or!], [us!, ur!], [es!, s2!], [rs!, s2!], [ec!, m2!],
      [c1!, root!], [c2!, c1!], [cp!, c2!], [ic!, m2!], [uc!, ur!],
    ]);
    const roots = new Set([root, mr, or, ur]);
    const chainPem = (pair: CertPair): string => {
      const parts: string[] = [];
      for (let c: CertPair | undefined = pair; c && !roots.has(c); c = issuerOf.get(c)) parts.push(c.cert.trim());
      if (parts.length === 0) throw new EvcError('V2G PKI chainPem(): pass a certificate of this PKI that is not a root');
      return `${parts.join('\n')}\n`;
    };
    return {
      dir,
      createdInMs: Math.round((performance.now() - started) * 10) / 10,
      v2gRoot: root!,
      cpoSub1: s1!,
      cpoSub2: s2!,
      secc: leaf!,
      seccChainPem: chainPem(leaf!),
      moRoot: mr!,
      moSub1: m1!,
      moSub2: m2!,
      contract: ct!,
      contractChainPem: chainPem(ct!),
      oemRoot: or!,
      oemProv: op!,
      vehicle: vh!,
      cpsSub1: c1!,
      cpsSub2: c2!,
      cps: cp!,
      cpsChainPem: chainPem(cp!),
      installContract: ic!,
      installContractChainPem: chainPem(ic!),
      bad: {
        untrustedSecc: us!, expiredSecc: es!, rsaSecc: rs!, untrustedRoot: ur!, expiredContract: ec!, expiredContractChainPem: chainPem(ec!),
        untrustedCps: uc!, untrustedCpsChainPem: chainPem(uc!),
      },
      chainPem,
    };
  } catch (err) {
    await removePkiDir(dir).catch(() => undefined);
    throw err;
  }
}

/** Deletes the PKI folder. Safe to call twice. */
export async function removeV2gPki(pki: Pick<V2gPki, 'dir'>): Promise<void> {
  await removePkiDir(pki.dir);
}
