/**
 * evc uds — send one UDS (or OBD) request over DoIP or ISO-TP/CAN and print the response decoded, with timing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, EvcError } from '../core/errors';
import { writeTraceExports } from '../core/trace-export';
import { formatFrame, Trace } from '../core/trace';
import { DoipClient } from '../doip/tester';
import { ROUTING_CODE_NAMES } from '../doip/payloads';
import { ReferenceDoipEntity } from '../reference/ecu/doip';
import { parseFaultList } from '../reference/ecu/faults';
import { decodeNegativeResponse, hex, isNegativeResponse, parseHex, summarize } from '../uds/codec';
import { describeInterfaceProblem, openSocketCan } from '../transport/can/socketcan';
import { openIsoTpDiagLink } from '../uds/isotp-link';
import type { DiagLink } from '../uds/link';
import { describeNrc } from '../uds/nrc';
import { decodePositive } from '../uds/services';
import { type UdsExchange, UdsTester } from '../uds/tester';

const HELP = `usage: evc uds [transport] [options] <request bytes…>

Sends one UDS request (hex bytes, e.g. 22 F190 or 22f190) and prints the response decoded, with the
measured P2/P2* timing. Exit status: 0 positive response, 1 negative/late/no response, 2 usage error.

transport (one of):
  --doip <host>[:port]      DoIP over TCP (default port 13400); routing activation first
  --can <ifname>            ISO-TP over SocketCAN (e.g. vcan0; Linux with CAN support, see 'evc can-env')
  --reference               start the built-in reference DoIP entity on loopback and talk to it

DoIP options:
  --source <addr>           tester logical address (default 0x0E00)
  --target <addr>           ECU logical address (default 0x0010)
  --activation-type <n>     routing activation type (default 0x00)
CAN options:
  --tx <id>                 request CAN id, hex (default 7E0)
  --rx <id>                 response CAN id, hex (default 7E8)
  --functional-id <id>      functional request id, hex (default 7DF)
  --ext                     29-bit identifiers (e.g. --tx 18DA10F1 --rx 18DAF110 --functional-id 18DB33F1)
  --fd                      CAN FD frames (TX_DL 64 unless --txdl)
  --txdl <n>                CAN FD payload length of sent frames: 8, 12, 16, 20, 24, 32, 48 or 64
  --brs                     bit-rate switch on sent CAN FD frames
  --padding <byte|none>     padding byte of sent frames, hex (default CC), or none for the shortest frames
  --bs <n>                  block size announced in our flow control (default 0: no further FC)
  --stmin <byte>            STmin announced in our flow control, hex byte (00–7F ms, F1–F9 = 100–900 µs; default 00)
common:
  --functional              send to the functional address
  --p2 <ms>                 P2 limit (default 50)
  --p2star <ms>             P2* limit after 0x78 (default 5000)
  --timeout <ms>            overall bound for the exchange (default 10000)
  --fault <a,b>             faults of the --reference entity (see src/reference/ecu/faults.ts)
  --trace                   print the frame trace
  --save <base>             write the trace as <base>.ndjson, and <base>.can.log (candump -l), <base>.can.pcap
                            (SocketCAN) / <base>.doip.pcap (IPv4/TCP) for the CAN/DoIP frames
  --json                    print the exchange as JSON

examples:
  evc uds --doip 127.0.0.1 --source 0x0E00 --target 0x0010 22 F190
  evc uds --can vcan0 --tx 7E0 --rx 7E8 10 03
  evc uds --can vcan0 --ext --tx 18DA10F1 --rx 18DAF110 --fd --padding AA --bs 8 --stmin 05 22 F190
  evc uds --reference 31 01 FF 00`;

interface Args {
  doip?: string;
  can?: string;
  reference: boolean;
  source: number;
  target: number;
  activationType: number;
  tx: number;
  rx: number;
  functionalId: number;
  functional: boolean;
  ext: boolean;
  fd: boolean;
  txDl?: number;
  brs: boolean;
  padding: number | null;
  bs: number;
  stmin: number;
  p2: number;
  p2star: number;
  timeout: number;
  faults: string[];
  trace: boolean;
  save?: string;
  json: boolean;
  bytes: string[];
}

function num(v: string | undefined, flag: string, hexDefault = false): number {
  if (v === undefined) throw new ConfigError('evc uds', flag, 'missing value');
  const n = /^0x/i.test(v) || hexDefault ? parseInt(v.replace(/^0x/i, ''), 16) : parseInt(v, 10);
  if (!Number.isFinite(n) || n < 0) throw new ConfigError('evc uds', flag, `not a number: '${v}'`);
  return n;
}

export function parseArgs(argv: string[]): Args {
  const a: Args = { reference: false, source: 0x0e00, target: 0x0010, activationType: 0, tx: 0x7e0, rx: 0x7e8, functionalId: 0x7df, functional: false, ext: false, fd: false, brs: false, padding: 0xcc, bs: 0, stmin: 0, p2: 50, p2star: 5000, timeout: 10000, faults: [], trace: false, json: false, bytes: [] };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i];
    const next = () => argv[++i];
    switch (f) {
      case '--doip': a.doip = next(); break;
      case '--can': a.can = next(); break;
      case '--reference': a.reference = true; break;
      case '--source': a.source = num(next(), f, true); break;
      case '--target': a.target = num(next(), f, true); break;
      case '--activation-type': a.activationType = num(next(), f, true); break;
      case '--tx': a.tx = num(next(), f, true); break;
      case '--rx': a.rx = num(next(), f, true); break;
      case '--functional-id': a.functionalId = num(next(), f, true); break;
      case '--functional': a.functional = true; break;
      case '--ext': a.ext = true; break;
      case '--fd': a.fd = true; break;
      case '--txdl': a.txDl = num(next(), f); break;
      case '--brs': a.brs = true; break;
      case '--padding': {
        const v = next();
        a.padding = v === 'none' ? null : num(v, f, true);
        break;
      }
      case '--bs': a.bs = num(next(), f); break;
      case '--stmin': a.stmin = num(next(), f, true); break;
      case '--p2': a.p2 = num(next(), f); break;
      case '--p2star': a.p2star = num(next(), f); break;
      case '--timeout': a.timeout = num(next(), f); break;
      case '--fault': case '--faults': a.faults.push(...parseFaultList(next())); break;
      case '--trace': a.trace = true; break;
      case '--save': a.save = next(); if (a.save === undefined) throw new ConfigError('evc uds', f, 'missing value'); break;
      case '--json': a.json = true; break;
      default:
        if (f.startsWith('--')) throw new ConfigError('evc uds', f, 'unknown option (see evc uds --help)');
        a.bytes.push(f);
    }
  }
  const transports = [a.doip, a.can, a.reference || undefined].filter((x) => x !== undefined).length;
  if (transports !== 1) throw new ConfigError('evc uds', 'transport', 'give exactly one of --doip, --can, --reference');
  if (a.bytes.length === 0) throw new ConfigError('evc uds', 'request', 'no request bytes (e.g. 22 F190)');
  checkCanArgs(a);
  return a;
}

/** One line per bad CAN option value (ConfigError naming the flag). */
function checkCanArgs(a: Args): void {
  const maxId = a.ext ? 0x1fffffff : 0x7ff;
  for (const [flag, v] of [['--tx', a.tx], ['--rx', a.rx], ['--functional-id', a.functionalId]] as const) {
    if (v > maxId) throw new ConfigError('evc uds', flag, `0x${v.toString(16).toUpperCase()} does not fit a ${a.ext ? '29' : '11'}-bit identifier${a.ext ? '' : ' (add --ext for 29-bit ids)'}`);
  }
  if (a.txDl !== undefined) {
    if (![8, 12, 16, 20, 24, 32, 48, 64].includes(a.txDl)) throw new ConfigError('evc uds', '--txdl', `${a.txDl} is not a CAN FD frame length (8, 12, 16, 20, 24, 32, 48, 64)`);
    if (a.txDl > 8) a.fd = true;
  }
  if (a.brs && !a.fd) throw new ConfigError('evc uds', '--brs', 'bit-rate switch needs --fd');
  if (a.padding !== null && a.padding > 0xff) throw new ConfigError('evc uds', '--padding', `0x${a.padding.toString(16)} is not a byte (or give none)`);
  if (a.bs > 0xff) throw new ConfigError('evc uds', '--bs', `${a.bs} is not 0..255`);
  if (a.stmin > 0xff || (a.stmin > 0x7f && (a.stmin < 0xf1 || a.stmin > 0xf9))) throw new ConfigError('evc uds', '--stmin', `0x${a.stmin.toString(16)} is reserved (00–7F ms or F1–F9 = 100–900 µs)`);
}

export function describeExchange(ex: UdsExchange): string[] {
  const lines = [`request  ${hex(ex.request)}  ${summarize(ex.request)}${ex.functional ? ' [functional]' : ''}`];
  for (const r of ex.responses) {
    const timing = `+${(r.elapsedUs / 1000).toFixed(2)} ms (${r.limit} ${r.limitMs} ms${r.late ? ', LATE' : ''})`;
    let text = summarize(r.data);
    if (isNegativeResponse(r.data)) {
      try {
        text = `negative response ${describeNrc(decodeNegativeResponse(r.data).nrc)}`;
      } catch (e) {
        text = `malformed: ${(e as Error).message}`;
      }
    } else {
      try {
        const d = decodePositive(r.data);
        if (d !== undefined) text += ` ${JSON.stringify(d)}`;
      } catch (e) {
        text += ` (malformed: ${(e as Error).message})`;
      }
      const ascii = Buffer.from(r.data.subarray(r.data[0] === 0x62 ? 3 : 1)).toString('latin1');
      if (r.data[0] === 0x62 && /^[\x20-\x7e]{4,}$/.test(ascii)) text += ` "${ascii}"`;
    }
    lines.push(`response ${hex(r.data)}  ${text}  ${timing}`);
  }
  if (ex.responses.length === 0) lines.push(ex.suppress ? 'no response (suppressPosRsp set)' : `no response within P2 ${ex.p2Ms} ms (+ margin)`);
  return lines;
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`${e.lines.map((l) => `evc: ${l}`).join('\n')}\n(run evc uds --help)`);
      return 2;
    }
    throw e;
  }
  const request = parseHex(args.bytes.join(' '));
  const trace = new Trace();
  const cleanup: (() => Promise<void> | void)[] = [];
  try {
    let link: DiagLink;
    if (args.can !== undefined) {
      link = await openCan(args, trace, cleanup);
    } else {
      let host = '127.0.0.1';
      let port = 13400;
      if (args.reference) {
        const ref = await ReferenceDoipEntity.start({ faults: args.faults });
        cleanup.push(() => ref.close());
        port = ref.tcpPort;
      } else {
        const m = /^([^:]+)(?::(\d+))?$/.exec(args.doip!);
        if (!m) throw new ConfigError('evc uds', '--doip', `expected host[:port], got '${args.doip}'`);
        host = m[1];
        port = m[2] ? parseInt(m[2], 10) : 13400;
      }
      const client = await DoipClient.connect({ host, port, sourceAddress: args.source, trace });
      cleanup.push(() => client.close());
      const ra = await client.activateRouting(args.activationType);
      if (ra.code !== 0x10) {
        console.error(`routing activation refused: code 0x${hex([ra.code])} ${ROUTING_CODE_NAMES[ra.code] ?? 'reserved'}`);
        return 1;
      }
      link = client.diagLink(args.target);
    }
    const tester = new UdsTester(link, { trace, p2Ms: args.p2, p2StarMs: args.p2star });
    cleanup.push(() => tester.close());
    const ex = await tester.request(request, { functional: args.functional, timeoutMs: args.timeout });
    if (args.json) {
      console.log(JSON.stringify({ request: hex(ex.request), functional: ex.functional, responses: ex.responses.map((r) => ({ data: hex(r.data), elapsedMs: r.elapsedUs / 1000, limit: r.limit, limitMs: r.limitMs, late: r.late })) }, null, 2));
    } else for (const l of describeExchange(ex)) console.log(l);
    if (args.trace) console.log(`\ntrace:\n${trace.frames.map(formatFrame).join('\n')}`);
    const final = ex.final?.data;
    return final && !isNegativeResponse(final) && !ex.late ? 0 : ex.suppress && !final ? 0 : 1;
  } catch (e) {
    if (e instanceof EvcError) {
      console.error(e.message);
      if (args.trace) console.error(trace.frames.map(formatFrame).join('\n'));
      return 1;
    }
    throw e;
  } finally {
    for (const c of cleanup.reverse()) await c();
    if (args.save !== undefined) saveTrace(args.save, trace);
  }
}

function saveTrace(base: string, trace: Trace): void {
  fs.mkdirSync(path.dirname(path.resolve(base)), { recursive: true });
  fs.writeFileSync(`${base}.ndjson`, trace.toNdjson());
  const files = [`${base}.ndjson`, ...writeTraceExports(base, trace.frames)];
  console.error(`trace saved: ${files.join(', ')}`);
}

async function openCan(args: Args, trace: Trace, cleanup: (() => Promise<void> | void)[]): Promise<DiagLink> {
  const problem = describeInterfaceProblem(args.can!);
  if (problem) throw new ConfigError('evc uds', '--can', problem);
  const channel = openSocketCan(args.can!, { trace, kernelTxStamps: true });
  cleanup.push(() => channel.close());
  const link = openIsoTpDiagLink(channel, {
    txId: args.tx,
    rxId: args.rx,
    functionalTxId: args.functionalId,
    ext: args.ext,
    fd: args.fd,
    txDl: args.fd ? (args.txDl ?? 64) : 8,
    brs: args.brs,
    txPadding: args.padding,
    blockSize: args.bs,
    stmin: args.stmin,
    trace,
  });
  cleanup.push(() => link.close());
  return link;
}
