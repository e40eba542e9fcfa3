/**
 * Puts a reference CSMS's ocpp-rpc server on 127.0.0.1 (ephemeral port): plain HTTP for security profiles
 * 0/1, HTTPS for 2/3 (client certificates requested and checked at 3), with the TLS-related faults applied.
 * Shared by the reference CSMSs of every OCPP version.
 */
import type { Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { RPCServer } from 'ocpp-rpc';
import { ConfigError } from '../../core/errors';
import type { TlsMaterial } from '../../rig/ocpp-sut';

export interface ListenOptions {
  securityProfile: number;
  tls?: TlsMaterial;
  /** The CSMS's own CA (certificates it issues for SignCertificate), trusted for client certificates too. */
  issuerCaPem: string;
  faults: ReadonlySet<string>;
  /** Names the SUT in errors, e.g. `reference OCPP 1.6 CSMS`. */
  label: string;
  /** URL path the stations connect under, e.g. `/ocpp16`. */
  path: string;
  /** Where to listen (default 127.0.0.1, any free port): `evc serve-csms` in a container listens on fixed ones. */
  at?: ListenAt;
}

/** A long-lived reference CSMS (`evc serve-csms`): fixed host/ports and an API token given by its operator. */
export interface ListenAt {
  host?: string;
  port?: number;
  apiPort?: number;
  apiToken?: string;
}

export async function listenReferenceCsms(server: RPCServer, o: ListenOptions): Promise<{ httpServer: Server | HttpsServer; url: string }> {
  const sp = o.securityProfile;
  let httpServer: Server | HttpsServer;
  // fault serves-plain-ws: an SP2/SP3 endpoint without TLS (announced as ws://)
  const secure = sp >= 2 && !o.faults.has('serves-plain-ws');
  if (secure) {
    const tls = o.tls ?? {};
    if (!tls.cert || !tls.key) {
      await server.close({ force: true }).catch(() => undefined);
      throw new ConfigError(o.label, 'tls', 'security profile 2/3 needs tls.cert and tls.key');
    }
    const s = createHttpsServer(
      {
        cert: tls.cert,
        key: tls.key,
        ca: [...(tls.ca ? [tls.ca] : []), o.issuerCaPem],
        requestCert: sp === 3,
        rejectUnauthorized: sp === 3 && !o.faults.has('accepts-untrusted-client-cert'),
        minVersion: o.faults.has('accepts-tls11') ? 'TLSv1' : 'TLSv1.2',
        ...(o.faults.has('accepts-tls11') ? { ciphers: 'DEFAULT:@SECLEVEL=0' } : {}),
        ...(o.faults.has('non-ocpp-tls-cipher') ? { maxVersion: 'TLSv1.2' as const, ciphers: 'ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:AES128-SHA256' } : {}),
        ...(tls.options ?? {}),
      },
      (_req, res) => {
        res.statusCode = 404;
        res.end();
      },
    );
    s.on('upgrade', server.handleUpgrade);
    s.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(o.at?.port ?? 0, o.at?.host ?? '127.0.0.1', () => resolve());
    });
    httpServer = s;
  } else {
    httpServer = await server.listen(o.at?.port ?? 0, o.at?.host ?? '127.0.0.1');
  }
  const port = (httpServer.address() as AddressInfo).port;
  const host = !o.at?.host || o.at.host === '0.0.0.0' ? '127.0.0.1' : o.at.host;
  return { httpServer, url: `${secure ? 'wss' : 'ws'}://${host}:${port}${o.path}` };
}
