/**
 * What a rig that reaches real equipment does not test: an OCPP scenario whose SUT kind (`@sut:station` /
 * `@sut:csms`) the rig has no `ocpp.<side>` section for, or whose OCPP version differs from the version that
 * section declares, is not applicable there, with that reason (never run against the wrong SUT, never failed for it).
 * `npm test -- --tags @ocpp16` against a CSMS rig thus runs the CSMS catalogue and names why the station one did not.
 */
import type { RigConfig } from './types';

const VERSION_TAGS: Record<string, string> = { '@ocpp16': '1.6', '@ocpp201': '2.0.1', '@ocpp21': '2.1' };

export function rigSideNotApplicable(cfg: RigConfig, tags: readonly string[]): string | undefined {
  if (cfg.kind === 'reference') return undefined;
  const version = tags.map((t) => VERSION_TAGS[t]).find((v) => v !== undefined);
  const side = tags.includes('@sut:station') ? 'station' : tags.includes('@sut:csms') ? 'csms' : undefined;
  if (!version || !side) return undefined;
  const what = side === 'csms' ? 'a CSMS' : 'a charging station';
  const sut = cfg.ocpp?.[side];
  if (!sut) return `rig '${cfg.name}' has no ocpp.${side} section: it does not test ${what}`;
  if (sut.version && sut.version !== version) return `rig '${cfg.name}' declares ocpp.${side}.version ${sut.version}; the scenario is OCPP ${version}`;
  return undefined;
}
