/**
 * EXI codec throughput: encode + decode of a DIN CurrentDemandReq/Res pair and of the whole DIN DC session
 * from the shared vectors. Prints figures only; the whole run takes a few seconds.
 *
 *   node --import tsx bench/exi.bench.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type SchemaSetName, decodeExi, encodeExiJson } from '../src/exi';
import { decodeV2gtp } from '../src/v2g/v2gtp';

interface Msg {
  set: SchemaSetName;
  exi: Uint8Array;
  doc: unknown;
}

const vectors = path.join(__dirname, '..', '..', 'shared', 'reference', 'iso15118', 'vectors', 'din-dc-session.jsonl');
const session: Msg[] = fs
  .readFileSync(vectors, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { proto: string; hex: string; doc?: unknown; msg: string })
  .filter((f) => f.doc !== undefined)
  .map((f) => ({ set: f.proto as SchemaSetName, exi: decodeV2gtp(Buffer.from(f.hex, 'hex')).payload, doc: f.doc }));

const pair = ['CurrentDemandReq', 'CurrentDemandRes'].map((name) => {
  const m = session.find((s) => JSON.stringify(s.doc).includes(`"${name}"`));
  if (!m) throw new Error(`no ${name} in ${vectors}`);
  return m;
});

/** Runs `op` over all messages repeatedly for about `budgetMs`; returns rounds per second. */
function measure(msgs: Msg[], op: (m: Msg) => void, budgetMs: number): number {
  let rounds = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(budgetMs) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    for (let k = 0; k < 20; k++) for (const m of msgs) op(m);
    rounds += 20;
    now = process.hrtime.bigint();
  }
  return rounds / (Number(now - start) / 1e9);
}

function bench(label: string, msgs: Msg[], budgetMs = 400): void {
  // Warm-up: builds the grammars and lets the JIT settle.
  for (let i = 0; i < 200; i++) for (const m of msgs) decodeExi(m.set, encodeExiJson(m.set, m.doc));
  const bytes = msgs.reduce((n, m) => n + m.exi.length, 0);
  const row = (what: string, roundsPerSec: number, bytesPerRound: number): void => {
    const msgsPerSec = roundsPerSec * msgs.length;
    const mb = (roundsPerSec * bytesPerRound) / 1e6;
    console.log(`  ${what.padEnd(15)} ${msgsPerSec.toFixed(0).padStart(9)} msg/s  ${mb.toFixed(2).padStart(7)} MB/s`);
  };
  console.log(`${label} (${msgs.length} messages, ${bytes} EXI bytes per round)`);
  row('decode', measure(msgs, (m) => decodeExi(m.set, m.exi), budgetMs), bytes);
  row('encode', measure(msgs, (m) => encodeExiJson(m.set, m.doc), budgetMs), bytes);
  // One message = one encode plus one decode; MB/s counts the EXI bytes produced and consumed.
  row('encode+decode', measure(msgs, (m) => decodeExi(m.set, encodeExiJson(m.set, m.doc)), budgetMs), bytes * 2);
}

console.log(`EXI codec benchmark (node ${process.version})`);
bench('DIN CurrentDemandReq/Res pair', pair);
bench('DIN DC session (all EXI frames)', session);
