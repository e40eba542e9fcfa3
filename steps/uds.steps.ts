/**
 * UDS steps (ISO 14229) for an ECU under test (harness = tester) and a tester under test (harness = ECU).
 * Thin: parse the text, call src/uds/harness.ts.
 */
import { Given, Then, When } from '@cucumber/cucumber';
import { registerDiagCatalogues } from '../src/reference/ecu/catalogue';
import type { TesterJob } from '../src/reference/ecu/tester';
import { VerdictError } from '../src/core/errors';
import { hex, parseHex } from '../src/uds/codec';
import { diag, SESSION_IDS } from '../src/uds/harness';
import * as TC from '../src/uds/tester-checks';
import * as V from '../src/uds/verdicts';
import type { EvcWorld } from './support/world';

registerDiagCatalogues();

// ------------------------------------------------------------------ ECU under test: requests and states

Given('the ECU is in the {word} session', async function (this: EvcWorld, name: string) {
  await diag(this).enterSession(SESSION_IDS[name]);
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

When('the tester sends {int} wrong keys for level {int}', async function (this: EvcWorld, count: number, level: number) {
  this.sessions.nrcs = await diag(this).sendWrongKeys(level, count);
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

Then('the ECU reports P2 {int} ms and P2* {int} ms', function (this: EvcWorld, p2: number, p2Star: number) {
  V.assertSessionTiming(diag(this).lastExchange(), p2, p2Star, this.trace);
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
  await diag(this).expectActiveSession(SESSION_IDS[name]);
});

Then('the wrong keys are answered with NRCs {string}', function (this: EvcWorld, list: string) {
  const got = hex(this.sessions.nrcs as number[]);
  if (got !== hex(parseHex(list))) throw new VerdictError(`wrong keys answered with NRCs ${got}, expected ${hex(parseHex(list))}`);
});

Then('the ECU accepts a download of {int} bytes', async function (this: EvcWorld, size: number) {
  await diag(this).download(size);
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
