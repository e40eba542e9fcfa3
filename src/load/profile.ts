/**
 * Load profiles (schemas/load-profile.schema.json): read and schema-checked with the project's loaders, then
 * resolved — defaults filled in, the CSMS url taken from the rig when the profile names none, and the checks a
 * schema cannot make (id pattern, what each security profile needs, TLS files that exist), every problem one line naming file
 * and field. Identities: `{n}` / `{n:06}` in idPattern is the station number; worker k of K gets a disjoint
 * range of numbers, so identities are unique at any count and across workers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../core/errors';
import { displayPath, loadDataFile, validateData } from '../core/load';
import type { OcppVersion } from '../ocpp/version';

export type AnswerSpec = Record<string, unknown> | 'NotImplemented' | 'NotSupported';

export interface LoadProfileFile {
  name?: string;
  csms?: { url?: string; urls?: string[] };
  stations: number;
  ramp?: { seconds?: number; perSecond?: number };
  ocppVersion?: '1.6' | '2.0.1';
  securityProfile?: 0 | 1 | 2 | 3;
  password?: string;
  /** Security profiles 2/3: PEM files (relative to the profile's folder): the CA to trust, the client pair (SP3). */
  tls?: { ca?: string; cert?: string; key?: string };
  idPattern?: string;
  idStart?: number;
  connectors?: number;
  vendor?: string;
  model?: string;
  messages?: {
    heartbeatInterval?: number;
    statusNotification?: boolean;
    transactions?: { everySeconds: number; durationSeconds: number; meterValuesSeconds?: number; idTag?: string };
  };
  answers?: Record<string, AnswerSpec>;
  duration: number;
  callTimeout?: number;
  connectTimeout?: number;
  validateSample?: number;
  reconnect?: { enabled?: boolean; minMs?: number; maxMs?: number };
  workers?: number | 'auto';
  stationsPerWorker?: number;
  localAddresses?: number;
  /** The first three octets of the loopback source addresses (default 127.0.0). */
  localNet?: string;
}

/** A profile with every default filled in: what workers receive (plain data, sent over IPC). */
export interface LoadProfile {
  name: string;
  urls: string[];
  stations: number;
  /** New connections per second. */
  rampPerSecond: number;
  version: OcppVersion;
  securityProfile: 0 | 1 | 2 | 3;
  password?: string;
  /** Absolute PEM file paths (each process reads them once). */
  tls?: { ca?: string; cert?: string; key?: string };
  idPattern: string;
  idStart: number;
  connectors: number;
  vendor: string;
  model: string;
  /** Seconds; undefined: the interval the CSMS returns. */
  heartbeatOverride?: number;
  statusNotification: boolean;
  transactions?: { everyMs: number; durationMs: number; meterValuesMs?: number; idTag: string };
  answers: Record<string, AnswerSpec>;
  durationMs: number;
  callTimeoutMs: number;
  connectTimeoutMs: number;
  validateSample: number;
  reconnect: { enabled: boolean; minMs: number; maxMs: number };
  workers: number;
  stationsPerWorker: number;
  localAddresses: number;
  localNet: string;
}

export const PROFILE_SCHEMA = 'load-profile.schema.json';
export const DEFAULT_ID_PATTERN = 'LOAD-{n:06}';
const ID_TOKEN = /\{n(?::(0?)(\d+))?\}/g;

/** Reads and validates a profile file (JSON or YAML): ConfigError, one line per problem. */
export function readProfileFile(file: string): LoadProfileFile {
  return loadDataFile<LoadProfileFile>(file, PROFILE_SCHEMA);
}

/** Validates in-memory profile data (the harness and tests build profiles without a file). */
export function validateProfileData(data: unknown, shown: string): LoadProfileFile {
  return validateData<LoadProfileFile>(data, PROFILE_SCHEMA, shown);
}

export interface ResolveContext {
  /** Shown in messages (the profile's file). */
  source: string;
  /** The folder TLS file paths are relative to (default: the working directory). */
  baseDir?: string;
  /** The rig's CSMS, used when the profile names none. */
  rigCsms?: { url?: string; password?: string; securityProfile?: number; source?: string };
  /** The machine's cores (workers: auto). */
  cores?: number;
}

/** Fills the defaults and checks what the schema cannot; every problem of the profile at once. */
export function resolveProfile(p: LoadProfileFile, ctx: ResolveContext): LoadProfile {
  const problems: ConfigError[] = [];
  const bad = (field: string, msg: string) => problems.push(new ConfigError(ctx.source, field, msg));
  const urls = p.csms?.urls ?? (p.csms?.url ? [p.csms.url] : ctx.rigCsms?.url ? [ctx.rigCsms.url] : []);
  if (urls.length === 0) bad('csms.url', `is required (the profile names no CSMS${ctx.rigCsms ? ' and the rig has no ocpp.csms.url' : ''})`);
  if (p.csms?.url && p.csms.urls) bad('csms', 'give url or urls, not both');
  const sp = p.securityProfile ?? (p.csms ? 0 : ((ctx.rigCsms?.securityProfile ?? 0) as 0 | 1 | 2 | 3));
  urls.forEach((u, i) => {
    const field = p.csms?.urls ? `csms.urls[${i}]` : 'csms.url';
    if (sp >= 2 && !u.startsWith('wss://')) bad(field, `${u}: security profile ${sp} is TLS: the URL must be wss://`);
    if (sp < 2 && u.startsWith('wss://')) bad(field, `${u}: wss:// needs security profile 2 or 3 (the profile says ${sp})`);
  });
  const password = p.password ?? (p.csms ? undefined : ctx.rigCsms?.password);
  if ((sp === 1 || sp === 2) && !password) bad('password', `is required with securityProfile ${sp} (HTTP basic auth)`);
  const tlsFiles: { ca?: string; cert?: string; key?: string } = {};
  for (const k of ['ca', 'cert', 'key'] as const) {
    const f = p.tls?.[k];
    if (!f) continue;
    const abs = path.resolve(ctx.baseDir ?? process.cwd(), f);
    if (!fs.existsSync(abs)) bad(`tls.${k}`, `${f}: no such file`);
    tlsFiles[k] = abs;
  }
  if (sp === 3 && (!tlsFiles.cert || !tlsFiles.key)) bad('tls', 'security profile 3 needs tls.cert and tls.key (the stations\' client certificate and key)');
  if (sp < 2 && p.tls) bad('tls', `is for security profiles 2 and 3 (the profile says ${sp})`);
  const pattern = p.idPattern ?? DEFAULT_ID_PATTERN;
  const tokens = pattern.match(ID_TOKEN) ?? [];
  if (tokens.length !== 1) bad('idPattern', `'${pattern}' must contain the station number exactly once, as {n} or {n:06}`);
  else if (formatId(pattern, (p.idStart ?? 1) + p.stations - 1).length > 48) bad('idPattern', `'${pattern}' makes identities longer than 48 characters`);
  if (/[/?#\s]/.test(pattern.replace(ID_TOKEN, ''))) bad('idPattern', `'${pattern}' contains a character not allowed in a URL path segment (/ ? # or space)`);
  const version = (p.ocppVersion ?? '1.6') as OcppVersion;
  if (p.ramp?.seconds !== undefined && p.ramp.perSecond !== undefined) bad('ramp', 'give seconds or perSecond, not both');
  const rc = p.reconnect ?? {};
  if (rc.minMs !== undefined && rc.maxMs !== undefined && rc.minMs > rc.maxMs) bad('reconnect.minMs', `${rc.minMs} is above reconnect.maxMs ${rc.maxMs}`);
  const perWorker = p.stationsPerWorker ?? 15_000;
  let workers: number;
  if (p.workers === undefined || p.workers === 'auto') workers = Math.max(1, Math.ceil(p.stations / perWorker));
  else workers = p.workers;
  if (workers > 0 && Math.ceil(p.stations / workers) > 20_000) bad('workers', `${workers} workers would hold ${Math.ceil(p.stations / workers)} stations each (max 20000 sockets per process)`);
  if (workers === 0 && p.stations > 20_000) bad('workers', `0 (in-process) with ${p.stations} stations: more than 20000 sockets in one process`);
  if (problems.length) throw ConfigError.all(problems);
  const rampS = p.ramp?.seconds ?? (p.ramp?.perSecond ? p.stations / p.ramp.perSecond : Math.min(60, p.stations / 500));
  const tx = p.messages?.transactions;
  return {
    name: p.name ?? 'load',
    urls: urls.map((u) => u.replace(/\/+$/, '')),
    stations: p.stations,
    rampPerSecond: rampS > 0 ? p.stations / rampS : Infinity,
    version,
    securityProfile: sp,
    ...(password && sp !== 3 ? { password } : {}),
    ...(sp >= 2 ? { tls: tlsFiles } : {}),
    idPattern: pattern,
    idStart: p.idStart ?? 1,
    connectors: p.connectors ?? 1,
    vendor: p.vendor ?? 'evc-load',
    model: p.model ?? 'lean-station',
    ...(p.messages?.heartbeatInterval ? { heartbeatOverride: p.messages.heartbeatInterval } : {}),
    statusNotification: p.messages?.statusNotification ?? true,
    ...(tx ? { transactions: { everyMs: tx.everySeconds * 1000, durationMs: tx.durationSeconds * 1000, ...(tx.meterValuesSeconds ? { meterValuesMs: tx.meterValuesSeconds * 1000 } : {}), idTag: tx.idTag ?? 'LOADTAG' } } : {}),
    answers: p.answers ?? {},
    durationMs: p.duration * 1000,
    callTimeoutMs: (p.callTimeout ?? 30) * 1000,
    connectTimeoutMs: (p.connectTimeout ?? 10) * 1000,
    validateSample: p.validateSample ?? 0.01,
    reconnect: { enabled: rc.enabled ?? true, minMs: rc.minMs ?? 1000, maxMs: rc.maxMs ?? 30_000 },
    workers,
    stationsPerWorker: perWorker,
    localAddresses: p.localAddresses ?? Math.max(1, Math.ceil(p.stations / 4_000)),
    localNet: p.localNet ?? '127.0.0',
  };
}

/** Reads, validates and resolves a profile file. */
export function loadProfile(file: string, ctx: Omit<ResolveContext, 'source'> = {}): LoadProfile {
  const data = readProfileFile(file);
  return resolveProfile(data, { baseDir: path.dirname(path.resolve(file)), ...ctx, source: displayPath(file) });
}

/** The identity of station number n: `LOAD-{n:06}` → LOAD-000042. */
export function formatId(pattern: string, n: number): string {
  return pattern.replace(ID_TOKEN, (_m, _zero: string, width: string | undefined) => (width ? String(n).padStart(Number(width), '0') : String(n)));
}

export interface StationRange {
  /** Index of the first station of the range in the whole swarm (0-based). */
  first: number;
  count: number;
}

/** Splits `total` stations over `workers` disjoint, contiguous ranges (sizes differ by at most one). */
export function splitRanges(total: number, workers: number): StationRange[] {
  const k = Math.max(1, workers);
  const out: StationRange[] = [];
  let first = 0;
  for (let i = 0; i < k; i++) {
    const count = Math.floor(total / k) + (i < total % k ? 1 : 0);
    out.push({ first, count });
    first += count;
  }
  return out;
}
