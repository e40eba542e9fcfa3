/**
 * Report labels and identity of a scenario, derived from its tags and feature path (never from its line, so
 * they survive edits): epic = protocol, feature = profile/block (or the area folder for UDS/DoIP/OBD),
 * story = test-case ID (or, for checks outside a catalogue, the Gherkin Feature's title).
 */
import crypto from 'node:crypto';
import type { RigConfig } from '../rig/types';

export const PROTOCOL_NAMES: Record<string, string> = {
  '@ocpp16': 'OCPP 1.6J',
  '@ocpp201': 'OCPP 2.0.1',
  '@ocpp21': 'OCPP 2.1',
  '@iec61851': 'IEC 61851-1',
  '@din70121': 'DIN 70121',
  '@iso15118-2': 'ISO 15118-2',
  '@iso15118-20': 'ISO 15118-20',
  '@chademo': 'CHAdeMO',
  '@uds': 'UDS (ISO 14229)',
  '@doip': 'DoIP (ISO 13400-2)',
  '@obd': 'OBD-II (SAE J1979)',
};

export const PROFILE_NAMES: Record<string, string> = {
  '@core': 'Core',
  '@local-auth-list': 'Local Auth List Management',
  '@firmware-management': 'Firmware Management',
  '@reservation': 'Reservation',
  '@remote-trigger': 'Remote Trigger',
  '@smart-charging': 'Smart Charging',
  '@security': 'Security',
  '@advanced-security': 'Advanced Security',
  '@smoke': 'Smoke',
};

export interface ScenarioLabels {
  epic?: string;
  feature?: string;
  story?: string;
  sutRole?: string;
  protocolTag?: string;
}

export function labelsFromTags(tags: readonly string[], fallbackFeature?: string): ScenarioLabels {
  const protocolTag = tags.find((t) => t in PROTOCOL_NAMES);
  const block = tags.find((t) => /^@block:/.test(t));
  const profile = tags.find((t) => t in PROFILE_NAMES && t !== '@smoke') ?? tags.find((t) => t in PROFILE_NAMES);
  const story = tags.find((t) => /^@(TC_|IEC61851-)/.test(t));
  const sut = tags.find((t) => t.startsWith('@sut:'));
  return {
    protocolTag,
    epic: protocolTag ? PROTOCOL_NAMES[protocolTag] : undefined,
    feature: block ? `Block ${block.slice(7)}` : profile ? PROFILE_NAMES[profile] : fallbackFeature,
    story: story ? story.slice(1) : undefined,
    sutRole: sut ? sut.slice(5) : undefined,
  };
}

/** Epics by the first folder under features/, for a scenario without a protocol tag. */
const PATH_EPICS: Record<string, string> = {
  ocpp16: PROTOCOL_NAMES['@ocpp16'],
  ocpp201: PROTOCOL_NAMES['@ocpp201'],
  uds: PROTOCOL_NAMES['@uds'],
  doip: PROTOCOL_NAMES['@doip'],
  obd: PROTOCOL_NAMES['@obd'],
};

/** Areas of the protocols organised by folder rather than by profile/block (features/<protocol>/<area>/). */
const AREA_NAMES: Record<string, string> = {
  session: 'Diagnostic session',
  data: 'Data identifiers, DTCs and memory',
  isotp: 'ISO-TP transport',
  programming: 'Routines and download',
  security: 'Security access',
  tester: 'Tester under test',
  entity: 'DoIP entity',
  'scan-tool': 'Scan tool services',
};

/** Epic, feature and story are always set: a result without them would fall outside the report's tree. */
export interface ReportLabels {
  epic: string;
  feature: string;
  story: string;
  sutRole?: string;
}

/** `features/uds/session/x.feature` (any prefix, either separator) → ['uds', 'session', 'x.feature']. */
function featureSegments(featurePath: string): string[] {
  const parts = featurePath.replace(/\\/g, '/').split('/');
  const i = parts.lastIndexOf('features');
  return i >= 0 ? parts.slice(i + 1) : parts;
}

function titleCase(folder: string): string {
  return folder.replace(/[-_]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

/** A Gherkin Feature title without its trailing parenthesis: "Diagnostic session control (ISO 14229-1 §10.2)" → "Diagnostic session control". */
export function shortTitle(title: string): string {
  const cut = title.replace(/\s*\([^()]*\)\s*$/, '').trim();
  return cut || title.trim();
}

export function reportLabels(tags: readonly string[], featurePath: string, featureTitle: string | undefined, scenarioName: string): ReportLabels {
  const fromTags = labelsFromTags(tags);
  const [top, area] = featureSegments(featurePath);
  const byFolder = fromTags.protocolTag === undefined || ['@uds', '@doip', '@obd'].includes(fromTags.protocolTag);
  const folderArea = area && !area.endsWith('.feature') ? (AREA_NAMES[area] ?? titleCase(area)) : undefined;
  const feature = (byFolder ? folderArea : undefined) ?? fromTags.feature ?? folderArea ?? (shortTitle(featureTitle ?? '') || titleCase(top ?? ''));
  return {
    epic: fromTags.epic ?? PATH_EPICS[top ?? ''] ?? titleCase(top ?? 'features'),
    feature: feature || 'Other',
    story: fromTags.story ?? (featureTitle ? shortTitle(featureTitle) : scenarioName),
    sutRole: fromTags.sutRole,
  };
}

/** The catalogue ID of a scenario (`@TC_040_1_CSMS` → TC_040_1_CSMS), if it has one. */
export function catalogueId(tags: readonly string[]): string | undefined {
  return tags.find((t) => /^@(TC_|IEC61851-)/.test(t))?.slice(1);
}

/**
 * The scenario's identity, unique across the suite and stable across edits that move it: feature path
 * (from the project root, '/'-separated) + catalogue ID + scenario name. Two scenarios of one file that share
 * a name (TC_040_1_CSMS, TC_040_2_CSMS) differ by their ID; an outline's rows differ by their parameters,
 * which Allure adds to the history id.
 */
export function scenarioKey(featurePath: string, tags: readonly string[], scenarioName: string): string {
  const rel = ['features', ...featureSegments(featurePath)].join('/');
  const id = catalogueId(tags);
  return `${rel}#${id ? `${id} ` : ''}${scenarioName}`;
}

/** Allure's testCaseId for the scenario: md5 of its key (Allure derives the history id from it and the parameters). */
export function testCaseIdOf(featurePath: string, tags: readonly string[], scenarioName: string): string {
  return crypto.createHash('md5').update(scenarioKey(featurePath, tags, scenarioName)).digest('hex');
}

/** Parameters shown on every result (and part of its history id): rig, SUT, injected faults, PICS files. */
export function reportParameters(rig: RigConfig, sutRole: string | undefined): Record<string, string> {
  const sut = rig.sut ? [rig.sut.vendor, rig.sut.model, rig.sut.firmware].filter(Boolean).join(' ') : '';
  const pics = rig.pics === undefined ? [] : Array.isArray(rig.pics) ? rig.pics : [rig.pics];
  return {
    rig: `${rig.name} (${rig.kind})`,
    SUT: sut || (rig.kind === 'reference' ? `reference ${sutRole ?? ''}`.trim() : 'unspecified'),
    faults: (rig.faults ?? []).length ? (rig.faults ?? []).join(', ') : 'none',
    PICS: pics.length ? pics.join(', ') : 'none',
  };
}
