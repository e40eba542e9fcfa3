/**
 * Opening a diagnostic link to someone else's ECU for the command-line tools (`evc scan`, `evc serve tester`):
 * DoIP (vehicle identification over UDP first, then TCP with routing activation) or ISO-TP on SocketCAN.
 * Every wait is bounded; `close()` releases every socket.
 */
import { ConfigError, EvcError } from '../core/errors';
import type { Trace } from '../core/trace';
import type { VehicleIdentification } from '../doip/payloads';
import { IsoTpChannel } from '../isotp';
import type { CanChannel } from '../transport/can/channel';
import { DoipClient, identify } from '../doip/tester';
import { describeInterfaceProblem, openSocketCan } from '../transport/can/socketcan';
import { openIsoTpDiagLink } from './isotp-link';
import type { DiagLink } from './link';

export interface OpenedLink {
  link: DiagLink;
  via: string;
  identity?: VehicleIdentification;
  close(): Promise<void>;
}

export function parseHostPort(text: string, where: string): { host: string; port: number } {
  const m = /^([^:]+)(?::(\d+))?$/.exec(text);
  if (!m) throw new ConfigError(where, '--doip', `expected host[:port], got '${text}'`);
  return { host: m[1], port: m[2] ? parseInt(m[2], 10) : 13400 };
}

export async function openDoipLink(o: { host: string; port: number; udpPort?: number; source: number; target?: number; timeoutMs: number; trace?: Trace }): Promise<OpenedLink> {
  const id = await identify({ host: o.host, port: o.udpPort ?? o.port, timeoutMs: Math.min(1000, o.timeoutMs), trace: o.trace });
  const identity = id.responses[0];
  const target = o.target ?? identity?.logicalAddress;
  if (target === undefined) throw new EvcError(`no DoIP vehicle identification answer from ${o.host}:${o.udpPort ?? o.port} and no --target given`);
  const client = await DoipClient.connect({ host: o.host, port: o.port, sourceAddress: o.source, trace: o.trace, connectTimeoutMs: o.timeoutMs });
  try {
    const ra = await client.activateRouting(0x00, o.timeoutMs);
    if (ra.code !== 0x10) throw new EvcError(`DoIP routing activation from 0x${o.source.toString(16)} refused with code 0x${ra.code.toString(16).padStart(2, '0')}`);
  } catch (e) {
    await client.close();
    throw e;
  }
  const link = client.diagLink(target, { ackTimeoutMs: o.timeoutMs });
  return { link, identity, via: `DoIP ${o.host}:${o.port} target 0x${target.toString(16).padStart(4, '0')}`, close: () => client.close() };
}

export function openCanLink(o: { ifname: string; tx: number; rx: number; functionalId: number; trace?: Trace }): OpenedLink {
  const problem = describeInterfaceProblem(o.ifname);
  if (problem) throw new ConfigError('--can', o.ifname, problem);
  const channel = openSocketCan(o.ifname, { trace: o.trace });
  const link = openIsoTpDiagLink(channel, { txId: o.tx, rxId: o.rx, functionalTxId: o.functionalId, trace: o.trace });
  return {
    link,
    via: `ISO-TP on ${o.ifname} 0x${o.tx.toString(16)}/0x${o.rx.toString(16)}`,
    close: async () => {
      await link.close();
      channel.close();
    },
  };
}

/** OBD/UDS 11-bit physical request ids 0x7E0–0x7E7, each answered on id + 8 (ISO 15765-4). */
export const DEFAULT_CAN_CANDIDATES: { tx: number; rx: number }[] = Array.from({ length: 8 }, (_, i) => ({ tx: 0x7e0 + i, rx: 0x7e8 + i }));

/**
 * Diagnostic address discovery on CAN: TesterPresent (3E 00) to each candidate request id; the pairs that
 * answer on their response id are ECUs. Each probe waits at most `timeoutMs`.
 */
export async function findCanAddresses(can: CanChannel, candidates = DEFAULT_CAN_CANDIDATES, timeoutMs = 200): Promise<{ tx: number; rx: number }[]> {
  const found: { tx: number; rx: number }[] = [];
  for (const c of candidates) {
    const isotp = new IsoTpChannel(can, { txId: c.tx, rxId: c.rx, ext: c.tx > 0x7ff });
    try {
      await isotp.send(Uint8Array.of(0x3e, 0x00));
      const m = await isotp.receive(timeoutMs).catch(() => undefined);
      if (m && m.payload[0] !== undefined && (m.payload[0] === 0x7e || (m.payload[0] === 0x7f && m.payload[1] === 0x3e))) found.push(c);
    } finally {
      isotp.close();
    }
  }
  return found;
}
