/**
 * Mixed rigs: every action of a station under test goes to the rig's own driver (bench channels, an HTTP
 * station driver) first; when that driver cannot perform it (NotAutomatableError) the operator is asked. Without
 * an operator front end (CI) the driver's NotAutomatableError stands, unchanged and at once. Likewise a CSMS
 * intent the rig's CSMS driver does not declare is asked of the operator.
 */
import type { CsmsIntent, CsmsSutControl, SimulatedConditions, StationCommissioning, StationSutControl } from '../rig/ocpp-sut';
import { NotAutomatableError } from '../rig/not-automatable';
import type { Operator, OperatorQuestion } from './operator';

type Ask = Omit<OperatorQuestion, 'scenario' | 'step'>;

/** The question for each station action: what to do and what the operator should see happen. */
export const STATION_QUESTIONS = {
  plugIn: (c: number): Ask => ({ action: 'plug-in', connectorId: c, instruction: `Plug the EV cable into connector ${c}`, expected: `connector ${c} reports a cable (Preparing / Occupied)` }),
  unplug: (c: number): Ask => ({ action: 'unplug', connectorId: c, instruction: `Unplug the EV cable from connector ${c}`, expected: `connector ${c} reports no cable (Available / Finishing ended)` }),
  presentIdTag: (idTag: string, c?: number): Ask => ({ action: 'present-id-tag', connectorId: c, params: { idTag }, instruction: `Present the card / token ${idTag} at the reader${c === undefined ? '' : ` of connector ${c}`}`, expected: `the station authorizes ${idTag} (Authorize, or a transaction starts or stops)` }),
  evSuspend: (c: number): Ask => ({ action: 'ev-suspend', connectorId: c, instruction: `Make the EV on connector ${c} stop drawing power (EV suspends)`, expected: `connector ${c} reports SuspendedEV` }),
  evResume: (c: number): Ask => ({ action: 'ev-resume', connectorId: c, instruction: `Make the EV on connector ${c} draw power again (EV resumes)`, expected: `connector ${c} reports Charging` }),
  raiseFault: (c: number, errorCode: string): Ask => ({ action: 'raise-fault', connectorId: c, params: { errorCode }, instruction: `Cause a hardware fault on connector ${c} (error code ${errorCode})`, expected: `connector ${c} reports Faulted with ${errorCode}` }),
  clearFault: (c: number): Ask => ({ action: 'clear-fault', connectorId: c, instruction: `Clear the hardware fault on connector ${c}`, expected: `connector ${c} leaves Faulted` }),
  powerCycle: (): Ask => ({ action: 'power-cycle', instruction: 'Switch the station off and on again (mains)', expected: 'the station reboots and sends a BootNotification' }),
  goOffline: (ms?: number): Ask => ({ action: 'go-offline', params: { ms }, instruction: ms === undefined ? 'Cut the station off the network until asked to restore it' : `Cut the station off the network for ${ms} ms, then restore it`, expected: 'the station loses its connection (and reconnects by itself once the network is back)' }),
  goOnline: (): Ask => ({ action: 'go-online', instruction: 'Restore the station\'s network connection', expected: 'the station reconnects by itself' }),
  simulate: (conditions: SimulatedConditions): Ask => ({ action: 'simulate', params: { conditions: JSON.stringify(conditions) }, instruction: `Give the station these hardware conditions: ${Object.entries(conditions).map(([k, v]) => `${k} ${v ? 'on' : 'off'}`).join(', ')}`, expected: 'the station behaves so from its next action on' }),
  commission: (c: StationCommissioning | 'installed'): Ask =>
    c === 'installed'
      ? { action: 'commission', params: { commission: JSON.stringify({ installed: true }) }, instruction: 'Set the station\'s connection back to how it was installed (security profile, CSMS URL, password, certificates)', expected: 'the station reconnects to the CSMS with its installed settings' }
      : {
          action: 'commission',
          params: { commission: JSON.stringify({ ...c, files: undefined }) },
          instruction: `In the station's local set-up, set security profile ${c.securityProfile} and the CSMS URL ${c.csmsUrl}${c.password ? `, the password ${c.password}` : ''}${c.ca ? `, the CSMS root certificate to trust (${c.files?.ca ?? 'PEM in the console instruction\'s data-commission'})` : ''}${c.clientCert ? ` and the client certificate and key (${c.files?.clientCert && c.files.clientKey ? `${c.files.clientCert}, ${c.files.clientKey}` : 'PEM in data-commission'})` : ''}`,
          expected: `the station reconnects to the CSMS with security profile ${c.securityProfile}`,
        },
  rest: (actions: string[]): Ask => ({ action: 'rest', params: { after: actions.join(',') }, instruction: `Put the station back at rest: every cable unplugged, faults and hardware conditions cleared, network up (this scenario asked for: ${actions.join(', ')})`, expected: 'every connector Available (or Unavailable / Reserved)' }),
};

async function orOperator(operator: Operator, attempt: () => Promise<void>, q: Ask, done: string[]): Promise<void> {
  try {
    await attempt();
  } catch (e) {
    if (!(e instanceof NotAutomatableError) || !operator.available) throw e;
    await operator.perform(q);
    done.push(q.action);
  }
}

/** `base` with the operator as the fallback of every action; `stop` asks the operator to restore what they changed. */
export function operatorStationControl(base: StationSutControl, operator: Operator): StationSutControl {
  const done: string[] = [];
  const Q = STATION_QUESTIONS;
  const via = (attempt: () => Promise<void>, q: Ask) => orOperator(operator, attempt, q, done);
  const control: StationSutControl = {
    plugIn: (c) => via(() => base.plugIn(c), Q.plugIn(c)),
    unplug: (c) => via(() => base.unplug(c), Q.unplug(c)),
    presentIdTag: (t, c) => via(() => base.presentIdTag(t, c), Q.presentIdTag(t, c)),
    evSuspend: (c) => via(() => base.evSuspend(c), Q.evSuspend(c)),
    evResume: (c) => via(() => base.evResume(c), Q.evResume(c)),
    raiseFault: (c, code) => via(() => base.raiseFault(c, code), Q.raiseFault(c, code)),
    clearFault: (c) => via(() => base.clearFault(c), Q.clearFault(c)),
    powerCycle: () => via(() => base.powerCycle(), Q.powerCycle()),
    goOffline: (ms) => via(() => base.goOffline(ms), Q.goOffline(ms)),
    goOnline: () => via(() => base.goOnline(), Q.goOnline()),
    simulate: (conditions) =>
      via(async () => {
        if (!base.simulate) throw new NotAutomatableError('no simulate channel');
        await base.simulate(conditions);
      }, Q.simulate(conditions)),
    commission: (c) =>
      via(async () => {
        if (!base.commission) throw new NotAutomatableError('no commissioning channel');
        await base.commission(c);
      }, Q.commission(c)),
    stop: async () => {
      await base.stop();
      if (done.length === 0 || !operator.available) return;
      const actions = [...new Set(done.splice(0))];
      await operator.perform({ ...Q.rest(actions), step: 'teardown, after the last step' }); // 'failed' / no answer: the teardown fails, naming 'rest'
    },
  };
  // a rig that cannot simulate and has nobody to ask keeps saying so through the absent capability
  if (!base.simulate && !operator.available) delete control.simulate;
  if (!base.commission && !operator.available) delete control.commission;
  return control;
}

/** The question for a CSMS intent the rig's CSMS driver does not declare. */
export function intentQuestion(identity: string, intent: CsmsIntent): Ask {
  const words = intent.name.replace(/-/g, ' ');
  const params = Object.entries(intent.params).map(([k, v]) => `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return {
    action: 'csms-intent',
    connectorId: typeof intent.params.connectorId === 'number' ? intent.params.connectorId : undefined,
    params: { intent: intent.name, identity, params: JSON.stringify(intent.params) },
    instruction: `In the CSMS under test, ${words} for station ${identity}${params.length ? ` (${params.join(', ')})` : ''}`,
    expected: 'the CSMS sends the matching message to the harness station (the scenario checks it on the wire)',
  };
}

/** The question for a literal CSMS-initiated call the rig cannot make the CSMS send. */
export function callQuestion(identity: string, action: string, payload: Record<string, unknown>): Ask {
  const fields = Object.entries(payload).map(([k, v]) => `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return {
    action: 'csms-call',
    params: { call: action, identity, payload: JSON.stringify(payload) },
    instruction: `Make the CSMS under test send ${action} to station ${identity}${fields.length ? ` with ${fields.join(', ')}` : ''}`,
    expected: `the CSMS sends ${action} to the harness station (the scenario checks it on the wire)`,
  };
}

/** `perform` through the rig's CSMS driver, and the operator for an intent it cannot do; likewise a literal `call`. */
export function operatorCsmsControl(base: CsmsSutControl, operator: Operator): CsmsSutControl {
  const performOf = base.perform;
  const perform = async (identity: string, intent: CsmsIntent): Promise<void> => {
    try {
      if (!performOf) throw new NotAutomatableError(`asking the CSMS to ${intent.name.replace(/-/g, ' ')} needs an operator or a CSMS driver`);
      await performOf.call(base, identity, intent);
    } catch (e) {
      if (!(e instanceof NotAutomatableError) || !operator.available) throw e;
      await operator.perform(intentQuestion(identity, intent));
    }
  };
  const callOf = base.call;
  const call = async (identity: string, action: string, payload: Record<string, unknown>): Promise<unknown> => {
    try {
      return await callOf.call(base, identity, action, payload);
    } catch (e) {
      if (!(e instanceof NotAutomatableError) || !operator.available) throw e;
      await operator.perform(callQuestion(identity, action, payload));
      return undefined; // the station's answer is on the wire, where the scenario checks it
    }
  };
  return { ...base, call, perform };
}
