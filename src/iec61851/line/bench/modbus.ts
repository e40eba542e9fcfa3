/**
 * A Modbus TCP instrument of the bench (relay/IO module, ADC, power meter) through jsmodbus, over a socket of
 * ours so every request and response is recorded in the trace with its exact bytes (protocol `modbus`) and
 * stamped on monoUs: `sentUs` when the request is handed to the socket, `ackUs` when the response reaches
 * JavaScript. One request at a time. Every request is bounded by the instrument's timeoutMs: a silent
 * instrument rejects the request with a BenchInstrumentError naming the instrument and the request, and the
 * instrument is then dead (every later request rejects at once: a late reply could not be paired safely).
 */
import net from 'node:net';
import { ModbusTCPClient } from 'jsmodbus';
import { EvcError } from '../../../core/errors';
import { monoUs } from '../../../core/clock';
import type { Trace } from '../../../core/trace';

/** An instrument of the bench failed a request (no answer in time, connection lost, refused). */
export class BenchInstrumentError extends EvcError {}

/** The instrument answered with a Modbus exception (e.g. 02: it has no such address). */
export class ModbusExceptionError extends BenchInstrumentError {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

const EXCEPTIONS: Record<number, string> = {
  1: 'illegal function',
  2: 'illegal data address',
  3: 'illegal data value',
  4: 'server device failure',
  6: 'server device busy',
  10: 'gateway path unavailable',
  11: 'gateway target device failed to respond',
};

/** A value read or a write acknowledged, with the monoUs stamps of the request and its response. */
export interface Timed<T> {
  value: T;
  sentUs: number;
  ackUs: number;
}

export type RegisterTable = 'input' | 'holding';

/**
 * Reports every write on a connected socket of ours (the request bytes as jsmodbus puts them on the wire).
 * An own `write` on the instance, set after connecting: net.Socket.connect() resets an instance's write to
 * Socket.prototype.write, so a subclass override would be bypassed.
 */
function watchWrites(socket: net.Socket, onWrite: (bytes: Buffer) => void): void {
  const base = net.Socket.prototype.write as (...args: unknown[]) => boolean;
  socket.write = ((chunk: Uint8Array | string, ...rest: unknown[]) => {
    onWrite(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    return base.apply(socket, [chunk, ...rest]);
  }) as net.Socket['write'];
}

/** Connects a TCP socket, bounded by timeoutMs; rejects with the socket's own error text. */
export function connectSocket<S extends net.Socket>(socket: S, host: string, port: number, timeoutMs: number): Promise<S> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no TCP connection within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('error', (e) => {
      clearTimeout(timer);
      socket.destroy();
      reject(e);
    });
    socket.connect(port, host, () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.on('error', () => undefined); // reported through the pending request (closed / timed out)
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}

interface Pending {
  what: string;
  sentUs: number;
  ackUs: number;
}

export class ModbusInstrument {
  /** `modbus 127.0.0.1:502` — how messages and the trace name this instrument. */
  readonly name: string;
  private trace: Trace | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private pending: Pending | undefined;
  private failure: BenchInstrumentError | undefined;
  private closed = false;

  private constructor(
    private readonly socket: net.Socket,
    private readonly client: ModbusTCPClient,
    readonly host: string,
    readonly port: number,
    readonly timeoutMs: number,
  ) {
    this.name = `modbus ${host}:${port}`;
    watchWrites(socket, (bytes) => {
      const p = this.pending;
      if (p) p.sentUs = monoUs();
      this.trace?.record({ dir: 'tx', protocol: 'modbus', channel: this.name, raw: bytes, summary: p?.what ?? 'request', decoded: p ? { request: p.what, sentUs: p.sentUs } : undefined });
    });
  }

  /** Opens the TCP connection; rejects with the socket's error (the caller names the rig field). */
  static async open(host: string, port: number, unitId: number, timeoutMs: number): Promise<ModbusInstrument> {
    const socket = new net.Socket();
    const box: { self?: ModbusInstrument } = {};
    // registered before jsmodbus's own listener: the response is stamped before its promise settles
    socket.on('data', (bytes: Buffer) => box.self?.received(bytes));
    const client = new ModbusTCPClient(socket, unitId, timeoutMs);
    await connectSocket(socket, host, port, timeoutMs);
    const self = new ModbusInstrument(socket, client, host, port, timeoutMs);
    box.self = self;
    socket.on('close', () => self.lost());
    return self;
  }

  useTrace(trace: Trace | undefined): void {
    this.trace = trace;
  }

  readCoil(address: number, field: string): Promise<Timed<boolean>> {
    return this.request(`read coil ${address} (${field})`, async () => (await this.client.readCoils(address, 1)).response.body.valuesAsArray[0] === 1);
  }

  readDiscreteInput(address: number, field: string): Promise<Timed<boolean>> {
    return this.request(`read discrete input ${address} (${field})`, async () => (await this.client.readDiscreteInputs(address, 1)).response.body.valuesAsArray[0] === 1);
  }

  /** Raw uint16 values of `count` consecutive registers. */
  readRegisters(table: RegisterTable, address: number, count: number, field: string): Promise<Timed<number[]>> {
    const what = `read ${table} register${count > 1 ? `s ${address}..${address + count - 1}` : ` ${address}`} (${field})`;
    return this.request(what, async () => {
      const res = table === 'input' ? await this.client.readInputRegisters(address, count) : await this.client.readHoldingRegisters(address, count);
      return [...res.response.body.valuesAsArray].map(Number);
    });
  }

  writeCoil(address: number, on: boolean, field: string): Promise<Timed<void>> {
    return this.request(`write coil ${address} = ${on ? 1 : 0} (${field})`, async () => {
      await this.client.writeSingleCoil(address, on);
    });
  }

  /** Writes raw uint16 values to consecutive holding registers (one register: function 06, more: 16). */
  writeRegisters(address: number, values: number[], field: string): Promise<Timed<void>> {
    return this.request(`write holding register${values.length > 1 ? `s ${address}..` : ` ${address}`} = ${values.join(',')} (${field})`, async () => {
      if (values.length === 1) await this.client.writeSingleRegister(address, values[0]);
      else await this.client.writeMultipleRegisters(address, values);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failure ??= new BenchInstrumentError(`${this.name}: closed`);
    await new Promise<void>((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.destroy();
    });
  }

  private received(bytes: Buffer): void {
    const p = this.pending;
    if (p) p.ackUs = monoUs();
    this.trace?.record({ dir: 'rx', protocol: 'modbus', channel: this.name, raw: bytes, summary: p ? `response to ${p.what}` : 'unsolicited response', decoded: p ? { request: p.what, ackUs: p.ackUs, roundTripUs: p.ackUs - p.sentUs } : undefined });
  }

  private lost(): void {
    if (!this.closed) this.failure ??= new BenchInstrumentError(`${this.name} closed the connection`);
  }

  private request<T>(what: string, run: () => Promise<T>): Promise<Timed<T>> {
    const next = this.chain.then(() => this.run(what, run));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async run<T>(what: string, run: () => Promise<T>): Promise<Timed<T>> {
    if (this.failure) throw new BenchInstrumentError(`${this.name} cannot '${what}': ${this.failure.message}`);
    const p: Pending = { what, sentUs: monoUs(), ackUs: 0 };
    this.pending = p;
    try {
      const value = await run();
      return { value, sentUs: p.sentUs, ackUs: p.ackUs || monoUs() };
    } catch (e) {
      throw this.failed(what, e);
    } finally {
      this.pending = undefined;
    }
  }

  private failed(what: string, e: unknown): BenchInstrumentError {
    const err = e as { err?: string; message?: string; response?: { body?: { code?: number } } };
    if (err.err === 'ModbusException') {
      const code = err.response?.body?.code ?? 0;
      return new ModbusExceptionError(`${this.name} rejected '${what}': exception ${code.toString(16).toUpperCase().padStart(2, '0')} (${EXCEPTIONS[code] ?? 'unknown exception'})`, code);
    }
    const reason = err.err === 'Timeout' ? `no answer within ${this.timeoutMs} ms` : err.err === 'Offline' ? 'the connection is closed' : (err.message ?? String(e));
    const failure = new BenchInstrumentError(`${this.name} did not answer '${what}': ${reason}`);
    this.failure ??= failure;
    this.trace?.note('modbus', `${this.name} failed: ${reason} (${what})`, this.name);
    return failure;
  }
}
