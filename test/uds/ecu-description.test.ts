import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ConfigError } from '../../src/core/errors';
import { PROJECT_ROOT } from '../../src/core/load';
import { describedDids, didMismatch, dtcResponseHex, ecuDescriptionPath, ecuNotApplicable, ecuVariables, loadEcuDescription } from '../../src/uds/ecu-description';
import { parseEcuFixture, REFERENCE_ECU_FIXTURE } from '../../src/uds/fixture';
import { hex, parseHex } from '../../src/uds/codec';
import { IsoTpChannel } from '../../src/isotp';
import { startReferenceEcuOnCan } from '../../src/reference/ecu/ecu';
import { LoopbackCanBus } from '../../src/transport/can';
import { DEFAULT_CAN_CANDIDATES, findCanAddresses } from '../../src/uds/scanner-link';
import { referenceFixture } from './helpers';

const ALT = path.join(PROJECT_ROOT, 'fixtures', 'ecu', 'reference-ecu-alt.json');

test('the rig names the ECU description; without one it is the reference ECU', () => {
  assert.equal(ecuDescriptionPath({}), REFERENCE_ECU_FIXTURE);
  assert.equal(ecuDescriptionPath({ uds: { ecu: 'fixtures/ecu/reference-ecu-alt.json' } }), ALT);
});

test('the two descriptions give different scenario variables', () => {
  const a = ecuVariables(loadEcuDescription(REFERENCE_ECU_FIXTURE));
  const b = ecuVariables(loadEcuDescription(ALT));
  assert.equal(a.get('ecu.vin'), 'WEVC0NF0RMANCE001');
  assert.equal(b.get('ecu.vin'), 'WALT2ECU0DESCR042');
  assert.equal(a.get('ecu.logicalAddress'), '0x0010');
  assert.equal(b.get('ecu.logicalAddress'), '0x0021');
  assert.equal(a.get('ecu.writableDid'), '01 01');
  assert.equal(b.get('ecu.writableDid'), '01 20');
  assert.equal(b.get('ecu.lockedDid.value'), '0B AD C0 DE 42');
  assert.equal(a.get('ecu.obd.pid.0C'), '1726 rpm');
  assert.equal(b.get('ecu.obd.pid.0C'), '1000 rpm');
  assert.equal(b.get('ecu.session.extended.p2'), '30');
  assert.equal(b.get('ecu.doip.tester'), '0x0E80');
  assert.equal(a.get('ecu.memory.outside'), '00 00 30 04');
  // a DID with a pattern has no fixed expected value
  assert.equal(b.has('ecu.did.F18C'), false);
});

test('the seed/key hook is the description key module; the two algorithms differ', () => {
  const seed = parseHex('11 22 33 44 55');
  const a = loadEcuDescription(REFERENCE_ECU_FIXTURE).security.levels[0].keyFn!;
  const b = loadEcuDescription(ALT).security.levels[0].keyFn!;
  assert.notEqual(hex(a(seed, 1)), hex(b(seed, 1)));
  assert.equal(hex(b(parseHex('00'), 1)), 'C3');
});

test('a missing key module or a level without any key is one line naming file and field', () => {
  const raw = referenceFixture();
  raw.security.levels[0].keyModule = 'keys/no-such-module.ts';
  assert.throws(
    () => parseEcuFixture(raw, 'x.json'),
    (e: Error) => e instanceof ConfigError && /^x\.json: security\.levels\[0\]\.keyModule: cannot load seed\/key module .*no-such-module\.ts/.test(e.message) && !e.message.includes('\n'),
  );
  const raw2 = referenceFixture();
  delete raw2.security.levels[0].keyModule;
  assert.throws(() => parseEcuFixture(raw2, 'y.json'), /y\.json: security\.levels\[0\]: needs a keyModule/);
  const raw3 = referenceFixture();
  raw3.addressing.canFD = true;
  assert.throws(() => parseEcuFixture(raw3, 'z.json'), /z\.json: addressing.*canFD/);
});

test('what the description does not declare makes a scenario not applicable, with the reason', () => {
  const alt = loadEcuDescription(ALT);
  assert.match(ecuNotApplicable(alt, ['security level 3 is unlocked']) ?? '', /declares no security level 3/);
  assert.match(ecuNotApplicable(alt, ['the ECU is in the factory session']) ?? '', /declares no 'factory' session/);
  const noRoutines = parseEcuFixture({ ...referenceFixture(), routines: [], download: undefined }, 'n.json');
  assert.match(ecuNotApplicable(noRoutines, ['the tester sends "31 01 ${ecu.slowRoutine}"']) ?? '', /declares nothing for \$\{ecu\.slowRoutine\} \(a routine slower than P2/);
  assert.match(ecuNotApplicable(noRoutines, ['the ECU accepts a download of 700 bytes']) ?? '', /declares no download area/);
  assert.equal(ecuNotApplicable(alt, ['security level 1 is unlocked', 'the tester sends "22 ${ecu.lockedDid}"']), undefined);
});

test('expected DTC responses follow the description and its availability mask', () => {
  assert.equal(dtcResponseHex(loadEcuDescription(REFERENCE_ECU_FIXTURE), 0x02, 0x08), '59 02 FF 12 34 56 2F 0A 1B 2C 08');
  assert.equal(dtcResponseHex(loadEcuDescription(ALT), 0x02, 0x08), '59 02 7F 65 43 21 09 0B 0C 0D 28');
  assert.equal(dtcResponseHex(loadEcuDescription(ALT), 0x01, 0x01), '59 01 7F 01 00 02');
});

test('the reference ECU runs on the bus format its description declares: 29-bit ids, CAN FD, padding', async () => {
  const raw = referenceFixture();
  Object.assign(raw.addressing, { physicalRequestId: '0x18DA10F1', physicalResponseId: '0x18DAF110', functionalRequestId: '0x18DB33F1', extendedIds: true, canFd: true, padding: '0xAA' });
  const cfg = parseEcuFixture(raw, 'fd-29bit.json');
  const bus = new LoopbackCanBus();
  const ecu = startReferenceEcuOnCan(bus.open('ecu'), { fixture: cfg });
  const frames: { id: number; ext?: boolean; fd?: boolean; data: Uint8Array }[] = [];
  const canTester = bus.open('tester');
  canTester.onFrame((f) => frames.push(f));
  const tester = new IsoTpChannel(canTester, { txId: 0x18da10f1, rxId: 0x18daf110, ext: true, fd: true });
  try {
    await tester.send(Uint8Array.of(0x22, 0xf1, 0x90));
    const rsp = await tester.receive(2000);
    assert.equal(hex(rsp.payload.subarray(0, 3)), '62 F1 90');
    const fromEcu = frames.filter((f) => f.id === 0x18daf110);
    assert.ok(fromEcu.length > 0 && fromEcu.every((f) => f.ext && f.fd), 'the ECU answers in 29-bit CAN FD frames');
  } finally {
    tester.close();
    await ecu.close();
  }
});

test('address discovery on CAN finds the ECU at the ids its description gives', async () => {
  const bus = new LoopbackCanBus();
  const ecu = startReferenceEcuOnCan(bus.open('ecu'), { fixture: loadEcuDescription(ALT) });
  try {
    assert.deepEqual(await findCanAddresses(bus.open('scanner'), DEFAULT_CAN_CANDIDATES, 100), [{ tx: 0x7e1, rx: 0x7e9 }]);
  } finally {
    await ecu.close();
  }
});

test('a DID value is checked against its described value or pattern', () => {
  const alt = loadEcuDescription(ALT);
  assert.equal(didMismatch(alt, 0xf18c, Buffer.from('ALT-12-3456')), undefined);
  assert.match(didMismatch(alt, 0xf18c, Buffer.from('ALT-12-345\0')) ?? '', /reads 'ALT-12-345\.' .* does not match the described pattern/);
  assert.match(didMismatch(alt, 0x0120, Uint8Array.of(3, 0)) ?? '', /reads 03 00, described 03 0A/);
  assert.deepEqual(describedDids(alt).map((d) => d.id), [0xf190, 0xf18c, 0xf195, 0x0120]);
});
