/**
 * The harness as CSMS: listens for stations, checks identity/credentials/certificates on the upgrade, opens an
 * OcppSession per connection and answers station-initiated calls with defaults or scenario overrides.
 */
import type { SecureVersion } from 'node:tls';
import { EvcError, WaitTimeoutError } from '../../core/errors';
import type { Trace } from '../../core/trace';
import type { OcppVersion, SecurityProfile } from '../version';
import type { ConnectionInfo, WsConnection } from '../../transport/ws/connection';
import { type UpgradeDecision, WsServer } from '../../transport/ws/server';
import type { Spelling } from '../error-codes';
import { verifyIncoming } from '../security-check';
import { OcppSession, type Payload, type Reply } from '../session';
import { type CsmsState, defaultCsmsReply, newCsmsState } from './defaults';

export interface CsmsTls {
  cert: string;
  key: string;
  ca?: string;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  ciphers?: string;
}

export interface CsmsRoleOptions {
  /** Versions the CSMS offers, in preference order (subprotocols `ocpp<version>`). */
  versions: OcppVersion[];
  trace: Trace;
  host: string;
  port: number;
  basePath: string;
  responseTimeoutMs: number;
  securityProfile: SecurityProfile;
  /** Known stations: identity → expected password (SP1/SP2). Unknown identities get HTTP 404. */
  stations: Record<string, { password?: string }>;
  tls?: CsmsTls;
  /** Required O= of station client certificates (SP3). */
  operator?: string;
  errorSpelling?: Spelling;
  perMessageDeflate?: boolean;
}

/**
 * A listener that outlives the scenario (one per run, on rigs with a real station): it hands the station's
 * live connection to the role bound to it and takes it back when the role stops; it remembers run state.
 */
export interface SharedCsmsListener {
  readonly url: string;
  bind(role: CsmsRole): Promise<void>;
  release(role: CsmsRole): void;
  /** When the station's BootNotification was last accepted in this run (epoch ms), if it was. */
  bootAcceptedAt(identity: string): number | undefined;
  /** Whether the station sent any BootNotification in this run (a station registered before the run may not). */
  bootSeenInRun(identity: string): boolean;
  /** Every call of the station and the harness's reply (boot state, connector statuses). */
  noteCall(identity: string, action: string, payload: Payload, reply: Reply): void;
  /** Serves another security profile / server certificate / password on the same port (reopens the listener). */
  serve(settings: { securityProfile: SecurityProfile; tls?: CsmsTls; password: string }): Promise<void>;
}

interface Override {
  action: string;
  reply: Reply | ((payload: Payload) => Reply);
  /** How many more times to apply; Infinity for "from now on". */
  remaining: number;
}

export class CsmsRole {
  readonly state: CsmsState = newCsmsState();
  private readonly sessions = new Map<string, OcppSession>();
  /** Every session ever opened (a station that reconnects leaves its earlier sessions here). */
  private readonly history: OcppSession[] = [];
  private readonly waiters = new Map<string, ((s: OcppSession) => void)[]>();
  private overrides: Override[] = [];
  /** Identities whose BootNotification this CSMS has accepted (a reconnect needs no new boot). */
  private readonly bootAccepted = new Set<string>();
  /** Upgrades the CSMS refused, for assertions on security scenarios. */
  readonly refused: { identity: string; status: number; reason: string }[] = [];

  private server: WsServer | undefined;
  /** The run's shared listener (rigs with a real station: src/ocpp/csms/persistent-endpoint.ts). */
  private shared: SharedCsmsListener | undefined;
  private bound = false;

  constructor(private readonly opts: CsmsRoleOptions) {}

  /** TLS material for SP2/SP3; must be set before start(). */
  useTls(tls: CsmsTls): void {
    this.opts.tls = tls;
  }

  /** The security profile this endpoint requires of stations. */
  get securityProfile(): SecurityProfile {
    return this.opts.securityProfile;
  }

  /** From now on the endpoint requires `sp` of stations (the run's shared listener switched profile). */
  useSecurityProfile(sp: SecurityProfile): void {
    this.opts.securityProfile = sp;
  }

  /** From now on the endpoint expects `password` from the known station `identity` (HTTP Basic, SP1/SP2). */
  expectPassword(identity: string, password: string): void {
    const station = this.opts.stations[identity];
    if (!station) throw new EvcError(`the harness CSMS does not know station ${identity}`);
    station.password = password;
  }

  /**
   * A new endpoint like this one (same stations, passwords, id tags) with other options (port, security
   * profile); TLS is left for the caller (useTls). With `keepBoots`, stations this one accepted stay
   * registered: a reconnect to the same Central System needs no new BootNotification.
   */
  successor(overrides: Pick<CsmsRoleOptions, 'port' | 'securityProfile'>, keepBoots = false): CsmsRole {
    // the station entries are shared: a password the scenario changes holds for both endpoints
    const role = new CsmsRole({ ...this.opts, ...overrides, tls: undefined, stations: { ...this.opts.stations } });
    for (const [tag, info] of this.state.idTags) role.state.idTags.set(tag, info);
    if (keepBoots) for (const id of Object.keys(this.opts.stations)) if (this.isBootAccepted(id)) role.bootAccepted.add(id); // boots of the run's shared listener too
    return role;
  }

  private createServer(): WsServer {
    const opts = this.opts;
    const server = new WsServer({
      host: opts.host,
      port: opts.port,
      basePath: opts.basePath,
      subprotocols: opts.versions.map((v) => `ocpp${v}`),
      trace: opts.trace,
      tls: opts.tls && opts.securityProfile >= 2 ? { ...opts.tls, requestCert: opts.securityProfile === 3 } : undefined,
      perMessageDeflate: opts.perMessageDeflate ?? true,
      authorize: (identity, info) => this.authorize(identity, info),
    });
    server.onConnection((conn) => this.adopt(conn));
    return server;
  }


  /**
   * Takes a station's connection: a new one (from this role's own listener or the run's shared one) or a live
   * one the shared listener hands over from the previous scenario. The session records into this role's trace.
   */
  adopt(conn: WsConnection, carriedOver = false): OcppSession {
    const opts = this.opts;
    const version = conn.info.protocol.replace(/^ocpp/, '') as OcppVersion;
    const session = new OcppSession(conn, { version, trace: opts.trace, responseTimeoutMs: opts.responseTimeoutMs, errorSpelling: opts.errorSpelling, carriedOver });
    // verified on the live connection: a mismatch fails the scenario (the After guard) and is named at once
    for (const p of verifyIncoming(conn.info, opts.securityProfile, opts.trace)) session.reportProblem(p);
    session.setResponder((action, payload, item) => {
      const identity = conn.info.identity;
      if (action !== 'BootNotification' && !this.isBootAccepted(identity)) {
        if (this.shared && !this.shared.bootSeenInRun(identity)) {
          // the run's listener has seen no boot of this station: one registered before the run reconnects
          // without a BootNotification, which is allowed; the Booted state then establishes registration
          opts.trace.note('ocpp', `'${identity}' sent ${action} before any BootNotification in this run (registered before the run: allowed)`, identity);
        } else {
          session.reportProblem(`${action} sent before any BootNotification was accepted`, item.frame);
          if (version !== '1.6') return { error: 'SecurityError', description: 'BootNotification not accepted yet' };
        }
      }
      const reply = this.reply(version, action, payload);
      if (action === 'BootNotification' && 'result' in reply && reply.result.status === 'Accepted') this.bootAccepted.add(identity);
      this.shared?.noteCall(identity, action, payload, reply);
      return reply;
    });
    const previous = this.sessions.get(conn.info.identity);
    if (previous?.isOpen) opts.trace.note('ocpp', `'${conn.info.identity}' opened a new connection while the previous one is open`, conn.info.identity);
    this.sessions.set(conn.info.identity, session);
    this.history.push(session);
    for (const w of this.waiters.get(conn.info.identity) ?? []) w(session);
    this.waiters.delete(conn.info.identity);
    return session;
  }

  /** Lets go of the station's connection, which stays open (the shared listener hands it on). */
  release(identity: string, why: string): void {
    this.sessions.get(identity)?.detach(why);
  }

  /** Whether the station's boot was accepted: by this role, or earlier in the run on the shared listener. */
  private isBootAccepted(identity: string): boolean {
    return this.bootAccepted.has(identity) || this.shared?.bootAcceptedAt(identity) !== undefined;
  }

  /** The trace this role records into. */
  get trace(): Trace {
    return this.opts.trace;
  }

  /** Binds to the run's shared listener instead of listening itself (must be called before start()). */
  bindTo(shared: SharedCsmsListener): void {
    this.shared = shared;
  }

  /** The run's shared listener this role is bound to, if any. */
  get sharedListener(): SharedCsmsListener | undefined {
    return this.shared;
  }

  get url(): string {
    return this.shared ? this.shared.url : (this.server?.url ?? '');
  }

  async start(): Promise<string> {
    if (this.server || this.bound) throw new EvcError('the harness CSMS is already started');
    if (this.shared) {
      this.bound = true;
      await this.shared.bind(this);
      return this.shared.url;
    }
    this.server = this.createServer();
    return this.server.start();
  }

  /** Stops listening; bound to the shared listener, it only lets go (the station's connection stays open). */
  async stop(): Promise<void> {
    if (this.shared) {
      if (this.bound) this.shared.release(this);
      this.bound = false;
      return;
    }
    await this.server?.stop();
  }

  /** Decides on a station's WebSocket upgrade: known identity, credentials, client certificate (per profile). */
  authorize(identity: string, info: ConnectionInfo): UpgradeDecision {
    const known = this.opts.stations[identity];
    const refuse = (status: number, reason: string): UpgradeDecision => {
      this.refused.push({ identity, status, reason });
      return { accept: false, status, reason };
    };
    if (!known) return refuse(404, 'unknown identity');
    const sp = this.opts.securityProfile;
    if (sp === 1 || sp === 2) {
      const expected = known.password ?? '';
      const header = info.authorization ?? '';
      const m = /^Basic\s+(.+)$/i.exec(header);
      if (!m) return refuse(401, 'Basic authentication required');
      const decoded = Buffer.from(m[1], 'base64').toString('utf8');
      const sep = decoded.indexOf(':');
      if (sep < 0 || decoded.slice(0, sep) !== identity || decoded.slice(sep + 1) !== expected) return refuse(401, 'wrong credentials');
    }
    if (sp === 3) {
      const cert = info.peerCertificate;
      if (!cert) return refuse(401, 'client certificate required');
      if (!cert.authorized) return refuse(401, `client certificate not trusted (${cert.error ?? 'unknown'})`);
      if (cert.subject?.CN !== identity) return refuse(401, `client certificate CN '${cert.subject?.CN}' is not the identity '${identity}'`);
      if (this.opts.operator && cert.subject?.O !== this.opts.operator) return refuse(401, `client certificate O '${cert.subject?.O}' is not '${this.opts.operator}'`);
    }
    return { accept: true };
  }

  /** Override the reply to the next `times` calls of `action` (Infinity: until the scenario ends). */
  override(action: string, reply: Reply | ((payload: Payload) => Reply), times = 1): void {
    this.overrides.push({ action, reply, remaining: times });
  }

  private reply(version: OcppVersion, action: string, payload: Payload): Reply {
    const o = this.overrides.find((x) => x.action === action && x.remaining > 0);
    if (o) {
      o.remaining -= 1;
      this.overrides = this.overrides.filter((x) => x.remaining > 0);
      return typeof o.reply === 'function' ? o.reply(payload) : o.reply;
    }
    return defaultCsmsReply(version, action, payload, this.state);
  }

  session(identity: string): OcppSession | undefined {
    return this.sessions.get(identity);
  }

  /** Waits for the station to connect (or returns its open session). Bounded by timeoutMs. */
  waitForStation(identity: string, timeoutMs: number): Promise<OcppSession> {
    const existing = this.sessions.get(identity);
    if (existing?.isOpen) return Promise.resolve(existing);
    return this.waitForNewConnection(identity, timeoutMs);
  }

  /** Waits for a new connection from the station (after a reset or a network drop). */
  waitForNewConnection(identity: string, timeoutMs: number): Promise<OcppSession> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const list = (this.waiters.get(identity) ?? []).filter((w) => w !== done);
        this.waiters.set(identity, list);
        const refused = this.refused.filter((r) => r.identity === identity).map((r) => `HTTP ${r.status} ${r.reason}`);
        reject(
          new WaitTimeoutError(
            `Station '${identity}' did not connect to ${this.url}/${identity} within ${timeoutMs} ms${refused.length ? ` (refused attempts: ${refused.join('; ')})` : ''}`,
            undefined,
            this.opts.trace.recent(12),
          ),
        );
      }, timeoutMs);
      const done = (s: OcppSession) => {
        clearTimeout(timer);
        resolve(s);
      };
      this.waiters.set(identity, [...(this.waiters.get(identity) ?? []), done]);
    });
  }

  requireSession(identity: string): OcppSession {
    const s = this.sessions.get(identity);
    if (!s) throw new EvcError(`station '${identity}' has not connected yet (use a step that waits for it)`);
    return s;
  }

  /** All sessions of this scenario, including closed ones from before a reconnect. */
  allSessions(): OcppSession[] {
    return [...this.history];
  }
}
