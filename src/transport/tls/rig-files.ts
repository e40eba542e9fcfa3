/**
 * TLS files named in a rig (ocpp.csms.caFile / certFile / keyFile): resolved against the rig file's folder,
 * then the project root, and read once when the rig is loaded, so a missing or unreadable file is one
 * ConfigError naming the rig file and field before any scenario runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../core/errors';
import { PROJECT_ROOT } from '../../core/load';

export const RIG_TLS_FIELDS = ['caFile', 'certFile', 'keyFile'] as const;
export type RigTlsField = (typeof RIG_TLS_FIELDS)[number];

/** Absolute path of a rig-relative file name: the rig's folder first, then the project root. */
export function resolveRigFile(name: string, rigFile: string): string {
  if (path.isAbsolute(name)) return name;
  const nextToRig = path.resolve(path.dirname(rigFile), name);
  return fs.existsSync(nextToRig) ? nextToRig : path.resolve(PROJECT_ROOT, name);
}

/**
 * Replaces each TLS file name in `section` by its absolute path after checking it reads as PEM.
 * `shown` is the rig file as displayed in errors; `prefix` the section path (e.g. `ocpp.csms`).
 */
export function checkRigTlsFiles(section: Partial<Record<RigTlsField, string>> | undefined, rigFile: string, shown: string, prefix: string): void {
  if (!section) return;
  for (const field of RIG_TLS_FIELDS) {
    const name = section[field];
    if (name === undefined) continue;
    const file = resolveRigFile(name, rigFile);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
      throw new ConfigError(shown, `${prefix}.${field}`, `${name}: ${why}`);
    }
    const want = field === 'keyFile' ? /-----BEGIN [A-Z ]*PRIVATE KEY-----/ : /-----BEGIN CERTIFICATE-----/;
    if (!want.test(text)) throw new ConfigError(shown, `${prefix}.${field}`, `${name}: not a PEM ${field === 'keyFile' ? 'private key' : 'certificate'}`);
    section[field] = file;
  }
  if (Boolean(section.certFile) !== Boolean(section.keyFile)) throw new ConfigError(shown, `${prefix}.${section.certFile ? 'keyFile' : 'certFile'}`, 'is required with the other (client certificate and its key)');
}

/** The harness CSMS's server TLS for a real station, from the rig's (already checked) ocpp.station files. */
export function rigCsmsServerTls(section: Partial<Record<RigTlsField, string>> | undefined): { ca?: string; cert?: string; key?: string } | undefined {
  if (!section?.certFile || !section.keyFile) return undefined;
  const read = (f?: string) => (f ? fs.readFileSync(f, 'utf8') : undefined);
  return { ca: read(section.caFile), cert: read(section.certFile), key: read(section.keyFile) };
}

/** The harness station's TLS material for a remote CSMS, from the rig's (already checked) files. */
export function rigStationTls(section: Partial<Record<RigTlsField, string>> | undefined, shown: string): { ca?: string; cert?: string; key?: string; caLabel: string } {
  const read = (f?: string) => (f ? fs.readFileSync(f, 'utf8') : undefined);
  return {
    ca: read(section?.caFile),
    cert: read(section?.certFile),
    key: read(section?.keyFile),
    caLabel: section?.caFile ? `the rig's CA (${shown} ocpp.csms.caFile)` : 'the system trust store (no ocpp.csms.caFile in the rig)',
  };
}
