/**
 * `evc load <profile>` — load mode (issue #18): a swarm of lean stations (src/load) against a CSMS, with a live
 * progress line, reports/load/<run>/summary.json + report.html, and `--slo` making the exit code a verdict
 * (0 met, 1 not met, 2 bad input). Without a CSMS url in the profile the rig's ocpp.csms.url is used;
 * `--serve-csms [N]` starts the lean load CSMS (src/reference/load-csms) in N processes and aims at it.
 */
import path from 'node:path';
import { ConfigError } from '../core/errors';
import { displayPath, REPORTS_DIR } from '../core/load';
import { readProfileFile, resolveProfile, type LoadProfileFile } from '../load/profile';
import { writeReport } from '../load/report';
import { formatVerdicts, judgeSlo, parseSlo, SloError, type SloClause } from '../load/slo';
import { runSwarm } from '../load/swarm';
import { startLoadCsmsFleet, type LoadCsmsFleet } from '../reference/load-csms/cluster';
import { loadRigConfig } from '../rig/config';

const USAGE = `usage: evc load <profile.yaml|json> [--slo "p99(BootNotification) < 500ms, errors = 0"]
                [--stations N] [--duration S] [--workers N] [--url ws://…] [--run NAME]
                [--serve-csms [N]] [--csms-faults f1,f2] [--csms-interval S]
  profile        schemas/load-profile.schema.json (example: fixtures/load/example.yaml)
  --slo          clauses judged at the end: exit 0 all met, 1 one not met, 2 bad input
  --serve-csms   start the lean load CSMS in N processes (default: one per 15000 stations) and aim at it
  --csms-faults  faults of that CSMS (load-csms catalogue: slow-heartbeat, drops-connections, rejects-boot, wrong-response-id, silent)
  Reports: reports/load/<run>/summary.json and report.html`;

interface Args {
  file?: string;
  slo?: string;
  stations?: number;
  duration?: number;
  workers?: number;
  url?: string;
  run?: string;
  serve?: number;
  faults: string[];
  interval?: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { faults: [] };
  const num = (flag: string, v: string | undefined, min = 0): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < min) throw new ConfigError('evc load', flag, `expects a number ≥ ${min}, got ${v === undefined ? 'nothing' : `'${v}'`}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (x === '--slo') a.slo = argv[++i] ?? '';
    else if (x === '--stations') a.stations = num(x, argv[++i], 1);
    else if (x === '--duration') a.duration = num(x, argv[++i], 0.1);
    else if (x === '--workers') a.workers = num(x, argv[++i]);
    else if (x === '--url') a.url = argv[++i];
    else if (x === '--run') a.run = argv[++i];
    else if (x === '--csms-faults') a.faults = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (x === '--csms-interval') a.interval = num(x, argv[++i], 1);
    else if (x === '--serve-csms') a.serve = /^\d+$/.test(argv[i + 1] ?? '') ? Number(argv[++i]) : 0;
    else if (x.startsWith('-')) throw new ConfigError('evc load', x, 'unknown option (see evc load --help)');
    else if (!a.file) a.file = x;
    else throw new ConfigError('evc load', x, 'unexpected argument: one profile file');
  }
  return a;
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const args = parseArgs(argv);
  if (!args.file) throw new ConfigError('evc load', 'profile', `is required\n${USAGE}`);
  let slo: SloClause[] = [];
  try {
    if (args.slo !== undefined) slo = parseSlo(args.slo);
  } catch (e) {
    if (!(e instanceof SloError)) throw e;
    for (const l of e.message.split('\n')) console.error(`evc: ${l}`);
    return 2;
  }
  const data: LoadProfileFile = { ...readProfileFile(args.file) };
  if (args.stations) data.stations = args.stations;
  if (args.duration) data.duration = args.duration;
  if (args.workers !== undefined) data.workers = args.workers;
  if (args.url) data.csms = { url: args.url };
  let fleet: LoadCsmsFleet | undefined;
  if (args.serve !== undefined) {
    const processes = args.serve || Math.max(1, Math.ceil(data.stations / 15_000));
    fleet = await startLoadCsmsFleet(processes, { heartbeatInterval: args.interval ?? 60, faults: args.faults });
    data.csms = { urls: fleet.urls };
    console.error(`evc load: lean load CSMS in ${processes} process(es): ${fleet.urls.join(' ')}`);
  }
  try {
    const rigCsms = data.csms ? undefined : rigCsmsOf();
    const profile = resolveProfile(data, { source: displayPath(path.resolve(args.file)), rigCsms });
    const run = args.run ?? `${profile.name}-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}`;
    console.error(`evc load: ${profile.stations} stations (${profile.workers ? `${profile.workers} worker processes` : 'in this process'}) → ${profile.urls.join(' ')} for ${profile.durationMs / 1000} s`);
    const ac = new AbortController();
    const onSig = () => ac.abort();
    process.once('SIGINT', onSig);
    process.once('SIGTERM', onSig);
    const summary = await runSwarm(profile, { run, progress: 'auto', signal: ac.signal });
    process.off('SIGINT', onSig);
    process.off('SIGTERM', onSig);
    const verdicts = judgeSlo(slo, summary);
    const files = writeReport(path.join(REPORTS_DIR, 'load', run), summary, verdicts);
    for (const [a, l] of Object.entries(summary.latency)) console.log(`${a.padEnd(20)} ${String(summary.calls[a] ?? 0).padStart(8)} calls  p50 ${l.p50} ms  p95 ${l.p95} ms  p99 ${l.p99} ms  max ${l.max} ms`);
    console.log(`connected ${summary.connected}/${summary.target} (peak ${summary.peakConnected}), booted ${summary.booted}, ${summary.totalCalls} calls, errors ${summary.totalErrors}${summary.totalErrors ? `: ${Object.entries(summary.errors).filter(([, n]) => n).map(([k, n]) => `${k} ${n}`).join(', ')}` : ''}`);
    for (const p of summary.problems) console.error(`evc load: ${p}`);
    for (const l of formatVerdicts(verdicts)) console.log(l);
    console.log(`report: ${displayPath(files.html)} (summary.json beside it)`);
    if (summary.problems.length) return 1;
    return verdicts.every((v) => v.met) ? 0 : 1;
  } finally {
    await fleet?.stop();
  }
}

function rigCsmsOf(): { url?: string; password?: string; securityProfile?: number } | undefined {
  const rig = loadRigConfig();
  const c = rig.ocpp?.csms;
  return { url: c?.url, password: c?.password, securityProfile: c?.securityProfile };
}
