/**
 * The bench pilot line: the EV side of a real bench over Modbus TCP + SCPI (config: ./config.ts and README
 * "Wiring a bench"; port: ./port.ts).
 *
 * API (stable):
 *   openBenchEvPort(config, source, pollMs, trace) → Promise<BenchEvPort>   (an EvPort, line/types.ts)
 *     config  `bench.pilot` of the rig (schemas/rig.schema.json), source the rig file for messages,
 *     pollMs  observation period (timeouts.iec61851.poll), trace the scenario trace (`modbus`, `scpi` and
 *             `iec61851` frames).
 *   Opening connects both instruments, probes every configured address (a read of each coil, discrete input
 *   and register: an address the instrument rejects, Modbus exception 02, is a problem) and asks each SCPI
 *   query once (*IDN? and every measurement: a reply must come and be a number), then switches the emulator
 *   to "EV unplugged, no load" and takes the first observation. Every problem is one ConfigError line naming
 *   the rig file and the field (`rigs/x.json: bench.pilot.modbus.coils.s2: …`); an unreachable instrument
 *   names its host field, host:port and the socket's error. Nothing stays open when opening fails.
 *   BenchEvPort.lastActuation() — when the last actuation was sent and acknowledged (its uncertainty).
 *   BenchInstrumentError / ModbusExceptionError — what an instrument's failure raises (names it and the request).
 */
import { ConfigError } from '../../../core/errors';
import type { Trace } from '../../../core/trace';
import { type BenchPilotConfig, checkBenchPilotConfig, DEFAULT_TIMEOUT_MS, FIELD, MODBUS_DEFAULT_PORT, modbusPoints, SCPI_DEFAULT_PORT, scpiCommand, type ScpiCommandName } from './config';
import { BenchInstrumentError, ModbusExceptionError, ModbusInstrument } from './modbus';
import { BenchEvPort } from './port';
import { ScpiInstrument } from './scpi';

export type { BenchPilotConfig } from './config';
export { checkBenchPilotConfig, DEFAULT_SCPI_COMMANDS } from './config';
export { BenchInstrumentError, ModbusExceptionError } from './modbus';
export { BenchEvPort, type BenchActuation } from './port';

export async function openBenchEvPort(config: BenchPilotConfig | Record<string, unknown>, source: string, pollMs: number, trace: Trace | undefined): Promise<BenchEvPort> {
  const cfg = config as BenchPilotConfig; // validated by schemas/rig.schema.json when the rig was loaded
  checkBenchPilotConfig(cfg, source);
  const m = cfg.modbus;
  const s = cfg.scpi;
  const [modbus, scpi] = await Promise.allSettled([
    ModbusInstrument.open(m.host, m.port ?? MODBUS_DEFAULT_PORT, m.unitId ?? 1, m.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    ScpiInstrument.open(s.host, s.port ?? SCPI_DEFAULT_PORT, s.timeoutMs ?? DEFAULT_TIMEOUT_MS),
  ]);
  const problems: ConfigError[] = [];
  if (modbus.status === 'rejected') problems.push(unreachable(source, 'modbus', m.host, m.port ?? MODBUS_DEFAULT_PORT, modbus.reason));
  if (scpi.status === 'rejected') problems.push(unreachable(source, 'scpi', s.host, s.port ?? SCPI_DEFAULT_PORT, scpi.reason));
  const opened = [modbus, scpi].flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const closeAll = () => Promise.all(opened.map((i) => i.close()));
  if (problems.length > 0) {
    await closeAll();
    throw ConfigError.all(problems);
  }
  const mb = (modbus as PromiseFulfilledResult<ModbusInstrument>).value;
  const sc = (scpi as PromiseFulfilledResult<ScpiInstrument>).value;
  mb.useTrace(trace);
  sc.useTrace(trace);
  try {
    problems.push(...(await probeModbus(cfg, mb, source)), ...(await probeScpi(cfg, sc, source)));
    if (problems.length > 0) throw ConfigError.all(problems);
    const port = new BenchEvPort(cfg, mb, sc, pollMs);
    try {
      await port.start();
    } catch (e) {
      await port.close();
      throw e;
    }
    port.useTrace(trace); // after the first observation: the trace starts with what the bench measured
    return port;
  } catch (e) {
    await closeAll();
    throw e;
  }
}

function unreachable(source: string, which: 'modbus' | 'scpi', host: string, port: number, reason: unknown): ConfigError {
  const msg = reason instanceof Error ? reason.message : String(reason);
  return new ConfigError(source, `${FIELD}.${which}.host`, `the ${which === 'modbus' ? 'Modbus TCP' : 'SCPI'} instrument at ${host}:${port} is unreachable: ${msg}`);
}

/** Reads every configured address once; each address the instrument rejects is one problem. */
async function probeModbus(cfg: BenchPilotConfig, mb: ModbusInstrument, source: string): Promise<ConfigError[]> {
  const problems: ConfigError[] = [];
  for (const p of modbusPoints(cfg.modbus)) {
    try {
      if (p.table === 'coil') await mb.readCoil(p.address, p.field);
      else if (p.table === 'discrete') await mb.readDiscreteInput(p.address, p.field);
      else await mb.readRegisters(p.table, p.address, 1, p.field);
    } catch (e) {
      if (e instanceof ModbusExceptionError && (e.code === 0x0a || e.code === 0x0b)) {
        problems.push(new ConfigError(source, `${FIELD}.modbus.unitId`, `unit ${cfg.modbus.unitId ?? 1} is not behind this gateway (${e.message})`));
        break; // every other request would fail the same way
      }
      if (e instanceof ModbusExceptionError) {
        const what = e.code === 2 ? 'the instrument has no such address' : 'the instrument rejects it';
        problems.push(new ConfigError(source, p.field, `${p.table} ${p.address}: ${what} (${e.message.replace(/^.*: (exception .*)$/, 'Modbus $1')})`));
        continue;
      }
      if (!(e instanceof BenchInstrumentError)) throw e;
      problems.push(new ConfigError(source, `${FIELD}.modbus`, e.message));
      break; // a silent instrument answers nothing else either
    }
  }
  return problems;
}

/** Asks *IDN? and each measurement the port uses once: each must be answered, the measurements with a number. */
async function probeScpi(cfg: BenchPilotConfig, sc: ScpiInstrument, source: string): Promise<ConfigError[]> {
  const problems: ConfigError[] = [];
  const adc = cfg.modbus.inputs.cpHighV && cfg.modbus.inputs.cpLowV;
  const names: ScpiCommandName[] = ['idn', 'frequency', 'duty', ...(adc ? [] : (['vmax', 'vmin'] as const))];
  for (const n of names) {
    const field = `${FIELD}.scpi.commands.${n}`;
    const command = scpiCommand(cfg.scpi, n);
    try {
      const r = await sc.queryNumber(command, field);
      if (n !== 'idn' && Number.isNaN(r.value)) problems.push(new ConfigError(source, field, `'${command}' answered '${r.reply}', not a number`));
    } catch (e) {
      if (!(e instanceof BenchInstrumentError)) throw e;
      problems.push(new ConfigError(source, field, `${e.message} (an SCPI instrument does not answer a query it does not know)`));
      break;
    }
  }
  return problems;
}
