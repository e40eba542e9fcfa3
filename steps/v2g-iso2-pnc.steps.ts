/** ISO 15118-2 Plug and Charge / TLS steps across sessions and certificate chains (src/v2g/roles/iso2/pnc-control.ts, roles/tls-refusal.ts). */
import { Given, Then, When } from '@cucumber/cucumber';
import { expectNewGenChallenge, sendWithPreviousChallenge } from '../src/v2g/roles/iso2/pnc-control';
import { expectTlsHandshakeRefused } from '../src/v2g/roles/tls-refusal';
import type { EvcWorld } from './support/world';

When('the EVCC starts a new session up to {string}', async function (this: EvcWorld, name: string) {
  await (await this.v2g.newEvccSession()).runUpTo(name);
});

Then("the SECC's GenChallenge is new and 16 bytes long", async function (this: EvcWorld) {
  expectNewGenChallenge((await this.v2g.evcc()).state, this.v2g.previousEvccSession, this.trace);
});

When("the EVCC sends AuthorizationReq signed over the previous session's GenChallenge", async function (this: EvcWorld) {
  await sendWithPreviousChallenge(await this.v2g.evcc(), this.v2g.previousEvccSession);
});

Given('the SECC presents a certificate chain that does not lead to the V2G root', function (this: EvcWorld) {
  this.v2g.seccPresentsBadChain('untrusted');
});

Given('the SECC presents an expired certificate chain', function (this: EvcWorld) {
  this.v2g.seccPresentsBadChain('expired');
});

Then("the EVCC refuses the SECC's chain and sends no V2G message", async function (this: EvcWorld) {
  await expectTlsHandshakeRefused(await this.v2g.secc(), this.v2g.limits, this.trace, 'a chain it must not trust');
});
