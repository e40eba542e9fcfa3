/**
 * Id tags (1.6 idTag, 2.0.1 idToken) by role. Scenarios never name a token: they write `${idTag.<role>}`
 * (`${idTag.valid}`, `${idTag.blocked}`, …) and the value comes from the rig for the side under test —
 * rig.ocpp.csms.idTags when a CSMS is tested (the tokens that CSMS knows), rig.ocpp.station.idTags when a
 * station is tested (the cards its reader presents) — with the EVC-* defaults below for roles the rig does
 * not name. `unknown` is generated per scenario (a token no SUT knows) unless the rig names one.
 *
 * The status a role implies (Blocked, Expired with an expiry date, a parent / group) is part of the role:
 * the harness CSMS answers it that way, and a reference CSMS under test is configured with it. A real CSMS
 * under test must be set up by its operator so that its tokens have those statuses.
 */
import { randomBytes } from 'node:crypto';

export interface IdTagInfo {
  status: string;
  parentIdTag?: string;
  expiryDate?: string;
}

/** Default token per role (the EVC-* literals the catalogue used before roles existed). */
export const DEFAULT_ID_TAGS: Readonly<Record<string, string>> = {
  valid: 'EVC-VALID-001',
  valid2: 'EVC-VALID-002',
  blocked: 'EVC-BLOCKED-01',
  expired: 'EVC-EXPIRED-01',
  invalid: 'EVC-INVALID-01',
  parent: 'EVC-PARENT-01',
  child1: 'EVC-CHILD-001',
  child2: 'EVC-CHILD-002',
  cache1: 'EVC-CACHE-01',
  cache2: 'EVC-CACHE-02',
  groupA1: 'EVC-GROUP-A1',
  groupA2: 'EVC-GROUP-A2',
  groupB1: 'EVC-GROUP-B1',
  groupA: 'EVC-GROUP-A',
  groupB: 'EVC-GROUP-B',
  master: 'EVC-MASTER-01',
  masterGroup: 'EVC-MASTER',
  unknown: '',
};

export const ID_TAG_ROLES = Object.keys(DEFAULT_ID_TAGS);

/**
 * Roles whose token a CSMS under test must already know (with the status the role implies). On a rig with
 * a real CSMS, a scenario needing one the rig does not name is not applicable: a made-up default would be
 * answered Invalid/Unknown and blamed on the CSMS. `invalid` and `unknown` need no set-up (any token the CSMS
 * does not know is invalid), and the other roles are set up by the scenario itself.
 */
export const CSMS_MUST_KNOW = ['valid', 'valid2', 'blocked', 'expired', 'parent', 'child1', 'child2'];

/** A token no SUT knows: fresh for every scenario, 14 characters (fits a 1.6 idTag's 20). */
export function generatedUnknownTag(): string {
  return `EVC-U${randomBytes(5).toString('hex').toUpperCase().slice(0, 9)}`;
}

/** The token for every role on this side: rig values over defaults, `unknown` generated unless named. */
export function resolveIdTags(rigTags: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = { ...DEFAULT_ID_TAGS, unknown: generatedUnknownTag() };
  for (const [role, value] of Object.entries(rigTags ?? {})) out[role] = value;
  return out;
}

/** What the CSMS side (harness CSMS, or a reference CSMS under test) knows: token → status, by role. */
export function knownIdTags(tags: Record<string, string>): Map<string, IdTagInfo> {
  return new Map<string, IdTagInfo>([
    [tags.valid, { status: 'Accepted' }],
    [tags.valid2, { status: 'Accepted' }],
    [tags.blocked, { status: 'Blocked' }],
    [tags.expired, { status: 'Expired', expiryDate: '2020-01-01T00:00:00.000Z' }],
    [tags.child1, { status: 'Accepted', parentIdTag: tags.parent }],
    [tags.child2, { status: 'Accepted', parentIdTag: tags.parent }],
  ]);
}

/** Scenario variables: `idTag.<role>` → token. */
export function idTagVariables(tags: Record<string, string>): [string, string][] {
  return Object.entries(tags).map(([role, value]) => [`idTag.${role}`, value]);
}

/** The roles a scenario's text refers to (`${idTag.<role>}`). */
export function rolesUsed(texts: Iterable<string>): Set<string> {
  const roles = new Set<string>();
  for (const text of texts) for (const mm of text.matchAll(/\$\{idTag\.([A-Za-z0-9_]+)\}/g)) roles.add(mm[1]);
  return roles;
}

/**
 * Pre-flight: why a scenario cannot run on this rig (undefined = it can). An unknown role is a mistake in
 * the scenario (thrown); a role a real CSMS must know but the rig does not name makes it not applicable.
 */
export function idTagPreflight(roles: Iterable<string>, opts: { side: 'station' | 'csms'; realSut: boolean; rigTags?: Record<string, string> }): string | undefined {
  const missing: string[] = [];
  for (const role of roles) {
    if (!(role in DEFAULT_ID_TAGS) && !(opts.rigTags && role in opts.rigTags)) {
      throw new Error(`\${idTag.${role}}: no such id-tag role (known: ${ID_TAG_ROLES.join(', ')})`);
    }
    if (opts.side === 'csms' && opts.realSut && CSMS_MUST_KNOW.includes(role) && !opts.rigTags?.[role]) missing.push(role);
  }
  if (missing.length === 0) return undefined;
  return `the rig names no id tag the CSMS under test knows as ${missing.map((r) => `'${r}'`).join(', ')} (rig.ocpp.csms.idTags)`;
}
