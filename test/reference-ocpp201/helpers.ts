import { startReferenceCsms, type ReferenceCsmsControl, type ReferenceCsmsOptions } from '../../src/reference/ocpp201/csms';
import { startReferenceStation, type ReferenceStationControl, type ReferenceStationOptions } from '../../src/reference/ocpp201/station';

export const TIME_SCALE = 0.01;
export const PASSWORD = 'secret-password-201';

export interface Pair {
  csms: ReferenceCsmsControl;
  station: ReferenceStationControl;
  id: string;
  stop(): Promise<void>;
}

let counter = 0;

export const ID_TAGS: ReferenceCsmsOptions['idTags'] = {
  TAG1: { status: 'Accepted', parentIdTag: 'GROUP1' },
  TAG2: { status: 'Accepted', parentIdTag: 'GROUP1' },
  TAG3: { status: 'Accepted' },
  TAG4: { status: 'Accepted' },
  BLOCKED: { status: 'Blocked' },
  EXPIRED: { status: 'Accepted', expiryDate: '2020-01-01T00:00:00.000Z' },
};

/** A reference 2.0.1 CSMS and a reference 2.0.1 station connected to it over loopback. */
export async function startPair(
  o: { station?: Partial<ReferenceStationOptions>; csms?: Partial<ReferenceCsmsOptions>; waitAccepted?: boolean } = {},
): Promise<Pair> {
  const id = `CS${process.pid}-${++counter}`;
  const csms = await startReferenceCsms({
    version: '2.0.1',
    stations: { [id]: { password: PASSWORD } },
    securityProfile: 0,
    idTags: ID_TAGS,
    heartbeatInterval: 10,
    faults: [],
    timeScale: TIME_SCALE,
    ...(o.csms ?? {}),
  });
  let station: ReferenceStationControl;
  try {
    station = await startReferenceStation({
      version: '2.0.1',
      csmsUrl: csms.url,
      identity: id,
      securityProfile: 0,
      password: PASSWORD,
      connectors: 2,
      faults: [],
      timeScale: TIME_SCALE,
      ...(o.station ?? {}),
    });
  } catch (err) {
    await csms.stop();
    throw err;
  }
  if (o.waitAccepted !== false) await station.waitAccepted(3000);
  return {
    csms,
    station,
    id,
    async stop() {
      await station.stop();
      await csms.stop();
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls until fn returns a value other than undefined/false (fails after timeoutMs). */
export async function until<T>(fn: () => T | undefined | false, timeoutMs = 2000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    await sleep(5);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** TransactionEvents of a station, in arrival order. */
export function txEvents(p: Pair, since = 0): any[] {
  return p.csms.received(p.id, 'TransactionEvent').map((m) => m.payload).slice(since);
}
