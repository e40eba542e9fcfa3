import { startReferenceCsms, type ReferenceCsmsControl, type ReferenceCsmsOptions } from '../../src/reference/ocpp16/csms';
import { startReferenceStation, type ReferenceStationControl, type ReferenceStationOptions } from '../../src/reference/ocpp16/station';

export const TIME_SCALE = 0.01;

export interface Pair {
  csms: ReferenceCsmsControl;
  station: ReferenceStationControl;
  id: string;
  stop(): Promise<void>;
}

let counter = 0;

/** A reference CSMS and a reference station connected to it over loopback. */
export async function startPair(
  o: { station?: Partial<ReferenceStationOptions>; csms?: Partial<ReferenceCsmsOptions>; waitAccepted?: boolean } = {},
): Promise<Pair> {
  const id = `CP${process.pid}-${++counter}`;
  const csms = await startReferenceCsms({
    version: '1.6',
    stations: { [id]: { password: '0123456789abcdef' } },
    securityProfile: 0,
    idTags: {
      TAG1: { status: 'Accepted', parentIdTag: 'GROUP1' },
      TAG2: { status: 'Accepted', parentIdTag: 'GROUP1' },
      TAG3: { status: 'Accepted' },
      BLOCKED: { status: 'Blocked' },
      EXPIRED: { status: 'Accepted', expiryDate: '2020-01-01T00:00:00.000Z' },
    },
    heartbeatInterval: 10,
    faults: [],
    timeScale: TIME_SCALE,
    ...(o.csms ?? {}),
  });
  let station: ReferenceStationControl;
  try {
    station = await startReferenceStation({
      version: '1.6',
      csmsUrl: csms.url,
      identity: id,
      securityProfile: 0,
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
