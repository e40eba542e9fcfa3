import { createRPCError } from 'ocpp-rpc';
import { DeviceModel, cleanRef, type ComponentRef, type Variable, type VariableRef } from './device-model';
import type { Station } from './station';
import type { Transactions } from './transactions';

type AttributeType = 'Actual' | 'Target' | 'MinSet' | 'MaxSet';

/**
 * Provisioning (block B) and the device model: GetVariables / SetVariables (with every result status),
 * GetBaseReport and GetReport with NotifyReport paging (seqNo, tbc, ItemsPerMessage), Reset (Immediate / OnIdle,
 * EVSE reset), TriggerMessage, DataTransfer; and NotifyEvent for component state changes (hard-wired monitors).
 */
export function registerProvisioning(st: Station, tx: Transactions): void {
  const dm = st.dm;

  // ---------------------------------------------------------------- Get/SetVariables

  st.handle('GetVariables', (p: { getVariableData: Array<{ attributeType?: AttributeType; component: ComponentRef; variable: VariableRef }> }) => {
    if (p.getVariableData.length > dm.int('DeviceDataCtrlr', 'ItemsPerMessage', 'GetVariables')) {
      throw createRPCError('OccurrenceConstraintViolation', `more than ItemsPerMessage[GetVariables] = ${dm.int('DeviceDataCtrlr', 'ItemsPerMessage', 'GetVariables')} items`);
    }
    const max = dm.int('DeviceDataCtrlr', 'ValueSize', 'Reporting') || 2500;
    const results = p.getVariableData.map((d) => {
      const base = { attributeType: d.attributeType, component: cleanRef(d.component), variable: cleanRef(d.variable) };
      const v = dm.find(d.component, d.variable);
      if (!v) {
        if (st.fault('get-variables-unknown-accepted')) return { ...base, attributeStatus: 'Accepted', attributeValue: '' };
        return { ...base, attributeStatus: dm.hasComponent(d.component) ? 'UnknownVariable' : 'UnknownComponent' };
      }
      if ((d.attributeType ?? 'Actual') !== 'Actual' && !st.fault('attribute-type-ignored')) return { ...base, attributeStatus: 'NotSupportedAttributeType' };
      if (v.mutability === 'WriteOnly') return { ...base, attributeStatus: 'Rejected' };
      const value = st.fault('variable-value-with-unit') && v.unit ? `${currentValue(v)} ${v.unit}` : currentValue(v);
      return { ...base, attributeStatus: 'Accepted', attributeValue: value.slice(0, max) };
    });
    return { getVariableResult: st.fault('get-variables-results-reversed') ? results.reverse() : results };
  });

  st.handle('SetVariables', (p: { setVariableData: Array<{ attributeType?: AttributeType; attributeValue: string; component: ComponentRef; variable: VariableRef }> }) => {
    if (p.setVariableData.length > dm.int('DeviceDataCtrlr', 'ItemsPerMessage', 'SetVariables')) {
      throw createRPCError('OccurrenceConstraintViolation', `more than ItemsPerMessage[SetVariables] = ${dm.int('DeviceDataCtrlr', 'ItemsPerMessage', 'SetVariables')} items`);
    }
    const changed: Variable[] = [];
    const result = p.setVariableData.map((d) => {
      const base = { attributeType: d.attributeType, component: cleanRef(d.component), variable: cleanRef(d.variable) };
      const v = dm.find(d.component, d.variable);
      if (!v) return { ...base, attributeStatus: st.fault('set-variables-unknown-accepted') ? 'Accepted' : dm.hasComponent(d.component) ? 'UnknownVariable' : 'UnknownComponent' };
      if ((d.attributeType ?? 'Actual') !== 'Actual' && !st.fault('attribute-type-ignored')) return { ...base, attributeStatus: 'NotSupportedAttributeType' };
      if (v.mutability === 'ReadOnly' && !st.fault('set-variables-readonly-accepted')) return { ...base, attributeStatus: 'Rejected', attributeStatusInfo: { reasonCode: 'ReadOnly' } };
      const problem = st.fault('set-variables-no-format-check') ? undefined : DeviceModel.checkValue(v, d.attributeValue);
      if (problem && v.mutability !== 'ReadOnly') return { ...base, attributeStatus: 'Rejected', attributeStatusInfo: { reasonCode: 'InvalidValue', additionalInfo: problem.slice(0, 512) } };
      const guard = st.variableGuards.get(`${v.component.name}.${v.variable.name}`);
      const refused = guard?.(d.attributeValue);
      if (refused) return { ...base, attributeStatus: 'Rejected', attributeStatusInfo: { reasonCode: refused } };
      v.value = d.attributeValue;
      changed.push(v);
      return { ...base, attributeStatus: v.rebootRequired ? 'RebootRequired' : 'Accepted' };
    });
    st.timers.timeout(1, () => {
      for (const v of changed) st.onVariableChange.get(`${v.component.name}.${v.variable.name}`)?.(v.value);
    });
    return { setVariableResult: result };
  });
  st.onVariableChange.set('OCPPCommCtrlr.HeartbeatInterval', () => st.startHeartbeat());
  st.onVariableChange.set('OCPPCommCtrlr.WebSocketPingInterval', (v) => st.client.reconfigure({ pingIntervalMs: Number(v) > 0 ? st.ms(Number(v)) : 0 }));
  st.variableGuards.set('SecurityCtrlr.BasicAuthPassword', (v) => ((v.length < 16 && !st.fault('short-password-accepted')) || v.length > 40 ? 'InvalidValue' : undefined));
  st.onVariableChange.set('SecurityCtrlr.BasicAuthPassword', (v) => {
    if (!st.fault('password-change-ignored')) st.password = v;
    st.securityEvent('ReconfigurationOfSecurityParameters', 'BasicAuthPassword changed');
    // SP1/SP2: reconnect with the new password
    if (st.securityProfile === 1 || st.securityProfile === 2) st.timers.timeout(st.ms(0.5, 10), () => void st.reconnectWithNewSettings());
  });

  function currentValue(v: Variable): string {
    if (v.component.name === 'ClockCtrlr' && v.variable.name === 'DateTime') return st.now();
    return v.value;
  }

  // ---------------------------------------------------------------- reports

  function sendReport(requestId: number, vars: Variable[]): void {
    const data = vars.map((v) => DeviceModel.reportData({ ...v, value: currentValue(v) }));
    const perMessage = Math.max(1, dm.int('DeviceDataCtrlr', 'ItemsPerMessage', 'GetReport'));
    const pages: Array<Array<Record<string, unknown>>> = [];
    if (st.fault('notify-report-no-tbc')) pages.push(data);
    else for (let i = 0; i < data.length; i += perMessage) pages.push(data.slice(i, i + perMessage));
    const generatedAt = st.now();
    const first = st.fault('notify-report-seqno-wrong') ? 1 : 0;
    void (async () => {
      await st.timers.sleep(1);
      for (let i = 0; i < pages.length; i++) {
        const tbc = st.fault('notify-report-no-tbc') ? true : i < pages.length - 1;
        await st.send('NotifyReport', { requestId, generatedAt, tbc, seqNo: first + i, reportData: pages[i] }).catch(() => undefined);
      }
    })();
  }

  st.handle('GetBaseReport', (p: { requestId: number; reportBase: 'ConfigurationInventory' | 'FullInventory' | 'SummaryInventory' }) => {
    let vars: Variable[];
    if (p.reportBase === 'FullInventory') vars = dm.all;
    else if (p.reportBase === 'ConfigurationInventory') vars = dm.all.filter((v) => v.mutability !== 'ReadOnly');
    else if (p.reportBase === 'SummaryInventory') vars = dm.all.filter((v) => v.summary);
    else return { status: 'NotSupported' };
    sendReport(p.requestId, vars);
    return { status: 'Accepted' };
  });

  st.handle('GetReport', (p: { requestId: number; componentCriteria?: string[]; componentVariable?: Array<{ component: ComponentRef; variable?: VariableRef }> }) => {
    let vars = dm.all;
    if (p.componentVariable?.length) {
      vars = vars.filter((v) =>
        p.componentVariable!.some((cv) => {
          if (cv.component.name.toLowerCase() !== v.component.name.toLowerCase()) return false;
          if (cv.component.instance !== undefined && cv.component.instance !== v.component.instance) return false;
          if (cv.component.evse && (cv.component.evse.id !== v.component.evse?.id || (cv.component.evse.connectorId !== undefined && cv.component.evse.connectorId !== v.component.evse?.connectorId))) return false;
          if (!cv.variable) return true;
          return cv.variable.name.toLowerCase() === v.variable.name.toLowerCase() && (cv.variable.instance === undefined || cv.variable.instance === v.variable.instance);
        }),
      );
    }
    if (p.componentCriteria?.length) {
      // a component matches when one of its Active / Available / Enabled / Problem variables is true
      const match = new Set<string>();
      for (const v of dm.all) {
        if (p.componentCriteria.includes(v.variable.name) && v.value === 'true') match.add(`${v.component.name}|${v.component.instance ?? ''}|${v.component.evse?.id ?? ''}|${v.component.evse?.connectorId ?? ''}`);
      }
      vars = vars.filter((v) => match.has(`${v.component.name}|${v.component.instance ?? ''}|${v.component.evse?.id ?? ''}|${v.component.evse?.connectorId ?? ''}`));
    }
    if (vars.length === 0) return { status: 'EmptyResultSet' };
    sendReport(p.requestId, vars);
    return { status: 'Accepted' };
  });

  // ---------------------------------------------------------------- Reset

  let resetScheduled: number | undefined | 'station';
  let resetting = false;
  const doReset = async () => {
    if (resetting) return;
    resetting = true;
    resetScheduled = undefined;
    st.securityEvent('ResetOrReboot', 'Reset requested by the CSMS');
    if (st.fault('reset-without-ending-transaction')) for (const e of st.allEvses) e.tx = undefined;
    else tx.stopAll('ResetCommand', 'ImmediateReset');
    await st.drain();
    if (st.fault('no-reboot-after-reset')) {
      resetting = false;
      return;
    }
    await st.reboot(st.ms(2, 30), 'RemoteReset');
    resetting = false;
  };
  const resetEvse = (id: number) => {
    tx.stopAll('ResetCommand', 'ImmediateReset', id);
    const e = st.evse(id);
    if (!e) return;
    e.operative = false;
    st.reportStatus(id);
    st.timers.timeout(st.ms(1, 20), () => {
      e.operative = true;
      st.reportStatus(id);
    });
  };
  tx.onTxEnded.push((e) => {
    if (resetScheduled === undefined) return;
    if (resetScheduled === 'station' && st.allEvses.every((x) => !x.tx)) {
      resetScheduled = undefined;
      void doReset();
    } else if (resetScheduled === e.id) {
      resetScheduled = undefined;
      st.timers.timeout(1, () => resetEvse(e.id));
    }
  });
  st.handle('Reset', (p: { type: 'Immediate' | 'OnIdle'; evseId?: number }) => {
    if (p.evseId !== undefined) {
      const e = st.evse(p.evseId);
      if (!e) return { status: 'Rejected' };
      if (p.type === 'OnIdle' && e.tx) {
        resetScheduled = e.id;
        return { status: 'Scheduled' };
      }
      st.timers.timeout(1, () => (st.fault('evse-reset-reboots-station') ? void doReset() : resetEvse(e.id)));
      return { status: 'Accepted' };
    }
    if (p.type === 'OnIdle' && st.allEvses.some((e) => e.tx)) {
      resetScheduled = 'station';
      return { status: 'Scheduled' };
    }
    st.timers.timeout(1, () => void doReset());
    return { status: 'Accepted' };
  });

  // ---------------------------------------------------------------- TriggerMessage

  st.handle('TriggerMessage', (p: { requestedMessage: string; evse?: { id: number; connectorId?: number } }) => {
    const evseId = p.evse?.id;
    if (p.evse && !st.evse(evseId)) return { status: 'Rejected' };
    const fire = (fn: () => void) => {
      if (!st.fault('trigger-message-not-sent')) st.timers.timeout(1, fn);
      return { status: 'Accepted' };
    };
    switch (p.requestedMessage) {
      case 'BootNotification':
        if (st.registered && !st.fault('trigger-message-accepts-all')) return { status: 'Rejected' };
        return fire(() => void st.boot(true));
      case 'Heartbeat':
        return fire(() => void st.send('Heartbeat', {}).catch(() => undefined));
      case 'StatusNotification':
        return fire(() => {
          for (const e of st.allEvses) if (evseId === undefined || e.id === evseId) st.reportStatus(e.id, true);
        });
      case 'MeterValues':
        return fire(() => {
          for (const e of st.allEvses) {
            if (evseId !== undefined && e.id !== evseId) continue;
            const meterValue = tx.meterValue(e, 'Trigger', dm.list('AlignedDataCtrlr', 'Measurands'));
            if (meterValue) void st.send('MeterValues', { evseId: e.id, meterValue }).catch(() => undefined);
          }
        });
      case 'TransactionEvent':
        if (!st.allEvses.some((e) => e.tx && (evseId === undefined || e.id === evseId))) return { status: 'Rejected' };
        return fire(() => tx.triggered(evseId));
      default: {
        const t = st.triggers.get(p.requestedMessage);
        if (!t) return { status: st.fault('trigger-message-accepts-all') ? 'Accepted' : 'NotImplemented' };
        return fire(t);
      }
    }
  });

  st.handle('DataTransfer', (p: { vendorId: string; messageId?: string; data?: unknown }) => {
    if (p.vendorId !== (st.opts.vendor ?? 'EVC')) return { status: st.fault('datatransfer-accepts-unknown-vendor') ? 'Accepted' : 'UnknownVendorId' };
    if (p.messageId !== undefined && p.messageId !== 'Echo') return { status: 'UnknownMessageId' };
    return { status: 'Accepted', data: p.data };
  });
}

/** NotifyEvent from a hard-wired monitor (component problem / availability changes). */
export class Events {
  private seq = 0;
  private eventId = 1;
  constructor(private readonly st: Station) {}

  notify(component: ComponentRef, variable: VariableRef, actualValue: string, o: { trigger?: 'Alerting' | 'Delta'; techCode?: string; cleared?: boolean } = {}): void {
    const st = this.st;
    if (!st.accepted) return;
    const payload = {
      generatedAt: st.now(),
      seqNo: this.seq++,
      eventData: [
        {
          eventId: this.eventId++,
          timestamp: st.now(),
          trigger: o.trigger ?? 'Delta',
          actualValue,
          techCode: o.techCode,
          cleared: o.cleared,
          eventNotificationType: 'HardWiredNotification',
          component: cleanRef(component),
          variable: cleanRef(variable),
        },
      ],
    };
    void st.send('NotifyEvent', payload).catch(() => undefined);
  }
}
