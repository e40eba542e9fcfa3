/**
 * Load mode (@load): a swarm of lean stations against the CSMS; the work is done by the World's LoadHarness
 * (src/load/harness.ts), and every failure names the measured figures.
 */
import { Given, Then, When } from '@cucumber/cucumber';
import type { EvcWorld } from './support/world';

Given('{int} stations boot over {int} s', function (this: EvcWorld, stations: number, seconds: number) {
  const na = this.load.plan(stations, seconds);
  if (na) this.attach(`skipped: not applicable — ${na}`, { mediaType: 'text/plain', fileName: 'not-applicable.txt' });
  return na ? 'skipped' : undefined;
});

When('they run for {int} s', async function (this: EvcWorld, seconds: number) {
  await this.load.run(seconds);
});

Then('the p99 latency of {word} is below {int} ms', function (this: EvcWorld, action: string, ms: number) {
  this.load.expectP99Below(action, ms);
});

Then('no station was disconnected', function (this: EvcWorld) {
  this.load.expectNoDisconnect();
});

Then('every call was answered with a matching id', function (this: EvcWorld) {
  this.load.expectAllAnswered();
});

Then('every station was accepted', function (this: EvcWorld) {
  this.load.expectAllAccepted();
});
