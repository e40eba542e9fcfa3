/**
 * Simulated bench instruments: a Modbus TCP relay/IO module + power meter and an SCPI oscilloscope, on
 * 127.0.0.1 (ports chosen by the OS), sitting on the EV end of a pilot line whose EVSE end a charger drives
 * (e.g. the simulated line of src/iec61851/line/simulated.ts with the reference EVSE controller). They emulate
 * what a bench sees of a charger's pilot, over real sockets and real protocol frames, so the bench line
 * (src/iec61851/line/bench) and the `bench` rigs can run without hardware.
 *
 * API (stable):
 *   startSimulatedPilotBench({ ev, mapping?, host?, modbusPort?, scpiPort? }) → Promise<SimulatedPilotBench>
 *     ev       the EV end of a pilot line (an EvPort); the instruments actuate it and read its observations
 *     mapping  the register map and SCPI commands (same shape as a rig's `bench.pilot` without host/port/
 *              timeoutMs); default SIMULATED_BENCH_MAPPING
 *   SimulatedPilotBench:
 *     modbus / scpi       { host, port } where each listens
 *     benchPilot(timeoutMs?)  a complete `bench.pilot` config for these instruments (for a rig or openBenchEvPort)
 *     silence(which, on)  'modbus' | 'scpi' | 'both': stop (true) / resume answering — the fault switch
 *     stop()              closes both servers and their connections (not the line)
 *
 * What each mapping entry does here: a write to `coils.<relay>` actuates that EvDrive field (connected, s2,
 * ventilation, diodeShorted, cpShortToPe); `pp.coils.<ohms>` (several on: in parallel) or `pp.register`
 * (ohms, 0 = open) sets ppOhms; `load.registers[i]` × scale sets currentA[i]; the write is answered once the
 * line applied it. `inputs.cpHighV/cpLowV` answer the latest observation's levels ÷ scale (int16),
 * `inputs.contactor` the contactor, `inputs.currentA` the measured current ÷ scale. SCPI: `*IDN?`, the
 * frequency / duty queries (9.9E37 without PWM, as oscilloscopes answer), `vmax` / `vmin` (the CP levels).
 * Every other address → Modbus exception 02; every other SCPI header → no reply, error -113 queued.
 */
import type { EvDrive, EvPort } from '../../iec61851/line/types';
import { type ModbusRegisterMap, startModbusTcpServer } from './modbus-server';
import { startScpiServer } from './scpi-server';

interface RegisterInput {
  register: number;
  table?: 'input' | 'holding';
  scale: number;
  signed?: boolean;
}

export interface SimulatedBenchMapping {
  modbus: {
    unitId?: number;
    coils: { connected: number; s2: number; ventilation?: number; diodeShort?: number; cpShortToPe?: number };
    pp?: { coils?: Record<string, number>; register?: number };
    load?: { registers: number[]; scale: number };
    inputs: {
      cpHighV?: RegisterInput;
      cpLowV?: RegisterInput;
      contactor: { discreteInput: number };
      currentA?: { registers: number[]; table?: 'input' | 'holding'; scale: number };
    };
  };
  scpi?: { commands?: { idn?: string; frequency?: string; duty?: string; vmax?: string; vmin?: string } };
}

/** The default wiring of the simulated bench (also a sensible layout for a real one). */
export const SIMULATED_BENCH_MAPPING: SimulatedBenchMapping = {
  modbus: {
    unitId: 1,
    coils: { connected: 0, s2: 1, ventilation: 2, diodeShort: 3, cpShortToPe: 4 },
    pp: { coils: { '1500': 8, '680': 9, '220': 10, '100': 11 } },
    load: { registers: [100, 101, 102], scale: 0.1 },
    inputs: {
      cpHighV: { register: 0, scale: 0.01 },
      cpLowV: { register: 1, scale: 0.01 },
      contactor: { discreteInput: 0 },
      currentA: { registers: [10, 11, 12], scale: 0.01 },
    },
  },
  scpi: { commands: {} },
};

/** Common oscilloscope syntax (the instrument's own table; the harness keeps its own defaults). */
const SCOPE_COMMANDS = { idn: '*IDN?', frequency: 'MEASure:FREQuency?', duty: 'MEASure:PDUTy?', vmax: 'MEASure:VMAX?', vmin: 'MEASure:VMIN?' };
const OVERRANGE = '9.9E37';

export interface SimulatedPilotBench {
  modbus: { host: string; port: number };
  scpi: { host: string; port: number };
  readonly mapping: SimulatedBenchMapping;
  /** A `bench.pilot` config for these instruments. */
  benchPilot(timeoutMs?: number): Record<string, unknown> & { modbus: Record<string, unknown>; scpi: Record<string, unknown> };
  silence(which: 'modbus' | 'scpi' | 'both', on: boolean): void;
  stop(): Promise<void>;
}

/**
 * Further wiring of the simulated IO module beyond the EV emulator (src/reference/bench/station-wiring.ts):
 * output coils that switch something of the station (a card onto its reader, its mains contactor) and input
 * registers that measure it (the supply voltage). A coil's `set` runs when a write changes it, before the reply.
 */
export interface SimulatedModuleExtras {
  coils: Map<number, { on: boolean; set(on: boolean): void | Promise<void> }>;
  /** `input:<address>` / `holding:<address>` → raw uint16 value. */
  registers: Map<string, () => number>;
}

export interface SimulatedPilotBenchOptions {
  ev: EvPort;
  extras?: SimulatedModuleExtras;
  mapping?: SimulatedBenchMapping;
  host?: string;
  modbusPort?: number;
  scpiPort?: number;
}

export async function startSimulatedPilotBench(o: SimulatedPilotBenchOptions): Promise<SimulatedPilotBench> {
  const mapping = o.mapping ?? SIMULATED_BENCH_MAPPING;
  const host = o.host ?? '127.0.0.1';
  const modbus = await startModbusTcpServer(relayModule(o.ev, mapping, o.extras), { host, port: o.modbusPort ?? 0, unitId: mapping.modbus.unitId ?? 1 });
  let scpi;
  try {
    scpi = await startScpiServer(scope(o.ev, mapping), { host, port: o.scpiPort ?? 0 });
  } catch (e) {
    await modbus.close();
    throw e;
  }
  const servers = { modbus, scpi };
  return {
    modbus: { host, port: modbus.port },
    scpi: { host, port: scpi.port },
    mapping,
    benchPilot: (timeoutMs = 1000) => ({
      modbus: { host, port: modbus.port, timeoutMs, ...mapping.modbus },
      scpi: { host, port: scpi.port, timeoutMs, ...(mapping.scpi ?? {}) },
    }),
    silence(which, on) {
      if (which !== 'scpi') servers.modbus.silence(on);
      if (which !== 'modbus') servers.scpi.silence(on);
    },
    stop: async () => {
      await Promise.all([modbus.close(), scpi.close()]);
    },
  };
}

type Relay = 'connected' | 's2' | 'ventilation' | 'diodeShorted' | 'cpShortToPe';
const RELAY_OF: Record<string, Relay> = { connected: 'connected', s2: 's2', ventilation: 'ventilation', diodeShort: 'diodeShorted', cpShortToPe: 'cpShortToPe' };

/** int16 two's complement of value ÷ scale (saturating). */
function toRaw(value: number, scale: number, signed: boolean): number {
  const raw = Math.round(value / scale);
  if (!signed) return Math.max(0, Math.min(0xffff, raw));
  const s = Math.max(-0x8000, Math.min(0x7fff, raw));
  return s < 0 ? s + 0x10000 : s;
}

/** The relay/IO module and power meter: coils and holding registers drive the EV end, inputs read it. */
function relayModule(ev: EvPort, mapping: SimulatedBenchMapping, extras?: SimulatedModuleExtras): ModbusRegisterMap {
  const m = mapping.modbus;
  const relays = new Map<number, Relay>();
  for (const [name, address] of Object.entries(m.coils)) if (address !== undefined) relays.set(address, RELAY_OF[name]);
  const ppCoils = new Map<number, number>(Object.entries(m.pp?.coils ?? {}).map(([ohms, address]) => [address, Number(ohms)]));
  const coilState = new Map<number, boolean>([...relays.keys(), ...ppCoils.keys()].map((a) => [a, false]));
  const loadRaw = new Map<number, number>((m.load?.registers ?? []).map((a) => [a, 0]));
  let ppRaw = 0;
  const inputs = new Map<string, () => number>();
  const add = (table: string, address: number, read: () => number) => inputs.set(`${table}:${address}`, read);
  for (const k of ['cpHighV', 'cpLowV'] as const) {
    const r = m.inputs[k];
    if (r) add(r.table ?? 'input', r.register, () => toRaw(ev.latest()[k], r.scale, r.signed ?? true));
  }
  for (const [key, read] of extras?.registers ?? []) inputs.set(key, read);
  const extraCoils = extras?.coils ?? new Map<number, { on: boolean; set(on: boolean): void | Promise<void> }>();
  const extraWrites = new Map<number, boolean>();
  const cur = m.inputs.currentA;
  cur?.registers.forEach((address, i) => add(cur.table ?? 'input', address, () => toRaw(ev.latest().currentA[i] ?? 0, cur.scale, false)));

  const target = (): Partial<EvDrive> => {
    const d: Partial<EvDrive> = {};
    for (const [address, relay] of relays) d[relay] = coilState.get(address) === true;
    if (m.pp?.register !== undefined) d.ppOhms = ppRaw === 0 ? null : ppRaw;
    else if (m.pp?.coils) {
      const on = [...ppCoils].filter(([a]) => coilState.get(a)).map(([, ohms]) => ohms);
      d.ppOhms = on.length === 0 ? null : Math.round(1 / on.reduce((s, r) => s + 1 / r, 0));
    }
    const load = m.load;
    if (load) d.currentA = load.registers.map((a) => (loadRaw.get(a) ?? 0) * load.scale);
    return d;
  };
  return {
    readCoil: (address) => coilState.get(address) ?? extraCoils.get(address)?.on,
    writeCoil(address, on) {
      if (extraCoils.has(address)) {
        extraWrites.set(address, on);
        return true;
      }
      if (!coilState.has(address)) return false;
      coilState.set(address, on);
      return true;
    },
    readDiscreteInput: (address) => (address === m.inputs.contactor.discreteInput ? ev.latest().contactorClosed : undefined),
    readInputRegister: (address) => inputs.get(`input:${address}`)?.(),
    readHoldingRegister(address) {
      if (loadRaw.has(address)) return loadRaw.get(address);
      if (address === m.pp?.register) return ppRaw;
      return inputs.get(`holding:${address}`)?.();
    },
    writeHoldingRegister(address, value) {
      if (loadRaw.has(address)) loadRaw.set(address, value);
      else if (address === m.pp?.register) ppRaw = value;
      else return false;
      return true;
    },
    async apply() {
      for (const [address, on] of extraWrites) {
        const c = extraCoils.get(address)!;
        if (c.on === on) continue;
        c.on = on;
        await c.set(on);
      }
      extraWrites.clear();
      const want = target();
      const now = ev.commanded();
      const change: Partial<EvDrive> = {};
      for (const [k, v] of Object.entries(want) as [keyof EvDrive, EvDrive[keyof EvDrive]][]) {
        if (JSON.stringify(v) !== JSON.stringify(now[k])) Object.assign(change, { [k]: v });
      }
      if (Object.keys(change).length > 0) await ev.actuate(change, 'bench relay module');
    },
  };
}

/** The oscilloscope on CP: answers the mapping's queries from the latest observation of the EV end. */
function scope(ev: EvPort, mapping: SimulatedBenchMapping): (command: string) => string | undefined {
  const cmds = { ...SCOPE_COMMANDS, ...(mapping.scpi?.commands ?? {}) };
  const norm = (c: string) => c.replace(/\s+/g, ' ').trim().toUpperCase();
  const nr3 = (v: number) => v.toExponential(6).toUpperCase();
  return (command) => {
    const o = ev.latest();
    const pwm = o.frequencyHz > 0;
    switch (norm(command)) {
      case norm(cmds.idn):
        return 'EVC,SIMULATED-PILOT-SCOPE,0,1.0';
      case norm(cmds.frequency):
        return pwm ? nr3(o.frequencyHz) : OVERRANGE;
      case norm(cmds.duty):
        return pwm ? nr3(o.dutyPct) : OVERRANGE;
      case norm(cmds.vmax):
        return nr3(Math.max(o.cpHighV, o.cpLowV));
      case norm(cmds.vmin):
        return nr3(Math.min(o.cpHighV, o.cpLowV));
      default:
        return undefined;
    }
  };
}
