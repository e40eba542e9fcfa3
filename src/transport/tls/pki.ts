/**
 * A throw-away test PKI generated per run for OCPP security profiles 2 (TLS, server certificate) and 3 (mutual
 * TLS, station client certificate: O = operator, CN = station identity).
 *
 * Nothing here is ever committed: keys and certificates are written under a fresh folder in os.tmpdir() (or a
 * folder the caller names, e.g. reports/pki) and removed again with removeTestPki(). Generation uses the
 * OpenSSL 3 command-line tool with a config file written for the run; independent openssl calls run
 * concurrently and station client certificates are only issued when first asked for.
 *
 * Every certificate is issued through `openssl ca` with an explicit validity window. Good certificates start
 * one day in the past so a SUT whose clock lags ours (a container, an embedded board) still accepts them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EvcError } from '../../core/errors';
import {
  EXT,
  type Dn,
  type KeyType,
  WRONG_HOST,
  baseConfig,
  caConfig,
  checkOpensslVersion,
  defaultOpensslBinary,
  newKeyArgs,
  opensslDate,
  runOpenssl,
  subjArg,
} from './openssl';

export type { KeyType } from './openssl';

export interface CertPair {
  /** PEM certificate. */
  cert: string;
  /** PEM private key (PKCS#8, unencrypted). */
  key: string;
  /** Absolute path of the certificate file. */
  certFile: string;
  /** Absolute path of the key file (mode 0600). */
  keyFile: string;
}

export interface TestPki {
  /** Absolute folder holding every generated file; removed by removeTestPki(). */
  dir: string;
  keyType: KeyType;
  /** Operator (O=) used for station client certificates unless one is passed explicitly. */
  operator: string;
  /** Wall time createTestPki() took, in milliseconds. */
  createdInMs: number;
  /** Trusted root (self-signed, CA:true). */
  rootCa: CertPair;
  /** CN=localhost, SAN DNS:localhost, IP:127.0.0.1, IP:::1 and the serverNames asked for; signed by rootCa. */
  csmsServer: CertPair;
  /** O=operator (default 'EVC Test CPO'), CN=identity, clientAuth, signed by rootCa; cached per identity. */
  stationClient(identity: string, operator?: string): Promise<CertPair>;
  bad: {
    /** Validity entirely in the past; otherwise like csmsServer. */
    expiredServer: CertPair;
    /** CN/SAN wrong-host.invalid; signed by rootCa. */
    wrongNameServer: CertPair;
    /** Like csmsServer but signed by untrustedRootCa. */
    untrustedServer: CertPair;
    /** A second root that is not in the trust store. */
    untrustedRootCa: CertPair;
    expiredClient(identity: string): Promise<CertPair>;
    untrustedClient(identity: string): Promise<CertPair>;
    /** O = another operator (WRONG_OPERATOR), CN = identity, signed by rootCa. */
    wrongOrgClient(identity: string): Promise<CertPair>;
  };
  /** Node TLS options for a server that only speaks TLS 1.1 (needs SECLEVEL=0 ciphers), to prove a SUT refuses it. */
  tls11OnlyServerOptions(): { minVersion: 'TLSv1.1'; maxVersion: 'TLSv1.1'; ciphers: string; cert: string; key: string };
  /** Stops lazy issuance and waits for what is still running (removeTestPki calls it before deleting the folder). */
  settle(): Promise<void>;
}

export interface CreateTestPkiOptions {
  /** Folder to generate into (created if missing; must be empty or an earlier test PKI). Default: fresh temp dir. */
  dir?: string;
  /** 'ec' = ECDSA P-256 + SHA-256 (default); 'rsa' = RSA 2048 + sha256WithRSAEncryption (what OCTT expects). */
  keyType?: KeyType;
  /** Default O= of station client certificates. Default DEFAULT_OPERATOR. */
  operator?: string;
  /** openssl binary. Default $EVC_OPENSSL, else `openssl` from PATH. */
  openssl?: string;
  /** Host names or IP addresses the server certificates (valid, expired, untrusted) name besides localhost. */
  serverNames?: readonly string[];
}

export const DEFAULT_OPERATOR = 'EVC Test CPO';
export const WRONG_OPERATOR = 'EVC Wrong Operator';
export { WRONG_HOST } from './openssl';

/** Marker proving a folder is a generated test PKI, so removeTestPki() never deletes anything else. */
const MARKER = '.evc-test-pki';
const DAY = 86_400_000;

/** Validity window of one certificate (shared with v2g-pki.ts). */
export interface Validity {
  notBefore: Date;
  notAfter: Date;
}

/** What issue() needs: binary, folder, key type, the per-run openssl config (shared with v2g-pki.ts). */
export interface Ctx {
  bin: string;
  dir: string;
  keyType: KeyType;
  config: string;
  configFile: string;
  pending: Set<Promise<unknown>>;
  removed: boolean;
}

export async function createTestPki(opts: CreateTestPkiOptions = {}): Promise<TestPki> {
  const started = performance.now();
  const bin = opts.openssl ?? defaultOpensslBinary();
  const keyType: KeyType = opts.keyType ?? 'ec';
  if (keyType !== 'ec' && keyType !== 'rsa') throw new EvcError(`createTestPki: keyType must be 'ec' or 'rsa', got '${String(keyType)}'`);
  const operator = opts.operator ?? DEFAULT_OPERATOR;
  if (operator === WRONG_OPERATOR) throw new EvcError(`createTestPki: operator must differ from WRONG_OPERATOR ('${WRONG_OPERATOR}')`);

  const config = baseConfig(keyType, opts.serverNames); // a bad server name is refused before anything is made
  // Fail on a missing/old openssl before touching the file system.
  await checkOpensslVersion(bin);
  const dir = await prepareDir(opts.dir);
  const ctx: Ctx = { bin, dir, keyType, config, configFile: join(dir, 'openssl.cnf'), pending: new Set(), removed: false };

  const now = Date.now();
  const good: Validity = { notBefore: new Date(now - DAY), notAfter: new Date(now + 365 * DAY) };
  const rootValidity: Validity = { notBefore: new Date(now - DAY), notAfter: new Date(now + 3650 * DAY) };
  const expired: Validity = { notBefore: new Date(now - 400 * DAY), notAfter: new Date(now - 35 * DAY) };
  const runId = randomBytes(3).toString('hex');

  try {
    await writeFile(ctx.configFile, config, { mode: 0o600 });
    // Everything starts at once: keys and CSRs are made concurrently, each signing waits only for its issuer.
    const rootP = issue(ctx, 'root-ca', [['O', 'EVC Test PKI'], ['CN', `EVC Test Root CA ${runId}`]], EXT.ca, 'self', rootValidity);
    const otherRootP = issue(
      ctx,
      'untrusted-root-ca',
      [['O', 'EVC Untrusted PKI'], ['CN', `EVC Untrusted Root CA ${runId}`]],
      EXT.ca,
      'self',
      rootValidity,
    );
    const localhost: Dn = [['CN', 'localhost']];
    const jobs = [
      rootP,
      otherRootP,
      issue(ctx, 'csms-server', localhost, EXT.server, rootP, good),
      issue(ctx, 'bad-expired-server', localhost, EXT.server, rootP, expired),
      issue(ctx, 'bad-wrong-name-server', [['CN', WRONG_HOST]], EXT.wrongNameServer, rootP, good),
      issue(ctx, 'bad-untrusted-server', localhost, EXT.server, otherRootP, good),
    ] as const;
    const settled = await Promise.allSettled(jobs);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    const [rootCa, untrustedRootCa, csmsServer, expiredServer, wrongNameServer, untrustedServer] = settled.map(
      (s) => (s as PromiseFulfilledResult<CertPair>).value,
    ) as [CertPair, CertPair, CertPair, CertPair, CertPair, CertPair];

    const cache = new Map<string, Promise<CertPair>>();
    const client = (kind: string, identity: string, org: string, issuer: CertPair, validity: Validity): Promise<CertPair> => {
      if (ctx.removed) return Promise.reject(new EvcError(`test PKI at ${dir} was already removed`));
      if (typeof identity !== 'string' || identity.length === 0) {
        return Promise.reject(new EvcError(`test PKI: station identity must be a non-empty string, got ${JSON.stringify(identity)}`));
      }
      const cacheKey = `${kind}\u0000${org}\u0000${identity}`;
      let p = cache.get(cacheKey);
      if (!p) {
        const digest = createHash('sha256').update(cacheKey).digest('hex').slice(0, 10);
        const slug = identity.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40);
        const dn: Dn = [['O', org], ['CN', identity]];
        p = issue(ctx, `${kind}-${slug}-${digest}`, dn, EXT.client, Promise.resolve(issuer), validity);
        cache.set(cacheKey, p);
        // A failed issuance must not stay cached: the next call retries.
        p.catch(() => cache.delete(cacheKey));
        track(ctx, p);
      }
      return p;
    };

    const pki: TestPki = {
      dir,
      keyType,
      operator,
      createdInMs: 0,
      rootCa,
      csmsServer,
      stationClient: (identity, org = operator) => client('client', identity, org, rootCa, good),
      bad: {
        expiredServer,
        wrongNameServer,
        untrustedServer,
        untrustedRootCa,
        expiredClient: (identity) => client('bad-expired-client', identity, operator, rootCa, expired),
        untrustedClient: (identity) => client('bad-untrusted-client', identity, operator, untrustedRootCa, good),
        wrongOrgClient: (identity) => client('bad-wrong-org-client', identity, WRONG_OPERATOR, rootCa, good),
      },
      tls11OnlyServerOptions: () => ({
        minVersion: 'TLSv1.1',
        maxVersion: 'TLSv1.1',
        // TLS 1.1 only has SHA-1 signatures and CBC suites; OpenSSL 3 refuses them above security level 0.
        ciphers: 'DEFAULT:@SECLEVEL=0',
        cert: csmsServer.cert,
        key: csmsServer.key,
      }),
      settle: async () => {
        ctx.removed = true;
        await Promise.allSettled([...ctx.pending]);
      },
    };
    pki.createdInMs = Math.round((performance.now() - started) * 10) / 10;
    return pki;
  } catch (err) {
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    throw err;
  }
}

/** Waits for lazy issuances still running, then deletes the PKI folder. Safe to call twice. */
export async function removeTestPki(pki: TestPki): Promise<void> {
  await pki.settle();
  await removePkiDir(pki.dir);
}

/** Deletes a generated PKI folder (one with the marker prepareDir() writes); missing is fine, anything else is refused. */
export async function removePkiDir(pkiDir: string): Promise<void> {
  const dir = resolve(pkiDir);
  const entries = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (entries === null) return;
  if (!entries.includes(MARKER)) {
    throw new EvcError(`removeTestPki: refusing to delete ${dir}: it has no ${MARKER} marker, so it is not a generated test PKI`);
  }
  await rm(dir, { recursive: true, force: true });
}

function track(ctx: Ctx, p: Promise<unknown>): void {
  const settled: Promise<void> = p.then(
    () => void ctx.pending.delete(settled),
    () => void ctx.pending.delete(settled),
  );
  ctx.pending.add(settled);
}

export async function prepareDir(requested: string | undefined, prefix = 'evc-pki-'): Promise<string> {
  let dir: string;
  if (requested === undefined) {
    dir = await mkdtemp(join(tmpdir(), prefix));
  } else {
    dir = resolve(requested);
    const entries = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw new EvcError(`test PKI dir ${dir}: ${e.message}`);
    });
    if (entries && entries.length > 0) {
      if (!entries.includes(MARKER)) {
        throw new EvcError(`test PKI dir ${dir} is not empty and is not an earlier test PKI; pass an empty or new folder`);
      }
      // Left behind by a run that crashed before removeTestPki(): start over.
      await rm(dir, { recursive: true, force: true });
    }
    await mkdir(dir, { recursive: true, mode: 0o700 });
  }
  await writeFile(join(dir, MARKER), 'Throw-away test PKI generated by ev-conformance. Never commit; safe to delete.\n');
  return dir;
}

/** Creates a key + CSR, waits for the issuer, signs with `openssl ca`, and reads both PEMs back. */
export async function issue(ctx: Ctx, name: string, dn: Dn, ext: string, issuer: Promise<CertPair> | 'self', validity: Validity): Promise<CertPair> {
  const keyFile = join(ctx.dir, `${name}.key.pem`);
  const certFile = join(ctx.dir, `${name}.cert.pem`);
  const scratch = join(ctx.dir, '.ca', name);
  const csrFile = join(scratch, 'request.csr');
  await mkdir(scratch, { recursive: true });
  const caCnf = join(scratch, 'ca.cnf');
  await Promise.all([
    writeFile(join(scratch, 'index.txt'), ''),
    writeFile(caCnf, caConfig(ctx.config)),
    runOpenssl(ctx.bin, [
      'req',
      '-new',
      '-config',
      ctx.configFile,
      ...newKeyArgs(ctx.keyType),
      '-noenc',
      '-keyout',
      keyFile,
      '-out',
      csrFile,
      '-utf8',
      '-subj',
      subjArg(dn),
      '-sha256',
    ]),
  ]);
  const signer = issuer === 'self' ? ['-selfsign', '-keyfile', keyFile] : await issuer.then((ca) => ['-cert', ca.certFile, '-keyfile', ca.keyFile]);
  await runOpenssl(
    ctx.bin,
    [
      'ca',
      '-config',
      caCnf,
      '-batch',
      '-notext',
      '-utf8',
      '-rand_serial',
      '-md',
      'sha256',
      ...signer,
      '-in',
      csrFile,
      '-out',
      certFile,
      '-startdate',
      opensslDate(validity.notBefore),
      '-enddate',
      opensslDate(validity.notAfter),
      '-extensions',
      ext,
    ],
    scratch,
  );
  const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8'), ensurePrivate(keyFile)]);
  await rm(scratch, { recursive: true, force: true });
  return { cert, key, certFile, keyFile };
}

/** openssl already writes keys 0600; double-check rather than trust the umask. */
async function ensurePrivate(keyFile: string): Promise<void> {
  if (process.platform === 'win32') return;
  const s = await stat(keyFile);
  if ((s.mode & 0o077) !== 0) await chmod(keyFile, 0o600);
}
