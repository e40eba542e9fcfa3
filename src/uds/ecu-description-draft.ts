/**
 * Turns a discovery scan (scanner.ts) into an ECU description draft (schemas/ecu.schema.json). What a scan
 * cannot know is left for a person: each security level points at a key module still to be written
 * (keys/TODO-<name>.ts: loading the draft fails on it, naming the field), DIDs refused for security have no
 * value, session names other than the ISO ones are guesses.
 */
import type { VehicleIdentification } from '../doip/payloads';
import { hex } from './codec';
import { parseEcuFixture } from './fixture';
import type { ScanResult } from './scanner';

const ISO_SESSION_NAMES: Record<number, string> = { 0x01: 'default', 0x02: 'programming', 0x03: 'extended', 0x04: 'safetySystem' };
const h = (v: number, digits: number) => `0x${v.toString(16).toUpperCase().padStart(digits, '0')}`;

export interface DraftContext {
  name: string;
  /** How the ECU was reached, for the description text. */
  via: string;
  can?: { physicalRequestId: number; physicalResponseId: number; functionalRequestId: number };
  doip?: VehicleIdentification;
}

export function draftDescription(scan: ScanResult, ctx: DraftContext): Record<string, unknown> {
  const all = scan.sessions.map((s) => s.id);
  const sessionsOf = (list: number[]) => (list.length === all.length ? undefined : list.map((x) => h(x, 2)));
  const draft: Record<string, unknown> = {
    $schema: '../../schemas/ecu.schema.json',
    name: ctx.name,
    description: `Draft written by evc scan via ${ctx.via} (${scan.requests} requests). Complete the security key modules, expected-value patterns and routines before using it.`,
  };
  const addressing: Record<string, unknown> = {};
  if (ctx.can) Object.assign(addressing, { physicalRequestId: h(ctx.can.physicalRequestId, 3), physicalResponseId: h(ctx.can.physicalResponseId, 3), functionalRequestId: h(ctx.can.functionalRequestId, 3) });
  if (ctx.doip) addressing.logicalAddress = h(ctx.doip.logicalAddress, 4);
  if (Object.keys(addressing).length) draft.addressing = addressing;
  draft.sessions = scan.sessions.map((s) => ({ id: h(s.id, 2), name: ISO_SESSION_NAMES[s.id] ?? `session${h(s.id, 2)}`, p2Ms: s.p2Ms, p2StarMs: s.p2StarMs, ...(s.id === 0x01 ? {} : { from: s.from.map((x) => h(x, 2)) }) }));
  draft.services = scan.services.map((x) => h(x, 2));
  if (scan.securityLevels.length) {
    draft.security = {
      levels: scan.securityLevels.map((l) => ({ level: h(l.level, 2), keyModule: `keys/TODO-${ctx.name}.ts`, seedLength: l.seedLength, sessions: l.sessions.map((x) => h(x, 2)) })),
    };
  }
  draft.dids = scan.dids.map((d) => {
    const out: Record<string, unknown> = { id: h(d.id, 4) };
    if (d.data) out.data = hex(d.data);
    if (d.readSecurity) out.readSecurity = h(scan.securityLevels[0]?.level ?? 1, 2);
    const rs = sessionsOf(d.sessions);
    if (rs) out.readSessions = rs;
    return out;
  });
  if (scan.dtcStatusAvailabilityMask !== undefined) draft.dtcStatusAvailabilityMask = h(scan.dtcStatusAvailabilityMask, 2);
  if (scan.dtcs.length) draft.dtcs = scan.dtcs.map((d) => ({ code: h(d.code, 6), status: h(d.status, 2) }));
  if (ctx.doip) draft.doip = { vin: ctx.doip.vin, eid: hex(ctx.doip.eid), gid: hex(ctx.doip.gid), logicalAddress: h(ctx.doip.logicalAddress, 4) };
  return draft;
}

/** The draft must satisfy the schema (the key modules aside, which a person writes): a broken draft is a bug here. */
export function checkDraft(draft: Record<string, unknown>, file: string): void {
  const sec = draft.security as { levels: Record<string, unknown>[] } | undefined;
  const probe = { ...draft, security: sec ? { levels: sec.levels.map((l) => ({ ...l, keyModule: undefined, algorithm: 'identity', constant: 0 })) } : undefined };
  parseEcuFixture(JSON.parse(JSON.stringify(probe)), file);
}
