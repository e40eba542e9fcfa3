/**
 * Exports the CAN and DoIP frames of a scenario trace in the formats automotive tools read, next to the
 * NDJSON trace:
 *   <base>.can.log   candump -l log: `(sec.usec) iface ID#DATA` (`ID##<flags>DATA` for CAN FD, `ID#R` RTR)
 *   <base>.can.pcap  pcap, LINKTYPE_CAN_SOCKETCAN (227): the 8-byte SocketCAN header (id big-endian with the
 *                    EFF/RTR/ERR flags, length, FD flags) + data
 *   <base>.doip.pcap pcap, LINKTYPE_RAW (101): each DoIP message in a synthesized IPv4 + TCP (or UDP) packet
 *                    between the harness (127.0.0.2) and the entity's address and port from the trace channel
 * Times are wall clock: the trace's first wall time plus each frame's monotonic offset (so order and
 * intervals are those the harness measured). Only the harness's own view is exported (not a reference
 * entity's copy of the same bytes).
 */
import fs from 'node:fs';
import type { Frame } from './trace';

const LINKTYPE_RAW = 101;
const LINKTYPE_CAN_SOCKETCAN = 227;
const CAN_EFF_FLAG = 0x80000000;
const CAN_RTR_FLAG = 0x40000000;
const CAN_ERR_FLAG = 0x20000000;
const CANFD_BRS = 0x01;
const CANFD_FDF = 0x04;
const HARNESS_IP = [127, 0, 0, 2];

interface CanDecoded {
  id: number;
  ext?: boolean;
  fd?: boolean;
  brs?: boolean;
  rtr?: boolean;
  err?: boolean;
}

/** Wall-clock µs of each frame: the first frame's wall time plus the monotonic offset. */
function wallClock(frames: readonly Frame[]): (f: Frame) => number {
  if (frames.length === 0) return () => 0;
  const base = Date.parse(frames[0].wall) * 1000 - frames[0].tUs;
  return (f) => base + f.tUs;
}

function canFrames(frames: readonly Frame[]): Frame[] {
  return frames.filter((f) => f.protocol === 'can' && f.dir !== 'note' && f.rawEncoding === 'hex' && typeof (f.decoded as CanDecoded | undefined)?.id === 'number');
}

function doipFrames(frames: readonly Frame[]): Frame[] {
  return frames.filter((f) => f.protocol === 'doip' && f.dir !== 'note' && f.rawEncoding === 'hex' && f.raw.length > 0 && !(f.summary ?? '').startsWith('entity '));
}

/** candump -l text for the CAN frames of a trace ('' when there are none). */
export function toCandumpLog(frames: readonly Frame[]): string {
  const at = wallClock(frames);
  return canFrames(frames)
    .map((f) => {
      const d = f.decoded as CanDecoded;
      const t = at(f);
      const stamp = `(${Math.floor(t / 1e6)}.${String(Math.floor(t % 1e6)).padStart(6, '0')})`;
      const id = d.err ? (d.id | CAN_ERR_FLAG) >>> 0 : d.id;
      const idText = id.toString(16).toUpperCase().padStart(d.ext || d.err ? 8 : 3, '0');
      const data = f.raw.toUpperCase();
      const body = d.rtr ? 'R' : d.fd ? `#${((d.brs ? CANFD_BRS : 0) | CANFD_FDF).toString(16).toUpperCase()}${data}` : data;
      return `${stamp} ${f.channel ?? 'can0'} ${idText}#${body}\n`;
    })
    .join('');
}

function pcapFile(linktype: number, records: { us: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0); // µs timestamps, little-endian file
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16); // snaplen
  header.writeUInt32LE(linktype, 20);
  const parts: Buffer[] = [header];
  for (const r of records) {
    const h = Buffer.alloc(16);
    h.writeUInt32LE(Math.floor(r.us / 1e6), 0);
    h.writeUInt32LE(Math.floor(r.us % 1e6), 4);
    h.writeUInt32LE(r.data.length, 8);
    h.writeUInt32LE(r.data.length, 12);
    parts.push(h, r.data);
  }
  return Buffer.concat(parts);
}

/** pcap (LINKTYPE_CAN_SOCKETCAN) of the CAN frames of a trace; undefined when there are none. */
export function toCanPcap(frames: readonly Frame[]): Buffer | undefined {
  const can = canFrames(frames);
  if (can.length === 0) return undefined;
  const at = wallClock(frames);
  return pcapFile(
    LINKTYPE_CAN_SOCKETCAN,
    can.map((f) => {
      const d = f.decoded as CanDecoded;
      const data = Buffer.from(f.raw, 'hex');
      const rec = Buffer.alloc(8 + data.length);
      const id = (d.id | (d.ext ? CAN_EFF_FLAG : 0) | (d.rtr ? CAN_RTR_FLAG : 0) | (d.err ? CAN_ERR_FLAG : 0)) >>> 0;
      rec.writeUInt32BE(id, 0); // network byte order in this link type
      rec[4] = data.length;
      rec[5] = d.fd ? CANFD_FDF | (d.brs ? CANFD_BRS : 0) : 0;
      data.copy(rec, 8);
      return { us: at(f), data: rec };
    }),
  );
}

function checksum(buf: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < buf.length; i += 2) sum += buf.readUInt16BE(i);
  if (buf.length % 2) sum += buf[buf.length - 1] << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return ~sum & 0xffff;
}

function ipv4(src: number[], dst: number[], proto: number, payload: Buffer, ident: number): Buffer {
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h.writeUInt16BE(20 + payload.length, 2);
  h.writeUInt16BE(ident & 0xffff, 4);
  h[8] = 64;
  h[9] = proto;
  Buffer.from(src).copy(h, 12);
  Buffer.from(dst).copy(h, 16);
  h.writeUInt16BE(checksum(h), 10);
  return Buffer.concat([h, payload]);
}

function transportChecksum(src: number[], dst: number[], proto: number, segment: Buffer): number {
  const pseudo = Buffer.alloc(12);
  Buffer.from(src).copy(pseudo, 0);
  Buffer.from(dst).copy(pseudo, 4);
  pseudo[9] = proto;
  pseudo.writeUInt16BE(segment.length, 10);
  return checksum(Buffer.concat([pseudo, segment]));
}

/** `127.0.0.1:13400` / `udp 10.0.0.5:13400` → address and port (unparseable → 127.0.0.1:13400). */
function endpoint(channel: string | undefined): { udp: boolean; ip: number[]; port: number } {
  const m = /^(udp )?(\d+)\.(\d+)\.(\d+)\.(\d+):(\d+)/.exec(channel ?? '');
  if (!m) return { udp: /^udp /.test(channel ?? ''), ip: [127, 0, 0, 1], port: 13400 };
  return { udp: m[1] !== undefined, ip: [m[2], m[3], m[4], m[5]].map(Number), port: Number(m[6]) };
}

/** pcap (LINKTYPE_RAW, IPv4 + TCP/UDP) of the DoIP messages of a trace; undefined when there are none. */
export function toDoipPcap(frames: readonly Frame[]): Buffer | undefined {
  const doip = doipFrames(frames);
  if (doip.length === 0) return undefined;
  const at = wallClock(frames);
  // one TCP stream per connection: a new client port at every "TCP connected" note of a channel
  const clientPort = new Map<string, number>();
  const seq = new Map<string, { tx: number; rx: number }>();
  let nextPort = 49152;
  let ident = 1;
  const records: { us: number; data: Buffer }[] = [];
  for (const f of frames) {
    const ch = f.channel ?? '';
    if (f.protocol === 'doip' && f.dir === 'note' && /^TCP connected/.test(f.summary ?? '')) {
      clientPort.set(ch, nextPort++);
      seq.set(ch, { tx: 1, rx: 1 });
      continue;
    }
    if (!doip.includes(f)) continue;
    const ep = endpoint(ch);
    if (!clientPort.has(ch)) {
      clientPort.set(ch, nextPort++);
      seq.set(ch, { tx: 1, rx: 1 });
    }
    const port = clientPort.get(ch)!;
    const payload = Buffer.from(f.raw, 'hex');
    const [src, dst, sport, dport] = f.dir === 'tx' ? [HARNESS_IP, ep.ip, port, ep.port] : [ep.ip, HARNESS_IP, ep.port, port];
    let segment: Buffer;
    if (ep.udp) {
      segment = Buffer.alloc(8 + payload.length);
      segment.writeUInt16BE(sport, 0);
      segment.writeUInt16BE(dport, 2);
      segment.writeUInt16BE(segment.length, 4);
      payload.copy(segment, 8);
      segment.writeUInt16BE(transportChecksum(src, dst, 17, segment) || 0xffff, 6);
    } else {
      const s = seq.get(ch)!;
      segment = Buffer.alloc(20 + payload.length);
      segment.writeUInt16BE(sport, 0);
      segment.writeUInt16BE(dport, 2);
      segment.writeUInt32BE((f.dir === 'tx' ? s.tx : s.rx) >>> 0, 4);
      segment.writeUInt32BE((f.dir === 'tx' ? s.rx : s.tx) >>> 0, 8);
      segment[12] = 5 << 4;
      segment[13] = 0x18; // PSH ACK
      segment.writeUInt16BE(65535, 14);
      payload.copy(segment, 20);
      segment.writeUInt16BE(transportChecksum(src, dst, 6, segment), 16);
      if (f.dir === 'tx') s.tx += payload.length;
      else s.rx += payload.length;
    }
    records.push({ us: at(f), data: ipv4(src, dst, ep.udp ? 17 : 6, segment, ident++) });
  }
  return pcapFile(LINKTYPE_RAW, records);
}

/**
 * Writes `<base>.can.log`, `<base>.can.pcap` and `<base>.doip.pcap` for the frames a trace has (none of
 * them when it has no CAN/DoIP frame). `base` is the NDJSON path without `.ndjson`. Returns the files written.
 */
export function writeTraceExports(base: string, frames: readonly Frame[]): string[] {
  const written: string[] = [];
  const log = toCandumpLog(frames);
  if (log) {
    fs.writeFileSync(`${base}.can.log`, log);
    written.push(`${base}.can.log`);
  }
  const can = toCanPcap(frames);
  if (can) {
    fs.writeFileSync(`${base}.can.pcap`, can);
    written.push(`${base}.can.pcap`);
  }
  const doip = toDoipPcap(frames);
  if (doip) {
    fs.writeFileSync(`${base}.doip.pcap`, doip);
    written.push(`${base}.doip.pcap`);
  }
  return written;
}
