import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as dgram from 'node:dgram';
import { Trace } from '../../src/core/trace';
import { DoipEntity } from '../../src/doip/entity';
import { hex, parseHex } from '../../src/uds/codec';
import { UdsEcu } from '../../src/uds/ecu';
import { loadEcuFixture, REFERENCE_ECU_FIXTURE } from '../../src/uds/fixture';
import { createLinkPair } from '../../src/uds/link';
import { UdsTester } from '../../src/uds/tester';
import * as v from '../../src/uds/verdicts';
import { encodeMessage, PT, decodeMessage } from '../../src/doip/header';
import * as P from '../../src/doip/payloads';
import { DoipClient, DoipDiagNackError, identify, udpExchange } from '../../src/doip/tester';
import { ReferenceDoipEntity, type ReferenceDoipOptions } from '../../src/reference/ecu/doip';

async function withEntity(opts: ReferenceDoipOptions, fn: (e: ReferenceDoipEntity) => Promise<void>) {
  const e = await ReferenceDoipEntity.start(opts);
  try {
    await fn(e);
  } finally {
    await e.close();
  }
}

async function routed(e: ReferenceDoipEntity, sa = 0x0e00) {
  const c = await DoipClient.connect({ port: e.tcpPort, sourceAddress: sa });
  const r = await c.activateRouting();
  assert.equal(r.code, P.ROUTING_CODE.success);
  return c;
}

test('UDP identification (all / by VIN / by EID) on an ephemeral port', () =>
  withEntity({}, async (e) => {
    const all = await identify({ port: e.udpPort, timeoutMs: 150 });
    assert.equal(all.responses.length, 1);
    assert.equal(all.responses[0].vin, 'WEVC0NF0RMANCE001');
    assert.equal(all.responses[0].logicalAddress, 0x0010);
    assert.equal(all.responses[0].version, 0x02);
    assert.equal((await identify({ port: e.udpPort, timeoutMs: 150, vin: 'WEVC0NF0RMANCE001' })).responses.length, 1);
    assert.equal((await identify({ port: e.udpPort, timeoutMs: 150, vin: 'XXXXXXXXXXXXXXXXX' })).responses.length, 0);
    assert.equal((await identify({ port: e.udpPort, timeoutMs: 150, eid: parseHex('02 00 00 EC 00 01') })).responses.length, 1);
  }));

test('routing activation then UDS over DoIP with ACKs and P2 timing', () =>
  withEntity({}, async (e) => {
    const c = await routed(e);
    const link = c.diagLink(0x0010);
    const t = new UdsTester(link, { p2Ms: 200, adoptSessionTiming: false });
    try {
      assert.equal(Buffer.from(await t.readDid(0xf190)).toString('latin1'), 'WEVC0NF0RMANCE001');
      assert.ok(t.last!.final!.elapsedUs < 200_000);
      v.assertNegative(await t.request(parseHex('22 F1 99')), 0x31);
      v.assertPositive(await t.request(parseHex('3E 00'), { functional: true }));
    } finally {
      await t.close();
      await link.close();
      await c.close();
    }
  }));

test('routing activation codes: unknown source 0x00 (closes), unsupported type 0x06, mismatch 0x02', () =>
  withEntity({}, async (e) => {
    const c1 = await DoipClient.connect({ port: e.tcpPort, sourceAddress: 0x0f00 });
    assert.equal((await c1.activateRouting()).code, P.ROUTING_CODE.unknownSourceAddress);
    assert.ok(await c1.waitClosed(500));
    const c2 = await DoipClient.connect({ port: e.tcpPort, sourceAddress: 0x0e00 });
    assert.equal((await c2.activateRouting(0x42)).code, P.ROUTING_CODE.unsupportedActivationType);
    await c2.close();
    const c3 = await routed(e);
    assert.equal((await c3.activateRouting(0, 2000, 0x0e80)).code, P.ROUTING_CODE.sourceAddressMismatch);
    await c3.close();
  }));

test('already registered address: alive check answered → 0x03; unanswered → old socket dropped', () =>
  withEntity({ aliveCheckMs: 100 }, async (e) => {
    const a = await routed(e);
    const b = await DoipClient.connect({ port: e.tcpPort, sourceAddress: 0x0e00 });
    assert.equal((await b.activateRouting()).code, P.ROUTING_CODE.sourceAddressAlreadyRegistered);
    await b.close();
    const silent = await DoipClient.connect({ port: e.tcpPort, sourceAddress: 0x0e80, answerAliveCheck: false });
    assert.equal((await silent.activateRouting()).code, P.ROUTING_CODE.success);
    const d = await DoipClient.connect({ port: e.tcpPort, sourceAddress: 0x0e80 });
    assert.equal((await d.activateRouting()).code, P.ROUTING_CODE.success);
    assert.ok(await silent.waitClosed(500));
    await a.close();
    await d.close();
  }));

test('diagnostic NACKs: unknown target 0x03, not activated 0x02', () =>
  withEntity({}, async (e) => {
    const c = await routed(e);
    await assert.rejects(c.diagLink(0x0777).send(parseHex('3E 00')), (err: Error) => err instanceof DoipDiagNackError && /NACK 0x03 unknownTargetAddress/.test(err.message));
    await c.close();
    const n = await DoipClient.connect({ port: e.tcpPort, sourceAddress: 0x0e00 });
    await assert.rejects(n.diagLink(0x0010).send(parseHex('3E 00')), /NACK 0x02 invalidSourceAddress/);
    await n.close();
  }));

test('generic NACKs over TCP: unknown type 0x01 keeps the socket, bad pattern 0x00 and bad length 0x04 close it', () =>
  withEntity({}, async (e) => {
    const c = await routed(e);
    c.sendRaw(encodeMessage(0x1234, [1, 2]));
    assert.equal(hex((await c.next([PT.genericNack], 500))!.payload), '01');
    c.sendRaw(encodeMessage(PT.entityStatusRequest));
    assert.equal(P.decodeEntityStatus((await c.next([PT.entityStatusResponse], 500))!.payload).openSockets, 1);
    c.sendRaw(parseHex('02 02 00 05 00 00 00 00'));
    assert.equal(hex((await c.next([PT.genericNack], 500))!.payload), '00');
    assert.ok(await c.waitClosed(500));
    const d = await routed(e);
    d.sendRaw(encodeMessage(PT.aliveCheckResponse, [1, 2, 3]));
    assert.equal(hex((await d.next([PT.genericNack], 500))!.payload), '04');
    assert.ok(await d.waitClosed(500));
  }));

test('initial inactivity timer closes a socket without routing activation', () =>
  withEntity({ initialInactivityMs: 100 }, async (e) => {
    const c = await DoipClient.connect({ port: e.tcpPort, sourceAddress: 0x0e00 });
    assert.ok(await c.waitClosed(500));
  }));

test('announcements: count and spacing on a listening UDP port', async () => {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  const got: number[] = [];
  sock.on('message', (m) => {
    if (decodeMessage(new Uint8Array(m)).payloadType === PT.vehicleAnnouncement) got.push(Date.now());
  });
  try {
    await withEntity({ announce: { port: sock.address().port, count: 3, intervalMs: 60, maxInitialDelayMs: 20 } }, async () => {
      // bounded wait for the three announcements (a loaded machine delays timers), then a margin for a 4th
      for (const until = Date.now() + 3000; got.length < 3 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 150));
    });
    assert.equal(got.length, 3);
    assert.ok(got[2] - got[0] >= 100);
  } finally {
    await new Promise<void>((r) => sock.close(() => r()));
  }
});

test('DoIP faults change behaviour observably', async () => {
  await withEntity({ faults: ['doip-nack-wrong-payload-type'] }, async (e) => {
    const c = await routed(e);
    c.sendRaw(encodeMessage(0x1234, [1, 2]));
    assert.equal(hex((await c.next([PT.genericNack], 500))!.payload), '04');
    await c.close();
  });
  await withEntity({ faults: ['doip-routing-wrong-code'] }, async (e) => {
    const c = await DoipClient.connect({ port: e.tcpPort, sourceAddress: 0x0f00 });
    assert.equal((await c.activateRouting()).code, P.ROUTING_CODE.unsupportedActivationType);
    await c.close();
  });
  await withEntity({ faults: ['doip-no-diag-ack'] }, async (e) => {
    const c = await routed(e);
    await assert.rejects(c.diagLink(0x0010, { ackTimeoutMs: 150 }).send(parseHex('3E 00')), /no diagnostic message ACK/);
    await c.close();
  });
  await withEntity({ faults: ['doip-wrong-inverse-version'] }, async (e) => {
    const replies = await udpExchange(encodeMessage(PT.vehicleIdRequest, [], 0xff), e.udpPort);
    assert.equal(replies.length, 1);
    assert.notEqual(replies[0][1], ~replies[0][0] & 0xff);
  });
});

test('UDP: bad header pattern gets generic NACK 0x00, entity status and power mode are answered', () =>
  withEntity({}, async (e) => {
    const nack = await udpExchange(parseHex('02 02 00 01 00 00 00 00'), e.udpPort);
    assert.equal(nack.length, 1);
    const m = decodeMessage(nack[0]);
    assert.equal(m.payloadType, PT.genericNack);
    assert.equal(hex(m.payload), '00');
    const st = await udpExchange(encodeMessage(PT.entityStatusRequest), e.udpPort);
    assert.deepEqual(P.decodeEntityStatus(decodeMessage(st[0]).payload), { nodeType: 0, maxSockets: 4, openSockets: 0, maxDataSize: 4096 });
    const pm = await udpExchange(encodeMessage(PT.powerModeRequest), e.udpPort);
    assert.equal(hex(decodeMessage(pm[0]).payload), '01');
  }));

test('general inactivity timer closes a routed socket that goes quiet', () =>
  withEntity({ generalInactivityMs: 150 }, async (e) => {
    const c = await routed(e);
    assert.equal(await c.waitClosed(80), false);
    assert.ok(await c.waitClosed(500));
  }));

test('the entity records its frames when it is the harness side (trace given)', async () => {
  const cfg = loadEcuFixture(REFERENCE_ECU_FIXTURE);
  const trace = new Trace();
  const [gw, ecuSide] = createLinkPair();
  const ecu = new UdsEcu(cfg, ecuSide, { trace });
  const entity = await DoipEntity.start({ tcpPort: 0, udpPort: 0, identity: cfg.doip, targets: new Map([[0x10, gw]]), trace });
  try {
    const c = await DoipClient.connect({ port: entity.tcpPort, sourceAddress: 0x0e00 });
    await c.activateRouting();
    const t = new UdsTester(c.diagLink(0x10), { p2Ms: 200 });
    v.assertPositive(await t.request(parseHex('10 03')));
    await t.close();
    await c.close();
    assert.ok(trace.frames.some((f) => f.protocol === 'doip' && f.dir === 'rx' && /routingActivationRequest/.test(f.summary ?? '')));
    assert.ok(trace.frames.some((f) => f.protocol === 'uds' && f.dir === 'rx' && /DiagnosticSessionControl/.test(f.summary ?? '')));
  } finally {
    await entity.close();
    await ecu.close();
  }
});
