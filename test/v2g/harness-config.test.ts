/**
 * V2G harness core without sockets: SupportedAppProtocol build/parse/selection (against the DIN DC session
 * vector), timer scaling per rig kind, scenario shape from tags, PICS not-applicable rules, and the rig's v2g
 * block refused with one line per problem.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/core/errors';
import { PROJECT_ROOT } from '../../src/core/load';
import { Trace } from '../../src/core/trace';
import { loadRigConfig } from '../../src/rig/config';
import { NotAutomatableError } from '../../src/rig/not-automatable';
import { StartedRig } from '../../src/rig/rig';
import type { RigConfig } from '../../src/rig/types';
import { loadPics, notApplicable, type Pics } from '../../src/rig/pics';
import { scenarioShape, V2gHarness, v2gLimits } from '../../src/v2g/harness';
import { appProtocolOf, checkSapAnswer, encodeSapReq, encodeSapRes, parseSapReq, parseSapRes, sapOffer, selectAppProtocol, standardOfNamespace } from '../../src/v2g/messages/sap';
import { encodeV2gtp } from '../../src/v2g/v2gtp';

const vector = fs
  .readFileSync(path.join(PROJECT_ROOT, 'data/vectors/iso15118/din-dc-session.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { msg: string; hex: string });
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('SupportedAppProtocol', () => {
  it('a DIN-only offer and its answer are the DIN DC session vector byte for byte', () => {
    const req = vector.find((v) => v.msg === 'supportedAppProtocolReq')!;
    const res = vector.find((v) => v.msg === 'supportedAppProtocolRes')!;
    assert.equal(hexOf(encodeV2gtp(0x8001, encodeSapReq(sapOffer([{ standard: 'din70121', priority: 1 }], 'DC')))), req.hex);
    assert.equal(hexOf(encodeV2gtp(0x8001, encodeSapRes({ code: 'OK_SuccessfulNegotiation', schemaId: 1 }))), res.hex);
    assert.deepEqual(parseSapRes(Buffer.from(res.hex.slice(16), 'hex')), { code: 'OK_SuccessfulNegotiation', schemaId: 1 });
  });

  it('offers round-trip with SchemaIDs in priority order', () => {
    const offer = sapOffer([{ standard: 'iso15118-2', priority: 2 }, { standard: 'iso15118-20', priority: 1 }, { standard: 'din70121', priority: 3 }], 'AC');
    assert.deepEqual(offer.map((e) => [e.namespace, e.schemaId, e.priority]), [
      ['urn:iso:std:iso:15118:-20:AC', 1, 1],
      ['urn:iso:15118:2:2013:MsgDef', 2, 2],
      ['urn:din:70121:2012:MsgDef', 3, 3],
    ]);
    assert.deepEqual(parseSapReq(encodeSapReq(offer)), offer);
    assert.equal(standardOfNamespace('urn:iso:std:iso:15118:-20:DC'), 'iso15118-20');
    assert.equal(standardOfNamespace('urn:example:other'), undefined);
  });

  it('the SECC picks the best priority it supports; another minor is a minor deviation; nothing shared fails', () => {
    const offer = sapOffer([{ standard: 'din70121', priority: 2 }, { standard: 'iso15118-2', priority: 1 }], 'DC');
    const din = appProtocolOf('din70121');
    const iso2 = appProtocolOf('iso15118-2');
    assert.deepEqual(selectAppProtocol(offer, [din, iso2]).schemaId, 1);
    assert.equal(selectAppProtocol(offer, [din]).schemaId, 2);
    assert.equal(selectAppProtocol(offer, [{ ...din, minor: 1 }]).code, 'OK_SuccessfulNegotiationWithMinorDeviation');
    assert.deepEqual(selectAppProtocol(offer, [appProtocolOf('iso15118-20', 'DC')]), { code: 'Failed_NoNegotiation' });
    assert.equal(selectAppProtocol(offer, [{ ...din, major: 3 }]).code, 'Failed_NoNegotiation');
  });

  it('an answer naming a SchemaID that was not offered is a problem', () => {
    const offer = sapOffer([{ standard: 'din70121', priority: 1 }], 'DC');
    assert.deepEqual(checkSapAnswer(offer, { code: 'OK_SuccessfulNegotiation', schemaId: 1 }), []);
    assert.match(checkSapAnswer(offer, { code: 'OK_SuccessfulNegotiation', schemaId: 7 })[0], /SchemaID 7 is not one the EVCC offered/);
    assert.match(checkSapAnswer(offer, { code: 'Failed_NoNegotiation', schemaId: 1 })[0], /carries SchemaID/);
  });
});

describe('V2G timers', () => {
  it('reference rig: ≥ 1 s scaled by 0.1, every limit floored at 1 s (the SDP pace at 400 ms), counts unscaled; real rig as they are', () => {
    const ref = v2gLimits(true, {}, 'reference');
    assert.equal(ref.ms('evccMessage'), 1000);
    assert.equal(ref.ms('seccSequence'), 6000);
    assert.equal(ref.ms('seccCurrentDemand'), 1000);
    assert.equal(ref.ms('sdpRetryInterval'), 400);
    assert.equal(ref.ms('sdpRetries'), 50);
    assert.match(ref.explain('seccSequence'), /seccSequence 6000 ms \(default 60000 ms, × 0\.1/);
    const real = v2gLimits(false, { evccMessage: 1500 }, 'bench');
    assert.equal(real.ms('seccCurrentDemand'), 25);
    assert.equal(real.ms('evccMessage'), 1500);
    assert.match(real.explain('evccMessage'), /timeouts\.v2g\.evccMessage 1500 ms, rig 'bench'/);
  });

  it('a step naming an unknown timer fails listing the known ones', () => {
    assert.equal(V2gHarness.timer('seccSequence'), 'seccSequence');
    assert.throws(() => V2gHarness.timer('seccSequense'), /'seccSequense' is not a V2G timer \(known: evccMessage, .*cpStateCAfterPowerDelivery\)/);
  });
});

describe('scenario shape from tags', () => {
  it('standard, side, energy, payment and TLS', () => {
    assert.deepEqual(scenarioShape(['@iso15118-2', '@sut:secc', '@ac', '@pnc'], undefined), { standard: 'iso15118-2', sut: 'secc', energy: 'AC', payment: 'PnC', tls: 'tls12' });
    assert.deepEqual(scenarioShape(['@din70121', '@sut:evcc'], undefined), { standard: 'din70121', sut: 'evcc', energy: 'DC', payment: 'EIM', tls: 'none' });
    assert.equal(scenarioShape(['@iso15118-20', '@sut:secc', '@dc'], undefined).tls, 'tls13');
    assert.equal(scenarioShape(['@iso15118-2', '@sut:secc', '@dc'], undefined).tls, 'none');
    assert.equal(scenarioShape(['@iso15118-2', '@sut:secc', '@dc', '@tls'], undefined).tls, 'tls12');
    assert.throws(() => scenarioShape(['@iso15118-2', '@dc'], undefined), /needs one of @din70121\/@iso15118-2\/@iso15118-20 and one of @sut:secc\/@sut:evcc/);
    assert.throws(() => scenarioShape(['@din70121', '@sut:secc', '@tls'], undefined), /DIN 70121 has no TLS/);
  });
});

describe('V2G PICS', () => {
  const pics: Pics = { name: 'dc-only SECC', protocol: 'v2g', sut: 'secc', v2g: { standards: ['din70121', 'iso15118-2'], energy: ['DC'], payment: ['EIM'], tls: 'none' } };
  it('a scenario the PICS does not declare is not applicable, with the reason', () => {
    assert.equal(notApplicable(pics, ['@iso15118-2', '@sut:secc', '@dc']), undefined);
    assert.match(notApplicable(pics, ['@iso15118-20', '@sut:secc', '@dc'])!, /does not declare iso15118-20/);
    assert.match(notApplicable(pics, ['@iso15118-2', '@sut:secc', '@ac'])!, /does not declare AC charging/);
    assert.match(notApplicable(pics, ['@iso15118-2', '@sut:secc', '@dc', '@pnc'])!, /Plug & Charge/);
    assert.match(notApplicable(pics, ['@iso15118-2', '@sut:secc', '@dc', '@tls'])!, /declares no TLS/);
    assert.match(notApplicable({ ...pics, features: {} }, ['@din70121', '@sut:secc', '@requires:some-feature'])!, /does not declare feature some-feature/);
  });
  it('applies only to its side and to V2G scenarios', () => {
    assert.equal(notApplicable(pics, ['@iso15118-20', '@sut:evcc']), undefined);
    assert.equal(notApplicable(pics, ['@iec61851', '@sut:secc', '@ac']), undefined);
  });
  it('the reference PICS load against the closed schema', () => {
    for (const f of ['reference/v2g-secc', 'reference/v2g-evcc', 'reference-alt/v2g-secc', 'reference-alt/v2g-evcc']) {
      const p = loadPics(path.join(PROJECT_ROOT, `fixtures/pics/${f}.json`));
      assert.equal(p.protocol, 'v2g');
    }
  });
  it('an unknown field in the v2g block is refused naming it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-v2g-pics-'));
    try {
      const file = path.join(dir, 'p.json');
      fs.writeFileSync(file, JSON.stringify({ name: 'x', protocol: 'v2g', sut: 'secc', v2g: { standards: ['din70121'], energy: ['DC'], payment: ['EIM'], tls: 'maybe', colour: 'red' } }));
      const e = (() => { try { loadPics(file); } catch (err) { return err as ConfigError; } })()!;
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /v2g\.tls/);
      assert.match(e.message, /colour/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('rig v2g block', () => {
  function load(v2g: unknown): ConfigError {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-v2g-rig-'));
    try {
      const file = path.join(dir, 'rig.json');
      fs.writeFileSync(file, JSON.stringify({ name: 'charger', kind: 'remote', v2g }));
      fs.writeFileSync(path.join(dir, 'not-a-cert.pem'), 'hello');
      try {
        loadRigConfig(file);
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('the rig loaded');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('a good block loads', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-v2g-rig-'));
    try {
      const file = path.join(dir, 'rig.json');
      fs.writeFileSync(file, JSON.stringify({ name: 'charger', kind: 'remote', v2g: { secc: { sdp: { address: 'ff02::1', port: 15118, interface: 'eth1' } }, evcc: { listen: { address: '::', port: 0 } }, pilot: 'none' } }));
      assert.equal(loadRigConfig(file).v2g?.secc?.sdp?.interface, 'eth1');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unknown field is refused naming it', () => {
    const e = load({ secc: { sdp: { adress: 'ff02::1' } } });
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /rig\.json: v2g\.secc\.sdp\.adress: is not a known field/);
  });

  it('every semantic problem is one line naming the field', () => {
    const e = load({ secc: { sdp: { address: 'ff02::1' }, tls: { caFile: 'missing.pem' } }, evcc: { tls: { certFile: 'not-a-cert.pem' } } });
    assert.ok(e instanceof ConfigError);
    const lines = e.lines.join('\n');
    assert.match(lines, /v2g\.secc\.tls\.caFile: missing\.pem: file not found/);
    assert.match(lines, /v2g\.evcc\.tls\.certFile: not-a-cert\.pem: not a PEM certificate/);
    assert.match(lines, /v2g\.secc\.sdp\.interface: is required with the link-local address ff02::1/);
    assert.ok(e.lines.length >= 3, lines);
  });
});

describe('V2G harness on a rig without the reference', () => {
  const harness = (v2g: RigConfig['v2g'], tags: string[]) =>
    new V2gHarness({ rig: new StartedRig({ name: 'charger', kind: 'remote', source: 'rigs/charger.json', v2g }), trace: new Trace(), tags, pics: [], onCleanup: () => undefined });

  it('a rig without v2g.secc / v2g.evcc says which field is missing', async () => {
    await assert.rejects(harness(undefined, ['@iso15118-2', '@sut:secc']).evcc(), /rigs\/charger\.json: v2g\.secc: is required to test a SECC/);
    assert.throws(() => harness(undefined, ['@iso15118-2', '@sut:evcc']).seccUnstarted(), /rigs\/charger\.json: v2g\.evcc: is required to test an EVCC/);
  });

  it('a TLS scenario needs the trust anchor file', async () => {
    await assert.rejects(harness({ secc: { sdp: { address: '::1', port: 15118 } } }, ['@iso15118-2', '@sut:secc', '@tls']).evcc(), /v2g\.secc\.tls\.caFile: is required for a TLS session/);
  });

  it('a pilot step without a pilot line is not automatable, naming the action', async () => {
    const d = await harness({ secc: { sdp: { address: '::1', port: 15118 } } }, ['@din70121', '@sut:secc']).evcc();
    await assert.rejects(d.expectDuty(5), (e: Error) => e instanceof NotAutomatableError && /checking the pilot duty needs a pilot line: rig 'charger'/.test(e.message));
  });
});
