import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IsoTpChannel } from '../../src/isotp';
import { LoopbackCanBus } from '../../src/transport/can/loopback';
import { UdsEcu } from '../../src/uds/ecu';
import { loadEcuFixture, REFERENCE_ECU_FIXTURE } from '../../src/uds/fixture';
import { IsoTpDiagLink, openIsoTpDiagLink } from '../../src/uds/isotp-link';
import { UdsTester } from '../../src/uds/tester';
import { parseHex } from '../../src/uds/codec';
import * as v from '../../src/uds/verdicts';

test('UDS over ISO-TP on a loopback CAN bus: multi-frame VIN, functional tester present', async () => {
  const bus = new LoopbackCanBus({ delivery: 'microtask' });
  const ecuLink = new IsoTpDiagLink(new IsoTpChannel(bus.open('ecu'), { txId: 0x7e8, rxId: 0x7e0, functionalRxId: 0x7df }), true);
  const ecu = new UdsEcu(loadEcuFixture(REFERENCE_ECU_FIXTURE), ecuLink);
  const link = openIsoTpDiagLink(bus.open('tester'), { txId: 0x7e0, rxId: 0x7e8 });
  const tester = new UdsTester(link, { p2Ms: 200, adoptSessionTiming: false });
  try {
    const vin = await tester.readDid(0xf190);
    assert.equal(Buffer.from(vin).toString('latin1'), 'WEVC0NF0RMANCE001');
    assert.ok(tester.last!.final!.elapsedUs < 200_000 && tester.last!.final!.elapsedUs >= 0, `P2 measured ${tester.last!.final!.elapsedUs} µs`);
    const ex = await tester.request(parseHex('3E 00'), { functional: true });
    v.assertPositive(ex);
  } finally {
    await tester.close();
    await link.close();
    await ecu.close();
    await ecuLink.close();
  }
});
