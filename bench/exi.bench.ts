/**
 * EXI codec throughput: encode + decode of a DIN CurrentDemandReq/Res pair and of the whole DIN DC session
 * from the shared vectors. Prints figures only; each case runs for about one second.
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

function bench(label: string, msgs: Msg[], budgetMs = 1000): void {
  // Warm-up: builds the grammars and lets the JIT settle.
  for (let i = 0; i < 200; i++) for (const m of msgs) decodeExi(m.set, encodeExiJson(m.set, m.doc));
  const bytesPerRound = msgs.reduce((n, m) => n + m.exi.length, 0);
  let rounds = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(budgetMs) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    for (let k = 0; k < 50; k++) {
      for (const m of msgs) {
        decodeExi(m.set, m.exi);
        encodeExiJson(m.set, m.doc);
      }
    }
    rounds += 50;
    now = process.hrtime.bigint();
  }
  const seconds = Number(now - start) / 1e9;
  const msgsPerSec = (rounds * msgs.length) / seconds;
  const mbPerSec = (rounds * bytesPerRound * 2) / seconds / 1e6; // bytes decoded + bytes encoded
  console.log(
    `${label.padEnd(34)} ${String(msgs.length).padStart(3)} msgs  ${msgsPerSec.toFixed(0).padStart(8)} msg/s (encode+decode)  ${mbPerSec.toFixed(2).padStart(6)} MB/s`,
  );
}

console.log(`EXI codec benchmark (node ${process.version})`);
bench('DIN CurrentDemandReq/Res pair', pair);
bench('DIN DC session (all EXI frames)', session);
