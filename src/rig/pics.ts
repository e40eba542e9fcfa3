/**
 * PICS: the SUT's declaration of what it implements. A scenario whose tags need a profile, security profile,
 * feature or configuration key the PICS does not declare is not applicable: it is reported as skipped with
 * the reason, never failed. Without a PICS everything is applicable (the reference SUTs implement all).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../core/errors';
import { loadDataFile, PROJECT_ROOT } from '../core/load';
import type { ChademoPics, ChademoVersion } from '../chademo/types';
import type { RigConfig } from './types';

export interface Pics {
  name: string;
  protocol: string;
  sut: string;
  profiles?: string[];
  connectors?: number;
  securityProfiles?: number[];
  features?: Record<string, boolean>;
  configurationKeys?: string[];
  actions?: string[];
  /** protocol iec61851: the pilot values the EVSE or EV declares. */
  iec61851?: { maxCurrentA?: number; minCurrentA?: number; phases?: 1 | 3; cable?: 'socket' | 'tethered'; tetheredCableA?: number };
  /** protocol v2g (sut secc | evcc): the standards, energy modes, payment options and TLS the SUT implements. */
  v2g?: V2gPics;
  /** protocol chademo (sut charger | ev): versions, dynamic control, V2X, welding detection, ratings, battery. */
  chademo?: ChademoPics;
}

export interface V2gPics {
  standards: ('din70121' | 'iso15118-2' | 'iso15118-20')[];
  energy: ('AC' | 'DC')[];
  payment: ('EIM' | 'PnC')[];
  tls: 'none' | 'optional' | 'required';
  evseId?: string;
  evccId?: string;
  services20?: string[];
  /** DIN 70121 options of the SUT (EVCC: weldingDetection false = it goes from PowerDelivery(Stop) to SessionStop). */
  din?: { weldingDetection?: boolean };
  values?: Record<string, unknown>;
}

/** V2G scenarios carry their standard's tag, not `@v2g`. */
const V2G_STANDARD_TAGS: Readonly<Record<string, V2gPics['standards'][number]>> = { '@din70121': 'din70121', '@iso15118-2': 'iso15118-2', '@iso15118-20': 'iso15118-20' };

/** Why a V2G scenario does not apply to what the PICS declares (undefined: it applies). */
export function v2gNotApplicable(pics: Pics, tags: readonly string[]): string | undefined {
  const where = `PICS '${pics.name}'`;
  const v = pics.v2g;
  if (!v) return undefined;
  const std = tags.map((t) => V2G_STANDARD_TAGS[t]).find((x) => x !== undefined);
  if (std && !v.standards.includes(std)) return `${where} does not declare ${std} (declares ${v.standards.join(', ')})`;
  if (tags.includes('@ac') && !v.energy.includes('AC')) return `${where} does not declare AC charging`;
  if (tags.includes('@dc') && !v.energy.includes('DC')) return `${where} does not declare DC charging`;
  if (tags.includes('@pnc') && !v.payment.includes('PnC')) return `${where} does not declare Plug & Charge (PnC)`;
  if (tags.includes('@eim') && !v.payment.includes('EIM')) return `${where} does not declare external identification (EIM)`;
  if (tags.includes('@tls') && v.tls === 'none' && std !== 'iso15118-20') return `${where} declares no TLS (tls: none)`;
  if (tags.includes('@requires:din-welding-detection') && v.din?.weldingDetection === false) {
    return `${where} declares that the EVCC does not run WeldingDetection (v2g.din.weldingDetection: false; DIN 70121 makes it optional)`;
  }
  for (const t of tags) {
    const svc = /^@requires:v20-(.+)$/.exec(t)?.[1];
    if (svc && !(v.services20 ?? []).includes(svc)) return `${where} does not declare the ISO 15118-20 service ${svc}`;
  }
  return undefined;
}

/** CHAdeMO `@requires:` tags → the PICS field that must be true. */
const CHADEMO_REQUIRES: Readonly<Record<string, 'dynamicControl' | 'discharge' | 'weldingDetection'>> = {
  'chademo-dynamic-control': 'dynamicControl',
  'chademo-discharge': 'discharge',
  'chademo-welding-detection': 'weldingDetection',
};

/**
 * Why a CHAdeMO scenario does not apply to what the PICS declares (undefined: it applies): its version tag
 * (`@chademo:1.2`) not among `versions`, or a `@requires:chademo-…` the PICS does not declare true.
 */
export function chademoNotApplicable(pics: Pics, tags: readonly string[]): string | undefined {
  const where = `PICS '${pics.name}'`;
  const c = pics.chademo;
  if (!c) return undefined;
  for (const t of tags) {
    const v = /^@chademo:(.+)$/.exec(t)?.[1] as ChademoVersion | undefined;
    if (v && !c.versions.includes(v)) return `${where} does not declare CHAdeMO ${v} (chademo.versions: ${c.versions.join(', ')})`;
    const req = /^@requires:(chademo-.+)$/.exec(t)?.[1];
    const field = req ? CHADEMO_REQUIRES[req] : undefined;
    if (field && c[field] !== true) return `${where} does not declare chademo.${field}${c[field] === false ? ' (false)' : ''}`;
  }
  return undefined;
}

/** Profile tags → PICS profile names. */
const PROFILE_TAGS: Record<string, string> = {
  '@core': 'Core',
  '@firmware-management': 'FirmwareManagement',
  '@local-auth-list': 'LocalAuthListManagement',
  '@reservation': 'Reservation',
  '@remote-trigger': 'RemoteTrigger',
  '@smart-charging': 'SmartCharging',
  '@security': 'Security',
  '@advanced-security': 'AdvancedSecurity',
  '@advanced-device-management': 'AdvancedDeviceManagement',
  '@advanced-user-interface': 'AdvancedUserInterface',
  '@iso15118-support': 'ISO15118Support',
};

export function loadPics(file: string): Pics {
  return loadDataFile<Pics>(file, 'pics.schema.json');
}

/**
 * Every PICS the rig names (one path or a list), resolved against the project root. A PICS file that is
 * missing is reported against the rig (`rigs/x.json: pics[1]: fixtures/pics/y.json: file not found`), a bad
 * one against itself; every problem of every PICS is reported at once (one ConfigError, a line each).
 */
export function loadRigPics(rig: Pick<RigConfig, 'pics' | 'source'>): Pics[] {
  const list = Array.isArray(rig.pics);
  const files = rig.pics === undefined ? [] : Array.isArray(rig.pics) ? rig.pics : [rig.pics];
  const out: Pics[] = [];
  const problems: ConfigError[] = [];
  files.forEach((f, i) => {
    const file = path.resolve(PROJECT_ROOT, f);
    const field = list ? `pics[${i}]` : 'pics';
    if (!fs.existsSync(file)) {
      problems.push(new ConfigError(rig.source ?? 'rig', field, `${f}: PICS file not found (paths are relative to the project root)`));
      return;
    }
    try {
      out.push(loadPics(file));
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(e);
    }
  });
  if (problems.length > 0) throw ConfigError.all(problems);
  return out;
}

/**
 * PICS features no scenario asks for (`@requires:<name>`): a misspelt feature would otherwise make the
 * scenarios needing the real name "not applicable" without a word. One ConfigError per unknown name.
 */
export function unknownPicsFeatures(pics: Pics, shownFile: string, required: ReadonlySet<string>): ConfigError[] {
  return Object.keys(pics.features ?? {})
    .filter((name) => !required.has(name))
    .map((name) => new ConfigError(shownFile, `features.${name}`, `no scenario requires this feature (@requires:${name}); known: ${[...required].sort().join(', ') || 'none'}`));
}

/** The first reason any of the PICS gives for the scenario not applying, or undefined. */
export function notApplicableAny(list: readonly Pics[], tags: readonly string[]): string | undefined {
  for (const p of list) {
    const why = notApplicable(p, tags);
    if (why) return why;
  }
  return undefined;
}

/** Undefined when applicable, else the reason the scenario does not apply to this SUT. */
export function notApplicable(pics: Pics, tags: readonly string[]): string | undefined {
  if (pics.protocol === 'v2g') {
    if (!tags.includes(`@sut:${pics.sut}`) || !tags.some((t) => t in V2G_STANDARD_TAGS)) return undefined;
    const why = v2gNotApplicable(pics, tags);
    if (why) return why;
  } else if (!tags.includes(`@${pics.protocol}`) || !tags.includes(`@sut:${pics.sut}`)) return undefined;
  if (pics.protocol === 'chademo') {
    const why = chademoNotApplicable(pics, tags);
    if (why) return why;
  }
  const where = `PICS '${pics.name}'`;
  if (pics.profiles) {
    for (const t of tags) {
      const profile = PROFILE_TAGS[t];
      if (profile && !pics.profiles.includes(profile)) return `${where} does not declare the ${profile} profile`;
    }
  }
  for (const t of tags) {
    const req = /^@requires:(.+)$/.exec(t)?.[1];
    if (!req || req in CHADEMO_REQUIRES) continue;
    const key = /^key:(.+)$/.exec(req)?.[1];
    if (key) {
      if (pics.configurationKeys && !pics.configurationKeys.includes(key)) return `${where} does not list configuration key ${key}`;
      continue;
    }
    const action = /^action:(.+)$/.exec(req)?.[1];
    if (action) {
      if (pics.actions && !pics.actions.includes(action)) return `${where} does not list the optional action ${action}`;
      continue;
    }
    const conn = /^connectors-(\d+)$/.exec(req)?.[1];
    if (conn) {
      if (pics.connectors !== undefined && pics.connectors < Number(conn)) return `${where} declares ${pics.connectors} connector(s), the case needs ${conn}`;
      continue;
    }
    const sp = /^sp(\d)$/.exec(req)?.[1];
    if (sp) {
      if (pics.securityProfiles && !pics.securityProfiles.includes(Number(sp))) return `${where} does not support security profile ${sp}`;
      continue;
    }
    if (pics.features && pics.features[req] === false) return `${where} declares feature ${req} as not supported`;
    if (pics.features && !(req in pics.features)) return `${where} does not declare feature ${req}`;
  }
  return undefined;
}
