/**
 * `evc serve-csms` — the reference CSMS (src/reference/ocpp16 | ocpp201) as a long-lived process, like a CSMS
 * deployment: one security profile, the stations and id tags its operator set up, fixed ports, and its HTTP
 * operator API (src/reference/common/csms-http-api.ts: POST /api/stations/<identity>/<intent>, bearer token;
 * GET /api/health). This is what the `evc-reference-csms` image runs (scripts/build-reference-images.sh).
 * Runs until SIGINT/SIGTERM. Prints one line `ready <ws url> api <api url>` on stdout once both listen.
 * Secrets never appear on the command line: the API token and the stations' password come from environment
 * variables named by --api-token-env / --password-env.
 */
import fs from 'node:fs';
import { ConfigError } from '../core/errors';
import type { CsmsSutOptions } from '../rig/ocpp-sut';
import { startReferenceCsms as startCsms16 } from '../reference/ocpp16';
import { startReferenceCsms as startCsms201 } from '../reference/ocpp201';

const USAGE = `usage: evc serve-csms --version 1.6|2.0.1 --station ID[,ID…] [--host H] [--port P] [--api-port P]
                      [--api-token-env NAME] [--security-profile 0|1|2|3 [--password-env NAME]
                      [--tls-cert F --tls-key F [--tls-ca F]]] [--id-tags FILE] [--heartbeat-interval S]
                      [--boot-pending N] [--time-scale S] [--verbose]
  --station          identities the CSMS knows (others are refused with HTTP 404)
  --host             address to listen on, default 127.0.0.1 (0.0.0.0 in a container with its own network)
  --port / --api-port  OCPP endpoint / operator API ports, default 0 (any free one, printed)
  --api-token-env    environment variable holding the operator API's bearer token (default: a fresh one, printed)
  --password-env     environment variable holding the stations' password (security profiles 1 and 2)
  --tls-cert/--tls-key  server certificate and key (PEM) for security profiles 2 and 3; --tls-ca: CA of client certificates
  --id-tags          JSON file: token → {status, parentIdTag?, expiryDate?} (the tokens its operator registered)
  --heartbeat-interval  seconds, answered in BootNotification, default 300
  --time-scale       multiplier of the CSMS's own intervals, default 1 (real time)`;

interface Args {
  opts: CsmsSutOptions;
  host: string;
  port: number;
  apiPort: number;
  apiToken?: string;
  verbose: boolean;
}

function parse(argv: string[], env: NodeJS.ProcessEnv): Args {
  const v = new Map<string, string>();
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help') throw new Error(USAGE);
    if (a === '--verbose') {
      verbose = true;
      continue;
    }
    if (!a.startsWith('--')) throw new ConfigError('serve-csms', a, 'unexpected argument');
    const [k, inline] = a.slice(2).split(/=(.*)/s, 2);
    if (inline !== undefined) v.set(k, inline);
    else if (i + 1 < argv.length) v.set(k, argv[++i]);
    else throw new ConfigError('serve-csms', `--${k}`, 'needs a value');
  }
  const known = ['version', 'station', 'host', 'port', 'api-port', 'api-token-env', 'security-profile', 'password-env', 'tls-cert', 'tls-key', 'tls-ca', 'id-tags', 'heartbeat-interval', 'boot-pending', 'time-scale'];
  for (const k of v.keys()) if (!known.includes(k)) throw new ConfigError('serve-csms', `--${k}`, `unknown option\n${USAGE}`);
  const need = (k: string) => {
    const x = v.get(k);
    if (!x) throw new ConfigError('serve-csms', `--${k}`, `is required\n${USAGE}`);
    return x;
  };
  const num = (k: string, dflt: number, ok: (n: number) => boolean, what: string) => {
    const x = v.get(k);
    if (x === undefined) return dflt;
    const n = Number(x);
    if (!ok(n)) throw new ConfigError('serve-csms', `--${k}`, `must be ${what} (got '${x}')`);
    return n;
  };
  const fromEnv = (k: string) => {
    const name = v.get(k);
    if (name === undefined) return undefined;
    const value = env[name];
    if (!value) throw new ConfigError('serve-csms', `--${k}`, `environment variable ${name} is not set`);
    return value;
  };
  const file = (k: string) => {
    const f = v.get(k);
    if (f === undefined) return undefined;
    try {
      return fs.readFileSync(f, 'utf8');
    } catch (e) {
      throw new ConfigError('serve-csms', `--${k}`, `cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  };
  const version = need('version');
  if (version !== '1.6' && version !== '2.0.1') throw new ConfigError('serve-csms', '--version', `must be 1.6 or 2.0.1 (got '${version}')`);
  const port = (k: string) => num(k, 0, (n) => Number.isInteger(n) && n >= 0 && n < 65536, 'a port number');
  const sp = num('security-profile', 0, (n) => [0, 1, 2, 3].includes(n), '0, 1, 2 or 3') as CsmsSutOptions['securityProfile'];
  const password = fromEnv('password-env');
  if ((sp === 1 || sp === 2) && !password) throw new ConfigError('serve-csms', '--password-env', `is required with --security-profile ${sp}`);
  const cert = file('tls-cert');
  const key = file('tls-key');
  if (sp >= 2 && (!cert || !key)) throw new ConfigError('serve-csms', cert ? '--tls-key' : '--tls-cert', `is required with --security-profile ${sp}`);
  const stations = Object.fromEntries(need('station').split(',').map((id) => id.trim()).filter(Boolean).map((id) => [id, { password }]));
  return {
    host: v.get('host') ?? '127.0.0.1',
    port: port('port'),
    apiPort: port('api-port'),
    apiToken: fromEnv('api-token-env'),
    verbose,
    opts: {
      version,
      stations,
      securityProfile: sp,
      tls: sp >= 2 ? { cert, key, ca: file('tls-ca') } : undefined,
      idTags: idTagsFile(v.get('id-tags'), file('id-tags')),
      heartbeatInterval: num('heartbeat-interval', 300, (n) => Number.isInteger(n) && n > 0, 'a positive integer'),
      bootPending: num('boot-pending', 0, (n) => Number.isInteger(n) && n >= 0, 'a count') || undefined,
      faults: [],
      timeScale: num('time-scale', 1, (n) => n > 0 && n <= 1, 'a number in (0, 1]'),
    },
  };
}

const STATUSES = ['Accepted', 'Blocked', 'Expired', 'Invalid', 'ConcurrentTx'];

/** `--id-tags FILE`: token → {status, parentIdTag?, expiryDate?}; every problem named with its token. */
function idTagsFile(name: string | undefined, text: string | undefined): CsmsSutOptions['idTags'] {
  if (name === undefined || text === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(name, '', `is not JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError(name, '', 'must be an object: token → {status, parentIdTag?, expiryDate?}');
  const problems: ConfigError[] = [];
  for (const [token, info] of Object.entries(parsed as Record<string, { status?: unknown }>)) {
    if (!STATUSES.includes(String(info?.status))) problems.push(new ConfigError(name, `${token}.status`, `must be one of ${STATUSES.join(', ')}`));
  }
  if (problems.length) throw ConfigError.all(problems);
  return parsed as CsmsSutOptions['idTags'];
}

export async function main(argv: string[]): Promise<number> {
  let a: Args;
  try {
    a = parse(argv, process.env);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    console.log((e as Error).message);
    return 0;
  }
  const listenAt = { host: a.host, port: a.port, apiPort: a.apiPort, apiToken: a.apiToken };
  const start = a.opts.version === '1.6' ? startCsms16 : startCsms201;
  const csms = await start({ ...a.opts, listenAt });
  const api = (csms as { api?: { url: string; token: string } }).api;
  console.log(`ready ${csms.url} api ${api?.url ?? '-'}`);
  const token = a.apiToken ? 'from the environment' : api?.token;
  console.error(`evc serve-csms: reference OCPP ${a.opts.version} CSMS, security profile ${a.opts.securityProfile}, stations ${Object.keys(a.opts.stations).join(', ')}, ${Object.keys(a.opts.idTags).length} id tag(s), heartbeat ${a.opts.heartbeatInterval} s, timeScale ${a.opts.timeScale}; operator API ${api?.url} (token ${token})`);
  if (a.verbose) console.error(`evc serve-csms: listening on ${a.host}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await csms.stop();
  console.error('evc serve-csms: stopped');
  return 0;
}
