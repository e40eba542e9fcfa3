/**
 * Thin wrapper around the `openssl` command-line tool, used by the per-run test PKI (pki.ts).
 *
 * Every call goes through execFile with an explicit argument vector (never a shell) and an explicit `-config`
 * file written for the run, so the machine's own openssl.cnf never influences what gets issued.
 */
import { execFile } from 'node:child_process';
import { isIP } from 'node:net';
import { EvcError } from '../../core/errors';

export type KeyType = 'ec' | 'rsa';

export interface OpensslResult {
  stdout: string;
  stderr: string;
}

/** The binary used unless the caller names another one: `$EVC_OPENSSL`, else `openssl` from PATH. */
export function defaultOpensslBinary(): string {
  return process.env.EVC_OPENSSL || 'openssl';
}

/** Runs one openssl command. Missing binary and non-zero exits become EvcErrors that say what went wrong. */
export function runOpenssl(bin: string, args: readonly string[], cwd?: string): Promise<OpensslResult> {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { cwd, encoding: 'utf8', windowsHide: true, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) {
        resolve({ stdout, stderr });
        return;
      }
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        reject(
          new EvcError(
            `openssl not found (tried "${bin}"): the test PKI for OCPP security profiles 2/3 needs the OpenSSL 3 ` +
              'command-line tool; install it (e.g. apt-get install openssl) or set EVC_OPENSSL to its path',
          ),
        );
        return;
      }
      if (code === 'EACCES') {
        reject(new EvcError(`openssl at "${bin}" is not executable (EACCES)`));
        return;
      }
      const detail = (stderr || err.message).trim().split('\n').slice(-4).join(' | ');
      reject(new EvcError(`openssl ${args[0] ?? ''} failed (exit ${String(code)}): ${detail}`));
    });
  });
}

/** Checks the binary exists and is OpenSSL >= 3.0 (needed for `req -CA`-era options and `-noenc`). */
export async function checkOpensslVersion(bin: string): Promise<string> {
  const { stdout } = await runOpenssl(bin, ['version']);
  const version = stdout.trim();
  const m = /^OpenSSL (\d+)\.(\d+)/.exec(version);
  if (!m) throw new EvcError(`"${bin} version" printed "${version}", expected OpenSSL 3.x (LibreSSL is not supported)`);
  if (Number(m[1]) < 3) throw new EvcError(`the test PKI needs OpenSSL >= 3.0, found "${version}"`);
  return version;
}

/** Distinguished name as ordered (attribute, value) pairs, e.g. [['O', 'EVC Test CPO'], ['CN', 'CP001']]. */
export type Dn = ReadonlyArray<readonly [attr: 'C' | 'O' | 'OU' | 'CN' | 'DC', value: string]>;

/** Renders a DN for `-subj`: `/O=.../CN=...`, escaping the characters openssl's parser treats specially. */
export function subjArg(dn: Dn): string {
  return dn.map(([attr, value]) => `/${attr}=${value.replace(/[\\/+]/g, (c) => `\\${c}`)}`).join('');
}

/** `openssl req` arguments that create a new key (written to keyFile) for the given key type. */
export function newKeyArgs(keyType: KeyType): string[] {
  return keyType === 'ec' ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', 'rsa:2048'];
}

/** YYYYMMDDHHMMSSZ, the form `openssl ca -startdate/-enddate` accepts. */
export function opensslDate(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** Extension sections the PKI issues with; names are referenced by `-extensions`. */
export const EXT = {
  ca: 'v3_ca',
  server: 'v3_server',
  wrongNameServer: 'v3_server_wrong_name',
  client: 'v3_client',
} as const;

export const WRONG_HOST = 'wrong-host.invalid';

/** A host name or address a server certificate may name: an IP address, or DNS labels of letters, digits and '-'. */
export function validServerName(name: string): boolean {
  return isIP(name) !== 0 || /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(name);
}

/** subjectAltName of the CSMS server certificates: localhost and the loopback addresses, then `extra` (IP or DNS). */
export function serverSubjectAltName(extra: readonly string[] = []): string {
  const names = ['DNS:localhost', 'IP:127.0.0.1', 'IP:::1'];
  for (const n of extra) {
    if (!validServerName(n)) throw new EvcError(`a server certificate cannot name '${n}': not an IP address or a DNS name`);
    const entry = `${isIP(n) ? 'IP' : 'DNS'}:${n}`;
    if (!names.includes(entry)) names.push(entry);
  }
  return names.join(', ');
}

/**
 * The per-run openssl config: request defaults plus the extension profiles; `serverNames` are added to the server
 * certificates' subjectAltName (where a station on a LAN reaches the harness CSMS).
 */
export function baseConfig(keyType: KeyType, serverNames: readonly string[] = []): string {
  // ECDSA keys only sign in TLS (ECDHE); RSA server keys traditionally also carry keyEncipherment.
  const serverKu = keyType === 'rsa' ? 'critical, digitalSignature, keyEncipherment' : 'critical, digitalSignature';
  return [
    '# Generated per run by ev-conformance src/transport/tls/pki.ts. Test use only.',
    '[req]',
    'distinguished_name = req_dn',
    'prompt = no',
    'string_mask = utf8only',
    'utf8 = yes',
    '',
    '[req_dn]',
    'CN = unused (overridden by -subj)',
    '',
    `[${EXT.ca}]`,
    'basicConstraints = critical, CA:true',
    'keyUsage = critical, keyCertSign, cRLSign, digitalSignature',
    'subjectKeyIdentifier = hash',
    '',
    `[${EXT.server}]`,
    'basicConstraints = critical, CA:false',
    `keyUsage = ${serverKu}`,
    'extendedKeyUsage = serverAuth',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid, issuer',
    `subjectAltName = ${serverSubjectAltName(serverNames)}`,
    '',
    `[${EXT.wrongNameServer}]`,
    'basicConstraints = critical, CA:false',
    `keyUsage = ${serverKu}`,
    'extendedKeyUsage = serverAuth',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid, issuer',
    `subjectAltName = DNS:${WRONG_HOST}`,
    '',
    `[${EXT.client}]`,
    'basicConstraints = critical, CA:false',
    'keyUsage = critical, digitalSignature',
    'extendedKeyUsage = clientAuth',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid, issuer',
    '',
  ].join('\n');
}

/**
 * Config for one `openssl ca` call: the base config plus a CA section whose database lives in the current
 * directory. Each call runs with its own scratch folder as cwd, so concurrent signings never share (and corrupt)
 * an index file, and no caller-chosen path (which might contain `$` or `#`) is ever written into a config.
 */
export function caConfig(base: string): string {
  return [
    base,
    '[ca]',
    'default_ca = evc_ca',
    '',
    '[evc_ca]',
    'dir = .',
    'database = ./index.txt',
    'serial = ./serial',
    'new_certs_dir = .',
    'default_md = sha256',
    'policy = evc_policy',
    'unique_subject = no',
    'preserve = yes',
    'copy_extensions = none',
    'email_in_dn = no',
    'string_mask = utf8only',
    '',
    '[evc_policy]',
    'countryName = optional',
    'organizationName = optional',
    'organizationalUnitName = optional',
    'domainComponent = optional',
    'commonName = supplied',
    '',
  ].join('\n');
}
