/**
 * The harness CSMS on a rig with a real station (one the harness does not start): ONE listener for the whole
 * run, so the station's connection and boot state carry over between scenarios, as on a real bench where a
 * charger keeps its socket and reconnects without a new BootNotification.
 *
 * - Created on first use (one per worker process; remote rigs run serially), closed in AfterAll.
 * - Each scenario's CsmsRole binds to it (CsmsRole.bindTo): the station's live connection is adopted into a
 *   new OcppSession recording into the scenario's trace; a connection opened during the scenario goes to the
 *   scenario's role (its overrides, id tags and waiters). When the scenario ends the role lets go; the socket
 *   stays open.
 * - Between scenarios an idle role answers the station with the default CSMS replies (the rig's id tags, the
 *   run's boot state) into a trace of its own; the next scenario's trace gets one note summarising it. Nothing
 *   from between scenarios reaches a scenario's inbox or its After guard.
 * - It remembers run state: when the station's boot was last accepted (per identity), its last
 *   BootNotification and the connector statuses it last reported.
 * - It serves the rig's security profile, certificate and password; a scenario that commissions the station
 *   for others has it serve those on the same port (serve()) and back after it (src/ocpp/csms/run-commission.ts).
 */
import { EvcError } from '../../core/errors';
import { Trace } from '../../core/trace';
import type { WsConnection } from '../../transport/ws/connection';
import { WsServer } from '../../transport/ws/server';
import { NotAutomatableError } from '../../rig/rig';
import type { Spelling } from '../error-codes';
import type { IdTagInfo } from '../id-tags';
import type { Payload, Reply } from '../session';
import type { OcppVersion, SecurityProfile } from '../version';
import { CsmsRole, type CsmsTls, type SharedCsmsListener } from './csms';

export interface PersistentEndpointSpec {
  version: OcppVersion;
  host: string;
  port: number;
  basePath: string;
  securityProfile: SecurityProfile;
  tls?: CsmsTls;
  identity: string;
  password: string;
  responseTimeoutMs: number;
  errorSpelling?: Spelling;
  /** The id tags the harness CSMS knows (the rig's), answered between scenarios too. */
  idTags: Map<string, IdTagInfo>;
  /** The rig, for messages. */
  rigName: string;
}

/** The connection settings the listener serves (see PersistentCsmsEndpoint.serve). */
export interface ServedSettings {
  securityProfile: SecurityProfile;
  tls?: CsmsTls;
  password: string;
}

const sameTls = (a?: CsmsTls, b?: CsmsTls) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export interface StationRunState {
  /** When the BootNotification was last accepted (epoch ms), its payload and the heartbeat interval answered. */
  boot?: { at: number; payload: Payload; interval?: number };
  /** Status last reported per connector (1.6 `connectorId`) or EVSE/connector (2.0.1 `evseId/connectorId`). */
  statuses: Map<string, string>;
  /** When the current connection opened (epoch ms). */
  connectedSince?: number;
  /** A BootNotification (answered in any way) was seen in this run. */
  bootSeen?: boolean;
}

export class PersistentCsmsEndpoint implements SharedCsmsListener {
  private server: WsServer | undefined;
  private idle: CsmsRole;
  private current: CsmsRole;
  private readonly live = new Map<string, WsConnection>();
  private readonly stations = new Map<string, StationRunState>();
  /** Connections the station opened in this run (a real charger keeps one). */
  connectionsOpened = 0;
  private connectionsAtRelease = 0;

  /** What the listener serves now: the rig's settings, or those a scenario commissioned the station with. */
  private served: ServedSettings;

  constructor(readonly spec: PersistentEndpointSpec) {
    this.served = { securityProfile: spec.securityProfile, tls: spec.tls, password: spec.password };
    this.idle = this.newIdleRole();
    this.current = this.idle;
  }

  get url(): string {
    return this.server?.url ?? '';
  }

  /** What the run knows of a station (created on first use). */
  station(identity: string): StationRunState {
    let s = this.stations.get(identity);
    if (!s) this.stations.set(identity, (s = { statuses: new Map() }));
    return s;
  }

  /** The station's connection when it is open now. */
  liveConnection(identity: string): WsConnection | undefined {
    const c = this.live.get(identity);
    return c?.open ? c : undefined;
  }

  /** The security profile served now. */
  get securityProfile(): SecurityProfile {
    return this.served.securityProfile;
  }

  /**
   * Serves other connection settings on the same port: for a scenario that commissions the station at another
   * security profile or has the endpoint present another certificate, and back to the rig's after it. The
   * listener closes (the station's connection with it) and opens again with them; the role bound now, or the
   * idle one, judges upgrades by them from then on. Nothing happens when they are the ones served.
   */
  async serve(s: ServedSettings): Promise<void> {
    const now = this.served;
    if (now.securityProfile === s.securityProfile && now.password === s.password && sameTls(now.tls, s.tls)) return;
    const reopen = this.server !== undefined;
    const server = this.server;
    this.server = undefined;
    await server?.stop();
    this.served = { ...s };
    if (this.current === this.idle) {
      this.idle = this.newIdleRole();
      this.current = this.idle;
    } else {
      this.current.useSecurityProfile(s.securityProfile);
      this.current.expectPassword(this.spec.identity, s.password);
    }
    this.current.trace.note('harness', `the run's CSMS listener now serves security profile ${s.securityProfile}${s.tls && s.securityProfile >= 2 ? ' over TLS' : ''} on port ${this.spec.port}`);
    if (reopen) await this.open();
  }

  /** Starts listening (once). */
  async open(): Promise<void> {
    if (this.server) return;
    const sp = this.spec;
    const served = this.served;
    const server = new WsServer({
      host: sp.host,
      port: sp.port,
      basePath: sp.basePath,
      subprotocols: [`ocpp${sp.version}`],
      trace: this.current.trace,
      tls: served.tls && served.securityProfile >= 2 ? { ...served.tls, requestCert: served.securityProfile === 3 } : undefined,
      perMessageDeflate: true,
      authorize: (identity, info) => this.current.authorize(identity, info),
    });
    server.onConnection((conn) => this.arrive(conn));
    await server.start();
    this.server = server;
  }

  private newIdleRole(): CsmsRole {
    const sp = this.spec;
    const role = new CsmsRole({
      versions: [sp.version],
      trace: new Trace(),
      host: sp.host,
      port: sp.port,
      basePath: sp.basePath,
      responseTimeoutMs: sp.responseTimeoutMs,
      securityProfile: this.served.securityProfile,
      stations: { [sp.identity]: { password: this.served.password } },
      errorSpelling: sp.errorSpelling,
    });
    for (const [tag, info] of sp.idTags) role.state.idTags.set(tag, info);
    role.bindTo(this);
    return role;
  }

  private arrive(conn: WsConnection): void {
    const id = conn.info.identity;
    conn.useTrace(this.current.trace); // an upgrade begun before a scenario bound or released
    this.connectionsOpened += 1;
    this.live.set(id, conn);
    this.station(id).connectedSince = Date.now();
    conn.onClose(() => {
      if (this.live.get(id) === conn) {
        this.live.delete(id);
        this.station(id).connectedSince = undefined;
      }
    });
    this.current.adopt(conn);
  }

  /** A scenario's role takes over: the live connection, new connections, upgrade decisions, the trace. */
  async bind(role: CsmsRole): Promise<void> {
    if (this.current !== this.idle) throw new EvcError('the run\'s harness CSMS listener is already bound to another scenario (scenarios on a real station run one at a time)');
    await this.open();
    const summary = this.idleSummary();
    if (summary) role.trace.note('harness', summary);
    this.current = role;
    this.server!.useTrace(role.trace);
    for (const [id, conn] of this.live) {
      if (!conn.open) continue;
      this.idle.release(id, 'a scenario took the connection over');
      conn.useTrace(role.trace);
      role.trace.note('harness', `'${id}' is connected since ${new Date(this.station(id).connectedSince ?? Date.now()).toISOString()} (kept from before this scenario)`, id);
      role.adopt(conn, true);
    }
  }

  /** The scenario's role lets go: the connection stays open and is answered by the idle role until the next one. */
  release(role: CsmsRole): void {
    if (this.current !== role) return;
    this.idle = this.newIdleRole();
    this.current = this.idle;
    this.connectionsAtRelease = this.connectionsOpened;
    this.server?.useTrace(this.idle.trace);
    for (const [id, conn] of this.live) {
      role.release(id, 'the scenario ended (the connection stays open for the next scenario)');
      conn.useTrace(this.idle.trace);
      if (conn.open) this.idle.adopt(conn, true);
    }
  }

  /** One line on what happened since the last scenario ended (undefined when nothing did). */
  private idleSummary(): string | undefined {
    const calls = this.idle.trace.frames.filter((f) => f.dir === 'rx' && (f.decoded as { type?: number } | undefined)?.type === 2);
    const counts = new Map<string, number>();
    for (const f of calls) {
      const action = (f.decoded as { action?: string }).action ?? '?';
      counts.set(action, (counts.get(action) ?? 0) + 1);
    }
    const reconnects = this.connectionsOpened - this.connectionsAtRelease;
    const parts: string[] = [];
    if (calls.length) parts.push(`sent ${calls.length} call(s), answered with the harness CSMS defaults: ${[...counts].map(([a, n]) => `${a} ×${n}`).join(', ')}`);
    if (reconnects) parts.push(`opened ${reconnects} new connection(s)`);
    if (this.idle.refused.length) parts.push(`was refused ${this.idle.refused.length} time(s) (${this.idle.refused.map((r) => `HTTP ${r.status} ${r.reason}`).join('; ')})`);
    return parts.length ? `between scenarios the station ${parts.join('; ')}` : undefined;
  }

  bootAcceptedAt(identity: string): number | undefined {
    return this.stations.get(identity)?.boot?.at;
  }

  /** The station confirmed it is registered without booting (2.0.1: TriggerMessage(BootNotification) Rejected). */
  markRegistered(identity: string): void {
    const st = this.station(identity);
    st.bootSeen = true;
    st.boot = { at: Date.now(), payload: {} };
  }

  bootSeenInRun(identity: string): boolean {
    return this.stations.get(identity)?.bootSeen === true;
  }

  noteCall(identity: string, action: string, payload: Payload, reply: Reply): void {
    const st = this.station(identity);
    if (action === 'BootNotification') {
      st.bootSeen = true;
      // a boot the CSMS did not accept leaves the station unregistered until one is
      const accepted = 'result' in reply && reply.result.status === 'Accepted';
      st.boot = accepted ? { at: Date.now(), payload, interval: typeof reply.result.interval === 'number' ? reply.result.interval : undefined } : undefined;
    } else if (action === 'StatusNotification') {
      const key = payload.evseId !== undefined ? `${String(payload.evseId)}/${String(payload.connectorId)}` : String(payload.connectorId);
      st.statuses.set(key, String(payload.status ?? payload.connectorStatus));
    }
  }

  /**
   * Whether a scenario of this version can use this listener: a real station is connected with one OCPP version
   * for the whole run (another security profile is served per scenario: see serve()).
   */
  checkFits(version: OcppVersion): void {
    const sp = this.spec;
    if (version !== sp.version) {
      throw new NotAutomatableError(`an OCPP ${version} scenario needs the station reconfigured for OCPP ${version}: on rig '${sp.rigName}' it is connected with OCPP ${sp.version} for this run (an operator or a bench driver, and a run of its own)`);
    }
  }

  /** Closes the connections and the listener (AfterAll): no port is left open. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.stop();
  }
}

/** The run's resources for OCPP scenarios, owned by the cucumber hooks (one per worker process). */
export class OcppRunResources {
  private endpoint: PersistentCsmsEndpoint | undefined;

  /** The run's persistent harness CSMS, created and opened on first use (with the rig's settings); later scenarios must fit its version. */
  async persistentCsms(spec: PersistentEndpointSpec): Promise<PersistentCsmsEndpoint> {
    if (!this.endpoint) {
      const e = new PersistentCsmsEndpoint(spec);
      await e.open();
      this.endpoint = e;
    }
    this.endpoint.checkFits(spec.version);
    return this.endpoint;
  }

  /** The persistent harness CSMS if one was opened in this run. */
  get openedCsms(): PersistentCsmsEndpoint | undefined {
    return this.endpoint;
  }

  async close(): Promise<void> {
    const e = this.endpoint;
    this.endpoint = undefined;
    await e?.close();
  }
}
