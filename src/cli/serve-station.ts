/**
 * `evc serve-station` — a test charging station as a long-lived process, like a real charger on a bench: our
 * reference station (src/reference/ocpp16|ocpp201) connects to a CSMS and boots once; if the socket drops it
 * reconnects WITHOUT a new BootNotification; it reboots only on an OCPP Reset or a power-cycle request on its
 * control API (src/reference/station-process/control-api.ts, the station-driver protocol in the README).
 * Runs until SIGINT/SIGTERM. Prints one line `ready <control URL>` on stdout once the control API listens.
 */
import { ConfigError } from '../core/errors';
import { startReferenceStation as startStation16 } from '../reference/ocpp16';
import { startReferenceStation as startStation201 } from '../reference/ocpp201';
import { type SimulatedBenchMapping, type SimulatedPilotBench, startSimulatedPilotBench } from '../reference/bench/index';
import type { StationMains, StationPilotAccess } from '../reference/ocpp16/station/types';
import { type StationBenchWiring, stationWiringExtras, wiringProblems } from '../reference/bench/station-wiring';
import { type SimulatedSwitchPort, startSimulatedSwitchPort } from '../reference/bench/switch-port';
import { ControlApi, type ServedStation } from '../reference/station-process/control-api';

const USAGE = `usage: evc serve-station --version 1.6|2.0.1 --csms ws://HOST:PORT/PATH --identity ID
                         [--connectors N] [--time-scale S] [--control-port P] [--conditions a,b,…]
                         [--security-profile 0|1 --password PW] [--vendor V] [--model M] [--verbose]
                         [--bench-pilot JSON [--bench-connector N] [--bench-wiring JSON]] [--state-e-error-code CODE]
                         [--switch-port PORT,CONTROL_PORT]
  --csms            the CSMS URL without the identity (the station appends /<identity>)
  --connectors      connectors (1.6) or EVSEs (2.0.1), default 2
  --time-scale      multiplier of the station's own intervals, default 1 (real time)
  --control-port    port of the HTTP control API on 127.0.0.1, default 0 (any free one)
  --conditions      hardware conditions the control API offers (default: all the station can simulate)
  --bench-pilot     simulated bench instruments (Modbus TCP + SCPI) wired to the EV end of a connector's pilot
                    line, listening where this JSON says (a rig's bench.pilot: modbus/scpi host, port, mapping)
  --bench-connector the connector they are wired to, default 1
  --bench-wiring    more of the simulated IO module: card coils onto the reader and the mains contactor
                    ({"cards":{"coils":{"20":"TOKEN"},"readers":{"40":1}},"mains":{"coil":48,"voltage":{…}}},
                    src/reference/bench/station-wiring.ts)
  --switch-port     the station reaches the CSMS through a simulated switch port: a TCP relay on 127.0.0.1:PORT
                    that 'down' / 'up' lines on 127.0.0.1:CONTROL_PORT cut and restore (scripts/sim-switch-port.mjs)
  --state-e-error-code  the error code reported for a CP short (pilot state E) nobody asked for, default OtherError`;

/** Conditions each reference station can simulate (src/reference/*\/station/types.ts StationSimulation). */
const CONDITIONS: Record<string, string[]> = {
  '1.6': ['lockFailure', 'unlockFailure', 'fixedCable', 'firmwareDownloadFails', 'firmwareInstallFails', 'uploadFails', 'invalidFirmwareSignature', 'rejectReservations'],
  '2.0.1': ['unlockFailure', 'firmwareDownloadFails', 'firmwareInstallFails', 'uploadFails', 'invalidFirmwareSignature'],
};

interface Args {
  version: '1.6' | '2.0.1';
  csms: string;
  identity: string;
  connectors: number;
  timeScale: number;
  controlPort: number;
  conditions: string[];
  securityProfile: 0 | 1;
  password?: string;
  vendor?: string;
  model?: string;
  verbose: boolean;
  benchPilot?: BenchPilotArg;
  benchConnector: number;
  benchWiring?: StationBenchWiring;
  switchPort?: { port: number; controlPort: number };
  stateEErrorCode?: string;
}

/** `--bench-pilot`: where the simulated instruments listen and how they are wired (a rig's bench.pilot). */
interface BenchPilotArg {
  host: string;
  modbusPort: number;
  scpiPort: number;
  mapping: SimulatedBenchMapping;
}

function benchPilotArg(text: string): BenchPilotArg {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new ConfigError('serve-station', '--bench-pilot', 'is not JSON');
  }
  const o = (v ?? {}) as { modbus?: Record<string, unknown>; scpi?: Record<string, unknown> };
  if (typeof o.modbus !== 'object' || typeof o.scpi !== 'object' || !o.modbus || !o.scpi) throw new ConfigError('serve-station', '--bench-pilot', 'needs modbus and scpi objects (the shape of a rig\'s bench.pilot)');
  const { host, port, timeoutMs: _t1, ...modbus } = o.modbus;
  const { host: scpiHost, port: scpiPort, timeoutMs: _t2, ...scpi } = o.scpi;
  void _t1;
  void _t2;
  if (host !== '127.0.0.1' || scpiHost !== '127.0.0.1') throw new ConfigError('serve-station', '--bench-pilot', `simulated instruments listen on 127.0.0.1 only (modbus.host '${String(host)}', scpi.host '${String(scpiHost)}')`);
  const portOf = (p: unknown, field: string) => {
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > 65535) throw new ConfigError('serve-station', `--bench-pilot ${field}`, `must be a port number (got ${JSON.stringify(p)})`);
    return p;
  };
  return { host, modbusPort: portOf(port, 'modbus.port'), scpiPort: portOf(scpiPort, 'scpi.port'), mapping: { modbus, scpi } as unknown as SimulatedBenchMapping };
}

function parse(argv: string[]): Args {
  const v = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new ConfigError('serve-station', a, 'unexpected argument');
    const [k, inline] = a.slice(2).split(/=(.*)/s, 2);
    if (k === 'verbose' || k === 'help') flags.add(k);
    else if (inline !== undefined) v.set(k, inline);
    else if (i + 1 < argv.length) v.set(k, argv[++i]);
    else throw new ConfigError('serve-station', `--${k}`, 'needs a value');
  }
  if (flags.has('help')) throw new Error(USAGE);
  const need = (k: string) => {
    const x = v.get(k);
    if (!x) throw new ConfigError('serve-station', `--${k}`, `is required\n${USAGE}`);
    return x;
  };
  const num = (k: string, dflt: number, ok: (n: number) => boolean, what: string) => {
    const x = v.get(k);
    if (x === undefined) return dflt;
    const n = Number(x);
    if (!ok(n)) throw new ConfigError('serve-station', `--${k}`, `must be ${what} (got '${x}')`);
    return n;
  };
  const version = need('version');
  if (version !== '1.6' && version !== '2.0.1') throw new ConfigError('serve-station', '--version', `must be 1.6 or 2.0.1 (got '${version}')`);
  const csms = need('csms');
  if (!/^wss?:\/\/[^/]+/.test(csms)) throw new ConfigError('serve-station', '--csms', `must be a ws:// or wss:// URL (got '${csms}')`);
  const offered = CONDITIONS[version];
  const conditions = v.has('conditions') ? (v.get('conditions') ?? '').split(',').map((s) => s.trim()).filter(Boolean) : offered;
  for (const c of conditions) if (!offered.includes(c)) throw new ConfigError('serve-station', '--conditions', `'${c}' is not a condition the ${version} station can simulate (${offered.join(', ')})`);
  const sp = num('security-profile', 0, (n) => n === 0 || n === 1, '0 or 1 (TLS profiles need certificates: not offered here)') as 0 | 1;
  if (sp === 1 && !v.get('password')) throw new ConfigError('serve-station', '--password', 'is required with --security-profile 1');
  return {
    version,
    csms,
    identity: need('identity'),
    connectors: num('connectors', 2, (n) => Number.isInteger(n) && n >= 1 && n <= 16, 'an integer 1..16'),
    timeScale: num('time-scale', 1, (n) => n > 0 && n <= 1, 'a number in (0, 1]'),
    controlPort: num('control-port', 0, (n) => Number.isInteger(n) && n >= 0 && n < 65536, 'a port number'),
    conditions,
    securityProfile: sp,
    password: v.get('password'),
    vendor: v.get('vendor'),
    model: v.get('model'),
    verbose: flags.has('verbose'),
    benchPilot: v.has('bench-pilot') ? benchPilotArg(v.get('bench-pilot') ?? '') : undefined,
    benchConnector: num('bench-connector', 1, (n) => Number.isInteger(n) && n >= 1 && n <= 16, 'an integer 1..16'),
    benchWiring: v.has('bench-wiring') ? benchWiringArg(v.get('bench-wiring') ?? '') : undefined,
    switchPort: v.has('switch-port') ? switchPortArg(v.get('switch-port') ?? '') : undefined,
    stateEErrorCode: v.get('state-e-error-code'),
  };
}

function benchWiringArg(text: string): StationBenchWiring {
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as StationBenchWiring;
  } catch {
    // reported below
  }
  throw new ConfigError('serve-station', '--bench-wiring', 'is not a JSON object');
}

function switchPortArg(text: string): { port: number; controlPort: number } {
  const m = /^(\d{1,5}),(\d{1,5})$/.exec(text.trim());
  const ok = (n: number) => n >= 0 && n < 65536;
  if (!m || !ok(Number(m[1])) || !ok(Number(m[2]))) throw new ConfigError('serve-station', '--switch-port', `must be PORT,CONTROL_PORT (got '${text}')`);
  return { port: Number(m[1]), controlPort: Number(m[2]) };
}

/** Starts the simulated switch port (if asked) and gives the CSMS URL the station then uses. */
async function switchPortFor(a: Args): Promise<{ sw?: SimulatedSwitchPort; csms: string }> {
  if (!a.switchPort) return { csms: a.csms };
  const u = new URL(a.csms);
  const target = { host: u.hostname, port: Number(u.port) || (u.protocol === 'wss:' ? 443 : 80) };
  const log = (line: string) => console.error(`${new Date().toISOString()} bench: ${line}`);
  let sw: SimulatedSwitchPort;
  try {
    sw = await startSimulatedSwitchPort({ port: a.switchPort.port, controlPort: a.switchPort.controlPort, target, log });
  } catch (e) {
    throw new ConfigError('serve-station', '--switch-port', `cannot listen: ${(e as Error).message}`);
  }
  u.hostname = '127.0.0.1';
  u.port = String(sw.port);
  return { sw, csms: u.toString().replace(/\/$/, '') };
}

async function startStation(a: Args): Promise<ServedStation & { stop(): Promise<void>; pilot?: StationPilotAccess; mains: StationMains }> {
  const log = a.verbose ? (dir: 'in' | 'out', text: string) => console.error(`${new Date().toISOString()} ${dir === 'out' ? '→' : '←'} ${text}`) : undefined;
  const opts = {
    version: a.version,
    csmsUrl: a.csms,
    identity: a.identity,
    securityProfile: a.securityProfile,
    password: a.password,
    connectors: a.connectors,
    faults: [],
    timeScale: a.timeScale,
    vendor: a.vendor,
    model: a.model,
    // like a real charger: a CSMS that is not there yet is retried with back-off, never a reason to exit
    keepTrying: true,
    onFrame: log,
    stateEErrorCode: a.stateEErrorCode,
  };
  return a.version === '1.6' ? startStation16(opts) : startStation201(opts);
}

export async function main(argv: string[]): Promise<number> {
  let a: Args;
  try {
    a = parse(argv);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    console.log((e as Error).message);
    return 0;
  }
  if (a.benchPilot && a.benchConnector > a.connectors) throw new ConfigError('serve-station', '--bench-connector', `${a.benchConnector} is not one of the ${a.connectors} connector(s)`);
  if (a.benchWiring && !a.benchPilot) throw new ConfigError('serve-station', '--bench-wiring', 'needs --bench-pilot (the IO module it extends)');
  const wiringIssues = a.benchWiring ? wiringProblems(a.benchWiring, a.connectors) : [];
  if (wiringIssues.length) throw ConfigError.all(wiringIssues.map((m) => new ConfigError('serve-station', `--bench-wiring ${m.split(' ')[0]}`, m.slice(m.indexOf(' ') + 1))));
  const { sw, csms } = await switchPortFor(a);
  a.csms = csms;
  const station = await startStation(a).catch(async (e: unknown) => {
    await sw?.stop();
    throw e;
  });
  let bench: SimulatedPilotBench | undefined;
  if (a.benchPilot) {
    const pilot = station.pilot;
    if (!pilot) {
      await station.stop();
      await sw?.stop();
      throw new ConfigError('serve-station', '--bench-pilot', `the OCPP ${a.version} reference station has no pilot lines yet`);
    }
    try {
      const log = (line: string) => console.error(`${new Date().toISOString()} bench: ${line}`);
      const extras = a.benchWiring ? stationWiringExtras(station, a.benchWiring, log) : undefined;
      bench = await startSimulatedPilotBench({ ev: pilot.evPort(a.benchConnector), mapping: a.benchPilot.mapping, host: a.benchPilot.host, modbusPort: a.benchPilot.modbusPort, scpiPort: a.benchPilot.scpiPort, extras });
    } catch (e) {
      await station.stop();
      await sw?.stop();
      throw new ConfigError('serve-station', '--bench-pilot', `cannot start the simulated instruments: ${(e as Error).message}`);
    }
    pilot.detachEv(a.benchConnector);
  }
  const api = new ControlApi(station, {
    identity: a.identity,
    version: a.version,
    connectors: a.connectors,
    conditions: a.conditions,
    port: a.controlPort,
    log: a.verbose ? (line) => console.error(`${new Date().toISOString()} control: ${line}`) : undefined,
  });
  let url: string;
  try {
    url = await api.start();
  } catch (e) {
    await bench?.stop();
    await station.stop();
    await sw?.stop();
    throw new ConfigError('serve-station', '--control-port', `cannot listen on ${a.controlPort}: ${(e as Error).message}`);
  }
  console.log(`ready ${url}`);
  console.error(`evc serve-station: OCPP ${a.version} station '${a.identity}' (${a.connectors} connector(s), timeScale ${a.timeScale}) → ${a.csms}; control API ${url}`);
  if (sw) console.error(`evc serve-station: the station reaches the CSMS through a simulated switch port (relay 127.0.0.1:${sw.port}, control 127.0.0.1:${sw.controlPort})`);
  if (bench) console.error(`evc serve-station: simulated bench on connector ${a.benchConnector}'s pilot line: Modbus TCP ${bench.modbus.host}:${bench.modbus.port}, SCPI ${bench.scpi.host}:${bench.scpi.port}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await api.stop();
  await bench?.stop();
  await station.stop();
  await sw?.stop();
  return 0;
}
