/**
 * Discovery scan of a UDS ECU, as the scanners diagnostic engineers use do it: which diagnostic sessions it
 * enters (and their P2/P2*), which request services it knows (anything but NRC serviceNotSupported counts),
 * which security levels hand out seeds, which DIDs answer (or are refused only for security), its DTCs, and
 * — over DoIP — its announced identity. The result is an ECU description draft (schemas/ecu.schema.json) for
 * a person to complete: seed/key modules, expected-value patterns, routines.
 *
 * Probes are chosen not to change the ECU: sub-function 0x00 (reserved for every service with
 * sub-functions) or a too-short request. OBD mode 04 (clear emission DTCs) is probed only when `intrusive`.
 */
import { EvcError } from '../core/errors';
import { hex } from './codec';
import { NRC } from './nrc';
import type { UdsTester } from './tester';

export interface ScanOptions {
  /** Inclusive DID ranges; default 0x0000–0x03FF and 0xF180–0xF1FF (ISO 14229-1 identification DIDs). */
  didRanges?: [number, number][];
  intrusive?: boolean;
  /** Progress lines (stderr in the CLI). */
  onProgress?: (line: string) => void;
}

export interface ScanResult {
  sessions: { id: number; p2Ms: number; p2StarMs: number; from: number[] }[];
  services: number[];
  securityLevels: { level: number; seedLength: number; sessions: number[] }[];
  dids: { id: number; data?: Uint8Array; readSecurity?: boolean; sessions: number[] }[];
  dtcs: { code: number; status: number }[];
  dtcStatusAvailabilityMask?: number;
  requests: number;
}

export const DEFAULT_DID_RANGES: [number, number][] = [
  [0x0000, 0x03ff],
  [0xf180, 0xf1ff],
];

/** Request SIDs worth probing: OBD modes, ISO 14229 services, the 0x80-0xBE range (ISO 14229 / supplier). */
const PROBE_SIDS = [...range(0x01, 0x0a), ...range(0x10, 0x3e), ...range(0x80, 0x88), ...range(0xba, 0xbe)];

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

const isNrc = (r: Uint8Array | undefined, sid: number, nrc?: number) => !!r && r[0] === 0x7f && r[1] === sid && (nrc === undefined || r[2] === nrc);

export class UdsScanner {
  private requests = 0;
  constructor(
    private readonly tester: UdsTester,
    private readonly opts: ScanOptions = {},
  ) {}

  private async ask(bytes: number[]): Promise<Uint8Array | undefined> {
    this.requests++;
    const ex = await this.tester.request(Uint8Array.from(bytes));
    return ex.final?.data;
  }

  private async enter(id: number): Promise<Uint8Array | undefined> {
    const r = await this.ask([0x10, id]);
    return r?.[0] === 0x50 ? r : undefined;
  }

  /** Sessions reachable from the default session, then from each one found (the path is kept). */
  async sessions(): Promise<ScanResult['sessions']> {
    const found = new Map<number, ScanResult['sessions'][number]>();
    const add = (id: number, from: number, r: Uint8Array) => {
      const s = found.get(id) ?? { id, p2Ms: (r[2] << 8) | r[3], p2StarMs: ((r[4] << 8) | r[5]) * 10, from: [] };
      if (!s.from.includes(from)) s.from.push(from);
      if (!this.sessionPaths.has(id)) this.sessionPaths.set(id, [...(this.sessionPaths.get(from) ?? [0x01]), id]);
      found.set(id, s);
    };
    const d = await this.enter(0x01);
    if (!d) throw new Error('the ECU does not answer DiagnosticSessionControl default session (10 01) positively: nothing to scan');
    add(0x01, 0x01, d);
    const queue = [0x01];
    while (queue.length) {
      const from = queue.shift()!;
      for (const id of range(0x01, 0x7f)) {
        if (!(await this.reach(from))) break;
        const r = await this.enter(id);
        if (!r) continue;
        if (!found.has(id)) queue.push(id);
        add(id, from, r);
      }
      this.opts.onProgress?.(`sessions from 0x${from.toString(16).padStart(2, '0')}: ${[...found.keys()].map((x) => x.toString(16).padStart(2, '0')).join(' ')}`);
    }
    await this.enter(0x01);
    return [...found.values()].sort((a, b) => a.id - b.id);
  }

  /** Default session, then `id` through the path it was first found on. */
  private readonly sessionPaths = new Map<number, number[]>([[0x01, [0x01]]]);
  private async reach(id: number): Promise<boolean> {
    const path = this.sessionPaths.get(id) ?? [0x01, id];
    for (const s of path) {
      if (await this.enter(s)) continue;
      // a session found before that no longer answers: the ECU went away (or reset) — never a silent empty draft
      throw new EvcError(`the ECU stopped entering session 0x${s.toString(16).padStart(2, '0')} (path ${path.map((x) => x.toString(16).padStart(2, '0')).join('→')}) after ${this.requests} requests: scan aborted`);
    }
    return true;
  }

  async services(sessions: number[]): Promise<number[]> {
    const supported = new Set<number>();
    for (const s of sessions) {
      for (const sid of PROBE_SIDS) {
        if (supported.has(sid) || (sid === 0x04 && !this.opts.intrusive)) continue;
        if (!(await this.reach(s))) break;
        // OBD modes without a PID are the SID alone; 0x14 alone is too short to clear anything
        const probe = [0x03, 0x04, 0x07, 0x0a, 0x14].includes(sid) ? [sid] : [sid, 0x00];
        const r = await this.ask(probe);
        if (r && !isNrc(r, sid, NRC.serviceNotSupported)) supported.add(sid);
      }
    }
    await this.enter(0x01);
    return [...supported].sort((a, b) => a - b);
  }

  async securityLevels(sessions: number[]): Promise<ScanResult['securityLevels']> {
    const levels = new Map<number, ScanResult['securityLevels'][number]>();
    for (const s of sessions) {
      if (!(await this.reach(s))) continue;
      for (let level = 0x01; level <= 0x41; level += 2) {
        const r = await this.ask([0x27, level]);
        if (r?.[0] !== 0x67) continue;
        const l = levels.get(level) ?? { level, seedLength: r.length - 2, sessions: [] };
        l.sessions.push(s);
        levels.set(level, l);
      }
    }
    await this.enter(0x01);
    return [...levels.values()];
  }

  async dids(sessions: number[]): Promise<ScanResult['dids']> {
    const dids = new Map<number, ScanResult['dids'][number]>();
    for (const s of sessions) {
      if (!(await this.reach(s))) continue;
      for (const [a, b] of this.opts.didRanges ?? DEFAULT_DID_RANGES) {
        for (let id = a; id <= b; id++) {
          // back through the session path now and then, so a long range never outlasts S3
          if ((id - a) % 256 === 255 && !(await this.reach(s))) break;
          const r = await this.ask([0x22, id >> 8, id & 0xff]);
          const locked = isNrc(r, 0x22, NRC.securityAccessDenied);
          if (!locked && r?.[0] !== 0x62) continue;
          const d = dids.get(id) ?? { id, sessions: [] };
          d.sessions.push(s);
          if (locked) d.readSecurity = true;
          else if (!d.data && id !== 0xf186) d.data = r!.slice(3);
          else if (id === 0xf186) d.data = Uint8Array.of(0x01);
          dids.set(id, d);
        }
      }
      this.opts.onProgress?.(`DIDs in session 0x${s.toString(16).padStart(2, '0')}: ${dids.size} found so far`);
    }
    await this.enter(0x01);
    return [...dids.values()].sort((x, y) => x.id - y.id);
  }

  async dtcs(): Promise<Pick<ScanResult, 'dtcs' | 'dtcStatusAvailabilityMask'>> {
    // reportSupportedDTC (0x0A) lists every DTC, also those whose status is 0; else every status bit
    let r = await this.ask([0x19, 0x0a]);
    if (r?.[0] !== 0x59) r = await this.ask([0x19, 0x02, 0xff]);
    if (r?.[0] !== 0x59) return { dtcs: [] };
    const dtcs = [];
    for (let i = 3; i + 4 <= r.length; i += 4) dtcs.push({ code: (r[i] << 16) | (r[i + 1] << 8) | r[i + 2], status: r[i + 3] });
    return { dtcs, dtcStatusAvailabilityMask: r[2] };
  }

  async run(): Promise<ScanResult> {
    const sessions = await this.sessions();
    const ids = sessions.map((s) => s.id);
    const services = await this.services(ids);
    const securityLevels = services.includes(0x27) ? await this.securityLevels(ids) : [];
    const dids = services.includes(0x22) ? await this.dids(ids) : [];
    const dtc = services.includes(0x19) ? await this.dtcs() : { dtcs: [] };
    this.opts.onProgress?.(`services: ${hex(services)}`);
    return { sessions, services, securityLevels, dids, ...dtc, requests: this.requests };
  }
}
