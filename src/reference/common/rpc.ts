/**
 * Plumbing shared by the reference SUTs of every OCPP version (built on ocpp-rpc, never on the harness's own
 * OCPP code): timers that stop() clears, message ids, and raw CALLs for faults whose frames ocpp-rpc refuses.
 */
import { randomBytes } from 'node:crypto';
import type { RPCClient } from 'ocpp-rpc';

/** Every timer a reference SUT starts goes through one of these, so stop() can clear them all. */
export class Timers {
  private readonly handles = new Set<NodeJS.Timeout>();
  private readonly waiters = new Set<() => void>();
  private stopped = false;

  timeout(ms: number, fn: () => void): NodeJS.Timeout {
    const h = setTimeout(() => {
      this.handles.delete(h);
      if (!this.stopped) fn();
    }, Math.max(0, ms));
    this.handles.add(h);
    return h;
  }

  interval(ms: number, fn: () => void): NodeJS.Timeout {
    const h = setInterval(() => {
      if (!this.stopped) fn();
    }, Math.max(1, ms));
    this.handles.add(h);
    return h;
  }

  clear(h: NodeJS.Timeout | undefined): void {
    if (!h) return;
    clearTimeout(h);
    clearInterval(h);
    this.handles.delete(h);
  }

  /** Resolves after ms (or at once when stopped). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve();
      const done = () => {
        this.handles.delete(h);
        this.waiters.delete(done);
        resolve();
      };
      const h = setTimeout(done, Math.max(0, ms));
      this.handles.add(h);
      this.waiters.add(done);
    });
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  clearAll(): void {
    this.stopped = true;
    for (const h of this.handles) {
      clearTimeout(h);
      clearInterval(h);
    }
    this.handles.clear();
    for (const w of [...this.waiters]) w();
    this.waiters.clear();
  }
}

export function messageId(length = 36): string {
  return randomBytes(Math.ceil(length / 2)).toString('hex').slice(0, length);
}

/**
 * Sends a CALL frame as raw text (for faults whose frames ocpp-rpc would refuse: null fields, long ids, bad
 * dates, missing required fields) and resolves with the CALLRESULT payload seen on the socket.
 */
export function rawCall(client: RPCClient, action: string, payload: unknown, opts: { id?: string; timeoutMs: number; timers: Timers }): Promise<any> {
  const id = opts.id ?? messageId();
  return new Promise((resolve, reject) => {
    const onMessage = (ev: { message: string; outbound: boolean }) => {
      if (ev.outbound) return;
      let frame: unknown;
      try {
        frame = JSON.parse(String(ev.message));
      } catch {
        return;
      }
      if (!Array.isArray(frame) || frame[1] !== id) return;
      done();
      if (frame[0] === 3) resolve(frame[2]);
      else reject(Object.assign(new Error(String(frame[3] ?? 'CALLERROR')), { rpcErrorCode: frame[2] }));
    };
    const onClose = () => {
      done();
      reject(new Error('disconnected'));
    };
    const done = () => {
      client.off('message', onMessage);
      client.off('disconnect', onClose);
      opts.timers.clear(timer);
    };
    client.on('message', onMessage);
    client.on('disconnect', onClose);
    const timer: NodeJS.Timeout = opts.timers.timeout(opts.timeoutMs, () => {
      done();
      reject(new Error('Call timeout'));
    });
    try {
      client.sendRaw(JSON.stringify([2, id, action, payload]));
    } catch (err) {
      done();
      reject(err as Error);
    }
  });
}
