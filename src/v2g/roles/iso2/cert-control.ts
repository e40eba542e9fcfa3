/**
 * What the ISO 15118-2 contract provisioning steps ask of the harness roles: set the harness EVCC's session to
 * install / update its contract (SUT = SECC); offer the Certificate service to the EVCC under test, which its PICS
 * must declare it would use (`v2g.values.contractProvisioning`: ["Installation", "Update"], an EV set up without
 * a contract or with one to renew); judge that the EVCC does not go on to PaymentDetails after an answer it must
 * refuse (it sends SessionStopReq or closes the TCP connection).
 */
import { EvcError } from '../../../core/errors';
import type { Trace } from '../../../core/trace';
import { NotAutomatableError } from '../../../rig/not-automatable';
import type { Pics } from '../../../rig/pics';
import { v2gVerdict } from '../common';
import type { EvccDriver } from '../evcc';
import type { PncCredentials } from '../procedure';
import type { SeccDriver } from '../secc';
import { setCertProvisioning, type CertProvisioning } from './cert-provisioning';
import { offerCertService } from './cert-provisioning-secc';

export function certKind(word: string): CertProvisioning {
  if (word === 'installation' || word === 'install') return 'Installation';
  if (word === 'update') return 'Update';
  throw new EvcError(`'${word}' is not a contract certificate operation (installation, update)`);
}

function declared(pics: readonly Pics[], sut: 'secc' | 'evcc', kind: CertProvisioning, what: string): void {
  const p = pics.find((x) => x.protocol === 'v2g' && x.sut === sut);
  const list = p?.v2g?.values?.contractProvisioning;
  if (!Array.isArray(list) || !list.includes(kind)) {
    throw new NotAutomatableError(`contract certificate ${kind.toLowerCase()}: ${p ? `PICS '${p.name}'` : `no v2g ${sut} PICS`} does not declare v2g.values.contractProvisioning with "${kind}" (${what})`);
  }
}

/** The credentials a step needs are there (a real rig: its v2g.secc.pnc / v2g.evcc.pnc files), else not automatable. */
function need(pnc: PncCredentials | undefined, fields: readonly (keyof PncCredentials)[], rigBlock: string): void {
  const missing = fields.filter((f) => { const v = pnc?.[f]; return v === undefined || (Array.isArray(v) && v.length === 0); });
  if (missing.length) throw new NotAutomatableError(`contract certificate installation / update needs ${missing.join(', ')} (rig ${rigBlock})`);
}

/** Harness EVCC: the session installs / updates its contract after PaymentServiceSelection (the SECC's PICS declares it answers that). */
export function evccProvisions(driver: EvccDriver, pics: readonly Pics[], kind: CertProvisioning): void {
  declared(pics, 'secc', kind, 'a SECC with a CPS / backend that answers it');
  const state = driver.state;
  if (!state) throw new EvcError('no ISO 15118-2 session yet: set the session up before choosing a contract installation / update');
  need(state.params.pnc, kind === 'Installation' ? ['oemProvChainPem', 'oemProvKeyPem', 'v2gRootsPem'] : ['contractChainPem', 'contractKeyPem', 'v2gRootsPem'], 'v2g.secc.pnc');
  setCertProvisioning(state, kind);
}

/** Harness SECC: offers the Certificate service for `kind`; the EVCC's PICS must say it would use it. */
export function seccOffersCertService(driver: SeccDriver, pics: readonly Pics[], kind: CertProvisioning): void {
  declared(pics, 'evcc', kind, `an EV set up to ${kind === 'Installation' ? 'install a contract' : 'renew its contract'} when the SECC offers it`);
  const state = driver.state;
  if (!state) throw new EvcError('no ISO 15118-2 session yet: run the session through SessionSetupReq before offering the Certificate service');
  need(state.params.pnc, ['cpsChainPem', 'cpsKeyPem', 'installContractChainPem', 'installContractKeyPem', kind === 'Installation' ? 'oemRootsPem' : 'trustedRootsPem'], 'v2g.evcc.pnc');
  offerCertService(state, kind);
}

/** After an answer the EVCC must refuse: its next move is SessionStopReq or closing the TCP connection. */
export async function expectContractRefused(driver: SeccDriver, trace: Trace): Promise<void> {
  const last = driver.requests.at(-1)?.request.name ?? 'the last request';
  let rec;
  try {
    rec = await driver.next();
  } catch (e) {
    if (e instanceof Error && /closed the TCP connection/.test(e.message)) return;
    throw e;
  }
  if (rec.request.name === 'SessionStopReq') return;
  throw v2gVerdict(trace, `the EVCC went on with ${rec.request.name} after the answer to ${last} it had to refuse`, { raw: rec.raw, meaning: { message: rec.request, sessionId: rec.sessionId } });
}
