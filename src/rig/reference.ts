/**
 * The embedded reference SUTs, per OCPP version. They are independent implementations (built on ocpp-rpc),
 * sharing no role code with the harness, and each has a catalogue of named faults.
 */
import { EvcError } from '../core/errors';
import { registerDiagCatalogues } from '../reference/ecu/catalogue';
import { registerFaultCatalogue } from './faults';
import type { CsmsSutControl, CsmsSutOptions, OcppVersion, StationSutControl, StationSutOptions } from './ocpp-sut';

export interface ReferenceSuts {
  stationCatalogue: string;
  csmsCatalogue: string;
  startStation(opts: StationSutOptions): Promise<StationSutControl>;
  startCsms(opts: CsmsSutOptions): Promise<CsmsSutControl>;
}

const loaded = new Map<OcppVersion, ReferenceSuts>();

export function loadReferenceSuts(version: OcppVersion): ReferenceSuts {
  const hit = loaded.get(version);
  if (hit) return hit;
  if (version !== '1.6') throw new EvcError(`no reference SUT for OCPP ${version} yet`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const station = require('../reference/ocpp16/station') as { startReferenceStation(o: StationSutOptions): Promise<StationSutControl> };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const csms = require('../reference/ocpp16/csms') as { startReferenceCsms(o: CsmsSutOptions): Promise<CsmsSutControl> };
  const refs: ReferenceSuts = {
    stationCatalogue: 'ocpp16-station',
    csmsCatalogue: 'ocpp16-csms',
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
    registerFaultCatalogue({ id: 'ocpp16-csms', scenarios: '@ocpp16 and @sut:csms', faults: f.CSMS_FAULTS });
  } catch (e) {
    throw new EvcError(`cannot load the OCPP 1.6 reference fault catalogues: ${(e as Error).message}`);
  }
  registerDiagCatalogues();
}
