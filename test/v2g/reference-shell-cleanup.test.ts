/**
 * The reference shells leave nothing behind: after stop() no TCP/TLS/UDP handle or timer of theirs is active,
 * whether the session completed, the SECC was left mid-session, or the EVCC was stopped while retrying SDP.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { startReferenceEvcc, startReferenceSecc } from '../../src/reference/v2g';
import { createV2gPki, removeV2gPki } from '../../src/transport/tls/v2g-pki';
import { connectV2g } from '../../src/v2g/transport/connection';
import { discoverSecc } from '../../src/v2g/transport/sdp';
import { evccOptions, seccOptions, sapReq, ISO2_NS } from './reference-shell-helpers';

const ours = /^(TCPSocketWrap|TCPServerWrap|TCPWRAP|UDPWRAP|Timeout|TLSWrap)$/i;
function counts(): string {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) if (ours.test(r)) m.set(r, (m.get(r) ?? 0) + 1);
  return JSON.stringify([...m].sort());
}
async function settled(before: string): Promise<string> {
  // libuv finishes closing a handle a loop turn after its close callback: poll briefly (a real leak stays)
  for (let i = 0; i < 100 && counts() !== before; i++) await new Promise((r) => setTimeout(r, 10));
  return counts();
}

let dir: string | undefined;
after(async () => {
  if (dir) await removeV2gPki({ dir });
});

test('reference SECC (TCP + TLS listeners, SDP, a connection left mid-session) and reference EVCC (stopped while retrying SDP)', async () => {
  const pki = await createV2gPki();
  dir = pki.dir;
  const before = counts();
  const secc = await startReferenceSecc(seccOptions({ tls: 'tls12', pki }));
  await discoverSecc({ security: 'tls', address: '::1', port: secc.sdpPort, retryIntervalMs: 100, maxAttempts: 3 });
  const c = await connectV2g({ host: '::1', port: secc.tcpPort, timeoutMs: 2_000 });
  await c.send(0x8001, sapReq([{ ns: ISO2_NS, id: 1, prio: 1 }]));
  await c.receive(1_000, 'SAP res');
  await secc.stop();
  assert.equal(await c.waitClosed(1_000), true);
  await c.close();
  const evcc = await startReferenceEvcc(evccOptions(secc.sdpPort));
  await new Promise((r) => setTimeout(r, 150));
  await evcc.stop();
  assert.equal((await evcc.done).reason, 'stopped');
  assert.equal(await settled(before), before, JSON.stringify(process.getActiveResourcesInfo()));
});
