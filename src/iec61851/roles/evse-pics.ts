/**
 * What the EV under test declares (PICS protocol `iec61851`, sut `ev`): the values a scenario needs of it, and
 * whether a scenario applies. A scenario's steps say which values they use ("its maximum current", "its
 * minimum current"); a PICS that does not declare one makes the scenario not applicable (skipped with the
 * reason). Without any iec61851 EV PICS the step fails naming the value: the harness never guesses what an EV
 * is (and never takes it from what the reference EV happens to do).
 */
import { EvcError } from '../../core/errors';
import type { Pics } from '../../rig/pics';
import { CURRENT_MARGIN_A } from './evse-watch';

export type EvPicsValue = 'maxCurrentA' | 'minCurrentA' | 'phases';

const MEANING: Record<EvPicsValue, string> = {
  maxCurrentA: 'maximum charging current per phase',
  minCurrentA: 'minimum charging current per phase',
  phases: 'number of phases it draws on',
};

/** Step phrases that use a declared value, and the value each needs. */
const PHRASES: [RegExp, EvPicsValue][] = [
  [/\bits maximum current\b/, 'maxCurrentA'],
  [/\bits minimum current\b/, 'minCurrentA'],
  [/\bits phases\b/, 'phases'],
];

/** The EV's iec61851 PICS among the rig's, if any. */
export function evPics(pics: readonly Pics[]): Pics | undefined {
  return pics.find((p) => p.protocol === 'iec61851' && p.sut === 'ev');
}

/**
 * Undefined when every value the steps use is declared; else why the scenario is not applicable. Without an
 * EV PICS it returns undefined: the step that needs a value then fails naming it (a rig must declare its EV).
 */
export function evValuesNotApplicable(pics: Pics | undefined, stepTexts: readonly string[]): string | undefined {
  if (!pics) return undefined;
  for (const [re, name] of PHRASES) {
    if (!stepTexts.some((t) => re.test(t))) continue;
    if (pics.iec61851?.[name] === undefined) return `PICS '${pics.name}' does not declare iec61851.${name} (the EV's ${MEANING[name]})`;
  }
  const min = pics.iec61851?.minCurrentA;
  if (min !== undefined && stepTexts.some((t) => /below its minimum current/.test(t)) && min - LOWEST_OFFER_A <= CURRENT_MARGIN_A) {
    return `PICS '${pics.name}' declares iec61851.minCurrentA ${min} A: no duty offers less (the lowest offer is ${LOWEST_OFFER_A} A at 8–10 %, and the harness tells currents apart to ${CURRENT_MARGIN_A} A)`;
  }
  return undefined;
}

/** The lowest current a duty can offer (8–10 % → 6 A; IEC 61851-1 duty table as cited, FACTS.md). */
export const LOWEST_OFFER_A = 6;

/** A current a duty can offer that is below the EV's minimum current by more than the measurement margin. */
export function belowMinimum(minCurrentA: number): number {
  return Math.max(LOWEST_OFFER_A, Math.floor(minCurrentA - 2 * CURRENT_MARGIN_A));
}

/** A declared value, or an error naming it and where it should be declared. */
export function evValue(pics: Pics | undefined, picsSource: string, name: EvPicsValue): number {
  const v = pics?.iec61851?.[name];
  if (v === undefined) throw new EvcError(`the EV's ${MEANING[name]} is needed but ${picsSource} does not declare iec61851.${name}: name an iec61851 PICS with sut 'ev' in the rig (pics)`);
  return v;
}
