/**
 * The embedded reference SUTs, per OCPP version. They are independent implementations (built on ocpp-rpc),
 * sharing no role code with the harness, and each has a catalogue of named faults.
 */
import fs from 'node:fs';
import path from 'node:path';
import { EvcError } from '../core/errors';
import { registerChademoCatalogues } from '../reference/chademo/catalogue';
import { registerDiagCatalogues } from '../reference/ecu/catalogue';
import { registerPilotCatalogues } from '../reference/iec61851/catalogue';
import { registerV2gCatalogues } from '../reference/v2g/catalogue';
import { registerLoadCsmsCatalogue } from '../reference/load-csms/catalogue';
import { registerFaultCatalogue } from './faults';
import type { CsmsSutControl, CsmsSutOptions, OcppVersion, StationSutControl, StationSutOptions } from './ocpp-sut';

export interface ReferenceSuts {
  stationCatalogue: string;
  csmsCatalogue: string;
  startStation(opts: StationSutOptions): Promise<StationSutControl>;
  startCsms(opts: CsmsSutOptions): Promise<CsmsSutControl>;
}

const loaded = new Map<OcppVersion, ReferenceSuts>();

/** Where each version's reference SUTs live (module folder under src/reference) and their catalogue ids. */
const MODULES: Partial<Record<OcppVersion, { dir: string; station: string; csms: string }>> = {
  '1.6': { dir: 'ocpp16', station: 'ocpp16-station', csms: 'ocpp16-csms' },
  '2.0.1': { dir: 'ocpp201', station: 'ocpp201-station', csms: 'ocpp201-csms' },
};

export function loadReferenceSuts(version: OcppVersion): ReferenceSuts {
  const hit = loaded.get(version);
  if (hit) return hit;
  const mod = MODULES[version];
  if (!mod) throw new EvcError(`no reference SUT for OCPP ${version} yet`);
  let station: { startReferenceStation(o: StationSutOptions): Promise<StationSutControl> };
  let csms: { startReferenceCsms(o: CsmsSutOptions): Promise<CsmsSutControl> };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    station = require(`../reference/${mod.dir}/station`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    csms = require(`../reference/${mod.dir}/csms`);
  } catch (e) {
    throw new EvcError(`the OCPP ${version} reference SUTs cannot be loaded: ${(e as Error).message.split('\n')[0]}`);
  }
  const refs: ReferenceSuts = {
    stationCatalogue: mod.station,
    csmsCatalogue: mod.csms,
    startStation: (o) => station.startReferenceStation(o),
    startCsms: (o) => csms.startReferenceCsms(o),
  };
  loaded.set(version, refs);
  return refs;
}

/** Registers every reference fault catalogue (for validation and verify:faults). */
export function registerReferenceCatalogues(): void {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const f = require('../reference/ocpp16/faults') as { STATION_FAULTS: Record<string, string>; CSMS_FAULTS: Record<string, string> };
    registerFaultCatalogue({ id: 'ocpp16-station', scenarios: '@ocpp16 and @sut:station', faults: f.STATION_FAULTS });
    // @load scenarios (also @ocpp16 @sut:csms) run against the lean load CSMS: its own catalogue, load-csms
    registerFaultCatalogue({ id: 'ocpp16-csms', scenarios: '@ocpp16 and @sut:csms and not @load', faults: f.CSMS_FAULTS });
  } catch (e) {
    throw new EvcError(`cannot load the OCPP 1.6 reference fault catalogues: ${(e as Error).message}`);
  }
  registerOptional('ocpp201', '@ocpp201');
  registerDiagCatalogues();
  registerPilotCatalogues();
  registerV2gCatalogues();
  registerChademoCatalogues();
  registerLoadCsmsCatalogue();
}

/** Catalogues of reference SUTs that may not exist yet in this tree (registered when present). */
function registerOptional(dir: string, tag: string): void {
  if (!fs.existsSync(path.join(__dirname, '..', 'reference', dir, 'faults.ts'))) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const f = require(`../reference/${dir}/faults`) as { STATION_FAULTS: Record<string, string>; CSMS_FAULTS: Record<string, string> };
  registerFaultCatalogue({ id: `${dir}-station`, scenarios: `${tag} and @sut:station`, faults: f.STATION_FAULTS });
  registerFaultCatalogue({ id: `${dir}-csms`, scenarios: `${tag} and @sut:csms`, faults: f.CSMS_FAULTS });
}
