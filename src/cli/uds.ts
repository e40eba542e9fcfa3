/**
 * evc uds — send one UDS (or OBD) request over DoIP or ISO-TP/CAN and print the response decoded, with timing.
 */
import { ConfigError, EvcError } from '../core/errors';
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
common:
  --functional              send to the functional address
  --p2 <ms>                 P2 limit (default 50)
  --p2star <ms>             P2* limit after 0x78 (default 5000)
  --timeout <ms>            overall bound for the exchange (default 10000)
  --fault <a,b>             faults of the --reference entity (see src/reference/ecu/faults.ts)
  --trace                   print the frame trace
  --json                    print the exchange as JSON

examples:
  evc uds --doip 127.0.0.1 --source 0x0E00 --target 0x0010 22 F190
  evc uds --can vcan0 --tx 7E0 --rx 7E8 10 03
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
  p2: number;
  p2star: number;
  timeout: number;
  faults: string[];
  trace: boolean;
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
  const a: Args = { reference: false, source: 0x0e00, target: 0x0010, activationType: 0, tx: 0x7e0, rx: 0x7e8, functionalId: 0x7df, functional: false, p2: 50, p2star: 5000, timeout: 10000, faults: [], trace: false, json: false, bytes: [] };
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
      case '--p2': a.p2 = num(next(), f); break;
      case '--p2star': a.p2star = num(next(), f); break;
      case '--timeout': a.timeout = num(next(), f); break;
      case '--fault': case '--faults': a.faults.push(...parseFaultList(next())); break;
      case '--trace': a.trace = true; break;
      case '--json': a.json = true; break;
      default:
        if (f.startsWith('--')) throw new ConfigError('evc uds', f, 'unknown option (see evc uds --help)');
        a.bytes.push(f);
    }
  }
  const transports = [a.doip, a.can, a.reference || undefined].filter((x) => x !== undefined).length;
  if (transports !== 1) throw new ConfigError('evc uds', 'transport', 'give exactly one of --doip, --can, --reference');
  if (a.bytes.length === 0) throw new ConfigError('evc uds', 'request', 'no request bytes (e.g. 22 F190)');
  return a;
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
      console.error(`${e.message}\n(run evc uds --help)`);
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
  }
}

async function openCan(args: Args, trace: Trace, cleanup: (() => Promise<void> | void)[]): Promise<DiagLink> {
  const problem = describeInterfaceProblem(args.can!);
  if (problem) throw new ConfigError('evc uds', '--can', problem);
  const channel = openSocketCan(args.can!, { trace });
  cleanup.push(() => channel.close());
  const link = openIsoTpDiagLink(channel, { txId: args.tx, rxId: args.rx, functionalTxId: args.functionalId, trace });
  cleanup.push(() => link.close());
  return link;
}
