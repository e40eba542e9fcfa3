/**
 * The control API of a standalone test station (`evc serve-station`): the station-driver protocol a bench
 * driver implements (README, "Station-driver protocol"). Plain HTTP/1.1 on 127.0.0.1, JSON bodies:
 *
 *   GET  /                 → { identity, version, connectors, actions: [...], conditions: [...] }
 *   POST /<action>         → 200 { ok: true } once the action is done
 *        plug-in, unplug, ev-suspend, ev-resume { connector }   clear-fault { connector }
 *        present-id-tag { idTag, connector? }      raise-fault { connector, errorCode } (1.6: connector 0 = the charge point)
 *        power-cycle {}   go-offline { ms? }   go-online {}
 *        simulate { conditions: { lockFailure: true, … } }   rest {}
 *        commission { securityProfile, csmsUrl, password?, ca?, clientCert?, clientKey? } | { installed: true }
 *   400 { error } bad request · 404 { error } unknown action · 501 { error } capability not offered ·
 *   500 { error } the action failed.
 *
 * `rest` puts the hardware back at rest between scenarios: every simulated condition cleared, faults
 * cleared, cables unplugged, network back; it answers once the station has reported the resulting statuses.
 * It never reboots the station. `commission` is a technician's set-up of the connection (security profile 0–3,
 * the CSMS URL, the HTTP Basic password, the CSMS root to trust, the client pair; PEM text): the station applies
 * it and reconnects at once, still registered; `{ installed: true }` puts back what it was started with.
 *
 * Reference-side code: shares nothing with the harness's driver (src/rig/http-station-driver.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JsonBodyError, readJsonObject } from '../common/json-body';

/** What the served station can be asked to do (both reference stations' controls fit). */
export interface ServedStation {
  plugIn(connectorId: number): Promise<void>;
  unplug(connectorId: number): Promise<void>;
  presentIdTag(idTag: string, connectorId?: number): Promise<void>;
  evSuspend(connectorId: number): Promise<void>;
  evResume(connectorId: number): Promise<void>;
  raiseFault(connectorId: number, errorCode: string): Promise<void>;
  clearFault(connectorId: number): Promise<void>;
  powerCycle(): Promise<void>;
  goOffline(ms?: number): Promise<void>;
  goOnline(): Promise<void>;
  simulate(patch: Record<string, boolean>): void;
  status(connectorId: number): string;
  commission(settings: Commissioning | 'installed'): Promise<void>;
}

/** A technician's connection settings (the `commission` action). */
export interface Commissioning {
  securityProfile: 0 | 1 | 2 | 3;
  csmsUrl: string;
  password?: string;
  ca?: string;
  clientCert?: string;
  clientKey?: string;
}

export interface ControlApiOptions {
  identity: string;
  version: string;
  connectors: number;
  /** Hardware conditions this station can be given (others → 501). */
  conditions: readonly string[];
  /** Port to listen on (0: any free one). */
  port: number;
  /** Called with one line per request handled (logging). */
  log?: (line: string) => void;
}

class BadRequest extends Error {}
class NotOffered extends Error {}

type Body = Record<string, unknown>;

/** The connector (EVSE) of a request; `from` 0 where the station as a whole is meant (a 1.6 fault on connector 0). */
function connectorOf(body: Body, count: number, from = 1): number {
  const c = body.connector;
  if (typeof c !== 'number' || !Number.isInteger(c) || c < from || c > count) throw new BadRequest(`connector must be an integer ${from}..${count} (got ${JSON.stringify(c)})`);
  return c;
}

function stringOf(body: Body, field: string): string {
  const v = body[field];
  if (typeof v !== 'string' || v === '') throw new BadRequest(`${field} must be a non-empty string`);
  return v;
}

/** The body of `commission`, checked field by field. */
function commissioningOf(body: Body): Commissioning | 'installed' {
  if (body.installed === true) return 'installed';
  const sp = body.securityProfile;
  if (sp !== 0 && sp !== 1 && sp !== 2 && sp !== 3) throw new BadRequest(`securityProfile must be 0, 1, 2 or 3 (got ${JSON.stringify(sp)}); or send { "installed": true }`);
  const url = stringOf(body, 'csmsUrl');
  const scheme = sp >= 2 ? 'wss' : 'ws';
  if (!url.startsWith(`${scheme}://`)) throw new BadRequest(`csmsUrl must be a ${scheme}:// URL for security profile ${sp} (got '${url}')`);
  const text = (field: string) => (body[field] === undefined ? undefined : stringOf(body, field));
  const c: Commissioning = { securityProfile: sp, csmsUrl: url, password: text('password'), ca: text('ca'), clientCert: text('clientCert'), clientKey: text('clientKey') };
  if ((sp === 1 || sp === 2) && !c.password) throw new BadRequest(`password is required for security profile ${sp}`);
  if (sp >= 2 && !c.ca) throw new BadRequest(`ca (PEM of the CSMS root to trust) is required for security profile ${sp}`);
  if (sp === 3 && (!c.clientCert || !c.clientKey)) throw new BadRequest('clientCert and clientKey are required for security profile 3');
  return c;
}

export class ControlApi {
  private server?: Server;
  private readonly actions: Record<string, (body: Body) => Promise<void>>;

  constructor(
    private readonly station: ServedStation,
    private readonly o: ControlApiOptions,
  ) {
    const n = o.connectors;
    const zero = o.version === '1.6' ? 0 : 1; // 1.6: connector 0 is the charge point as a whole
    const st = station;
    this.actions = {
      'plug-in': (b) => st.plugIn(connectorOf(b, n)),
      unplug: (b) => st.unplug(connectorOf(b, n)),
      'present-id-tag': (b) => st.presentIdTag(stringOf(b, 'idTag'), b.connector === undefined ? undefined : connectorOf(b, n)),
      'ev-suspend': (b) => st.evSuspend(connectorOf(b, n)),
      'ev-resume': (b) => st.evResume(connectorOf(b, n)),
      'raise-fault': (b) => st.raiseFault(connectorOf(b, n, zero), stringOf(b, 'errorCode')),
      'clear-fault': (b) => st.clearFault(connectorOf(b, n, zero)),
      'power-cycle': () => st.powerCycle(),
      'go-offline': (b) => {
        if (b.ms !== undefined && (typeof b.ms !== 'number' || b.ms < 0)) throw new BadRequest('ms must be a number >= 0');
        return st.goOffline(b.ms as number | undefined);
      },
      'go-online': () => st.goOnline(),
      simulate: async (b) => this.simulate(b),
      rest: () => this.rest(),
      commission: (b) => st.commission(commissioningOf(b)),
    };
  }

  private simulate(body: Body): void {
    const c = body.conditions;
    if (typeof c !== 'object' || c === null || Array.isArray(c)) throw new BadRequest('conditions must be an object of booleans');
    const patch: Record<string, boolean> = {};
    for (const [k, v] of Object.entries(c as Body)) {
      if (typeof v !== 'boolean') throw new BadRequest(`conditions.${k} must be true or false`);
      // clearing a condition the station cannot have is a no-op; having it is not offered
      if (!this.o.conditions.includes(k)) {
        if (v) throw new NotOffered(`condition '${k}' is not offered by this station (offered: ${this.o.conditions.join(', ') || 'none'})`);
        continue;
      }
      patch[k] = v;
    }
    this.station.simulate(patch);
  }

  /** Hardware back at rest: conditions cleared, network back, faults cleared, cables unplugged. */
  private async rest(): Promise<void> {
    this.station.simulate(Object.fromEntries(this.o.conditions.map((k) => [k, false])));
    await this.station.goOnline();
    if (this.o.version === '1.6' && this.station.status(0) === 'Faulted') await this.station.clearFault(0);
    for (let id = 1; id <= this.o.connectors; id++) {
      if (this.station.status(id) === 'Faulted') await this.station.clearFault(id);
      await this.station.unplug(id);
    }
    await this.settled();
  }

  /**
   * Resolves once every connector has reported a resting status (a session status would still be on its way
   * to the CSMS), plus a moment for the last report's round trip, or after 5 s: the next scenario then starts
   * from a station that has said all it had to say.
   */
  private async settled(): Promise<void> {
    const resting = new Set(['Available', 'Unavailable', 'Reserved']);
    const until = Date.now() + 5000;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const all = () => Array.from({ length: this.o.connectors }, (_, i) => this.station.status(i + 1)).every((st) => resting.has(st));
    while (!all() && Date.now() < until) await sleep(50);
    await sleep(250);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.o.port, '127.0.0.1', () => resolve());
    });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private reply(res: ServerResponse, code: number, body: unknown): void {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const name = (req.url ?? '/').replace(/^\/+|\/+$/g, '').split('?')[0];
    if (req.method === 'GET' && name === '') {
      const o = this.o;
      return this.reply(res, 200, { identity: o.identity, version: o.version, connectors: o.connectors, actions: Object.keys(this.actions), conditions: o.conditions });
    }
    const action = this.actions[name];
    if (req.method !== 'POST' || !action) return this.reply(res, 404, { error: `no action '${req.method} /${name}' (actions: ${Object.keys(this.actions).join(', ')})` });
    try {
      const body = await readJsonObject(req, 64 * 1024, 'body larger than 64 KiB');
      await action(body);
      this.o.log?.(`${name} ${JSON.stringify(body)} → ok`);
      this.reply(res, 200, { ok: true });
    } catch (e) {
      const code = e instanceof BadRequest || e instanceof JsonBodyError ? 400 : e instanceof NotOffered ? 501 : 500;
      this.o.log?.(`${name} → ${code} ${(e as Error).message}`);
      this.reply(res, code, { error: (e as Error).message });
    }
  }
}
