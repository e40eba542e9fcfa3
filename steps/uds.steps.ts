/**
 * UDS steps (ISO 14229) for an ECU under test (harness = tester) and a tester under test (harness = ECU).
 * Thin: parse the text, call src/uds/harness.ts.
 */
import { Before, BeforeAll, Given, Then, When } from '@cucumber/cucumber';
import { registerDiagCatalogues } from '../src/reference/ecu/catalogue';
import type { TesterJob } from '../src/reference/ecu/tester';
import { VerdictError } from '../src/core/errors';
import { hex, parseHex } from '../src/uds/codec';
import { loadRigConfig } from '../src/rig/config';
import { dtcResponseHex, ecuDescriptionPath, ecuNotApplicable, loadEcuDescription } from '../src/uds/ecu-description';
import { diag } from '../src/uds/harness';
import * as TC from '../src/uds/tester-checks';
import * as V from '../src/uds/verdicts';
import type { EvcWorld } from './support/world';

registerDiagCatalogues();

// ------------------------------------------------------------------ the ECU description of the SUT

let descriptionFile = '';
BeforeAll(function () {
  descriptionFile = ecuDescriptionPath(loadRigConfig());
  loadEcuDescription(descriptionFile); // a bad description stops the run at once, one line naming file and field
});

/** A scenario needing what the SUT's ECU description does not declare is not applicable (skipped with the reason). */
Before({ tags: '(@uds or @doip or @obd) and @sut:ecu' }, function (this: EvcWorld, { pickle }) {
  const na = ecuNotApplicable(loadEcuDescription(descriptionFile), pickle.steps.map((s) => s.text));
  if (!na) return undefined;
  this.attach(`skipped: not applicable — ${na}`, { mediaType: 'text/plain', fileName: 'not-applicable.txt' });
  return 'skipped';
});

// ------------------------------------------------------------------ ECU under test: requests and states

Given('the ECU is in the {word} session', async function (this: EvcWorld, name: string) {
  await diag(this).enterSession(name);
});

Given('security level {int} is unlocked', async function (this: EvcWorld, level: number) {
  await diag(this).unlock(level);
});

When('the tester sends {string}', async function (this: EvcWorld, bytes: string) {
  await diag(this).request(bytes);
});

When('the tester sends {string} functionally', async function (this: EvcWorld, bytes: string) {
  await diag(this).request(bytes, true);
});

When('the tester stays silent for longer than S3', async function (this: EvcWorld) {
  await diag(this).outwaitS3();
});

When('the tester sends wrong keys for level {int} up to the described attempt limit', async function (this: EvcWorld, level: number) {
  this.sessions.nrcs = await diag(this).sendWrongKeys(level, diag(this).maxAttempts);
});

When('the tester sends a key for level {int} without asking for a seed', async function (this: EvcWorld, level: number) {
  await diag(this).request(`27 ${(level + 1).toString(16)} 01 02 03 04`);
});

When('a download of {int} bytes is requested', async function (this: EvcWorld, size: number) {
  await diag(this).requestDownload(size);
});

// ------------------------------------------------------------------ ECU under test: verdicts

Then('the ECU answers positively within P2', function (this: EvcWorld) {
  diag(this).expectPositive();
});

Then('the response is {string}', function (this: EvcWorld, bytes: string) {
  const rsp = diag(this).expectPositive();
  if (hex(rsp) !== hex(parseHex(bytes))) V.fail(diag(this).lastExchange(), `response ${hex(rsp)}, expected ${hex(parseHex(bytes))}`, this.trace);
});

Then('the ECU answers with NRC {string}', function (this: EvcWorld, nrc: string) {
  diag(this).expectNrc(parseInt(nrc, 16));
});

Then('the ECU reports P2 {string} ms and P2* {string} ms', function (this: EvcWorld, p2: string, p2Star: string) {
  V.assertSessionTiming(diag(this).lastExchange(), Number(p2), Number(p2Star), this.trace);
});

Then('the response lists the described DTCs matching status mask {string}', function (this: EvcWorld, mask: string) {
  const want = dtcResponseHex(diag(this).config, 0x02, parseInt(mask, 16));
  if (hex(diag(this).expectPositive()) !== want) V.fail(diag(this).lastExchange(), `response ${hex(diag(this).expectPositive())}, expected the described DTCs ${want}`, this.trace);
});

Then('the response counts the described DTCs matching status mask {string}', function (this: EvcWorld, mask: string) {
  const want = dtcResponseHex(diag(this).config, 0x01, parseInt(mask, 16));
  if (hex(diag(this).expectPositive()) !== want) V.fail(diag(this).lastExchange(), `response ${hex(diag(this).expectPositive())}, expected the described count ${want}`, this.trace);
});

Then('the ECU sends no positive response', function (this: EvcWorld) {
  V.assertSuppressed(diag(this).lastExchange(), this.trace);
});

Then('the ECU sends no response at all', function (this: EvcWorld) {
  V.assertNoResponse(diag(this).lastExchange(), this.trace);
});

Then('the ECU answers response pending before the final positive response', function (this: EvcWorld) {
  V.assertResponsePending(diag(this).lastExchange(), this.trace);
  diag(this).expectPositive();
});

Then('the active session is {word}', async function (this: EvcWorld, name: string) {
  await diag(this).expectActiveSession(name);
});

Then('each wrong key is answered invalidKey and the last exceededNumberOfAttempts', function (this: EvcWorld) {
  const got = hex(this.sessions.nrcs as number[]);
  const want = hex([...new Array(diag(this).maxAttempts - 1).fill(0x35), 0x36]);
  if (got !== want) throw new VerdictError(`wrong keys answered with NRCs ${got}, expected ${want} (maxAttempts ${diag(this).maxAttempts} in the ECU description)`);
});

Then('the ECU accepts a download of {int} bytes', async function (this: EvcWorld, size: number) {
  await diag(this).download(size);
});

Then('every described DID readable in the default session reads its described value or pattern', async function (this: EvcWorld) {
  const problems = await diag(this).checkDescribedDids();
  if (problems.length) throw new VerdictError(`DIDs unlike the ECU description: ${problems.join('; ')}`);
});

Then('the ISO-TP layer saw no violation', function (this: EvcWorld) {
  const v = diag(this).isotpViolations();
  if (v.length) throw new VerdictError(`ISO-TP violations: ${v.join('; ')}`);
});

// ------------------------------------------------------------------ tester under test (harness = ECU)

When('the tester under test runs the job {string}', async function (this: EvcWorld, job: string) {
  this.sessions.testerJobOk = await diag(this).runTesterSut(job as TesterJob);
});

Then('the tester job succeeds', function (this: EvcWorld) {
  if (this.sessions.testerJobOk !== true) throw new VerdictError(`the tester's job did not complete: requests ${diag(this).harnessEcu().received.map((r) => hex(r.data)).join(' | ')}`);
});

Then('the tester kept the session alive', function (this: EvcWorld) {
  TC.assertSessionHeld(diag(this).harnessEcu(), this.trace);
});

Then('the tester present requests suppress the positive response', function (this: EvcWorld) {
  TC.assertKeepAliveSuppressed(diag(this).harnessEcu(), this.trace);
});

Then('the tester sent only valid keys', function (this: EvcWorld) {
  TC.assertValidKeys(diag(this).harnessEcu(), this.trace);
});

Then('the tester waited for every final response', function (this: EvcWorld) {
  TC.assertWaitsForFinalResponse(diag(this).harnessEcu(), this.trace);
});

Then('the TransferData block counters run from 01 in sequence', function (this: EvcWorld) {
  TC.assertBlockCounters(diag(this).harnessEcu(), this.trace);
});
