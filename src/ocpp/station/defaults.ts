/**
 * What the harness-as-station answers by default to CSMS-initiated calls: a compliant, schema-valid reply
 * computed from the station's state. Scenarios override single responses on top.
 */
import type { OcppVersion } from '../version';
import type { Payload, Reply } from '../session';

export interface StationState {
  connectors: number;
  /** 1.6 configuration keys / 2.0.1 "Component.Variable" values. */
  configuration: Map<string, { value: string; readonly: boolean }>;
  /** connectorId (1.6) or evseId (2.0.1) → running transaction id. */
  transactions: Map<number, number | string>;
  localListVersion: number;
  reservations: Map<number, { connectorId: number; idTag: string }>;
}

export function newStationState(connectors: number): StationState {
  const configuration = new Map<string, { value: string; readonly: boolean }>([
    ['HeartbeatInterval', { value: '300', readonly: false }],
    ['MeterValueSampleInterval', { value: '60', readonly: false }],
    ['ClockAlignedDataInterval', { value: '0', readonly: false }],
    ['ConnectionTimeOut', { value: '60', readonly: false }],
    ['NumberOfConnectors', { value: String(connectors), readonly: true }],
    ['AuthorizeRemoteTxRequests', { value: 'false', readonly: false }],
    ['LocalAuthListEnabled', { value: 'true', readonly: false }],
    ['LocalAuthListMaxLength', { value: '100', readonly: true }],
    ['SendLocalListMaxLength', { value: '100', readonly: true }],
    ['SupportedFeatureProfiles', { value: 'Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger', readonly: true }],
    ['ChargeProfileMaxStackLevel', { value: '10', readonly: true }],
    ['ChargingScheduleAllowedChargingRateUnit', { value: 'Current,Power', readonly: true }],
    ['ChargingScheduleMaxPeriods', { value: '24', readonly: true }],
    ['MaxChargingProfilesInstalled', { value: '10', readonly: true }],
  ]);
  return { connectors, configuration, transactions: new Map(), localListVersion: 0, reservations: new Map() };
}

function defaults16(action: string, p: Payload, s: StationState): Reply | undefined {
  const connectorOk = (id: unknown) => typeof id === 'number' && id >= 0 && id <= s.connectors;
  switch (action) {
    case 'GetConfiguration': {
      const keys = p.key as string[] | undefined;
      const wanted = keys && keys.length > 0 ? keys : [...s.configuration.keys()];
      const configurationKey = wanted.filter((k) => s.configuration.has(k)).map((k) => ({ key: k, readonly: s.configuration.get(k)!.readonly, value: s.configuration.get(k)!.value }));
      const unknownKey = wanted.filter((k) => !s.configuration.has(k));
      const result: Payload = { configurationKey };
      if (unknownKey.length > 0) result.unknownKey = unknownKey;
      return { result };
    }
    case 'ChangeConfiguration': {
      const entry = s.configuration.get(p.key as string);
      if (!entry) return { result: { status: 'NotSupported' } };
      if (entry.readonly) return { result: { status: 'Rejected' } };
      entry.value = String(p.value);
      return { result: { status: 'Accepted' } };
    }
    case 'ChangeAvailability':
      return { result: { status: connectorOk(p.connectorId) ? 'Accepted' : 'Rejected' } };
    case 'ClearCache':
      return { result: { status: 'Accepted' } };
    case 'RemoteStartTransaction':
      return { result: { status: 'Accepted' } };
    case 'RemoteStopTransaction':
      return { result: { status: [...s.transactions.values()].includes(p.transactionId as number) ? 'Accepted' : 'Rejected' } };
    case 'Reset':
      return { result: { status: 'Accepted' } };
    case 'UnlockConnector':
      return { result: { status: connectorOk(p.connectorId) && p.connectorId !== 0 ? 'Unlocked' : 'NotSupported' } };
    case 'DataTransfer':
      return { result: { status: 'UnknownVendorId' } };
    case 'GetDiagnostics':
      return { result: { fileName: 'diagnostics.log' } };
    case 'UpdateFirmware':
      return { result: {} };
    case 'SendLocalList':
      s.localListVersion = p.listVersion as number;
      return { result: { status: 'Accepted' } };
    case 'GetLocalListVersion':
      return { result: { listVersion: s.localListVersion } };
    case 'ReserveNow':
      s.reservations.set(p.reservationId as number, { connectorId: p.connectorId as number, idTag: p.idTag as string });
      return { result: { status: 'Accepted' } };
    case 'CancelReservation':
      return { result: { status: s.reservations.delete(p.reservationId as number) ? 'Accepted' : 'Rejected' } };
    case 'TriggerMessage':
    case 'ExtendedTriggerMessage':
      return { result: { status: 'Accepted' } };
    case 'SetChargingProfile':
      return { result: { status: 'Accepted' } };
    case 'ClearChargingProfile':
      return { result: { status: 'Accepted' } };
    case 'GetCompositeSchedule':
      return { result: { status: 'Rejected' } };
    case 'CertificateSigned':
    case 'InstallCertificate':
    case 'SignedUpdateFirmware':
      return { result: { status: 'Accepted' } };
    case 'DeleteCertificate':
    case 'GetInstalledCertificateIds':
      return { result: { status: 'NotFound' } };
    case 'GetLog':
      return { result: { status: 'Accepted', filename: 'station.log' } };
    default:
      return undefined;
  }
}

function defaults201(action: string, p: Payload, s: StationState): Reply | undefined {
  switch (action) {
    case 'GetVariables': {
      const data = (p.getVariableData as { component: { name: string }; variable: { name: string } }[]) ?? [];
      return {
        result: {
          getVariableResult: data.map((d) => {
            const key = `${d.component.name}.${d.variable.name}`;
            const entry = s.configuration.get(key) ?? s.configuration.get(d.variable.name);
            return entry
              ? { attributeStatus: 'Accepted', component: d.component, variable: d.variable, attributeValue: entry.value }
              : { attributeStatus: 'UnknownVariable', component: d.component, variable: d.variable };
          }),
        },
      };
    }
    case 'SetVariables': {
      const data = (p.setVariableData as { component: { name: string }; variable: { name: string }; attributeValue: string }[]) ?? [];
      return {
        result: {
          setVariableResult: data.map((d) => {
            const key = `${d.component.name}.${d.variable.name}`;
            const entry = s.configuration.get(key);
            if (entry && !entry.readonly) entry.value = d.attributeValue;
            const attributeStatus = !entry ? 'UnknownVariable' : entry.readonly ? 'Rejected' : 'Accepted';
            return { attributeStatus, component: d.component, variable: d.variable };
          }),
        },
      };
    }
    case 'GetBaseReport':
    case 'GetReport':
    case 'RequestStartTransaction':
    case 'Reset':
    case 'ChangeAvailability':
    case 'TriggerMessage':
    case 'ClearCache':
    case 'SetChargingProfile':
    case 'ClearChargingProfile':
    case 'SendLocalList':
    case 'ReserveNow':
    case 'CertificateSigned':
    case 'InstallCertificate':
    case 'SetNetworkProfile':
    case 'SetDisplayMessage':
    case 'CustomerInformation':
    case 'SetMonitoringBase':
    case 'SetMonitoringLevel':
    case 'GetLog':
    case 'UpdateFirmware':
      return { result: { status: 'Accepted' } };
    case 'RequestStopTransaction':
      return { result: { status: [...s.transactions.values()].includes(p.transactionId as string) ? 'Accepted' : 'Rejected' } };
    case 'UnlockConnector':
      return { result: { status: 'Unlocked' } };
    case 'DataTransfer':
      return { result: { status: 'UnknownVendorId' } };
    case 'GetLocalListVersion':
      return { result: { versionNumber: s.localListVersion } };
    case 'CancelReservation':
    case 'ClearDisplayMessage':
      return { result: { status: 'Rejected' } };
    case 'GetCompositeSchedule':
      return { result: { status: 'Rejected' } };
    case 'GetChargingProfiles':
      return { result: { status: 'NoProfiles' } };
    case 'GetDisplayMessages':
      return { result: { status: 'Unknown' } };
    case 'GetTransactionStatus':
      return { result: { messagesInQueue: false } };
    case 'DeleteCertificate':
    case 'GetInstalledCertificateIds':
      return { result: { status: 'NotFound' } };
    case 'CostUpdated':
      return { result: {} };
    default:
      return undefined;
  }
}

export function defaultStationReply(version: OcppVersion, action: string, payload: Payload, state: StationState): Reply {
  const r = version === '1.6' ? defaults16(action, payload, state) : defaults201(action, payload, state);
  return r ?? { error: 'NotSupported', description: `harness station has no default for ${action}` };
}
