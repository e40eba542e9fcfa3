/** The shared timer wheel: order, long delays (several turns), entries armed while firing, a throwing target. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TimerWheel, type WheelTarget } from '../../src/load/wheel';

class Recorder implements WheelTarget {
  fired: [number, number, number][] = [];
  tick = 0;
  onTimer(kind: number, arg: number): void {
    this.fired.push([this.tick, kind, arg]);
  }
}

function drive(w: TimerWheel, r: Recorder, ticks: number): void {
  for (let i = 0; i < ticks; i++) {
    r.tick++;
    w.advance(1);
  }
}

describe('timer wheel', () => {
  it('fires each entry at its tick (delays rounded up, at least one tick)', () => {
    const w = new TimerWheel({ tickMs: 10, slots: 16, manual: true });
    const r = new Recorder();
    w.schedule(0, r, 1, 0);
    w.schedule(10, r, 2, 0);
    w.schedule(15, r, 3, 0);
    w.schedule(100, r, 4, 7);
    assert.equal(w.size, 4);
    drive(w, r, 12);
    assert.deepEqual(r.fired, [[1, 1, 0], [1, 2, 0], [2, 3, 0], [10, 4, 7]]);
    assert.equal(w.size, 0);
  });

  it('handles delays of several turns of the ring', () => {
    const w = new TimerWheel({ tickMs: 1, slots: 8, manual: true });
    const r = new Recorder();
    for (const d of [8, 9, 16, 17, 40]) w.schedule(d, r, d, 0);
    drive(w, r, 45);
    assert.deepEqual(r.fired.map(([t, k]) => [t, k]), [[8, 8], [9, 9], [16, 16], [17, 17], [40, 40]]);
  });

  it('entries armed while firing (also a full turn ahead) fire on their own tick, not in the same pass', () => {
    const w = new TimerWheel({ tickMs: 1, slots: 8, manual: true });
    const fired: number[] = [];
    let tick = 0;
    const t: WheelTarget = {
      onTimer(kind) {
        fired.push(tick);
        if (kind < 3) w.schedule(kind === 1 ? 8 : 3, t, kind + 1, 0);
      },
    };
    w.schedule(2, t, 1, 0);
    for (; tick < 20; ) {
      tick++;
      w.advance(1);
    }
    assert.deepEqual(fired, [2, 10, 13]);
  });

  it('a target that throws is counted and the others still fire', () => {
    const w = new TimerWheel({ tickMs: 1, slots: 8, manual: true });
    const r = new Recorder();
    w.schedule(1, { onTimer: () => { throw new Error('boom'); } }, 1, 0);
    w.schedule(1, r, 2, 0);
    drive(w, r, 2);
    assert.equal(w.targetErrors, 1);
    assert.equal(r.fired.length, 1);
  });

  it('runs on its own interval and stops', async () => {
    const w = new TimerWheel({ tickMs: 5 });
    const at = performance.now();
    const done = new Promise<number>((resolve) => w.schedule(30, { onTimer: () => resolve(performance.now() - at) }, 1, 0));
    const ms = await done;
    w.stop();
    assert.ok(ms >= 29, `fired after ${ms} ms`);
    assert.ok(ms < 500, `fired after ${ms} ms`);
  });
});
