/** Configuration keys of the reference charge point (OCPP 1.6 §9 plus the security whitepaper keys). */

export type KeyType = 'int' | 'bool' | 'csl' | 'string';

export interface KeyDef {
  value: string;
  readonly: boolean;
  type: KeyType;
  /** The key may be written but never read back (AuthorizationKey). */
  writeOnly?: boolean;
  /** Changing it needs a reboot to take effect (ChangeConfiguration answers RebootRequired). */
  rebootRequired?: boolean;
  /** Extra value check; returns false to reject. */
  check?: (value: string) => boolean;
}

export const MEASURANDS = [
  'Energy.Active.Import.Register',
  'Energy.Active.Import.Interval',
  'Power.Active.Import',
  'Power.Offered',
  'Current.Import',
  'Current.Offered',
  'Voltage',
  'Frequency',
  'Temperature',
  'SoC',
] as const;

const measurandList = (v: string) => v === '' || v.split(',').every((m) => (MEASURANDS as readonly string[]).includes(m.trim()));

export function defaultKeys(connectors: number, securityProfile: number): Record<string, KeyDef> {
  const rw = (type: KeyType, value: string, extra: Partial<KeyDef> = {}): KeyDef => ({ value, readonly: false, type, ...extra });
  const ro = (type: KeyType, value: string): KeyDef => ({ value, readonly: true, type });
  return {
    // Core profile
    AllowOfflineTxForUnknownId: rw('bool', 'false'),
    AuthorizationCacheEnabled: rw('bool', 'true'),
    AuthorizeRemoteTxRequests: rw('bool', 'false'),
    BlinkRepeat: rw('int', '3'),
    ClockAlignedDataInterval: rw('int', '0'),
    ConnectionTimeOut: rw('int', '60'),
    ConnectorPhaseRotation: rw('csl', Array.from({ length: connectors + 1 }, (_, i) => `${i}.RST`).join(','), {
      rebootRequired: true,
      check: (v) => v.split(',').every((p) => /^\d+\.(RST|RTS|SRT|STR|TRS|TSR|NotApplicable|Unknown)$/.test(p.trim())),
    }),
    ConnectorPhaseRotationMaxLength: ro('int', String(connectors + 1)),
    GetConfigurationMaxKeys: ro('int', '100'),
    HeartbeatInterval: rw('int', '300'),
    LightIntensity: rw('int', '50', { check: (v) => Number(v) <= 100 }),
    LocalAuthorizeOffline: rw('bool', 'true'),
    LocalPreAuthorize: rw('bool', 'false'),
    MaxEnergyOnInvalidId: rw('int', '0'),
    MeterValuesAlignedData: rw('csl', 'Energy.Active.Import.Register', { check: measurandList }),
    MeterValuesAlignedDataMaxLength: ro('int', String(MEASURANDS.length)),
    MeterValuesSampledData: rw('csl', 'Energy.Active.Import.Register', { check: measurandList }),
    MeterValuesSampledDataMaxLength: ro('int', String(MEASURANDS.length)),
    MeterValueSampleInterval: rw('int', '60'),
    MinimumStatusDuration: rw('int', '0'),
    NumberOfConnectors: ro('int', String(connectors)),
    ResetRetries: rw('int', '3'),
    StopTransactionOnEVSideDisconnect: rw('bool', 'true'),
    StopTransactionOnInvalidId: rw('bool', 'true'),
    StopTxnAlignedData: rw('csl', '', { check: measurandList }),
    StopTxnAlignedDataMaxLength: ro('int', String(MEASURANDS.length)),
    StopTxnSampledData: rw('csl', '', { check: measurandList }),
    StopTxnSampledDataMaxLength: ro('int', String(MEASURANDS.length)),
    SupportedFeatureProfiles: ro('csl', 'Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger'),
    SupportedFeatureProfilesMaxLength: ro('int', '6'),
    TransactionMessageAttempts: rw('int', '3'),
    TransactionMessageRetryInterval: rw('int', '60'),
    UnlockConnectorOnEVSideDisconnect: rw('bool', 'true'),
    WebSocketPingInterval: rw('int', '0'),
    // Local Auth List Management
    LocalAuthListEnabled: rw('bool', 'true'),
    LocalAuthListMaxLength: ro('int', '100'),
    SendLocalListMaxLength: ro('int', '50'),
    // Reservation
    ReserveConnectorZeroSupported: ro('bool', 'true'),
    // Smart Charging
    ChargeProfileMaxStackLevel: ro('int', '10'),
    ChargingScheduleAllowedChargingRateUnit: ro('csl', 'Current,Power'),
    ChargingScheduleMaxPeriods: ro('int', '24'),
    ConnectorSwitch3to1PhaseSupported: ro('bool', 'false'),
    MaxChargingProfilesInstalled: ro('int', '10'),
    // Security whitepaper
    AdditionalRootCertificateCheck: ro('bool', 'false'),
    AuthorizationKey: rw('string', '', { writeOnly: true, check: (v) => v.length >= 16 && v.length <= 40 }),
    CertificateSignedMaxChainSize: ro('int', '10000'),
    CertificateStoreMaxLength: ro('int', '20'),
    CpoName: rw('string', 'EVC Reference CPO'),
    SecurityProfile: rw('int', String(securityProfile), { check: (v) => Number(v) <= 3 }),
  };
}

export type ChangeResult = 'Accepted' | 'Rejected' | 'RebootRequired' | 'NotSupported';

export class ConfigStore {
  readonly keys: Record<string, KeyDef>;

  constructor(connectors: number, securityProfile: number, initial: Record<string, string> = {}, variant?: { unsupported: readonly string[]; defaults: Record<string, string> }) {
    this.keys = defaultKeys(connectors, securityProfile);
    for (const k of variant?.unsupported ?? []) delete this.keys[k];
    for (const [k, v] of Object.entries(variant?.defaults ?? {})) if (this.keys[k]) this.keys[k].value = v;
    for (const [k, v] of Object.entries(initial)) {
      const def = this.keys[k];
      if (def) def.value = String(v);
      else this.keys[k] = { value: String(v), readonly: false, type: 'string' };
    }
  }

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.keys, key);
  }

  get(key: string): string {
    return this.keys[key]?.value ?? '';
  }

  int(key: string): number {
    const n = Number(this.get(key));
    return Number.isFinite(n) ? n : 0;
  }

  bool(key: string): boolean {
    return this.get(key).toLowerCase() === 'true';
  }

  list(key: string): string[] {
    return this.get(key)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }

  set(key: string, value: string): void {
    const def = this.keys[key];
    if (def) def.value = value;
  }

  /** Validates and applies a ChangeConfiguration; `allowReadonly` is the `readonly-key-changed` fault. */
  change(key: string, value: string, allowReadonly = false): ChangeResult {
    const def = this.keys[key];
    if (!def) return 'NotSupported';
    if (def.readonly && !allowReadonly) return 'Rejected';
    if (!valid(def, value)) return 'Rejected';
    def.value = def.type === 'bool' ? value.toLowerCase() : value;
    return def.rebootRequired ? 'RebootRequired' : 'Accepted';
  }

  /** GetConfiguration: all keys or the listed ones; unknown ones reported separately. */
  read(keys?: string[]): { configurationKey: Array<{ key: string; readonly: boolean; value?: string }>; unknownKey: string[] } {
    const names = keys && keys.length > 0 ? keys : Object.keys(this.keys);
    const configurationKey: Array<{ key: string; readonly: boolean; value?: string }> = [];
    const unknownKey: string[] = [];
    for (const k of names) {
      const def = this.keys[k];
      if (!def) {
        unknownKey.push(k);
        continue;
      }
      configurationKey.push(def.writeOnly ? { key: k, readonly: def.readonly } : { key: k, readonly: def.readonly, value: def.value });
    }
    return { configurationKey, unknownKey };
  }
}

function valid(def: KeyDef, value: string): boolean {
  if (value.length > 500) return false;
  if (def.type === 'int' && !/^\d+$/.test(value)) return false;
  if (def.type === 'bool' && !/^(true|false)$/i.test(value)) return false;
  return def.check ? def.check(value) : true;
}
