/** ISO 15118-2-only steps (the contract's V2G phrases are in v2g-secc.steps.ts / v2g-evcc.steps.ts). */
import { Then } from '@cucumber/cucumber';
import { expectIso2ResponseContent } from '../src/v2g/roles/iso2/assert';
import type { EvcWorld } from './support/world';

Then('the response content is as ISO 15118-2 requires', async function (this: EvcWorld) {
  expectIso2ResponseContent(await this.v2g.evcc(), this.trace);
});
