/**
 * The rest of a simulated bench's IO module around a served station (`evc serve-station --bench-wiring`):
 *
 *   cards   coil → a card (its id token) that the coil's relay holds to the station's reader antenna; the
 *           station reads a card when its coil closes, as a real reader does (nothing while unpowered).
 *           Reader coils (coil → connector) route the antenna to that connector's reader; none closed: the
 *           station's own reader (the station picks the connector).
 *   mains   the coil of the station's mains contactor (closed = powered; it starts closed): opening it cuts
 *           the station's power (it stops talking, its transactions end PowerLoss), closing it boots the
 *           station anew with the state it keeps. `voltage` is the supply voltage the module's power meter
 *           reads (230 V while powered, 0 V while not; raw = volts ÷ scale).
 *
 * Reference-side code: the harness reaches all of this only through Modbus TCP (src/rig/bench-channels.ts).
 */
import type { SimulatedModuleExtras } from './index';

export interface StationBenchWiring {
  cards?: { coils: Record<string, string>; readers?: Record<string, number> };
  mains?: { coil: number; voltage?: { register: number; table?: 'input' | 'holding'; scale: number } };
}

/** What of the station the wiring reaches. */
export interface WiredStation {
  presentIdTag(idTag: string, connectorId?: number): Promise<void>;
  readonly mains: { off(): Promise<void>; on(): void; readonly powered: boolean };
}

const SUPPLY_V = 230;

/** Checks the wiring's shape (from a command line): one message per problem. */
export function wiringProblems(w: StationBenchWiring, connectors: number): string[] {
  const problems: string[] = [];
  const coil = (v: unknown, field: string) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 65535) problems.push(`${field} must be a coil address 0..65535 (got ${JSON.stringify(v)})`);
  };
  for (const [address, tag] of Object.entries(w.cards?.coils ?? {})) {
    coil(Number(address), `cards.coils.${address}`);
    if (typeof tag !== 'string' || tag === '') problems.push(`cards.coils.${address} must be a non-empty id token`);
  }
  for (const [address, c] of Object.entries(w.cards?.readers ?? {})) {
    coil(Number(address), `cards.readers.${address}`);
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 1 || c > connectors) problems.push(`cards.readers.${address} must be a connector 1..${connectors} (got ${JSON.stringify(c)})`);
  }
  if (w.mains) {
    coil(w.mains.coil, 'mains.coil');
    const v = w.mains.voltage;
    if (v && !(typeof v.scale === 'number' && v.scale > 0)) problems.push('mains.voltage.scale must be a number > 0');
    if (v) coil(v.register, 'mains.voltage.register');
  }
  return problems;
}

/** The IO module's extra coils and registers for this wiring. */
export function stationWiringExtras(station: WiredStation, w: StationBenchWiring, log: (line: string) => void): SimulatedModuleExtras {
  const coils: SimulatedModuleExtras['coils'] = new Map();
  const registers: SimulatedModuleExtras['registers'] = new Map();
  const readers = new Map<number, number>(Object.entries(w.cards?.readers ?? {}).map(([a, c]) => [Number(a), c]));
  for (const address of readers.keys()) coils.set(address, { on: false, set: () => undefined });
  const routedTo = (): number | undefined => [...readers].find(([a]) => coils.get(a)?.on)?.[1];
  for (const [address, tag] of Object.entries(w.cards?.coils ?? {})) {
    coils.set(Number(address), {
      on: false,
      set(on) {
        if (!on || !station.mains.powered) return;
        const connector = routedTo();
        log(`card ${tag} held to the ${connector === undefined ? "station's reader" : `reader of connector ${connector}`} (coil ${address})`);
        station.presentIdTag(tag, connector).catch((e: Error) => log(`reader: card ${tag}: ${e.message}`));
      },
    });
  }
  const mains = w.mains;
  if (mains) {
    coils.set(mains.coil, {
      on: true,
      async set(on) {
        log(`mains contactor ${on ? 'closed: power back' : 'opened: power cut'} (coil ${mains.coil})`);
        if (on) station.mains.on();
        else await station.mains.off();
      },
    });
    const v = mains.voltage;
    if (v) registers.set(`${v.table ?? 'input'}:${v.register}`, () => (station.mains.powered ? Math.round(SUPPLY_V / v.scale) : 0));
  }
  return { coils, registers };
}
