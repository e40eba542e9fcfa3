/**
 * The bench's relay and command channels for the station actions the pilot line cannot make (rig `bench`):
 *
 *   cards    `bench.cards.coils`: id tag (a value or `${idTag.<role>}`, resolved from the rig's id tags) →
 *            the coil of the relay that holds that card (or switches its emulator's antenna) to the reader;
 *            presenting it switches the coil on (the step goes on once it is) and off `holdMs` later. `readers`: connector → the coil that routes the
 *            antenna to that connector's reader (on around the pulse). A tag with no coil, or a connector
 *            with no reader coil when readers are declared, is not automatable (the step names the tag and
 *            the field).
 *   mains    `bench.mains`: the station's mains contactor coil (on = powered). A power cycle opens it, waits
 *            until the supply voltage (`voltage`, a register of the bench's power meter) reads below 50 V,
 *            keeps it open `offMs`, closes it and waits until the voltage is back (each wait bounded by
 *            `timeoutMs`); otherwise it fails naming the coil and what the meter read.
 *   network  `bench.network.down` / `up`: argv arrays run with execFile (no shell) in the project directory,
 *            bounded by `timeoutMs`; a non-zero exit fails quoting its stderr. goOffline(ms) restores after ms.
 *
 * Every Modbus request goes through src/iec61851/line/bench/modbus.ts (its frames in the scenario trace), on
 * the IO module of `bench.pilot.modbus` (host, port, unit id, timeout).
 */
import { execFile } from 'node:child_process';
import { ConfigError, EvcError } from '../core/errors';
import { PROJECT_ROOT } from '../core/load';
import type { Trace } from '../core/trace';
import { BenchInstrumentError, ModbusInstrument } from '../iec61851/line/bench/modbus';
import { resolveIdTags } from '../ocpp/id-tags';
import { NotAutomatableError } from './not-automatable';
import type { BenchMainsConfig, BenchNetworkConfig, RigConfig } from './types';

/** A bench channel was asked to act and the bench did not do it (or did not show it done). */
export class BenchActionError extends EvcError {}

export const MAINS_OFF_BELOW_V = 50;
const DEFAULT_HOLD_MS = 500;
const DEFAULT_OFF_MS = 2000;
const DEFAULT_NETWORK_TIMEOUT_MS = 10_000;

interface Card {
  coil: number;
  /** The rig's key for it (`${idTag.valid}` …), for messages. */
  key: string;
}

export interface BenchChannelsOptions {
  rig: string;
  /** Bound of each wait for the bench to show an action (iec61851 expect). */
  expectMs: number;
  pollMs: number;
  trace?: Trace;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one configured command; resolves on exit 0, else rejects quoting stderr. */
export function runBenchCommand(argv: readonly string[], field: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(argv[0], argv.slice(1), { cwd: PROJECT_ROOT, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (!err) return resolve(String(stdout).trim());
      const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
      const quoted = String(stderr).trim().split('\n').slice(-5).join(' | ') || '(no stderr)';
      const how = e.killed ? `did not finish within ${timeoutMs} ms` : typeof e.code === 'number' ? `exited ${e.code}` : `could not run (${e.message})`;
      reject(new BenchActionError(`${field} [${argv.join(' ')}] ${how}: ${quoted}`));
    });
  });
}

export class BenchChannels {
  private networkDown = false;
  private restoreTimer?: NodeJS.Timeout;
  private restoreFailure?: Error;
  private mainsOpen = false;

  private constructor(
    private readonly io: ModbusInstrument | undefined,
    private readonly cards: Map<string, Card> | undefined,
    private readonly readers: Map<number, number>,
    private readonly holdMs: number,
    private readonly mains: BenchMainsConfig | undefined,
    private readonly network: BenchNetworkConfig | undefined,
    private readonly o: BenchChannelsOptions,
  ) {}

  /** The channels a rig declares (undefined when it declares none); opens the IO module when a coil is used. */
  static async open(cfg: RigConfig, o: BenchChannelsOptions): Promise<BenchChannels | undefined> {
    const b = cfg.bench;
    if (!b?.cards && !b?.mains && !b?.network) return undefined;
    let io: ModbusInstrument | undefined;
    if (b.cards || b.mains) {
      const m = (b.pilot as { modbus?: { host: string; port?: number; unitId?: number; timeoutMs?: number } } | undefined)?.modbus;
      if (!m) throw new BenchActionError(`rig '${o.rig}': bench.cards / bench.mains need the IO module of bench.pilot.modbus`);
      try {
        io = await ModbusInstrument.open(m.host, m.port ?? 502, m.unitId ?? 1, m.timeoutMs ?? 1000);
      } catch (e) {
        throw new BenchActionError(`rig '${o.rig}': the IO module of bench.cards / bench.mains (bench.pilot.modbus ${m.host}:${m.port ?? 502}) is unreachable: ${(e as Error).message}`);
      }
      io.useTrace(o.trace);
    }
    const tags = resolveIdTags(cfg.ocpp?.station?.idTags);
    const cards = b.cards ? new Map(Object.entries(b.cards.coils).map(([key, coil]) => [resolveCardKey(key, tags), { coil, key }])) : undefined;
    const readers = new Map(Object.entries(b.cards?.readers ?? {}).map(([c, coil]) => [Number(c), coil]));
    const ch = new BenchChannels(io, cards, readers, b.cards?.holdMs ?? DEFAULT_HOLD_MS, b.mains, b.network, o);
    if (b.mains) {
      // a power cycle an earlier run left half done: the station is powered before the scenario starts
      try {
        await ch.writeCoil(b.mains.coil, true, 'bench.mains.coil', 'mains contactor closed (station powered)');
      } catch (e) {
        await io?.close();
        throw new BenchActionError(`rig '${o.rig}': closing the mains contactor (bench.mains.coil ${b.mains.coil}) before the scenario failed: ${(e as Error).message}`);
      }
    }
    return ch;
  }

  get hasCards(): boolean {
    return this.cards !== undefined;
  }
  get hasMains(): boolean {
    return this.mains !== undefined;
  }
  get hasNetwork(): boolean {
    return this.network !== undefined;
  }

  private async writeCoil(coil: number, on: boolean, field: string, what: string): Promise<void> {
    this.o.trace?.note('harness', `bench: ${what} (coil ${coil} = ${on ? 1 : 0})`);
    await this.io!.writeCoil(coil, on, field);
  }

  /**
   * Holds the card to the reader: resolves once its coil is on (the card is read at that moment, as at a real
   * reader); it is taken away `holdMs` later while the scenario goes on. The next card, and the end of the
   * scenario, wait for that removal and report its failure.
   */
  async presentIdTag(idTag: string, connector?: number): Promise<void> {
    await this.cardRemoved();
    const card = this.cards!.get(idTag);
    const at = connector === undefined ? '' : ` at connector ${connector}`;
    if (!card) {
      throw new NotAutomatableError(`presenting id tag '${idTag}'${at} needs an operator: rig '${this.o.rig}' has no card coil for it (bench.cards.coils; it maps ${[...this.cards!.keys()].map((t) => `'${t}'`).join(', ') || 'none'})`);
    }
    const reader = connector === undefined ? undefined : this.readers.get(connector);
    if (connector !== undefined && this.readers.size > 0 && reader === undefined) {
      throw new NotAutomatableError(`presenting id tag '${idTag}'${at} needs an operator: rig '${this.o.rig}' has no reader coil for connector ${connector} (bench.cards.readers.${connector})`);
    }
    const field = `bench.cards.coils["${card.key}"]`;
    const fail = (e: unknown) => new BenchActionError(`presenting id tag '${idTag}'${at} on rig '${this.o.rig}': card coil ${card.coil} (${field}) failed: ${(e as Error).message}`);
    const readerField = `bench.cards.readers.${connector}`;
    const takeAway = async () => {
      try {
        await this.writeCoil(card.coil, false, field, `card '${idTag}' taken away`);
      } finally {
        if (reader !== undefined) await this.writeCoil(reader, false, readerField, 'antenna back');
      }
    };
    try {
      if (reader !== undefined) await this.writeCoil(reader, true, readerField, `antenna routed to the reader of connector ${connector}`);
      await this.writeCoil(card.coil, true, field, `card '${idTag}' held to the reader`);
    } catch (e) {
      await takeAway().catch(() => undefined);
      throw fail(e);
    }
    this.removal = sleep(this.holdMs)
      .then(takeAway)
      .catch((e: unknown) => {
        this.removalFailure = fail(e);
      });
  }

  private removal?: Promise<void>;
  private removalFailure?: Error;

  /** Waits until the last card is off the reader; its removal's failure is thrown here. */
  private async cardRemoved(): Promise<void> {
    await this.removal;
    this.removal = undefined;
    const f = this.removalFailure;
    this.removalFailure = undefined;
    if (f) throw f;
  }

  /** Reads the supply voltage (V) from the power meter's register. */
  private async volts(): Promise<number> {
    const v = this.mains!.voltage;
    const r = await this.io!.readRegisters(v.table ?? 'input', v.register, 1, 'bench.mains.voltage');
    const raw = r.value[0];
    return (v.signed && raw > 0x7fff ? raw - 0x10000 : raw) * v.scale;
  }

  private async waitVolts(off: boolean, what: string): Promise<void> {
    const m = this.mains!;
    const limit = m.timeoutMs ?? this.o.expectMs;
    const until = Date.now() + limit;
    let v = await this.volts();
    while ((off ? v >= MAINS_OFF_BELOW_V : v < MAINS_OFF_BELOW_V) && Date.now() < until) {
      await sleep(this.o.pollMs);
      v = await this.volts();
    }
    if (off ? v >= MAINS_OFF_BELOW_V : v < MAINS_OFF_BELOW_V) {
      throw new BenchActionError(`power cycle on rig '${this.o.rig}': ${what} (mains contactor coil ${m.coil}, bench.mains.coil), but the supply still reads ${v.toFixed(1)} V after ${limit} ms (bench.mains.voltage register ${m.voltage.register}; ${off ? 'below' : 'at least'} ${MAINS_OFF_BELOW_V} V expected)`);
    }
    this.o.trace?.note('harness', `bench: supply reads ${v.toFixed(1)} V (${off ? 'power cut' : 'power back'})`);
  }

  /** Opens the mains contactor, checks the power is gone, keeps it off `offMs`, closes it, checks it is back. */
  async powerCycle(): Promise<void> {
    const m = this.mains!;
    try {
      this.mainsOpen = true;
      await this.writeCoil(m.coil, false, 'bench.mains.coil', 'mains contactor opened (power cut)');
      await this.waitVolts(true, 'the contactor was opened');
      await sleep(m.offMs ?? DEFAULT_OFF_MS);
      await this.writeCoil(m.coil, true, 'bench.mains.coil', 'mains contactor closed (power back)');
      this.mainsOpen = false;
      await this.waitVolts(false, 'the contactor was closed');
    } catch (e) {
      if (e instanceof BenchActionError) throw e;
      if (e instanceof BenchInstrumentError) throw new BenchActionError(`power cycle on rig '${this.o.rig}' through the mains contactor (bench.mains.coil ${m.coil}) failed: ${e.message}`);
      throw e;
    }
  }

  private async command(which: 'down' | 'up'): Promise<void> {
    const n = this.network!;
    this.o.trace?.note('harness', `bench: network ${which}: ${n[which].join(' ')}`);
    const out = await runBenchCommand(n[which], `taking the station's network ${which} (bench.network.${which})`, n.timeoutMs ?? DEFAULT_NETWORK_TIMEOUT_MS);
    if (out) this.o.trace?.note('harness', `bench: network ${which}: ${out.slice(0, 200)}`);
    this.networkDown = which === 'down';
  }

  async goOffline(ms?: number): Promise<void> {
    clearTimeout(this.restoreTimer);
    await this.command('down');
    if (ms === undefined) return;
    this.restoreTimer = setTimeout(() => {
      this.restoreTimer = undefined;
      this.command('up').catch((e: Error) => {
        this.restoreFailure = e;
        this.o.trace?.note('harness', `bench: ${e.message}`);
      });
    }, ms);
  }

  async goOnline(): Promise<void> {
    clearTimeout(this.restoreTimer);
    this.restoreTimer = undefined;
    this.throwRestoreFailure();
    await this.command('up');
  }

  private throwRestoreFailure(): void {
    const f = this.restoreFailure;
    this.restoreFailure = undefined;
    if (f) throw f;
  }

  /** Back at rest: network up, mains on; then the IO connection closes. */
  async close(): Promise<void> {
    clearTimeout(this.restoreTimer);
    const errors: string[] = [];
    const attempt = async (fn: () => Promise<void>) => {
      try {
        await fn();
      } catch (e) {
        errors.push((e as Error).message);
      }
    };
    if (this.network && (this.networkDown || this.restoreTimer)) await attempt(() => this.command('up'));
    if (this.cards) await attempt(() => this.cardRemoved());
    if (this.mains && this.mainsOpen) await attempt(() => this.writeCoil(this.mains!.coil, true, 'bench.mains.coil', 'mains contactor closed (rest)'));
    await this.io?.close();
    if (this.restoreFailure) errors.push(this.restoreFailure.message);
    if (errors.length) throw new BenchActionError(`rig '${this.o.rig}': bench not back at rest: ${errors.join('; ')}`);
  }
}

/** `${idTag.<role>}` → the rig's token for that role; any other key is the token itself. */
export function resolveCardKey(key: string, tags: Record<string, string>): string {
  return key.replace(/\$\{idTag\.([A-Za-z0-9_]+)\}/g, (_, role: string) => tags[role] ?? `\${idTag.${role}}`);
}

/**
 * The checks of bench.cards / bench.mains / bench.network / bench.switchPort the schema cannot make, one
 * ConfigError per problem (file and field named).
 */
export function benchChannelProblems(cfg: RigConfig, file: string): ConfigError[] {
  const b = cfg.bench;
  const problems: ConfigError[] = [];
  if (!b) return problems;
  const add = (field: string, why: string) => problems.push(new ConfigError(file, field, why));
  const declared = (['cards', 'mains', 'network', 'switchPort'] as const).filter((k) => b[k] !== undefined);
  if (declared.length && cfg.kind !== 'bench') add(`bench.${declared[0]}`, `is a bench channel: only on a rig of kind bench (kind is '${cfg.kind}')`);
  const modbus = (b.pilot as { modbus?: { coils?: Record<string, number>; pp?: { coils?: Record<string, number> } } } | undefined)?.modbus;
  if ((b.cards || b.mains) && !modbus) add(b.cards ? 'bench.cards' : 'bench.mains', 'needs bench.pilot.modbus (the IO module whose coils it switches)');
  // every coil of the module has one job
  const owner = new Map<number, string>();
  const claim = (coil: number, field: string) => {
    const other = owner.get(coil);
    if (other) add(field, `coil ${coil} is already ${other}`);
    else owner.set(coil, field);
  };
  // the pilot's own coils: a clash among them is the pilot check's (checkBenchPilotConfig) to report, once
  const pilotCoil = (coil: number, field: string) => void (owner.has(coil) || owner.set(coil, field));
  for (const [k, c] of Object.entries(modbus?.coils ?? {})) pilotCoil(c, `bench.pilot.modbus.coils.${k}`);
  for (const [k, c] of Object.entries(modbus?.pp?.coils ?? {})) pilotCoil(c, `bench.pilot.modbus.pp.coils.${k}`);
  const roles = new Set([...Object.keys(resolveIdTags(undefined)), ...Object.keys(cfg.ocpp?.station?.idTags ?? {})]);
  const seen = new Map<string, string>();
  const tags = resolveIdTags(cfg.ocpp?.station?.idTags);
  for (const [key, coil] of Object.entries(b.cards?.coils ?? {})) {
    const field = `bench.cards.coils["${key}"]`;
    claim(coil, field);
    for (const m of key.matchAll(/\$\{idTag\.([A-Za-z0-9_]+)\}/g)) {
      if (!roles.has(m[1])) add(field, `\${idTag.${m[1]}}: no such id-tag role (known: ${[...roles].join(', ')})`);
      else if (m[1] === 'unknown' && !cfg.ocpp?.station?.idTags?.unknown) add(field, "${idTag.unknown} is a fresh token each scenario unless the rig names it: set ocpp.station.idTags.unknown to the card's token");
    }
    const token = resolveCardKey(key, tags);
    const dup = seen.get(token);
    if (dup) add(field, `is the same token ('${token}') as bench.cards.coils["${dup}"]`);
    seen.set(token, key);
  }
  const connectors = cfg.ocpp?.station?.connectors;
  for (const [c, coil] of Object.entries(b.cards?.readers ?? {})) {
    const field = `bench.cards.readers.${c}`;
    claim(coil, field);
    const n = Number(c);
    if (!Number.isInteger(n) || n < 1 || (connectors !== undefined && n > connectors)) add(field, `'${c}' is not a connector of the station (1..${connectors ?? '?'})`);
  }
  if (b.mains) claim(b.mains.coil, 'bench.mains.coil');
  if (b.switchPort && !b.simulate) add('bench.switchPort', 'is the simulated switch port of a simulated bench: only with bench.simulate');
  if (b.switchPort && b.switchPort.port === b.switchPort.controlPort) add('bench.switchPort.controlPort', 'must differ from bench.switchPort.port');
  return problems;
}
