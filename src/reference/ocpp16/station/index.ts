import { ConfigError } from '../../../core/errors';
import { registerCore } from './core';
import { Firmware } from './firmware';
import { registerLocalAuth } from './local-auth';
import { registerRemoteTrigger } from './remote-trigger';
import { registerReservation } from './reservation';
import { StationPilot } from './pilot';
import { commissionStation, registerSecurity } from './security';
import { SmartCharging } from './smart-charging';
import { Station } from './station';
import { Transactions } from './transactions';
import type { ReferenceStationControl, ReferenceStationOptions } from './types';

export type { ReferenceStationControl, ReferenceStationOptions, StationSimulation } from './types';

/**
 * Starts the reference OCPP 1.6J charge point (built on ocpp-rpc, sharing no code with the harness) and
 * resolves once its WebSocket is open (BootNotification goes out right after). Rejects if the first
 * connection fails (refused, HTTP 401/404, TLS).
 */
export async function startReferenceStation(opts: ReferenceStationOptions): Promise<ReferenceStationControl> {
  if (opts.version !== '1.6') throw new ConfigError('reference OCPP 1.6 station', 'version', `'${opts.version}' is not supported (only 1.6)`);
  const st = new Station(opts);
  const tx = new Transactions(st);
  const fw = new Firmware(st);
  registerCore(st, tx);
  registerLocalAuth(st, tx);
  registerReservation(st);
  registerRemoteTrigger(st, tx, fw);
  const smart = new SmartCharging(st, tx);
  registerSecurity(st, tx, fw);
  st.onConfigChange.set('HeartbeatInterval', () => st.startHeartbeat());
  st.onConfigChange.set('WebSocketPingInterval', (v) => st.client.reconfigure({ pingIntervalMs: Number(v) > 0 ? st.ms(Number(v)) : 0 }));
  // plug-in / unplug / EV suspend / resume / fault reach the station through its pilot lines (./pilot)
  const pilotFaults = new Set<number>();
  const pilot = await StationPilot.start(
    { name: st.identity, connectors: opts.connectors, timeScale: opts.timeScale, variant: opts.variant, stateEErrorCode: opts.stateEErrorCode },
    {
      plugged: (id) => tx.plugIn(id),
      unplugged: (id) => tx.unplug(id),
      evSuspended(id, suspended) {
        const c = connectorOf(id);
        if (c.evSuspended === suspended) return;
        tx.advanceMeter(c);
        c.evSuspended = suspended;
        st.reportStatus(id);
      },
      fault(id, errorCode) {
        const c = connectorOf(id);
        if (errorCode === undefined) {
          if (!pilotFaults.delete(id)) return;
          c.fault = undefined;
        } else {
          pilotFaults.add(id);
          c.fault = { errorCode };
          if (c.tx) tx.stopTransaction(c, 'Other');
        }
        st.reportStatus(id);
      },
    },
  );
  st.onStatusDerived = (id) => pilot.offer(id, offeredCurrentA(id));
  try {
    await st.start();
  } catch (err) {
    await st.stop();
    await pilot.stop();
    throw err;
  }

  let powered = true;
  const control: ReferenceStationControl = {
    identity: st.identity,
    plugIn: (id) => pilot.plugIn(connectorOf(id).id),
    unplug: (id) => pilot.unplug(connectorOf(id).id),
    presentIdTag: (idTag, connectorId) => tx.presentIdTag(idTag, connectorId),
    evSuspend: (id) => pilot.evSuspend(connectorOf(id).id),
    evResume: (id) => pilot.evResume(connectorOf(id).id),
    async raiseFault(id, errorCode) {
      const c = st.connectors[id];
      if (!c) throw new Error(`reference station ${st.identity}: no connector ${id}`);
      if (id > 0) return pilot.raiseFault(id, errorCode); // state E on the connector's pilot line
      c.fault = { errorCode };
      st.reportStatus(id);
    },
    async clearFault(id) {
      const c = st.connectors[id];
      if (!c) throw new Error(`reference station ${st.identity}: no connector ${id}`);
      if (id > 0) await pilot.clearFault(id);
      if (!c.fault) return;
      c.fault = undefined; // a fault the station found itself (lock failure …), cleared by the operator
      st.reportStatus(id);
    },
    async powerCycle() {
      endSessions();
      await st.reboot(st.ms(2, 20));
    },
    mains: {
      get powered() {
        return powered;
      },
      async off() {
        if (!powered) return;
        powered = false;
        endSessions();
        await st.powerDown();
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
    status: (id) => st.connectors[id]?.sentStatus ?? st.statusOf(id).status,
    transactionId: (id) => st.connectors[id]?.tx?.id,
    configuration: (key) => (st.config.has(key) ? st.config.get(key) : undefined),
    queuedMessages: () => st.txQueue.length,
    powerW: (id) => tx.powerW(connectorOf(id)),
    waitAccepted: (ms) => st.waitAccepted(ms),
    installCsmsRoot(pem) {
      st.csmsRoots.push(pem);
    },
    async commission(settings) {
      commissionStation(st, settings);
    },
  };
  void smart;
  return control;

  /** A compliant station ends its transactions with PowerLoss as the power goes (queued, sent after boot). */
  function endSessions(): void {
    tx.stopAll('PowerLoss');
    for (const c of st.connectors) tx.clearAuthorized(c);
  }

  /** Current the station offers on the pilot: while a transaction may draw, its limit (6–32 A); else none. */
  function offeredCurrentA(id: number): number | null {
    const c = st.connectors[id];
    if (!c?.tx || c.tx.deauthorized || c.fault) return null;
    const w = st.limitW(id);
    if (!(w > 0)) return null;
    return Math.max(6, Math.min(32, Math.floor(w / 690)));
  }

  function connectorOf(id: number) {
    const c = st.connector(id);
    if (!c) throw new Error(`reference station ${st.identity}: no connector ${id}`);
    return c;
  }
}
