/** SocketCanChannel's own logic (no kernel needed): the native addon is replaced by a recording fake. */
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { Trace } from '../../src/core/trace';
import { type CanFrame, CanOpenError, CanSendError, SocketCanChannel, monoUs } from '../../src/transport/can';
import { type AddonMessage, setSocketCanAddonForTests } from '../../src/transport/can/socketcan';

class FakeRaw {
  sent: { fd: boolean; msg: AddonMessage }[] = [];
  filters: unknown[] = [];
  errorMask?: number;
  started = false;
  stopped = false;
  rc = 16;
  listeners: Record<string, ((...a: any[]) => void)[]> = { onMessage: [], onStopped: [] };
  addListener(ev: string, cb: (...a: any[]) => void) {
    this.listeners[ev].push(cb);
  }
  start() {
    this.started = true;
  }
  stop() {
    this.stopped = true;
    for (const l of this.listeners.onStopped) l();
  }
  /** monoUs inside each write call (the transmit stamp must not be later). */
  writeAt: number[] = [];
  send(msg: AddonMessage) {
    this.writeAt.push(monoUs());
    this.sent.push({ fd: false, msg });
    return this.rc;
  }
  sendFD(msg: AddonMessage) {
    this.sent.push({ fd: true, msg });
    return this.rc;
  }
  setRxFilters(f: unknown[]) {
    this.filters = f;
  }
  setErrorFilters(m: number) {
    this.errorMask = m;
  }
  emit(msg: AddonMessage) {
    for (const l of this.listeners.onMessage) l(msg);
  }
}

let raw: FakeRaw;
function install(fail = false): void {
  raw = new FakeRaw();
  setSocketCanAddonForTests({
    createRawChannelWithOptions: (name: string, opts: { non_block_send?: boolean }) => {
      if (fail) throw new Error('Error while creating channel');
      assert.equal(opts.non_block_send, true, 'the socket must be non-blocking');
      void name;
      return raw;
    },
  });
}
afterEach(() => setSocketCanAddonForTests(undefined));

test('send maps frames to the addon; -1 and addon exceptions become CanSendError', () => {
  install();
  const trace = new Trace();
  const ch = new SocketCanChannel('fake0', { trace, txQueueWaitMs: 0 });
  assert.equal(raw.started, true);
  ch.send({ id: 0x7e0, data: Uint8Array.of(2, 0x10, 3) });
  ch.send({ id: 0x18da10f1, ext: true, fd: true, brs: true, data: new Uint8Array(12) });
  assert.deepEqual(
    raw.sent.map((s) => [s.fd, s.msg.id, s.msg.ext, s.msg.fd_brs ?? null, s.msg.data.length]),
    [
      [false, 0x7e0, false, null, 3],
      [true, 0x18da10f1, true, true, 12],
    ],
  );
  assert.equal(trace.frames.filter((f) => f.dir === 'tx').length, 2);
  raw.rc = -1;
  assert.throws(() => ch.send({ id: 1, data: new Uint8Array(1) }), (e: unknown) => e instanceof CanSendError && /kernel refused the frame/.test(e.message));
  raw.rc = 16;
  raw.send = () => {
    throw new Error('boom');
  };
  assert.throws(() => ch.send({ id: 1, data: new Uint8Array(1) }), /send failed: boom/);
  assert.throws(() => ch.send({ id: 1, data: new Uint8Array(9) }), /at most 8/);
  ch.close();
  assert.throws(() => ch.send({ id: 1, data: new Uint8Array(1) }), /closed/);
});

test('a refused frame is retried for txQueueWaitMs before it fails', () => {
  install();
  const ch = new SocketCanChannel('vcan0-fake', { txQueueWaitMs: 50 });
  let calls = 0;
  raw.send = () => (++calls < 3 ? -1 : 16);
  // describeInterfaceProblem() stops retries on a host without CAN; only check it does not hang and reports.
  try {
    ch.send({ id: 1, data: new Uint8Array(1) });
    assert.ok(calls >= 3);
  } catch (e) {
    assert.ok(e instanceof CanSendError);
  }
  ch.close();
});

test('filters become kernel filters with the EFF flag deciding the id width', () => {
  install();
  const ch = new SocketCanChannel('fake0', { filters: [{ id: 0x7e8 }, { id: 0x18daf110, ext: true, mask: 0x1fffff00 }] });
  assert.deepEqual(raw.filters, [
    { id: 0x7e8, mask: (0x7ff | 0x80000000) >>> 0, invert: false },
    { id: (0x18daf110 | 0x80000000) >>> 0, mask: (0x1fffff00 | 0x80000000) >>> 0, invert: false },
  ]);
  ch.setFilters([]);
  assert.deepEqual(raw.filters, [{ id: 0, mask: 0 }]);
  assert.throws(() => ch.setFilters([{ id: 1, invert: true }, { id: 2 }]), /inverted filter/);
  ch.close();
});

test('received frames: ids, FD by length, stamped on arrival on the monotonic clock (kernel wall stamp kept as trace info), error frames, stop', () => {
  install();
  const trace = new Trace();
  const ch = new SocketCanChannel('fake0', { trace });
  const frames: CanFrame[] = [];
  const errors: string[] = [];
  ch.onFrame((f) => frames.push(f));
  ch.onError((e) => errors.push(e.message));
  // a kernel stamp 2 s in the past (a wall clock stepped by NTP): it must not move the frame's time
  const wallUs = Math.round((performance.timeOrigin + performance.now()) * 1000) - 2_000_000;
  const before = monoUs();
  raw.emit({ id: 0x7e8, data: Buffer.from([3, 0x7f, 0x10, 0x11]), ts_sec: Math.floor(wallUs / 1e6), ts_usec: wallUs % 1e6 });
  raw.emit({ id: 0x18daf110, ext: true, data: Buffer.alloc(16) });
  assert.equal(frames[1].kernelWallUs, undefined);
  raw.emit({ id: 0x4, err: true, data: Buffer.alloc(8) });
  assert.equal(frames.length, 2);
  assert.equal(frames[0].id, 0x7e8);
  assert.ok(frames[0].tUs! >= before && frames[0].tUs! <= monoUs(), `tUs ${frames[0].tUs} not within [${before}, now]`);
  assert.equal(frames[0].kernelWallUs, wallUs);
  assert.equal((trace.frames.find((f) => f.dir === 'rx')?.decoded as { kernelWallUs?: number }).kernelWallUs, wallUs);
  assert.equal(frames[1].ext, true);
  assert.equal(frames[1].fd, true);
  assert.deepEqual(errors, ['fake0: CAN error frame (class 0x4)']);
  assert.ok(trace.frames.some((f) => f.problems?.includes('CAN error frame')));
  // the interface vanishes
  for (const l of raw.listeners.onStopped) l();
  assert.equal(ch.closed, true);
  assert.match(errors[1], /channel stopped/);
});

test('receiveOwn delivers own frames locally; open failures are CanOpenError', () => {
  install();
  const ch = new SocketCanChannel('fake0', { receiveOwn: true });
  const got: number[] = [];
  ch.onFrame((f) => got.push(f.id));
  ch.send({ id: 0x123, data: Uint8Array.of(1) });
  assert.deepEqual(got, [0x123]);
  ch.close();
  install(true);
  assert.throws(() => new SocketCanChannel('nosuch0'), CanOpenError);
});

test('send() returns the transmit time stamped just before the write call (not after it returns)', () => {
  install();
  const ch = new SocketCanChannel('fake0', { txQueueWaitMs: 0 });
  const before = monoUs();
  const t = ch.send({ id: 0x7e0, data: Uint8Array.of(0x02, 0x3e, 0x00) });
  assert.ok(t >= before && t <= raw.writeAt[0], `stamp ${t} not within [${before}, ${raw.writeAt[0]}]`);
  ch.close();
});

test("kernelTxStamps: an echo socket filtered to the sent ids pairs each loopback with the oldest unstamped sent frame of the same id and data; none before kernel stamping settled", async () => {
  const raws: FakeRaw[] = [];
  setSocketCanAddonForTests({ createRawChannelWithOptions: () => (raws.push(new FakeRaw()), raws[raws.length - 1]) });
  const ch = new SocketCanChannel('fake0', { kernelTxStamps: true, txQueueWaitMs: 0 });
  assert.equal(raws.length, 2, 'no echo socket opened');
  const [, echo] = raws;
  assert.equal(echo.started, true);
  assert.equal(echo.errorMask, 0);
  // before the kernel is known to stamp (no stamped frame read yet, then the settle time): no kernel stamp
  const early = ch.send({ id: 0x7e0, data: Uint8Array.of(2, 0x10, 1) });
  echo.emit({ id: 0x7e0, data: Buffer.from([2, 0x10, 1]), ts_sec: 5, ts_usec: 0 });
  assert.equal(await ch.kernelTxStamp(early, 10), undefined, 'a frame written before kernel stamping settled got a kernel stamp');
  await new Promise((r) => setTimeout(r, 60));
  const a = ch.send({ id: 0x7e0, data: Uint8Array.of(2, 0x3e, 0) });
  const b = ch.send({ id: 0x7e0, data: Uint8Array.of(2, 0x3e, 0) });
  assert.deepEqual(echo.filters, [{ id: 0x7e0, mask: (0x7ff | 0x80000000) >>> 0 }]);
  const pa = ch.kernelTxStamp(a, 1000);
  // another node's frame with our id but other data, and a frame without a kernel stamp: not ours
  echo.emit({ id: 0x7e0, data: Buffer.from([2, 0x10, 1]), ts_sec: 5, ts_usec: 1 });
  echo.emit({ id: 0x7e0, data: Buffer.from([2, 0x3e, 0]) });
  echo.emit({ id: 0x7e0, data: Buffer.from([2, 0x3e, 0]), ts_sec: 10, ts_usec: 20 });
  assert.equal(await pa, 10_000_020);
  assert.equal(await ch.kernelTxStamp(b, 10), undefined, 'b has no loopback yet: undefined after the bound');
  echo.emit({ id: 0x7e0, data: Buffer.from([2, 0x3e, 0]), ts_sec: 10, ts_usec: 30 });
  assert.equal(await ch.kernelTxStamp(b, 10), 10_000_030);
  assert.equal(await ch.kernelTxStamp(12345, 10), undefined, 'an unknown send stamp');
  ch.close();
  assert.equal(echo.stopped, true, 'echo socket left open');
});
