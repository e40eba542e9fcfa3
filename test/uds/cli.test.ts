import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main, parseArgs } from '../../src/cli/uds';
import { ReferenceDoipEntity } from '../../src/reference/ecu/doip';

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    const code = await fn();
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

test('argument parsing and usage errors', () => {
  const a = parseArgs(['--doip', '127.0.0.1:13401', '--source', '0x0E00', '--target', '0010', '22', 'F190']);
  assert.equal(a.source, 0x0e00);
  assert.equal(a.target, 0x0010);
  assert.deepEqual(a.bytes, ['22', 'F190']);
  assert.throws(() => parseArgs(['22']), /exactly one of --doip, --can, --reference/);
  assert.throws(() => parseArgs(['--doip', 'x', '--bogus']), /--bogus: unknown option/);
});

test('CAN options: 29-bit ids, CAN FD, padding, BS/STmin; bad values name the flag', () => {
  const a = parseArgs(['--can', 'vcan0', '--ext', '--tx', '18DA10F1', '--rx', '18DAF110', '--functional-id', '18DB33F1', '--fd', '--brs', '--padding', 'AA', '--bs', '8', '--stmin', 'F3', '22', 'F190']);
  assert.deepEqual([a.ext, a.tx, a.rx, a.functionalId, a.fd, a.brs, a.padding, a.bs, a.stmin], [true, 0x18da10f1, 0x18daf110, 0x18db33f1, true, true, 0xaa, 8, 0xf3]);
  assert.equal(parseArgs(['--can', 'vcan0', '--padding', 'none', '3E00']).padding, null);
  assert.equal(parseArgs(['--can', 'vcan0', '--txdl', '16', '3E00']).fd, true);
  assert.throws(() => parseArgs(['--can', 'vcan0', '--tx', '18DA10F1', '3E00']), /--tx: 0x18DA10F1 does not fit a 11-bit identifier \(add --ext/);
  assert.throws(() => parseArgs(['--can', 'vcan0', '--txdl', '13', '3E00']), /--txdl: 13 is not a CAN FD frame length/);
  assert.throws(() => parseArgs(['--can', 'vcan0', '--brs', '3E00']), /--brs: bit-rate switch needs --fd/);
  assert.throws(() => parseArgs(['--can', 'vcan0', '--stmin', '80', '3E00']), /--stmin: 0x80 is reserved/);
  assert.throws(() => parseArgs(['--can', 'vcan0', '--padding', '1FF', '3E00']), /--padding: 0x1ff is not a byte/);
});

test('evc uds --doip against a running entity prints the decoded response with timing', async () => {
  const ref = await ReferenceDoipEntity.start();
  try {
    const r = await capture(() => main(['--doip', `127.0.0.1:${ref.tcpPort}`, '--source', '0x0E00', '--target', '0x0010', '22', 'F190']));
    assert.equal(r.code, 0);
    assert.match(r.out, /response 62 F1 90 .*"WEVC0NF0RMANCE001"\s+\+\d+\.\d+ ms \(P2 50 ms\)/);
    const base = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'evc-uds-save-')), 'x');
    const saved = await capture(() => main(['--doip', `127.0.0.1:${ref.tcpPort}`, '--save', base, '22', 'F190']));
    assert.equal(saved.code, 0);
    assert.match(saved.err, /trace saved: .*x\.ndjson, .*x\.doip\.pcap/);
    assert.equal(fs.readFileSync(`${base}.doip.pcap`).readUInt32LE(20), 101);
    fs.rmSync(path.dirname(base), { recursive: true, force: true });
    const n = await capture(() => main(['--doip', `127.0.0.1:${ref.tcpPort}`, '22', 'F199']));
    assert.equal(n.code, 1);
    assert.match(n.out, /negative response 0x31 requestOutOfRange/);
  } finally {
    await ref.close();
  }
});

test('--help, usage error exit 2, --reference with a fault', async () => {
  assert.match((await capture(() => main(['--help']))).out, /--can <ifname>/);
  assert.equal((await capture(() => main(['10', '03']))).code, 2);
  const late = await capture(() => main(['--reference', '--fault', 'late-p2', '10', '03']));
  assert.equal(late.code, 1);
  assert.match(late.out, /LATE/);
});
