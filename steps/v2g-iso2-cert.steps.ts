/** ISO 15118-2 contract certificate installation / update steps (src/v2g/roles/iso2/cert-control.ts). */
import { Then, When } from '@cucumber/cucumber';
import { certKind, evccProvisions, expectContractRefused, seccOffersCertService } from '../src/v2g/roles/iso2/cert-control';
import type { EvcWorld } from './support/world';

// @sut:secc: the harness EVCC installs (CertificateInstallation) or renews (CertificateUpdate) its contract
When('the EVCC is set to {word} its contract certificate', async function (this: EvcWorld, word: string) {
  evccProvisions(await this.v2g.evcc(), this.pics, certKind(word));
});

// @sut:evcc: the harness SECC lists the Certificate service with that parameter set
When('the SECC offers contract certificate {word}', async function (this: EvcWorld, word: string) {
  seccOffersCertService(await this.v2g.secc(), this.pics, certKind(word));
});

Then('the EVCC refuses the contract it was sent', async function (this: EvcWorld) {
  await expectContractRefused(await this.v2g.secc(), this.trace);
});
