/**
 * One long-lived verify:faults runner: loads cucumber's configuration (profile `verify`) and the step
 * definitions ONCE, then runs job after job in this process, each with its own faults (EVC_FAULTS, read by the
 * rig config in BeforeAll, so every run starts the reference SUTs afresh with that run's faults; AfterAll
 * disposes the run PKI). Scenarios run one at a time here; parallelism comes from several runners.
 *
 * Two ways in: forked with an IPC channel (`process.send`) by fault-runner.ts on the host, or
 * `--batch <jobs.json> <results.json>` inside the CAN environment (one VM for all @vcan jobs).
 * Results are read from the message stream in memory: nothing is written but the per-scenario traces the
 * hooks write under EVC_REPORTS_DIR (the caller's scratch directory unless it keeps them).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { IRunConfiguration, ISupportCodeLibrary } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import { PROJECT_ROOT } from '../core/load';
import { disposeRunPki } from '../transport/tls/run-pki';
import { disposeRunV2gPki } from '../transport/tls/run-v2g-pki';
import { outcomesFromEnvelopes } from './run-selection';

export interface FaultJob {
  id: string;
  /** Cucumber tag expression of the scenarios to run. */
  tags: string;
  /** Feature files to load (default: all under features/). */
  paths?: string[];
  /** Full fault names (`<catalogue>/<fault>`), none for the compliant run. */
  faults: string[];
  /** Write the run's messages (NDJSON) here, for `--keep`. */
  keepMessages?: string;
}

export interface FaultJobResult {
  id: string;
  outcomes: [string, string][];
  headlines: [string, string][];
  error?: string;
}

const discard = () => new Writable({ write: (_c, _e, cb) => cb() });

export class InProcessRunner {
  private loaded?: { config: IRunConfiguration; support: ISupportCodeLibrary };

  /** Loads configuration and step definitions now (a failure is reported by the first run). */
  async preload(): Promise<void> {
    await this.load().catch(() => undefined);
  }

  private async load(): Promise<{ config: IRunConfiguration; support: ISupportCodeLibrary }> {
    if (this.loaded) return this.loaded;
    const api = await import('@cucumber/cucumber/api');
    const env = { cwd: PROJECT_ROOT, stdout: discard(), stderr: process.stderr };
    const { runConfiguration } = await api.loadConfiguration({ profiles: ['verify'], provided: { parallel: 0, format: [], retry: 0 } }, env);
    const support = await api.loadSupport(runConfiguration, env);
    this.loaded = { config: runConfiguration, support };
    return this.loaded;
  }

  async run(job: FaultJob): Promise<FaultJobResult> {
    try {
      const { config, support } = await this.load();
      const api = await import('@cucumber/cucumber/api');
      process.env.EVC_FAULTS = job.faults.join(',');
      const envelopes: Envelope[] = [];
      const sources = { ...config.sources, tagExpression: job.tags, paths: job.paths ?? config.sources.paths };
      await api.runCucumber({ ...config, sources, support }, { cwd: PROJECT_ROOT, stdout: discard(), stderr: process.stderr }, (e) => envelopes.push(e));
      if (job.keepMessages) {
        fs.mkdirSync(path.dirname(job.keepMessages), { recursive: true });
        fs.writeFileSync(job.keepMessages, envelopes.map((e) => JSON.stringify(e)).join('\n') + '\n');
      }
      const r = outcomesFromEnvelopes(envelopes);
      return { id: job.id, outcomes: [...r.outcomes], headlines: [...r.headlines] };
    } catch (e) {
      return { id: job.id, outcomes: [], headlines: [], error: (e as Error).message.split('\n')[0] };
    } finally {
      delete process.env.EVC_FAULTS;
    }
  }
}

/**
 * The run PKIs (OCPP and V2G) are made on a job's first TLS scenario and kept for the runner's later jobs (the
 * hooks leave them under EVC_RUNNER_KEEPS_PKI): generating them again for every fault run cost a V2G PKI's
 * 4–5 s of openssl per TLS job. They go when the runner ends, bounded so a stuck removal cannot keep it alive.
 */
process.env.EVC_RUNNER_KEEPS_PKI = '1';
async function disposePkis(): Promise<void> {
  const bound = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
  await Promise.race([Promise.all([disposeRunPki(), disposeRunV2gPki()]).catch(() => undefined), bound]);
}

async function batch(jobsFile: string, resultsFile: string): Promise<number> {
  const jobs = JSON.parse(fs.readFileSync(jobsFile, 'utf8')) as FaultJob[];
  const runner = new InProcessRunner();
  const results: FaultJobResult[] = [];
  for (const job of jobs) results.push(await runner.run(job));
  fs.writeFileSync(resultsFile, JSON.stringify(results));
  await disposePkis();
  return 0;
}

function serve(): void {
  const runner = new InProcessRunner();
  // ready once the step definitions are loaded: the pool starts its runners one after another
  let chain: Promise<unknown> = runner.preload().then(() => process.send?.({ ready: true }));
  process.on('message', (msg: { job?: FaultJob; exit?: boolean }) => {
    if (msg.exit) {
      // whatever a faulty SUT left scheduled must not keep the runner alive
      chain.then(disposePkis, disposePkis).then(() => process.exit(0));
      return;
    }
    if (!msg.job) return;
    const job = msg.job;
    chain = chain.then(async () => {
      const result = await runner.run(job);
      if (process.connected) process.send?.({ result });
    });
  });
  // the pool ended (or died): nothing of this runner may outlive it
  process.on('disconnect', () => void disposePkis().then(() => process.exit(1)));
}

if (path.resolve(process.argv[1] ?? '') === __filename) {
  const i = process.argv.indexOf('--batch');
  if (i > 0) {
    batch(process.argv[i + 1], process.argv[i + 2]).then(
      (code) => process.exit(code),
      (e: unknown) => {
        console.error(`evc: fault runner: ${(e as Error).message}`);
        process.exit(1);
      },
    );
  } else serve();
}
