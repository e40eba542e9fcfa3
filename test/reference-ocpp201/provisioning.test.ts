import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STATION_FAULTS, CSMS_FAULTS } from '../../src/reference/ocpp201/faults';
import { startReferenceStation } from '../../src/reference/ocpp201/station';
import { ConfigError } from '../../src/core/errors';
import { startPair, until } from './helpers';

const cv = (component: string, variable: string, extra: Record<string, unknown> = {}) => ({ component: { name: component }, variable: { name: variable }, ...extra });

describe('reference OCPP 2.0.1 station: device model and provisioning', () => {
  it('GetVariables answers Accepted / UnknownComponent / UnknownVariable / NotSupportedAttributeType / Rejected (WriteOnly)', async () => {
    const p = await startPair();
    try {
      const res = (await p.csms.call(p.id, 'GetVariables', {
        getVariableData: [
          cv('OCPPCommCtrlr', 'HeartbeatInterval'),
          cv('NoSuchCtrlr', 'HeartbeatInterval'),
          cv('OCPPCommCtrlr', 'NoSuchVariable'),
          cv('OCPPCommCtrlr', 'HeartbeatInterval', { attributeType: 'Target' }),
          cv('SecurityCtrlr', 'BasicAuthPassword'),
          { component: { name: 'EVSE', evse: { id: 2 } }, variable: { name: 'AvailabilityState' } },
          { component: { name: 'DeviceDataCtrlr' }, variable: { name: 'ItemsPerMessage', instance: 'GetReport' } },
        ],
      })) as any;
      const r = res.getVariableResult;
      assert.deepEqual(
        r.map((x: any) => x.attributeStatus),
        ['Accepted', 'UnknownComponent', 'UnknownVariable', 'NotSupportedAttributeType', 'Rejected', 'Accepted', 'Accepted'],
      );
      assert.equal(r[0].attributeValue, '10');
      assert.equal(r[5].attributeValue, 'Available');
      assert.deepEqual(r[5].component, { name: 'EVSE', evse: { id: 2 } });
      assert.equal(r[6].attributeValue, '10');
    } finally {
      await p.stop();
    }
  });

  it('SetVariables: Accepted (and applied), Rejected for ReadOnly and bad values, RebootRequired, UnknownComponent', async () => {
    const p = await startPair();
    try {
      const res = (await p.csms.call(p.id, 'SetVariables', {
        setVariableData: [
          cv('OCPPCommCtrlr', 'HeartbeatInterval', { attributeValue: '3' }),
          cv('SecurityCtrlr', 'SecurityProfile', { attributeValue: '3' }),
          cv('TxCtrlr', 'EVConnectionTimeOut', { attributeValue: 'soon' }),
          cv('OCPPCommCtrlr', 'NetworkConfigurationPriority', { attributeValue: '0' }),
          cv('NoSuchCtrlr', 'X', { attributeValue: '1' }),
          cv('TxCtrlr', 'TxStartPoint', { attributeValue: 'PowerPathClosed' }),
          cv('TxCtrlr', 'TxStopPoint', { attributeValue: 'Bogus' }),
        ],
      })) as any;
      assert.deepEqual(
        res.setVariableResult.map((x: any) => x.attributeStatus),
        ['Accepted', 'Rejected', 'Rejected', 'RebootRequired', 'UnknownComponent', 'Accepted', 'Rejected'],
      );
      assert.equal(p.station.variable('OCPPCommCtrlr.HeartbeatInterval'), '3');
      assert.equal(p.station.variable('SecurityCtrlr.SecurityProfile'), '0');
      assert.equal(p.station.variable('TxCtrlr.TxStartPoint'), 'PowerPathClosed');
      // 3 s x 0.01: heartbeats every 30 ms now
      const n = p.csms.received(p.id, 'Heartbeat').length;
      await until(() => p.csms.received(p.id, 'Heartbeat').length >= n + 4, 1000, 'faster heartbeats');
    } finally {
      await p.stop();
    }
  });

  it('GetBaseReport FullInventory / ConfigurationInventory / SummaryInventory: NotifyReport paged by ItemsPerMessage with seqNo from 0 and tbc', async () => {
    const p = await startPair();
    try {
      for (const [requestId, reportBase] of [[1, 'FullInventory'], [2, 'ConfigurationInventory'], [3, 'SummaryInventory']] as const) {
        const res = (await p.csms.call(p.id, 'GetBaseReport', { requestId, reportBase })) as any;
        assert.equal(res.status, 'Accepted');
        await p.csms.waitFor(p.id, 'NotifyReport', { since: 0, match: (r) => r.requestId === requestId && !r.tbc, timeoutMs: 3000 });
        const pages = p.csms.received(p.id, 'NotifyReport').map((m) => m.payload).filter((r) => r.requestId === requestId);
        assert.deepEqual(pages.map((r) => r.seqNo), pages.map((_r, i) => i));
        assert.deepEqual(pages.map((r) => r.tbc), pages.map((_r, i) => i < pages.length - 1));
        for (const r of pages) assert.ok(r.reportData.length <= 10 && r.reportData.length > 0);
        const all = pages.flatMap((r) => r.reportData);
        if (reportBase === 'FullInventory') {
          assert.ok(pages.length > 5, `${pages.length} pages`);
          const hb = all.find((d: any) => d.component.name === 'OCPPCommCtrlr' && d.variable.name === 'HeartbeatInterval');
          assert.deepEqual(hb.variableAttribute, [{ type: 'Actual', value: '10', mutability: 'ReadWrite', persistent: true, constant: false }]);
          assert.equal(hb.variableCharacteristics.dataType, 'integer');
          const pw = all.find((d: any) => d.variable.name === 'BasicAuthPassword');
          assert.equal(pw.variableAttribute[0].value, undefined);
          assert.equal(pw.variableAttribute[0].mutability, 'WriteOnly');
        }
        if (reportBase === 'ConfigurationInventory') assert.ok(all.every((d: any) => d.variableAttribute[0].mutability !== 'ReadOnly'));
        if (reportBase === 'SummaryInventory') assert.ok(all.every((d: any) => ['AvailabilityState', 'Available', 'Problem'].includes(d.variable.name)));
      }
    } finally {
      await p.stop();
    }
  });

  it('GetReport by component/variable and by criteria (Problem), EmptyResultSet when nothing matches', async () => {
    const p = await startPair();
    try {
      let res = (await p.csms.call(p.id, 'GetReport', { requestId: 7, componentVariable: [{ component: { name: 'TxCtrlr' } }] })) as any;
      assert.equal(res.status, 'Accepted');
      const tx = await p.csms.waitFor(p.id, 'NotifyReport', { since: 0, match: (r) => r.requestId === 7 });
      assert.ok(tx.reportData.every((d: any) => d.component.name === 'TxCtrlr'));
      res = (await p.csms.call(p.id, 'GetReport', { requestId: 8, componentCriteria: ['Problem'] })) as any;
      assert.equal(res.status, 'EmptyResultSet');
      const since = p.csms.mark();
      await p.station.raiseFault(2, 'ConnectorLockFailure');
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.evseId === 2 && s.connectorStatus === 'Faulted' });
      const ev = await p.csms.waitFor(p.id, 'NotifyEvent', { since });
      assert.equal(ev.eventData[0].component.name, 'Connector');
      assert.equal(ev.eventData[0].actualValue, 'true');
      res = (await p.csms.call(p.id, 'GetReport', { requestId: 9, componentCriteria: ['Problem'] })) as any;
      assert.equal(res.status, 'Accepted');
      const prob = await p.csms.waitFor(p.id, 'NotifyReport', { since: 0, match: (r) => r.requestId === 9 });
      assert.ok(prob.reportData.every((d: any) => d.component.name === 'Connector' && d.component.evse.id === 2));
      await p.station.clearFault(2);
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.evseId === 2 && s.connectorStatus === 'Available' });
    } finally {
      await p.stop();
    }
  });

  it('TriggerMessage: StatusNotification for one EVSE, MeterValues, Heartbeat; BootNotification Rejected once Accepted', async () => {
    const p = await startPair();
    try {
      await p.csms.waitFor(p.id, 'StatusNotification', { since: 0, match: (x) => x.evseId === 2 });
      const since = p.csms.mark();
      assert.equal(((await p.csms.call(p.id, 'TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 2, connectorId: 1 } })) as any).status, 'Accepted');
      const s = await p.csms.waitFor(p.id, 'StatusNotification', { since });
      assert.equal(s.evseId, 2);
      assert.equal(((await p.csms.call(p.id, 'TriggerMessage', { requestedMessage: 'MeterValues', evse: { id: 1 } })) as any).status, 'Accepted');
      const mv = await p.csms.waitFor(p.id, 'MeterValues', { since });
      assert.equal(mv.meterValue[0].sampledValue[0].context, 'Trigger');
      assert.equal(((await p.csms.call(p.id, 'TriggerMessage', { requestedMessage: 'BootNotification' })) as any).status, 'Rejected');
      assert.equal(((await p.csms.call(p.id, 'TriggerMessage', { requestedMessage: 'TransactionEvent' })) as any).status, 'Rejected');
      assert.equal(((await p.csms.call(p.id, 'TriggerMessage', { requestedMessage: 'Heartbeat', evse: { id: 9 } })) as any).status, 'Rejected');
    } finally {
      await p.stop();
    }
  });

  it('fault catalogues: at least 25 station / 15 CSMS faults, unknown names are a ConfigError', async () => {
    assert.ok(Object.keys(STATION_FAULTS).length >= 25);
    assert.ok(Object.keys(CSMS_FAULTS).length >= 15);
    await assert.rejects(
      startReferenceStation({ version: '2.0.1', csmsUrl: 'ws://127.0.0.1:1', identity: 'X', securityProfile: 0, connectors: 1, faults: [], timeScale: 0.01, configuration: { 'TxCtrlr.NoSuchThing': '1' } }),
      (e: unknown) => e instanceof ConfigError && /configuration\.TxCtrlr\.NoSuchThing/.test((e as Error).message),
    );
    await assert.rejects(
      startReferenceStation({ version: '2.0.1', csmsUrl: 'ws://127.0.0.1:1', identity: 'X', securityProfile: 0, connectors: 1, faults: ['no-such-fault'], timeScale: 0.01 }),
      (e: unknown) => e instanceof ConfigError && /unknown fault 'no-such-fault'/.test((e as Error).message),
    );
  });
});
