import { createRPCError } from 'ocpp-rpc';
import { ConfigError } from '../../../core/errors';
import { Authorization } from './authorization';
import { registerAvailability, registerReservation } from './availability';
import { registerNetwork } from './network';
import { Events, registerProvisioning } from './provisioning';
import { StationPilot } from '../../ocpp16/station/pilot';
import { registerSecurity } from './security';
import { registerSmartCharging } from './smart-charging';
import { Station } from './station';
import { Transactions } from './transactions';
import type { ReferenceStationControl, ReferenceStationOptions } from './types';

export type { ReferenceStationControl, ReferenceStationOptions, StationSimulation } from './types';

/**
 * Starts the reference OCPP 2.0.1 charging station (built on ocpp-rpc, sharing no code with the harness) and
 * resolves once its WebSocket is open (BootNotification goes out right after). Rejects if the first
 * connection fails (refused, HTTP 401/404, TLS) unless `keepTrying` is set.
 */
export async function startReferenceStation(opts: ReferenceStationOptions): Promise<ReferenceStationControl> {
  if (opts.version !== '2.0.1') throw new ConfigError('reference OCPP 2.0.1 station', 'version', `'${opts.version}' is not supported (only 2.0.1)`);
  if (!Number.isInteger(opts.connectors) || opts.connectors < 1) throw new ConfigError('reference OCPP 2.0.1 station', 'connectors', 'must be an integer >= 1 (number of EVSEs)');
  const st = new Station(opts);
  const auth = new Authorization(st);
  const tx = new Transactions(st, auth);
  const events = new Events(st);
  registerProvisioning(st, tx);
  const hw = registerAvailability(st, tx, events);
  registerReservation(st, tx);
  registerSmartCharging(st, tx);
  registerSecurity(st, tx);
  registerNetwork(st);
  for (const action of st.variant.absentActions) {
    st.handle(action, () => {
      throw createRPCError('NotImplemented', `${action} is not implemented by this station (optional)`);
    });
  }
  // plug-in / unplug / EV suspend / resume / fault reach the station through its pilot lines (one per EVSE)
  const pilotFaults = new Set<number>();
  const pilot = await StationPilot.start(
    { name: st.identity, connectors: opts.connectors, timeScale: opts.timeScale, variant: opts.variant, stateEErrorCode: opts.stateEErrorCode },
    {
      plugged: (id) => tx.plugIn(id),
      unplugged: (id) => tx.unplug(id),
      evSuspended(id, suspended) {
        if (st.evse(id)?.evSuspended !== suspended) tx.setSuspended(id, suspended);
      },
      fault(id, errorCode) {
        if (errorCode !== undefined) {
          pilotFaults.add(id);
          hw.raiseFault(id, errorCode);
        } else if (pilotFaults.delete(id)) hw.clearFault(id);
      },
    },
  );
  st.onStateDerived = (id) => pilot.offer(id, offeredCurrentA(id));
  try {
    await st.start();
  } catch (err) {
    await st.stop();
    await pilot.stop();
    throw err;
  }

  let powered = true;
  /** A compliant station ends its transactions (PowerLoss) as the power goes and reports them once back. */
  const endSessions = () => {
    tx.stopAll('AbnormalCondition', 'PowerLoss');
    for (const e of st.allEvses) {
      st.timers.clear(e.pendingAuth?.timer);
      e.pendingAuth = undefined;
    }
    st.afterBoot.push(() => st.securityEvent('StartupOfTheDevice', 'power cycle'));
  };
  const control: ReferenceStationControl = {
    identity: st.identity,
    get securityProfile() {
      return st.securityProfile;
    },
    plugIn: (id) => pilot.plugIn(evseOf(id)),
    unplug: (id) => pilot.unplug(evseOf(id)),
    presentIdTag: (idTag, evseId) => tx.presentIdTag(idTag, evseId),
    evSuspend: (id) => pilot.evSuspend(evseOf(id)),
    evResume: (id) => pilot.evResume(evseOf(id)),
    raiseFault: (id, errorCode) => pilot.raiseFault(evseOf(id), errorCode), // state E on the EVSE's pilot line
    async clearFault(id) {
      await pilot.clearFault(evseOf(id));
      hw.clearFault(id); // a fault the station found itself, cleared by the operator (no-op when none)
    },
    async powerCycle() {
      endSessions();
      await st.reboot(st.ms(2, 20), 'PowerUp');
    },
    mains: {
      get powered() {
        return powered;
      },
      async off() {
        if (!powered) return;
        powered = false;
        endSessions();
        await st.powerDown('PowerUp');
      },
      on() {
        if (powered) return;
        powered = true;
        st.powerUp();
      },
    },
    goOffline: (ms) => st.goOffline(ms),
    goOnline: () => st.goOnline(),
    async stop() {
      await st.stop();
      await pilot.stop();
    },
    pilot: { evPort: (id) => pilot.evPort(id), detachEv: (id) => pilot.detachEv(id), contactorClosed: (id) => pilot.contactorClosed(id) },
    simulate(patch) {
      Object.assign(st.sim, patch);
    },
    status: (id) => {
      const e = st.evse(id);
      return e ? (e.sentStatus ?? st.statusOf(e)) : 'Unknown';
    },
    transactionId: (id) => st.evse(id)?.tx?.id,
    variable(path) {
      const m = /^([^.[\]]+)(?:\[([^\]]*)\])?\.([^.[\]]+)(?:\[([^\]]*)\])?$/.exec(path);
      if (!m) return undefined;
      return st.dm.find({ name: m[1], instance: m[2] || undefined }, { name: m[3], instance: m[4] || undefined })?.value;
    },
    queuedMessages: () => st.txQueue.filter((m) => m.action === 'TransactionEvent').length,
    powerW: (id) => {
      const e = st.evse(id);
      return e ? tx.powerW(e) : 0;
    },
    waitAccepted: (ms) => st.waitAccepted(ms),
    installCsmsRoot(pem) {
      st.csmsRoots.push(pem);
    },
    async commission(settings) {
      st.commission(settings);
    },
  };
  return control;

  function evseOf(id: number): number {
    if (!st.evse(id)) throw new Error(`reference station ${st.identity}: no EVSE ${id}`);
    return id;
  }

  /** Current the EVSE offers on the pilot: while an authorized transaction may draw, its limit (6–32 A); else none. */
  function offeredCurrentA(id: number): number | null {
    const e = st.evse(id);
    if (!e?.tx || e.tx.ended || !e.tx.authorized || e.fault) return null;
    const w = tx.limitW(id);
    if (!(w > 0)) return null;
    return Math.max(6, Math.min(32, Math.floor(w / 690)));
  }

}
