/**
 * Leaving a real station under test as the scenario found it (the OCTT general post-conditions), when the
 * harness plays the CSMS on a rig that reaches real equipment (a reference station is restarted for every
 * scenario instead). Everything is read from the wire, whichever step sent it:
 * - configuration: before the first ChangeConfiguration / SetVariables of a key whose value the scenario has
 *   not read yet, the harness reads it (GetConfiguration / GetVariables); at teardown every key changed is set
 *   back to that first value (write-only password keys back to the rig's password; the security profile is
 *   never lowered — the standard forbids it);
 * - transactions still running are stopped remotely (RemoteStopTransaction / RequestStopTransaction) and
 *   their end awaited;
 * - reservations the scenario made and did not use or cancel are cancelled;
 * - what the scenario made Inoperative (ChangeAvailability) is made Operative again;
 * - certificates the scenario installed (InstallCertificate) are deleted again (found by serial number in
 *   GetInstalledCertificateIds);
 * - when the station saw id tokens in the scenario (Authorize, a transaction), its authorization cache is
 *   cleared (ClearCache), so the next scenario's token is not answered from a cache an earlier one filled.
 * Each call is bounded by the response timeout, each wait by the expect timeout.
 */
import { X509Certificate } from 'node:crypto';
import type { Frame, Trace } from '../../core/trace';
import type { OcppSession, Payload } from '../session';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Exchange {
  action: string;
  req: Obj;
  /** CALLRESULT payload, when the answer was one. */
  res?: Obj;
}

/** A setting: a 1.6 key, or a 2.0.1 component/variable (with its attribute type). */
interface Setting {
  id: string;
  /** 1.6 key, or the 2.0.1 SetVariableData without attributeValue. */
  ref: string | Obj;
}

const WRITE_ONLY = new Set(['AuthorizationKey', 'SecurityCtrlr.BasicAuthPassword']);
const NEVER_RESTORED = new Set(['SecurityProfile', 'SecurityCtrlr.SecurityProfile']);
/** What a station's commissioning puts back by itself (its connection settings): not restored over OCPP then. */
const COMMISSIONED = new Set([...WRITE_ONLY, 'OCPPCommCtrlr.NetworkConfigurationPriority']);

function settingOf201(d: Obj): Setting {
  const c = (isObj(d.component) ? d.component : {}) as Obj;
  const v = (isObj(d.variable) ? d.variable : {}) as Obj;
  const ref: Obj = { component: c, variable: v };
  if (d.attributeType) ref.attributeType = d.attributeType;
  const evse = isObj(c.evse) ? `@${String(c.evse.id)}/${String(c.evse.connectorId ?? '')}` : '';
  const name = `${String(c.name)}${c.instance ? `[${String(c.instance)}]` : ''}${evse}.${String(v.name)}${v.instance ? `[${String(v.instance)}]` : ''}`;
  return { id: `${name}${d.attributeType && d.attributeType !== 'Actual' ? `:${String(d.attributeType)}` : ''}`, ref };
}

/** Request/answer pairs of the calls the harness CSMS sent to `identity`, and the station's own calls. */
function exchanges(frames: readonly Frame[], identity: string): { sent: Exchange[]; received: Exchange[] } {
  const byId = new Map<string, Exchange>();
  const sent: Exchange[] = [];
  const received: Exchange[] = [];
  for (const f of frames) {
    if (f.channel !== identity || !f.protocol.startsWith('ocpp') || f.dir === 'note' || !f.raw.startsWith('[')) continue;
    let msg: unknown[];
    try {
      msg = JSON.parse(f.raw) as unknown[];
    } catch {
      continue;
    }
    if (msg[0] === 2 && isObj(msg[3])) {
      const ex: Exchange = { action: msg[2] as string, req: msg[3] };
      byId.set(`${f.dir}:${String(msg[1])}`, ex);
      (f.dir === 'tx' ? sent : received).push(ex);
    } else if (msg[0] === 3 && isObj(msg[2])) {
      const ex = byId.get(`${f.dir === 'tx' ? 'rx' : 'tx'}:${String(msg[1])}`);
      if (ex) ex.res = msg[2];
    }
  }
  return { sent, received };
}

const accepted = (s: unknown) => s === 'Accepted' || s === 'RebootRequired';

export class StationRestorer {
  /** First value read per setting (undefined: the station does not know it / does not report it). */
  private readonly firstRead = new Map<string, string | undefined>();

  constructor(
    private readonly o: { trace: Trace; identity: string; version: string; password: string; responseTimeoutMs: number; expectTimeoutMs: number },
  ) {}

  private learn(frames: readonly Frame[]): void {
    for (const ex of exchanges(frames, this.o.identity).sent) {
      if (ex.action === 'GetConfiguration' && ex.res) {
        for (const k of Array.isArray(ex.res.configurationKey) ? ex.res.configurationKey : []) {
          if (isObj(k) && typeof k.key === 'string' && !this.firstRead.has(k.key)) this.firstRead.set(k.key, typeof k.value === 'string' ? k.value : undefined);
        }
      } else if (ex.action === 'GetVariables' && ex.res) {
        for (const r of Array.isArray(ex.res.getVariableResult) ? ex.res.getVariableResult : []) {
          if (!isObj(r) || r.attributeStatus !== 'Accepted') continue;
          const s = settingOf201(r);
          if (!this.firstRead.has(s.id)) this.firstRead.set(s.id, typeof r.attributeValue === 'string' ? r.attributeValue : undefined);
        }
      }
    }
  }

  /** Before the harness sends `action`: reads the current value of each setting it is about to change. */
  async beforeCall(session: OcppSession, action: string, payload: Payload): Promise<void> {
    if (action !== 'ChangeConfiguration' && action !== 'SetVariables') return;
    this.learn(this.o.trace.frames);
    if (action === 'ChangeConfiguration') {
      const key = payload.key as string;
      if (typeof key !== 'string' || this.firstRead.has(key) || WRITE_ONLY.has(key) || NEVER_RESTORED.has(key)) return;
      this.o.trace.note('harness', `reading ${key} before the scenario changes it (restored at teardown)`, this.o.identity);
      await session.call('GetConfiguration', { key: [key] }, this.o.responseTimeoutMs).catch(() => undefined);
    } else {
      const data = (Array.isArray(payload.setVariableData) ? payload.setVariableData : []).filter(isObj).map(settingOf201);
      const unread = data.filter((s) => !this.firstRead.has(s.id) && !WRITE_ONLY.has(s.id) && !NEVER_RESTORED.has(s.id));
      if (unread.length === 0) return;
      this.o.trace.note('harness', `reading ${unread.map((s) => s.id).join(', ')} before the scenario changes it (restored at teardown)`, this.o.identity);
      await session.call('GetVariables', { getVariableData: unread.map((s) => s.ref) }, this.o.responseTimeoutMs).catch(() => undefined);
    }
    this.learn(this.o.trace.frames);
  }

  /** The station was commissioned for the scenario: its connection settings come back with its installed ones. */
  private commissioned = false;

  leaveConnectionSettingsToCommissioning(): void {
    this.commissioned = true;
  }

  /** Teardown: stop running transactions, cancel reservations, restore settings. Returns what failed. */
  async restore(session: OcppSession | undefined): Promise<string[]> {
    const frames = this.o.trace.frames;
    this.learn(frames);
    const work = this.pending(frames);
    if (!work.transactions.length && !work.reservations.length && !work.settings.length && !work.availability.length && !work.certificates.length && !work.tokensSeen) return [];
    if (!session?.isOpen) return [`the station is not connected: cannot end ${work.transactions.length} transaction(s), cancel ${work.reservations.length} reservation(s), restore ${work.settings.length} setting(s)`];
    const failures: string[] = [];
    const call = async (action: string, payload: Payload): Promise<Obj | undefined> => {
      try {
        const out = await session.call(action, payload, this.o.responseTimeoutMs);
        if (out.kind === 'error') failures.push(`${action} answered ${out.code}: ${out.description}`);
        return out.kind === 'result' ? out.payload : undefined;
      } catch (e) {
        failures.push(`${action}: ${(e as Error).message}`);
        return undefined;
      }
    };
    const v16 = this.o.version === '1.6';
    const refused = new Map<number | string, string>();
    for (const txId of work.transactions) {
      this.o.trace.note('harness', `teardown: stopping transaction ${String(txId)} the scenario left running`, this.o.identity);
      const res = await call(v16 ? 'RemoteStopTransaction' : 'RequestStopTransaction', { transactionId: txId });
      if (res && res.status !== 'Accepted') refused.set(txId, String(res.status));
    }
    const until = Date.now() + this.o.expectTimeoutMs;
    while (work.transactions.length && Date.now() < until && this.pending(this.o.trace.frames).transactions.length) await new Promise((r) => setTimeout(r, 50));
    const still = this.pending(this.o.trace.frames).transactions;
    // a stop refused for a transaction whose end was already on its way (it arrives now) is no failure
    for (const [txId, status] of refused) {
      if (still.includes(txId)) failures.push(`the station answered ${status} to stopping transaction ${String(txId)}, and it did not end within ${this.o.expectTimeoutMs} ms`);
      else this.o.trace.note('harness', `teardown: the station answered ${status} to stopping transaction ${String(txId)}, whose end then arrived (it had ended it already)`, this.o.identity);
    }
    const unended = still.filter((t) => !refused.has(t));
    if (unended.length) failures.push(`transaction(s) ${unended.join(', ')} did not end within ${this.o.expectTimeoutMs} ms of the remote stop`);
    for (const id of work.reservations) await call('CancelReservation', { reservationId: id });
    for (const p of work.availability) {
      this.o.trace.note('harness', `teardown: making ${JSON.stringify(p)} operative again`, this.o.identity);
      await call('ChangeAvailability', p);
    }
    for (const c of work.certificates) await this.deleteInstalled(c, call);
    if (work.tokensSeen) {
      this.o.trace.note('harness', 'teardown: clearing the authorization cache (the scenario presented id tokens)', this.o.identity);
      // best effort: a station without a cache answers Rejected (or, out of profile, an error) — noted, not a failure
      const out = await session.call('ClearCache', {}, this.o.responseTimeoutMs).catch((e: Error) => e);
      const said = out instanceof Error ? out.message : out.kind === 'result' ? String(out.payload.status) : out.code;
      if (said !== 'Accepted') this.o.trace.note('harness', `teardown: ClearCache answered ${said} (the cache, if any, is left as it is)`, this.o.identity);
    }
    for (const s of work.settings) {
      const value = WRITE_ONLY.has(s.id) ? this.o.password : this.firstRead.get(s.id);
      if (value === undefined) {
        this.o.trace.note('harness', `teardown: ${s.id} cannot be restored (its value before the scenario is unknown)`, this.o.identity);
        continue;
      }
      this.o.trace.note('harness', `teardown: restoring ${s.id} to '${WRITE_ONLY.has(s.id) ? '(rig password)' : value}'`, this.o.identity);
      const res = typeof s.ref === 'string' ? await call('ChangeConfiguration', { key: s.ref, value }) : await call('SetVariables', { setVariableData: [{ ...s.ref, attributeValue: value }] });
      const status = res ? (typeof s.ref === 'string' ? res.status : (res.setVariableResult as Obj[] | undefined)?.[0]?.attributeStatus) : undefined;
      if (res && !accepted(status)) failures.push(`restoring ${s.id} was answered ${String(status)}`);
    }
    return failures;
  }

  /** Deletes an installed certificate again: its hash data is what the station lists for its serial number. */
  private async deleteInstalled(c: { type: string; serial: string }, call: (action: string, payload: Payload) => Promise<Obj | undefined>): Promise<void> {
    const v16 = this.o.version === '1.6';
    const listed = await call('GetInstalledCertificateIds', v16 ? { certificateType: c.type } : { certificateType: [c.type] });
    const entries = (v16 ? listed?.certificateHashData : (listed?.certificateHashDataChain as Obj[] | undefined)?.map((e) => e.certificateHashData)) as Obj[] | undefined;
    const norm = (x: unknown) => String(x).toUpperCase().replace(/^0+/, '');
    const hit = (entries ?? []).filter(isObj).find((h) => norm(h.serialNumber) === norm(c.serial));
    if (!hit) {
      this.o.trace.note('harness', `teardown: the ${c.type} certificate with serial ${c.serial} the scenario installed is not listed any more`, this.o.identity);
      return;
    }
    this.o.trace.note('harness', `teardown: deleting the ${c.type} certificate with serial ${c.serial} the scenario installed`, this.o.identity);
    await call('DeleteCertificate', { certificateHashData: hit });
  }

  /** What the wire says is left: running transactions, unused reservations, settings changed, certificates installed, tokens seen. */
  private pending(frames: readonly Frame[]): { transactions: (number | string)[]; reservations: number[]; settings: Setting[]; availability: Obj[]; certificates: { type: string; serial: string }[]; tokensSeen: boolean } {
    const { sent, received } = exchanges(frames, this.o.identity);
    const tokensSeen = received.some((ex) => ex.action === 'Authorize' || ex.action === 'StartTransaction' || (ex.action === 'TransactionEvent' && isObj(ex.req.idToken)));
    const certificates = new Map<string, { type: string; serial: string }>();
    for (const ex of sent) {
      if (ex.action === 'InstallCertificate' && ex.res?.status === 'Accepted' && typeof ex.req.certificate === 'string') {
        try {
          const serial = new X509Certificate(ex.req.certificate).serialNumber;
          certificates.set(serial, { type: String(ex.req.certificateType), serial });
        } catch {
          // not a certificate the harness can read: nothing to find it by
        }
      }
      if (ex.action === 'DeleteCertificate' && ex.res?.status === 'Accepted' && isObj(ex.req.certificateHashData)) {
        const del = String(ex.req.certificateHashData.serialNumber).toUpperCase().replace(/^0+/, '');
        for (const [serial] of certificates) if (serial.toUpperCase().replace(/^0+/, '') === del) certificates.delete(serial);
      }
    }
    const running = new Set<number | string>();
    const used = new Set<number>();
    for (const ex of received) {
      if (ex.action === 'StartTransaction' && ex.res && typeof ex.res.transactionId === 'number') running.add(ex.res.transactionId);
      if (ex.action === 'StartTransaction' && typeof ex.req.reservationId === 'number') used.add(ex.req.reservationId);
      if (ex.action === 'StopTransaction') running.delete(ex.req.transactionId as number);
      if (ex.action === 'TransactionEvent' && isObj(ex.req.transactionInfo)) {
        const id = ex.req.transactionInfo.transactionId as string;
        if (ex.req.eventType === 'Ended') running.delete(id);
        else running.add(id);
        if (typeof ex.req.reservationId === 'number') used.add(ex.req.reservationId);
      }
    }
    const reservations = new Map<number, number>();
    const changed = new Map<string, Setting>();
    const inoperative = new Map<string, Obj>(); // what ChangeAvailability made Inoperative → its Operative request
    for (const ex of sent) {
      if (ex.action === 'ChangeAvailability' && (ex.res?.status === 'Accepted' || ex.res?.status === 'Scheduled')) {
        const where = 'type' in ex.req ? { connectorId: ex.req.connectorId } : isObj(ex.req.evse) ? { evse: ex.req.evse } : {};
        const op = ex.req.type ?? ex.req.operationalStatus;
        if (op === 'Inoperative') inoperative.set(JSON.stringify(where), 'type' in ex.req ? { ...where, type: 'Operative' } : { ...where, operationalStatus: 'Operative' });
        else inoperative.delete(JSON.stringify(where));
      }
      if (ex.action === 'ReserveNow' && ex.res?.status === 'Accepted') {
        const expiry = Date.parse(String(ex.req.expiryDate ?? ex.req.expiryDateTime));
        reservations.set((ex.req.reservationId ?? ex.req.id) as number, expiry);
      }
      if (ex.action === 'CancelReservation' && ex.res?.status === 'Accepted') reservations.delete(ex.req.reservationId as number);
      if (ex.action === 'ChangeConfiguration' && accepted(ex.res?.status)) changed.set(ex.req.key as string, { id: ex.req.key as string, ref: ex.req.key as string });
      if (ex.action === 'SetVariables' && ex.res) {
        const results = Array.isArray(ex.res.setVariableResult) ? (ex.res.setVariableResult as Obj[]) : [];
        for (const d of (Array.isArray(ex.req.setVariableData) ? ex.req.setVariableData : []).filter(isObj)) {
          const s = settingOf201(d);
          const r = results.find((x) => settingOf201(x).id === s.id);
          if (r && accepted(r.attributeStatus)) changed.set(s.id, s);
        }
      }
    }
    for (const [id] of changed) if (NEVER_RESTORED.has(id)) changed.delete(id);
    const now = Date.now();
    return {
      transactions: [...running],
      reservations: [...reservations].filter(([id, expiry]) => typeof id === 'number' && !used.has(id) && !(expiry < now)).map(([id]) => id),
      settings: [...changed.values()].filter((x) => !(this.commissioned && COMMISSIONED.has(x.id))),
      availability: [...inoperative.values()],
      certificates: [...certificates.values()],
      tokensSeen,
    };
  }
}
