/**
 * SDP over real UDP sockets: codec and IPv6 text ↔ bytes, discovery on [::1] (ephemeral server port), retries
 * counted against a server that ignores the first requests, timeout after maxAttempts in bounded time,
 * malformed answers and requests, trace records, and link-local multicast when an interface has one.
 */
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { describe, test } from 'node:test';
import { Trace } from '../../src/core/trace';
import { encodeV2gtp } from '../../src/v2g/framing/v2gtp';
import {
  type SdpAnswer,
  SdpFormatError,
  type SdpServer,
  SdpTimeoutError,
  decodeSdpRequest,
  decodeSdpResponse,
  discoverSecc,
  encodeSdpRequest,
  encodeSdpResponse,
  formatIpv6,
  parseIpv6,
  startSdpServer,
} from '../../src/v2g/transport/sdp';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const ANSWER: SdpAnswer = { address: '::1', port: 61234, security: 'tls', transport: 'tcp' };

async function withServer<T>(answer: Parameters<typeof startSdpServer>[0]['answer'], fn: (s: SdpServer) => Promise<T>, trace?: Trace): Promise<T> {
  const s = await startSdpServer({ address: '::1', port: 0, answer, trace });
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

describe('SDP codec', () => {
  test('request and response bytes', () => {
    assert.equal(hex(encodeSdpRequest('tls')), '01fe9000000000020000');
    assert.equal(hex(encodeSdpRequest('tcp')), '01fe9000000000021000');
    assert.deepEqual(decodeSdpRequest(encodeSdpRequest('tcp')), { security: 'tcp', transport: 'tcp' });
    const res = encodeSdpResponse({ address: 'fe80::fc:ff:fe00:1', port: 0xef85, security: 'tcp', transport: 'tcp' });
    assert.equal(hex(res), '01fe900100000014' + 'fe80000000000000' + '00fc00fffe000001' + 'ef85' + '10' + '00');
    assert.deepEqual(decodeSdpResponse(res), { address: 'fe80::fc:ff:fe00:1', port: 61317, security: 'tcp', transport: 'tcp' });
  });

  test('IPv6 text ↔ bytes', () => {
    for (const [text, norm] of [
      ['::1', '::1'],
      ['::', '::'],
      ['fe80::1%eth0', 'fe80::1'],
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      ['2001:DB8::', '2001:db8::'],
      ['::ffff:127.0.0.1', '::ffff:7f00:1'],
      ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
      ['1:0:3:4:5:6:7:8', '1:0:3:4:5:6:7:8'],
    ]) {
      assert.equal(formatIpv6(parseIpv6(text!)), norm, text);
    }
    for (const bad of ['127.0.0.1', '1::2::3', '1:2:3', 'fe80::12345', '1:2:3:4:5:6:7:8::']) assert.throws(() => parseIpv6(bad), /not an IPv6 address/, bad);
  });

  test('malformed frames name the problem and quote the bytes', () => {
    const cases: [Uint8Array, RegExp][] = [
      [Uint8Array.from([1, 0xfe, 0x90]), /shorter than the V2GTP header/],
      [encodeV2gtp(0x9001, new Uint8Array(20)), /payload type 0x9001 \(SdpResponse\) \(expected 0x9000 \(SdpRequest\)\)/],
      [encodeV2gtp(0x9000, Uint8Array.from([0x20, 0])), /security 0x20 \(expected 0x00 TLS or 0x10 no TLS\)/],
      [encodeV2gtp(0x9000, Uint8Array.from([0x10, 0x10])), /transport protocol 0x10 \(expected 0x00 TCP\)/],
      [encodeV2gtp(0x9000, Uint8Array.from([0x10, 0, 0])), /payload length 3 \(expected 2\)/],
      [Uint8Array.from([2, 0xfd, 0x90, 0, 0, 0, 0, 2, 0x10, 0]), /V2GTP version 0x02/],
    ];
    for (const [raw, re] of cases) {
      assert.throws(
        () => decodeSdpRequest(raw),
        (e: Error) => e instanceof SdpFormatError && re.test(e.message) && e.message.includes(hex(raw.subarray(0, 1))),
        re.source,
      );
    }
  });
});

describe('SDP discovery on [::1]', () => {
  test('answer on the first request, recorded in the trace', async (t) => {
    const trace = new Trace();
    await withServer(
      (req) => ({ ...ANSWER, security: req.security }),
      async (server) => {
        assert.ok(server.port > 0);
        const d = await discoverSecc({ security: 'tls', address: '::1', port: server.port, retryIntervalMs: 250, maxAttempts: 50, trace, channel: 'sdp' });
        assert.deepEqual(d.answer, ANSWER);
        assert.equal(d.attempts, 1);
        assert.equal(d.requestsUs.length, 1);
        assert.ok(d.responseUs >= d.requestsUs[0]!);
        assert.equal(hex(d.raw), hex(encodeSdpResponse(ANSWER)));
        assert.equal(server.requests.length, 1);
        assert.equal(server.requests[0]!.security, 'tls');
        assert.match(server.requests[0]!.from, /^\[::1\]:\d+$/);
        t.diagnostic(`SDP round trip on [::1]: ${((d.responseUs - d.requestsUs[0]!) / 1000).toFixed(3)} ms`);
      },
      trace,
    );
    const sdp = trace.frames.filter((f) => f.protocol === 'sdp');
    // client tx, server rx, server tx, client rx
    assert.deepEqual(
      sdp.map((f) => f.dir),
      ['tx', 'rx', 'tx', 'rx'],
    );
    assert.equal(sdp[0]!.raw, '01fe9000000000020000');
    assert.deepEqual(sdp[0]!.decoded, { v2gtp: { version: 1, inverse: 254, payloadType: 0x9000, length: 2 }, security: 'tls', transport: 'tcp', attempt: 1 });
    assert.match(sdp[3]!.summary ?? '', /SDP response \[::1\]:61234 security=tls/);
    assert.equal((sdp[3]!.decoded as { port: number }).port, 61234);
  });

  test('retries: a server ignoring the first 3 requests answers the 4th, spaced by the interval', async () => {
    let seen = 0;
    await withServer(
      () => (++seen <= 3 ? undefined : ANSWER),
      async (server) => {
        const d = await discoverSecc({ security: 'tcp', address: '::1', port: server.port, retryIntervalMs: 60, maxAttempts: 10 });
        assert.equal(d.attempts, 4);
        assert.equal(server.requests.length, 4);
        const gaps = d.requestsUs.slice(1).map((u, i) => (u - d.requestsUs[i]!) / 1000);
        for (const g of gaps) assert.ok(g >= 55, `gap ${g} ms shorter than the interval`);
      },
    );
  });

  test('timeout after maxAttempts, in bounded time, naming attempts and interval', async () => {
    await withServer(
      () => undefined,
      async (server) => {
        const t0 = Date.now();
        await assert.rejects(discoverSecc({ security: 'tls', address: '::1', port: server.port, retryIntervalMs: 40, maxAttempts: 5 }), (e: Error) => {
          assert.ok(e instanceof SdpTimeoutError, String(e));
          assert.equal(e.attempts, 5);
          assert.equal(e.requestsUs.length, 5);
          assert.match(e.message, /after 5 request\(s\) sent every 40 ms/);
          return true;
        });
        const took = Date.now() - t0;
        assert.ok(took >= 190 && took < 3000, `took ${took} ms`);
        assert.equal(server.requests.length, 5);
      },
    );
  });

  test('a raw (malformed) answer fails discovery at once, quoting it', async () => {
    const trace = new Trace();
    const bad = encodeV2gtp(0x9001, new Uint8Array(19));
    await withServer(
      () => bad,
      async (server) => {
        await assert.rejects(discoverSecc({ security: 'tls', address: '::1', port: server.port, retryIntervalMs: 500, maxAttempts: 3, trace }), (e: Error) => {
          assert.ok(e instanceof SdpFormatError);
          assert.match(e.message, /^SDP response from \[::1\]:\d+: payload length 19 \(expected 20\); bytes: 01 fe 90 01 00 00 00 13/);
          return true;
        });
      },
    );
    const rx = trace.frames.find((f) => f.dir === 'rx');
    assert.deepEqual(rx?.problems, ['payload length 19 (expected 20)']);
  });

  test('a malformed request is recorded and not answered', async () => {
    await withServer(
      () => ANSWER,
      async (server) => {
        const dgram = await import('node:dgram');
        const sock = dgram.createSocket('udp6');
        await new Promise<void>((r) => sock.send(encodeV2gtp(0x9000, Uint8Array.from([0x33, 0])), server.port, '::1', () => r()));
        for (let i = 0; i < 100 && server.rejected.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
        await new Promise<void>((r) => sock.close(() => r()));
        assert.equal(server.requests.length, 0);
        assert.equal(server.rejected.length, 1);
        assert.match(server.rejected[0]!.problem, /security 0x33/);
      },
    );
  });

  test('bad arguments are refused before any socket', async () => {
    await assert.rejects(discoverSecc({ security: 'tls', address: '::1', port: 1, retryIntervalMs: 0, maxAttempts: 1 }), /retryIntervalMs must be > 0/);
    await assert.rejects(discoverSecc({ security: 'tls', address: '::1', port: 1, retryIntervalMs: 10, maxAttempts: 0 }), /maxAttempts must be/);
  });
});

const linkLocal = Object.entries(networkInterfaces()).find(([name, addrs]) => name !== 'lo' && addrs?.some((a) => a.family === 'IPv6' && a.address.startsWith('fe80')));

describe('SDP over link-local multicast', () => {
  test(`ff02::1 on an interface with a link-local address (${linkLocal?.[0] ?? 'none here'})`, { skip: linkLocal ? false : 'no interface with an IPv6 link-local address' }, async () => {
    const iface = linkLocal![0];
    const own = linkLocal![1]!.find((a) => a.family === 'IPv6' && a.address.startsWith('fe80'))!.address;
    const server = await startSdpServer({ address: 'ff02::1', port: 0, interface: iface, answer: () => ({ address: own, port: 4444, security: 'tcp', transport: 'tcp' }) });
    try {
      const d = await discoverSecc({ security: 'tcp', address: 'ff02::1', port: server.port, interface: iface, retryIntervalMs: 200, maxAttempts: 5 });
      assert.equal(d.answer.address, own);
      assert.equal(d.answer.port, 4444);
      assert.match(server.requests[0]!.from, /^\[fe80:/);
    } finally {
      await server.close();
    }
  });
});
