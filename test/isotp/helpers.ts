import { FakeClock, IsoTpChannel, type IsoTpChannelOptions } from '../../src/isotp';
import { type CanFrame, LoopbackCanBus, type LoopbackBusOptions } from '../../src/transport/can';
import { Trace } from '../../src/core/trace';

export interface Pair {
  clock: FakeClock;
  bus: LoopbackCanBus;
  trace: Trace;
  /** Tester side: sends on 0x7E0, listens on 0x7E8. */
  a: IsoTpChannel;
  /** ECU side: sends on 0x7E8, listens on 0x7E0 (and 0x7DF functional). */
  b: IsoTpChannel;
}

export function makePair(
  aOpts: Partial<IsoTpChannelOptions> = {},
  bOpts: Partial<IsoTpChannelOptions> = {},
  busOpts: LoopbackBusOptions = {},
): Pair {
  const clock = new FakeClock();
  const bus = new LoopbackCanBus({ nowUs: () => clock.nowUs(), ...busOpts });
  const trace = new Trace();
  const a = new IsoTpChannel(bus.open('a', { trace }), { txId: 0x7e0, rxId: 0x7e8, functionalTxId: 0x7df, clock, trace, ...aOpts });
  const b = new IsoTpChannel(bus.open('b'), { txId: 0x7e8, rxId: 0x7e0, functionalRxId: 0x7df, clock, ...bOpts });
  return { clock, bus, trace, a, b };
}

/** Lets promise chains run and fires fake timers until nothing is pending (bounded). */
export async function settle(clock: FakeClock, rounds = 200): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    if (clock.pending === 0) {
      await Promise.resolve();
      if (clock.pending === 0) return;
    }
    clock.runUntilIdle();
  }
}

/** Sends from `from`, drives the clock, and returns what `to` received. */
export async function transfer(p: Pair, payload: Uint8Array, from: IsoTpChannel = p.a, to: IsoTpChannel = p.b): Promise<Uint8Array> {
  const sent = from.send(payload);
  await settle(p.clock);
  await sent;
  const m = await to.receive(50);
  return m.payload;
}

export function bytes(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 7 + seed) & 0xff;
  return out;
}

export function framesFrom(bus: LoopbackCanBus, id: number): CanFrame[] {
  return bus.log.filter((f) => f.id === id);
}

export function hex(f: CanFrame): string {
  return Buffer.from(f.data).toString('hex');
}
