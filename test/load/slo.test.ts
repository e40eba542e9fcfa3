/** --slo: parsing (clear one-line problems per clause) and verdicts against a summary. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeltaRecorder, LoadAggregate } from '../../src/load/metrics';
import { formatVerdicts, judgeSlo, parseSlo, SloError } from '../../src/load/slo';

function summary() {
  const agg = new LoadAggregate();
  const r = new DeltaRecorder();
  for (let i = 1; i <= 100; i++) {
    r.call('BootNotification');
    r.answered('BootNotification', i);
  }
  r.error('closed-by-csms');
  agg.add(0, r.take(99, 100, 98));
  return agg.summary('t');
}

describe('SLO', () => {
  it('parses clauses with units and operators', () => {
    const c = parseSlo('p99(BootNotification) < 500ms, errors = 0, p95(*) <= 1.5s, connected >= 99%, errors(timeout) == 0, calls(Heartbeat) > 10');
    assert.equal(c.length, 6);
    assert.deepEqual(c[0].metric, { kind: 'latency', stat: 'p99', action: 'BootNotification' });
    assert.equal(c[0].value, 500);
    assert.equal(c[2].value, 1500);
    assert.equal(c[3].percent, true);
    assert.equal(c[4].op, '=');
  });

  it('reports every bad clause, one line each, naming it', () => {
    assert.throws(
      () => parseSlo('p99 < 5ms, errors(nope) = 0, latency < 3, connected > 5s, , p99(Heartbeat) < 5%'),
      (e: Error) => {
        assert.ok(e instanceof SloError);
        const lines = e.message.split('\n');
        assert.equal(lines.length, 6, e.message);
        assert.match(lines[0], /clause 1 'p99 < 5ms': p99 needs an action/);
        assert.match(lines[1], /unknown error kind 'nope' \(known: timeout/);
        assert.match(lines[2], /unknown metric 'latency'/);
        assert.match(lines[3], /connected is a count or a % of the target/);
        assert.match(lines[4], /empty clause/);
        assert.match(lines[5], /latency is in ms or s, not %/);
        return true;
      },
    );
  });

  it('judges each clause with its measured value', () => {
    const v = judgeSlo(parseSlo('p99(BootNotification) < 500ms, p50(BootNotification) < 10ms, errors = 0, connected >= 99%, booted = 100, p99(Heartbeat) < 1s'), summary());
    assert.deepEqual(v.map((x) => x.met), [true, false, false, true, false, false]);
    const lines = formatVerdicts(v);
    assert.match(lines[0], /^SLO p99\(BootNotification\) < 500ms: \d+(\.\d+)? ms — met$/);
    assert.match(lines[2], /errors = 0: 1 \(closed-by-csms 1\) — NOT met/);
    assert.match(lines[3], /99 % \(99 of 100\) — met/);
    assert.match(lines[5], /no answers to Heartbeat — NOT met/);
  });
});
