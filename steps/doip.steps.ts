/**
 * DoIP steps (ISO 13400-2) for a DoIP entity under test; the harness is the tester. UDS over DoIP uses the
 * UDS steps in scenarios tagged @doip. Thin: parse the text, call src/doip/harness.ts.
 */
import { Then } from '@cucumber/cucumber';
import * as D from '../src/doip/harness';
import { diag } from '../src/uds/harness';
import type { EvcWorld } from './support/world';

Then('the entity identifies as VIN {string} with logical address {string}', async function (this: EvcWorld, vin: string, la: string) {
  D.expectIdentity(await D.identifyVehicle(diag(this)), vin, parseInt(la, 16));
});

Then('routing activation from {string} is answered with code {string}', async function (this: EvcWorld, sa: string, code: string) {
  await D.expectRoutingCode(diag(this), parseInt(sa, 16), parseInt(code, 16));
});

Then('routing activation of type {string} is answered with code {string}', async function (this: EvcWorld, type: string, code: string) {
  await D.expectRoutingCode(diag(this), diag(this).testerAddress, parseInt(code, 16), parseInt(type, 16));
});

Then('the bytes {string} are answered with generic NACK {string}', async function (this: EvcWorld, bytes: string, code: string) {
  await D.expectGenericNack(diag(this), bytes, parseInt(code, 16));
});
