/**
 * Real frames on vcan0 through the socketcan addon. Runs only where the kernel has SocketCAN and vcan0 is up;
 * elsewhere every test is skipped with the reason. On this workplace run it as
 *   node bin/evc.js can-env run -- node --import tsx --test test/can/vcan.test.ts
 */
import { execFileSync } from 'node:child_process';
import { type TestContext, test } from 'node:test';
import assert from 'node:assert/strict';
import { Trace } from '../../src/core/trace';
import { IsoTpChannel } from '../../src/isotp';
import { type CanFrame, CanOpenError, CanSendError, describeInterfaceProblem, monoUs, openSocketCan } from '../../src/transport/can';

const IF = process.env.EVC_TEST_CAN_IF ?? 'vcan0';
const problem = describeInterfaceProblem(IF);
const skipWhy = problem
  ? `CAN not available here: ${problem}; these tests run with real frames via: node bin/evc.js can-env run -- node --import tsx --test test/can/vcan.test.ts`
  : undefined;

function canTest(name: string, fn: (t: TestContext) => Promise<void> | void): void {
  test(name, (t) => {
    if (skipWhy) {
      t.skip(skipWhy);
      return;
    }
    return fn(t);
  });
}

function nextFrame(ch: ReturnType<typeof openSocketCan>, timeoutMs = 10_000): Promise<CanFrame> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('no frame within timeout'));
    }, timeoutMs);
    const off = ch.onFrame((f) => {
      clearTimeout(timer);
      off();
      resolve(f);
    });
  });
}

canTest('classic 11-bit frame crosses vcan with a monotonic timestamp', async () => {
  const trace = new Trace();
  const a = openSocketCan(IF, { trace });
  const b = openSocketCan(IF);
  try {
    const got = nextFrame(b);
    const before = monoUs();
    a.send({ id: 0x7e0, data: Uint8Array.of(0x02, 0x10, 0x03) });
    const f = await got;
    assert.equal(f.id, 0x7e0);
    assert.equal(f.ext, undefined);
    assert.deepEqual([...f.data], [0x02, 0x10, 0x03]);
    assert.ok(f.tUs !== undefined && f.tUs >= before - 5000 && f.tUs <= monoUs(), `timestamp ${f.tUs} not near ${before}`);
    assert.equal(trace.frames.find((x) => x.protocol === 'can' && x.dir === 'tx')?.summary, '7E0#0210 03');
  } finally {
    a.close();
    b.close();
  }
});

canTest('extended id and a 64-byte CAN FD frame', async () => {
  const a = openSocketCan(IF);
  const b = openSocketCan(IF);
  try {
    let got = nextFrame(b);
    a.send({ id: 0x18da10f1, ext: true, data: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) });
    let f = await got;
    assert.equal(f.id, 0x18da10f1);
    assert.equal(f.ext, true);
    got = nextFrame(b);
    const data = Uint8Array.from({ length: 64 }, (_, i) => i);
    a.send({ id: 0x123, fd: true, brs: true, data });
    f = await got;
    assert.equal(f.fd, true);
    assert.deepEqual([...f.data], [...data]);
  } finally {
    a.close();
    b.close();
  }
});

canTest('filters pass only the chosen ids', async () => {
  const a = openSocketCan(IF);
  const b = openSocketCan(IF, { filters: [{ id: 0x7e8 }, { id: 0x18daf110, ext: true }] });
  try {
    const seen: number[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`sentinel not received; saw ${seen}`)), 10_000);
      b.onFrame((f) => {
        seen.push(f.id);
        if (f.data[0] === 0xff) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    a.send({ id: 0x7e0, data: Uint8Array.of(1) });
    a.send({ id: 0x7e8, data: Uint8Array.of(2) });
    a.send({ id: 0x7e8, ext: true, data: Uint8Array.of(3) });
    a.send({ id: 0x18daf110, ext: true, data: Uint8Array.of(4) });
    a.send({ id: 0x7e8, data: Uint8Array.of(0xff) }); // sentinel: frames arrive in order
    await done;
    assert.deepEqual(seen, [0x7e8, 0x18daf110, 0x7e8]);
  } finally {
    a.close();
    b.close();
  }
});

canTest('errors surface as exceptions', () => {
  assert.throws(() => openSocketCan('nosuchcan0'), CanOpenError);
  const a = openSocketCan(IF);
  assert.throws(() => a.send({ id: 0x800, data: new Uint8Array(1) }), /11-bit/);
  assert.throws(() => a.send({ id: 0x1, data: new Uint8Array(9) }), /at most 8/);
  a.close();
  assert.throws(() => a.send({ id: 0x1, data: new Uint8Array(1) }), CanSendError);
});

async function isotpRoundTrip(opts: { txDl: number; stmin?: number; blockSize?: number; extended?: boolean }, length: number): Promise<void> {
  const ca = openSocketCan(IF);
  const cb = openSocketCan(IF);
  // Generous N_Bs/N_Cr: this proves frames pass; under user-mode Linux on a loaded host a wake-up can take > 1 s.
  const timers = { nBsMs: 15_000, nCrMs: 15_000 };
  // extended: 29-bit normal-fixed ids (18DA<TA><SA>) plus an address-extension byte
  const ids = opts.extended
    ? { a: { txId: 0x18da10f1, rxId: 0x18daf110, ext: true, txAddressExtension: 0x10, rxAddressExtension: 0xf1 }, b: { txId: 0x18daf110, rxId: 0x18da10f1, ext: true, txAddressExtension: 0xf1, rxAddressExtension: 0x10 } }
    : { a: { txId: 0x7e0, rxId: 0x7e8 }, b: { txId: 0x7e8, rxId: 0x7e0 } };
  const a = new IsoTpChannel(ca, { ...ids.a, txDl: opts.txDl, timers });
  const b = new IsoTpChannel(cb, { ...ids.b, txDl: opts.txDl, stmin: opts.stmin ?? 0, blockSize: opts.blockSize ?? 0, timers });
  try {
    const payload = Uint8Array.from({ length }, (_, i) => (i * 13) & 0xff);
    const rx = b.receive(60_000);
    await a.send(payload);
    const m = await rx;
    assert.deepEqual(Buffer.from(m.payload), Buffer.from(payload));
    assert.deepEqual(b.violations, [], JSON.stringify(b.violations));
    assert.deepEqual(a.violations, [], JSON.stringify(a.violations));
  } finally {
    a.close();
    b.close();
    ca.close();
    cb.close();
  }
}

canTest('ISO-TP classic 4095 bytes over vcan, block size 8', () => isotpRoundTrip({ txDl: 8, blockSize: 8 }, 4095));
canTest('ISO-TP classic 300 bytes with STmin 1 ms is honoured', () => isotpRoundTrip({ txDl: 8, stmin: 1 }, 300));
canTest('ISO-TP classic 200 bytes with STmin 500 µs (0xF5)', () => isotpRoundTrip({ txDl: 8, stmin: 0xf5 }, 200));
canTest('ISO-TP CAN FD 5000 bytes (escape FF) with TX_DL 64', () => isotpRoundTrip({ txDl: 64 }, 5000));
canTest('ISO-TP CAN FD 62-byte single frame', () => isotpRoundTrip({ txDl: 64 }, 62));
canTest('ISO-TP 29-bit ids with extended addressing, classic 1000 bytes and FD 3000 bytes', async () => {
  await isotpRoundTrip({ txDl: 8, extended: true, blockSize: 4 }, 1000);
  await isotpRoundTrip({ txDl: 32, extended: true }, 3000);
});

canTest('ISO-TP over vcan: a sender ignoring STmin 2 ms is reported', async () => {
  const ca = openSocketCan(IF);
  const cb = openSocketCan(IF);
  const timers = { nBsMs: 15_000, nCrMs: 15_000 };
  const a = new IsoTpChannel(ca, { txId: 0x7e0, rxId: 0x7e8, faults: { ignoreStmin: true }, timers });
  const b = new IsoTpChannel(cb, { txId: 0x7e8, rxId: 0x7e0, stmin: 2, timers });
  try {
    const rx = b.receive(60_000);
    await a.send(new Uint8Array(100).fill(0x55));
    await rx;
    const v = b.violations.find((x) => x.kind === 'stmin-not-honoured');
    assert.ok(v, `expected an STmin violation, got ${JSON.stringify(b.violations)}`);
    assert.ok((v.details?.gapUs as number) < 1900);
  } finally {
    a.close();
    b.close();
    ca.close();
    cb.close();
  }
});

canTest('a frame on an interface that is down throws CanSendError naming the cause', (t) => {
  const other = process.env.EVC_TEST_CAN_IF2 ?? 'vcan1';
  if (describeInterfaceProblem(other) || process.getuid?.() !== 0) return t.skip(`needs root and ${other}`);
  const ch = openSocketCan(other, { txQueueWaitMs: 20 });
  try {
    execFileSync('ip', ['link', 'set', other, 'down']);
    assert.throws(() => ch.send({ id: 0x7e0, data: Uint8Array.of(1) }), (e: unknown) => e instanceof CanSendError && /down/.test(e.message));
  } finally {
    execFileSync('ip', ['link', 'set', 'up', other]);
    ch.close();
  }
});

canTest('an interface that disappears stops the channel with a CanBusError', async (t) => {
  if (process.getuid?.() !== 0) return t.skip('needs root to add and delete an interface');
  const name = 'evctmp0';
  execFileSync('ip', ['link', 'add', 'dev', name, 'type', 'vcan']);
  execFileSync('ip', ['link', 'set', 'up', name]);
  const ch = openSocketCan(name);
  try {
    const stopped = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no error reported within 10 s')), 10_000);
      ch.onError((e) => {
        clearTimeout(timer);
        resolve(e.message);
      });
    });
    execFileSync('ip', ['link', 'del', name]);
    assert.match(await stopped, /channel stopped/);
    assert.equal(ch.closed, true);
    assert.throws(() => ch.send({ id: 1, data: new Uint8Array(1) }), CanSendError);
  } finally {
    ch.close();
    try {
      execFileSync('ip', ['link', 'del', name], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  }
});
