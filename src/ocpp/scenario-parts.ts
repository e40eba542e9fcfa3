/**
 * What both role contexts of one OCPP scenario share (src/ocpp/side-context.ts): version, side, rig, trace,
 * identity/password/security profile, scenario variables, id tags, timeouts. One object per scenario.
 */
import type { Trace } from '../core/trace';
import type { TlsMaterial } from '../rig/ocpp-sut';
import type { StartedRig } from '../rig/rig';
import type { OcppRunResources } from './csms/persistent-endpoint';
import { runPki } from '../transport/tls/run-pki';
import { type IdTagInfo, idTagVariables, knownIdTags, resolveIdTags } from './id-tags';
import type { OcppVersion, SecurityProfile } from './version';

export type SutSide = 'station' | 'csms';
export interface OcppScenarioOptions {
  rig: StartedRig;
  trace: Trace;
  version: OcppVersion;
  side: SutSide;
  onCleanup: (fn: () => Promise<void>) => void;
  /** Resources that outlive the scenario (the run's persistent harness CSMS on rigs with a real station). */
  run?: OcppRunResources;
}

/** What both role contexts of a scenario share: one object, referenced by the context of the scenario's side. */
export class OcppScenarioParts {
  readonly version: OcppVersion;
  readonly side: SutSide;
  readonly rig: StartedRig;
  readonly trace: Trace;
  readonly onCleanup: (fn: () => Promise<void>) => void;
  readonly run?: OcppRunResources;
  identity: string;
  securityProfile: SecurityProfile = 0;
  password = 'EvcTestPassword0123';
  readonly connectors: number;
  /** Scenario variables (`${name}` in tables), remembered from messages. */
  readonly vars = new Map<string, unknown>();
  /** Id tags by role for this scenario (rig values for the side under test over the defaults; see id-tags.ts). */
  readonly idTagRoles: Readonly<Record<string, string>>;
  /** Id tags known to the CSMS side (reference CSMS, or the harness CSMS), with the status their role implies. */
  readonly idTags: Map<string, IdTagInfo>;

  constructor(opts: OcppScenarioOptions) {
    this.version = opts.version;
    this.side = opts.side;
    this.rig = opts.rig;
    this.trace = opts.trace;
    this.onCleanup = opts.onCleanup;
    this.run = opts.run;
    const cfg = opts.side === 'station' ? opts.rig.config.ocpp?.station : opts.rig.config.ocpp?.csms;
    this.identity = cfg?.identity ?? `EVC-${opts.side === 'station' ? 'CP' : 'TS'}-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
    this.connectors = opts.rig.config.ocpp?.station?.connectors ?? 2;
    if (cfg?.securityProfile !== undefined) this.securityProfile = cfg.securityProfile;
    if (cfg?.password) this.password = cfg.password;
    this.idTagRoles = resolveIdTags(cfg?.idTags);
    this.idTags = knownIdTags(this.idTagRoles);
    for (const [name, value] of idTagVariables(this.idTagRoles)) this.vars.set(name, value);
    this.vars.set('station.connectors', this.connectors); // the rig's connector count, for tables
    this.vars.set('station.absentConnector', this.connectors + 1); // the first connector id the station does not have
  }

  timeout(name: string): number {
    return this.rig.timeouts.get('ocpp', name);
  }

  /** A station's client TLS from the run PKI (for the harness's or the reference station's connection). */
  async runPkiStationTls(): Promise<TlsMaterial | undefined> {
    if (this.securityProfile < 2) return undefined;
    const pki = await runPki();
    const client = await pki.stationClient(this.identity);
    return { ca: pki.rootCa.cert, cert: client.cert, key: client.key, caLabel: 'the run PKI root' };
  }
}

