/**
 * V2GTP over real TCP sockets on [::1]: round trips with send/receive stamps, frames split and merged by the
 * raw path, header errors surfacing on receive, bounded receive, peer close and truncated frames, server
 * accept timeout and close. The test process must exit by itself (no leaked socket or timer).
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { monoUs } from '../../src/core/clock';
import { V2gFramingError } from '../../src/v2g/framing/stream';
import { PayloadType, encodeV2gtp } from '../../src/v2g/framing/v2gtp';
import {
  V2gClosedError,
  V2gConnectError,
  type V2gConnection,
  type V2gServer,
  V2gTimeoutError,
  connectV2g,
  listenV2g,
} from '../../src/v2g/transport/connection';

const open: (V2gServer | V2gConnection)[] = [];
after(async () => {
  await Promise.all(open.map((x) => x.close()));
});

async function pair(maxPayload?: number): Promise<{ server: V2gServer; client: V2gConnection; peer: V2gConnection }> {
  const server = await listenV2g({ maxPayload });
  open.push(server);
  const [client, peer] = await Promise.all([connectV2g({ host: '::1', port: server.port, timeoutMs: 5000, maxPayload }), server.accept(5000)]);
  open.push(client);
  return { server, client, peer };
}

describe('V2GTP over TCP', () => {
  test('round trip on [::1]: payload, type, stamps, addresses', async (t) => {
    const { server, client, peer } = await pair();
    assert.equal(server.host, '::1');
    assert.ok(server.port > 0);
    assert.equal(client.remote, `[::1]:${server.port}`);
    assert.equal(peer.local, `[::1]:${server.port}`);
    assert.equal(client.tls, undefined);
    const rounds = 50;
    const rtts: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const before = monoUs();
      const sentUs = await client.send(PayloadType.Exi, Uint8Array.from([0x80, i]));
      assert.ok(sentUs >= before);
      const req = await peer.receive(2000, 'request');
      assert.ok(req.tUs >= sentUs, 'received after sent on the same clock');
      assert.equal(req.payloadType, 0x8001);
      assert.deepEqual([...req.payload], [0x80, i]);
      await peer.send(PayloadType.Exi, Uint8Array.from([0x80, 0xff, i]));
      const res = await client.receive(2000, 'response');
      rtts.push((res.tUs - sentUs) / 1000);
      assert.deepEqual([...res.payload], [0x80, 0xff, i]);
    }
    rtts.sort((a, b) => a - b);
    t.diagnostic(`TCP [::1] V2GTP round trip: median ${rtts[rounds >> 1]!.toFixed(3)} ms, max ${rtts[rounds - 1]!.toFixed(3)} ms over ${rounds}`);
  });

  test('raw path: one frame in three writes, two frames in one write', async () => {
    const { client, peer } = await pair();
    const f1 = encodeV2gtp(0x8001, Uint8Array.from([1, 2, 3, 4, 5]));
    const f2 = encodeV2gtp(0x8002, Uint8Array.from([6]));
    await client.sendRaw(f1.subarray(0, 3));
    await assert.rejects(peer.receive(100, 'partial frame'), V2gTimeoutError);
    await client.sendRaw(f1.subarray(3, 9));
    await client.sendRaw(Buffer.concat([f1.subarray(9), f2]));
    const a = await peer.receive(2000, 'first');
    const b = await peer.receive(2000, 'second');
    assert.deepEqual([...a.payload], [1, 2, 3, 4, 5]);
    assert.equal(b.payloadType, 0x8002);
    assert.deepEqual([...b.raw], [...f2]);
  });

  test('a flood of 3000 frames is held back by flow control and delivered whole, in order', async () => {
    const { client, peer } = await pair();
    const n = 3000;
    const all = Buffer.concat(Array.from({ length: n }, (_, i) => encodeV2gtp(0x8001, Uint8Array.from([i >> 8, i & 0xff]))));
    await client.sendRaw(all);
    for (let i = 0; i < n; i++) {
      const f = await peer.receive(2000, `frame ${i}`);
      assert.equal((f.payload[0]! << 8) | f.payload[1]!, i);
    }
    await client.send(0x8001, Uint8Array.from([7]));
    assert.deepEqual([...(await peer.receive(2000, 'after the flood')).payload], [7]);
  });

  test('receive timeout names what was awaited and is bounded', async () => {
    const { client } = await pair();
    const t0 = Date.now();
    await assert.rejects(client.receive(150, 'SessionSetupRes'), (e: Error) => {
      assert.ok(e instanceof V2gTimeoutError);
      assert.match(e.message, /^no V2GTP frame within 150 ms \(waiting for SessionSetupRes\)/);
      return true;
    });
    const took = Date.now() - t0;
    assert.ok(took >= 140 && took < 2000, `took ${took} ms`);
  });

  for (const [name, bytes, problem] of [
    ['version', [0x02, 0xfd, 0x80, 0x01, 0, 0, 0, 1, 0x80], 'version'],
    ['inverse', [0x01, 0xff, 0x80, 0x01, 0, 0, 0, 1, 0x80], 'inverse'],
    ['length', [0x01, 0xfe, 0x80, 0x01, 0, 1, 0, 0], 'length'],
  ] as const) {
    test(`bad ${name} from the peer: receive rejects with V2gFramingError quoting the bytes`, async () => {
      const { client, peer } = await pair(4096);
      await client.send(0x8001, Uint8Array.from([0x80]));
      await client.sendRaw(Uint8Array.from(bytes));
      const good = await peer.receive(2000, 'good frame');
      assert.deepEqual([...good.payload], [0x80]);
      await assert.rejects(peer.receive(2000, 'next'), (e: Error) => {
        assert.ok(e instanceof V2gFramingError, String(e));
        assert.equal(e.problem, problem);
        assert.equal(e.bytesHex, Buffer.from(bytes).toString('hex').replace(/(..)(?!$)/g, '$1 '));
        return true;
      });
      // The stream stays broken, the connection stays open: the role decides to close.
      await assert.rejects(peer.receive(100, 'again'), V2gFramingError);
      assert.equal(peer.closed, false);
    });
  }

  test('peer closes: waitClosed true with a stamp, receive and send reject V2gClosedError', async () => {
    const { client, peer } = await pair();
    assert.equal(await client.waitClosed(50), false);
    const before = monoUs();
    await peer.close();
    assert.equal(await client.waitClosed(2000), true);
    assert.equal(client.closed, true);
    assert.ok((client.closedAtUs() ?? 0) >= before);
    await assert.rejects(client.receive(2000, 'SessionStopRes'), (e: Error) => {
      assert.ok(e instanceof V2gClosedError);
      assert.match(e.message, /waiting for SessionStopRes.*closed by the peer/);
      assert.equal(e.atUs, client.closedAtUs());
      return true;
    });
    await assert.rejects(client.send(0x8001, Uint8Array.from([1])), V2gClosedError);
  });

  test('a frame queued before the close is still delivered, then the close', async () => {
    const { client, peer } = await pair();
    await peer.send(0x8001, Uint8Array.from([9]));
    await peer.close();
    assert.equal(await client.waitClosed(2000), true);
    assert.deepEqual([...(await client.receive(100, 'last')).payload], [9]);
    await assert.rejects(client.receive(100, 'more'), V2gClosedError);
  });

  test('a pending receive is rejected when the peer closes (not left to its timeout)', async () => {
    const { client, peer } = await pair();
    const t0 = Date.now();
    const pending = client.receive(5000, 'ChargeParameterDiscoveryRes');
    setTimeout(() => void peer.close(), 30);
    await assert.rejects(pending, V2gClosedError);
    assert.ok(Date.now() - t0 < 2000);
  });

  test('peer closes inside a frame: truncated V2gFramingError', async () => {
    const { client, peer } = await pair();
    await peer.sendRaw(encodeV2gtp(0x8001, new Uint8Array(20)).subarray(0, 12));
    await peer.close();
    await assert.rejects(client.receive(2000, 'response'), (e: Error) => e instanceof V2gFramingError && e.problem === 'truncated');
  });

  test('connect to a closed port fails fast; accept times out naming the listener', async () => {
    const server = await listenV2g();
    const port = server.port;
    await server.close();
    await assert.rejects(connectV2g({ host: '::1', port, timeoutMs: 2000 }), (e: Error) => e instanceof V2gConnectError && e.code === 'ECONNREFUSED');
    const s2 = await listenV2g();
    open.push(s2);
    await assert.rejects(s2.accept(80), /no V2G connection on \[::1\]:\d+ within 80 ms/);
  });

  test('onConnection gets queued and later connections; server close closes them', async () => {
    const server = await listenV2g();
    const c1 = await connectV2g({ host: '::1', port: server.port, timeoutMs: 2000 });
    await new Promise((r) => setTimeout(r, 30));
    const got: V2gConnection[] = [];
    server.onConnection((c) => got.push(c));
    const c2 = await connectV2g({ host: '::1', port: server.port, timeoutMs: 2000 });
    for (let i = 0; i < 100 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(got.length, 2);
    await server.close();
    assert.equal(await c1.waitClosed(2000), true);
    assert.equal(await c2.waitClosed(2000), true);
    assert.ok(got.every((c) => c.closed));
  });
});
