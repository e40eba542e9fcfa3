/**
 * V2G pre-flight (src/v2g/preflight.ts): an ISO 15118-2 scenario the rig cannot run — PnC without the rig's
 * PnC/TLS files, @tcp against a TLS-only SUT, an expired SECC leaf on a real EVCC — is skipped as not
 * applicable, the reason attached and traced.
 */
import { Before, BeforeAll } from '@cucumber/cucumber';
import { loadRigConfig } from '../../src/rig/config';
import { loadRigPics, type Pics } from '../../src/rig/pics';
import type { RigConfig } from '../../src/rig/types';
import { v2gPreflight } from '../../src/v2g/preflight';
import type { EvcWorld } from './world';

let rig: RigConfig;
let pics: Pics[] = [];
BeforeAll(function () {
  rig = loadRigConfig();
  pics = loadRigPics(rig);
});

Before({ name: 'Check the rig has what the V2G scenario needs' }, function (this: EvcWorld, { pickle }) {
  const na = v2gPreflight(pickle.tags.map((t) => t.name), pickle.steps.map((s) => s.text), rig, pics);
  if (!na) return undefined;
  this.trace.note('harness', `not applicable: ${na}`);
  this.attach(`skipped: not applicable — ${na}`, { mediaType: 'text/plain', fileName: 'not-applicable.txt' });
  return 'skipped';
});
