/**
 * The device model of the reference 2.0.1 station: standardized components and variables (Part 2, Appendix
 * "Referenced Components and Variables"), each with its Actual attribute, mutability and characteristics.
 */

export type DataType = 'string' | 'decimal' | 'integer' | 'dateTime' | 'boolean' | 'OptionList' | 'SequenceList' | 'MemberList';
export type Mutability = 'ReadOnly' | 'WriteOnly' | 'ReadWrite';

export interface ComponentRef {
  name: string;
  instance?: string;
  evse?: { id: number; connectorId?: number };
}
export interface VariableRef {
  name: string;
  instance?: string;
}

export interface Variable {
  component: ComponentRef;
  variable: VariableRef;
  value: string;
  mutability: Mutability;
  dataType: DataType;
  unit?: string;
  valuesList?: string;
  minLimit?: number;
  maxLimit?: number;
  /** A change only takes effect after a reboot: SetVariables answers RebootRequired. */
  rebootRequired?: boolean;
  /** Lower-case problem-type flags used by SummaryInventory / GetReport criteria. */
  summary?: boolean;
}

export function componentKey(c: ComponentRef): string {
  const evse = c.evse ? `@${c.evse.id}${c.evse.connectorId !== undefined ? `/${c.evse.connectorId}` : ''}` : '';
  return `${c.name.toLowerCase()}[${(c.instance ?? '').toLowerCase()}]${evse}`;
}
export function variableKey(c: ComponentRef, v: VariableRef): string {
  return `${componentKey(c)}.${v.name.toLowerCase()}[${(v.instance ?? '').toLowerCase()}]`;
}

type Def = [name: string, value: string, mutability: Mutability, dataType: DataType, extra?: Partial<Variable> & { instance?: string }];

const MEASURANDS = 'Energy.Active.Import.Register,Power.Active.Import,Current.Import,Voltage,SoC,Current.Offered,Power.Offered';
const TX_POINTS = 'ParkingBayOccupancy,EVConnected,Authorized,DataSigned,PowerPathClosed,EnergyTransfer';

function controllers(securityProfile: number, evses: number): Record<string, Def[]> {
  return {
    OCPPCommCtrlr: [
      ['HeartbeatInterval', '300', 'ReadWrite', 'integer', { unit: 's', minLimit: 0 }],
      ['OfflineThreshold', '60', 'ReadWrite', 'integer', { unit: 's', minLimit: 0 }],
      ['MessageTimeout', '30', 'ReadOnly', 'integer', { unit: 's', instance: 'Default' }],
      ['MessageAttempts', '3', 'ReadWrite', 'integer', { instance: 'TransactionEvent', minLimit: 0 }],
      ['MessageAttemptInterval', '10', 'ReadWrite', 'integer', { instance: 'TransactionEvent', unit: 's', minLimit: 0 }],
      ['RetryBackOffRandomRange', '2', 'ReadWrite', 'integer', { unit: 's', minLimit: 0 }],
      ['RetryBackOffRepeatTimes', '3', 'ReadWrite', 'integer', { minLimit: 0 }],
      ['RetryBackOffWaitMinimum', '3', 'ReadWrite', 'integer', { unit: 's', minLimit: 0 }],
      ['NetworkConfigurationPriority', '0', 'ReadWrite', 'SequenceList', { valuesList: '0,1,2,3', rebootRequired: true }],
      ['NetworkProfileConnectionAttempts', '3', 'ReadWrite', 'integer', { minLimit: 0 }],
      ['FileTransferProtocols', 'HTTPS,FTPS', 'ReadOnly', 'MemberList', { valuesList: 'FTP,FTPS,HTTP,HTTPS,SFTP' }],
      ['UnlockOnEVSideDisconnect', 'true', 'ReadWrite', 'boolean'],
      ['ResetRetries', '2', 'ReadWrite', 'integer', { minLimit: 0 }],
      ['WebSocketPingInterval', '0', 'ReadWrite', 'integer', { unit: 's', minLimit: 0 }],
    ],
    AuthCtrlr: [
      ['Enabled', 'true', 'ReadWrite', 'boolean'],
      ['AuthorizeRemoteStart', 'true', 'ReadWrite', 'boolean'],
      ['LocalAuthorizeOffline', 'true', 'ReadWrite', 'boolean'],
      ['LocalPreAuthorize', 'false', 'ReadWrite', 'boolean'],
      ['OfflineTxForUnknownIdEnabled', 'false', 'ReadWrite', 'boolean'],
      ['MasterPassGroupId', '', 'ReadWrite', 'string'],
    ],
    AuthCacheCtrlr: [
      ['Enabled', 'true', 'ReadWrite', 'boolean'],
      ['Available', 'true', 'ReadOnly', 'boolean'],
      ['LifeTime', '86400', 'ReadWrite', 'integer', { unit: 's' }],
      ['Storage', '65536', 'ReadOnly', 'integer', { unit: 'B' }],
      ['Policy', 'LRU', 'ReadWrite', 'OptionList', { valuesList: 'LRU,LFU,FIFO,CUSTOM' }],
    ],
    TxCtrlr: [
      ['EVConnectionTimeOut', '60', 'ReadWrite', 'integer', { unit: 's', minLimit: 0 }],
      ['StopTxOnEVSideDisconnect', 'true', 'ReadWrite', 'boolean'],
      ['StopTxOnInvalidId', 'true', 'ReadWrite', 'boolean'],
      ['TxBeforeAcceptedEnabled', 'false', 'ReadWrite', 'boolean'],
      ['TxStartPoint', 'EVConnected,Authorized', 'ReadWrite', 'MemberList', { valuesList: TX_POINTS }],
      ['TxStopPoint', 'EVConnected,Authorized', 'ReadWrite', 'MemberList', { valuesList: TX_POINTS }],
      ['MaxEnergyOnInvalidId', '0', 'ReadWrite', 'integer', { unit: 'Wh', minLimit: 0 }],
    ],
    SampledDataCtrlr: [
      ['Enabled', 'true', 'ReadWrite', 'boolean'],
      ['TxStartedMeasurands', 'Energy.Active.Import.Register', 'ReadWrite', 'MemberList', { valuesList: MEASURANDS }],
      ['TxUpdatedMeasurands', 'Energy.Active.Import.Register,Power.Active.Import', 'ReadWrite', 'MemberList', { valuesList: MEASURANDS }],
      ['TxEndedMeasurands', 'Energy.Active.Import.Register', 'ReadWrite', 'MemberList', { valuesList: MEASURANDS }],
      ['TxUpdatedInterval', '0', 'ReadWrite', 'integer', { unit: 's', minLimit: 0 }],
      ['TxEndedInterval', '0', 'ReadWrite', 'integer', { unit: 's', minLimit: 0 }],
      ['RegisterValuesWithoutPhases', 'true', 'ReadWrite', 'boolean'],
    ],
    AlignedDataCtrlr: [
      ['Enabled', 'true', 'ReadWrite', 'boolean'],
      ['Measurands', 'Energy.Active.Import.Register', 'ReadWrite', 'MemberList', { valuesList: MEASURANDS }],
      ['Interval', '0', 'ReadWrite', 'integer', { unit: 's', minLimit: 0 }],
      ['TxEndedMeasurands', 'Energy.Active.Import.Register', 'ReadWrite', 'MemberList', { valuesList: MEASURANDS }],
      ['TxEndedInterval', '0', 'ReadWrite', 'integer', { unit: 's', minLimit: 0 }],
      ['SendDuringIdle', 'false', 'ReadWrite', 'boolean'],
    ],
    SecurityCtrlr: [
      ['SecurityProfile', String(securityProfile), 'ReadOnly', 'integer', { minLimit: 0, maxLimit: 3 }],
      ['OrganizationName', 'EVC Test CPO', 'ReadWrite', 'string'],
      ['Identity', '', 'ReadWrite', 'string', { rebootRequired: true }],
      ['BasicAuthPassword', '', 'WriteOnly', 'string'],
      ['CertificateEntries', '0', 'ReadOnly', 'integer'],
      ['AdditionalRootCertificateCheck', 'false', 'ReadOnly', 'boolean'],
      ['MaxCertificateChainSize', '10000', 'ReadOnly', 'integer'],
    ],
    DeviceDataCtrlr: [
      ['ItemsPerMessage', '10', 'ReadOnly', 'integer', { instance: 'GetReport' }],
      ['ItemsPerMessage', '20', 'ReadOnly', 'integer', { instance: 'GetVariables' }],
      ['ItemsPerMessage', '20', 'ReadOnly', 'integer', { instance: 'SetVariables' }],
      ['BytesPerMessage', '65000', 'ReadOnly', 'integer', { instance: 'GetReport' }],
      ['BytesPerMessage', '65000', 'ReadOnly', 'integer', { instance: 'GetVariables' }],
      ['BytesPerMessage', '65000', 'ReadOnly', 'integer', { instance: 'SetVariables' }],
      ['ValueSize', '1000', 'ReadOnly', 'integer', { instance: 'Configuration' }],
      ['ValueSize', '2500', 'ReadOnly', 'integer', { instance: 'Reporting' }],
    ],
    LocalAuthListCtrlr: [
      ['Enabled', 'true', 'ReadWrite', 'boolean'],
      ['Entries', '0', 'ReadOnly', 'integer'],
      ['ItemsPerMessage', '100', 'ReadOnly', 'integer'],
      ['BytesPerMessage', '65000', 'ReadOnly', 'integer'],
      ['Storage', '65536', 'ReadOnly', 'integer', { unit: 'B' }],
      ['DisablePostAuthorize', 'false', 'ReadWrite', 'boolean'],
    ],
    SmartChargingCtrlr: [
      ['Enabled', 'true', 'ReadWrite', 'boolean'],
      ['Available', 'true', 'ReadOnly', 'boolean'],
      ['Entries', '0', 'ReadOnly', 'integer', { instance: 'ChargingProfiles' }],
      ['LimitChangeSignificance', '1', 'ReadWrite', 'decimal', { unit: 'Percent' }],
      ['PeriodsPerSchedule', '24', 'ReadOnly', 'integer'],
      ['ProfileStackLevel', '10', 'ReadOnly', 'integer'],
      ['RateUnit', 'A,W', 'ReadOnly', 'MemberList', { valuesList: 'A,W' }],
      ['ExternalControlSignalsEnabled', 'false', 'ReadWrite', 'boolean'],
      ['NotifyChargingLimitWithSchedules', 'false', 'ReadWrite', 'boolean'],
    ],
    ReservationCtrlr: [
      ['Enabled', 'true', 'ReadWrite', 'boolean'],
      ['Available', 'true', 'ReadOnly', 'boolean'],
      ['NonEvseSpecific', 'true', 'ReadOnly', 'boolean'],
    ],
    ClockCtrlr: [
      ['DateTime', '', 'ReadOnly', 'dateTime'],
      ['TimeSource', 'NTP,Heartbeat', 'ReadWrite', 'SequenceList', { valuesList: 'Heartbeat,NTP,GPS,RealTimeClock,MobileNetwork,RadioTimeTransmitter' }],
    ],
    ChargingStation: [
      ['AvailabilityState', 'Available', 'ReadOnly', 'OptionList', { valuesList: 'Available,Occupied,Reserved,Unavailable,Faulted', summary: true }],
      ['Available', 'true', 'ReadOnly', 'boolean', { summary: true }],
      ['Problem', 'false', 'ReadOnly', 'boolean', { summary: true }],
      ['SupplyPhases', '3', 'ReadOnly', 'integer'],
      ['Model', 'Reference201', 'ReadOnly', 'string'],
      ['VendorName', 'EVC', 'ReadOnly', 'string'],
      ['EVSECount', String(evses), 'ReadOnly', 'integer'],
    ],
  };
}

export class DeviceModel {
  private readonly vars = new Map<string, Variable>();
  /** Insertion order, for reports. */
  readonly all: Variable[] = [];

  constructor(evses: number, securityProfile: number, identity: string, vendor: string, model: string) {
    for (const [component, defs] of Object.entries(controllers(securityProfile, evses))) {
      for (const [name, value, mutability, dataType, extra] of defs) {
        const { instance, ...rest } = extra ?? {};
        this.add({ component: { name: component }, variable: { name, instance }, value, mutability, dataType, ...rest });
      }
    }
    this.set({ name: 'SecurityCtrlr' }, { name: 'Identity' }, identity);
    this.set({ name: 'ChargingStation' }, { name: 'Model' }, model);
    this.set({ name: 'ChargingStation' }, { name: 'VendorName' }, vendor);
    for (let id = 1; id <= evses; id++) {
      const evse = { name: 'EVSE', evse: { id } };
      const conn = { name: 'Connector', evse: { id, connectorId: 1 } };
      this.add({ component: evse, variable: { name: 'AvailabilityState' }, value: 'Available', mutability: 'ReadOnly', dataType: 'OptionList', valuesList: 'Available,Occupied,Reserved,Unavailable,Faulted', summary: true });
      this.add({ component: evse, variable: { name: 'Available' }, value: 'true', mutability: 'ReadOnly', dataType: 'boolean', summary: true });
      this.add({ component: evse, variable: { name: 'Power' }, value: '0', mutability: 'ReadOnly', dataType: 'decimal', unit: 'W', maxLimit: 22080 });
      this.add({ component: evse, variable: { name: 'SupplyPhases' }, value: '3', mutability: 'ReadOnly', dataType: 'integer' });
      this.add({ component: conn, variable: { name: 'AvailabilityState' }, value: 'Available', mutability: 'ReadOnly', dataType: 'OptionList', valuesList: 'Available,Occupied,Reserved,Unavailable,Faulted', summary: true });
      this.add({ component: conn, variable: { name: 'Available' }, value: 'true', mutability: 'ReadOnly', dataType: 'boolean', summary: true });
      this.add({ component: conn, variable: { name: 'Problem' }, value: 'false', mutability: 'ReadOnly', dataType: 'boolean', summary: true });
      this.add({ component: conn, variable: { name: 'ConnectorType' }, value: 'cType2', mutability: 'ReadOnly', dataType: 'string' });
      this.add({ component: conn, variable: { name: 'SupplyPhases' }, value: '3', mutability: 'ReadOnly', dataType: 'integer' });
    }
  }

  private add(v: Variable): void {
    this.vars.set(variableKey(v.component, v.variable), v);
    this.all.push(v);
  }

  /** Drops a variable the station does not implement (a configuration choice: optional variables). */
  remove(c: ComponentRef, v: VariableRef): boolean {
    const found = this.find(c, v);
    if (!found) return false;
    this.vars.delete(variableKey(c, v));
    this.all.splice(this.all.indexOf(found), 1);
    return true;
  }

  find(c: ComponentRef, v: VariableRef): Variable | undefined {
    return this.vars.get(variableKey(c, v));
  }

  hasComponent(c: ComponentRef): boolean {
    const key = componentKey(c);
    return this.all.some((v) => componentKey(v.component) === key);
  }

  /** Actual value of a station-wide variable (`Component.Variable` or with `[instance]`). */
  get(component: string, variable: string, instance?: string): string {
    return this.find({ name: component }, { name: variable, instance })?.value ?? '';
  }
  int(component: string, variable: string, instance?: string): number {
    const n = Number(this.get(component, variable, instance));
    return Number.isFinite(n) ? n : 0;
  }
  bool(component: string, variable: string): boolean {
    return this.get(component, variable).toLowerCase() === 'true';
  }
  list(component: string, variable: string): string[] {
    return this.get(component, variable)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }

  /** Sets a value without any checks (internal state changes, initial configuration). */
  set(c: ComponentRef, v: VariableRef, value: string): void {
    const found = this.find(c, v);
    if (found) found.value = value;
  }

  /** Checks a value against the variable's data type and limits; returns a problem or undefined. */
  static checkValue(v: Variable, value: string): string | undefined {
    const allowed = v.valuesList?.split(',') ?? [];
    switch (v.dataType) {
      case 'integer':
        if (!/^-?\d+$/.test(value)) return 'not an integer';
        break;
      case 'decimal':
        if (!/^-?\d+(\.\d+)?$/.test(value)) return 'not a decimal';
        break;
      case 'boolean':
        if (!/^(true|false)$/i.test(value)) return 'not a boolean';
        break;
      case 'dateTime':
        if (Number.isNaN(Date.parse(value))) return 'not a date-time';
        break;
      case 'OptionList':
        if (!allowed.includes(value)) return `not one of ${v.valuesList}`;
        break;
      case 'MemberList':
      case 'SequenceList': {
        const items = value === '' ? [] : value.split(',').map((s) => s.trim());
        if (items.some((i) => !allowed.includes(i))) return `members must be from ${v.valuesList}`;
        if (v.dataType === 'SequenceList' && items.length === 0) return 'empty sequence';
        break;
      }
      default:
        break;
    }
    if (v.dataType === 'integer' || v.dataType === 'decimal') {
      const n = Number(value);
      if (v.minLimit !== undefined && n < v.minLimit) return `below ${v.minLimit}`;
      if (v.maxLimit !== undefined && n > v.maxLimit) return `above ${v.maxLimit}`;
    }
    return undefined;
  }

  /** ReportData of a variable for NotifyReport. */
  static reportData(v: Variable): Record<string, unknown> {
    return {
      component: v.component,
      variable: v.variable,
      variableAttribute: [
        { type: 'Actual', ...(v.mutability === 'WriteOnly' ? {} : { value: v.value }), mutability: v.mutability, persistent: true, constant: false },
      ],
      variableCharacteristics: {
        dataType: v.dataType,
        supportsMonitoring: false,
        ...(v.unit ? { unit: v.unit } : {}),
        ...(v.valuesList ? { valuesList: v.valuesList } : {}),
        ...(v.minLimit !== undefined ? { minLimit: v.minLimit } : {}),
        ...(v.maxLimit !== undefined ? { maxLimit: v.maxLimit } : {}),
      },
    };
  }
}

/** Strips undefined members from a component/variable reference (as it goes on the wire). */
export function cleanRef<T extends object>(o: T): T {
  return JSON.parse(JSON.stringify(o)) as T;
}
