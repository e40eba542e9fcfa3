/**
 * `evc test [cucumber args]` — what `npm test` runs. Validates the rig config first (one-line error on bad
 * input), clears reports/allure-results, runs the scenarios that need no SocketCAN on the host and the @vcan
 * ones where CAN exists (host vcan, or user-mode Linux), merges the JUnit files and prints a closing
 * `scenarios: N passed, N failed, N skipped` line.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, configErrorLines } from '../core/errors';
import { listScenarios, matchesTags } from '../core/features';
import { PROJECT_ROOT, REPORTS_DIR } from '../core/load';
import { registerReferenceCatalogues } from '../rig/reference';
import { type JunitCounts, mergeJunit } from '../report/junit';
import type { RigConfig } from '../rig/types';
import { checkInputs, checkSteps } from './preflight';
import { estimate, failedOf, finishedInRun, junitFromJournal, lastOutcomes, keyOf, lastMessagesFile, MessageReader, nextMessagesFile, progressLine, readRunInfo, recordDurations, runDir, writeRunInfo, type Finished } from '../report/run-journal';
import { StartedRig } from '../rig/rig';
import { writeRunSummary } from '../report/summary';
import { ANSWERS_FILE, operatorRunEnv } from '../operator/run';
import { canTagExpression, needsCan, rigCanInterface, scenariosAt, umlProblem } from './can-selection';
import { noRerunReason, rerunRequested, rerunSummary, withoutRerunOption } from './rerun';

const REPORTS = REPORTS_DIR;

export function userTagExpression(args: string[]): string | undefined {
  const exprs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if ((a === '--tags' || a === '-t') && i + 1 < args.length) exprs.push(args[++i]);
    else if (a.startsWith('--tags=')) exprs.push(a.slice(7));
  }
  return exprs.length ? exprs.map((e) => `(${e})`).join(' and ') : undefined;
}

/** cucumber-js options that take a value (so their value is not mistaken for a feature path). */
const VALUE_OPTIONS = new Set(['--tags', '-t', '--name', '--profile', '-p', '--format', '-f', '--format-options', '--parallel', '--require', '-r', '--import', '-i', '--require-module', '--retry', '--retry-tag-filter', '--world-parameters', '--order', '--language', '--i18n-keywords', '--shard']);

/** Feature paths given on the command line (positional arguments), relative to the project. */
export function featurePaths(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (VALUE_OPTIONS.has(a)) i++;
    else if (!a.startsWith('-')) out.push(a);
  }
  return out;
}

export function cucumberBin(): string {
  return path.join(path.dirname(require.resolve('@cucumber/cucumber/package.json')), 'bin', 'cucumber.js');
}

export function runCucumber(args: string[], env: NodeJS.ProcessEnv, stdio: 'inherit' | 'ignore' = 'inherit'): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cucumberBin(), ...args], { cwd: PROJECT_ROOT, env, stdio: ['ignore', stdio, 'inherit'] });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.once('SIGINT', forward);
    process.once('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

function writeEnvironment(rigName: string, rigKind: string, faults: string[]): void {
  const dir = path.join(REPORTS, 'allure-results');
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  const lines = [
    `harness=ev-conformance ${pkg.version}`,
    `rig=${rigName} (${rigKind})`,
    `faults=${faults.join(',') || 'none'}`,
    `node=${process.version}`,
    `platform=${process.platform} ${process.arch}`,
  ];
  fs.writeFileSync(path.join(dir, 'environment.properties'), `${lines.join('\n')}\n`);
}

/** Empties a directory even while another process still writes into it (rename away, then delete). */
function clearDir(dir: string): void {
  if (fs.existsSync(dir)) {
    const old = `${dir}.old-${process.pid}-${Date.now()}`;
    fs.renameSync(dir, old);
    fs.rmSync(old, { recursive: true, force: true, maxRetries: 5 });
  }
}

/**
 * Why the run must go one scenario at a time, or undefined when the profile's parallel workers are fine.
 * A rig that reaches real equipment (any kind but reference) has one SUT, one listen port and one identity:
 * two workers would share them (the second fails with EADDRINUSE, or both talk to the same charger).
 * Scenarios tagged @rig:bench force it too.
 */
export function serialReason(rig: Pick<RigConfig, 'name' | 'kind'>, scenarios: readonly { tags: readonly string[] }[]): string | undefined {
  if (rig.kind !== 'reference') return `rig '${rig.name}' (kind ${rig.kind}) reaches real equipment`;
  const bench = scenarios.filter((s) => s.tags.includes('@rig:bench')).length;
  return bench > 0 ? `${bench} selected scenario(s) are tagged @rig:bench` : undefined;
}

/** cucumber-js arguments for the serial choice (last on the command line, so they win over the profile and the user's). */
export function parallelArgs(serial: string | undefined): string[] {
  return serial ? ['--parallel', '0'] : [];
}

export function printCounts(c: JunitCounts): void {
  console.log(`scenarios: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
}

export async function main(argvIn: string[]): Promise<number> {
  if (argvIn.includes('--help') || argvIn.includes('-h')) {
    console.log('usage: evc test [cucumber-js options]   e.g. evc test --tags @ocpp16\n       evc test --resume   (runs what a cut run had not finished, with its arguments; the report stays whole)\nEnvironment: EVC_RIG=rig file, EVC_FAULTS=<catalogue>/<fault>,…, EVC_TIME_SCALE=0..1 (reference rigs, or a rig with sutCompressesTime)\nA rig of any kind but reference (or a selected @rig:bench scenario) runs one scenario at a time.\nBefore the run: the number of scenarios and an estimated duration; during it: [n/N] progress lines with the ETA.');
    return 0;
  }
  const resume = argvIn.includes('--resume') ? readRunInfo(REPORTS) : undefined;
  if (argvIn.includes('--resume') && !resume) {
    console.error(`evc: --resume: no run to resume in ${runDir(REPORTS)}`);
    return 2;
  }
  const rerunAlone = rerunRequested(argvIn, process.env);
  const argv = withoutRerunOption(resume ? resume.argv : argvIn);
  const tags = userTagExpression(argv);
  let rig;
  let scenarios;
  try {
    // pre-flight: rig, faults, PICS and the fixtures the selected scenarios name, every problem at once
    registerReferenceCatalogues();
    const inputs = checkInputs({ tags, paths: featurePaths(argv) });
    for (const w of inputs.warnings) console.error(`evc: ${w}`);
    if (inputs.problems.length > 0 || !inputs.rig) {
      for (const e of inputs.problems) console.error(configErrorLines(e));
      return 2;
    }
    rig = inputs.rig;
    const paths = featurePaths(argv);
    scenarios = (paths.length ? paths.flatMap(scenariosAt) : listScenarios()).filter((s) => matchesTags(s.tags, tags));
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(configErrorLines(e));
      return 2;
    }
    throw e;
  }
  const stepProblems = await checkSteps(tags, featurePaths(argv));
  if (stepProblems.length > 0) {
    for (const p of stepProblems) console.error(`evc: ${p.where}: ${p.kind} step "${p.text}"`);
    console.error(`evc: ${stepProblems.length} step(s) without exactly one definition; nothing was run`);
    return 2;
  }
  if (scenarios.length === 0 && !resume) {
    console.error(`evc: the selection matches no scenario (${[tags ? `tags ${tags}` : '', ...featurePaths(argv)].filter(Boolean).join(', ') || 'all features'}); nothing was run`);
    return 2;
  }
  const serial = serialReason(rig, scenarios);
  if (serial) console.log(`evc: ${serial}: scenarios run one at a time`);
  const timeScale = new StartedRig(rig).timeScale;
  const allHost = scenarios.filter((s) => !needsCan(rig, s.tags));
  const done = resume ? finishedInRun(REPORTS) : [];
  if (resume) {
    console.log(`evc: resuming the run of ${resume.startedAt} (${resume.argv.join(' ') || 'no arguments'}): ${done.length} scenario(s) already finished are not run again`);
  } else {
    clearDir(path.join(REPORTS, 'allure-results'));
    fs.mkdirSync(path.join(REPORTS, 'allure-results'), { recursive: true });
    for (const f of ['junit.xml', 'junit-host.xml', 'junit-vcan.xml', 'junit-host-rerun.xml', 'junit-vcan-rerun.xml']) fs.rmSync(path.join(REPORTS, f), { force: true });
    // and the parts of an earlier resumed run
    if (fs.existsSync(REPORTS)) for (const f of fs.readdirSync(REPORTS).filter((x) => /^junit-(host|vcan)-messages-.*\.xml$/.test(x))) fs.rmSync(path.join(REPORTS, f), { force: true });
    writeEnvironment(rig.name, rig.kind, rig.faults ?? []);
    clearDir(runDir(REPORTS));
    fs.rmSync(path.join(REPORTS, ANSWERS_FILE), { force: true }); // the operator's answers are this run's
    writeRunInfo(REPORTS, { argv, rig: rig.name, faults: rig.faults ?? [], timeScale, selected: allHost.map(keyOf), startedAt: new Date().toISOString() });
  }
  const doneKeys = new Set(done.map((f) => f.key));
  const hostScenarios = allHost.filter((s) => !doneKeys.has(keyOf(s)));
  const est = estimate(REPORTS, timeScale, hostScenarios.map(keyOf), serial ? 1 : 2);
  console.log(`evc: ${hostScenarios.length} scenario(s) to run${resume ? ` (of ${allHost.length})` : ''} on rig '${rig.name}' at timeScale ${timeScale}; estimated duration ${est.text}`);
  const canScenarios = scenarios.filter((s) => needsCan(rig, s.tags) && !doneKeys.has(keyOf(s)));
  const env = { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0', ...operatorRunEnv(allHost.length, done.length) };
  let code = 0;
  const junitFiles: string[] = [];
  let cut = false;
  // The @vcan part runs in its own process (user-mode Linux here) while the host part runs, unless the rig
  // reaches real equipment (one scenario at a time) or EVC_CAN_PARALLEL=0: it waits on its VM and its own
  // timers, and ran ~25 s (UDS) to minutes (CHAdeMO) after the host part had ended.
  let canPart: { code: Promise<number>; junit: string } | undefined;
  let canExit: number | undefined;
  const startCan = () => {
    // journalled like the host part (resuming: only the @vcan scenarios not finished, by file and line)
    const canArgs = resume ? [...argv.filter((a) => !featurePaths(argv).includes(a)), ...canScenarios.map(keyOf)] : argv;
    const junit = resume ? `junit-vcan-${path.basename(nextMessagesFile(REPORTS, 'vcan'), '.ndjson')}.xml` : 'junit-vcan.xml';
    return { code: runCanScenarios(canArgs, env, junit, rig), junit };
  };
  const canAlongside = canScenarios.length > 0 && !serial && process.env.EVC_CAN_PARALLEL !== '0';
  if (canAlongside) canPart = startCan();
  if (hostScenarios.length > 0 || (canScenarios.length === 0 && !resume)) {
    // resuming: the scenarios not finished, by file and line (cucumber's own selection)
    const selection = resume ? [...argv.filter((a) => !featurePaths(argv).includes(a)), ...hostScenarios.map(keyOf)] : argv;
    const junitName = resume ? `junit-host-${path.basename(nextMessagesFile(REPORTS), '.ndjson')}.xml` : 'junit-host.xml';
    // two scenarios or fewer run in one process: cucumber's parallel workers would each load every step file
    // (three loads of all the code for one scenario; most of a small run's CPU, as in the unit tests' evc runs)
    const oneProcess = serial ?? (hostScenarios.length <= 2 ? 'a run of at most 2 scenarios' : undefined);
    const run = await runWithProgress(selection, oneProcess, { ...env, EVC_JUNIT_NAME: junitName }, done.length, allHost.length, timeScale, `not (${canTagExpression(rig)})`);
    code = run.code;
    junitFiles.push(path.join(REPORTS, junitName));
    cut = run.finished < hostScenarios.length;
    // a part cut by a signal writes no JUnit file: its journal does, so junit.xml stays whole after --resume
    const messages = lastMessagesFile(REPORTS);
    if (cut && messages) junitFromJournal(new MessageReader(messages).drain(), path.join(REPORTS, junitName));
    if (cut) console.log(`evc: the run stopped after ${done.length + run.finished} of ${allHost.length} scenario(s); continue it with: evc test --resume`);
  }
  if (!canPart && canScenarios.length > 0) canPart = startCan();
  if (resume) junitFiles.unshift(...fs.readdirSync(REPORTS).filter((f) => /^junit-(host|vcan).*\.xml$/.test(f) && f !== canPart?.junit && !junitFiles.includes(path.join(REPORTS, f))).map((f) => path.join(REPORTS, f)));
  if (canPart) {
    const canCode = await canPart.code;
    junitFiles.push(path.join(REPORTS, canPart.junit));
    if (canCode !== 0) code = canCode;
    if (canCode !== 0) canExit = canCode;
  }
  const counts = mergeJunit(junitFiles, path.join(REPORTS, 'junit.xml'));
  // a resumed or cut run counts every scenario its parts finished (a cut part leaves no JUnit file)
  if (resume || cut) Object.assign(counts, journalCounts(lastOutcomes(finishedInRun(REPORTS))));
  const failedFirst = rerunAlone && !cut ? failedOf(lastOutcomes(finishedInRun(REPORTS))) : [];
  const why = failedFirst.length > 0 ? noRerunReason(rig, failedFirst.length) : undefined;
  if (why) console.log(`evc: ${why}`);
  else if (failedFirst.length > 0) {
    const rerun = await rerunFailedAlone(failedFirst, { argv, rig, scenarios, env, timeScale, code });
    code = rerun.code;
    Object.assign(counts, journalCounts(rerun.after));
  }
  printCounts(counts);
  // the certification summary (reports/summary/index.html; evc report prints it to PDF): never fails the run
  const summary = writeRunSummary(REPORTS, rig);
  console.log('file' in summary ? `evc: summary ${path.relative(process.cwd(), summary.file) || summary.file}` : `evc: no summary: ${summary.problem}`);
  if (code === 0 && counts.failed > 0) code = 1;
  if (code !== 0) console.log(`evc: run failed (exit ${code}): ${failureReasons(code, canExit, cut, failedOf(lastOutcomes(finishedInRun(REPORTS))))}`);
  return code;
}

/** One line saying why a run failed (what a CI summary greps): the failed scenarios, a part that exited non-zero. */
function failureReasons(code: number, canExit: number | undefined, cut: boolean, failed: readonly Finished[]): string {
  const why: string[] = [];
  if (failed.length) why.push(`${failed.length} scenario(s) failed: ${failed.slice(0, 10).map((f) => `${f.name} (${f.key})`).join('; ')}${failed.length > 10 ? '; …' : ''}`);
  if (canExit !== undefined) why.push(`the CAN part exited ${canExit} (its output above)`);
  if (cut) why.push('the run was cut before every scenario finished');
  if (!why.length) why.push(`cucumber exited ${code} with no failed scenario in the journal (its output above: an error outside a scenario)`);
  return why.join('; ');
}

/**
 * Runs the failed scenarios again one at a time (host ones on the host, @vcan ones in the CAN environment), then
 * rewrites junit.xml from the journal's last outcome per scenario and prints which passed alone. Returns the
 * run's exit code (0 only when no scenario's last outcome is a failure) and those last outcomes.
 */
async function rerunFailedAlone(before: Finished[], o: { argv: string[]; rig: RigConfig; scenarios: { uri: string; line: number; tags: string[] }[]; env: NodeJS.ProcessEnv; timeScale: number; code: number }): Promise<{ code: number; after: Finished[] }> {
  const keys = before.map((f) => f.key);
  const base = o.argv.filter((a) => !featurePaths(o.argv).includes(a));
  const can = new Set(o.scenarios.filter((s) => needsCan(o.rig, s.tags)).map(keyOf));
  const host = keys.filter((k) => !can.has(k));
  const onCan = keys.filter((k) => can.has(k));
  console.log(`evc: ${keys.length} failed scenario(s) run again one at a time (a reference SUT shares this machine's load): ${keys.join(' ')}`);
  if (host.length) await runWithProgress([...base, ...host], 'failed scenarios re-run one at a time', { ...o.env, EVC_JUNIT_NAME: 'junit-host-rerun.xml' }, 0, host.length, o.timeScale, `not (${canTagExpression(o.rig)})`);
  if (onCan.length) await runCanScenarios([...base, ...onCan], o.env, 'junit-vcan-rerun.xml', o.rig);
  const after = lastOutcomes(finishedInRun(REPORTS));
  junitFromJournal(after, path.join(REPORTS, 'junit.xml'), 'cucumber-js (each scenario\'s last outcome, failures re-run alone)');
  for (const line of rerunSummary(before, after)) console.log(line);
  // a re-run part that ended without an outcome leaves the first attempt's failure in place
  return { code: failedOf(after).length === 0 ? 0 : o.code || 1, after };
}

/** Host scenarios through cucumber, its message stream journalled under reports/run/ and read for progress lines. */
async function runWithProgress(args: string[], serial: string | undefined, env: NodeJS.ProcessEnv, doneBefore: number, total: number, timeScale: number, hostTags = 'not @vcan'): Promise<{ code: number; finished: number }> {
  const file = nextMessagesFile(REPORTS);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const reader = new MessageReader(file);
  const started = Date.now();
  const finished: Finished[] = [];
  const poll = (all = false) => {
    for (const f of all ? reader.drain() : reader.poll()) {
      finished.push(f);
      console.log(progressLine(f, doneBefore + finished.length, total, Date.now() - started, doneBefore));
    }
  };
  const timer = setInterval(poll, 1000);
  const code = await runCucumber([...args, '--tags', hostTags, '--format', `message:${file}`, ...parallelArgs(serial)], env);
  clearInterval(timer);
  poll(true);
  recordDurations(REPORTS, timeScale, finished);
  return { code, finished: finished.length };
}

/** Counts of every scenario the run's journal (host and @vcan parts) finished. */
function journalCounts(finished: readonly Finished[]): JunitCounts {
  const passed = finished.filter((f) => f.status === 'PASSED').length;
  const skipped = finished.filter((f) => f.status === 'SKIPPED').length;
  const failed = finished.length - passed - skipped;
  return { tests: passed + skipped + failed, passed, failed, skipped };
}

/**
 * Runs a command in the CAN environment (host vcan or user-mode Linux) with its reports written to a staging
 * directory inside the project — the VM sees the project through hostfs but has its own /tmp — and merges
 * them into the real reports directory afterwards.
 */
export async function runInCanEnvironment(cucumberArgs: string[], env: NodeJS.ProcessEnv, interfaces?: string[]): Promise<{ code: number; stdout: string; stderr: string; staging: string }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const canEnv = require('../rig/can-env') as typeof import('../rig/can-env');
  const staging = path.join(PROJECT_ROOT, '.tmp', `vcan-reports-${process.pid}-${Date.now()}`);
  fs.mkdirSync(path.join(staging, 'allure-results'), { recursive: true });
  const vmEnv = Object.fromEntries(Object.entries({ ...env, EVC_REPORTS_DIR: staging }).filter(([, v]) => v !== undefined)) as Record<string, string>;
  const run = () => canEnv.runWithCan([process.execPath, cucumberBin(), ...cucumberArgs], { cwd: PROJECT_ROOT, env: vmEnv, timeoutMs: 15 * 60_000, interfaces });
  let result = await run();
  if (environmentDied(result)) {
    // the VM ended without the command's status and the command never wrote a byte: no scenario ran, nothing
    // was judged — the environment failed, not the SUT; it is started again once, saying so (a CI run lost its
    // whole CAN part so once, after 290 s of a silent guest)
    console.error(`evc: the CAN environment (user-mode Linux) ended after ${Math.round(result.totalMs / 1000)} s without the command's status or any output of it: starting it again, once`);
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(path.join(staging, 'allure-results'), { recursive: true });
    result = await run();
  }
  return { ...result, staging };
}

/** A user-mode Linux run that ended without the command's status and without a byte of its output (not a timeout). */
function environmentDied(r: { how: string; code: number; stdout: string; timedOut?: boolean; guest?: { doneS?: number } }): boolean {
  return r.how === 'uml' && r.code === 125 && !r.timedOut && r.stdout === '' && r.guest?.doneS === undefined;
}

/** Copies what a staged run produced into the reports directory and removes the staging directory. */
export function mergeStaged(staging: string, reports: string): void {
  for (const sub of ['allure-results', 'traces', 'faults']) {
    const from = path.join(staging, sub);
    if (!fs.existsSync(from)) continue;
    fs.mkdirSync(path.join(reports, sub), { recursive: true });
    for (const f of fs.readdirSync(from)) fs.copyFileSync(path.join(from, f), path.join(reports, sub, f));
  }
  for (const f of fs.readdirSync(staging)) {
    if (f.endsWith('.xml') || f.endsWith('.ndjson')) fs.copyFileSync(path.join(staging, f), path.join(reports, f));
  }
  fs.rmSync(staging, { recursive: true, force: true, maxRetries: 5 });
}

async function runCanScenarios(argv: string[], env: NodeJS.ProcessEnv, junitName: string, rig: RigConfig): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const canEnv = require('../rig/can-env') as typeof import('../rig/can-env');
  const status = await canEnv.canEnvironmentStatus();
  const what = `the CAN scenarios (${canTagExpression(rig)})`;
  if (!status.ok) {
    console.error(`evc: ${what} need SocketCAN and none could be provided: ${status.reason ?? 'unknown reason'}`);
    return 1;
  }
  const notInUml = status.how === 'uml' ? umlProblem(rig) : undefined;
  if (notInUml) {
    console.error(`evc: ${what} cannot run here: ${notInUml}`);
    return 1;
  }
  console.log(`evc: running ${what} with SocketCAN (${status.how}, ${rigCanInterface(rig)})`);
  // One process inside the CAN environment, whatever the rig: cucumber's parallel workers there resolved step
  // definitions inconsistently (step ids differing between coordinator and worker), and the VM has little to
  // gain. (So the serial choice of a rig reaching real equipment holds here too.)
  // the VM sees the project but not a reports dir under /tmp: its message stream goes through .tmp/ into the journal
  const journal = path.join(PROJECT_ROOT, '.tmp', `vcan-messages-${process.pid}-${Date.now()}.ndjson`);
  fs.mkdirSync(path.dirname(journal), { recursive: true });
  const ifs = rig.can?.interface && /^vcan\d+$/.test(rig.can.interface) ? [...new Set(['vcan0', 'vcan1', rig.can.interface])] : undefined;
  const result = await runInCanEnvironment([...argv, '--tags', canTagExpression(rig), '--format', `message:${journal}`, ...parallelArgs('the CAN environment runs one process')], { ...env, EVC_JUNIT_NAME: junitName }, ifs);
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  mergeStaged(result.staging, REPORTS);
  if (fs.existsSync(journal)) {
    fs.mkdirSync(runDir(REPORTS), { recursive: true });
    fs.copyFileSync(journal, nextMessagesFile(REPORTS, 'vcan'));
    fs.rmSync(journal, { force: true });
  }
  return result.code;
}
