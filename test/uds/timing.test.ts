/**
 * The timing path of every P2 the harness measures: a scripted ECU answers TesterPresent after 0/5/20/50 ms
 * and the measured P2 must match the truth within ±1 ms, and never be negative.
 *
 * Truth per transport: on the in-memory CAN bus, the bus's own frame times (request's last frame, response's
 * first); on vcan, the kernel receive stamps of a third (sniffing) socket (the tester measures on the kernel's
 * stamps there too: its request's loopback and the response's first frame; the test checks it did); on the in-memory DiagLink pair
 * (no bus), the link's send stamps (request leaves the tester → response leaves the ECU). Each delay is measured 7 times and the median compared (the
 * machine is shared; one descheduling must not decide), every single value must be ≥ 0.
 *
 * vcan cases run where SocketCAN exists (skipped elsewhere, with the reason):
 *   node bin/evc.js can-env run -- node --require tsx/cjs --test test/uds/timing.test.ts
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { HarnessTimingError, monoUs } from '../../src/core/clock';
import { Trace } from '../../src/core/trace';
import { IsoTpChannel } from '../../src/isotp';
import { realClock } from '../../src/isotp/clock';
import { type CanChannel, type CanFrame, LoopbackCanBus, describeInterfaceProblem, openSocketCan } from '../../src/transport/can';
import { IsoTpDiagLink, openIsoTpDiagLink } from '../../src/uds/isotp-link';
import { createLinkPair, type DiagLink, type DiagPdu, type PduListener } from '../../src/uds/link';
import { type UdsExchange, UdsTester } from '../../src/uds/tester';

const DELAYS_MS = [0, 5, 20, 50];
const REPEAT = 7;
const IF = process.env.EVC_TEST_CAN_IF ?? 'vcan0';

/** A test peer: answers 3E 00 with 7E 00 after a scripted delay, stamping when it received and sent. */
class ScriptedEcu {
  delayMs = 0;
  readonly stamps: { rxUs: number; txUs: number }[] = [];
  private readonly off: () => void;
  constructor(private readonly link: DiagLink) {
    this.off = link.onPdu((p) => {
      realClock.after(this.delayMs * 1000, () => {
        void this.link.send(Uint8Array.of(p.data[0] + 0x40, p.data[1] ?? 0)).then((txUs) => this.stamps.push({ rxUs: p.tUs, txUs }));
      });
    });
  }
  close(): void {
    this.off();
  }
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];

interface Sample {
  measuredUs: number;
  truthUs: number;
}

async function measureDelays(t: TestContext, tester: UdsTester, ecu: ScriptedEcu, truth: (i: number, ex: UdsExchange) => number | Promise<number>, clock: 'kernel' | 'monotonic' = 'monotonic'): Promise<void> {
  // one warm-up exchange (first-call compilation is not what is measured), then the cases
  ecu.delayMs = 0;
  assert.ok((await tester.request([0x3e, 0x00], { timeoutMs: 5000 })).final, 'no response to the warm-up request');
  // SocketCAN: the kernel stamps frames once a socket asked for stamps (after its first read) and a work queue
  // ran; the channel trusts its kernel stamps 50 ms after its first stamped frame (before, monotonic at both ends)
  await new Promise((r) => setTimeout(r, 100));
  let i = 1;
  for (const d of DELAYS_MS) {
    ecu.delayMs = d;
    const samples: Sample[] = [];
    for (let k = 0; k < REPEAT; k++) {
      const ex = await tester.request([0x3e, 0x00], { timeoutMs: 5000 });
      assert.ok(ex.final, `no response for a ${d} ms delay`);
      // the ECU's send stamp is pushed after its send resolved: wait for it (bounded)
      const until = monoUs() + 1_000_000;
      while (ecu.stamps.length <= i && monoUs() < until) await new Promise((r) => setImmediate(r));
      const measuredUs = ex.final.elapsedUs;
      assert.equal(ex.final.clock, clock, `a ${d} ms delay was timed on the ${ex.final.clock} clock, expected the ${clock} one`);
      assert.ok(measuredUs >= 0, `negative P2 ${measuredUs} µs`);
      assert.ok(measuredUs >= d * 1000 - 1000, `P2 ${measuredUs} µs shorter than the scripted ${d} ms`);
      samples.push({ measuredUs, truthUs: await truth(i, ex) });
      i++;
    }
    const errors = samples.map((s) => s.measuredUs - s.truthUs);
    const err = median(errors);
    t.diagnostic(`delay ${d} ms: measured ${samples.map((s) => (s.measuredUs / 1000).toFixed(3)).join(' ')} ms; error vs truth median ${err} µs`);
    assert.ok(Math.abs(err) <= 1000, `delay ${d} ms: median error ${err} µs vs truth (errors ${errors.join(', ')} µs)`);
  }
}

test('in-memory DiagLink pair: scripted delays 0/5/20/50 ms measured within ±1 ms of the link\'s own send times', async (t) => {
  const [testerSide, ecuSide] = createLinkPair({ channel: 'timing' });
  const ecu = new ScriptedEcu(ecuSide);
  const tester = new UdsTester(testerSide, { p2Ms: 200 });
  try {
    // no bus: the truth is from the request leaving the tester to the response leaving the ECU (the ECU's
    // answer to this request: the one it received between the request's send and the response's arrival)
    await measureDelays(t, tester, ecu, (_i, ex) => {
      const s = ecu.stamps.find((x) => x.rxUs >= ex.txUs && x.rxUs <= ex.final!.tUs);
      assert.ok(s, 'the ECU stamps of this exchange are missing');
      return s.txUs - ex.txUs;
    });
  } finally {
    ecu.close();
    await tester.close();
    await testerSide.close();
    await ecuSide.close();
  }
});

/** ISO-TP tester and scripted ECU on two CAN channels; truth from the bus. */
async function overCan(t: TestContext, testerCan: CanChannel, ecuCan: CanChannel, busTruth: () => CanFrame[], clock: 'kernel' | 'monotonic' = 'monotonic'): Promise<void> {
  const ecuLink = new IsoTpDiagLink(new IsoTpChannel(ecuCan, { txId: 0x7e8, rxId: 0x7e0, stmin: 0 }), true);
  const ecu = new ScriptedEcu(ecuLink);
  const testerLink = openIsoTpDiagLink(testerCan, { txId: 0x7e0, rxId: 0x7e8 });
  const tester = new UdsTester(testerLink, { p2Ms: 200 });
  try {
    await measureDelays(t, tester, ecu, async (i) => {
      // a sniffer's socket is read on its own: wait (bounded) until it has this exchange's response frame
      const until = monoUs() + 1_000_000;
      while (busTruth().filter((f) => f.id === 0x7e8).length <= i && monoUs() < until) await new Promise((r) => setImmediate(r));
      const frames = busTruth();
      const req = frames.filter((f) => f.id === 0x7e0)[i];
      const rsp = frames.filter((f) => f.id === 0x7e8)[i];
      assert.ok(req?.tUs !== undefined && rsp?.tUs !== undefined, `bus truth for exchange ${i} missing`);
      return rsp.tUs - req.tUs;
    }, clock);
  } finally {
    ecu.close();
    await tester.close();
    await testerLink.close();
    await ecuLink.close();
    testerCan.close();
    ecuCan.close();
  }
}

test('ISO-TP on the in-memory CAN bus: scripted delays measured within ±1 ms of the bus frame times', async (t) => {
  const bus = new LoopbackCanBus({ delivery: 'microtask' });
  await overCan(t, bus.open('tester'), bus.open('ecu'), () => bus.log);
});

const canProblem = describeInterfaceProblem(IF);
test(`ISO-TP on ${IF}: scripted delays measured within ±1 ms of the kernel stamps of a sniffing socket`, { skip: canProblem ? `CAN not available here: ${canProblem}` : false }, async (t) => {
  const sniffer = openSocketCan(IF);
  const seen: CanFrame[] = [];
  // bus truth: the kernel's receive stamps (wall clock, µs) of one socket — differences on one clock
  sniffer.onFrame((f) => seen.push({ ...f, tUs: f.kernelWallUs }));
  try {
    await overCan(t, openSocketCan(IF, { kernelTxStamps: true }), openSocketCan(IF), () => seen, 'kernel');
  } finally {
    sniffer.close();
  }
});

/** A DiagLink whose stamps are on a wrong clock, as the removed wall→monotonic conversion produced. */
class SkewedLink implements DiagLink {
  readonly channel = 'skewed';
  private readonly listeners = new Set<PduListener>();
  constructor(private readonly sendSkewUs: number) {}
  async send(): Promise<number> {
    const t = monoUs();
    setImmediate(() => {
      const pdu: DiagPdu = { data: Uint8Array.of(0x7e, 0x00), tUs: monoUs() };
      for (const l of this.listeners) l(pdu);
    });
    return t + this.sendSkewUs;
  }
  onPdu(l: PduListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  async close(): Promise<void> {}
}

test('a negative interval is a harness error, never a verdict: response stamped before the request end', async () => {
  const tester = new UdsTester(new SkewedLink(10_000_000));
  await assert.rejects(tester.request([0x3e, 0x00], { timeoutMs: 500 }), (e: unknown) => e instanceof HarnessTimingError && /harness timing error: P2 of 3E 00/.test((e as Error).message));
  await tester.close();
});

test('a negative interval is a harness error: a send stamp before the send started (another clock)', async () => {
  const tester = new UdsTester(new SkewedLink(-10_000_000));
  await assert.rejects(tester.request([0x3e, 0x00], { timeoutMs: 500 }), HarnessTimingError);
  await tester.close();
});

/** A link with kernel stamps under test control: the request's (kernelSendUs) and the response's (DiagPdu.kernelUs). */
class KernelStampLink implements DiagLink {
  readonly channel = 'kstamps';
  private readonly listeners = new Set<PduListener>();
  constructor(
    private readonly txKernelUs: number | undefined,
    private readonly rxKernelUs: number | undefined,
  ) {}
  async send(): Promise<number> {
    const t = monoUs();
    setImmediate(() => {
      const pdu: DiagPdu = { data: Uint8Array.of(0x7e, 0x00), tUs: monoUs(), kernelUs: this.rxKernelUs };
      for (const l of this.listeners) l(pdu);
    });
    return t;
  }
  async kernelSendUs(): Promise<number | undefined> {
    return this.txKernelUs;
  }
  onPdu(l: PduListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  async close(): Promise<void> {}
}

test('kernel stamps at both ends: P2 is taken between them; one missing: both ends monotonic, said in the trace; kernel order reversed: harness error', async () => {
  const trace = new Trace();
  const both = new UdsTester(new KernelStampLink(1_000_000, 1_012_345), { trace });
  const ex = await both.request([0x3e, 0x00], { timeoutMs: 500 });
  assert.equal(ex.final?.clock, 'kernel');
  assert.equal(ex.final?.elapsedUs, 12_345);
  await both.close();
  for (const [tx, rx] of [[undefined, 1_012_345], [1_000_000, undefined]] as const) {
    const one = new UdsTester(new KernelStampLink(tx, rx), { trace });
    const e = await one.request([0x3e, 0x00], { timeoutMs: 500 });
    assert.equal(e.final?.clock, 'monotonic');
    assert.ok(e.final!.elapsedUs < 1_000_000, 'a kernel stamp leaked into a monotonic interval');
    await one.close();
  }
  assert.equal(trace.frames.filter((f) => f.dir === 'note' && /timed on monotonic JS stamps: no kernel stamp for/.test(f.summary ?? '')).length, 2);
  const reversed = new UdsTester(new KernelStampLink(1_012_345, 1_000_000));
  await assert.rejects(reversed.request([0x3e, 0x00], { timeoutMs: 500 }), (e: unknown) => e instanceof HarnessTimingError && /kernel's clock/.test((e as Error).message));
  await reversed.close();
});
