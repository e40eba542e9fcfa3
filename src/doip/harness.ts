/**
 * DoIP verdict helpers for the step files, on top of the diagnostic harness (src/uds/harness.ts). Each throws
 * a VerdictError naming what the entity sent.
 */
import { VerdictError, WaitTimeoutError } from '../core/errors';
import { hex, parseHex } from '../uds/codec';
import type { DiagHarness } from '../uds/harness';
import { GENERIC_NACK_NAMES, PT } from './header';
import { ROUTING_CODE_NAMES, type VehicleIdentification } from './payloads';
import { identify } from './tester';

/** Vehicle identification over UDP: exactly one well-formed answer; returns it. */
export async function identifyVehicle(h: DiagHarness): Promise<VehicleIdentification> {
  const ep = await h.doipEndpoint();
  const r = await identify({ host: ep.host, port: ep.udpPort, trace: h.o.trace, timeoutMs: h.o.rig.timeouts.get('doip', 'expect') / 4 });
  if (r.headerErrors.length) throw new VerdictError(`DoIP vehicle identification response has an invalid header: ${r.headerErrors.join('; ')}`, undefined, h.o.trace.recent(6));
  if (r.responses.length !== 1) throw new VerdictError(`expected one vehicle identification response, got ${r.responses.length}`, undefined, h.o.trace.recent(6));
  return r.responses[0];
}

export function expectIdentity(v: VehicleIdentification, vin: string, logicalAddress: number): void {
  if (v.vin !== vin || v.logicalAddress !== logicalAddress) {
    throw new VerdictError(`vehicle identification says VIN ${v.vin} / 0x${v.logicalAddress.toString(16)}, expected ${vin} / 0x${logicalAddress.toString(16)}`);
  }
}

/** Routing activation from `sourceAddress`; checks the response code and, for refusals, that the socket closes. */
export async function expectRoutingCode(h: DiagHarness, sourceAddress: number, code: number, activationType = 0x00): Promise<void> {
  const c = await h.doipConnect(sourceAddress);
  const r = await c.activateRouting(activationType, h.o.rig.timeouts.get('doip', 'ctrl'));
  const name = (x: number) => `0x${x.toString(16).padStart(2, '0')} ${ROUTING_CODE_NAMES[x] ?? 'reserved'}`;
  if (r.code !== code) throw new VerdictError(`routing activation for 0x${sourceAddress.toString(16).padStart(4, '0')}: expected ${name(code)}, got ${name(r.code)}`, undefined, h.o.trace.recent(6));
  if (code !== 0x10 && code !== 0x11 && !(await c.waitClosed(h.o.rig.timeouts.get('doip', 'ctrl')))) {
    throw new VerdictError(`the entity kept the socket open after refusing routing activation with ${name(code)}`, undefined, h.o.trace.recent(6));
  }
}

/** Sends raw bytes on a routed connection and expects a generic header NACK with `code`. */
export async function expectGenericNack(h: DiagHarness, rawHex: string, code: number): Promise<void> {
  const c = await h.doipConnect();
  try {
    await c.activateRouting(0x00, h.o.rig.timeouts.get('doip', 'ctrl'));
    c.sendRaw(parseHex(rawHex));
    const m = await c.next([PT.genericNack], h.o.rig.timeouts.get('doip', 'expect'));
    const want = `0x${code.toString(16).padStart(2, '0')} ${GENERIC_NACK_NAMES[code]}`;
    if (!m) throw new WaitTimeoutError(`expected generic DoIP header NACK ${want} for ${rawHex}, got none`, undefined, h.o.trace.recent(6));
    if (m.payload[0] !== code) throw new VerdictError(`expected generic DoIP header NACK ${want} for ${rawHex}, got 0x${hex(m.payload)} ${GENERIC_NACK_NAMES[m.payload[0]] ?? 'reserved'}`, undefined, h.o.trace.recent(6));
  } finally {
    // the next check registers the same tester address again: an open socket here would (rightly) make the
    // entity refuse it as already registered after a successful alive check
    await c.close();
  }
}
