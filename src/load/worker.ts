/**
 * A swarm worker process: holds one range of stations (src/load/engine.ts) and reports their metrics to the
 * parent once a second over IPC. Started by src/load/swarm.ts (`node --import tsx src/load/worker.ts`, under
 * bash to raise its open-file limit). Messages — parent → worker: start, stop; worker → parent: delta, done.
 */
import { LoadEngine } from './engine';
import type { MetricsDelta } from './metrics';
import type { LoadProfile, StationRange } from './profile';

export type ToWorker = { type: 'start'; profile: LoadProfile; range: StationRange; tickMs?: number } | { type: 'stop' };
export type FromWorker = { type: 'ready' } | { type: 'delta'; delta: MetricsDelta } | { type: 'done'; delta: MetricsDelta } | { type: 'error'; message: string };

function send(m: FromWorker): void {
  if (process.connected) process.send?.(m);
}

let engine: LoadEngine | undefined;
let reporter: NodeJS.Timeout | undefined;

let stopping: Promise<void> | undefined;
function stop(): Promise<void> {
  stopping ??= stopOnce();
  return stopping;
}

async function stopOnce(): Promise<void> {
  if (reporter) clearInterval(reporter);
  reporter = undefined;
  const e = engine;
  engine = undefined;
  if (e) await e.stop();
  const bye = () => process.exit(0);
  setTimeout(bye, 2000).unref();
  if (e && process.connected) process.send?.({ type: 'done', delta: e.delta() } satisfies FromWorker, undefined, {}, bye);
  else bye();
}

if (require.main === module || process.env.EVC_LOAD_WORKER === '1') {
  process.on('message', (m: ToWorker) => {
    if (m.type === 'start' && !engine) {
      try {
        engine = new LoadEngine({ profile: m.profile, range: m.range, tickMs: m.tickMs });
        engine.start();
        send({ type: 'ready' });
        reporter = setInterval(() => engine && send({ type: 'delta', delta: engine.delta() }), 1000);
      } catch (e) {
        send({ type: 'error', message: (e as Error).message });
      }
    } else if (m.type === 'stop') {
      void stop();
    }
  });
  // the parent went away: end with it, never orphan sockets
  process.on('disconnect', () => {
    void stop();
  });
  process.on('uncaughtException', (e) => {
    send({ type: 'error', message: `uncaught: ${e.message}` });
  });
}
