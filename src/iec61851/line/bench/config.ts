/**
 * `bench.pilot` of a rig file: how the bench's EV emulator is wired (schemas/rig.schema.json, closed; README
 * "Wiring a bench"). Two instruments:
 *
 * - `modbus`: a Modbus TCP relay/IO module (and power meter behind the same server/gateway, one unit id).
 *   `coils.*` switch the EV-side relays (1 = relay closed): `connected` (EV diode + R2 2.74 kΩ onto CP: plug-in),
 *   `s2` (R3 1.3 kΩ → state C), `ventilation` (R3 270 Ω instead → with s2 state D), `diodeShort` (bridges the
 *   EV's CP diode), `cpShortToPe` (CP to PE: state E). `pp` selects the cable's PP resistor: either one coil per
 *   resistor value (`coils: {"1500": 8, "680": 9}`, at most one on; none = PP open) or one holding register
 *   holding the resistance in ohms (`register`, 0 = open). `load.registers`: one holding register per phase
 *   with the current the EV emulator's load draws (raw = A / scale). `inputs.*`: what the bench measures —
 *   `cpHighV` / `cpLowV` (an ADC: CP level in the high / low part of the PWM, V = raw × scale, int16 unless
 *   `signed: false`, input registers unless `table: "holding"`), `contactor` (a discrete input wired to the
 *   inlet's mains voltage: 1 = power present) and `currentA` (a power meter: one register per phase, A = raw ×
 *   scale).
 * - `scpi`: an oscilloscope or DMM on CP over raw SCPI sockets (one command per line, one reply per query).
 *   `commands.frequency` / `duty` measure the PWM (an overrange reply ≥ 9.9E37 or a non-number = no PWM),
 *   `vmax` / `vmin` the CP levels (used when the Modbus ADC inputs are absent), `idn` is asked at open.
 */
import { ConfigError } from '../../../core/errors';

/** A measured value read from one register: physical = raw × scale. */
export interface BenchRegisterInput {
  register: number;
  /** Which register table: input registers (function 04, default) or holding registers (function 03). */
  table?: 'input' | 'holding';
  scale: number;
  /** Raw value is a two's complement int16 (default true). */
  signed?: boolean;
}

export interface BenchPilotModbus {
  host: string;
  port?: number;
  unitId?: number;
  timeoutMs?: number;
  coils: { connected: number; s2: number; ventilation?: number; diodeShort?: number; cpShortToPe?: number };
  pp?: { coils?: Record<string, number>; register?: number };
  load?: { registers: number[]; scale: number };
  inputs: {
    cpHighV?: BenchRegisterInput;
    cpLowV?: BenchRegisterInput;
    contactor: { discreteInput: number };
    currentA?: { registers: number[]; table?: 'input' | 'holding'; scale: number };
  };
}

export interface BenchPilotScpi {
  host: string;
  port?: number;
  timeoutMs?: number;
  commands?: { idn?: string; frequency?: string; duty?: string; vmax?: string; vmin?: string };
}

export interface BenchPilotConfig {
  modbus: BenchPilotModbus;
  scpi: BenchPilotScpi;
}

export const MODBUS_DEFAULT_PORT = 502;
export const SCPI_DEFAULT_PORT = 5025;
export const DEFAULT_TIMEOUT_MS = 1000;

/** Default SCPI measurement commands (common oscilloscope syntax; override per instrument). */
export const DEFAULT_SCPI_COMMANDS = {
  idn: '*IDN?',
  frequency: 'MEASure:FREQuency?',
  duty: 'MEASure:PDUTy?',
  vmax: 'MEASure:VMAX?',
  vmin: 'MEASure:VMIN?',
} as const;

export type ScpiCommandName = keyof typeof DEFAULT_SCPI_COMMANDS;

/** Field prefix of every message about this config. */
export const FIELD = 'bench.pilot';

/** One Modbus address the config uses, with the field that names it. */
export interface ModbusPoint {
  table: 'coil' | 'discrete' | 'input' | 'holding';
  address: number;
  field: string;
}

/** Every address the config uses (for the duplicate check and the probe at open). */
export function modbusPoints(m: BenchPilotModbus): ModbusPoint[] {
  const points: ModbusPoint[] = [];
  for (const [name, address] of Object.entries(m.coils)) {
    if (address !== undefined) points.push({ table: 'coil', address, field: `${FIELD}.modbus.coils.${name}` });
  }
  for (const [ohms, address] of Object.entries(m.pp?.coils ?? {})) points.push({ table: 'coil', address, field: `${FIELD}.modbus.pp.coils.${ohms}` });
  if (m.pp?.register !== undefined) points.push({ table: 'holding', address: m.pp.register, field: `${FIELD}.modbus.pp.register` });
  (m.load?.registers ?? []).forEach((address, i) => points.push({ table: 'holding', address, field: `${FIELD}.modbus.load.registers[${i}]` }));
  for (const name of ['cpHighV', 'cpLowV'] as const) {
    const inp = m.inputs[name];
    if (inp) points.push({ table: inp.table ?? 'input', address: inp.register, field: `${FIELD}.modbus.inputs.${name}.register` });
  }
  points.push({ table: 'discrete', address: m.inputs.contactor.discreteInput, field: `${FIELD}.modbus.inputs.contactor.discreteInput` });
  const cur = m.inputs.currentA;
  (cur?.registers ?? []).forEach((address, i) => points.push({ table: cur?.table ?? 'input', address, field: `${FIELD}.modbus.inputs.currentA.registers[${i}]` }));
  return points;
}

/**
 * The checks the schema cannot make, every problem one ConfigError line naming `file` and the field: two
 * fields on one address of one table, a PP coil key that is not a resistance, PP given both ways.
 */
export function benchPilotProblems(cfg: BenchPilotConfig, file: string): ConfigError[] {
  const problems: ConfigError[] = [];
  const seen = new Map<string, string>();
  for (const p of modbusPoints(cfg.modbus)) {
    const key = `${p.table}:${p.address}`;
    const other = seen.get(key);
    if (other) problems.push(new ConfigError(file, p.field, `${p.table} address ${p.address} is already used by ${other}`));
    else seen.set(key, p.field);
  }
  const pp = cfg.modbus.pp;
  if (pp && (pp.coils === undefined) === (pp.register === undefined)) {
    problems.push(new ConfigError(file, `${FIELD}.modbus.pp`, 'give either coils (one per resistor value) or register (resistance in ohms), exactly one'));
  }
  for (const ohms of Object.keys(pp?.coils ?? {})) {
    if (!/^[1-9][0-9]*$/.test(ohms)) problems.push(new ConfigError(file, `${FIELD}.modbus.pp.coils.${ohms}`, 'the key must be the PP resistance in ohms (e.g. "680")'));
  }
  for (const [name, scale] of [['load.scale', cfg.modbus.load?.scale], ['inputs.cpHighV.scale', cfg.modbus.inputs.cpHighV?.scale], ['inputs.cpLowV.scale', cfg.modbus.inputs.cpLowV?.scale], ['inputs.currentA.scale', cfg.modbus.inputs.currentA?.scale]] as const) {
    if (scale !== undefined && !(scale !== 0 && Number.isFinite(scale))) problems.push(new ConfigError(file, `${FIELD}.modbus.${name}`, 'must be a non-zero number'));
  }
  return problems;
}

/** Throws one ConfigError (a line per problem) when the config has problems the schema cannot catch. */
export function checkBenchPilotConfig(cfg: BenchPilotConfig | undefined, file: string): void {
  if (!cfg) return;
  const problems = benchPilotProblems(cfg, file);
  if (problems.length > 0) throw ConfigError.all(problems);
}

export function scpiCommand(cfg: BenchPilotScpi, name: ScpiCommandName): string {
  return cfg.commands?.[name] ?? DEFAULT_SCPI_COMMANDS[name];
}
