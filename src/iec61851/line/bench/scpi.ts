/**
 * An SCPI instrument of the bench (oscilloscope / DMM on CP) over a raw TCP socket (port 5025 by convention):
 * one command per line (LF), one reply line per query. Every command and reply is recorded in the trace as
 * text (protocol `scpi`) and stamped on monoUs. One query at a time, each bounded by timeoutMs: a silent
 * instrument rejects the query with a BenchInstrumentError naming the instrument and the command, and the
 * instrument is then dead (a late reply would be taken for the answer to the next query).
 */
import net from 'node:net';
import { monoUs } from '../../../core/clock';
import type { Trace } from '../../../core/trace';
import { BenchInstrumentError, type Timed, connectSocket } from './modbus';

/** A reply at or above this is the SCPI "overrange / no measurement" value (9.9E37). */
export const SCPI_OVERRANGE = 9.9e37;

export class ScpiInstrument {
  /** `scpi 127.0.0.1:5025`. */
  readonly name: string;
  private trace: Trace | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private buffer = '';
  private waiter: ((line: string, atUs: number) => void) | undefined;
  private failure: BenchInstrumentError | undefined;
  private closed = false;

  private constructor(
    private readonly socket: net.Socket,
    readonly host: string,
    readonly port: number,
    readonly timeoutMs: number,
  ) {
    this.name = `scpi ${host}:${port}`;
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => this.received(chunk));
    socket.on('close', () => {
      if (!this.closed) this.failure ??= new BenchInstrumentError(`${this.name} closed the connection`);
      this.waiter?.('\u0000closed', monoUs());
    });
  }

  /** Opens the TCP connection; rejects with the socket's error (the caller names the rig field). */
  static async open(host: string, port: number, timeoutMs: number): Promise<ScpiInstrument> {
    const socket = await connectSocket(new net.Socket(), host, port, timeoutMs);
    return new ScpiInstrument(socket, host, port, timeoutMs);
  }

  useTrace(trace: Trace | undefined): void {
    this.trace = trace;
  }

  /** Sends a query and resolves with its reply line (without the terminator). `field` names the rig field. */
  query(command: string, field: string): Promise<Timed<string>> {
    const next = this.chain.then(() => this.run(command, field));
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** A query whose reply must be a number (NR1/NR2/NR3, optional unit suffix ignored); NaN when it is not. */
  async queryNumber(command: string, field: string): Promise<Timed<number> & { reply: string }> {
    const r = await this.query(command, field);
    const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(r.value);
    return { ...r, value: m ? Number(m[1]) : Number.NaN, reply: r.value };
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

  private received(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      const atUs = monoUs();
      this.trace?.record({ dir: 'rx', protocol: 'scpi', channel: this.name, raw: line, summary: this.waiter ? 'reply' : 'unsolicited reply', decoded: { atUs } });
      const w = this.waiter;
      this.waiter = undefined;
      w?.(line, atUs);
    }
  }

  private run(command: string, field: string): Promise<Timed<string>> {
    const what = `${command} (${field})`;
    if (this.failure) return Promise.reject(new BenchInstrumentError(`${this.name} cannot '${what}': ${this.failure.message}`));
    return new Promise((resolve, reject) => {
      const fail = (reason: string) => {
        const err = new BenchInstrumentError(`${this.name} did not answer '${what}': ${reason}`);
        this.failure ??= err;
        this.waiter = undefined;
        this.trace?.note('scpi', `${this.name} failed: ${reason} (${what})`, this.name);
        reject(err);
      };
      const timer = setTimeout(() => fail(`no reply within ${this.timeoutMs} ms`), this.timeoutMs);
      const sentUs = monoUs();
      this.waiter = (line, atUs) => {
        clearTimeout(timer);
        if (line === '\u0000closed') fail('the connection is closed');
        else resolve({ value: line, sentUs, ackUs: atUs });
      };
      this.trace?.record({ dir: 'tx', protocol: 'scpi', channel: this.name, raw: command, summary: field, decoded: { sentUs } });
      this.socket.write(`${command}\n`);
    });
  }
}
