/**
 * The simulated CHAdeMO IO module of a simulated bench (`chademo.lines.simulate: true`, e.g.
 * rigs/bench-chademo-charger-sim.json): a Modbus TCP relay/IO module on loopback whose field terminals are wired
 * to the CHAdeMO lines. The harness reaches it only as it would a real module (src/chademo/transport/lines-bench.ts:
 * real sockets, real Modbus frames in the trace); the reference SUT, which knows nothing of Modbus, keeps its
 * end of the lines where the reference rig has it, as side-channel frames on vcan1. The module's field side
 * is the other end of those wires: it stands where the harness's end is on the simulated rig, drives the
 * lines its relays close and reads every line on its opto inputs.
 *
 * Why inside the CAN environment and not on the host like the OCPP bench's instruments: in user-mode Linux the
 * guest has only its own loopback (rigs/uml-vcan/init.sh brings up lo and the vcan interfaces, no network
 * device), so a server on the host's 127.0.0.1 cannot be reached from there. The module therefore runs in the
 * harness process, on the guest's loopback, started when the harness opens its bus and stopped when it closes
 * it (one module per scenario: no relay state carries over, no port stays open).
 *
 * The module's terminal plan (its "datasheet", fixed like a real module's wiring diagram):
 *   coils 0–7            relay outputs; 0 d1, 1 d2, 2 lock, 3 k, 4 proximity, 5–7 not wired
 *   discrete inputs 0–7  opto inputs; 0 d1, 1 d2, 2 lock, 3 k, 4 proximity, 5–7 not wired (read 0)
 *   input register 0     DC inlet voltage, 0.1 V per bit
 *   input register 1     the opto inputs as one word (bit n = input n), for `inputsRegister`
 *   input registers 2–7  spare analog inputs (read 0)
 *   holding register 0   set point of the programmable DC source on the harness side, 0.1 V per bit
 * A rig mapping that disagrees with the plan is a ConfigError per field (file and field named) before any
 * socket opens; a real module can only tell an address it lacks (the probe in openBenchLines).
 */
import { ConfigError } from '../core/errors';
import type { ChademoBenchLinesConfig } from '../chademo/transport/lines-bench';
import { DIGITAL_LINES, drives, type Side } from '../chademo/transport/lines-common';
import { openVcanLines } from '../chademo/transport/lines-vcan';
import type { ChademoLines, DigitalLine } from '../chademo/types';
import { startModbusTcpServer, type ModbusTcpServer } from '../reference/bench/modbus-server';

/** Terminal plan of the simulated module: the line each coil / opto input is wired to. */
export const SIM_IO_WIRING: Readonly<Record<DigitalLine, number>> = { d1: 0, d2: 1, lock: 2, k: 3, proximity: 4 };
const TERMINALS = 8;
const VOLT_SCALE = 0.1;
const INLET_REGISTER = 0;
const INPUTS_REGISTER = 1;
const SOURCE_REGISTER = 0;
/** Where the reference SUT's end of the lines is (the reference rig's default side channel). */
export const SIM_IO_FIELD_INTERFACE = 'vcan1';

const FIELD = 'chademo.lines';

/** Every disagreement between the rig's mapping and the simulated module's terminal plan, one ConfigError each. */
export function simIoWiringProblems(cfg: ChademoBenchLinesConfig, file: string): ConfigError[] {
  const problems: ConfigError[] = [];
  const plan = (kind: 'coil' | 'opto input', l: DigitalLine) => `the simulated IO module wires ${l} to ${kind} ${SIM_IO_WIRING[l]} (src/rig/chademo-io-sim.ts)`;
  for (const [table, kind] of [['coils', 'coil'], ['discreteInputs', 'opto input']] as const) {
    for (const [l, a] of Object.entries(cfg[table] ?? {})) {
      if (a === undefined || !DIGITAL_LINES.includes(l as DigitalLine)) continue;
      const want = SIM_IO_WIRING[l as DigitalLine];
      if (a !== want) problems.push(new ConfigError(file, `${FIELD}.${table}.${l}`, `is ${a}, but ${plan(kind, l as DigitalLine)}`));
    }
  }
  const iv = cfg.inletVoltage;
  if (iv.register !== INLET_REGISTER || (iv.table ?? 'input') !== 'input') problems.push(new ConfigError(file, `${FIELD}.inletVoltage.register`, `is ${iv.table ?? 'input'} register ${iv.register}, but the simulated IO module measures the inlet on input register ${INLET_REGISTER}`));
  if (iv.scale !== VOLT_SCALE || iv.signed) problems.push(new ConfigError(file, `${FIELD}.inletVoltage.scale`, `must be ${VOLT_SCALE} (unsigned): the simulated IO module's inlet register counts 0.1 V`));
  if (cfg.inputsRegister !== undefined && cfg.inputsRegister !== INPUTS_REGISTER) problems.push(new ConfigError(file, `${FIELD}.inputsRegister`, `is ${cfg.inputsRegister}, but the simulated IO module mirrors its opto inputs in input register ${INPUTS_REGISTER}`));
  const sv = cfg.sourceVoltage;
  if (sv && sv.register !== SOURCE_REGISTER) problems.push(new ConfigError(file, `${FIELD}.sourceVoltage.register`, `is ${sv.register}, but the simulated IO module's DC source set point is holding register ${SOURCE_REGISTER}`));
  if (sv && sv.scale !== VOLT_SCALE) problems.push(new ConfigError(file, `${FIELD}.sourceVoltage.scale`, `must be ${VOLT_SCALE}: the simulated DC source set point counts 0.1 V`));
  const host = cfg.modbus.host;
  if (host !== '127.0.0.1' && host !== 'localhost') problems.push(new ConfigError(file, `${FIELD}.modbus.host`, `must be 127.0.0.1 with ${FIELD}.simulate (the simulated IO module listens on loopback; got '${host}')`));
  if (cfg.modbus.port === undefined) problems.push(new ConfigError(file, `${FIELD}.modbus.port`, `is required with ${FIELD}.simulate (a fixed loopback port for the simulated IO module)`));
  return problems;
}

export interface SimulatedIoModule {
  readonly server: ModbusTcpServer;
  /** Closes the Modbus server (every connection) and the module's end of the lines. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the simulated module for a harness playing `side`: its relays drive that side's lines, its inputs read
 * all of them. Throws the wiring problems (ConfigError, one line each) before opening anything.
 */
export async function startSimulatedIoModule(cfg: ChademoBenchLinesConfig, side: Side, file: string): Promise<SimulatedIoModule> {
  const problems = simIoWiringProblems(cfg, file);
  if (problems.length > 0) throw ConfigError.all(problems);
  // a module a scenario left running (its cleanup did not get to close the bus) goes before its port is reused
  await RUNNING.get(cfg.modbus.port!)?.stop();
  const field: ChademoLines = openVcanLines(SIM_IO_FIELD_INTERFACE, side);
  const relays = new Array<boolean>(TERMINALS).fill(false);
  let sourceRaw = 0;
  const lineAt = (address: number) => DIGITAL_LINES.find((l) => SIM_IO_WIRING[l] === address);
  const inRange = (address: number) => address >= 0 && address < TERMINALS;
  let server: ModbusTcpServer;
  try {
    server = await startModbusTcpServer(
      {
        readCoil: (a) => (inRange(a) ? relays[a] : undefined),
        writeCoil: (a, on) => {
          if (!inRange(a)) return false;
          relays[a] = on;
          const l = lineAt(a);
          // a relay of a line the other side drives is not connected on this bench (the mapping check refuses it)
          if (l && drives(side, l)) field.set(l, on);
          return true;
        },
        readDiscreteInput: (a) => {
          if (!inRange(a)) return undefined;
          const l = lineAt(a);
          return l ? field.get(l) : false;
        },
        readInputRegister: (a) => {
          if (!inRange(a)) return undefined;
          if (a === INLET_REGISTER) return Math.min(0xffff, Math.round(field.inletVoltageV() / VOLT_SCALE));
          if (a === INPUTS_REGISTER) return DIGITAL_LINES.reduce((w, l) => (field.get(l) ? w | (1 << SIM_IO_WIRING[l]) : w), 0);
          return 0;
        },
        readHoldingRegister: (a) => (a === SOURCE_REGISTER ? sourceRaw : undefined),
        writeHoldingRegister: (a, v) => {
          if (a !== SOURCE_REGISTER) return false;
          sourceRaw = v;
          field.setInletVoltage(v * VOLT_SCALE);
          return true;
        },
        apply: async () => undefined,
      },
      { host: '127.0.0.1', port: cfg.modbus.port, unitId: cfg.modbus.unitId ?? 1 },
    );
  } catch (e) {
    field.close();
    throw new ConfigError(file, `${FIELD}.modbus.port`, `the simulated IO module cannot listen on 127.0.0.1:${cfg.modbus.port}: ${(e as Error).message}`);
  }
  let stopped: Promise<void> | undefined;
  const port = cfg.modbus.port!;
  const mod: SimulatedIoModule = {
    server,
    stop() {
      if (RUNNING.get(port) === mod) RUNNING.delete(port);
      stopped ??= server.close().finally(() => field.close());
      return stopped;
    },
  };
  RUNNING.set(port, mod);
  return mod;
}

/** The simulated modules of this process, by port. */
const RUNNING = new Map<number, SimulatedIoModule>();

/** Stops every simulated CHAdeMO IO module of this process (the run's AfterAll, via stopBenchSimulations). */
export async function stopSimulatedIoModules(): Promise<void> {
  await Promise.all([...RUNNING.values()].map((m) => m.stop()));
}
