/**
 * Trace export: the candump log and the pcap files written next to the NDJSON trace are read back with a small
 * reader written here from the formats' descriptions (pcap global header + records; LINKTYPE_CAN_SOCKETCAN
 * 227 with the id in network byte order; LINKTYPE_RAW 101 with IPv4 + TCP/UDP; candump -l lines), not with
 * the exporter's own code. The frames come from real traffic: ISO-TP on the in-memory CAN bus and DoIP over
 * TCP loopback to the reference entity.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Trace } from '../../src/core/trace';
import { writeTraceExports } from '../../src/core/trace-export';
import { DoipClient } from '../../src/doip/tester';
import { IsoTpChannel } from '../../src/isotp';
import { ReferenceDoipEntity } from '../../src/reference/ecu/doip';
import { LoopbackCanBus } from '../../src/transport/can';

interface PcapRecord {
  sec: number;
  usec: number;
  data: Buffer;
}

function readPcap(buf: Buffer): { linktype: number; records: PcapRecord[] } {
  assert.ok(buf.length >= 24, 'pcap shorter than its global header');
  const magic = buf.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4;
  assert.ok(le || buf.readUInt32BE(0) === 0xa1b2c3d4, `bad pcap magic 0x${magic.toString(16)}`);
  const u16 = (o: number) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  assert.deepEqual([u16(4), u16(6)], [2, 4], 'pcap version 2.4');
  const linktype = u32(20);
  const records: PcapRecord[] = [];
  let o = 24;
  while (o < buf.length) {
    assert.ok(o + 16 <= buf.length, 'truncated record header');
    const incl = u32(o + 8);
    assert.equal(incl, u32(o + 12), 'captured = original length');
    assert.ok(u32(o + 4) < 1_000_000, 'µs field below one second');
    records.push({ sec: u32(o), usec: u32(o + 4), data: buf.subarray(o + 16, o + 16 + incl) });
    o += 16 + incl;
  }
  assert.equal(o, buf.length, 'records end exactly at the end of the file');
  return { linktype, records };
}

function onesComplementOk(bytes: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i + 1 < bytes.length; i += 2) sum += bytes.readUInt16BE(i);
  if (bytes.length % 2) sum += bytes[bytes.length - 1] << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return sum === 0xffff;
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'evc-trace-export-'));

test('CAN frames of a trace export as a candump -l log and a SocketCAN pcap that read back frame for frame', async () => {
  const trace = new Trace();
  const bus = new LoopbackCanBus();
  const tester = new IsoTpChannel(bus.open('vcan0', { trace }), { txId: 0x18da10f1, rxId: 0x18daf110, ext: true, txPadding: 0xaa });
  const ecu = new IsoTpChannel(bus.open('ecu'), { txId: 0x18daf110, rxId: 0x18da10f1, ext: true, txDl: 64, fd: true, brs: true });
  ecu.onMessage(() => void ecu.send(new Uint8Array(20).fill(0x62)));
  await tester.send(Uint8Array.of(0x22, 0xf1, 0x90));
  await tester.receive(2000);
  tester.close();
  ecu.close();
  const dir = tmp();
  try {
    const written = writeTraceExports(path.join(dir, 'scenario'), trace.frames);
    assert.deepEqual(written.map((f) => path.basename(f)), ['scenario.can.log', 'scenario.can.pcap']);
    const sent = trace.frames.filter((f) => f.protocol === 'can');
    // candump -l: (sec.usec) iface ID#DATA, ID##<flags>DATA for FD
    const lines = fs.readFileSync(path.join(dir, 'scenario.can.log'), 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, sent.length);
    const parsed = lines.map((l) => {
      const m = /^\((\d+)\.(\d{6})\) (\S+) ([0-9A-F]{3}|[0-9A-F]{8})#(#([0-9A-F]))?([0-9A-F]*)$/.exec(l);
      assert.ok(m, `not a candump -l line: ${l}`);
      return { t: Number(m[1]) * 1e6 + Number(m[2]), iface: m[3], id: parseInt(m[4], 16), fd: m[5] !== undefined, flags: m[6], data: m[7] };
    });
    assert.deepEqual(parsed.map((p) => p.iface), sent.map(() => 'vcan0'));
    assert.deepEqual(parsed.map((p) => p.id), [0x18da10f1, 0x18daf110]);
    assert.equal(parsed[0].data, '0322F190AAAAAAAA');
    assert.equal(parsed[1].fd, true);
    assert.equal(parsed[1].flags, '5'); // FDF | BRS
    assert.equal(parsed[1].data.length, 2 * 24); // SF of 20 bytes in a 24-byte FD frame
    assert.ok(parsed[1].t >= parsed[0].t, 'times in order');
    assert.ok(Math.abs(parsed[0].t / 1000 - Date.now()) < 60_000, 'wall-clock times');
    // pcap, LINKTYPE_CAN_SOCKETCAN
    const pcap = readPcap(fs.readFileSync(path.join(dir, 'scenario.can.pcap')));
    assert.equal(pcap.linktype, 227);
    assert.equal(pcap.records.length, 2);
    const [r0, r1] = pcap.records.map((r) => ({ id: r.data.readUInt32BE(0), len: r.data[4], fdFlags: r.data[5], data: r.data.subarray(8) }));
    assert.equal(r0.id, (0x18da10f1 | 0x80000000) >>> 0, 'EFF flag + 29-bit id, big-endian');
    assert.equal(r0.len, 8);
    assert.equal(r0.data.toString('hex'), '0322f190aaaaaaaa');
    assert.equal(r1.len, 24);
    assert.equal(r1.fdFlags & 0x05, 0x05, 'FD frame with BRS');
    assert.equal(r1.data.subarray(0, 3).toString('hex'), '001462');
    assert.equal(pcap.records[0].sec * 1e6 + pcap.records[0].usec, parsed[0].t, 'pcap and candump agree on the time');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('DoIP messages of a trace export as a pcap of IPv4/TCP packets that carry the DoIP bytes in order', async () => {
  const trace = new Trace();
  const entity = await ReferenceDoipEntity.start();
  const dir = tmp();
  try {
    const c = await DoipClient.connect({ port: entity.tcpPort, sourceAddress: 0x0e00, trace });
    const ra = await c.activateRouting();
    assert.equal(ra.code, 0x10);
    await c.close();
    const written = writeTraceExports(path.join(dir, 'doip'), trace.frames);
    assert.deepEqual(written.map((f) => path.basename(f)), ['doip.doip.pcap']);
    const pcap = readPcap(fs.readFileSync(written[0]));
    assert.equal(pcap.linktype, 101, 'LINKTYPE_RAW');
    const expected = trace.frames.filter((f) => f.protocol === 'doip' && f.dir !== 'note');
    assert.equal(pcap.records.length, expected.length);
    const seqs: Record<string, number> = {};
    pcap.records.forEach((r, i) => {
      const ip = r.data;
      assert.equal(ip[0] >> 4, 4, 'IPv4');
      const ihl = (ip[0] & 0x0f) * 4;
      assert.equal(ip.readUInt16BE(2), ip.length, 'IPv4 total length');
      assert.ok(onesComplementOk(ip.subarray(0, ihl)), 'IPv4 header checksum');
      assert.equal(ip[9], 6, 'TCP');
      const tcp = ip.subarray(ihl);
      const sport = tcp.readUInt16BE(0);
      const dport = tcp.readUInt16BE(2);
      const payload = tcp.subarray((tcp[12] >> 4) * 4);
      assert.equal(payload.toString('hex'), expected[i].raw, `record ${i} carries the DoIP message`);
      assert.equal(payload[0] ^ 0xff, payload[1], 'DoIP header: inverse version');
      assert.equal(expected[i].dir === 'tx' ? dport : sport, entity.tcpPort, 'entity port');
      const key = `${sport}>${dport}`;
      const seq = tcp.readUInt32BE(4);
      if (seqs[key] !== undefined) assert.equal(seq, seqs[key], 'TCP sequence numbers continue the stream');
      seqs[key] = seq + payload.length;
      const pseudo = Buffer.concat([ip.subarray(12, 20), Buffer.from([0, 6, tcp.length >> 8, tcp.length & 0xff]), tcp]);
      assert.ok(onesComplementOk(pseudo), 'TCP checksum');
    });
  } finally {
    await entity.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a trace without CAN or DoIP frames exports nothing', () => {
  const trace = new Trace();
  trace.record({ dir: 'tx', protocol: 'ocpp1.6', raw: '[2,"1","Heartbeat",{}]' });
  const dir = tmp();
  try {
    assert.deepEqual(writeTraceExports(path.join(dir, 'x'), trace.frames), []);
    assert.deepEqual(fs.readdirSync(dir), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
