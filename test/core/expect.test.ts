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

describe('Inbox: a judged violation ends the wait at once', () => {
  // The judge here stands for the protocol layer above: items flagged `bad` are protocol violations.
  function judged() {
    const trace = new Trace();
    const ib = new Inbox<Record<string, unknown>>(trace, { violation: (i) => (i.meta.bad ? `bad ${i.kind}: ${String(i.meta.bad)}` : undefined) });
    return { trace, ib };
  }
  it('a violation arriving during the wait ends it at once, headlined by that item, not by a timeout', async () => {
    const { ib } = judged();
    const t0 = Date.now();
    setTimeout(() => ib.push('<malformed>', {}, undefined, { bad: '[2,"x"' }), 20);
    const err = await ib.expect({ kind: 'S', partial: { s: 'Available' }, timeoutMs: 3000 }).catch((e) => e);
    const ms = Date.now() - t0;
    assert.ok(err instanceof VerdictError && !(err instanceof WaitTimeoutError), String(err));
    assert.ok(ms < 500, `ended after ${ms} ms`);
    assert.match(err.message, /^bad <malformed>: \[2,"x"\n {2}\(while waiting for S \{"s":"Available"\}\)/);
  });
  it('a valid item of another kind does not end the wait, and a later match still passes', async () => {
    const { ib } = judged();
    setTimeout(() => ib.push('M', { v: 1 }), 5);
    setTimeout(() => ib.push('S', { s: 'Available' }), 30);
    const got = await ib.expect({ kind: 'S', partial: { s: 'Available' }, timeoutMs: 1000 });
    assert.equal(got.payload.s, 'Available');
  });
  it('an item that matches but is judged a violation fails the wait naming that item', async () => {
    const { ib } = judged();
    ib.push('Boot', { vendor: 'V'.repeat(30) }, undefined, { bad: 'vendor too long' });
    const err = await ib.expect({ kind: 'Boot', partial: { vendor: '<string>' }, timeoutMs: 1000 }).catch((e) => e);
    assert.ok(err instanceof VerdictError);
    assert.match(err.message, /^bad Boot: vendor too long/);
    assert.equal(ib.all[0].consumed, false, 'a rejected item is not consumed');
  });
  it('a violating candidate of the awaited kind ends the wait even when it does not match (headline = that item, diff follows)', async () => {
    const { ib } = judged();
    ib.push('S', { c: 0, s: 'Available' });
    const t0 = Date.now();
    setTimeout(() => ib.push('S', { c: 1, s: 'Bogus' }, undefined, { bad: '/s "Bogus"' }), 10);
    const err = await ib.expect({ kind: 'S', partial: { c: 1, s: 'Preparing' }, timeoutMs: 3000 }).catch((e) => e);
    assert.ok(Date.now() - t0 < 500);
    assert.match(err.message, /^bad S: \/s "Bogus"/);
    assert.match(err.message, /- \$\.s: "Preparing"\n\s+\+ \$\.s: "Bogus"/);
  });
  it('a violation that arrived since the last asserted item ends the next wait at once; one before it does not', async () => {
    const { ib } = judged();
    ib.push('<malformed>', {}, undefined, { bad: 'early' });
    ib.push('A', {});
    await ib.expect({ kind: 'A', timeoutMs: 50 });
    setTimeout(() => ib.push('B', {}), 10);
    await ib.expect({ kind: 'B', timeoutMs: 500 });
    ib.push('<malformed>', {}, undefined, { bad: 'late' });
    await assert.rejects(ib.expect({ kind: 'C', timeoutMs: 2000 }), /^VerdictError: bad <malformed>: late|bad <malformed>: late/);
  });
  it('expectAll ends at once on a violation and names the first unmet expectation', async () => {
    const { ib } = judged();
    ib.push('X', { c: 1 });
    setTimeout(() => ib.push('Y', {}, undefined, { bad: 'oops' }), 10);
    const err = await ib
      .expectAll([
        { kind: 'X', partial: { c: 1 }, timeoutMs: 3000 },
        { kind: 'X', partial: { c: 2 }, timeoutMs: 3000, label: 'X number two' },
      ])
      .catch((e) => e);
    assert.match(err.message, /^bad Y: oops\n {2}\(while waiting for X number two\)/);
  });
  it('without a judge nothing changes: the wait times out with the closest candidate (fewest mismatches) diffed', async () => {
    const { inbox: ib } = inbox();
    ib.push('S', { c: 1, s: 'Available' });
    ib.push('S', { c: 0, s: 'Faulted' });
    const err = await ib.expect({ kind: 'S', partial: { c: 1, s: 'Preparing' }, timeoutMs: 20 }).catch((e) => e);
    assert.ok(err instanceof WaitTimeoutError);
    assert.match(err.message, /- \$\.s: "Preparing"\n\s+\+ \$\.s: "Available"/);
    assert.doesNotMatch(err.message, /Faulted/);
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
