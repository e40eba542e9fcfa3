import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A CA nobody trusts, and a client certificate issued by it. */
  rogueCa: string;
  rogueClientCert: string;
  rogueClientKey: string;
}

/** A throw-away PKI made with the openssl CLI: CA, server cert for 127.0.0.1, client cert CN=identity. */
export function makePki(identity: string): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'evc-ref16-pki-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const f = (n: string) => join(dir, n);
  try {
    const ca = (name: string) => {
      ssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f(`${name}.key`));
      ssl('req', '-x509', '-new', '-key', f(`${name}.key`), '-subj', `/O=EVC Test/CN=${name}`, '-days', '2', '-out', f(`${name}.pem`), '-sha256');
    };
    const leaf = (name: string, issuer: string, subj: string, ext: string) => {
      ssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', f(`${name}.key`));
      ssl('req', '-new', '-key', f(`${name}.key`), '-subj', subj, '-out', f(`${name}.csr`));
      writeFileSync(f(`${name}.ext`), ext);
      ssl('x509', '-req', '-in', f(`${name}.csr`), '-CA', f(`${issuer}.pem`), '-CAkey', f(`${issuer}.key`), '-CAcreateserial', '-days', '2', '-sha256', '-extfile', f(`${name}.ext`), '-out', f(`${name}.pem`));
    };
    ca('ca');
    ca('rogue');
    leaf('server', 'ca', '/O=EVC Test/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
    leaf('client', 'ca', `/O=EVC Test CPO/CN=${identity}`, 'extendedKeyUsage=clientAuth\n');
    leaf('rclient', 'rogue', `/O=EVC Test CPO/CN=${identity}`, 'extendedKeyUsage=clientAuth\n');
    const r = (n: string) => readFileSync(f(n), 'utf8');
    return {
      ca: r('ca.pem'),
      serverCert: r('server.pem'),
      serverKey: r('server.key'),
      clientCert: r('client.pem'),
      clientKey: r('client.key'),
      rogueCa: r('rogue.pem'),
      rogueClientCert: r('rclient.pem'),
      rogueClientKey: r('rclient.key'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
