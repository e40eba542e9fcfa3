/**
 * EXI codec throughput: encode, decode and encode + decode of single V2G messages (DIN CurrentDemandReq and
 * CurrentDemandRes from the project's DIN DC session vectors, an ISO 15118-2 CurrentDemandReq) and of the whole
 * DIN DC session. Prints figures only; the whole run takes a few seconds.
 *
 * The reference is a C codec measured on this machine when issue #14 was filed: 0.6-1.4 M encode + decode per
 * second for a CurrentDemandReq (no C codec is installed here to measure side by side). The issue asks for at
 * least 0.3x of it; each encode + decode row prints its ratio to both ends of that range.
 *
 *   node --import tsx bench/exi.bench.ts        (or: npm run bench -- exi)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type SchemaSetName, decodeExi, encodeExiJson, type iso2 } from '../src/exi';
import { decodeV2gtp } from '../src/v2g/v2gtp';

interface Msg {
  set: SchemaSetName;
  exi: Uint8Array;
  doc: unknown;
}

/** Encode + decode per second of a CurrentDemandReq by a C codec on this machine (issue #14). */
const C_REFERENCE = { low: 600_000, high: 1_400_000 };

const vectors = path.join(__dirname, '..', 'data', 'vectors', 'iso15118', 'din-dc-session.jsonl');
const session: Msg[] = fs
  .readFileSync(vectors, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { proto: string; hex: string; doc?: unknown; msg: string })
  .filter((f) => f.doc !== undefined)
  .map((f) => ({ set: f.proto as SchemaSetName, exi: decodeV2gtp(Buffer.from(f.hex, 'hex')).payload, doc: f.doc }));

function fromSession(name: string): Msg {
  const m = session.find((s) => JSON.stringify(s.doc).includes(`"${name}"`));
  if (!m) throw new Error(`no ${name} in ${vectors}`);
  return m;
}

const pv = (Value: number, Unit: iso2.unitSymbolType, Multiplier = 0): iso2.PhysicalValueType => ({ Multiplier, Unit, Value });
const iso2Doc: iso2.Document = {
  V2G_Message: {
    Header: { SessionID: '0102030405060708' },
    Body: {
      CurrentDemandReq: {
        DC_EVStatus: { EVReady: 1, EVErrorCode: 'NO_ERROR', EVRESSSOC: 41 },
        EVTargetCurrent: pv(50, 'A'),
        EVMaximumVoltageLimit: pv(450, 'V'),
        EVMaximumCurrentLimit: pv(125, 'A'),
        EVMaximumPowerLimit: pv(50, 'W', 3),
        BulkChargingComplete: 0,
        ChargingComplete: 0,
        RemainingTimeToFullSoC: pv(1800, 's'),
        RemainingTimeToBulkSoC: pv(1200, 's'),
        EVTargetVoltage: pv(400, 'V'),
      },
    },
  },
};
const iso2Req: Msg = { set: 'iso2', exi: encodeExiJson('iso2', iso2Doc), doc: iso2Doc };

/**
 * Runs `op` over all messages repeatedly for about `budgetMs`; returns rounds per wall-clock second and per
 * second of this process's CPU time (the steadier figure on a shared, loaded machine).
 */
function measure(msgs: Msg[], op: (m: Msg) => void, budgetMs: number): { wall: number; cpu: number } {
  let rounds = 0;
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(budgetMs) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    for (let k = 0; k < 20; k++) for (const m of msgs) op(m);
    rounds += 20;
    now = process.hrtime.bigint();
  }
  const cpu = process.cpuUsage(cpu0);
  return { wall: rounds / (Number(now - start) / 1e9), cpu: rounds / ((cpu.user + cpu.system) / 1e6) };
}

function bench(label: string, msgs: Msg[], budgetMs = 400): void {
  // Warm-up: builds the grammars and lets the JIT settle.
  for (let i = 0; i < 2000; i++) for (const m of msgs) decodeExi(m.set, encodeExiJson(m.set, m.doc));
  const bytes = msgs.reduce((n, m) => n + m.exi.length, 0);
  const row = (what: string, rate: { wall: number; cpu: number }, bytesPerRound: number, vsC = false): void => {
    const msgsPerSec = rate.wall * msgs.length;
    const perCpuSec = rate.cpu * msgs.length;
    const mb = (rate.wall * bytesPerRound) / 1e6;
    const ratio = (n: number): string => `${(n / C_REFERENCE.high).toFixed(2)}-${(n / C_REFERENCE.low).toFixed(2)}x`;
    const vs = vsC ? `  C reference: ${ratio(msgsPerSec)} (per CPU-s ${ratio(perCpuSec)})` : '';
    console.log(
      `  ${what.padEnd(15)} ${msgsPerSec.toFixed(0).padStart(9)} msg/s ${perCpuSec.toFixed(0).padStart(9)} msg/CPU-s ${mb.toFixed(2).padStart(6)} MB/s${vs}`,
    );
  };
  console.log(`${label} (${msgs.length} message${msgs.length > 1 ? 's' : ''}, ${bytes} EXI bytes per round)`);
  row('decode', measure(msgs, (m) => decodeExi(m.set, m.exi), budgetMs), bytes);
  row('encode', measure(msgs, (m) => encodeExiJson(m.set, m.doc), budgetMs), bytes);
  // One message = one encode plus one decode; MB/s counts the EXI bytes produced and consumed.
  row('encode+decode', measure(msgs, (m) => decodeExi(m.set, encodeExiJson(m.set, m.doc)), budgetMs), bytes * 2, true);
}

const load = fs.existsSync('/proc/loadavg') ? ` load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}` : '';
console.log(`EXI codec benchmark (node ${process.version},${load})`);
console.log(
  `C reference (issue #14, measured on this machine): ${C_REFERENCE.low / 1e6}-${C_REFERENCE.high / 1e6} M encode+decode/s of a CurrentDemandReq; target >= 0.3x`,
);
bench('DIN CurrentDemandReq', [fromSession('CurrentDemandReq')]);
bench('DIN CurrentDemandRes', [fromSession('CurrentDemandRes')]);
bench('ISO 15118-2 CurrentDemandReq (all optional fields)', [iso2Req]);
bench('DIN DC session (all EXI frames)', session);
