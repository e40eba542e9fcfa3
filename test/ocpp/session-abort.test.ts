/**
 * Waits end at the moment the SUT makes the awaited outcome impossible or breaks the protocol, measured
 * against hand-written peers on a real loopback WebSocket (the harness CSMS's session, a peer station here).
 * A valid unrelated message never ends a wait early.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { VerdictError } from '../../src/core/errors';
import { Trace } from '../../src/core/trace';
import { CsmsRole } from '../../src/ocpp/csms/csms';
import type { OcppSession } from '../../src/ocpp/session';
import { type Wire, sleep, stationPeer } from './peers';

const ID = 'CP-ABORT-1';
const RESPONSE_MS = 8000;

describe('OcppSession waits end at once on a protocol violation (peer station, response timeout 8 s)', () => {
  let csms: CsmsRole;
  let trace: Trace;
  before(async () => {
    trace = new Trace();
    csms = new CsmsRole({ versions: ['1.6'], trace, host: '127.0.0.1', port: 0, basePath: '/ocpp', responseTimeoutMs: RESPONSE_MS, securityProfile: 0, stations: { [ID]: {} } });
    await csms.start();
  });
  after(async () => {
    await csms.stop();
  });

  /** Connects a peer running `script` and returns the harness's session with it. */
  async function connect(script: (w: Wire) => Promise<void>): Promise<{ session: OcppSession; stop: () => void }> {
    const peer = stationPeer(`${csms.url}/${ID}`, 'ocpp1.6', script, 5000);
    const session = await csms.waitForNewConnection(ID, 5000);
    return { session, stop: peer.stop };
  }

  async function timed<T>(p: Promise<T>): Promise<{ ms: number; err: unknown; value?: T }> {
    const t0 = performance.now();
    try {
      const value = await p;
      return { ms: performance.now() - t0, err: undefined, value };
    } catch (err) {
      return { ms: performance.now() - t0, err };
    }
  }

  it('a malformed answer at ~30 ms fails the call at once, quoting the frame', async (t) => {
    const { session, stop } = await connect(async (w) => {
      const c = await w.next();
      await sleep(30);
      w.send(`[3,"${String(c[1])}",["not","an","object"]]`);
    });
    const r = await timed(session.call('GetConfiguration', { key: ['HeartbeatInterval'] }));
    stop();
    t.diagnostic(`call failed after ${r.ms.toFixed(1)} ms (timeout ${RESPONSE_MS} ms)`);
    assert.ok(r.err instanceof VerdictError, String(r.err));
    assert.ok(r.ms < 1000, `${r.ms} ms`);
    assert.match((r.err as Error).message, /^The SUT answered GetConfiguration \(#[^)]+\) with a malformed frame \(payload-not-object: [^)]*\): \[3,"[^"]+",\["not","an","object"\]\]/);
  });

  it('an answer that breaks the schema names the path and the value', async (t) => {
    const { session, stop } = await connect(async (w) => {
      const c = await w.next();
      await sleep(30);
      w.send([3, c[1], { status: 'Maybe' }]);
    });
    const r = await timed(session.call('ChangeAvailability', { connectorId: 1, type: 'Inoperative' }));
    stop();
    t.diagnostic(`call failed after ${r.ms.toFixed(1)} ms`);
    assert.ok(r.ms < 1000);
    assert.match((r.err as Error).message, /^The SUT's ChangeAvailability response violates the OCPP 1\.6 schema: \/status must be equal to one of the allowed values \(got "Maybe"\)/);
    assert.match((r.err as Error).message, /frame: \[3,"[^"]+",\{"status":"Maybe"\}\]/);
  });

  it('a CALLERROR with a code OCPP-J does not have fails the call at once', async () => {
    const { session, stop } = await connect(async (w) => {
      const c = await w.next();
      w.send([4, c[1], 'Oops', 'no', {}]);
    });
    const r = await timed(session.call('ClearCache', {}));
    stop();
    assert.ok(r.ms < 1000);
    assert.match((r.err as Error).message, /with a CALLERROR whose error code 'Oops' is not an OCPP-J error code/);
  });

  it('a malformed frame while an answer is awaited ends the wait at once, even when it is not the answer', async () => {
    const { session, stop } = await connect(async (w) => {
      await w.next();
      await sleep(30);
      w.send('{"not":"ocpp"}');
    });
    const r = await timed(session.call('ClearCache', {}));
    stop();
    assert.ok(r.ms < 1000);
    assert.match((r.err as Error).message, /^While the harness awaited the answer to ClearCache \(#[^)]+\), the SUT sent a malformed frame \(not-an-array: [^)]*\): \{"not":"ocpp"\}/);
  });

  it('a valid unrelated CALL does not end the wait; the real answer still counts', async () => {
    const { session, stop } = await connect(async (w) => {
      const c = await w.next();
      w.send([2, 'hb1', 'Heartbeat', {}]);
      await w.next();
      await sleep(100);
      w.send([3, c[1], { status: 'Accepted' }]);
    });
    const r = await timed(session.call('ClearCache', {}));
    stop();
    assert.equal(r.err, undefined);
    assert.equal(r.value?.kind, 'result');
    assert.ok(r.ms >= 90, `answered after ${r.ms} ms`);
  });

  it('a malformed reply to a raw frame fails the raw wait at once', async () => {
    const { session, stop } = await connect(async (w) => {
      await w.next();
      await sleep(30);
      w.send('[4,"raw-1","FormationViolation"]');
    });
    const r = await timed(session.sendRawAndAwaitReply('[2,"raw-1","Heartbeat",[]]'));
    stop();
    assert.ok(r.ms < 1000);
    assert.match((r.err as Error).message, /^The SUT answered the raw frame #raw-1 with a malformed frame \(wrong-element-count/);
  });

  it('an expect step ends at once on a malformed frame', async (t) => {
    const { session, stop } = await connect(async (w) => {
      await sleep(30);
      w.send('[2,"x1","StatusNotification",{"connectorId":0');
      await w.next();
    });
    const r = await timed(session.inbox.expect({ kind: 'StatusNotification', partial: { connectorId: 0, status: 'Available' }, timeoutMs: RESPONSE_MS }));
    stop();
    t.diagnostic(`expect failed after ${r.ms.toFixed(1)} ms on the malformed frame (timeout ${RESPONSE_MS} ms)`);
    assert.ok(r.ms < 1000);
    assert.match((r.err as Error).message, /^The SUT sent a malformed frame \(invalid-json: [^)]*\): \[2,"x1","StatusNotification",\{"connectorId":0\n/);
  });

  it('an expect step ends at once on a schema-breaking frame of the awaited action, headlining that frame', async (t) => {
    const { session, stop } = await connect(async (w) => {
      w.send([2, 'x1', 'StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' }]);
      await w.next();
      await sleep(30);
      w.send([2, 'x2', 'StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Ready' }]);
      await w.next();
      w.send([2, 'x3', 'StatusNotification', { connectorId: 2, errorCode: 'NoError', status: 'Available' }]);
      await w.next();
    });
    const r = await timed(session.inbox.expect({ kind: 'StatusNotification', partial: { connectorId: 0, status: 'Available' }, timeoutMs: RESPONSE_MS }));
    stop();
    t.diagnostic(`expect failed after ${r.ms.toFixed(1)} ms on the invalid status`);
    assert.ok(r.ms < 1000);
    assert.match((r.err as Error).message, /^The StatusNotification the SUT sent \(#x2\) violates the OCPP 1\.6 schema: \/status must be equal to one of the allowed values \(got "Ready"\)/);
  });
});
