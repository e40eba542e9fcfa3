/**
 * `evc serve-load-csms` — the lean load CSMS (src/reference/load-csms) as its own process(es), for measuring a
 * swarm against it (bench/load.bench.ts) or for `evc load` from another machine. Several processes listen on
 * consecutive ports (one process holds up to its open-file limit of sockets). Prints `ready <url>…` and runs
 * until SIGINT/SIGTERM.
 */
import fs from 'node:fs';
import { ConfigError } from '../core/errors';
import { faultsFor } from '../rig/faults';
import { startLoadCsmsFleet } from '../reference/load-csms/cluster';
import { registerLoadCsmsCatalogue } from '../reference/load-csms/catalogue';
import { LOAD_CSMS_CATALOGUE } from '../reference/load-csms/faults';

const USAGE = `usage: evc serve-load-csms [--host H] [--port P] [--processes N] [--interval S] [--faults f1,f2]
                           [--trigger-every S --trigger-sample F] [--password-env NAME]
                           [--tls-cert FILE --tls-key FILE [--tls-ca FILE]]
  --port           first port (processes listen on P, P+1, …); default 9300 (0: any free ones)
  --processes      processes, one port each (default 1; ~15000 sockets each)
  --interval       heartbeat interval answered in BootNotification, seconds (default 60)
  --faults         load-csms faults: slow-heartbeat, drops-connections, rejects-boot, wrong-response-id, silent
  --trigger-every  send TriggerMessage(Heartbeat) every S seconds to --trigger-sample (0..1) of the stations
  --password-env   environment variable with the basic-auth password stations must present (else none)
  --tls-cert/-key  serve wss:// with this server certificate and key (PEM; security profiles 2 and 3)
  --tls-ca         require a client certificate issued by this CA (security profile 3)`;

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const v = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) throw new ConfigError('serve-load-csms', argv[i], 'unexpected argument');
    v.set(argv[i].slice(2), argv[++i] ?? '');
  }
  const known = ['host', 'port', 'processes', 'interval', 'faults', 'trigger-every', 'trigger-sample', 'password-env', 'tls-cert', 'tls-key', 'tls-ca'];
  for (const k of v.keys()) if (!known.includes(k)) throw new ConfigError('serve-load-csms', `--${k}`, `unknown option (known: ${known.map((x) => `--${x}`).join(', ')})`);
  const num = (k: string, d: number) => {
    const n = v.has(k) ? Number(v.get(k)) : d;
    if (!Number.isFinite(n) || n < 0) throw new ConfigError('serve-load-csms', `--${k}`, `expects a number ≥ 0, got '${v.get(k)}'`);
    return n;
  };
  registerLoadCsmsCatalogue();
  const faults = faultsFor(LOAD_CSMS_CATALOGUE, (v.get('faults') ?? '').split(',').filter(Boolean).map((f) => (f.includes('/') ? f : `${LOAD_CSMS_CATALOGUE}/${f}`)), '--faults');
  const passEnv = v.get('password-env');
  const password = passEnv ? process.env[passEnv] : undefined;
  if (passEnv && !password) throw new ConfigError('serve-load-csms', '--password-env', `environment variable ${passEnv} is not set`);
  const every = num('trigger-every', 0);
  const pem = (k: string) => {
    const f = v.get(k);
    if (f === undefined) return undefined;
    if (!fs.existsSync(f)) throw new ConfigError('serve-load-csms', `--${k}`, `${f}: no such file`);
    return fs.readFileSync(f, 'utf8');
  };
  const [cert, key, ca] = [pem('tls-cert'), pem('tls-key'), pem('tls-ca')];
  if (!cert !== !key) throw new ConfigError('serve-load-csms', cert ? '--tls-key' : '--tls-cert', 'is needed too (wss:// takes a certificate and its key)');
  if (ca && !cert) throw new ConfigError('serve-load-csms', '--tls-ca', 'needs --tls-cert and --tls-key (a client certificate is asked for over TLS)');
  const fleet = await startLoadCsmsFleet(Math.max(1, num('processes', 1)), {
    host: v.get('host') ?? '127.0.0.1',
    port: num('port', 9300),
    heartbeatInterval: num('interval', 60),
    faults,
    ...(every > 0 ? { trigger: { everyMs: every * 1000, sample: num('trigger-sample', 0.01) } } : {}),
    ...(password ? { password } : {}),
    ...(cert && key ? { tls: { cert, key, ...(ca ? { ca } : {}) } } : {}),
  });
  console.log(`ready ${fleet.urls.join(' ')}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await fleet.stop();
  return 0;
}
