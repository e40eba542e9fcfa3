import type { Firmware } from './firmware';
import type { Station } from './station';
import type { Transactions } from './transactions';

/** Remote Trigger profile: TriggerMessage (and the security extension's ExtendedTriggerMessage, see ./security). */
export function registerRemoteTrigger(st: Station, tx: Transactions, fw: Firmware): void {
  st.handle('TriggerMessage', ({ requestedMessage, connectorId }: { requestedMessage: string; connectorId?: number }) => {
    const status = triggerStatus(st, requestedMessage, connectorId);
    if (status === 'Accepted' && !st.fault('trigger-message-not-sent')) {
      st.timers.timeout(5, () => void sendTriggered(st, tx, fw, requestedMessage, connectorId));
    }
    return { status };
  });
}

export function triggerStatus(st: Station, requestedMessage: string, connectorId?: number): 'Accepted' | 'Rejected' | 'NotImplemented' {
  const known = ['BootNotification', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification', 'Heartbeat', 'MeterValues', 'StatusNotification', 'LogStatusNotification', 'SignChargePointCertificate'];
  if (!known.includes(requestedMessage)) return 'NotImplemented';
  if (connectorId !== undefined && (connectorId < 0 || connectorId > st.opts.connectors) && !st.fault('trigger-message-bad-connector-accepted')) return 'Rejected';
  return 'Accepted';
}

export async function sendTriggered(st: Station, tx: Transactions, fw: Firmware, msg: string, connectorId?: number): Promise<void> {
  const ignore = () => undefined;
  switch (msg) {
    case 'BootNotification':
      await st.rebootNotification();
      return;
    case 'DiagnosticsStatusNotification':
      await st.send('DiagnosticsStatusNotification', { status: fw.diagnosticsStatus === 'Idle' ? 'Idle' : fw.diagnosticsStatus }).catch(ignore);
      return;
    case 'FirmwareStatusNotification':
      await st.send('FirmwareStatusNotification', { status: fw.firmwareStatus }).catch(ignore);
      return;
    case 'Heartbeat':
      await st.send('Heartbeat', {}).catch(ignore);
      return;
    case 'MeterValues': {
      const ids = connectorId === undefined || connectorId === 0 || !st.connector(connectorId) ? st.connectors.slice(1).map((c) => c.id) : [connectorId];
      for (const id of ids) {
        const c = st.connectors[id];
        const sampledValue = tx.sample(c, st.config.list('MeterValuesSampledData'), 'Trigger');
        await st
          .send('MeterValues', { connectorId: id, transactionId: c.tx?.id, meterValue: [{ timestamp: new Date().toISOString(), sampledValue }] })
          .catch(ignore);
      }
      return;
    }
    case 'StatusNotification': {
      const ids = connectorId === undefined || !st.connectors[connectorId] ? st.connectors.map((c) => c.id) : [connectorId];
      for (const id of ids) st.reportStatus(id, true);
      return;
    }
  }
}
