/**
 * A charging station written for the persistent-listener tests (ws directly, not the reference station): like a
 * real charger it keeps its connection and never re-boots on its own. It boots once (BootNotification, then
 * StatusNotification Available per connector/EVSE), heartbeats, and boots again only after a Reset, which it
 * accepts, then closes its socket as a rebooting charger does and reconnects. Dropped by the CSMS it reconnects
 * WITHOUT a new BootNotification. It counts connections and boots.
 * Misbehaving variant (`dropAfterHeartbeat`): it closes its socket after its first answered Heartbeat and never
 * comes back. Variant `registeredBefore`: registered with a CSMS before the run, it connects without a
 * BootNotification; TriggerMessage(BootNotification) makes a 1.6 one boot and a 2.0.1 one answer Rejected while
 * registered (F06.FR.17); TriggerMessage(StatusNotification) is answered with the connector's status.
 */
import WebSocket from 'ws';

type Frame = [number, string, ...unknown[]];
type Obj = Record<string, unknown>;

export interface PeerOptions {
  url: string;
  identity: string;
  version: '1.6' | '2.0.1';
  connectors: number;
  heartbeatMs?: number;
  dropAfterHeartbeat?: boolean;
  registeredBefore?: boolean;
}

export interface PersistentPeer {
  /** Connections opened (handshake completed). */
  readonly connections: number;
  /** BootNotifications sent, with their reason (2.0.1) or 'boot' (1.6). */
  readonly boots: string[];
  readonly resets: number;
  /** Connections the CSMS side closed. */
  readonly closedByCsms: number;
  stop(): void;
}

export function persistentStationPeer(o: PeerOptions): PersistentPeer {
  const v16 = o.version === '1.6';
  const state = { connections: 0, boots: [] as string[], resets: 0, closedByCsms: 0 };
  let stopped = false;
  let registered = o.registeredBefore === true; // booted and Accepted (kept across reconnects, cleared by a Reset)
  let bootReason = 'PowerUp';
  let current: WebSocket | undefined;
  let retry: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let configuredHb = 300;

  const connect = () => {
    if (stopped) return;
    const ws = new WebSocket(`${o.url}/${o.identity}`, [`ocpp${o.version}`]);
    current = ws;
    let seq = 0;
    const waiting = new Map<string, (p: Obj) => void>();
    let closingForReset = false;
    const call = (action: string, payload: Obj) =>
      new Promise<Obj>((resolve) => {
        const id = `peer-${++seq}`;
        waiting.set(id, resolve);
        ws.send(JSON.stringify([2, id, action, payload]));
      });
    const beat = async () => {
      if (ws.readyState !== WebSocket.OPEN) return;
      await call('Heartbeat', {});
      if (o.dropAfterHeartbeat) {
        stopped = true;
        ws.close(1000, 'gone');
        return;
      }
      heartbeat = setTimeout(() => void beat(), o.heartbeatMs ?? 300);
    };
    const boot = async () => {
      state.boots.push(v16 ? 'boot' : bootReason);
      const res = await call('BootNotification', v16 ? { chargePointVendor: 'EvcPersistentPeer', chargePointModel: 'Keep-16' } : { reason: bootReason, chargingStation: { model: 'Keep-201', vendorName: 'EvcPersistentPeer' } });
      if (res.status !== 'Accepted') return;
      registered = true;
      if (typeof res.interval === 'number' && res.interval > 0) configuredHb = res.interval;
      const ts = new Date().toISOString();
      if (v16) for (let c = 0; c <= o.connectors; c++) await call('StatusNotification', { connectorId: c, errorCode: 'NoError', status: 'Available', timestamp: ts });
      else for (let e = 1; e <= o.connectors; e++) await call('StatusNotification', { timestamp: ts, connectorStatus: 'Available', evseId: e, connectorId: 1 });
    };
    ws.on('open', () => {
      state.connections += 1;
      void (async () => {
        if (!registered) await boot();
        heartbeat = setTimeout(() => void beat(), o.heartbeatMs ?? 300);
      })();
    });
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as Frame;
      if (msg[0] === 3 || msg[0] === 4) {
        const w = waiting.get(msg[1]);
        waiting.delete(msg[1]);
        w?.(msg[0] === 3 ? (msg[2] as Obj) : {});
        return;
      }
      if (msg[0] !== 2) return;
      const [, id, action, payload] = msg as [number, string, string, Obj];
      const reply = (p: Obj) => ws.send(JSON.stringify([3, id, p]));
      if (action === 'Reset') {
        state.resets += 1;
        reply({ status: 'Accepted' });
        registered = false;
        bootReason = 'RemoteReset';
        closingForReset = true;
        setTimeout(() => ws.close(1012, 'rebooting'), 50);
      } else if (action === 'TriggerMessage' && payload.requestedMessage === 'BootNotification') {
        if (!v16 && registered) return reply({ status: 'Rejected' });
        reply({ status: 'Accepted' });
        bootReason = 'Triggered';
        void boot();
      } else if (action === 'TriggerMessage' && payload.requestedMessage === 'StatusNotification') {
        reply({ status: 'Accepted' });
        const ts = new Date().toISOString();
        if (v16) void call('StatusNotification', { connectorId: payload.connectorId ?? 0, errorCode: 'NoError', status: 'Available', timestamp: ts });
        else void call('StatusNotification', { timestamp: ts, connectorStatus: 'Available', evseId: (payload.evse as Obj).id, connectorId: 1 });
      } else if (action === 'DataTransfer') reply({ status: 'UnknownVendorId' });
      else if (action === 'GetConfiguration') reply({ configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: String(configuredHb) }] });
      else if (action === 'GetVariables') {
        const data = (payload.getVariableData as Obj[]).map((d) => ({ attributeStatus: 'Accepted', component: d.component, variable: d.variable, attributeValue: String(configuredHb) }));
        reply({ getVariableResult: data });
      } else ws.send(JSON.stringify([4, id, 'NotImplemented', '', {}]));
    });
    ws.on('close', (code) => {
      clearTimeout(heartbeat);
      if (!closingForReset && code !== 1006) state.closedByCsms += 1;
      if (!stopped) retry = setTimeout(connect, closingForReset ? 100 : 300);
    });
    ws.on('error', () => undefined); // refused while the harness is not listening: retried on close
  };
  connect();
  return {
    get connections() {
      return state.connections;
    },
    get boots() {
      return state.boots;
    },
    get resets() {
      return state.resets;
    },
    get closedByCsms() {
      return state.closedByCsms;
    },
    stop() {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(heartbeat);
      current?.terminate();
    },
  };
}
