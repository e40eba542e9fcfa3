/**
 * evc serve — runs one of our diagnostic roles standalone, for someone else's tool to talk to:
 *   ecu          the reference ECU on a SocketCAN interface (ISO-TP, ids from its ECU description)
 *   doip-entity  the reference DoIP entity (with the reference ECU behind it) on TCP/UDP
 *   tester       the reference tester running one job against an ECU (DoIP or CAN), then exiting
 *   station      (OCPP) handed to serve-station.ts
 * Servers run until SIGINT/SIGTERM (or --for <ms>), then close every socket and exit 0.
 */
import { ConfigError } from '../core/errors';
import { PROJECT_ROOT } from '../core/load';
import { ReferenceDoipEntity } from '../reference/ecu/doip';
import { startReferenceEcuOnCan } from '../reference/ecu/ecu';
import { parseFaultList } from '../reference/ecu/faults';
import { ReferenceTester, TESTER_JOBS, type TesterJob } from '../reference/ecu/tester';
import { describeInterfaceProblem, openSocketCan } from '../transport/can/socketcan';
import { type EcuConfig, loadEcuFixture, REFERENCE_ECU_FIXTURE } from '../uds/fixture';
import { openCanLink, openDoipLink, parseHostPort } from '../uds/scanner-link';
import path from 'node:path';

const HELP = `usage: evc serve <role> [options]

roles:
  ecu --can <ifname>              the reference ECU on SocketCAN (ISO-TP; CAN ids from its description)
  doip-entity [--host <addr>] [--port <n>] [--udp-port <n>]
                                  the reference DoIP entity on TCP/UDP (default 127.0.0.1, port 13400;
                                  0 = any free port, printed)
  tester --job <job> (--doip <host>[:port] [--udp-port <n>] [--source <addr>] [--target <addr>] | --can <ifname> [--tx <id>] [--rx <id>])
                                  the reference tester runs one job against an ECU and exits 0 if it succeeded
                                  (jobs: ${Object.keys(TESTER_JOBS).join(', ')})
  station …                       an OCPP charging station (see evc serve station --help)

options:
  --ecu <file>      ECU description (default fixtures/ecu/reference-ecu.json); for tester: its seed/key module
  --fault <a,b>     faults of the reference ECU / entity / tester (src/reference/ecu/faults.ts)
  --for <ms>        stop after this long (default: until Ctrl-C / SIGTERM)
  --timeout <ms>    tester: bound for connecting and for the whole job (default 30000)`;

interface Args {
  role: string;
  can?: string;
  doip?: string;
  host: string;
  port: number;
  udpPort?: number;
  source: number;
  target?: number;
  tx?: number;
  rx?: number;
  job?: string;
  ecu: string;
  faults: string[];
  forMs?: number;
  timeout: number;
}

function int(v: string | undefined, flag: string, hex = false): number {
  const n = v === undefined ? NaN : hex || /^0x/i.test(v) ? parseInt(v.replace(/^0x/i, ''), 16) : Number(v);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError('evc serve', flag, `expected a number, got '${v ?? ''}'`);
  return n;
}

export function parseArgs(argv: string[]): Args {
  const a: Args = { role: argv[0] ?? '', host: '127.0.0.1', port: 13400, source: 0x0e00, ecu: REFERENCE_ECU_FIXTURE, faults: [], timeout: 30_000 };
  for (let i = 1; i < argv.length; i++) {
    const f = argv[i];
    const next = () => argv[++i];
    switch (f) {
      case '--can': a.can = next(); break;
      case '--doip': a.doip = next(); break;
      case '--host': a.host = next() ?? ''; break;
      case '--port': a.port = int(next(), f); break;
      case '--udp-port': a.udpPort = int(next(), f); break;
      case '--source': a.source = int(next(), f, true); break;
      case '--target': a.target = int(next(), f, true); break;
      case '--tx': a.tx = int(next(), f, true); break;
      case '--rx': a.rx = int(next(), f, true); break;
      case '--job': a.job = next(); break;
      case '--ecu': a.ecu = path.resolve(PROJECT_ROOT, next() ?? ''); break;
      case '--fault': case '--faults': a.faults.push(...parseFaultList(next())); break;
      case '--for': a.forMs = int(next(), f); break;
      case '--timeout': a.timeout = int(next(), f); break;
      default: throw new ConfigError('evc serve', f, 'unknown option (see evc serve --help)');
    }
  }
  if (!['ecu', 'doip-entity', 'tester'].includes(a.role)) throw new ConfigError('evc serve', 'role', `expected ecu, doip-entity, tester or station, got '${a.role}'`);
  if (a.role === 'ecu' && !a.can) throw new ConfigError('evc serve', '--can', 'the ecu role needs a CAN interface (for DoIP use the doip-entity role)');
  if (a.role === 'tester') {
    if (!a.job || !(a.job in TESTER_JOBS)) throw new ConfigError('evc serve', '--job', `expected one of ${Object.keys(TESTER_JOBS).join(', ')}, got '${a.job ?? ''}'`);
    if ((a.doip === undefined) === (a.can === undefined)) throw new ConfigError('evc serve', 'transport', 'the tester role needs exactly one of --doip, --can');
  }
  return a;
}

/** Resolves on SIGINT/SIGTERM, after `forMs` or on cancel(); the listeners and the timer are removed again. */
function stopSignal(forMs?: number): { stopped: Promise<string>; cancel: () => void } {
  let done: (why: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => {
    const onInt = () => done('SIGINT');
    const onTerm = () => done('SIGTERM');
    const timer = forMs === undefined ? undefined : setTimeout(() => done(`after ${forMs} ms`), forMs);
    done = (why) => {
      process.off('SIGINT', onInt).off('SIGTERM', onTerm);
      clearTimeout(timer);
      resolve(why);
    };
    process.once('SIGINT', onInt).once('SIGTERM', onTerm);
  });
  return { stopped, cancel: () => done('done') };
}

const untilStopped = (forMs?: number) => stopSignal(forMs).stopped;

const h4 = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;

async function serveEcu(a: Args, cfg: EcuConfig): Promise<number> {
  const problem = describeInterfaceProblem(a.can!);
  if (problem) throw new ConfigError('evc serve', '--can', problem);
  const can = openSocketCan(a.can!);
  const ecu = startReferenceEcuOnCan(can, { fixture: cfg, faults: a.faults });
  const ad = cfg.addressing;
  console.log(`evc serve: ECU '${cfg.name}' on ${a.can}: requests 0x${ad.physicalRequestId.toString(16)} (functional 0x${ad.functionalRequestId.toString(16)}), responses 0x${ad.physicalResponseId.toString(16)}`);
  const why = await untilStopped(a.forMs);
  await ecu.close();
  can.close();
  console.log(`evc serve: stopped (${why})`);
  return 0;
}

async function serveDoipEntity(a: Args, cfg: EcuConfig): Promise<number> {
  const e = await ReferenceDoipEntity.start({ fixture: cfg, faults: a.faults, host: a.host, tcpPort: a.port, udpPort: a.udpPort ?? a.port });
  console.log(`evc serve: DoIP entity '${cfg.name}' on ${a.host} tcp ${e.tcpPort} udp ${e.udpPort}: logical address ${h4(cfg.doip.logicalAddress)}, VIN ${cfg.doip.vin}, testers ${(cfg.doip.testerAddresses ?? []).map(h4).join(' ') || 'any'}`);
  const why = await untilStopped(a.forMs);
  await e.close();
  console.log(`evc serve: stopped (${why})`);
  return 0;
}

async function serveTester(a: Args, cfg: EcuConfig): Promise<number> {
  const level1 = cfg.security.levels.find((l) => l.level === 0x01);
  const opened = a.can
    ? openCanLink({ ifname: a.can, tx: a.tx ?? cfg.addressing.physicalRequestId, rx: a.rx ?? cfg.addressing.physicalResponseId, functionalId: cfg.addressing.functionalRequestId })
    : await openDoipLink({ ...parseHostPort(a.doip!, 'evc serve'), udpPort: a.udpPort, source: a.source, target: a.target, timeoutMs: Math.min(a.timeout, 5000) });
  const tester = new ReferenceTester(opened.link, { faults: a.faults, keyFn: level1?.keyFn, algorithm: level1?.algorithm, constant: level1?.constant });
  const stop = stopSignal(a.timeout);
  try {
    const interrupted = stop.stopped.then((why) => `${why}: job '${a.job}' stopped before it finished`);
    const outcome = await Promise.race([tester.run(a.job as TesterJob).then((ok) => (ok ? 'ok' : 'failed')), interrupted]);
    for (const s of tester.log) console.log(`  ${s.request} → ${s.response ?? '(no response)'}`);
    console.log(`evc serve: tester job '${a.job}' via ${opened.via}: ${outcome}`);
    return outcome === 'ok' ? 0 : 1;
  } finally {
    stop.cancel();
    await tester.close();
    await opened.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'station') return serveStation(argv.slice(1));
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return (console.log(HELP), argv.length === 0 ? 2 : 0);
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof ConfigError) return (console.error(`${e.message}\n(run evc serve --help)`), 2);
    throw e;
  }
  const cfg = loadEcuFixture(args.ecu);
  if (args.role === 'ecu') return serveEcu(args, cfg);
  if (args.role === 'doip-entity') return serveDoipEntity(args, cfg);
  return serveTester(args, cfg);
}

async function serveStation(rest: string[]): Promise<number> {
  let mod: { main(argv: string[]): Promise<number> };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('./serve-station');
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && msg.includes('serve-station')) {
      console.error('evc serve station: not available in this tree (src/cli/serve-station.ts is missing)');
      return 2;
    }
    throw e;
  }
  return mod.main(rest);
}
