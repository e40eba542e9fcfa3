/**
 * A station driver over HTTP: the physical and operator actions of a station under test (StationSutControl)
 * sent to a bench driver's control API — the station-driver protocol in the README ("Station-driver
 * protocol"), which `evc serve-station` implements for our test station. Every request is bounded by the
 * driver's timeout; a failure names the action and the driver URL; an action or hardware condition the driver
 * does not offer (HTTP 404 / 501) is a NotAutomatableError naming it.
 */
import { request } from 'node:http';
import { EvcError } from '../core/errors';
import type { SimulatedConditions, StationCommissioning, StationSutControl } from './ocpp-sut';
import { NotAutomatableError } from './not-automatable';

export interface HttpStationDriverOptions {
  /** Base URL of the driver, e.g. http://127.0.0.1:9300 */
  url: string;
  /** Bound of every request (ms). */
  timeoutMs: number;
  /** Names the rig in errors. */
  rig: string;
}

/** A driver that answered, but not with success. */
export class StationDriverError extends EvcError {}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

function post(base: string, action: string, payload: Record<string, unknown>, timeoutMs: number): Promise<Answer> {
  const url = new URL(action, base.endsWith('/') ? base : `${base}/`);
  const data = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let body: Record<string, unknown> = {};
        try {
          const v = JSON.parse(text) as unknown;
          if (v && typeof v === 'object' && !Array.isArray(v)) body = v as Record<string, unknown>;
        } catch {
          body = { error: text.trim().slice(0, 200) || '(no body)' };
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(data);
  });
}

/** StationSutControl over the station-driver protocol. `stop()` puts the hardware back at rest (never reboots). */
export function httpStationDriver(o: HttpStationDriverOptions): StationSutControl {
  const send = async (action: string, what: string, payload: Record<string, unknown> = {}): Promise<void> => {
    let a: Answer;
    try {
      a = await post(o.url, action, payload, o.timeoutMs);
    } catch (e) {
      throw new StationDriverError(`station driver ${o.url}: '${what}' failed: ${(e as Error).message}`);
    }
    if (a.status >= 200 && a.status < 300) return;
    const why = typeof a.body.error === 'string' ? a.body.error : `HTTP ${a.status}`;
    if (a.status === 404 || a.status === 501) {
      throw new NotAutomatableError(`'${what}' is not offered by the station driver ${o.url} of rig '${o.rig}' (${why}): it needs an operator`);
    }
    throw new StationDriverError(`station driver ${o.url}: '${what}' failed (HTTP ${a.status}): ${why}`);
  };
  return {
    plugIn: (connector) => send('plug-in', `plug in connector ${connector}`, { connector }),
    unplug: (connector) => send('unplug', `unplug connector ${connector}`, { connector }),
    presentIdTag: (idTag, connector) => send('present-id-tag', `present id tag ${idTag}`, connector === undefined ? { idTag } : { idTag, connector }),
    evSuspend: (connector) => send('ev-suspend', `EV suspend on connector ${connector}`, { connector }),
    evResume: (connector) => send('ev-resume', `EV resume on connector ${connector}`, { connector }),
    raiseFault: (connector, errorCode) => send('raise-fault', `raise fault ${errorCode} on connector ${connector}`, { connector, errorCode }),
    clearFault: (connector) => send('clear-fault', `clear fault on connector ${connector}`, { connector }),
    powerCycle: () => send('power-cycle', 'power cycle'),
    goOffline: (ms) => send('go-offline', ms === undefined ? 'go offline' : `go offline for ${ms} ms`, ms === undefined ? {} : { ms }),
    goOnline: () => send('go-online', 'go online'),
    simulate: (conditions: SimulatedConditions) => send('simulate', `simulate ${JSON.stringify(conditions)}`, { conditions }),
    commission: (c) => (c === 'installed' ? send('commission', 'commission the station with its installed connection settings', { installed: true }) : send('commission', commissionWhat(c), { ...c, files: undefined })),
    stop: () => send('rest', 'put the hardware back at rest'),
  };
}

/** How a commissioning is named in failures (the PEM texts left out). */
export function commissionWhat(c: StationCommissioning): string {
  const has = [c.password && 'a password', c.ca && 'a CSMS root', c.clientCert && 'a client certificate'].filter(Boolean).join(', ');
  return `commission the station for security profile ${c.securityProfile} at ${c.csmsUrl}${has ? ` (with ${has})` : ''}`;
}
