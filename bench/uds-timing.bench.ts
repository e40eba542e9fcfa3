/**
 * How precise is the harness's P2 measurement? The reference ECU answers TesterPresent (3E 00) after a known
 * delay (its `extraDelayMs` behaviour knob: 0, 5, 20 ms) and the harness tester (UdsTester) measures P2 on
 * every request. Reported per transport and delay: min / median / p95 / p99 / max and stdev of
 * (measured P2 − configured delay), in µs. Prints figures, asserts nothing, every case bounded in time.
 *
 * The spread is split into its two sources, both on the one monoUs clock of src/uds/link.ts (tester and ECU
 * run in the same process):
 *   ECU timer  = (ECU starts sending its response − ECU received the request) − configured delay
 *                (how late the ECU's own delay timer fires: the SUT side, not the harness);
 *   path       = measured P2 − (ECU send − ECU receive)
 *                (request + response transport and the harness's own timestamping).
 * The ECU send time comes from wrapping the ECU link's send() on the instance (nothing in src/ is changed);
 * the ECU receive time is the one its link stamps. Every stamp is on the one clock of src/core/clock.ts.
 *
 * Bus truth (issue #11): measured P2 − the same interval as the bus saw it, µs, p50/p99 per transport. The
 * bus: in-memory CAN = the bus's frame times; vcan = kernel receive stamps of a sniffing socket; DoIP and the
 * memory pair (no bus to sniff) = request leaving the tester → response leaving the ECU (link send stamps).
 *
 *   node --import tsx bench/uds-timing.bench.ts            # memory, DoIP, ISO-TP on the in-memory CAN bus, then vcan
 *   node --import tsx bench/uds-timing.bench.ts --no-vcan  # without the vcan part
 *   node --import tsx bench/uds-timing.bench.ts --vcan     # vcan only, here (needs kernel CAN; used inside user-mode Linux)
 *
 * EVC_BENCH_UDS_N (requests per case, default 300), EVC_BENCH_UDS_CASE_MS (time cap per case, default 3000).
 */
import * as os from 'node:os';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { DoipClient } from '../src/doip/tester';
import { IsoTpChannel } from '../src/isotp';
import { ReferenceEcu } from '../src/reference/ecu/ecu';
import { ReferenceDoipEntity } from '../src/reference/ecu/doip';
import { runWithCan } from '../src/rig/can-env';
import { type CanChannel, type CanFrame, LoopbackCanBus, describeInterfaceProblem, openSocketCan } from '../src/transport/can';
import type { UdsEcu } from '../src/uds/ecu';
import { IsoTpDiagLink, openIsoTpDiagLink } from '../src/uds/isotp-link';
import { createLinkPair, type DiagLink, monoUs } from '../src/uds/link';
import { type UdsExchange, UdsTester } from '../src/uds/tester';

const DELAYS_MS = [0, 5, 20];
const N = Number(process.env.EVC_BENCH_UDS_N ?? 300);
const CASE_MS = Number(process.env.EVC_BENCH_UDS_CASE_MS ?? 3000);
const WARMUP = 10;
/** The whole run, vcan in user-mode Linux included, stays under this. */
const TOTAL_MS = 80_000;
const JSON_MARK = '@@uds-timing-json ';
const REQUEST = [0x3e, 0x00];

interface Stats {
  min: number;
  median: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  stdev: number;
}

interface CaseResult {
  transport: string;
  delayMs: number;
  n: number;
  /** Requests without a final response within the bound (not in the figures). */
  lost: number;
  /** measured P2 − configured delay, µs */
  error: Stats;
  /** ECU side: (ECU send − ECU receive) − configured delay, µs */
  ecuTimer: Stats;
  /** measured P2 − (ECU send − ECU receive), µs */
  path: Stats;
  /** measured P2 − the interval the bus saw (request end → response start), µs */
  busError: Stats;
  truth: string;
}

interface Skipped {
  transport: string;
  reason: string;
}

interface Rig {
  transport: string;
  tester: UdsTester;
  ecu: UdsEcu;
  /** monoUs at which the ECU called send() for each response. */
  ecuSends: number[];
  /** What the bus saw for exchange `ex` (request end → response start), µs; undefined when not seen. */
  busTruthUs(ex: UdsExchange, ecuSendUs: number): number | undefined | Promise<number | undefined>;
  truth: string;
  close(): Promise<void>;
}

function stats(values: number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return { min: NaN, median: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN, stdev: NaN };
  const q = (p: number) => s[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))];
  const mean = s.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? s.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  return { min: s[0], median: q(0.5), p95: q(0.95), p99: q(0.99), max: s[n - 1], mean: Math.round(mean), stdev: Math.round(Math.sqrt(variance)) };
}

/** Wraps the ECU link's send() (on the instance) to stamp when the ECU starts each response. */
function stampSends(link: DiagLink): number[] {
  const stamps: number[] = [];
  const send = link.send.bind(link);
  link.send = (data, opts) => {
    stamps.push(monoUs());
    return send(data, opts);
  };
  return stamps;
}

/** The n-th request and response frames (by CAN id) a bus log holds, as an interval in µs. */
function canTruth(log: () => CanFrame[]): (ex: UdsExchange) => Promise<number | undefined> {
  let n = 0;
  return async () => {
    const i = n++;
    // a sniffer's socket is read on its own: wait (bounded) until it has this exchange's response frame
    const until = monoUs() + 200_000;
    while (log().filter((f) => f.id === 0x7e8).length <= i && monoUs() < until) await new Promise((r) => setImmediate(r));
    const frames = log();
    const req = frames.filter((f) => f.id === 0x7e0)[i];
    const rsp = frames.filter((f) => f.id === 0x7e8)[i];
    return req?.tUs !== undefined && rsp?.tUs !== undefined ? rsp.tUs - req.tUs : undefined;
  };
}

async function runCase(rig: Rig, delayMs: number, deadlineUs: number): Promise<CaseResult> {
  rig.ecu.behaviour.extraDelayMs = delayMs;
  const error: number[] = [];
  const ecuTimer: number[] = [];
  const pathUs: number[] = [];
  const busError: number[] = [];
  let lost = 0;
  const t0 = monoUs();
  const end = Math.min(deadlineUs, t0 + CASE_MS * 1000);
  for (let i = 0; i < WARMUP + N && monoUs() < end; i++) {
    const rx = rig.ecu.received.length;
    const tx = rig.ecuSends.length;
    const ex = await rig.tester.request(REQUEST, { timeoutMs: 1000 });
    // the ECU's send stamp is pushed when its send resolves, which may come after the tester has the answer
    const until = monoUs() + 200_000;
    while (ex.final && rig.ecuSends.length <= tx && monoUs() < until) await new Promise((r) => setImmediate(r));
    const rawEcuRx = rig.ecu.received[rx]?.tUs;
    const ecuRx = rawEcuRx;
    const ecuTx = rig.ecuSends[tx];
    const truth = ecuTx === undefined ? undefined : await rig.busTruthUs(ex, ecuTx);
    if (i < WARMUP) continue;
    if (!ex.final || ecuRx === undefined || ecuTx === undefined || truth === undefined) {
      lost++;
      continue;
    }
    const measured = ex.final.elapsedUs;
    const server = ecuTx - ecuRx;
    error.push(measured - delayMs * 1000);
    ecuTimer.push(server - delayMs * 1000);
    pathUs.push(measured - server);
    busError.push(measured - truth);
  }
  // The tester keeps every exchange; a bench does not need them.
  rig.tester.exchanges.length = 0;
  return { transport: rig.transport, delayMs, n: error.length, lost, error: stats(error), ecuTimer: stats(ecuTimer), path: stats(pathUs), busError: stats(busError), truth: rig.truth };
}

async function memoryRig(): Promise<Rig> {
  const [testerSide, ecuSide] = createLinkPair({ channel: 'bench' });
  const ecuSends = stampSends(ecuSide);
  const ref = new ReferenceEcu(ecuSide);
  const tester = new UdsTester(testerSide);
  return {
    transport: 'memory DiagLink pair',
    tester,
    ecu: ref.ecu,
    ecuSends,
    busTruthUs: (ex, ecuSendUs) => ecuSendUs - ex.txUs,
    truth: 'link send stamps',
    close: async () => {
      await tester.close();
      await testerSide.close();
      await ref.close();
    },
  };
}

async function doipRig(): Promise<Rig> {
  const entity = await ReferenceDoipEntity.start();
  const ecuSends = stampSends(entity.ecu.link);
  let client: DoipClient | undefined;
  try {
    client = await DoipClient.connect({ port: entity.tcpPort, sourceAddress: 0x0e00 });
    const r = await client.activateRouting();
    if (r.code !== 0x10) throw new Error(`routing activation answered 0x${r.code.toString(16)}`);
  } catch (e) {
    await client?.close();
    await entity.close();
    throw e;
  }
  const c = client;
  const link = c.diagLink(entity.ecu.config.doip.logicalAddress);
  const tester = new UdsTester(link);
  return {
    transport: 'DoIP TCP loopback',
    tester,
    ecu: entity.ecu.ecu,
    ecuSends,
    busTruthUs: (ex, ecuSendUs) => ecuSendUs - ex.txUs,
    truth: 'link send stamps',
    close: async () => {
      await tester.close();
      await link.close();
      await c.close();
      await entity.close();
    },
  };
}

/** Tester and reference ECU on two CAN channels through ISO-TP (as startReferenceEcuOnCan, with the ECU link stamped). */
function isoTpRig(transport: string, testerCan: CanChannel, ecuCan: CanChannel, busLog: () => CanFrame[], truth: string, closeBus = () => undefined as void): Rig {
  const ecuIsoTp = new IsoTpChannel(ecuCan, { txId: 0x7e8, rxId: 0x7e0, functionalRxId: 0x7df, stmin: 0 });
  const ecuLink = new IsoTpDiagLink(ecuIsoTp, true);
  const ecuSends = stampSends(ecuLink);
  const ref = new ReferenceEcu(ecuLink);
  const testerLink = openIsoTpDiagLink(testerCan, { txId: 0x7e0, rxId: 0x7e8 });
  const tester = new UdsTester(testerLink);
  return {
    transport,
    tester,
    ecu: ref.ecu,
    ecuSends,
    busTruthUs: canTruth(busLog),
    truth,
    close: async () => {
      await tester.close();
      await testerLink.close();
      await ref.close();
      testerCan.close();
      ecuCan.close();
      closeBus();
    },
  };
}

const us = (v: number) => (Number.isFinite(v) ? String(Math.round(v)) : '-');

function printHeader(): void {
  console.log(
    `\n${'transport'.padEnd(24)} ${'delay'.padStart(5)} ${'n'.padStart(4)}  ${'min'.padStart(6)} ${'median'.padStart(6)} ${'p95'.padStart(6)} ${'p99'.padStart(6)} ${'max'.padStart(6)} ${'stdev'.padStart(6)}` +
      `  |  ECU timer med/p99/sd  |  path med/p99/sd  |  vs bus truth p50/p99`,
  );
}

function printRow(r: CaseResult): void {
  const e = r.error;
  const triple = (s: Stats) => `${us(s.median)}/${us(s.p99)}/${us(s.stdev)}`;
  console.log(
    `${r.transport.padEnd(24)} ${`${r.delayMs}ms`.padStart(5)} ${String(r.n).padStart(4)}  ${[e.min, e.median, e.p95, e.p99, e.max, e.stdev].map((v) => us(v).padStart(6)).join(' ')}` +
      `  |  ${triple(r.ecuTimer).padEnd(20)}  |  ${triple(r.path).padEnd(16)}  |  ${us(r.busError.median)}/${us(r.busError.p99)} (${r.truth})${r.lost ? `  (${r.lost} lost)` : ''}`,
  );
}

async function runRig(open: () => Promise<Rig> | Rig, name: string, deadlineUs: number, results: CaseResult[], skipped: Skipped[]): Promise<void> {
  let rig: Rig;
  try {
    rig = await open();
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    console.log(`${name.padEnd(24)} skipped: ${reason}`);
    skipped.push({ transport: name, reason });
    return;
  }
  try {
    for (const d of DELAYS_MS) {
      if (monoUs() >= deadlineUs) {
        console.log(`${name.padEnd(24)} ${`${d}ms`.padStart(5)} skipped: time budget spent`);
        skipped.push({ transport: name, reason: `delay ${d} ms: time budget spent` });
        continue;
      }
      const r = await runCase(rig, d, deadlineUs);
      results.push(r);
      printRow(r);
    }
  } catch (e) {
    const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
    console.log(`${name.padEnd(24)} failed: ${reason}`);
    skipped.push({ transport: name, reason });
  } finally {
    await rig.close();
  }
}

function vcanRigs(ifname: string): [string, () => Rig][] {
  return [
    [
      `ISO-TP ${ifname}`,
      () => {
        // bus truth: the kernel receive stamps (wall µs) of a sniffing socket; differences on that one clock
        const sniffer = openSocketCan(ifname);
        const seen: CanFrame[] = [];
        sniffer.onFrame((f) => seen.push({ ...f, tUs: f.kernelWallUs }));
        // the tester measures on kernel stamps too (its request's loopback, the response's first frame)
        return isoTpRig(`ISO-TP ${ifname}`, openSocketCan(ifname, { kernelTxStamps: true }), openSocketCan(ifname), () => seen, 'kernel stamps of a sniffer', () => sniffer.close());
      },
    ],
  ];
}

/** Inside the CAN environment: the vcan cases only, then one marked JSON line the parent merges. */
async function vcanOnly(ifname: string): Promise<void> {
  const results: CaseResult[] = [];
  const skipped: Skipped[] = [];
  const problem = describeInterfaceProblem(ifname);
  if (problem) skipped.push({ transport: `ISO-TP ${ifname}`, reason: problem });
  else {
    const deadline = monoUs() + Number(process.env.EVC_BENCH_UDS_VCAN_MS ?? 30_000) * 1000;
    for (const [name, open] of vcanRigs(ifname)) await runRig(open, name, deadline, results, skipped);
  }
  console.log(JSON_MARK + JSON.stringify({ results, skipped }));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const ifname = process.env.EVC_TEST_CAN_IF ?? 'vcan0';
  if (args.includes('--vcan')) {
    console.log(`   guest: ${os.availableParallelism()} CPU(s), load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    printHeader();
    await vcanOnly(ifname);
    return;
  }
  const t0 = monoUs();
  const deadline = t0 + TOTAL_MS * 1000;
  const results: CaseResult[] = [];
  const skipped: Skipped[] = [];
  console.log(
    `== UDS P2 measurement precision: measured P2 − configured ECU delay, µs (TesterPresent; ${N} requests/case after ${WARMUP} warm-up, ≤ ${CASE_MS} ms/case)`,
  );
  console.log('   ECU timer = ECU-side response time − configured delay; path = measured P2 − ECU-side response time (both µs)');
  console.log(`   host: ${os.availableParallelism()} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  printHeader();
  await runRig(memoryRig, 'memory DiagLink pair', deadline, results, skipped);
  await runRig(doipRig, 'DoIP TCP loopback', deadline, results, skipped);
  await runRig(() => {
    const bus = new LoopbackCanBus({ delivery: 'microtask' });
    return isoTpRig('ISO-TP in-memory CAN', bus.open('tester'), bus.open('ecu'), () => bus.log, 'bus frame times');
  }, 'ISO-TP in-memory CAN', deadline, results, skipped);

  if (!args.includes('--no-vcan')) {
    const problem = describeInterfaceProblem(ifname);
    if (!problem) {
      for (const [name, open] of vcanRigs(ifname)) await runRig(open, name, deadline, results, skipped);
    } else if (process.env.EVC_CAN_ENV_INSIDE) {
      console.log(`ISO-TP ${ifname}: skipped (${problem})`);
      skipped.push({ transport: `ISO-TP ${ifname}`, reason: problem });
    } else {
      await vcanInCanEnv(ifname, deadline, results, skipped);
    }
  }

  console.log(`\ntotal ${((monoUs() - t0) / 1e6).toFixed(1)} s`);
  console.log(JSON.stringify({ bench: 'uds-timing', unit: 'us', request: '3E 00', warmup: WARMUP, delaysMs: DELAYS_MS, cpus: os.availableParallelism(), loadavg: os.loadavg(), results, skipped }));
}

async function vcanInCanEnv(ifname: string, deadlineUs: number, results: CaseResult[], skipped: Skipped[]): Promise<void> {
  const leftMs = Math.floor((deadlineUs - monoUs()) / 1000);
  const name = `ISO-TP ${ifname}`;
  if (leftMs < 20_000) {
    const reason = `not enough of the ${TOTAL_MS / 1000} s budget left to boot user-mode Linux (${(leftMs / 1000).toFixed(1)} s)`;
    console.log(`${name}: skipped (${reason})`);
    skipped.push({ transport: name, reason });
    return;
  }
  // runWithCan would install user-mode Linux first (apt-get, minutes): not within a bench's time budget.
  const uml = [...(process.env.PATH ?? '').split(':'), '/usr/bin'].some((d) => d && existsSync(path.join(d, 'linux.uml')));
  if (!uml && process.env.EVC_CAN_ENV !== 'host') {
    const reason = 'no vcan on this host and user-mode Linux is not installed (bash rigs/uml-vcan/install.sh)';
    console.log(`${name}: skipped (${reason})`);
    skipped.push({ transport: name, reason });
    return;
  }
  console.log(`${name}: no vcan on this host; running that part in the CAN environment (user-mode Linux)…`);
  // Waiting for another user-mode Linux run and the run itself share what is left of the budget.
  const lockWaitMs = Math.min(15_000, leftMs - 20_000);
  const timeoutMs = leftMs - lockWaitMs;
  try {
    const r = await runWithCan([process.execPath, '--require', 'tsx/cjs', path.join(__dirname, 'uds-timing.bench.ts'), '--vcan'], {
      cwd: path.resolve(__dirname, '..'),
      interfaces: [ifname],
      timeoutMs,
      lockWaitMs,
      env: { EVC_TEST_CAN_IF: ifname, EVC_BENCH_UDS_VCAN_MS: String(Math.max(5_000, Math.min(30_000, timeoutMs - 15_000))) },
    });
    let merged = false;
    for (const line of r.stdout.split('\n')) {
      if (line.startsWith(JSON_MARK)) {
        const part = JSON.parse(line.slice(JSON_MARK.length)) as { results: CaseResult[]; skipped: Skipped[] };
        results.push(...part.results);
        skipped.push(...part.skipped);
        merged = true;
      } else if (line.trim() && !line.startsWith('transport ')) console.log(line);
    }
    const g = r.guest;
    console.log(
      `[${r.how}] exit ${r.code}, ${(r.totalMs / 1000).toFixed(2)} s in all` +
        (g?.initS !== undefined ? `; guest init at ${g.initS.toFixed(2)} s, vcan ready at ${g.readyS?.toFixed(2)} s uptime` : ''),
    );
    if (!merged) {
      const reason = `no figures from the CAN environment (exit ${r.code}${r.timedOut ? ', timed out' : ''}): ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`;
      console.log(`${name}: skipped (${reason})`);
      skipped.push({ transport: name, reason });
    }
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    console.log(`${name}: skipped (${reason})`);
    skipped.push({ transport: name, reason });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.log(`uds-timing: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(0);
  },
);
