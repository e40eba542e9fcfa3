/** Log-linear histograms: bucket ranges, percentiles within the bucket error, merging = recording the union. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bucketOf, bucketRange, Histogram, LoadAggregate, DeltaRecorder } from '../../src/load/metrics';

describe('histogram', () => {
  it('buckets are contiguous and each value falls in its bucket', () => {
    let prevHigh = -1;
    for (let i = 0; i < 400; i++) {
      const [lo, hi] = bucketRange(i);
      assert.equal(lo, prevHigh + 1, `bucket ${i}`);
      assert.ok(hi >= lo);
      prevHigh = hi;
    }
    for (const v of [0, 1, 31, 32, 33, 63, 64, 1000, 123_456, 2 ** 30]) {
      const [lo, hi] = bucketRange(bucketOf(v));
      assert.ok(lo <= v && v <= hi, `${v} in [${lo}, ${hi}]`);
      assert.ok(hi - lo <= Math.max(1, v / 16), `${v}: bucket width ${hi - lo}`);
    }
  });

  it('percentiles of 1..10000 ms are within 6.25 %', () => {
    const h = new Histogram();
    for (let i = 1; i <= 10_000; i++) h.recordMs(i);
    for (const [q, exact] of [[0.5, 5000], [0.95, 9500], [0.99, 9900]] as const) {
      const got = h.quantileMs(q);
      assert.ok(Math.abs(got - exact) / exact <= 0.0625, `p${q * 100} = ${got}, exact ${exact}`);
      assert.ok(got >= exact, 'the upper bound of the bucket');
    }
    assert.equal(h.quantileMs(1), 10_000);
    assert.equal(h.count, 10_000);
    assert.ok(Math.abs(h.meanMs() - 5000.5) < 1e-6);
  });

  it('merging two histograms equals recording both sets (also through their data, as over IPC)', () => {
    const a = new Histogram();
    const b = new Histogram();
    const all = new Histogram();
    for (let i = 0; i < 5000; i++) {
      const v = (i * 7919) % 3001;
      (i % 3 ? a : b).recordMs(v / 10);
      all.recordMs(v / 10);
    }
    const m = Histogram.from(JSON.parse(JSON.stringify(a.toData())));
    m.merge(JSON.parse(JSON.stringify(b.toData())));
    for (const q of [0.5, 0.9, 0.99, 1]) assert.equal(m.quantileMs(q), all.quantileMs(q));
    assert.equal(m.count, all.count);
  });

  it('the aggregate merges worker deltas into totals and one series point a second', () => {
    const agg = new LoadAggregate();
    for (const src of [1, 2]) {
      const r = new DeltaRecorder();
      r.call('Heartbeat');
      r.answered('Heartbeat', src * 10);
      r.error('timeout', 'x');
      agg.add(src, r.take(5, 10, 4));
    }
    const p = agg.tick();
    assert.equal(agg.connected, 10);
    assert.equal(agg.target, 20);
    assert.equal(p.errors.timeout, 2);
    const s = agg.summary('t');
    assert.equal(s.calls.Heartbeat, 2);
    assert.equal(s.latency.Heartbeat.count, 2);
    assert.equal(s.latency.Heartbeat.max, 20);
    assert.equal(s.totalErrors, 2);
  });
});
