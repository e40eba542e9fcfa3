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
 *                   without it setInletVoltage() is not automatable
 *   pollMs          period of the input poll (default 10)
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
  pollMs?: number;
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
  for (const [name, s] of [['inletVoltage', cfg.inletVoltage.scale], ['sourceVoltage', cfg.sourceVoltage?.scale]] as const) {
    if (s !== undefined && !(s !== 0 && Number.isFinite(s))) problems.push(new ConfigError(file, `${FIELD}.${name}.scale`, 'must be a non-zero number'));
  }
  return problems;
}

class BenchLines implements ChademoLines {
  private readonly view: LineView;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private failure: Error | undefined;
  private sourceV = 0;

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
    if (this.sourceV === volts) return;
    this.sourceV = volts; // the inlet reading shows it (the view holds what the module measures)
    const raw = Math.max(0, Math.min(0xffff, Math.round(volts / src.scale)));
    this.mb.writeRegisters(src.register, [raw], `${FIELD}.sourceVoltage`).catch((e: BenchInstrumentError) => (this.failure ??= e));
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

  private async poll(): Promise<void> {
    const lines: Partial<Record<DigitalLine, boolean>> = {};
    let tUs = 0;
    for (const [l, address] of Object.entries(this.cfg.discreteInputs ?? {})) {
      if (address === undefined || (drives(this.side, l as DigitalLine) && l !== 'proximity')) continue;
      const r = await this.mb.readDiscreteInput(address, `${FIELD}.discreteInputs.${l}`);
      lines[l as DigitalLine] = r.value;
      tUs = r.ackUs;
    }
    const reg = this.cfg.inletVoltage;
    const r = await this.mb.readRegisters(reg.table ?? 'input', reg.register, 1, `${FIELD}.inletVoltage`);
    let raw = r.value[0];
    if (reg.signed && raw >= 0x8000) raw -= 0x10000;
    if (this.closed) return;
    this.view.apply(false, lines, Math.max(0, Math.round(raw * reg.scale * 1e6) / 1e6), Math.max(tUs, r.ackUs));
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
