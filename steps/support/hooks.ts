/**
 * Scenario lifecycle: Before starts the rig and labels the report; After lets frames in flight arrive, tears
 * down in reverse order (closing the connections, which drains what the SUT sent before its close), and only
 * then judges: it attaches the frame trace (JSON + readable sequence view), writes it as NDJSON under
 * reports/traces/, and fails the scenario when a guard found something the SUT sent that no step asserted —
 * a late frame (during or just before teardown) included.
 */
import fs from 'node:fs';
import path from 'node:path';
import { After, AfterAll, AfterStep, Before, BeforeAll, Status, setDefaultTimeout } from '@cucumber/cucumber';
import { REPORTS_DIR } from '../../src/core/load';
import { loadRigConfig } from '../../src/rig/config';
import { loadRigPics, notApplicableAny, type Pics } from '../../src/rig/pics';
import { rigSideNotApplicable } from '../../src/rig/applicability';
import { faultCatalogues, faultsFor } from '../../src/rig/faults';
import { registerReferenceCatalogues } from '../../src/rig/reference';
import { StartedRig, startRig } from '../../src/rig/rig';
import { stopBenchSimulations } from '../../src/rig/bench-sim';
import { containerScenarioEnd, containerScenarioStart, stopSutContainers } from '../../src/rig/container';
import { BACKSTOP_FLOOR_MS, stepBackstopMs } from '../../src/core/limits';
import type { RigConfig } from '../../src/rig/types';
import { OcppRunResources } from '../../src/ocpp/csms/persistent-endpoint';
import { prepareRunPki } from '../../src/ocpp/csms/run-commission';
import { disposeRunPki } from '../../src/transport/tls/run-pki';
import { disposeRunV2gPki } from '../../src/transport/tls/run-v2g-pki';
import { writeTraceExports } from '../../src/core/trace-export';
import type { EvcWorld } from './world';

// Cucumber's own step timeout is only a backstop above every protocol wait's own bound (src/core/limits.ts),
// derived from the rig's time scale and timeouts: never cuts a correct real-time wait short, never infinite.
setDefaultTimeout(rigStepBackstopMs());

function rigStepBackstopMs(): number {
  try {
    return stepBackstopMs(new StartedRig(loadRigConfig()));
  } catch {
    return BACKSTOP_FLOOR_MS; // a bad rig is reported by BeforeAll, as one line
  }
}

let rigConfig: RigConfig;
/** What outlives one scenario in this worker: the persistent harness CSMS on a rig with a real station. */
const RUN = new OcppRunResources();
let pics: Pics[] = [];
const TRACE_DIR = path.join(REPORTS_DIR, 'traces');

BeforeAll(function () {
  registerReferenceCatalogues();
  rigConfig = loadRigConfig();
  prepareRunPki(rigConfig.ocpp?.station); // its server certificates name the rig's advertisedHost too
  pics = loadRigPics(rigConfig);
  for (const c of faultCatalogues()) faultsFor(c.id, rigConfig.faults ?? [], rigConfig.source);
  fs.mkdirSync(TRACE_DIR, { recursive: true });
});

Before({ name: 'Start the rig' }, async function (this: EvcWorld, { pickle }) {
  this.tags = pickle.tags.map((t) => t.name);
  this.scenarioName = pickle.name;
  this.rig = await startRig(rigConfig);
  this.run = RUN;
  this.pics = pics;
  containerScenarioStart(pickle.uri); // kind container: per-feature containers, this scenario's log lines
  // Report identity, labels and parameters: steps/support/allure.ts (runs before this hook).
  const na = rigSideNotApplicable(rigConfig, this.tags) ?? notApplicableAny(pics, this.tags);
  if (na) {
    this.trace.note('harness', `not applicable: ${na}`);
    this.attach(`skipped: not applicable — ${na}`, { mediaType: 'text/plain', fileName: 'not-applicable.txt' });
    return 'skipped';
  }
  this.trace.note('harness', `scenario '${pickle.name}' on rig '${rigConfig.name}'${(rigConfig.faults ?? []).length ? ` with faults ${(rigConfig.faults ?? []).join(', ')}` : ''}`);
});

function traceFileName(name: string, id: string): string {
  return `${name.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 80)}-${id.slice(0, 8)}.ndjson`;
}

function attachTrace(world: EvcWorld, suffix = ''): void {
  if (world.trace.frames.length === 0) return;
  world.attach(world.trace.toSequence(), { mediaType: 'text/plain', fileName: `frame-sequence${suffix}.txt` });
  world.attach(JSON.stringify(world.trace.frames, null, 1), { mediaType: 'application/json', fileName: `frame-trace${suffix}.json` });
}

// The trace is attached to the scenario body (after its last step, or the step that failed) so reports list
// it with the scenario; After adds the final trace only when teardown found something more.
AfterStep(function (this: EvcWorld, { pickle, pickleStep, result }) {
  const last = pickle.steps[pickle.steps.length - 1]?.id === pickleStep.id;
  if (last || result.status !== Status.PASSED) {
    this.traceAttached = true;
    attachTrace(this);
  }
});

After({ name: 'Tear down, judge unasserted frames, save the trace' }, async function (this: EvcWorld, { pickle, result }) {
  // Judge after the connections are closed: a frame that arrived just after the last step or during teardown
  // counts as much as one that came earlier.
  await this.drain();
  const cleanupErrors = await this.runCleanups();
  try {
    await this.rig?.stop();
  } catch (e) {
    cleanupErrors.push((e as Error).message);
  }
  const sut = containerScenarioEnd(); // kind container: its log lines of this scenario; an exit during it fails it
  for (const log of sut.logs) this.attach(log.text || '(no lines)', { mediaType: 'text/plain', fileName: `container-${log.name}.log` });
  if (sut.failure) cleanupErrors.unshift(sut.failure);
  const findings = result?.status === Status.PASSED ? this.guardFindings() : [];
  if (findings.length) this.trace.note('harness', `verdict: FAILED by guard — ${findings.join(' | ')}`);
  const file = path.join(TRACE_DIR, traceFileName(pickle.name, pickle.id));
  fs.writeFileSync(file, this.trace.toNdjson());
  writeTraceExports(file.slice(0, -'.ndjson'.length), this.trace.frames); // candump log + pcap for CAN/DoIP frames
  if (!this.traceAttached) attachTrace(this);
  else if (findings.length || cleanupErrors.length) attachTrace(this, '-final');
  if (findings.length) {
    throw new Error(
      `The SUT sent something no step asserted:\n  ${findings.join('\n  ')}\n\nRecent frames:\n${this.trace.toSequence(this.trace.recent(12))}`,
    );
  }
  if (cleanupErrors.length) throw new Error(`Teardown failed: ${cleanupErrors.join('; ')}`);
});

AfterAll(async function () {
  await RUN.close(); // the persistent harness CSMS: its connections and its port
  await stopBenchSimulations(); // a simulated bench's station process and instruments (bench.simulate)
  await stopSutContainers(); // kind container: every SUT container of the run, removed
  // a verify:faults runner (EVC_RUNNER_KEEPS_PKI) keeps the run PKIs for its next job and removes them when it ends
  if (process.env.EVC_RUNNER_KEEPS_PKI === '1') return;
  await disposeRunPki();
  await disposeRunV2gPki(); // the V2G PKI of TLS scenarios (src/v2g/harness.ts)
});
