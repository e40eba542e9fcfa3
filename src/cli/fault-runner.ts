/**
 * The verify:faults runner pool: a few long-lived runner processes (fault-runner-worker.ts), each loading the
 * step definitions once and running fault after fault pulled from one queue; the @vcan jobs run as one batch in
 * one CAN environment (one VM boot instead of one per fault). Each job's outcome is read in memory; the traces
 * the hooks write go to a scratch directory removed at the end unless `keepDir` is given.
 */
import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../core/load';
import type { FaultJob, FaultJobResult } from './fault-runner-worker';

const WORKER = path.join(__dirname, 'fault-runner-worker.ts');
/** A job (one fault's selection) that takes longer than this is stopped and recorded as an error. */
const JOB_LIMIT_MS = 15 * 60_000;

interface Slot {
  child?: ChildProcess;
  busy?: { job: FaultJob; resolve: (r: FaultJobResult) => void; timer: NodeJS.Timeout };
  /** The runner has loaded the step definitions and takes jobs. */
  ready?: boolean;
  index: number;
}

export class RunnerPool {
  private readonly queue: { job: FaultJob; resolve: (r: FaultJobResult) => void }[] = [];
  private readonly slots: Slot[];
  private closed = false;
  private readonly children = new Set<ChildProcess>();
  private readonly killChildren = () => {
    for (const c of this.children) c.kill('SIGKILL');
  };

  constructor(
    workers: number,
    private readonly traceDir: (index: number) => string,
  ) {
    this.slots = Array.from({ length: Math.max(1, workers) }, (_, index) => ({ index }));
  }

  run(job: FaultJob): Promise<FaultJobResult> {
    return new Promise((resolve) => {
      this.queue.push({ job, resolve });
      this.dispatch();
    });
  }

  /**
   * Runners start one after another (the next once the previous has loaded the step definitions), so runners
   * loading at once do not starve the scenarios already running of CPU (their answer waits are 2 s).
   */
  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.closed || slot.busy || this.queue.length === 0) continue;
      if (!slot.child) {
        if (!this.slots.some((x) => x.child && !x.ready)) this.spawn(slot);
        continue;
      }
      if (!slot.ready) continue;
      const child = slot.child;
      const next = this.queue.shift()!;
      const timer = setTimeout(() => {
        slot.child = undefined;
        slot.ready = false;
        child.kill('SIGKILL');
        this.finish(slot, { id: next.job.id, outcomes: [], headlines: [], error: `stopped after ${JOB_LIMIT_MS / 60_000} min` });
      }, JOB_LIMIT_MS);
      slot.busy = { job: next.job, resolve: next.resolve, timer };
      child.send({ job: next.job });
    }
  }

  private spawn(slot: Slot): ChildProcess {
    const dir = this.traceDir(slot.index);
    fs.mkdirSync(dir, { recursive: true });
    const child = fork(WORKER, [], {
      cwd: PROJECT_ROOT,
      // EVC_RUNNER_CPU_PROF=<dir>: each runner writes a V8 CPU profile there when it exits (to see where a run's time goes)
      execArgv: ['--require', 'tsx/cjs', ...(process.env.EVC_RUNNER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.EVC_RUNNER_CPU_PROF}`] : [])],
      env: { ...process.env, EVC_REPORTS_DIR: dir, FORCE_COLOR: '0', EVC_FAULTS: '' },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    slot.child = child;
    // when this process ends (also interrupted), its runners end with it: one 'exit' listener for the pool
    this.children.add(child);
    if (this.children.size === 1) process.once('exit', this.killChildren);
    child.once('exit', () => {
      this.children.delete(child);
      if (this.children.size === 0) process.off('exit', this.killChildren);
    });
    child.on('message', (msg: { result?: FaultJobResult; ready?: boolean }) => {
      if (msg.ready && slot.child === child) {
        slot.ready = true;
        this.dispatch();
      }
      if (msg.result && slot.busy?.job.id === msg.result.id) this.finish(slot, msg.result);
    });
    child.on('exit', (code, signal) => {
      if (slot.child !== child) return;
      const wasReady = slot.ready;
      slot.child = undefined;
      slot.ready = false;
      if (slot.busy) this.finish(slot, { id: slot.busy.job.id, outcomes: [], headlines: [], error: `runner exited (${code ?? signal}) during the job` });
      else if (!wasReady && !this.closed) {
        // a runner that cannot start fails the next job (so a broken start ends, job by job), then the next try
        const next = this.queue.shift();
        next?.resolve({ id: next.job.id, outcomes: [], headlines: [], error: `runner exited (${code ?? signal}) before it was ready` });
        this.dispatch();
      }
    });
    return child;
  }

  private finish(slot: Slot, result: FaultJobResult): void {
    const busy = slot.busy;
    if (!busy) return;
    clearTimeout(busy.timer);
    slot.busy = undefined;
    busy.resolve(result);
    this.dispatch();
  }

  /** Lets each runner finish and exit; kills one that has not exited 10 s later. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      this.slots.map(
        (slot) =>
          new Promise<void>((resolve) => {
            const child = slot.child;
            if (!child || child.exitCode !== null) return resolve();
            const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(t);
              resolve();
            });
            child.send({ exit: true });
          }),
      ),
    );
  }
}

/**
 * Runs the @vcan jobs one after the other in ONE CAN environment (one VM boot), through the same in-process
 * runner in batch mode. The VM sees the project through hostfs but has its own /tmp, so the job and result
 * files and its traces live in a staging directory under the project's .tmp, removed afterwards.
 */
export async function runCanBatch(jobs: FaultJob[], keepDir?: string): Promise<Map<string, FaultJobResult>> {
  const out = new Map<string, FaultJobResult>();
  if (jobs.length === 0) return out;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const canEnv = require('../rig/can-env') as typeof import('../rig/can-env');
  const staging = path.join(PROJECT_ROOT, '.tmp', `fault-can-${process.pid}-${Date.now()}`);
  fs.mkdirSync(staging, { recursive: true });
  const jobsFile = path.join(staging, 'jobs.json');
  const resultsFile = path.join(staging, 'results.json');
  fs.writeFileSync(jobsFile, JSON.stringify(jobs));
  const env = Object.fromEntries(
    Object.entries({ ...process.env, EVC_REPORTS_DIR: path.join(staging, 'reports'), FORCE_COLOR: '0', EVC_FAULTS: '' }).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
  try {
    const r = await canEnv.runWithCan([process.execPath, '--require', 'tsx/cjs', WORKER, '--batch', jobsFile, resultsFile], {
      cwd: PROJECT_ROOT,
      env,
      timeoutMs: Math.max(15, jobs.length * 5) * 60_000,
    });
    if (fs.existsSync(resultsFile)) for (const res of JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as FaultJobResult[]) out.set(res.id, res);
    const error = `the CAN environment run ended with ${r.code}${r.timedOut ? ' (timed out)' : ''}: ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}`;
    for (const j of jobs) if (!out.has(j.id)) out.set(j.id, { id: j.id, outcomes: [], headlines: [], error });
  } catch (e) {
    for (const j of jobs) out.set(j.id, { id: j.id, outcomes: [], headlines: [], error: (e as Error).message.split('\n')[0] });
  } finally {
    if (keepDir && fs.existsSync(path.join(staging, 'reports'))) fs.cpSync(path.join(staging, 'reports'), path.join(keepDir, 'vcan'), { recursive: true });
    fs.rmSync(staging, { recursive: true, force: true, maxRetries: 5 });
  }
  return out;
}

/** A scratch directory for what the runners write (traces), outside the project and the reports. */
export function scratchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'evc-faults-'));
}
