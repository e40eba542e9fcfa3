/**
 * Plug and Charge material of a rig with a real device (ISO 15118-2): `v2g.secc.pnc` (what the harness EVCC
 * presents to a real SECC: contract chain and key, OEM provisioning chain and key) and `v2g.evcc.pnc` (what the
 * harness SECC trusts and installs for a real EVCC: MO roots, OEM roots, CPS chain and key, a contract chain and
 * key). Checked when the rig is loaded (readable, PEM of the right kind, chains leaf first, each key the key of
 * its chain's leaf; one ConfigError line per problem, paths made absolute in place), read into PncCredentials
 * when a scenario needs them. A PnC scenario whose fields the rig does not give is not applicable (pncRigGap).
 */
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { ConfigError, configErrorCollector } from '../core/errors';
import { resolveRigFile } from '../transport/tls/rig-files';
import type { V2gRigConfig, V2gRigEvccPnc, V2gRigSeccPnc } from '../rig/types';
import type { PncCredentials } from './roles/procedure';

const CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** Chain / key pairs of each section: [chain field, key field]. */
const EVCC_PAIRS = [['contractChainFile', 'contractKeyFile'], ['oemProvChainFile', 'oemProvKeyFile']] as const;
const SECC_PAIRS = [['cpsChainFile', 'cpsKeyFile'], ['contractChainFile', 'contractKeyFile']] as const;

type Section = Record<string, string | string[] | undefined>;

/** Every problem of v2g.secc.pnc and v2g.evcc.pnc, one ConfigError each; file names become absolute paths. */
export function checkRigPnc(v2g: V2gRigConfig, rigFile: string, shown: string): ConfigError[] {
  const problems: ConfigError[] = [];
  const check = configErrorCollector(problems);
  const sections: [string, Section | undefined, readonly (readonly [string, string])[], readonly string[]][] = [
    ['v2g.secc.pnc', v2g.secc?.pnc as Section | undefined, EVCC_PAIRS, []],
    ['v2g.evcc.pnc', v2g.evcc?.pnc as Section | undefined, SECC_PAIRS, ['moRootFiles', 'oemRootFiles']],
  ];
  for (const [prefix, section, pairs, rootLists] of sections) {
    if (!section) continue;
    for (const list of rootLists) {
      const names = section[list];
      if (!Array.isArray(names)) continue;
      section[list] = names.map((name, i) => {
        let out = name;
        check(() => {
          out = readPem(name, rigFile, shown, `${prefix}.${list}[${i}]`, 'cert').file;
        });
        return out;
      });
    }
    for (const [chainField, keyField] of pairs) {
      const chainName = section[chainField] as string | undefined;
      const keyName = section[keyField] as string | undefined;
      if ((chainName === undefined) !== (keyName === undefined)) {
        problems.push(new ConfigError(shown, `${prefix}.${chainName === undefined ? chainField : keyField}`, `is required with ${prefix}.${chainName === undefined ? keyField : chainField} (a chain and the key of its leaf go together)`));
      }
      let chain: { file: string; text: string } | undefined;
      let key: { file: string; text: string } | undefined;
      if (chainName !== undefined) check(() => (chain = readPem(chainName, rigFile, shown, `${prefix}.${chainField}`, 'cert')));
      if (keyName !== undefined) check(() => (key = readPem(keyName, rigFile, shown, `${prefix}.${keyField}`, 'key')));
      if (chain) {
        section[chainField] = chain.file;
        check(() => checkChainOrder(chain!.text, chainName!, shown, `${prefix}.${chainField}`));
      }
      if (key) section[keyField] = key.file;
      if (chain && key) check(() => checkKeyMatchesLeaf(chain!.text, key!.text, keyName!, chainName!, shown, `${prefix}.${keyField}`));
    }
  }
  return problems;
}

function readPem(name: string, rigFile: string, shown: string, field: string, kind: 'cert' | 'key'): { file: string; text: string } {
  const file = resolveRigFile(name, rigFile);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(shown, field, `${name}: ${code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? (e as Error).message})`}`);
  }
  if (kind === 'key' && !KEY.test(text)) throw new ConfigError(shown, field, `${name}: not a PEM private key`);
  if (kind === 'cert') {
    const blocks = text.match(CERT) ?? [];
    if (blocks.length === 0) throw new ConfigError(shown, field, `${name}: not a PEM certificate`);
    blocks.forEach((b, i) => {
      try {
        new X509Certificate(b);
      } catch (e) {
        throw new ConfigError(shown, field, `${name}: certificate ${i + 1} does not parse (${(e as Error).message})`);
      }
    });
  }
  return { file, text };
}

const subject = (c: X509Certificate): string => c.subject.replace(/\n/g, ', ');

/** Leaf first: each certificate is issued (and signed) by the next one. */
function checkChainOrder(text: string, name: string, shown: string, field: string): void {
  const certs = (text.match(CERT) ?? []).map((b) => new X509Certificate(b));
  for (let i = 0; i + 1 < certs.length; i++) {
    if (!certs[i].checkIssued(certs[i + 1]) || !certs[i].verify(certs[i + 1].publicKey)) {
      throw new ConfigError(shown, field, `${name}: not a chain leaf first: certificate ${i + 1} (${subject(certs[i])}) is not issued by certificate ${i + 2} (${subject(certs[i + 1])})`);
    }
  }
}

function checkKeyMatchesLeaf(chainText: string, keyText: string, keyName: string, chainName: string, shown: string, field: string): void {
  let pub: Buffer;
  try {
    pub = createPublicKey(createPrivateKey(keyText)).export({ type: 'spki', format: 'der' });
  } catch (e) {
    throw new ConfigError(shown, field, `${keyName}: the private key does not load (${(e as Error).message}; an encrypted key is not supported)`);
  }
  const leaf = new X509Certificate((chainText.match(CERT) ?? [''])[0]);
  if (!pub.equals(leaf.publicKey.export({ type: 'spki', format: 'der' }))) {
    throw new ConfigError(shown, field, `${keyName}: is not the key of the leaf of ${chainName} (${subject(leaf)})`);
  }
}

const read = (f: string | undefined): string | undefined => (f === undefined ? undefined : fs.readFileSync(f, 'utf8'));

/** The harness EVCC's PnC credentials for a real SECC (files checked when the rig was loaded); the V2G root is v2g.secc.tls.caFile. */
export function rigEvccPnc(v2g: V2gRigConfig): PncCredentials {
  const p: V2gRigEvccPnc = v2g.secc?.pnc ?? {};
  const root = read(v2g.secc?.tls?.caFile);
  return {
    contractChainPem: read(p.contractChainFile),
    contractKeyPem: read(p.contractKeyFile),
    oemProvChainPem: read(p.oemProvChainFile),
    oemProvKeyPem: read(p.oemProvKeyFile),
    v2gRootsPem: root ? [root] : undefined,
  };
}

/** The harness SECC's PnC trust and provisioning material for a real EVCC. */
export function rigSeccPnc(v2g: V2gRigConfig): PncCredentials {
  const p: V2gRigSeccPnc = v2g.evcc?.pnc ?? {};
  return {
    trustedRootsPem: p.moRootFiles?.map((f) => fs.readFileSync(f, 'utf8')),
    oemRootsPem: p.oemRootFiles?.map((f) => fs.readFileSync(f, 'utf8')),
    cpsChainPem: read(p.cpsChainFile),
    cpsKeyPem: read(p.cpsKeyFile),
    installContractChainPem: read(p.contractChainFile),
    installContractKeyPem: read(p.contractKeyFile),
  };
}

/**
 * What a PnC session (PaymentDetails, signed Authorization, over TLS) needs from a real rig, by SUT side:
 * SUT = SECC: the contract chain and key the harness EVCC presents and the V2G root of the SECC's TLS chain;
 * SUT = EVCC: the MO roots the harness SECC trusts and the TLS chain and key it presents.
 */
export const PNC_RIG_FIELDS = {
  secc: ['v2g.secc.pnc.contractChainFile', 'v2g.secc.pnc.contractKeyFile', 'v2g.secc.tls.caFile'],
  evcc: ['v2g.evcc.pnc.moRootFiles', 'v2g.evcc.tls.certFile', 'v2g.evcc.tls.keyFile'],
} as const;

/** Why a PnC scenario cannot run on this real rig (the fields it lacks), or undefined; `extra` adds fields a scenario needs beyond PNC_RIG_FIELDS. */
export function pncRigGap(v2g: V2gRigConfig | undefined, sut: 'secc' | 'evcc', rigName: string, extra: readonly string[] = []): string | undefined {
  const root = { v2g: v2g ?? {} } as Record<string, unknown>;
  const valueAt = (field: string): unknown => field.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), root);
  const missing = [...PNC_RIG_FIELDS[sut], ...extra].filter((f) => valueAt(f) === undefined);
  if (missing.length === 0) return undefined;
  return `Plug and Charge on rig '${rigName}' needs ${missing.join(', ')} (not given by the rig)`;
}
