/**
 * The digital lines of a bench rig through a Modbus TCP relay/IO module (the same client as the IEC 61851
 * bench: src/iec61851/line/bench/modbus.ts). Rig `chademo.lines` (kind "bench", schemas/rig.schema.json, README
 * "CHAdeMO → wiring a bench"):
 *
 *   modbus          { host, port? 502, unitId? 1, timeoutMs? 1000 }
 *   coils           relay outputs the harness drives (1 = relay closed / line active): the lines of the side the
 *                   harness plays (harness EV: k, proximity; harness charger: d1, d2, lock)
 *   discreteInputs  opto inputs the harness reads (1 = line active): the lines the SUT drives
 *   inletVoltage    { register, table? input, scale, signed? false } the DC inlet voltage, V = raw × scale
 *   sourceVoltage   { register, scale } optional holding register of a programmable DC source (the harness
 *                   side's own voltage on the DC lines: the harness EV's battery, the harness charger's output);
 *                   without it setInletVoltage() is not automatable. The set point is this end's own
 *                   voltage in the view at once (as on the side channel); the inlet reading stands for the SUT's
 *                   voltage while the source is off, and while it is on only above the set point (+SOURCE_MATCH_V)
 *   inputsRegister  optional input register mirroring the discrete inputs (bit n = input n, as many IO modules
 *                   offer): the poll then reads one word instead of one request per input, and inlet voltage and
 *                   word in one request when they are adjacent input registers (a short pulse, e.g. the
 *                   insulation test on a time-compressed bench, is not missed between slow round trips)
 *   pollMs          period of the input poll (default 10)
 *   simulate        true: a simulated bench — the harness's bus starts the simulated IO module of
 *                   src/rig/chademo-io-sim.ts on modbus.host:port (loopback) and stops it when it closes
 *
 * Which lines must be mapped depends on the side the scenario gives the harness, so it is checked when the lines
 * open (every missing or rejected address one ConfigError line naming the rig file and field). A change the poll
 * sees is stamped with the arrival of the read's answer (monotonic µs): it happened within one poll period and
 * one round trip before (`chademo-line` trace frames carry the read's sentUs/ackUs).
 */
import { ConfigError } from '../../core/errors';
import type { Trace } from '../../core/trace';
import { ModbusInstrument, type BenchInstrumentError } from '../../iec61851/line/bench/modbus';
import { NotAutomatableError } from '../../rig/not-automatable';
import type { ChademoLines, DigitalLine, LineChange } from '../types';
import { checkDrive, DIGITAL_LINES, drives, LineView, type Side } from './lines-common';

export interface BenchRegister {
  register: number;
  table?: 'input' | 'holding';
  scale: number;
  signed?: boolean;
}

export interface ChademoBenchLinesConfig {
  kind: 'bench';
  modbus: { host: string; port?: number; unitId?: number; timeoutMs?: number };
  coils?: Partial<Record<DigitalLine, number>>;
  discreteInputs?: Partial<Record<DigitalLine, number>>;
  inletVoltage: BenchRegister;
  sourceVoltage?: { register: number; scale: number };
  inputsRegister?: number;
  pollMs?: number;
  simulate?: boolean;
}

const FIELD = 'chademo.lines';

/** The mapping problems for a side (one ConfigError per problem): every line of the side a coil, every SUT line an input. */
export function benchLinesProblems(cfg: ChademoBenchLinesConfig, side: Side, file: string): ConfigError[] {
  const problems: ConfigError[] = [];
  for (const l of DIGITAL_LINES) {
    if (l === 'proximity') continue; // optional either way: no proximity mapping = a plugged connector
    if (drives(side, l) && cfg.coils?.[l] === undefined) problems.push(new ConfigError(file, `${FIELD}.coils.${l}`, `is required: the harness plays the ${side} and drives ${l}`));
    if (!drives(side, l) && cfg.discreteInputs?.[l] === undefined) problems.push(new ConfigError(file, `${FIELD}.discreteInputs.${l}`, `is required: the harness plays the ${side} and reads ${l} from the SUT`));
  }
  for (const [l, a] of Object.entries(cfg.coils ?? {})) {
    if (a !== undefined && !drives(side, l as DigitalLine)) problems.push(new ConfigError(file, `${FIELD}.coils.${l}`, `the harness plays the ${side} and cannot drive ${l} (the SUT does)`));
  }
  if (cfg.inputsRegister !== undefined) {
    for (const [l, a] of Object.entries(cfg.discreteInputs ?? {})) {
      if (a !== undefined && a > 15) problems.push(new ConfigError(file, `${FIELD}.discreteInputs.${l}`, `is ${a}: with ${FIELD}.inputsRegister the inputs are bits 0–15 of that register`));
    }
  }
  for (const [name, s] of [['inletVoltage', cfg.inletVoltage.scale], ['sourceVoltage', cfg.sourceVoltage?.scale]] as const) {
    if (s !== undefined && !(s !== 0 && Number.isFinite(s))) problems.push(new ConfigError(file, `${FIELD}.${name}.scale`, 'must be a non-zero number'));
  }
  return problems;
}

/** A reading within this of the harness's own source set point is that source (the SUT's share is not visible). */
export const SOURCE_MATCH_V = 5;

/**
 * The far end's voltage from an inlet reading: the whole reading while the harness's source is off; with it on,
 * the reading only when it stands above the set point (else the SUT's share is not visible: 0). A reading is
 * used only when no set point write was pending while it was taken.
 */
function sutVolts(measuredV: number, ownV: number): number {
  return ownV === 0 || measuredV > ownV + SOURCE_MATCH_V ? measuredV : 0;
}

class BenchLines implements ChademoLines {
  private readonly view: LineView;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private failure: Error | undefined;
  /** Source set points written / acknowledged by the module (a poll issued before the last one landed is not a reading of it). */
  private sourceEpoch = 0;
  private ackedEpoch = 0;

  constructor(
    private readonly cfg: ChademoBenchLinesConfig,
    private readonly mb: ModbusInstrument,
    readonly side: Side,
    private readonly source: string,
    trace: Trace | undefined,
  ) {
    this.view = new LineView(side, mb.name, trace);
  }

  /** First read of every input, then the poll. */
  async start(): Promise<void> {
    await this.poll();
    this.schedule();
  }

  set(line: DigitalLine, value: boolean): void {
    checkDrive(this.side, line);
    if (this.failure) throw this.failure;
    const address = this.cfg.coils?.[line];
    if (address === undefined) throw new NotAutomatableError(`driving CHAdeMO line '${line}' needs a relay: rig '${this.source}' has no ${FIELD}.coils.${line}`);
    if (this.view.own[line] === value) return;
    this.view.apply(true, { [line]: value }, undefined);
    this.mb.writeCoil(address, value, `${FIELD}.coils.${line}`).catch((e: BenchInstrumentError) => (this.failure ??= e));
  }

  setInletVoltage(volts: number): void {
    if (this.failure) throw this.failure;
    const src = this.cfg.sourceVoltage;
    if (!src) {
      if (volts === 0) return;
      throw new NotAutomatableError(`putting ${volts} V on the DC lines needs a programmable source: rig '${this.source}' has no ${FIELD}.sourceVoltage`);
    }
    if (this.view.ownVolts === volts) return;
    const epoch = ++this.sourceEpoch;
    this.view.apply(true, {}, volts); // the set point: this end's own voltage, as on the side channel
    const raw = Math.max(0, Math.min(0xffff, Math.round(volts / src.scale)));
    this.mb
      .writeRegisters(src.register, [raw], `${FIELD}.sourceVoltage`)
      .then(() => (this.ackedEpoch = Math.max(this.ackedEpoch, epoch)))
      .catch((e: BenchInstrumentError) => (this.failure ??= e));
  }

  get(line: DigitalLine): boolean {
    if (line === 'proximity' && !this.cfg.coils?.proximity && this.cfg.discreteInputs?.proximity === undefined) return true;
    return this.view.get(line);
  }

  inletVoltageV(): number {
    return this.view.inletVoltageV();
  }

  onChange(listener: (c: LineChange) => void): () => void {
    return this.view.onChange(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.view.clear();
    void this.mb.close();
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.poll()
        .catch((e: Error) => (this.failure ??= e))
        .finally(() => this.schedule());
    }, this.cfg.pollMs ?? 10);
  }

  /** The inputs the poll reads: the SUT's lines (and proximity) with their discrete input addresses. */
  private polledInputs(): [DigitalLine, number][] {
    return Object.entries(this.cfg.discreteInputs ?? {}).filter(([l, a]) => a !== undefined && (!drives(this.side, l as DigitalLine) || l === 'proximity')) as [DigitalLine, number][];
  }

  private async poll(): Promise<void> {
    const epoch = this.sourceEpoch;
    const settled = this.ackedEpoch === epoch;
    const ownV = this.view.ownVolts;
    const lines: Partial<Record<DigitalLine, boolean>> = {};
    const reg = this.cfg.inletVoltage;
    const word = this.cfg.inputsRegister;
    let raw: number;
    let tUs = 0;
    if (word === undefined) {
      for (const [l, address] of this.polledInputs()) {
        const r = await this.mb.readDiscreteInput(address, `${FIELD}.discreteInputs.${l}`);
        lines[l] = r.value;
        tUs = r.ackUs;
      }
      const r = await this.mb.readRegisters(reg.table ?? 'input', reg.register, 1, `${FIELD}.inletVoltage`);
      raw = r.value[0];
      tUs = Math.max(tUs, r.ackUs);
    } else {
      let bits: number;
      if ((reg.table ?? 'input') === 'input' && Math.abs(word - reg.register) === 1) {
        const start = Math.min(word, reg.register);
        const r = await this.mb.readRegisters('input', start, 2, `${FIELD}.inputsRegister and ${FIELD}.inletVoltage`);
        bits = r.value[word - start];
        raw = r.value[reg.register - start];
        tUs = r.ackUs;
      } else {
        const w = await this.mb.readRegisters('input', word, 1, `${FIELD}.inputsRegister`);
        const r = await this.mb.readRegisters(reg.table ?? 'input', reg.register, 1, `${FIELD}.inletVoltage`);
        bits = w.value[0];
        raw = r.value[0];
        tUs = r.ackUs;
      }
      for (const [l, address] of this.polledInputs()) lines[l] = ((bits >> address) & 1) === 1;
    }
    if (reg.signed && raw >= 0x8000) raw -= 0x10000;
    if (this.closed) return;
    this.view.apply(false, lines, settled && this.sourceEpoch === epoch ? sutVolts(Math.max(0, Math.round(raw * reg.scale * 1e6) / 1e6), ownV) : undefined, tUs);
  }
}

/**
 * Opens the IO module, checks the mapping for `side`, probes every mapped address (an address the module
 * rejects is one problem naming its field) and takes the first reading. Nothing stays open when it fails.
 */
export async function openBenchLines(cfg: ChademoBenchLinesConfig, side: Side, source: string, trace?: Trace): Promise<ChademoLines> {
  const problems = benchLinesProblems(cfg, side, source);
  if (problems.length > 0) throw ConfigError.all(problems);
  const m = cfg.modbus;
  const port = m.port ?? 502;
  let mb: ModbusInstrument;
  try {
    mb = await ModbusInstrument.open(m.host, port, m.unitId ?? 1, m.timeoutMs ?? 1000);
  } catch (e) {
    throw new ConfigError(source, `${FIELD}.modbus.host`, `the Modbus TCP IO module at ${m.host}:${port} is unreachable: ${(e as Error).message}`);
  }
  mb.useTrace(trace);
  try {
    const probe: [string, () => Promise<unknown>][] = [];
    for (const [l, a] of Object.entries(cfg.coils ?? {})) if (a !== undefined) probe.push([`${FIELD}.coils.${l}`, () => mb.readCoil(a, `${FIELD}.coils.${l}`)]);
    for (const [l, a] of Object.entries(cfg.discreteInputs ?? {})) if (a !== undefined) probe.push([`${FIELD}.discreteInputs.${l}`, () => mb.readDiscreteInput(a, `${FIELD}.discreteInputs.${l}`)]);
    probe.push([`${FIELD}.inletVoltage.register`, () => mb.readRegisters(cfg.inletVoltage.table ?? 'input', cfg.inletVoltage.register, 1, `${FIELD}.inletVoltage`)]);
    if (cfg.inputsRegister !== undefined) probe.push([`${FIELD}.inputsRegister`, () => mb.readRegisters('input', cfg.inputsRegister!, 1, `${FIELD}.inputsRegister`)]);
    if (cfg.sourceVoltage) probe.push([`${FIELD}.sourceVoltage.register`, () => mb.readRegisters('holding', cfg.sourceVoltage!.register, 1, `${FIELD}.sourceVoltage`)]);
    for (const [field, read] of probe) {
      try {
        await read();
      } catch (e) {
        problems.push(new ConfigError(source, field, (e as Error).message));
      }
    }
    if (problems.length > 0) throw ConfigError.all(problems);
    const lines = new BenchLines(cfg, mb, side, source, trace);
    await lines.start();
    return lines;
  } catch (e) {
    await mb.close();
    throw e;
  }
}
