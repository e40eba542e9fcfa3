/**
 * evc scan — discovery scan of an ECU (sessions, services, security levels, DIDs, DTCs, DoIP identity) that
 * writes an ECU description draft (schemas/ecu.schema.json). See src/uds/scanner.ts for what is probed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, EvcError } from '../core/errors';
import { hex } from '../uds/codec';
import { checkDraft, draftDescription } from '../uds/ecu-description-draft';
import { DEFAULT_DID_RANGES, UdsScanner } from '../uds/scanner';
import { describeInterfaceProblem, openSocketCan } from '../transport/can/socketcan';
import { findCanAddresses, openCanLink, openDoipLink, type OpenedLink, parseHostPort } from '../uds/scanner-link';
import { UdsTester } from '../uds/tester';

const HELP = `usage: evc scan (--doip <host>[:port] | --can <ifname>) [options]

Discovers what an ECU supports — diagnostic sessions (with P2/P2*), request services, security levels that
hand out seeds, readable DIDs (or DIDs refused for security), DTCs and, over DoIP, its VIN and logical
address — and writes an ECU description draft. Probes do not change the ECU (reserved sub-function 0x00 or
a too-short request); OBD mode 04 (clear emission DTCs) only with --intrusive.

  --doip <host>[:port]   DoIP entity (vehicle identification first; default port 13400)
  --udp-port <n>         its UDP port when not the TCP port
  --source <addr>        tester logical address (default 0x0E00)
  --target <addr>        ECU logical address (default: the one the entity announces)
  --can <ifname>         ISO-TP on SocketCAN
  --tx <id> --rx <id>    request/response CAN ids, hex (default 7E0/7E8); --functional-id (default 7DF)
  --find-ids             CAN: first find the ECUs answering TesterPresent on 7E0–7E7 (→ 7E8–7EF), scan the first
  --dids <ranges>        DID ranges, hex, e.g. 0000-03FF,F180-F1FF (the default)
  --p2 <ms>              P2 limit per probe (default 100)
  --timeout <ms>         bound for connecting and each control answer (default 3000)
  --name <name>          description name (default scanned-ecu)
  --out <file>           where to write the draft (default: stdout)
  --intrusive            also probe OBD mode 04

exit status: 0 draft written, 1 the ECU could not be scanned, 2 usage error`;

interface Args {
  doip?: string;
  udpPort?: number;
  can?: string;
  source: number;
  target?: number;
  tx: number;
  rx: number;
  functionalId: number;
  dids: [number, number][];
  p2: number;
  timeout: number;
  name: string;
  out?: string;
  intrusive: boolean;
  findIds: boolean;
}

const hexNum = (v: string | undefined, flag: string) => {
  const n = v === undefined ? NaN : parseInt(v.replace(/^0x/i, ''), 16);
  if (!Number.isFinite(n) || n < 0) throw new ConfigError('evc scan', flag, `expected a hex number, got '${v ?? ''}'`);
  return n;
};
const decNum = (v: string | undefined, flag: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError('evc scan', flag, `expected a positive integer, got '${v ?? ''}'`);
  return n;
};

function parseRanges(text: string | undefined): [number, number][] {
  return (text ?? '').split(',').map((r) => {
    const [a, b] = r.split('-');
    const lo = hexNum(a, '--dids');
    const hi = b === undefined ? lo : hexNum(b, '--dids');
    if (hi < lo || hi > 0xffff) throw new ConfigError('evc scan', '--dids', `bad range '${r}'`);
    return [lo, hi];
  });
}

export function parseArgs(argv: string[]): Args {
  const a: Args = { source: 0x0e00, tx: 0x7e0, rx: 0x7e8, functionalId: 0x7df, dids: DEFAULT_DID_RANGES, p2: 100, timeout: 3000, name: 'scanned-ecu', intrusive: false, findIds: false };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i];
    const next = () => argv[++i];
    switch (f) {
      case '--doip': a.doip = next(); break;
      case '--udp-port': a.udpPort = decNum(next(), f); break;
      case '--can': a.can = next(); break;
      case '--source': a.source = hexNum(next(), f); break;
      case '--target': a.target = hexNum(next(), f); break;
      case '--tx': a.tx = hexNum(next(), f); break;
      case '--rx': a.rx = hexNum(next(), f); break;
      case '--functional-id': a.functionalId = hexNum(next(), f); break;
      case '--dids': a.dids = parseRanges(next()); break;
      case '--p2': a.p2 = decNum(next(), f); break;
      case '--timeout': a.timeout = decNum(next(), f); break;
      case '--name': a.name = next() ?? ''; break;
      case '--out': a.out = next(); break;
      case '--intrusive': a.intrusive = true; break;
      case '--find-ids': a.findIds = true; break;
      default: throw new ConfigError('evc scan', f, 'unknown option (see evc scan --help)');
    }
  }
  if ((a.doip === undefined) === (a.can === undefined)) throw new ConfigError('evc scan', 'transport', 'give exactly one of --doip, --can');
  if (!/^[A-Za-z0-9._-]+$/.test(a.name)) throw new ConfigError('evc scan', '--name', `letters, digits, '.', '_' and '-' only, got '${a.name}'`);
  return a;
}

/** --find-ids: the diagnostic addresses answering on the bus; the scan then takes the first. */
async function findIds(a: Args): Promise<void> {
  const problem = describeInterfaceProblem(a.can!);
  if (problem) throw new ConfigError('evc scan', '--can', problem);
  const ch = openSocketCan(a.can!);
  try {
    const found = await findCanAddresses(ch);
    console.error(`evc scan: ECUs on ${a.can}: ${found.map((f) => `0x${f.tx.toString(16)}→0x${f.rx.toString(16)}`).join(' ') || 'none'}`);
    if (!found.length) throw new EvcError(`no ECU answered TesterPresent on ${a.can} (request ids 0x7E0–0x7E7)`);
    a.tx = found[0].tx;
    a.rx = found[0].rx;
  } finally {
    ch.close();
  }
}

async function open(a: Args): Promise<OpenedLink> {
  if (a.can !== undefined && a.findIds) await findIds(a);
  if (a.can !== undefined) return openCanLink({ ifname: a.can, tx: a.tx, rx: a.rx, functionalId: a.functionalId });
  const { host, port } = parseHostPort(a.doip!, 'evc scan');
  return openDoipLink({ host, port, udpPort: a.udpPort, source: a.source, target: a.target, timeoutMs: a.timeout });
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) return (console.log(HELP), 0);
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof ConfigError) return (console.error(`${e.message}\n(run evc scan --help)`), 2);
    throw e;
  }
  let opened: OpenedLink | undefined;
  let tester: UdsTester | undefined;
  const stop = () => void opened?.close();
  process.once('SIGINT', stop).once('SIGTERM', stop);
  try {
    opened = await open(args);
    tester = new UdsTester(opened.link, { p2Ms: args.p2, p2StarMs: 10_000, adoptSessionTiming: false });
    const scan = await new UdsScanner(tester, { didRanges: args.dids, intrusive: args.intrusive, onProgress: (l) => console.error(`evc scan: ${l}`) }).run();
    const can = args.can !== undefined ? { physicalRequestId: args.tx, physicalResponseId: args.rx, functionalRequestId: args.functionalId } : undefined;
    const draft = draftDescription(scan, { name: args.name, via: opened.via, can, doip: opened.identity });
    checkDraft(draft, args.out ?? '<draft>');
    const text = `${JSON.stringify(draft, null, 2)}\n`;
    if (args.out) {
      fs.mkdirSync(path.dirname(path.resolve(args.out)), { recursive: true });
      fs.writeFileSync(args.out, text);
      console.error(`evc scan: ${scan.sessions.length} sessions, services ${hex(scan.services)}, ${scan.dids.length} DIDs, ${scan.dtcs.length} DTCs in ${scan.requests} requests → ${args.out}`);
    } else process.stdout.write(text);
    return 0;
  } catch (e) {
    if (e instanceof EvcError || e instanceof Error) return (console.error(`evc scan: ${e.message.split('\n')[0]}`), 1);
    throw e;
  } finally {
    process.off('SIGINT', stop).off('SIGTERM', stop);
    await tester?.close();
    await opened?.close();
  }
}
