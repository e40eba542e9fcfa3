/**
 * The rig's `v2g` block: how the harness reaches a real SECC (the harness plays the EVCC) or offers itself to
 * a real EVCC (the harness plays the SECC). Its shape is schemas/rig.schema.json (closed); the checks the
 * schema cannot make (TLS and PnC files readable as PEM of their kind, PnC chains leaf first with the key of
 * their leaf (rig-pnc.ts), an interface name with a link-local address) are made when
 * the rig is loaded, one ConfigError line per problem.
 */
import { ConfigError, configErrorCollector } from '../core/errors';
import { checkRigTlsFiles } from '../transport/tls/rig-files';
import fs from 'node:fs';
import type { V2gRigConfig, V2gRigTls } from '../rig/types';
import { checkRigPnc } from './rig-pnc';

/** Checks a rig's v2g block (paths resolved to absolute ones in place); every problem as one ConfigError line. */
export function checkRigV2gConfig(v2g: V2gRigConfig | undefined, rigFile: string, shown: string): ConfigError[] {
  if (!v2g) return [];
  const problems: ConfigError[] = [];
  const check = configErrorCollector(problems);
  check(() => checkRigTlsFiles(v2g.secc?.tls, rigFile, shown, 'v2g.secc.tls'));
  check(() => checkRigTlsFiles(v2g.evcc?.tls, rigFile, shown, 'v2g.evcc.tls'));
  problems.push(...checkRigPnc(v2g, rigFile, shown));
  for (const [field, sdp] of [['v2g.secc.sdp', v2g.secc?.sdp], ['v2g.evcc.sdp', v2g.evcc?.sdp]] as const) {
    if (!sdp) continue;
    if (sdp.address && /^(ff02:|fe80:)/i.test(sdp.address) && !sdp.interface) {
      problems.push(new ConfigError(shown, `${field}.interface`, `is required with the link-local address ${sdp.address} (the network interface of the PLC modem, e.g. eth1)`));
    }
  }
  const e = v2g.evcc;
  if (e?.tls && (e.tls.certFile === undefined) !== (e.tls.keyFile === undefined)) {
    problems.push(new ConfigError(shown, 'v2g.evcc.tls', 'certFile and keyFile go together (the harness SECC presents its chain and key)'));
  }
  return problems;
}

/** The PEM texts of a v2g TLS section (after checkRigV2gConfig resolved the paths); the fields a use needs must be there. */
export function readRigV2gTls(section: V2gRigTls | undefined, shown: string, prefix: string, required: readonly (keyof V2gRigTls)[]): { ca?: string; cert?: string; key?: string } {
  const missing = required.filter((f) => section?.[f] === undefined);
  if (missing.length) throw ConfigError.all(missing.map((f) => new ConfigError(shown, `${prefix}.${f}`, 'is required for a TLS session (the scenario uses TLS: @tls, PnC, ISO 15118-20 or a PICS with tls required)')));
  const read = (f?: string) => (f === undefined ? undefined : fs.readFileSync(f, 'utf8'));
  return { ca: read(section?.caFile), cert: read(section?.certFile), key: read(section?.keyFile) };
}
