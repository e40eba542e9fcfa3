import { ConfigError } from '../../../core/errors';
import type { StationSutOptions } from '../../../rig/ocpp-sut';
import { registerCore } from './core';
import { Firmware } from './firmware';
import { registerLocalAuth } from './local-auth';
import { registerRemoteTrigger } from './remote-trigger';
import { registerReservation } from './reservation';
import { registerSecurity } from './security';
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
export async function startReferenceStation(opts: StationSutOptions | ReferenceStationOptions): Promise<ReferenceStationControl> {
  if (opts.version !== '1.6') throw new ConfigError('reference OCPP 1.6 station', 'version', `'${opts.version}' is not supported (only 1.6)`);
  const st = new Station(opts as ReferenceStationOptions);
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
  try {
    await st.start();
  } catch (err) {
    await st.stop();
    throw err;
  }

  const control: ReferenceStationControl = {
    identity: st.identity,
    plugIn: (id) => tx.plugIn(id),
    unplug: (id) => tx.unplug(id),
    presentIdTag: (idTag, connectorId) => tx.presentIdTag(idTag, connectorId),
    async evSuspend(id) {
      const c = connectorOf(id);
      tx.advanceMeter(c);
      c.evSuspended = true;
      st.reportStatus(id);
    },
    async evResume(id) {
      const c = connectorOf(id);
      tx.advanceMeter(c);
      c.evSuspended = false;
      st.reportStatus(id);
    },
    async raiseFault(id, errorCode) {
      const c = st.connectors[id];
      if (!c) throw new Error(`reference station ${st.identity}: no connector ${id}`);
      c.fault = { errorCode };
      if (c.tx) tx.stopTransaction(c, 'Other');
      st.reportStatus(id);
    },
    async clearFault(id) {
      const c = st.connectors[id];
      if (!c) throw new Error(`reference station ${st.identity}: no connector ${id}`);
      c.fault = undefined;
      st.reportStatus(id);
    },
    async powerCycle() {
      // a compliant station ends its transactions with PowerLoss before going down (queued, sent after boot)
      tx.stopAll('PowerLoss');
      for (const c of st.connectors) tx.clearAuthorized(c);
      await st.reboot(st.ms(2, 20));
    },
    goOffline: (ms) => st.goOffline(ms),
    goOnline: () => st.goOnline(),
    stop: () => st.stop(),
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
  };
  void smart;
  return control;

  function connectorOf(id: number) {
    const c = st.connector(id);
    if (!c) throw new Error(`reference station ${st.identity}: no connector ${id}`);
    return c;
  }
}
