/**
 * What the EVSE under test declares (PICS protocol `iec61851`, sut `evse`) and what the harness's EV makes of
 * it: the current the EVSE must offer (its rating, limited by its tethered cable or by the cable the harness
 * plugs into its socket outlet). A value the PICS does not declare fails the step naming the declaration: the
 * harness never takes a value from what the reference EVSE happens to do.
 */
import { EvcError } from '../../core/errors';
import type { Pics } from '../../rig/pics';
import { PP_CODINGS } from './ev-facts';

export type EvsePicsValue = 'maxCurrentA' | 'phases' | 'cable' | 'tetheredCableA';

const MEANING: Record<EvsePicsValue, string> = {
  maxCurrentA: 'rated current (before any cable limit)',
  phases: 'number of phases',
  cable: 'cable kind (socket outlet or tethered)',
  tetheredCableA: "tethered cable's rating",
};

/** A declared value, or an EvcError naming it and where it belongs. */
export function evseValue<K extends EvsePicsValue>(pics: Pics | undefined, source: string, name: K): NonNullable<NonNullable<Pics['iec61851']>[K]> {
  const v = pics?.iec61851?.[name];
  if (v === undefined) throw new EvcError(`the EVSE's ${MEANING[name]} is needed but ${source} does not declare iec61851.${name}: name an iec61851 PICS with sut 'evse' in the rig (pics)`);
  return v as NonNullable<NonNullable<Pics['iec61851']>[K]>;
}

/** The EVSE's own limit: its rating, and with a tethered cable the lesser of that and the cable's rating. */
export function evseLimitA(pics: Pics | undefined, source: string): number {
  const max = evseValue(pics, source, 'maxCurrentA');
  if (pics?.iec61851?.cable === 'tethered') return Math.min(max, evseValue(pics, source, 'tetheredCableA'));
  return max;
}

/** Whether the EVSE reads the PP resistor of the harness's cable (declared socket outlet). */
export function readsPp(pics: Pics | undefined): boolean {
  return pics?.features?.['socket-outlet'] === true || pics?.iec61851?.cable === 'socket';
}

/** The PP coding of a cable rated `amps` (13/20/32/63 A), or an error naming the codings. */
export function ppOhmsOf(amps: number): number {
  const c = PP_CODINGS.find((x) => x.currentA === amps);
  if (!c) throw new EvcError(`no PP resistor codes a ${amps} A cable (codings: ${PP_CODINGS.map((x) => `${x.ohms} Ω ${x.currentA} A`).join(', ')})`);
  return c.ohms;
}

/** A cable that does not limit `limitA`: the smallest coding rated at least that much (else the largest). */
export function nonLimitingCable(limitA: number): { ohms: number; currentA: number } {
  const sorted = [...PP_CODINGS].sort((a, b) => a.currentA - b.currentA);
  const c = sorted.find((x) => x.currentA >= limitA) ?? sorted[sorted.length - 1];
  return { ohms: c.ohms, currentA: c.currentA };
}
