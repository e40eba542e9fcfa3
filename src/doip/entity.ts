/**
 * DoIP entity (gateway) role: UDP vehicle identification and announcements, TCP routing activation with
 * alive check of a registered address, initial/general inactivity timers, diagnostic messages routed to
 * UDS ECUs behind DiagLinks (one per logical address; the functional address reaches all of them).
 * Loopback by default; ports 0 pick ephemeral ports.
 */
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import type { Trace } from '../core/trace';
import type { DoipIdentityConfig } from '../uds/fixture';
import type { DiagLink } from '../uds/link';
import { decodeMessage, type DoipMessage, DoipStreamParser, encodeMessage, GENERIC_NACK, PT, checkHeader, decodeHeader } from './header';
import * as P from './payloads';

export interface DoipEntityFaults {
  nackWrongPayloadType?: boolean;
  routingWrongCode?: boolean;
  noDiagAck?: boolean;
  wrongInverseVersion?: boolean;
}

export interface DoipEntityOptions {
  host?: string;
  /** TCP data port (default 13400; 0 = ephemeral). */
  tcpPort?: number;
  /** UDP discovery port (default 13400; 0 = ephemeral). */
  udpPort?: number;
  identity: DoipIdentityConfig;
  /** ECUs behind the gateway, by logical address (the entity's own address may be one of them). */
  targets: Map<number, DiagLink>;
  functionalAddress?: number;
  maxSockets?: number;
  /** T_TCP_Initial_Inactivity (default 2000 ms). */
  initialInactivityMs?: number;
  /** T_TCP_General_Inactivity (default 300000 ms). */
  generalInactivityMs?: number;
  /** T_TCP_Alive_Check (default 500 ms). */
  aliveCheckMs?: number;
  /** Send vehicle announcements to host:port after start. */
  announce?: { port: number; host?: string; count?: number; intervalMs?: number; maxInitialDelayMs?: number };
  version?: number;
  furtherAction?: number;
  faults?: DoipEntityFaults;
  trace?: Trace;
}

interface Conn {
  id: number;
  socket: net.Socket;
  parser: DoipStreamParser;
  sa?: number;
  timer?: NodeJS.Timeout;
  aliveWaiter?: (ok: boolean) => void;
}

export class DoipEntity {
  private readonly conns = new Set<Conn>();
  private readonly lastRequester = new Map<number, Conn>();
  private readonly offs: (() => void)[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextConnId = 1;
  private closed = false;
  readonly version: number;

  private constructor(
    readonly opts: DoipEntityOptions,
    private readonly tcp: net.Server,
    private readonly udp: dgram.Socket,
  ) {
    this.version = opts.version ?? 0x02;
    for (const [la, link] of opts.targets) this.offs.push(link.onPdu((pdu) => this.fromEcu(la, pdu.data)));
  }

  static async start(opts: DoipEntityOptions): Promise<DoipEntity> {
    const host = opts.host ?? '127.0.0.1';
    const tcp = net.createServer();
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(opts.tcpPort ?? 13400, host, () => resolve());
    });
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(opts.udpPort ?? 13400, host, () => resolve());
    }).catch((e) => {
      tcp.close();
      throw e;
    });
    const entity = new DoipEntity(opts, tcp, udp);
    tcp.on('connection', (s) => entity.accept(s));
    udp.on('message', (msg, rinfo) => entity.onUdp(new Uint8Array(msg), rinfo));
    if (opts.announce) entity.scheduleAnnouncements();
    return entity;
  }

  get tcpPort(): number {
    return (this.tcp.address() as net.AddressInfo).port;
  }

  get udpPort(): number {
    return this.udp.address().port;
  }

  get host(): string {
    return this.opts.host ?? '127.0.0.1';
  }

  get openSockets(): number {
    return this.conns.size;
  }

  /** Logical addresses registered by routing activation, per open socket. */
  get registered(): number[] {
    return [...this.conns].filter((c) => c.sa !== undefined).map((c) => c.sa!);
  }

  private frame(payloadType: number, payload: Uint8Array | readonly number[]): Uint8Array {
    const inverse = this.opts.faults?.wrongInverseVersion ? this.version : undefined;
    return encodeMessage(payloadType, payload, this.version, inverse);
  }

  private record(dir: 'tx' | 'rx', channel: string, msg: DoipMessage | undefined, raw: Uint8Array, problem?: string): void {
    if (!this.opts.trace) return;
    const d = msg ? P.describePayload(msg.payloadType, msg.payload) : { decoded: undefined, summary: 'undecodable DoIP bytes' };
    this.opts.trace.record({ dir, protocol: 'doip', channel, raw, decoded: d.decoded, summary: `entity ${d.summary}`, problems: problem ? [problem] : undefined });
  }

  // ---- UDP --------------------------------------------------------------------------------------------------------
  private identification(): Uint8Array {
    const id = this.opts.identity;
    return this.frame(PT.vehicleAnnouncement, P.encodeVehicleIdentification({ vin: id.vin, logicalAddress: id.logicalAddress, eid: id.eid, gid: id.gid, furtherAction: this.opts.furtherAction ?? 0x00 }));
  }

  private udpSend(bytes: Uint8Array, port: number, address: string): void {
    if (this.closed) return;
    this.udp.send(bytes, port, address);
  }

  private onUdp(bytes: Uint8Array, rinfo: dgram.RemoteInfo): void {
    const channel = `udp ${rinfo.address}:${rinfo.port}`;
    if (bytes.length < 8) return;
    const header = decodeHeader(bytes);
    const code = checkHeader(header, { maxPayloadLength: this.opts.identity.maxDataSize });
    let msg: DoipMessage | undefined;
    try {
      msg = code === undefined ? decodeMessage(bytes) : undefined;
    } catch {
      msg = undefined;
    }
    this.record('rx', channel, msg, bytes);
    if (!msg) {
      const nack = code ?? GENERIC_NACK.invalidPayloadLength;
      return this.udpReply(channel, this.frame(PT.genericNack, [this.nackCode(nack)]), rinfo);
    }
    const id = this.opts.identity;
    const p = msg.payload;
    switch (msg.payloadType) {
      case PT.vehicleIdRequest:
        return this.udpReply(channel, this.identification(), rinfo);
      case PT.vehicleIdRequestEid:
        if (p.every((b, i) => b === id.eid[i])) this.udpReply(channel, this.identification(), rinfo);
        return;
      case PT.vehicleIdRequestVin:
        if (Buffer.from(p).toString('latin1') === id.vin) this.udpReply(channel, this.identification(), rinfo);
        return;
      case PT.entityStatusRequest:
        return this.udpReply(channel, this.entityStatus(), rinfo);
      case PT.powerModeRequest:
        return this.udpReply(channel, this.frame(PT.powerModeResponse, [P.POWER_MODE.ready]), rinfo);
      default:
        return;
    }
  }

  private udpReply(channel: string, bytes: Uint8Array, rinfo: dgram.RemoteInfo): void {
    this.record('tx', channel, safeDecode(bytes), bytes);
    this.udpSend(bytes, rinfo.port, rinfo.address);
  }

  private entityStatus(): Uint8Array {
    return this.frame(PT.entityStatusResponse, P.encodeEntityStatus({ nodeType: 0x00, maxSockets: this.opts.maxSockets ?? 4, openSockets: this.conns.size, maxDataSize: this.opts.identity.maxDataSize }));
  }

  private scheduleAnnouncements(): void {
    const a = this.opts.announce!;
    const count = a.count ?? 3;
    const interval = a.intervalMs ?? 500;
    const first = Math.random() * (a.maxInitialDelayMs ?? 500);
    for (let i = 0; i < count; i++) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        const bytes = this.identification();
        this.record('tx', `udp ${a.host ?? '127.0.0.1'}:${a.port}`, safeDecode(bytes), bytes);
        this.udpSend(bytes, a.port, a.host ?? '127.0.0.1');
      }, first + i * interval);
      this.timers.add(t);
    }
  }

  // ---- TCP --------------------------------------------------------------------------------------------------------
  private accept(socket: net.Socket): void {
    if (this.closed) return void socket.destroy();
    const conn: Conn = { id: this.nextConnId++, socket, parser: new DoipStreamParser({ maxPayloadLength: this.opts.identity.maxDataSize + 4, versions: [0x01, 0x02, 0x03] }) };
    // (0xFF, the default version, is only for UDP vehicle identification requests.)
    this.conns.add(conn);
    socket.setNoDelay(true);
    this.arm(conn, this.opts.initialInactivityMs ?? 2000, 'initial inactivity');
    socket.on('data', (chunk) => this.onData(conn, new Uint8Array(chunk)));
    socket.on('error', () => undefined);
    socket.on('close', () => this.drop(conn));
  }

  private channel(conn: Conn): string {
    return `tcp#${conn.id}${conn.sa !== undefined ? ` 0x${conn.sa.toString(16).padStart(4, '0')}` : ''}`;
  }

  private arm(conn: Conn, ms: number, what: string): void {
    if (conn.timer) clearTimeout(conn.timer);
    conn.timer = setTimeout(() => {
      this.opts.trace?.note('doip', `entity closes ${this.channel(conn)}: ${what} timer (${ms} ms) expired`);
      conn.socket.destroy();
    }, ms);
  }

  private drop(conn: Conn): void {
    if (conn.timer) clearTimeout(conn.timer);
    conn.aliveWaiter?.(false);
    this.conns.delete(conn);
    for (const [la, c] of this.lastRequester) if (c === conn) this.lastRequester.delete(la);
  }

  private send(conn: Conn, bytes: Uint8Array): void {
    if (conn.socket.destroyed) return;
    this.record('tx', this.channel(conn), safeDecode(bytes), bytes);
    conn.socket.write(bytes);
  }

  private nackCode(code: number): number {
    return code === GENERIC_NACK.unknownPayloadType && this.opts.faults?.nackWrongPayloadType ? GENERIC_NACK.invalidPayloadLength : code;
  }

  private onData(conn: Conn, chunk: Uint8Array): void {
    for (const ev of conn.parser.push(chunk)) {
      if (ev.kind === 'nack') {
        this.record('rx', this.channel(conn), undefined, ev.raw, `generic header NACK 0x${ev.code.toString(16).padStart(2, '0')}`);
        this.send(conn, this.frame(PT.genericNack, [this.nackCode(ev.code)]));
        if (ev.code === GENERIC_NACK.incorrectPattern || ev.code === GENERIC_NACK.invalidPayloadLength) conn.socket.end();
        continue;
      }
      this.record('rx', this.channel(conn), ev.message, ev.raw);
      if (conn.sa !== undefined) this.arm(conn, this.opts.generalInactivityMs ?? 300_000, 'general inactivity');
      void this.onMessage(conn, ev.message);
    }
  }

  private async onMessage(conn: Conn, m: DoipMessage): Promise<void> {
    switch (m.payloadType) {
      case PT.routingActivationRequest:
        return this.routingActivation(conn, P.decodeRoutingActivationRequest(m.payload));
      case PT.aliveCheckResponse:
        conn.aliveWaiter?.(true);
        return;
      case PT.diagnosticMessage:
        return this.diagnostic(conn, P.decodeDiagnosticMessage(m.payload));
      case PT.entityStatusRequest:
        return this.send(conn, this.entityStatus());
      case PT.powerModeRequest:
        return this.send(conn, this.frame(PT.powerModeResponse, [P.POWER_MODE.ready]));
      default:
        return;
    }
  }

  /** Sends an alive check request; resolves true when the socket answers within T_TCP_Alive_Check. */
  aliveCheck(conn: Conn): Promise<boolean> {
    return new Promise((resolve) => {
      const t = setTimeout(() => finish(false), this.opts.aliveCheckMs ?? 500);
      const finish = (ok: boolean) => {
        clearTimeout(t);
        conn.aliveWaiter = undefined;
        resolve(ok);
      };
      conn.aliveWaiter = finish;
      this.send(conn, this.frame(PT.aliveCheckRequest, []));
    });
  }

  private async routingActivation(conn: Conn, r: P.RoutingActivationRequest): Promise<void> {
    const la = this.opts.identity.logicalAddress;
    const reply = (code: number) => {
      this.send(conn, this.frame(PT.routingActivationResponse, P.encodeRoutingActivationResponse({ testerAddress: r.sourceAddress, entityAddress: la, code })));
      if (P.ROUTING_CODES_CLOSING.has(code)) setTimeout(() => conn.socket.end(), 20).unref();
    };
    const known = this.opts.identity.testerAddresses;
    if (known && !known.includes(r.sourceAddress)) return reply(this.opts.faults?.routingWrongCode ? P.ROUTING_CODE.unsupportedActivationType : P.ROUTING_CODE.unknownSourceAddress);
    if (![P.ACTIVATION_TYPE.default, P.ACTIVATION_TYPE.whoIsRegulatory, P.ACTIVATION_TYPE.centralSecurity].includes(r.activationType as 0)) {
      return reply(P.ROUTING_CODE.unsupportedActivationType);
    }
    if (conn.sa !== undefined && conn.sa !== r.sourceAddress) return reply(P.ROUTING_CODE.sourceAddressMismatch);
    const other = [...this.conns].find((c) => c !== conn && c.sa === r.sourceAddress);
    if (other) {
      if (await this.aliveCheck(other)) return reply(P.ROUTING_CODE.sourceAddressAlreadyRegistered);
      other.socket.destroy();
    }
    const active = [...this.conns].filter((c) => c.sa !== undefined && c !== conn);
    if (active.length >= (this.opts.maxSockets ?? 4)) {
      const alive = await Promise.all(active.map((c) => this.aliveCheck(c)));
      const dead = active.filter((_, i) => !alive[i]);
      if (dead.length === 0) return reply(P.ROUTING_CODE.noFreeSocket);
      dead[0].socket.destroy();
    }
    conn.sa = r.sourceAddress;
    this.arm(conn, this.opts.generalInactivityMs ?? 300_000, 'general inactivity');
    reply(P.ROUTING_CODE.success);
  }

  private diagnostic(conn: Conn, m: P.DiagnosticMessage): void {
    const ack = (type: number, code: number) =>
      this.send(conn, this.frame(type, P.encodeDiagnosticAck({ sourceAddress: m.targetAddress, targetAddress: m.sourceAddress, code, previous: new Uint8Array(0) })));
    if (conn.sa === undefined || conn.sa !== m.sourceAddress) {
      ack(PT.diagnosticNack, P.DIAG_NACK.invalidSourceAddress);
      setTimeout(() => conn.socket.end(), 20).unref();
      return;
    }
    const functional = m.targetAddress === (this.opts.functionalAddress ?? 0xe400);
    const targets = functional ? [...this.opts.targets.keys()] : this.opts.targets.has(m.targetAddress) ? [m.targetAddress] : [];
    if (targets.length === 0) return ack(PT.diagnosticNack, P.DIAG_NACK.unknownTargetAddress);
    if (m.data.length > this.opts.identity.maxDataSize) return ack(PT.diagnosticNack, P.DIAG_NACK.messageTooLarge);
    if (!this.opts.faults?.noDiagAck) ack(PT.diagnosticAck, 0x00);
    for (const la of targets) {
      this.lastRequester.set(la, conn);
      this.opts.targets.get(la)!.send(m.data, { functional }).catch(() => undefined);
    }
  }

  private fromEcu(la: number, data: Uint8Array): void {
    const conn = this.lastRequester.get(la);
    if (!conn || conn.sa === undefined) return;
    this.send(conn, this.frame(PT.diagnosticMessage, P.encodeDiagnosticMessage({ sourceAddress: la, targetAddress: conn.sa, data })));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const off of this.offs) off();
    for (const t of this.timers) clearTimeout(t);
    for (const c of this.conns) {
      if (c.timer) clearTimeout(c.timer);
      c.socket.destroy();
    }
    await new Promise<void>((r) => this.tcp.close(() => r()));
    await new Promise<void>((r) => this.udp.close(() => r()));
  }
}

function safeDecode(bytes: Uint8Array): DoipMessage | undefined {
  try {
    return decodeMessage(bytes);
  } catch {
    return undefined;
  }
}
