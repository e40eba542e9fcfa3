/**
 * A small Modbus TCP server (written for the simulated bench; shares no code with the harness's Modbus client,
 * which is jsmodbus): MBAP framing, functions 01 read coils, 02 read discrete inputs, 03 read holding
 * registers, 04 read input registers, 05 write single coil, 06 write single register, 15 write multiple coils,
 * 16 write multiple registers. An address the register map does not know → exception 02 (illegal data
 * address); an unknown function → 01; a bad coil value → 03; another unit id → 0B (gateway target failed to
 * respond). Requests of one connection are answered in order; a write is answered once the map applied it (apply(): one change per request).
 * `silence(true)`: requests are read and never answered (an instrument that stopped answering).
 */
import { listenInstrument, type SimulatedInstrument } from './tcp-instrument';

/** What the server serves: `undefined` from a read / `false` from a write = no such address (exception 02). */
export interface ModbusRegisterMap {
  readCoil(address: number): boolean | undefined;
  writeCoil(address: number, on: boolean): boolean;
  readDiscreteInput(address: number): boolean | undefined;
  readInputRegister(address: number): number | undefined;
  readHoldingRegister(address: number): number | undefined;
  writeHoldingRegister(address: number, value: number): boolean;
  /** After the writes of one request: makes them take effect (the reply is sent when this resolves). */
  apply(): Promise<void>;
}

export type ModbusTcpServer = SimulatedInstrument;

class Exception extends Error {
  constructor(readonly code: number) {
    super(`modbus exception ${code}`);
  }
}

export async function startModbusTcpServer(map: ModbusRegisterMap, opts: { host?: string; port?: number; unitId?: number } = {}): Promise<ModbusTcpServer> {
  const unitId = opts.unitId ?? 1;
  return listenInstrument((socket, silent) => {
    let buffer = Buffer.alloc(0);
    let chain = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 7) {
        const length = buffer.readUInt16BE(4);
        if (length < 2 || length > 254) {
          socket.destroy(); // not Modbus TCP
          return;
        }
        if (buffer.length < 6 + length) break;
        const adu = buffer.subarray(0, 6 + length);
        buffer = buffer.subarray(6 + length);
        chain = chain.then(async () => {
          if (silent()) return;
          const reply = await answer(map, unitId, adu);
          if (!silent() && !socket.destroyed) socket.write(reply);
        });
      }
    });
  }, opts);
}

async function answer(map: ModbusRegisterMap, unitId: number, adu: Buffer): Promise<Buffer> {
  const header = adu.subarray(0, 7);
  const fc = adu[7];
  const pdu = adu.subarray(8);
  let body: Buffer;
  try {
    if (adu[6] !== unitId && adu[6] !== 0) throw new Exception(0x0b);
    body = await handle(map, fc, pdu);
  } catch (e) {
    // anything else that went wrong applying a write (the line closed): 04 server device failure
    body = Buffer.from([fc | 0x80, e instanceof Exception ? e.code : 0x04]);
  }
  const out = Buffer.alloc(7 + body.length);
  header.copy(out, 0);
  out.writeUInt16BE(body.length + 1, 4);
  body.copy(out, 7);
  return out;
}

function need(pdu: Buffer, bytes: number): void {
  if (pdu.length < bytes) throw new Exception(0x03);
}

async function handle(map: ModbusRegisterMap, fc: number, pdu: Buffer): Promise<Buffer> {
  switch (fc) {
    case 0x01:
    case 0x02: {
      need(pdu, 4);
      const start = pdu.readUInt16BE(0);
      const count = pdu.readUInt16BE(2);
      if (count < 1 || count > 2000) throw new Exception(0x03);
      const bytes = Buffer.alloc(Math.ceil(count / 8));
      for (let i = 0; i < count; i++) {
        const v = fc === 0x01 ? map.readCoil(start + i) : map.readDiscreteInput(start + i);
        if (v === undefined) throw new Exception(0x02);
        if (v) bytes[i >> 3] |= 1 << (i & 7);
      }
      return Buffer.concat([Buffer.from([fc, bytes.length]), bytes]);
    }
    case 0x03:
    case 0x04: {
      need(pdu, 4);
      const start = pdu.readUInt16BE(0);
      const count = pdu.readUInt16BE(2);
      if (count < 1 || count > 125) throw new Exception(0x03);
      const out = Buffer.alloc(2 + 2 * count);
      out[0] = fc;
      out[1] = 2 * count;
      for (let i = 0; i < count; i++) {
        const v = fc === 0x03 ? map.readHoldingRegister(start + i) : map.readInputRegister(start + i);
        if (v === undefined) throw new Exception(0x02);
        out.writeUInt16BE(v & 0xffff, 2 + 2 * i);
      }
      return out;
    }
    case 0x05: {
      need(pdu, 4);
      const value = pdu.readUInt16BE(2);
      if (value !== 0xff00 && value !== 0x0000) throw new Exception(0x03);
      if (!map.writeCoil(pdu.readUInt16BE(0), value === 0xff00)) throw new Exception(0x02);
      await map.apply();
      return Buffer.concat([Buffer.from([fc]), pdu.subarray(0, 4)]);
    }
    case 0x06: {
      need(pdu, 4);
      if (!map.writeHoldingRegister(pdu.readUInt16BE(0), pdu.readUInt16BE(2))) throw new Exception(0x02);
      await map.apply();
      return Buffer.concat([Buffer.from([fc]), pdu.subarray(0, 4)]);
    }
    case 0x0f: {
      need(pdu, 5);
      const start = pdu.readUInt16BE(0);
      const count = pdu.readUInt16BE(2);
      need(pdu, 5 + Math.ceil(count / 8));
      for (let i = 0; i < count; i++) {
        if (map.readCoil(start + i) === undefined) throw new Exception(0x02);
      }
      for (let i = 0; i < count; i++) map.writeCoil(start + i, (pdu[5 + (i >> 3)] & (1 << (i & 7))) !== 0);
      await map.apply();
      return Buffer.concat([Buffer.from([fc]), pdu.subarray(0, 4)]);
    }
    case 0x10: {
      need(pdu, 5);
      const start = pdu.readUInt16BE(0);
      const count = pdu.readUInt16BE(2);
      need(pdu, 5 + 2 * count);
      for (let i = 0; i < count; i++) {
        if (map.readHoldingRegister(start + i) === undefined) throw new Exception(0x02);
      }
      for (let i = 0; i < count; i++) map.writeHoldingRegister(start + i, pdu.readUInt16BE(5 + 2 * i));
      await map.apply();
      return Buffer.concat([Buffer.from([fc]), pdu.subarray(0, 4)]);
    }
    default:
      throw new Exception(0x01);
  }
}
