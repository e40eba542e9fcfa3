/**
 * The ECU description of the SUT (a fixture validated by schemas/ecu.schema.json, see fixture.ts) as the
 * scenarios see it: scenario variables (`${ecu.vin}`, `${ecu.did.F190}`, `${ecu.writableDid}`…) and the
 * not-applicable check run before a scenario starts. A scenario that needs something the description does not
 * declare (a security level, a session, a download area, a DID of some kind) is not applicable, with the
 * reason; it never fails for it.
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../core/load';
import type { RigConfig } from '../rig/types';
import { decodePidValue, formatDtc, isBitmapPid } from '../obd/codec';
import { type EcuConfig, loadEcuFixture, REFERENCE_ECU_FIXTURE } from './fixture';

const cache = new Map<string, EcuConfig>();

/** The description file a rig names (`uds.ecu`), else the reference ECU's own. */
export function ecuDescriptionPath(rig: Pick<RigConfig, 'uds'>): string {
  const f = rig.uds?.ecu;
  return f ? path.resolve(PROJECT_ROOT, f) : REFERENCE_ECU_FIXTURE;
}

/** Loads (once per run and file) and validates a description; bad input is a one-line ConfigError. */
export function loadEcuDescription(file: string): EcuConfig {
  let d = cache.get(file);
  if (!d) {
    d = loadEcuFixture(file);
    cache.set(file, d);
  }
  return d;
}

const hx = (v: number, bytes: number) => v.toString(16).toUpperCase().padStart(bytes * 2, '0').replace(/(..)(?!$)/g, '$1 ');
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1 ');

/** Every `${ecu.…}` variable the description defines (absent ones make a scenario using them not applicable). */
export function ecuVariables(d: EcuConfig): Map<string, string> {
  const v = new Map<string, string>();
  const vin = d.doip.vin ?? d.obd?.vin;
  if (vin) v.set('ecu.vin', vin);
  v.set('ecu.logicalAddress', `0x${hx(d.doip.logicalAddress, 2).replace(' ', '')}`);
  const testers = d.doip.testerAddresses ?? [0x0e00];
  v.set('ecu.doip.tester', `0x${hx(testers[0], 2).replace(' ', '')}`);
  const unknown = [0x0f00, 0x0e01, 0x0f7f].find((a) => !testers.includes(a))!;
  v.set('ecu.doip.unknownTester', `0x${hx(unknown, 2).replace(' ', '')}`);
  for (const did of d.dids) if (did.data.length && !did.pattern) v.set(`ecu.did.${hx(did.id, 2).replace(' ', '')}`, hexOf(did.data));
  const declared = new Set(d.dids.map((x) => x.id));
  const absent = [0xf199, 0xf1ef, 0xfd00].find((id) => !declared.has(id));
  if (absent !== undefined) v.set('ecu.absentDid', hx(absent, 2));
  const open = d.dids.filter((x) => x.data.length && !x.readSecurity && !x.readSessions && x.id !== 0xf186);
  if (open.length >= 2) v.set('ecu.longRead', open.slice(0, 3).map((x) => hx(x.id, 2)).join(' '));
  const writable = d.dids.find((x) => x.writable && x.writeSecurity === undefined && x.writeSessions && !x.writeSessions.includes(0x01) && x.data.length);
  if (writable) {
    v.set('ecu.writableDid', hx(writable.id, 2));
    v.set('ecu.writableDid.value', hexOf(writable.data.map((b, i) => (i === writable.data.length - 1 ? b ^ 0x07 : b))));
    v.set('ecu.writableDid.short', hexOf(writable.data.length > 1 ? writable.data.slice(1) : Uint8Array.of(...writable.data, 0)));
  }
  const locked = d.dids.find((x) => x.readSecurity === 0x01 && x.data.length && !x.pattern);
  if (locked) {
    v.set('ecu.lockedDid', hx(locked.id, 2));
    v.set('ecu.lockedDid.value', hexOf(locked.data));
  }
  const area = d.memory.find((m) => m.security === undefined && m.data.length >= 4);
  if (area) {
    v.set('ecu.memory.address', hx(area.address, 4));
    v.set('ecu.memory.data4', hexOf(area.data.slice(0, 4)));
    const end = Math.max(...d.memory.map((m) => m.address + m.data.length));
    v.set('ecu.memory.outside', hx((end + 0x1000) >>> 0, 4));
  }
  const slow = d.routines.find((r) => r.durationMs > Math.max(...d.sessions.map((s) => s.p2Ms)) && r.result.length);
  if (slow) {
    v.set('ecu.slowRoutine', hx(slow.id, 2));
    v.set('ecu.slowRoutine.result', hexOf(slow.result));
  }
  for (const s of d.sessions) {
    v.set(`ecu.session.${s.name}.p2`, String(s.p2Ms));
    v.set(`ecu.session.${s.name}.p2Star`, String(s.p2StarMs));
  }
  if (d.obd) {
    if (d.obd.vin) v.set('ecu.obd.vin', d.obd.vin);
    v.set('ecu.obd.dtcs', d.obd.dtcs.map(formatDtc).join(' '));
    for (const [pid, data] of d.obd.pids) {
      if (isBitmapPid(pid)) continue;
      const r = decodePidValue(pid, data);
      v.set(`ecu.obd.pid.${hx(pid, 1)}`, `${r.value} ${r.unit}`.trim());
    }
  }
  return v;
}

/** Step texts that need a declaration: the pattern and what it needs. */
const STEP_NEEDS: { re: RegExp; check: (d: EcuConfig, m: RegExpExecArray) => string | undefined }[] = [
  { re: /the ECU is in the (\w+) session|the active session is (\w+)|for the (\w+) session/, check: (d, m) => (d.sessions.some((s) => s.name === (m[1] ?? m[2] ?? m[3])) ? undefined : `declares no '${m[1] ?? m[2] ?? m[3]}' session`) },
  { re: /(?:security level|for level) (\d+)/, check: (d, m) => (d.security.levels.some((l) => l.level === Number(m[1])) ? undefined : `declares no security level ${m[1]}`) },
  { re: /every described DID/, check: (d) => (describedDids(d).length ? undefined : 'declares no DID readable in the default session without security') },
  { re: /download/i, check: (d) => (d.download ? undefined : 'declares no download area') },
  { re: /\b(?:PID|scan tool|mode 0\d|stored DTCs)\b/, check: (d) => (d.obd ? undefined : 'declares no OBD-II data') },
];

/** The reason a scenario with these step texts does not apply to the described ECU, or undefined. */
export function ecuNotApplicable(d: EcuConfig, texts: readonly string[], vars = ecuVariables(d)): string | undefined {
  const where = `the ECU description '${d.name}'`;
  for (const t of texts) {
    for (const m of t.matchAll(/\$\{(ecu\.[A-Za-z0-9_.]+)\}/g)) if (!vars.has(m[1])) return `${where} declares nothing for \${${m[1]}} (${VARIABLE_MEANING[m[1].split('.').slice(0, 2).join('.')] ?? 'see src/uds/ecu-description.ts'})`;
    for (const n of STEP_NEEDS) {
      const m = n.re.exec(t);
      const why = m && n.check(d, m);
      if (why) return `${where} ${why}`;
    }
  }
  return undefined;
}

const VARIABLE_MEANING: Record<string, string> = {
  'ecu.vin': 'a VIN (doip.vin or obd.vin)',
  'ecu.did': 'a DID with a fixed value',
  'ecu.absentDid': 'an identifier outside its DIDs',
  'ecu.longRead': 'two DIDs readable in the default session without security',
  'ecu.writableDid': 'a DID writable in a non-default session without security',
  'ecu.lockedDid': 'a DID readable only after unlocking security level 1',
  'ecu.memory': 'a memory area of 4 bytes or more readable without security',
  'ecu.slowRoutine': 'a routine slower than P2 with a result',
  'ecu.obd': 'that OBD-II value',
  'ecu.session': 'that session',
};

/** DIDs the default session reads without security, with a value or a pattern to check (not the active session). */
export function describedDids(d: EcuConfig): EcuConfig['dids'] {
  return d.dids.filter((x) => x.id !== 0xf186 && x.readSecurity === undefined && (!x.readSessions || x.readSessions.includes(0x01)) && (x.pattern || x.data.length));
}

/** Undefined when `data` is what the description says of DID `id` (its value, or its pattern over the ASCII text). */
export function didMismatch(d: EcuConfig, id: number, data: Uint8Array): string | undefined {
  const did = d.dids.find((x) => x.id === id);
  if (!did) return `DID 0x${hx(id, 2).replace(' ', '')} is not in the description`;
  const text = Buffer.from(data).toString('latin1');
  if (did.pattern) return did.pattern.test(text) ? undefined : `DID 0x${hx(id, 2).replace(' ', '')} reads '${text.replace(/[^\x20-\x7e]/g, '.')}' (${hexOf(data)}), which does not match the described pattern ${did.pattern}`;
  return hexOf(data) === hexOf(did.data) ? undefined : `DID 0x${hx(id, 2).replace(' ', '')} reads ${hexOf(data)}, described ${hexOf(did.data)}`;
}

/** The status mask the ECU applies to its DTCs and the records it must report for `mask` (ReadDTCInformation 0x02). */
export function expectedDtcs(d: EcuConfig, mask: number): { availability: number; records: { code: number; status: number }[] } {
  const availability = d.dtcStatusAvailabilityMask;
  const records = d.dtcs.map((x) => ({ code: x.code, status: x.status & availability })).filter((x) => (x.status & mask) !== 0);
  return { availability, records };
}

export function dtcResponseHex(d: EcuConfig, subFunction: 0x01 | 0x02, mask: number): string {
  const e = expectedDtcs(d, mask);
  if (subFunction === 0x01) return `59 01 ${hx(e.availability, 1)} 01 ${hx(e.records.length, 2)}`;
  return ['59 02', hx(e.availability, 1), ...e.records.map((r) => `${hx(r.code, 3)} ${hx(r.status, 1)}`)].join(' ');
}
