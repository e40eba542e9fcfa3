/**
 * Load mode on Artillery (2.0.x, Node 20): an Artillery engine named `evc` whose virtual user is one OCPP
 * station (src/load/artillery/flow-station.ts) and whose flow uses our verbs. Artillery then does the phases,
 * the workers and the scale-out (`artillery run-fargate --count N` runs the same script on N machines); our
 * figures reach its report as counters and histograms:
 *   evc.calls.<Action>, evc.latency.<Action> (ms), evc.csms_calls.<Action>, errors.evc.<kind>.
 *
 * Script (YAML):
 *   config:
 *     target: ws://csms.example:9000/ocpp
 *     phases: [{ duration: 60, arrivalRate: 50 }]
 *     engines:
 *       evc: { ocppVersion: "1.6", idPattern: "LOAD-{worker}-{n:06}", password: "…", callTimeout: 30, validateSample: 0.01 }
 *   scenarios:
 *     - engine: evc
 *       flow:
 *         - connect: {}
 *         - boot: {}
 *         - status: { connectors: 2 }
 *         - heartbeat: { count: 3, every: 10 }      # every: s (default: the interval BootNotification gave)
 *         - authorize: { idTag: TAG-1 }
 *         - transaction: { idTag: TAG-1, meterValues: 4, every: 5 }
 *         - think: 5
 *         - disconnect: {}
 *
 * Identities are unique across workers and machines: `{worker}` is a hash of host name, process and thread,
 * `{n}` counts this worker's virtual users. Loaded by Artillery as `artillery-engine-evc` through NODE_PATH
 * (src/load/artillery/engines; the README shows the command).
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import { threadId } from 'node:worker_threads';
import type { OcppVersion } from '../../ocpp/version';
import { formatId } from '../profile';
import type { AnswerSpec } from '../profile';
import { FlowError, FlowStation } from './flow-station';

interface EngineConfig {
  ocppVersion?: OcppVersion;
  idPattern?: string;
  password?: string;
  callTimeout?: number;
  connectTimeout?: number;
  validateSample?: number;
  answers?: Record<string, AnswerSpec>;
}

/** What Artillery hands an engine (the parts used here). */
export interface ArtilleryScript {
  config: { target?: string; engines?: Record<string, EngineConfig | undefined> };
}
export interface ArtilleryEvents {
  emit(event: string, ...args: unknown[]): boolean;
}
type Step = Record<string, unknown>;
type Done = (err: Error | null, context: Record<string, unknown>) => void;

const VERBS = ['connect', 'boot', 'status', 'heartbeat', 'authorize', 'transaction', 'think', 'disconnect'] as const;

/** This worker's part of every identity: host, process and thread (unique across workers and containers). */
export const WORKER_TAG = createHash('sha1').update(`${os.hostname()}:${process.pid}:${threadId}`).digest('hex').slice(0, 8);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d);

export class EvcArtilleryEngine {
  private readonly cfg: Required<Omit<EngineConfig, 'password'>> & { password?: string };
  private readonly target: string;
  private users = 0;

  constructor(script: ArtilleryScript) {
    const c = script.config.engines?.evc ?? {};
    const target = script.config.target;
    if (!target || !/^wss?:\/\//.test(target)) throw new Error(`artillery-engine-evc: config.target must be the CSMS's ws:// or wss:// URL (got ${JSON.stringify(target)})`);
    const version = c.ocppVersion ?? '1.6';
    if (!['1.6', '2.0.1', '2.1'].includes(version)) throw new Error(`artillery-engine-evc: config.engines.evc.ocppVersion must be 1.6, 2.0.1 or 2.1 (got ${JSON.stringify(version)})`);
    const idPattern = c.idPattern ?? 'EVC-{worker}-{n:06}';
    if (!/\{n(:0?\d+)?\}/.test(idPattern)) throw new Error(`artillery-engine-evc: config.engines.evc.idPattern must contain {n} (got ${JSON.stringify(idPattern)})`);
    this.target = target;
    this.cfg = { ocppVersion: version, idPattern, password: c.password, callTimeout: num(c.callTimeout, 30), connectTimeout: num(c.connectTimeout, 15), validateSample: num(c.validateSample, 0.01), answers: c.answers ?? {} };
  }

  createScenario(spec: { flow?: Step[] }, ee: ArtilleryEvents): (context: Record<string, unknown>, done: Done) => void {
    const flow = spec.flow ?? [];
    flow.forEach((step, i) => {
      const verb = Object.keys(step)[0];
      if (!VERBS.includes(verb as (typeof VERBS)[number])) throw new Error(`artillery-engine-evc: flow step ${i + 1} '${verb}' is not one of ${VERBS.join(', ')}`);
    });
    return (context, done) => {
      ee.emit('started');
      this.runUser(flow, ee).then(
        () => done(null, context),
        (e: Error) => {
          ee.emit('error', e instanceof FlowError ? `evc.${e.kind}` : `evc.${e.message}`);
          done(e, context);
        },
      );
    };
  }

  private async runUser(flow: Step[], ee: ArtilleryEvents): Promise<void> {
    const c = this.cfg;
    const id = formatId(c.idPattern.replace(/\{worker\}/g, WORKER_TAG), ++this.users);
    const station = new FlowStation({
      url: this.target,
      id,
      version: c.ocppVersion,
      password: c.password,
      callTimeoutMs: c.callTimeout * 1000,
      connectTimeoutMs: c.connectTimeout * 1000,
      validateSample: c.validateSample,
      answers: c.answers,
      onAnswer: (action, ms) => {
        ee.emit('counter', `evc.calls.${action}`, 1);
        ee.emit('histogram', `evc.latency.${action}`, ms);
      },
      onCsmsCall: (action) => ee.emit('counter', `evc.csms_calls.${action}`, 1),
    });
    try {
      for (const step of flow) await this.step(station, step);
    } finally {
      station.close();
    }
  }

  private async step(s: FlowStation, step: Step): Promise<void> {
    const verb = Object.keys(step)[0];
    const a = (step[verb] ?? {}) as Record<string, unknown>;
    switch (verb) {
      case 'connect':
        return s.connect();
      case 'boot':
        return s.boot();
      case 'status':
        return s.status(num(a.connectors, 1), a.charging === true);
      case 'heartbeat': {
        const every = num(a.every, s.interval) * 1000;
        for (let i = 0; i < num(a.count, 1); i++) {
          if (i > 0 || a.first === 'wait') await sleep(every);
          await s.heartbeat();
        }
        return;
      }
      case 'authorize':
        return s.authorize(String(a.idTag ?? ''));
      case 'transaction':
        return s.transaction(String(a.idTag ?? ''), num(a.meterValues, 1), num(a.every, 1) * 1000);
      case 'think':
        await sleep(num(step.think, 0) * 1000);
        return;
      case 'disconnect':
        return s.close();
    }
  }
}
