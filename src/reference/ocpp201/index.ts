/**
 * Reference OCPP 2.0.1 systems under test, built on the independent OCPP-J implementation `ocpp-rpc` (they
 * share no code with the harness's own engine in src/ocpp): a charging station and a CSMS, each compliant by
 * default and with a catalogue of named faults (`ocpp201-station`, `ocpp201-csms`).
 */
export { startReferenceStation } from './station';
export type { ReferenceStationControl, ReferenceStationOptions, StationSimulation } from './station';
export { startReferenceCsms } from './csms';
export type { CsmsTransaction, ReferenceCsmsControl, ReferenceCsmsOptions } from './csms';
export { CSMS_FAULTS, STATION_FAULTS, checkFaults } from './faults';
