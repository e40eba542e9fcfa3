/**
 * Verdicts on a tester (client) SUT, read from what the harness ECU (UdsEcu) received and did. Each throws a
 * VerdictError quoting the offending request bytes.
 */
import { VerdictError } from '../core/errors';
import type { Trace } from '../core/trace';
import { hex } from './codec';
import type { UdsEcu } from './ecu';

function fail(headline: string, trace?: Trace): never {
  throw new VerdictError(`tester: ${headline}`, undefined, trace?.recent(12) ?? []);
}

/** The tester kept its non-default session alive: the S3 server timer never expired. */
export function assertSessionHeld(ecu: UdsEcu, trace?: Trace): void {
  const e = ecu.events.find((x) => x.kind === 's3-timeout');
  if (e) fail(`let the session time out (S3 ${ecu.config.s3Ms} ms without a request): ${e.detail}`, trace);
}

/** Every SecurityAccess key the tester sent was valid. */
export function assertValidKeys(ecu: UdsEcu, trace?: Trace): void {
  const bad = ecu.events.find((x) => x.kind === 'security' && /invalid key/.test(x.detail));
  if (bad) {
    const req = ecu.received.filter((r) => r.data[0] === 0x27 && r.data[1] % 2 === 0).map((r) => hex(r.data));
    fail(`sent an invalid key (${bad.detail}); key requests: ${req.join(', ')}`, trace);
  }
}

/** No request (other than TesterPresent) arrived while the ECU was still working on the previous one (0x78 pending). */
export function assertWaitsForFinalResponse(ecu: UdsEcu, trace?: Trace): void {
  const r = ecu.received.find((x) => x.whileBusy && x.data[0] !== 0x3e);
  if (r) fail(`sent ${hex(r.data)} before the final response to the previous request (response pending)`, trace);
}

/** TransferData counters start at 0x01 after each RequestDownload and increase by one (wrapping FF → 00). */
export function assertBlockCounters(ecu: UdsEcu, trace?: Trace): void {
  let expected: number | undefined;
  for (const r of ecu.received) {
    if (r.data[0] === 0x34) expected = 0x01;
    else if (r.data[0] === 0x36 && expected !== undefined) {
      if (r.data[1] !== expected) fail(`TransferData ${hex(r.data.subarray(0, 4))}… carries block counter 0x${hex([r.data[1]])}, expected 0x${hex([expected])}`, trace);
      expected = (expected + 1) & 0xff;
    }
  }
}

/** Keep-alive TesterPresent requests set the suppressPosRsp bit (3E 80). */
export function assertKeepAliveSuppressed(ecu: UdsEcu, trace?: Trace): void {
  const r = ecu.received.find((x) => x.data[0] === 0x3e && (x.data[1] & 0x80) === 0);
  if (r) fail(`sent TesterPresent ${hex(r.data)} without the suppressPosRsp bit`, trace);
}

/** The tester sent at least one request of service `sid`. */
export function assertSent(ecu: UdsEcu, sid: number, trace?: Trace): void {
  if (!ecu.received.some((r) => r.data[0] === sid)) fail(`never sent service 0x${hex([sid])}`, trace);
}
