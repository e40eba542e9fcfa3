/**
 * SUT = EVCC: the harness SECC presents a TLS chain the EVCC must refuse (a root that is not its V2G root, an
 * expired leaf). The EVCC must send no V2G message over it: it breaks the handshake off (the listener records
 * the failure), or — as clients that verify after the last handshake message do (Node, some stacks) — closes
 * the connection before its first V2GTP frame. It fails when a V2GTP frame (supportedAppProtocolReq) comes over
 * that chain, when it keeps the connection open without a word, or when it makes no TLS attempt at all within
 * seccCommunicationSetup (then nothing shows it refusing).
 */
import type { Trace } from '../../core/trace';
import { V2gClosedError, V2gTimeoutError, type V2gConnection } from '../transport/connection';
import { sleep, v2gVerdict } from './common';
import type { V2gLimits } from './context';
import type { SeccDriver } from './secc';

export async function expectTlsHandshakeRefused(driver: SeccDriver, limits: V2gLimits, trace: Trace, what: string): Promise<void> {
  await driver.ready();
  const server = driver.listener;
  if (!server) throw new Error('the harness SECC has no listener after ready()');
  const waitMs = Math.round(limits.ms('seccCommunicationSetup') * 1.2);
  const start = Date.now();
  let accepted: V2gConnection | undefined;
  void server.accept(waitMs).then((c) => (accepted = c), () => undefined);
  while (!accepted && server.handshakeFailures.length === 0 && Date.now() - start < waitMs) await sleep(20);
  const failure = server.handshakeFailures[0];
  if (failure && !accepted) {
    trace.note('v2g', `the EVCC broke the TLS handshake off (${failure.remote}: ${failure.message})`, 'v2g:harness-secc');
    return;
  }
  if (!accepted) throw v2gVerdict(trace, `the EVCC made no TLS connection attempt within ${limits.explain('seccCommunicationSetup')} (× 1.2): nothing shows it refusing ${what}`);
  const conn = accepted;
  try {
    const frame = await conn.receive(Math.max(50, waitMs - (Date.now() - start)), 'the EVCC to close the connection (it must not trust the chain)');
    throw v2gVerdict(trace, `the EVCC went on over TLS with a SECC presenting ${what}: it sent a V2GTP frame (payload type 0x${frame.payloadType.toString(16)}) where it must abort and send no V2G message`, { raw: frame.raw });
  } catch (e) {
    if (e instanceof V2gClosedError) {
      trace.note('v2g', `the EVCC closed the TLS connection ${conn.remote} without a V2G message (it refused the chain after the handshake)`, 'v2g:harness-secc');
      return;
    }
    if (e instanceof V2gTimeoutError) throw v2gVerdict(trace, `the EVCC completed the TLS handshake with a SECC presenting ${what} and kept the connection open without a word (${limits.explain('seccCommunicationSetup')} × 1.2): it must abort`);
    throw e;
  }
}
