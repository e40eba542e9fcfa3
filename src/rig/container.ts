/**
 * The SUT of a `kind: container` rig, started with testcontainers: start → started handle → stop.
 *
 * The rig's `container` section (src/rig/container-config.ts) names the image, its command and environment
 * (`${env:NAME}` from the harness's environment), the host ports it listens on (host networking), when it is
 * ready (a log line, a TCP port, an HTTP answer: all given must hold within startupTimeoutMs), files copied in
 * (the run PKI for SP2/SP3), resource limits, and its lifecycle: one container for the run (default), per
 * feature or per scenario, with an optional HTTP reset between the scenarios sharing it.
 *
 * Its log is kept; each scenario gets the lines written during it (containerScenarioEnd: attached to the
 * report). A container that does not become ready fails the step that needed it with its last log lines and
 * is removed; one that exits (or is killed) while a scenario runs fails that scenario with its exit code and
 * last log lines, and every later scenario at once (never silently restarted). Nothing is left: stopped
 * containers are removed (testcontainers' own reaper, Ryuk, needs an image registry and is off here).
 */
import net from 'node:net';
import type { Readable } from 'node:stream';
import type { StartedTestContainer } from 'testcontainers';
import { EvcError } from '../core/errors';
import { runPki } from '../transport/tls/run-pki';
import { resolveRigFile } from '../transport/tls/rig-files';
import { type ContainerRigConfig, type PkiFile, expandContainerText } from './container-config';
import type { RigConfig } from './types';

const MAX_LINES = 5000;

export class SutContainer {
  private started?: StartedTestContainer;
  private readonly lines: string[] = [];
  private dropped = 0;
  private stopping = false;
  /** Set when its log stream ended while we were not stopping it: it exited or was killed. */
  exited?: { at: number; code?: number; detail: string };
  readonly name: string;

  constructor(
    readonly cfg: RigConfig,
    private readonly c: ContainerRigConfig,
    readonly key: string,
  ) {
    this.name = `evc-${cfg.name.replace(/[^A-Za-z0-9_.-]+/g, '-')}-${process.pid}-${++SEQ}`;
  }

  /** Lines written so far (a mark for `linesSince`). */
  mark(): number {
    return this.dropped + this.lines.length;
  }

  linesSince(mark: number): string[] {
    return this.lines.slice(Math.max(0, mark - this.dropped));
  }

  tail(n = this.c.logLines ?? 30): string {
    const last = this.lines.slice(-n);
    return last.length ? last.map((l) => `  | ${l}`).join('\n') : '  (no log lines)';
  }

  /** It became ready once (an exit after that is the SUT's, reported; a failed start is reported by start()). */
  get everReady(): boolean {
    return this.ready;
  }

  private ready = false;

  private consume(stream: Readable): void {
    let rest = '';
    stream.on('data', (chunk: Buffer | string) => {
      const text = rest + chunk.toString();
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      for (const p of parts) this.push(p);
    });
    const ended = () => {
      if (rest) this.push(rest);
      rest = '';
      if (!this.stopping && !this.exited) this.exited = { at: Date.now(), detail: 'its log stream ended' };
      void this.readExitCode();
    };
    stream.on('end', ended);
    stream.on('error', ended);
  }

  private push(line: string): void {
    this.lines.push(line.replace(/\r$/, ''));
    if (this.lines.length > MAX_LINES) {
      this.lines.shift();
      this.dropped++;
    }
  }

  private async readExitCode(): Promise<void> {
    if (!this.exited || this.stopping) return;
    try {
      const { getContainerRuntimeClient } = await import('testcontainers');
      const client = await getContainerRuntimeClient();
      const info = await client.container.inspect(client.container.getById(this.name)); // the engine takes a name where an id goes
      this.exited.code = info.State.ExitCode;
      this.exited.detail = `exit code ${info.State.ExitCode}${info.State.OOMKilled ? ', killed: out of memory' : ''}${info.State.Error ? `, ${info.State.Error}` : ''}`;
    } catch {
      /* removed already: the detail stays */
    }
  }

  /** What the scenario is told when the container is gone. */
  exitMessage(when: string): string {
    return `the SUT container '${this.name}' (image ${this.c.image}) exited ${when} (${this.exited?.detail ?? 'unknown'}); its last log lines:\n${this.tail()}`;
  }

  async start(): Promise<void> {
    // no registry here for testcontainers' reaper image; stop() and the run's end remove what we start
    process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
    process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
    const { GenericContainer } = await import('testcontainers');
    const c = this.c;
    const timeoutMs = c.startupTimeoutMs ?? 60_000;
    const env = Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, expandContainerText(v, this.cfg, true)]));
    let g = new GenericContainer(c.image)
      .withName(this.name)
      .withLabels({ 'org.evc.rig': this.cfg.name, 'org.evc.pid': String(process.pid) })
      .withNetworkMode('host')
      .withEnvironment(env)
      .withCopyFilesToContainer(await this.files())
      .withWaitStrategy(this.readiness(timeoutMs))
      .withStartupTimeout(timeoutMs)
      .withLogConsumer((s) => this.consume(s));
    if (c.command) g = g.withCommand(c.command.map((a) => expandContainerText(a, this.cfg)));
    if (c.resources) g = g.withResourcesQuota({ memory: c.resources.memoryMb ? c.resources.memoryMb / 1024 : undefined, cpu: c.resources.cpus });
    try {
      this.started = await g.start();
      this.ready = true;
    } catch (e) {
      this.stopping = true; // testcontainers removed it; its log stream ending is not an exit to report
      await removeByName(this.name);
      const why = (e as Error).message.split('\n')[0];
      throw new EvcError(`the SUT container '${this.name}' (image ${c.image}) did not become ready: ${why}; its last log lines:\n${this.tail()}`);
    }
  }

  /** The rig's files: rig-relative paths or run-PKI files, copied in before the start. */
  private async files(): Promise<{ source: string; target: string; mode?: number }[]> {
    const out = [];
    for (const f of this.c.files ?? []) {
      const m = /^\$\{(pki\.[^}]+)\}$/.exec(f.source);
      const source = m ? await pkiFile(m[1] as PkiFile) : resolveRigFile(f.source, this.cfg.source ?? '.');
      out.push({ source, target: f.target, mode: f.mode ?? 0o644 });
    }
    return out;
  }

  /** Ready when every given condition holds; an exit while waiting ends the wait at once. */
  private readiness(timeoutMs: number): Parameters<import('testcontainers').GenericContainer['withWaitStrategy']>[0] {
    let limit = timeoutMs;
    const w = this.c.wait ?? {};
    const ports = this.c.ports ?? {};
    const waits: string[] = [];
    if (w.log) waits.push(`log line '${w.log}'`);
    if (w.port) waits.push(`port ${w.port} (${ports[w.port]})`);
    if (w.http) waits.push(`HTTP ${w.http.path} on port ${w.http.port} answering ${w.http.status ?? 200}`);
    const waitUntilReady = async () => {
      const until = Date.now() + limit;
      for (;;) {
        if (this.exited) throw new Error(`it exited while starting (waiting for ${waits.join(' and ')})`);
        const open: string[] = [];
        if (w.log && !this.lines.some((l) => l.includes(w.log!))) open.push(`log line '${w.log}'`);
        if (w.port && !(await tcpOpen(ports[w.port]))) open.push(`port ${w.port} (${ports[w.port]})`);
        if (w.http && !(await httpAnswers(ports[w.http.port], w.http.path, w.http.status ?? 200))) open.push(`HTTP ${w.http.path} on port ${ports[w.http.port]}`);
        if (open.length === 0) return;
        if (Date.now() >= until) {
          this.stopping = true; // testcontainers stops it now: that end of its log is not an exit to report
          throw new Error(`not ready within ${limit} ms: still waiting for ${open.join(' and ')}`);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const strategy = {
      withStartupTimeout: (ms: number) => {
        limit = ms;
        return strategy;
      },
      isStartupTimeoutSet: () => true,
      getStartupTimeout: () => limit,
      waitUntilReady,
    };
    return strategy;
  }

  /** The SUT's reset between scenarios sharing the container (rig container.reset), bounded. */
  async reset(): Promise<void> {
    const r = this.c.reset;
    if (!r) return;
    const url = `http://127.0.0.1:${this.c.ports?.[r.port]}${r.path}`;
    const res = await fetch(url, { method: r.method ?? 'POST', signal: AbortSignal.timeout(r.timeoutMs ?? 10_000) }).catch((e: Error) => e);
    if (res instanceof Error || !res.ok) throw new EvcError(`resetting the SUT container '${this.name}' (${r.method ?? 'POST'} ${url}) failed: ${res instanceof Error ? res.message : `HTTP ${res.status}`}`);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const s = this.started;
    this.started = undefined;
    if (s) await s.stop({ timeout: 5, remove: true, removeVolumes: true }).catch(() => removeByName(this.name));
  }
}

let SEQ = 0;

async function pkiFile(name: PkiFile): Promise<string> {
  const pki = await runPki();
  if (name === 'pki.rootCa.cert') return pki.rootCa.certFile;
  return name === 'pki.csmsServer.cert' ? pki.csmsServer.certFile : pki.csmsServer.keyFile;
}

/** Removes a container of ours by name (stopped first), whatever state it is in; no engine: nothing to do. */
async function removeByName(name: string): Promise<void> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await getContainerRuntimeClient();
    const c = client.container.getById(name); // the engine takes a name where an id goes
    await client.container.stop(c, { timeout: 0 }).catch(() => undefined);
    await client.container.remove(c, { removeVolumes: true }).catch(() => undefined);
  } catch {
    /* no engine answers: nothing of ours can be left there */
  }
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

async function httpAnswers(port: number, path: string, status: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.status === status;
  } catch {
    return false;
  }
}

// ---- the run's containers (one worker process runs a container rig's scenarios one at a time) ----

const ALIVE = new Map<string, SutContainer>();
let scenario: { feature: string; marks: Map<SutContainer, number>; used: Set<SutContainer> } | undefined;

/** Hooks: a scenario begins (its feature decides a per-feature container). */
export function containerScenarioStart(featureUri: string): void {
  scenario = { feature: featureUri, marks: new Map([...ALIVE.values()].map((c) => [c, c.mark()])), used: new Set() };
}

/**
 * Hooks: the scenario ended. Its log lines per container (to attach), and why it failed when a container it
 * used exited during it.
 */
export function containerScenarioEnd(): { logs: { name: string; text: string }[]; failure?: string } {
  const s = scenario;
  scenario = undefined;
  if (!s) return { logs: [] };
  const logs = [...s.used].map((c) => ({ name: c.name, text: c.linesSince(s.marks.get(c) ?? 0).join('\n') }));
  const gone = [...s.used].find((c) => c.exited && c.everReady);
  return { logs, failure: gone?.exitMessage('during the scenario') };
}

/**
 * The rig's container for this scenario, started on first use (per run / feature / scenario as the rig says).
 * Returns it with a stop the rig calls at the end of the scenario when its lifecycle is `scenario`.
 */
export async function ensureSutContainer(cfg: RigConfig): Promise<{ container: SutContainer; stopAfterScenario: boolean }> {
  const c = cfg.container;
  if (!c) throw new EvcError(`rig '${cfg.name}' has no container section`);
  const life = c.lifecycle ?? 'run';
  const key = life === 'run' ? 'run' : life === 'feature' ? `feature:${scenario?.feature ?? '?'}` : `scenario:${Math.random()}`;
  for (const [k, old] of ALIVE) {
    if (k !== key && life === 'feature') {
      ALIVE.delete(k);
      await old.stop(); // the previous feature's
    }
  }
  let sut = ALIVE.get(key);
  if (sut?.exited) throw new EvcError(sut.exitMessage('earlier in the run; the scenarios after it cannot run (it is not restarted behind the verdicts)'));
  if (sut && !scenario?.used.has(sut)) await sut.reset();
  if (!sut) {
    sut = new SutContainer(cfg, c, key);
    scenario?.marks.set(sut, 0);
    scenario?.used.add(sut);
    await sut.start();
    if (life !== 'scenario') ALIVE.set(key, sut);
  }
  scenario?.used.add(sut);
  return { container: sut, stopAfterScenario: life === 'scenario' };
}

/** End of the run: every container still up is stopped and removed. */
export async function stopSutContainers(): Promise<void> {
  const all = [...ALIVE.values()];
  ALIVE.clear();
  await Promise.all(all.map((c) => c.stop()));
}
