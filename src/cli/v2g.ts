/**
 * evc v2g — find a charger by SDP, or run one V2G session as the EVCC (against a real SECC) or as the SECC
 * (for a real EVCC), printing each message with its direction, name, ResponseCode and how long it took.
 */
import fs from 'node:fs';
import { ConfigError, EvcError, VerdictError } from '../core/errors';
import { formatFrame, type Frame, Trace } from '../core/trace';
import { createSimulatedLine } from '../iec61851/line/simulated';
import { refEvccConfig, refSeccConfig, REF_EVCC_OFFERS, startReferenceEvcc, startReferenceSecc } from '../reference/v2g/index';
import { v2gLimits } from '../v2g/harness';
import type { EnergyMode, PaymentOption, V2gStandard } from '../v2g/messages/types';
import { V2G_STANDARDS } from '../v2g/messages/types';
import type { V2gRoleContextBase } from '../v2g/roles/context';
import { EvccDriver } from '../v2g/roles/evcc';
import { evccProcedure, seccProcedure } from '../v2g/roles/registry';
import { SeccDriver } from '../v2g/roles/secc';
import { V2G_TIMERS } from '../v2g/timers';
import { ISO2_TLS, type V2gTlsOptions } from '../v2g/transport/connection';
import { discoverSecc, SDP_MULTICAST, SDP_PORT } from '../v2g/transport/sdp';
import { disposeRunV2gPki, runV2gPki } from '../transport/tls/run-v2g-pki';
import type { V2gPki } from '../transport/tls/v2g-pki';

const HELP = `usage: evc v2g <discover|evcc|secc> [options]

  discover   send SDP requests and print the SECC's answer (address, port, security)
  evcc       play the EVCC: SDP, TCP/TLS, SupportedAppProtocol, one full session against a SECC
  secc       play the SECC: answer SDP, listen, one full session with an EVCC that connects

Each message is printed with direction, name, ResponseCode and the time since the message it answers.
Exit status: 0 session complete (discover: answered), 1 a check failed / no answer, 2 usage error.

options:
  --standard <s>          din70121 | iso15118-2 | iso15118-20 (evcc, secc; default iso15118-2)
  --energy <AC|DC>        energy transfer mode (default DC)
  --payment <EIM|PnC>     payment option (default EIM)
  --tls                   TLS (ISO 15118-2: TLS 1.2 ECDHE-ECDSA-AES128-SHA256; -20: TLS 1.3); -20 always uses TLS
  --ca <file>             evcc: trust anchor(s) of the SECC chain (V2G root, PEM); secc: OEM root for -20 client certificates
  --cert <file> --key <file>
                          secc: the SECC chain and key it presents; evcc (-20): the vehicle certificate
  --address <addr>        discover/evcc: where SDP requests go (default ${SDP_MULTICAST}); secc: listen address (default ::)
  --port <n>              discover/evcc: SDP port (default ${SDP_PORT}); secc: TCP port (default 0: any)
  --sdp-port <n>          secc: SDP port it answers on (default ${SDP_PORT})
  --interface <if>        network interface of the PLC modem (needed with a link-local / multicast address)
  --timer <name>=<ms>     override a V2G timer (repeatable; names: src/v2g/timers.ts)
  --id <id>               the EVCCID (evcc) or EVSEID (secc) the harness presents
  --values <file>         JSON object of session values (EV / EVSE limits) for the procedure
  --reference             run against the built-in reference SECC / EVCC on loopback (no device needed)
  --fault <a,b>           faults of the --reference SUT (v2g-secc / v2g-evcc catalogue names, bare)
  --trace                 print the whole frame trace at the end
  --save <base>           write the trace as <base>.ndjson
  --json                  print the exchanged messages as JSON

examples:
  evc v2g discover --interface eth1
  evc v2g evcc --standard din70121 --energy DC --interface eth1
  evc v2g secc --standard iso15118-2 --energy AC --interface eth1
  evc v2g evcc --reference --standard iso15118-2 --energy AC`;

type Mode = 'discover' | 'evcc' | 'secc';

export interface V2gArgs {
  mode: Mode;
  standard: V2gStandard;
  energy: EnergyMode;
  payment: PaymentOption;
  tls: boolean;
  ca?: string;
  cert?: string;
  key?: string;
  address?: string;
  port?: number;
  sdpPort?: number;
  iface?: string;
  timers: Record<string, number>;
  id?: string;
  values?: string;
  reference: boolean;
  faults: string[];
  trace: boolean;
  save?: string;
  json: boolean;
}

const WHO = 'evc v2g';

function int(v: string | undefined, flag: string, max = Number.MAX_SAFE_INTEGER): number {
  if (v === undefined) throw new ConfigError(WHO, flag, 'missing value');
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new ConfigError(WHO, flag, `not a whole number 0..${max}: '${v}'`);
  return n;
}

function oneOf<T extends string>(v: string | undefined, flag: string, allowed: readonly T[]): T {
  if (v === undefined) throw new ConfigError(WHO, flag, 'missing value');
  if (!allowed.includes(v as T)) throw new ConfigError(WHO, flag, `'${v}' is not one of ${allowed.join(', ')}`);
  return v as T;
}

function file(v: string | undefined, flag: string): string {
  if (v === undefined) throw new ConfigError(WHO, flag, 'missing value');
  if (!fs.existsSync(v)) throw new ConfigError(WHO, flag, `${v}: file not found`);
  return v;
}

/** Every problem of the command line (one ConfigError line each). */
export function parseArgs(argv: string[]): V2gArgs {
  const problems: ConfigError[] = [];
  const mode = argv[0];
  const a: V2gArgs = { mode: 'discover', standard: 'iso15118-2', energy: 'DC', payment: 'EIM', tls: false, timers: {}, reference: false, faults: [], trace: false, json: false };
  if (mode !== 'discover' && mode !== 'evcc' && mode !== 'secc') throw new ConfigError(WHO, 'command', `'${mode ?? ''}' is not one of discover, evcc, secc`);
  a.mode = mode;
  for (let i = 1; i < argv.length; i++) {
    const f = argv[i];
    const next = () => argv[++i];
    try {
      switch (f) {
        case '--standard': a.standard = oneOf(next(), f, V2G_STANDARDS); break;
        case '--energy': a.energy = oneOf(next(), f, ['AC', 'DC'] as const); break;
        case '--payment': a.payment = oneOf(next(), f, ['EIM', 'PnC'] as const); break;
        case '--tls': a.tls = true; break;
        case '--ca': a.ca = file(next(), f); break;
        case '--cert': a.cert = file(next(), f); break;
        case '--key': a.key = file(next(), f); break;
        case '--address': a.address = next(); if (!a.address) throw new ConfigError(WHO, f, 'missing value'); break;
        case '--port': a.port = int(next(), f, 65535); break;
        case '--sdp-port': a.sdpPort = int(next(), f, 65535); break;
        case '--interface': a.iface = next(); if (!a.iface) throw new ConfigError(WHO, f, 'missing value'); break;
        case '--timer': {
          const m = /^([A-Za-z0-9]+)=(\d+)$/.exec(next() ?? '');
          if (!m) throw new ConfigError(WHO, f, 'expected <name>=<ms>');
          if (!(m[1] in V2G_TIMERS)) throw new ConfigError(WHO, f, `'${m[1]}' is not a V2G timer (known: ${Object.keys(V2G_TIMERS).join(', ')})`);
          a.timers[m[1]] = Number(m[2]);
          break;
        }
        case '--id': a.id = next(); if (!a.id) throw new ConfigError(WHO, f, 'missing value'); break;
        case '--values': a.values = file(next(), f); break;
        case '--reference': a.reference = true; break;
        case '--fault': case '--faults': a.faults.push(...(next() ?? '').split(',').map((s) => s.trim()).filter(Boolean)); break;
        case '--trace': a.trace = true; break;
        case '--save': a.save = next(); if (!a.save) throw new ConfigError(WHO, f, 'missing value'); break;
        case '--json': a.json = true; break;
        default: throw new ConfigError(WHO, f, `unknown option (see evc v2g --help)`);
      }
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(e);
    }
  }
  if (a.standard === 'din70121' && a.tls) problems.push(new ConfigError(WHO, '--tls', 'DIN 70121 has no TLS'));
  if ((a.cert === undefined) !== (a.key === undefined)) problems.push(new ConfigError(WHO, '--cert/--key', 'give both or neither'));
  if (a.faults.length && !a.reference) problems.push(new ConfigError(WHO, '--fault', 'faults need --reference'));
  if (!a.reference && a.mode === 'secc' && usesTls(a) && !a.cert) problems.push(new ConfigError(WHO, '--cert', 'a TLS SECC presents a chain: give --cert and --key'));
  if (!a.reference && a.mode !== 'secc' && usesTls(a) && !a.ca) problems.push(new ConfigError(WHO, '--ca', 'a TLS EVCC checks the SECC chain: give --ca (the V2G root)'));
  const addr = a.address ?? (a.mode === 'secc' ? '::' : SDP_MULTICAST);
  if (!a.reference && /^(ff02:|fe80:)/i.test(addr) && !a.iface && a.mode !== 'secc') problems.push(new ConfigError(WHO, '--interface', `is required with the link-local address ${addr} (the PLC modem's interface)`));
  if (problems.length) throw ConfigError.all(problems);
  return a;
}

function usesTls(a: V2gArgs): boolean {
  return a.standard !== 'din70121' && (a.tls || a.payment === 'PnC' || a.standard === 'iso15118-20');
}

/** One printed line per V2G/SDP frame: time, direction, name (+ ResponseCode), time since the frame it answers. */
function printer(side: 'evcc' | 'secc', json: boolean) {
  let lastTx: number | undefined;
  let lastRx: number | undefined;
  return (f: Frame) => {
    if (f.protocol !== 'v2g' && f.protocol !== 'sdp') return;
    if (f.dir === 'note') {
      console.log(`${(f.tUs / 1000).toFixed(1).padStart(9)} ms  ·  ${f.summary ?? ''}`);
      return;
    }
    const harnessIs = side === 'evcc' ? ['EVCC', 'SECC'] : ['SECC', 'EVCC'];
    const [from, to] = f.dir === 'tx' ? harnessIs : [...harnessIs].reverse();
    const prev = f.dir === 'tx' ? lastRx : lastTx;
    const took = prev !== undefined && (side === 'evcc') === (f.dir === 'rx') ? `  (+${((f.tUs - prev) / 1000).toFixed(1)} ms)` : '';
    if (f.dir === 'tx') lastTx = f.tUs;
    else lastRx = f.tUs;
    if (json) console.log(JSON.stringify({ tMs: f.tUs / 1000, from, to, summary: f.summary, decoded: f.decoded, problems: f.problems }));
    else console.log(`${(f.tUs / 1000).toFixed(1).padStart(9)} ms  ${from} → ${to}  ${f.summary ?? ''}${took}${f.problems ? `  !! ${f.problems.join('; ')}` : ''}`);
  };
}

function base(a: V2gArgs, trace: Trace, side: 'evcc' | 'secc'): V2gRoleContextBase {
  const values = a.values ? (JSON.parse(fs.readFileSync(a.values, 'utf8')) as Record<string, unknown>) : {};
  const tls = !usesTls(a) ? 'none' : a.standard === 'iso15118-20' ? 'tls13' : 'tls12';
  return {
    trace,
    channel: `v2g:${side}`,
    standard: a.standard,
    energy: a.energy,
    payment: a.payment,
    tls,
    limits: v2gLimits(false, a.timers, a.reference ? 'built-in reference' : 'command line'),
    connectMs: 5000,
    expectMs: 8000,
    params: { energy: a.energy, payment: a.payment, ownId: a.id ?? (side === 'evcc' ? '02EC00000001' : 'DE*EVC*E0000099*1'), values },
    pics: undefined,
    picsSource: 'command line',
    rigName: 'command line',
  };
}

function tlsOptions(a: V2gArgs, o: Omit<V2gTlsOptions, 'version'>): V2gTlsOptions {
  if (a.standard === 'iso15118-20') return { version: 'TLSv1.3', ...o };
  return { version: 'TLSv1.2', ciphers: ISO2_TLS.ciphers, ecdhCurve: ISO2_TLS.ecdhCurve, ...o };
}

/** The per-run V2G PKI for TLS against the built-in reference (its temp dir removed when the command ends). */
async function referencePki(stops: (() => Promise<void>)[]): Promise<V2gPki> {
  const pki = await runV2gPki();
  stops.unshift(() => disposeRunV2gPki());
  return pki;
}

async function run(a: V2gArgs, trace: Trace, stops: (() => Promise<void>)[]): Promise<void> {
  const read = (f?: string) => (f ? fs.readFileSync(f, 'utf8') : undefined);
  if (a.mode === 'secc') {
    const ctx = base(a, trace, 'secc');
    const line = a.reference ? createSimulatedLine({ name: 'pilot:cli' }) : undefined;
    if (line) stops.push(() => line.close());
    const pki = a.reference && ctx.tls !== 'none' ? await referencePki(stops) : undefined;
    const own = pki
      ? { ca: [pki.oemRoot.cert], cert: pki.seccChainPem, key: pki.secc.key, requestCert: ctx.tls === 'tls13' }
      : { ca: a.ca ? [read(a.ca)!] : [], cert: read(a.cert), key: read(a.key), requestCert: ctx.tls === 'tls13' && a.ca !== undefined };
    const driver = new SeccDriver({
      ...ctx,
      listen: { address: a.reference ? '::1' : (a.address ?? '::'), port: a.port ?? 0, sdpAddress: a.reference ? '::1' : '::', sdpPort: a.reference ? 0 : (a.sdpPort ?? SDP_PORT), interface: a.iface },
      tlsOptions: ctx.tls === 'none' ? undefined : tlsOptions(a, own),
      pilot: line?.evse,
      procedureFor: seccProcedure,
    });
    stops.push(() => driver.dispose());
    await driver.ready();
    const at = driver.address;
    console.log(`SECC listening on [${at.host}]:${at.port}, SDP on port ${at.sdpPort}; waiting for an EVCC (${ctx.limits.explain('seccCommunicationSetup')})`);
    if (a.reference) {
      const ref = await startReferenceEvcc({ sdp: { address: at.sdpAddress, port: at.sdpPort }, offer: [...REF_EVCC_OFFERS.default], config: refEvccConfig('default', a.energy, a.payment), tls: ctx.tls, pki, faults: a.faults, variant: 'default', limitMs: (t) => ctx.limits.ms(t as keyof typeof V2G_TIMERS), pilot: line!.ev });
      stops.push(() => ref.stop());
    }
    await driver.runToEnd();
    await driver.expectClosedWithin('seccSequence');
    return;
  }
  const ctx = base(a, trace, 'evcc');
  let sdp = { address: a.address ?? SDP_MULTICAST, port: a.port ?? SDP_PORT, interface: a.iface };
  const line = a.reference ? createSimulatedLine({ name: 'pilot:cli' }) : undefined;
  if (line) stops.push(() => line.close());
  let trust: Omit<V2gTlsOptions, 'version'> | undefined = ctx.tls === 'none' ? undefined : { ca: a.ca ? [read(a.ca)!] : [], cert: read(a.cert), key: read(a.key) };
  if (a.reference) {
    const pki = ctx.tls !== 'none' ? await referencePki(stops) : undefined;
    if (pki) trust = ctx.tls === 'tls13' ? { ca: [pki.v2gRoot.cert], cert: pki.vehicle.cert, key: pki.vehicle.key } : { ca: [pki.v2gRoot.cert] };
    const ref = await startReferenceSecc({ address: '::1', standards: [...V2G_STANDARDS], config: refSeccConfig('default'), tls: ctx.tls, pki, faults: a.faults, variant: 'default', limitMs: (t) => ctx.limits.ms(t as keyof typeof V2G_TIMERS), pilot: line!.evse });
    stops.push(() => ref.stop());
    sdp = { address: ref.address, port: ref.sdpPort, interface: undefined };
  }
  const security = ctx.tls === 'none' ? 'tcp' : 'tls';
  if (a.mode === 'discover') {
    const d = await discoverSecc({ ...sdp, security, retryIntervalMs: ctx.limits.ms('sdpRetryInterval'), maxAttempts: ctx.limits.ms('sdpRetries'), trace, channel: 'sdp' });
    console.log(`SECC at [${d.answer.address}]:${d.answer.port} security=${d.answer.security} transport=${d.answer.transport} after ${d.attempts} request(s), ${((d.responseUs - d.requestsUs[d.requestsUs.length - 1]) / 1000).toFixed(1)} ms after the last`);
    return;
  }
  const driver = new EvccDriver({
    ...ctx,
    sdp: { ...sdp, security },
    tlsOptions: trust ? tlsOptions(a, trust) : undefined,
    pilot: line?.ev,
    procedureFor: evccProcedure,
  });
  stops.push(() => driver.dispose());
  await driver.completeSession();
}

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return argv.length === 0 ? 2 : 0;
  }
  let a: V2gArgs;
  try {
    a = parseArgs(argv);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`${e.lines.map((l) => `evc: ${l}`).join('\n')}\n(run evc v2g --help)`);
      return 2;
    }
    throw e;
  }
  const trace = new Trace();
  const unsubscribe = trace.subscribe(printer(a.mode === 'secc' ? 'secc' : 'evcc', a.json));
  const stops: (() => Promise<void>)[] = [];
  let code = 0;
  try {
    await run(a, trace, stops);
    console.log(a.mode === 'discover' ? 'discovered' : 'session complete');
  } catch (e) {
    if (!(e instanceof EvcError)) throw e;
    code = 1;
    console.error(e instanceof VerdictError ? `FAILED: ${e.headline}` : `FAILED: ${e.message}`);
  } finally {
    unsubscribe();
    while (stops.length) await stops.pop()!().catch(() => undefined);
  }
  if (a.trace) console.log(trace.frames.map(formatFrame).join('\n'));
  if (a.save) {
    fs.writeFileSync(`${a.save}.ndjson`, trace.toNdjson());
    console.log(`trace written: ${a.save}.ndjson`);
  }
  return code;
}
