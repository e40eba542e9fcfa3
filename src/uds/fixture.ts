/**
 * ECU fixtures: JSON validated against schemas/ecu.schema.json (ajv, draft-07), normalised into EcuConfig
 * (numbers instead of hex strings, bytes instead of hex text). Bad input raises a one-line ConfigError naming
 * the file and the field.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../core/errors';
import { validateData } from '../core/load';

export interface SessionConfig {
  id: number;
  name: string;
  p2Ms: number;
  p2StarMs: number;
  from?: number[];
}
/** A seed/key hook: the description's key module (`key(seed, level)`), loaded by the description loader. */
export type KeyFunction = (seed: Uint8Array, level: number) => Uint8Array;
export interface SecurityLevelConfig {
  level: number;
  algorithm: string;
  constant: number;
  /** The description's seed/key module, resolved against the description file (replaces algorithm/constant). */
  keyModule?: string;
  keyFn?: KeyFunction;
  seedLength: number;
  fixedSeed?: Uint8Array;
  sessions?: number[];
}
export interface DidConfig {
  id: number;
  name?: string;
  data: Uint8Array;
  /** Expected-value pattern (ASCII) for values that differ per unit. */
  pattern?: RegExp;
  writable: boolean;
  readSessions?: number[];
  writeSessions?: number[];
  readSecurity?: number;
  writeSecurity?: number;
}
export interface RoutineConfig {
  id: number;
  name?: string;
  durationMs: number;
  sessions?: number[];
  security?: number;
  startStatus: Uint8Array;
  result: Uint8Array;
  stoppable: boolean;
}
export interface DownloadConfig {
  address: number;
  size: number;
  maxBlockLength: number;
  sessions?: number[];
  security?: number;
  dataFormats: number[];
}
export interface ObdConfig {
  pids: Map<number, Uint8Array>;
  vin?: string;
  calibrationId?: string;
  ecuName?: string;
  dtcs: number[];
  pendingDtcs: number[];
}
export interface DoipIdentityConfig {
  vin: string;
  eid: Uint8Array;
  gid: Uint8Array;
  logicalAddress: number;
  testerAddresses?: number[];
  maxDataSize: number;
}
export interface EcuConfig {
  name: string;
  source: string;
  addressing: {
    physicalRequestId: number;
    physicalResponseId: number;
    functionalRequestId: number;
    logicalAddress: number;
    functionalLogicalAddress: number;
    extendedIds: boolean;
    canFd: boolean;
    /** Padding byte of sent CAN frames; null = none; undefined = the transport's default. */
    padding?: number | null;
    blockSize: number;
    stMin: number;
  };
  /** Supported request SIDs when the description lists them. */
  services?: number[];
  s3Ms: number;
  sessions: SessionConfig[];
  ecuReset: { types: number[]; sessions?: number[] };
  serviceSessions: Map<number, number[]>;
  security: { maxAttempts: number; delayMs: number; levels: SecurityLevelConfig[] };
  dids: DidConfig[];
  routines: RoutineConfig[];
  dtcs: { code: number; status: number; name?: string }[];
  dtcStatusAvailabilityMask: number;
  memory: { address: number; data: Uint8Array; security?: number }[];
  download?: DownloadConfig;
  obd?: ObdConfig;
  doip: DoipIdentityConfig;
}

/** Schema check with every problem reported, one line each (the same formatting as rig and PICS files). */
function validate(raw: unknown, file: string): void {
  validateData(raw, 'ecu.schema.json', file);
}

export function num(v: number | string | undefined, dflt = 0): number {
  if (v === undefined) return dflt;
  return typeof v === 'number' ? v : parseInt(v, 16);
}

export function hexBytes(text: string | undefined): Uint8Array {
  if (!text) return new Uint8Array(0);
  const clean = text.replace(/^0x/i, '').replace(/\s+/g, '');
  return Uint8Array.from(clean.match(/../g) ?? [], (h) => parseInt(h, 16));
}

function list(v: (number | string)[] | undefined): number[] | undefined {
  return v?.map((x) => num(x));
}

/** Validates and normalises a fixture object; `file` names it in errors. */
export function parseEcuFixture(raw: unknown, file = '<inline ecu fixture>'): EcuConfig {
  validate(raw, file);
  const r = raw as Record<string, any>;
  const sessions: SessionConfig[] = r.sessions.map((s: any) => ({ id: num(s.id), name: s.name, p2Ms: s.p2Ms, p2StarMs: s.p2StarMs, from: list(s.from) }));
  const ids = new Set<number>();
  sessions.forEach((s, i) => {
    if (ids.has(s.id)) throw new ConfigError(file, `sessions[${i}].id`, `duplicate session 0x${s.id.toString(16)}`);
    ids.add(s.id);
  });
  if (!ids.has(0x01)) throw new ConfigError(file, 'sessions', 'the default session (id 1) is required');
  const levels: SecurityLevelConfig[] = (r.security?.levels ?? []).map((l: any, i: number) => {
    const level = num(l.level);
    if (level % 2 !== 1 || level > 0x7d) throw new ConfigError(file, `security.levels[${i}].level`, 'must be an odd requestSeed sub-function 0x01..0x7D');
    const fixedSeed = l.fixedSeed ? hexBytes(l.fixedSeed) : undefined;
    const seedLength = l.seedLength ?? fixedSeed?.length ?? 4;
    if (fixedSeed && fixedSeed.length !== seedLength) throw new ConfigError(file, `security.levels[${i}].fixedSeed`, `must have seedLength (${seedLength}) bytes`);
    if (!l.keyModule && (l.algorithm === undefined || l.constant === undefined)) throw new ConfigError(file, `security.levels[${i}]`, 'needs a keyModule (seed/key hook) or an algorithm with a constant');
    // relative to the description file; an inline description (no file) resolves against fixtures/ecu/
    const keyModule = l.keyModule ? path.resolve(fs.existsSync(file) ? path.dirname(file) : path.dirname(REFERENCE_ECU_FIXTURE), l.keyModule) : undefined;
    const keyFn = keyModule ? loadKeyModule(keyModule, file, `security.levels[${i}].keyModule`) : undefined;
    return { level, algorithm: l.algorithm ?? 'module', constant: num(l.constant), keyModule, keyFn, seedLength, fixedSeed, sessions: list(l.sessions) };
  });
  const dids: DidConfig[] = (r.dids ?? []).map((d: any, i: number) => {
    if (d.data !== undefined && d.ascii !== undefined) throw new ConfigError(file, `dids[${i}]`, "give either 'data' or 'ascii', not both");
    const data = d.ascii !== undefined ? Uint8Array.from(Buffer.from(d.ascii, 'latin1')) : hexBytes(d.data);
    const open = d.pattern !== undefined || d.readSecurity !== undefined;
    if (data.length === 0 && !open) throw new ConfigError(file, `dids[${i}].data`, 'a DID needs at least one data byte (or a pattern)');
    let pattern: RegExp | undefined;
    try {
      pattern = d.pattern === undefined ? undefined : new RegExp(d.pattern);
    } catch (e) {
      throw new ConfigError(file, `dids[${i}].pattern`, `not a regular expression: ${(e as Error).message}`);
    }
    return {
      id: num(d.id),
      name: d.name,
      data,
      pattern,
      writable: d.writable === true,
      readSessions: list(d.readSessions),
      writeSessions: list(d.writeSessions),
      readSecurity: d.readSecurity === undefined ? undefined : num(d.readSecurity),
      writeSecurity: d.writeSecurity === undefined ? undefined : num(d.writeSecurity),
    };
  });
  const routines: RoutineConfig[] = (r.routines ?? []).map((x: any) => ({
    id: num(x.id),
    name: x.name,
    durationMs: x.durationMs ?? 0,
    sessions: list(x.sessions),
    security: x.security === undefined ? undefined : num(x.security),
    startStatus: hexBytes(x.startStatus),
    result: hexBytes(x.result),
    stoppable: x.stoppable === true,
  }));
  const serviceSessions = new Map<number, number[]>();
  for (const [k, v] of Object.entries(r.serviceSessions ?? {})) serviceSessions.set(parseInt(k, 16), list(v as number[]) ?? []);
  const dl = r.download;
  const obd = r.obd;
  const pids = new Map<number, Uint8Array>();
  for (const [k, v] of Object.entries(obd?.pids ?? {})) pids.set(parseInt(k, 16), hexBytes(v as string));
  const addr = r.addressing ?? {};
  const doip = r.doip ?? {};
  const logicalAddress = num(doip.logicalAddress ?? addr.logicalAddress, 0x0010);
  return {
    name: r.name,
    source: file,
    addressing: {
      physicalRequestId: num(addr.physicalRequestId, 0x7e0),
      physicalResponseId: num(addr.physicalResponseId, 0x7e8),
      functionalRequestId: num(addr.functionalRequestId, 0x7df),
      logicalAddress: num(addr.logicalAddress, logicalAddress),
      functionalLogicalAddress: num(addr.functionalLogicalAddress, 0xe400),
      extendedIds: addr.extendedIds === true,
      canFd: addr.canFd === true,
      padding: addr.padding === undefined ? undefined : addr.padding === null ? null : num(addr.padding),
      blockSize: num(addr.blockSize, 0),
      stMin: num(addr.stMin, 0),
    },
    services: list(r.services),
    s3Ms: r.s3Ms ?? 5000,
    sessions,
    ecuReset: { types: list(r.ecuReset?.types) ?? [0x01, 0x02, 0x03], sessions: list(r.ecuReset?.sessions) },
    serviceSessions,
    security: { maxAttempts: r.security?.maxAttempts ?? 3, delayMs: r.security?.delayMs ?? 10000, levels },
    dids,
    routines,
    dtcs: (r.dtcs ?? []).map((d: any) => ({ code: num(d.code), status: num(d.status), name: d.name })),
    dtcStatusAvailabilityMask: num(r.dtcStatusAvailabilityMask, 0xff),
    memory: (r.memory ?? []).map((m: any) => ({ address: num(m.address), data: hexBytes(m.data), security: m.security === undefined ? undefined : num(m.security) })),
    download: dl
      ? {
          address: num(dl.address),
          size: num(dl.size),
          maxBlockLength: dl.maxBlockLength ?? 0x102,
          sessions: list(dl.sessions),
          security: dl.security === undefined ? undefined : num(dl.security),
          dataFormats: list(dl.dataFormats) ?? [0x00],
        }
      : undefined,
    obd: obd
      ? { pids, vin: obd.vin, calibrationId: obd.calibrationId, ecuName: obd.ecuName, dtcs: list(obd.dtcs) ?? [], pendingDtcs: list(obd.pendingDtcs) ?? [] }
      : undefined,
    doip: {
      vin: doip.vin ?? obd?.vin ?? 'EVCREF0000000001X'.slice(0, 17),
      eid: doip.eid ? hexBytes(doip.eid) : Uint8Array.of(0x02, 0x00, 0x00, 0x00, 0x00, 0x01),
      gid: doip.gid ? hexBytes(doip.gid) : Uint8Array.of(0x02, 0x00, 0x00, 0x00, 0x00, 0x01),
      logicalAddress,
      testerAddresses: list(doip.testerAddresses),
      maxDataSize: doip.maxDataSize ?? 4096,
    },
  };
}

/** Loads a description's seed/key module: it must export `key(seed, level)` (or a default function). */
function loadKeyModule(modulePath: string, file: string, field: string): KeyFunction {
  let mod: { key?: unknown; default?: unknown };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(modulePath);
  } catch (e) {
    throw new ConfigError(file, field, `cannot load seed/key module ${modulePath}: ${(e as Error).message.split('\n')[0]}`);
  }
  const fn = typeof mod.key === 'function' ? mod.key : typeof mod.default === 'function' ? mod.default : undefined;
  if (!fn) throw new ConfigError(file, field, `seed/key module ${modulePath} exports no function 'key(seed, level)'`);
  return (seed, level) => {
    const out = (fn as (s: Uint8Array, l: number) => unknown)(Uint8Array.from(seed), level);
    if (!(out instanceof Uint8Array)) throw new ConfigError(file, field, `seed/key module ${modulePath} returned ${typeof out}, not a Uint8Array`);
    return out;
  };
}

/** Reads, validates and normalises a fixture file. */
export function loadEcuFixture(file: string): EcuConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, '', `cannot read: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, '', `not valid JSON: ${(e as Error).message}`);
  }
  return parseEcuFixture(raw, file);
}

/** The bundled reference ECU definition (fixtures/ecu/reference-ecu.json). */
export const REFERENCE_ECU_FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'ecu', 'reference-ecu.json');
