import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VerdictError, WaitTimeoutError } from '../../src/core/errors';
import { Inbox } from '../../src/core/expect';
import { Trace } from '../../src/core/trace';

function inbox() {
  const trace = new Trace();
  return { trace, inbox: new Inbox<Record<string, unknown>>(trace) };
}

describe('Inbox expectations', () => {
  it('resolves with an item that is already there, and waits for one that comes later', async () => {
    const { inbox: ib } = inbox();
    ib.push('A', { n: 1 });
    assert.equal((await ib.expect({ kind: 'A', partial: { n: 1 }, timeoutMs: 50 })).payload.n, 1);
    setTimeout(() => ib.push('B', { n: 2 }), 10);
    assert.equal((await ib.expect({ kind: 'B', timeoutMs: 500 })).payload.n, 2);
  });
  it('is ordered by default: a match before the last consumed item does not count', async () => {
    const { inbox: ib } = inbox();
    ib.push('S', { s: 'Charging' });
    ib.push('T', {});
    await ib.expect({ kind: 'T', timeoutMs: 50 });
    await assert.rejects(ib.expect({ kind: 'S', partial: { s: 'Charging' }, timeoutMs: 30 }), WaitTimeoutError);
    const any = await ib.expect({ kind: 'S', partial: { s: 'Charging' }, timeoutMs: 30, ordered: false });
    assert.equal(any.index, 0);
  });
  it('expectAll accepts any order', async () => {
    const { inbox: ib } = inbox();
    ib.push('X', { c: 2 });
    ib.push('X', { c: 1 });
    const got = await ib.expectAll([
      { kind: 'X', partial: { c: 1 }, timeoutMs: 50 },
      { kind: 'X', partial: { c: 2 }, timeoutMs: 50 },
    ]);
    assert.deepEqual(got.map((g) => g.payload.c), [1, 2]);
  });
  it('fails on timeout with a diff against the closest candidate and the recent frames', async () => {
    const { inbox: ib, trace } = inbox();
    const f = trace.record({ dir: 'rx', protocol: 'ocpp1.6', raw: '[2,"1","Boot",{}]', summary: 'CALL Boot' });
    ib.push('Boot', { status: 'Pending' }, f);
    const err = await ib.expect({ kind: 'Boot', partial: { status: 'Accepted' }, timeoutMs: 20 }).catch((e) => e);
    assert.ok(err instanceof WaitTimeoutError);
    assert.match(err.message, /- \$\.status: "Accepted"\n\s+\+ \$\.status: "Pending"/);
    assert.match(err.message, /Recent frames/);
    assert.match(err.message, /CALL Boot/);
  });
  it('fails at once when the connection closes', async () => {
    const { inbox: ib } = inbox();
    const p = ib.expect({ kind: 'A', timeoutMs: 5000 });
    ib.close('connection closed by peer (code 1006)');
    await assert.rejects(p, /code 1006/);
  });
  it('expectNone passes on silence and fails when a match arrives', async () => {
    const { inbox: ib } = inbox();
    await ib.expectNone('H', undefined, 20);
    setTimeout(() => ib.push('H', {}), 5);
    await assert.rejects(ib.expectNone('H', undefined, 200), VerdictError);
  });
});

describe('Trace', () => {
  it('records monotonic µs, hex for binary, and a readable sequence', () => {
    const t = new Trace();
    const a = t.record({ dir: 'tx', protocol: 'can', raw: new Uint8Array([0x02, 0x10, 0x03]), summary: '7E0#021003' });
    const b = t.record({ dir: 'rx', protocol: 'ocpp1.6', raw: '[3,"1",{}]' });
    assert.equal(a.raw, '021003');
    assert.equal(a.rawEncoding, 'hex');
    assert.ok(b.tUs >= a.tUs);
    assert.equal(b.seq, 2);
    assert.match(t.toSequence(), /H→S\s+can\s+7E0#021003/);
    assert.equal(t.toNdjson().trim().split('\n').length, 2);
  });
  it('drops the oldest frames beyond its limit', () => {
    const t = new Trace(10);
    for (let i = 0; i < 25; i++) t.record({ dir: 'rx', protocol: 'x', raw: String(i) });
    assert.equal(t.frames.length, 10);
    assert.equal(t.frames[0].raw, '15');
  });
});
