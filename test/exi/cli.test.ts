import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/exi';
import { CodecError } from '../../src/core/errors';
import { PayloadType, decodeV2gtp, encodeV2gtp, hasV2gtpHeader } from '../../src/v2g/v2gtp';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array) => ((out += String(s)), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string | Uint8Array) => ((err += String(s)), true)) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

const SESSION_STOP = { V2G_Message: { Header: { SessionID: '0102030405060708' }, Body: { SessionStopReq: {} } } };

describe('evc exi', () => {
  it('decodes hex (with or without a V2GTP header) to one line of JSON', async () => {
    for (const input of ['809a02004080c1014181c211f0', '01fe80010000000d809a02004080c1014181c211f0']) {
      const r = await run(['decode', '--schema', 'din', input]);
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(JSON.parse(r.out), SESSION_STOP);
      assert.equal(r.out.trim().split('\n').length, 1);
    }
  });

  it('encodes JSON or @file to hex, optionally framed', async () => {
    const r = await run(['encode', '--schema', 'din', JSON.stringify(SESSION_STOP)]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.trim(), '809a02004080c1014181c211f0');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-exi-'));
    try {
      const file = path.join(dir, 'msg.json');
      fs.writeFileSync(file, JSON.stringify(SESSION_STOP));
      const f = await run(['encode', '--schema=din', `@${file}`, '--v2gtp']);
      assert.equal(f.out.trim(), '01fe80010000000d809a02004080c1014181c211f0');
      const bin = path.join(dir, 'msg.exi');
      fs.writeFileSync(bin, Buffer.from('809a02004080c1014181c211f0', 'hex'));
      const d = await run(['decode', '--schema', 'din', `@${bin}`]);
      assert.deepEqual(JSON.parse(d.out), SESSION_STOP);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports bad input on one stderr line with exit code 1, usage errors with 2', async () => {
    for (const argv of [
      ['decode', '--schema', 'din', '809a02'],
      ['decode', '--schema', 'din', 'zz'],
      ['decode', '--schema', 'iso2', '00'],
      ['encode', '--schema', 'din', '{not json'],
      ['encode', '--schema', 'din', '{"V2G_Message":{}}'],
      ['decode', '--schema', 'din', '@/nonexistent/file'],
    ]) {
      const r = await run(argv);
      assert.equal(r.code, 1, `${argv.join(' ')}: ${r.err}`);
      assert.equal(r.out, '');
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
      assert.match(r.err, /^evc exi: /);
      assert.doesNotMatch(r.err, /\bat .*\.ts:\d+/);
    }
    for (const argv of [[], ['frobnicate'], ['decode', '80'], ['decode', '--schema', 'foo', '80'], ['encode', '--schema', 'din']]) {
      const r = await run(argv);
      assert.equal(r.code, 2, argv.join(' '));
    }
  });
});

describe('V2GTP header', () => {
  it('frames and parses payloads', () => {
    const frame = encodeV2gtp(PayloadType.Exi, Uint8Array.of(0x80, 0x40, 0x00, 0x40));
    assert.equal(Buffer.from(frame).toString('hex'), '01fe80010000000480400040');
    assert.ok(hasV2gtpHeader(frame));
    const back = decodeV2gtp(frame);
    assert.equal(back.payloadType, 0x8001);
    assert.equal(Buffer.from(back.payload).toString('hex'), '80400040');
  });

  it('rejects short frames, bad version bytes, length mismatches and oversize lengths', () => {
    for (const h of ['01fe8001', '02fd800100000000', '01fe80010000000580400040', '01fe8001ffffffff']) {
      assert.throws(() => decodeV2gtp(Buffer.from(h, 'hex')), CodecError, h);
    }
  });
});
