/**
 * The raw SDP path (src/v2g/transport/sdp.ts openSdpProbe): bytes go out as given, every datagram that comes back
 * is kept (decoded when it is an SDP response), waits are bounded, and close() leaves no socket behind.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeSdpRequest, openSdpProbe, startSdpServer } from '../../src/v2g/transport/sdp';

const udpHandles = (): number => process.getActiveResourcesInfo().filter((r) => r === 'UDPWRAP').length;

test('a malformed request is sent as given and not answered; a well-formed one is, each time', async () => {
  const before = udpHandles();
  const server = await startSdpServer({ address: '::1', port: 0, answer: () => ({ address: '::1', port: 61851, security: 'tcp', transport: 'tcp' }) });
  const probe = await openSdpProbe({ address: '::1', port: server.port });
  try {
    const bad = Uint8Array.from(Buffer.from('02fd9000000000021000', 'hex'));
    await probe.send(bad, 'wrong version');
    assert.equal(await probe.nextDatagram(0, 100), undefined);
    for (let i = 0; i < 50 && server.rejected.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(Buffer.from(server.rejected[0]!.raw).toString('hex'), '02fd9000000000021000');
    for (let i = 0; i < 2; i++) {
      await probe.send(encodeSdpRequest('tcp'), 'well-formed');
      const got = await probe.nextDatagram(i, 2000);
      assert.deepEqual(got?.answer, { address: '::1', port: 61851, security: 'tcp', transport: 'tcp' });
    }
    assert.equal(probe.received.length, 2);
    assert.equal(server.requests.length, 2);
  } finally {
    await probe.close();
    await server.close();
  }
  assert.equal(await probe.nextDatagram(5, 10_000), undefined, 'a closed probe answers at once');
  await assert.rejects(probe.send(encodeSdpRequest('tcp'), 'after close'));
  for (let i = 0; i < 50 && udpHandles() !== before; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(udpHandles(), before);
});
