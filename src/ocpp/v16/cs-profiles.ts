/**
 * Sequences for the non-Core OCPP 1.6 profiles with a charge point under test (harness = CSMS): Local Auth
 * List, Firmware Management, Reservation, Remote Trigger. Steps in steps/ocpp16-cs-profiles.steps.ts only
 * parse text and call these. Smart Charging lives in ./cs-profiles-smart, Security in ./cs-profiles-security.
 */
import { EvcError } from '../../core/errors';
import type { SimulatedConditions } from '../../rig/ocpp-sut';
import { NotAutomatableError } from '../../rig/rig';
import type { CsmsSideContext } from '../side-context';

function requireStation(h: CsmsSideContext): void {
  if (h.side !== 'station' || h.version !== '1.6') throw new EvcError('this step applies to OCPP 1.6 scenarios tagged @sut:station');
}

/** The value of a configuration key as the station reports it in GetConfiguration. */
export async function readConfiguration(h: CsmsSideContext, key: string): Promise<string> {
  requireStation(h);
  await h.call('GetConfiguration', { key: [key] });
  const res = h.assertResult({});
  const entry = (res.configurationKey as Array<{ key: string; value?: string }> | undefined)?.find((k) => k.key === key);
  if (!entry || entry.value === undefined) throw new EvcError(`the station does not report configuration key ${key}; the test case needs it`);
  return entry.value;
}

/**
 * Hardware conditions a test case needs (a firmware image that fails to install, an operator setting that
 * refuses reservations). The reference charge point simulates them; other rigs need an operator.
 */
export async function simulate(h: CsmsSideContext, patch: SimulatedConditions, what: string): Promise<void> {
  const sut = await h.stationUnderTest();
  if (!sut.simulate) throw new NotAutomatableError(`'${what}' needs an operator or a bench driver on this rig`);
  await sut.simulate(patch);
}

/**
 * SendLocalList (Full) with one entry more than the station's SendLocalListMaxLength: the answer is left for
 * the scenario to assert ("the station responds with status …").
 */
export async function sendOversizedLocalList(h: CsmsSideContext): Promise<void> {
  const max = Number(await readConfiguration(h, 'SendLocalListMaxLength'));
  if (!Number.isInteger(max) || max < 0) throw new EvcError(`SendLocalListMaxLength is not a number: '${max}'`);
  const localAuthorizationList = Array.from({ length: max + 1 }, (_, i) => ({
    idTag: `EVC-LIST-${String(i).padStart(4, '0')}`,
    idTagInfo: { status: 'Accepted' },
  }));
  await h.call('SendLocalList', { listVersion: 1, updateType: 'Full', localAuthorizationList });
}
