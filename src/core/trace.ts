/**
 * The scenario's frame trace: every frame of every protocol layer, in arrival order, with a monotonic
 * microsecond timestamp. Layers record into it; expectations read their "recent frames" from it; the World
 * attaches it to the report (JSON + sequence view) and writes it as NDJSON.
 */

/** tx = harness → SUT, rx = SUT → harness, note = harness-side annotation (connect, close, verdict…). */
export type Direction = 'tx' | 'rx' | 'note';

export interface FrameInput {
  dir: Direction;
  /** Protocol/layer name, e.g. `ocpp1.6`, `ws`, `can`, `isotp`, `uds`, `doip`, `exi`. */
  protocol: string;
  /** Which connection/interface/session the frame belongs to (identity, can0, 127.0.0.1:13400…). */
  channel?: string;
  /** The frame as it crossed the wire: text as is, binary as lowercase hex. */
  raw: string | Uint8Array;
  /** The decoded form, when the layer could decode it. */
  decoded?: unknown;
  /** One short line for the sequence view, e.g. `CALL BootNotification`. */
  summary?: string;
  /** Problems the layer noticed with this frame (schema violation, framing error…). */
  problems?: string[];
}

export interface Frame {
  seq: number;
  /** Microseconds since the trace was created (monotonic clock). */
  tUs: number;
  /** Wall-clock time, ISO 8601, for correlating with SUT logs. */
  wall: string;
  dir: Direction;
  protocol: string;
  channel?: string;
  raw: string;
  rawEncoding: 'text' | 'hex';
  decoded?: unknown;
  summary?: string;
  problems?: string[];
}

export type FrameListener = (frame: Frame) => void;

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

const MAX_RAW_IN_VIEW = 400;

export class Trace {
  private readonly origin = process.hrtime.bigint();
  private readonly items: Frame[] = [];
  private readonly listeners = new Set<FrameListener>();
  /** Frames kept at most; older ones are dropped (a flooding SUT must not exhaust memory). */
  constructor(private readonly limit = 100_000) {}

  nowUs(): number {
    return Number((process.hrtime.bigint() - this.origin) / 1000n);
  }

  record(input: FrameInput): Frame {
    const binary = typeof input.raw !== 'string';
    const frame: Frame = {
      seq: this.items.length === 0 ? 1 : this.items[this.items.length - 1].seq + 1,
      tUs: this.nowUs(),
      wall: new Date().toISOString(),
      dir: input.dir,
      protocol: input.protocol,
      channel: input.channel,
      raw: binary ? toHex(input.raw as Uint8Array) : (input.raw as string),
      rawEncoding: binary ? 'hex' : 'text',
      decoded: input.decoded,
      summary: input.summary,
      problems: input.problems && input.problems.length > 0 ? input.problems : undefined,
    };
    this.items.push(frame);
    if (this.items.length > this.limit) this.items.splice(0, this.items.length - this.limit);
    for (const l of this.listeners) l(frame);
    return frame;
  }

  note(protocol: string, summary: string, channel?: string): Frame {
    return this.record({ dir: 'note', protocol, channel, raw: '', summary });
  }

  subscribe(listener: FrameListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get frames(): readonly Frame[] {
    return this.items;
  }

  recent(count = 12): Frame[] {
    return this.items.slice(-count);
  }

  toNdjson(): string {
    return this.items.map((f) => JSON.stringify(f)).join('\n') + (this.items.length ? '\n' : '');
  }

  /** A readable sequence view: one line per frame, `time  dir  protocol  channel  summary  raw`. */
  toSequence(frames: readonly Frame[] = this.items): string {
    return frames.map(formatFrame).join('\n');
  }
}

export function formatFrame(f: Frame): string {
  const arrow = f.dir === 'tx' ? 'H→S' : f.dir === 'rx' ? 'S→H' : ' ·  ';
  const t = (f.tUs / 1000).toFixed(3).padStart(10);
  const raw = f.raw.length > MAX_RAW_IN_VIEW ? `${f.raw.slice(0, MAX_RAW_IN_VIEW)}… (${f.raw.length} chars)` : f.raw;
  const parts = [`${t} ms`, arrow, f.protocol.padEnd(9), f.channel ? `[${f.channel}]` : '', f.summary ?? '', raw];
  let line = parts.filter((p) => p !== '').join('  ');
  if (f.problems) line += `\n${' '.repeat(14)}!! ${f.problems.join('; ')}`;
  return line;
}
