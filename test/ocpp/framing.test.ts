import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyErrorCode, spellErrorCode } from '../../src/ocpp/error-codes';
import { newMessageId, parseFrame, serializeFrame } from '../../src/ocpp/framing';
import { isKnownAction, validatePayload } from '../../src/ocpp/schemas';

describe('OCPP-J framing', () => {
  it('parses the five message types and round-trips them', () => {
    const frames = [
      '[2,"a1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]',
      '[3,"a1",{"status":"Accepted"}]',
      '[4,"a1","NotImplemented","no",{}]',
    ];
    for (const f of frames) {
      const r = parseFrame(f, '1.6');
      assert.ok(r.ok, f);
      if (r.ok) assert.equal(serializeFrame(r.frame), f);
    }
    assert.ok(parseFrame('[5,"x","FormatViolation","bad result",{}]', '2.1').ok);
    assert.ok(parseFrame('[6,"x","NotifyPeriodicEventStream",{}]', '2.1').ok);
  });
  it('classifies every malformed-frame class', () => {
    const cases: [string, string, string][] = [
      ['{not json', '1.6', 'invalid-json'],
      ['{"a":1}', '1.6', 'not-an-array'],
      ['[9,"x",{}]', '1.6', 'unknown-message-type'],
      ['["2","x","A",{}]', '1.6', 'unknown-message-type'],
      ['[5,"x","E","d",{}]', '2.0.1', 'message-type-not-in-version'],
      ['[6,"x","A",{}]', '1.6', 'message-type-not-in-version'],
      ['[2,17,"Heartbeat",{}]', '1.6', 'bad-message-id'],
      ['[2,"' + 'x'.repeat(37) + '","Heartbeat",{}]', '2.0.1', 'message-id-too-long'],
      ['[2,"x","Heartbeat"]', '1.6', 'wrong-element-count'],
      ['[3,"x",{},{}]', '1.6', 'wrong-element-count'],
      ['[2,"x","Heart beat",{}]', '1.6', 'bad-action'],
      ['[2,"x",42,{}]', '1.6', 'bad-action'],
      ['[2,"x","Heartbeat",[]]', '1.6', 'payload-not-object'],
      ['[3,"x",null]', '1.6', 'payload-not-object'],
      ['[4,"x",1,"d",{}]', '1.6', 'bad-error-fields'],
      ['[4,"x","GenericError","d",null]', '1.6', 'bad-error-fields'],
    ];
    for (const [text, version, problem] of cases) {
      const r = parseFrame(text, version as '1.6');
      assert.equal(r.ok, false, text);
      if (!r.ok) assert.equal(r.problem, problem, text);
    }
  });
  it('message ids are unique and at most 36 characters', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newMessageId()));
    assert.equal(ids.size, 1000);
    for (const id of ids) assert.ok(id.length <= 36);
  });
});

describe('error codes', () => {
  it('accepts both spellings on receive and records which', () => {
    const a = classifyErrorCode('FormatViolation', '1.6');
    assert.equal(a.conformant, false);
    assert.equal(a.compatible, true);
    assert.equal(a.canonical, 'FormatViolation');
    assert.equal(a.spelling, '2.0.1');
    assert.equal(classifyErrorCode('FormationViolation', '1.6').conformant, true);
    assert.equal(classifyErrorCode('OccurenceConstraintViolation', '2.0.1').compatible, true);
    assert.equal(classifyErrorCode('RpcFrameworkError', '2.0.1').conformant, true);
    const bogus = classifyErrorCode('Oops', '1.6');
    assert.equal(bogus.conformant || bogus.compatible, false);
  });
  it('sends the configured spelling', () => {
    assert.equal(spellErrorCode('FormatViolation', '1.6'), 'FormationViolation');
    assert.equal(spellErrorCode('OccurrenceConstraintViolation', '1.6'), 'OccurenceConstraintViolation');
    assert.equal(spellErrorCode('FormatViolation', '2.0.1'), 'FormatViolation');
    assert.equal(spellErrorCode('RpcFrameworkError', '1.6'), 'ProtocolError');
  });
});

describe('schema validation', () => {
  it('knows the actions of each version, including the 1.6 security extension and 2.1', () => {
    assert.ok(isKnownAction('1.6', 'SignCertificate'));
    assert.ok(isKnownAction('2.0.1', 'TransactionEvent'));
    assert.ok(isKnownAction('2.1', 'TransactionEvent'));
    assert.equal(isKnownAction('1.6', 'TransactionEvent'), false);
  });
  it('maps violations to RPC error codes with payload and schema paths', () => {
    const missing = validatePayload('1.6', 'BootNotification', 'request', { chargePointVendor: 'V' })!;
    assert.equal(missing[0].code, 'OccurrenceConstraintViolation');
    assert.match(missing[0].schemaPath, /BootNotification\.req#\/required/);
    const type = validatePayload('1.6', 'StatusNotification', 'request', { connectorId: '1', errorCode: 'NoError', status: 'Available' })!;
    assert.equal(type[0].code, 'TypeConstraintViolation');
    assert.equal(type[0].path, '/connectorId');
    const tooLong = validatePayload('1.6', 'Authorize', 'request', { idTag: 'x'.repeat(21) })!;
    assert.equal(tooLong[0].code, 'PropertyConstraintViolation');
    const extra = validatePayload('1.6', 'Heartbeat', 'request', { x: 1 })!;
    assert.equal(extra[0].code, 'FormatViolation');
  });
  it('validates date-time formats and 2.0.1 millisecond precision', () => {
    assert.equal(validatePayload('1.6', 'Heartbeat', 'response', { currentTime: '2024-01-01T00:00:00Z' })!.length, 0);
    assert.equal(validatePayload('1.6', 'Heartbeat', 'response', { currentTime: '2024-01-01 00:00' })!.length, 1);
    assert.equal(validatePayload('2.0.1', 'Heartbeat', 'response', { currentTime: '2024-01-01T00:00:00.1234Z' })!.length, 1);
  });
  it('multipleOf 0.1 accepts 8.1 (multipleOfPrecision)', () => {
    const payload = {
      evseId: 1,
      chargingProfile: {
        id: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Absolute',
        chargingSchedule: [{ id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 8.1 }] }],
      },
    };
    assert.deepEqual(validatePayload('2.0.1', 'SetChargingProfile', 'request', payload), []);
  });
  it('returns undefined for an unknown action', () => {
    assert.equal(validatePayload('1.6', 'Nope', 'request', {}), undefined);
  });
});
