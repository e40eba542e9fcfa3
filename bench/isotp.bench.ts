/**
 * ISO-TP throughput: over the in-memory bus (engine cost only) and over vcan (SocketCAN + addon), classic and
 * CAN FD, several STmin / block-size settings. Prints figures, asserts nothing, each case bounded in time.
 *
 *   node --import tsx bench/isotp.bench.ts             # memory, then vcan (host, or user-mode Linux via can-env)
 *   node --import tsx bench/isotp.bench.ts --memory    # in-memory only
 *   node --import tsx bench/isotp.bench.ts --vcan      # vcan only, here (needs kernel CAN)
 */
import * as path from 'node:path';
import { IsoTpChannel } from '../src/isotp';
import { runWithCan } from '../src/rig/can-env';
import { type CanChannel, LoopbackCanBus, describeInterfaceProblem, monoUs, openSocketCan } from '../src/transport/can';

interface Case {
  name: string;
  txDl: number;
  length: number;
  stmin: number;
  blockSize: number;
}

const CASES: Case[] = [
  { name: 'classic  4095 B  STmin 0      BS 0', txDl: 8, length: 4095, stmin: 0, blockSize: 0 },
  { name: 'classic  4095 B  STmin 0      BS 8', txDl: 8, length: 4095, stmin: 0, blockSize: 8 },
  { name: 'classic   512 B  STmin 500µs  BS 0', txDl: 8, length: 512, stmin: 0xf5, blockSize: 0 },
  { name: 'classic   512 B  STmin 1 ms   BS 16', txDl: 8, length: 512, stmin: 1, blockSize: 16 },
  { name: 'classic     7 B  single frame', txDl: 8, length: 7, stmin: 0, blockSize: 0 },
  { name: 'FD-64    4095 B  STmin 0      BS 0', txDl: 64, length: 4095, stmin: 0, blockSize: 0 },
  { name: 'FD-64   16384 B  STmin 0      BS 8', txDl: 64, length: 16384, stmin: 0, blockSize: 8 },
  { name: 'FD-64    2048 B  STmin 1 ms   BS 0', txDl: 64, length: 2048, stmin: 1, blockSize: 0 },
  { name: 'FD-64      62 B  single frame', txDl: 64, length: 62, stmin: 0, blockSize: 0 },
];

const BUDGET_MS = Number(process.env.EVC_BENCH_BUDGET_MS ?? 800);

async function runCase(c: Case, open: () => [CanChannel, CanChannel]): Promise<string> {
  const [ca, cb] = open();
  let frames = 0;
  cb.onFrame(() => frames++);
  ca.onFrame(() => frames++);
  const a = new IsoTpChannel(ca, { txId: 0x7e0, rxId: 0x7e8, txDl: c.txDl });
  const b = new IsoTpChannel(cb, { txId: 0x7e8, rxId: 0x7e0, txDl: c.txDl, stmin: c.stmin, blockSize: c.blockSize });
  const payload = Uint8Array.from({ length: c.length }, (_, i) => i & 0xff);
  let n = 0;
  let latencySum = 0;
  const t0 = monoUs();
  try {
    while (monoUs() - t0 < BUDGET_MS * 1000 && n < 100_000) {
      const rx = b.receive(5000);
      const s = monoUs();
      await a.send(payload);
      await rx;
      latencySum += monoUs() - s;
      n++;
    }
  } catch (err) {
    return `${c.name}  failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
  } finally {
    a.close();
    b.close();
    ca.close();
    cb.close();
  }
  const s = (monoUs() - t0) / 1e6;
  const kbps = (n * c.length) / 1024 / s;
  const violations = a.violations.length + b.violations.length;
  return `${c.name}  ${String(n).padStart(6)} msgs  ${kbps.toFixed(1).padStart(9)} KiB/s  ${(frames / s).toFixed(0).padStart(7)} frames/s  ${(latencySum / n / 1000).toFixed(3).padStart(9)} ms/msg${violations ? `  (${violations} violations)` : ''}`;
}

async function memory(): Promise<void> {
  console.log(`\n== ISO-TP over the in-memory bus (microtask delivery, real clock), ${BUDGET_MS} ms per case`);
  for (const c of CASES) {
    const bus = new LoopbackCanBus({ delivery: 'microtask' });
    console.log(await runCase(c, () => [bus.open('a'), bus.open('b')]));
  }
}

async function vcan(ifname: string): Promise<void> {
  console.log(`\n== ISO-TP over ${ifname} (SocketCAN, socketcan addon), ${BUDGET_MS} ms per case`);
  for (const c of CASES) console.log(await runCase(c, () => [openSocketCan(ifname), openSocketCan(ifname)]));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const ifname = process.env.EVC_TEST_CAN_IF ?? 'vcan0';
  if (!args.includes('--vcan')) await memory();
  if (args.includes('--memory')) return;
  const problem = describeInterfaceProblem(ifname);
  if (!problem) {
    await vcan(ifname);
    return;
  }
  if (process.env.EVC_CAN_ENV_INSIDE) {
    console.log(`\nvcan: skipped (${problem})`);
    return;
  }
  console.log(`\nvcan: not on this host (${problem}); running the vcan cases in the CAN environment…`);
  try {
    const r = await runWithCan([process.execPath, '--require', 'tsx/cjs', path.join(__dirname, 'isotp.bench.ts'), '--vcan'], {
      cwd: path.resolve(__dirname, '..'),
      timeoutMs: 180_000,
    });
    process.stdout.write(r.stdout);
    if (r.code !== 0) process.stdout.write(r.stderr);
    const g = r.guest;
    console.log(
      `\n[${r.how}] exit ${r.code}, ${(r.totalMs / 1000).toFixed(2)} s in all` +
        (g?.initS !== undefined ? `; guest init at ${g.initS.toFixed(2)} s, vcan ready at ${g.readyS?.toFixed(2)} s uptime` : ''),
    );
  } catch (err) {
    console.log(`vcan: skipped (${err instanceof Error ? err.message : String(err)})`);
  }
}

void main();
