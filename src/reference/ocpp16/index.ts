/**
 * Reference OCPP 1.6J systems under test, built on the independent OCPP-J implementation `ocpp-rpc` (they
 * share no code with the harness's own engine in src/ocpp): a charge point and a central system, each
 * compliant by default and with a catalogue of named faults.
 */
export { startReferenceStation } from './station';
export type { ReferenceStationControl, ReferenceStationOptions, StationSimulation } from './station';
export { startReferenceCsms } from './csms';
export type { ReferenceCsmsControl, ReferenceCsmsOptions } from './csms';
export { CSMS_FAULTS, STATION_FAULTS, checkFaults } from './faults';
