/**
 * Connection-level capabilities the 2.0.1 CSMS-under-test catalogue needs beyond the shared harness:
 * - starting the CSMS under test with reference-only options (a CSMS configured to answer the first
 *   BootNotification Pending — on a real CSMS the operator configures this before the test),
 * - probing that the CSMS refuses a WebSocket upgrade (wrong Basic credentials) or a TLS 1.1 handshake.
 * Each function takes the StationSideContext (and the rig) and leaves the generic harness API unchanged.
 */
import { EvcError, VerdictError } from '../../core/errors';
import type { StartedRig } from '../../rig/rig';
import { ConnectRefusedError, connectWs } from '../../transport/ws/client';
import type { StationSideContext } from '../side-context';
import { expectTls11Refused as tls11Refused } from '../security-check';

/**
 * Starts the CSMS under test configured to answer the station's first `pendingBoots` BootNotifications with
 * Pending, and connects the harness station to it (SP0/SP1): the harness's own start, with that CSMS option.
 */
export async function startWithPendingBoot(h: StationSideContext, rig: StartedRig, pendingBoots = 1): Promise<void> {
  const boots = pendingBoots > 1 ? `${pendingBoots} BootNotifications` : 'BootNotification';
  await rig.sutSetting(`configuring the CSMS to answer the first ${boots} with Pending`, `the CSMS answers the first ${boots} of station ${h.identity} with Pending`);
  if (h.isStarted) throw new EvcError('the CSMS must be configured before the station connects (put this step first)');
  if (h.securityProfile >= 2) throw new EvcError('a pending-boot CSMS is only set up here for security profiles 0 and 1');
  h.csmsBootPending = pendingBoots;
  await h.start();
}

/**
 * Opens a second WebSocket as the station with HTTP Basic `user:password` and requires the CSMS to refuse the
 * upgrade (HTTP 401/403/404). A connection that opens is closed again and fails the step.
 */
export async function expectUpgradeRefused(h: StationSideContext, user: string, password: string): Promise<void> {
  await h.start();
  const o = h.station!.opts;
  try {
    const conn = await connectWs({
      url: o.csmsUrl,
      identity: h.identity,
      subprotocols: ['ocpp2.0.1'],
      trace: o.trace,
      timeoutMs: o.connectTimeoutMs,
      basicAuth: { user, password },
      tls: o.securityProfile >= 2 ? { ca: o.tls?.ca } : undefined,
    });
    await conn.close();
  } catch (e) {
    if (e instanceof ConnectRefusedError && /HTTP 40[134]/.test(e.message)) return;
    throw new VerdictError(`Expected the CSMS to refuse the upgrade with HTTP 401: ${(e as Error).message}`);
  }
  throw new VerdictError(`The CSMS accepted a WebSocket upgrade with Basic credentials '${user}:${password}'`);
}

/**
 * Offers the CSMS a TLS handshake capped at TLS 1.1 (SP2/SP3): the CSMS must not complete it, and must speak
 * TLS 1.2+ on the same endpoint (plain WebSocket is a failure, not a refusal). See security-check.ts.
 */
export async function expectTls11Refused(h: StationSideContext): Promise<void> {
  await h.start();
  const o = h.station!.opts;
  await tls11Refused(o.csmsUrl, o.tls?.ca, o.trace, o.securityProfile === 3 ? { cert: o.tls?.cert, key: o.tls?.key } : undefined);
}
