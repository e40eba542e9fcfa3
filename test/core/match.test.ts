import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffValues, formatMismatches, m } from '../../src/core/match';
import { parseExpectedValue, setPath, StepTextError, tableToPartial, tableToPayload } from '../../src/core/table';

describe('partial matching', () => {
  it('accepts extra fields and reports each mismatch with its path', () => {
    assert.deepEqual(diffValues({ a: 1 }, { a: 1, b: 2 }), []);
    const d = diffValues({ a: 1, n: { s: 'x' } }, { a: 2, n: { s: 'y' } });
    assert.deepEqual(d.map((x) => x.path), ['$.a', '$.n.s']);
    assert.match(formatMismatches(d), /- \$\.a: 1\n\+ \$\.a: 2/);
  });
  it('compares arrays by length and element', () => {
    assert.equal(diffValues([1, 2], [1, 2]).length, 0);
    assert.equal(diffValues([1, 2], [1, 2, 3])[0].path, '$.length');
    assert.equal(diffValues([{ k: 1 }], [{ k: 2 }])[0].path, '$[0].k');
  });
  it('distinguishes absent from present', () => {
    assert.equal(diffValues({ a: m.absent() }, {}).length, 0);
    assert.equal(diffValues({ a: m.absent() }, { a: 1 }).length, 1);
    assert.equal(diffValues({ a: m.present() }, {}).length, 1);
    assert.equal(diffValues({ a: 1 }, {})[0].actual, '<absent>');
  });
  it('matchers: dateTime, timeNear, regex, oneOf, containing, numbers', () => {
    assert.equal(diffValues(m.dateTime(), '2024-01-01T00:00:00.123Z').length, 0);
    assert.equal(diffValues(m.dateTime(), '2024-01-01T00:00:00').length, 1, 'no offset is not RFC 3339');
    const now = new Date();
    assert.equal(diffValues(m.timeNear(now, 4000), new Date(now.getTime() + 3000).toISOString()).length, 0);
    assert.equal(diffValues(m.timeNear(now, 4000), new Date(now.getTime() + 5000).toISOString()).length, 1);
    assert.equal(diffValues(m.regex(/^EVC-/), 'EVC-1').length, 0);
    assert.equal(diffValues(m.oneOf(['A', 'B']), 'C').length, 1);
    assert.equal(diffValues(m.containing([{ k: 2 }]), [{ k: 1 }, { k: 2, z: 0 }]).length, 0);
    assert.equal(diffValues(m.integer(), 1.5).length, 1);
    assert.equal(diffValues(m.between(1, 3), 2).length, 0);
  });
});

describe('data tables', () => {
  it('builds payloads with dotted paths, indices and typed values', () => {
    const p = tableToPayload([
      ['field', 'value'],
      ['connectorId', '1'],
      ['idTagInfo.status', 'Accepted'],
      ['meterValue[0].sampledValue[0].value', '"12.5"'],
      ['flag', 'true'],
      ['list', '["a","b"]'],
    ]);
    assert.deepEqual(p, { connectorId: 1, idTagInfo: { status: 'Accepted' }, meterValue: [{ sampledValue: [{ value: '12.5' }] }], flag: true, list: ['a', 'b'] });
  });
  it('turns <now> into the current time', () => {
    const p = tableToPayload([['timestamp', '<now>']]) as { timestamp: string };
    assert.ok(Math.abs(Date.parse(p.timestamp) - Date.now()) < 2000);
  });
  it('parses matchers in expectations and rejects unknown ones with a clear error', () => {
    const partial = tableToPartial([['status', 'one of Accepted, Rejected'], ['interval', '>= 1']]);
    assert.equal(diffValues(partial, { status: 'Rejected', interval: 5 }).length, 0);
    assert.throws(() => parseExpectedValue('<bogus>'), StepTextError);
    assert.throws(() => tableToPayload([['a', 'b', 'c']]), /expected 2/);
    assert.throws(() => parseExpectedValue('[1,]'), /does not parse/);
  });
  it('setPath creates arrays for index segments', () => {
    const o: Record<string, unknown> = {};
    setPath(o, 'a[1].b', 3);
    assert.ok(Array.isArray(o.a));
    assert.deepEqual((o.a as unknown[])[1], { b: 3 });
  });
});
