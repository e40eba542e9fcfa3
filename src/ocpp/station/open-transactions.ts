/**
 * Which transactions the harness station left open at the CSMS under test, read from what crossed the wire
 * (the scenario's trace), whichever step sent them: a 1.6 StartTransaction the CSMS gave a transactionId and
 * no StopTransaction followed; a 2.0.1 transaction with a Started/Updated TransactionEvent and no Ended one.
 * Also the highest energy register the station reported, so the closing message carries a plausible meter.
 */
import type { Frame } from '../../core/trace';

export interface OpenTransaction {
  transactionId: number | string;
  /** 1.6 connectorId / 2.0.1 EVSE id, when known. */
  where?: number;
  idTag?: string;
  /** 2.0.1: seqNo of the next TransactionEvent of this transaction. */
  nextSeqNo: number;
}

export interface StationLedger {
  open: OpenTransaction[];
  /** Highest Energy.Active.Import.Register (Wh) or meterStart the station reported; 0 when none. */
  energyWh: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function energyOf(meterValue: unknown): number {
  let max = 0;
  for (const mv of Array.isArray(meterValue) ? meterValue : []) {
    for (const sv of isObj(mv) && Array.isArray(mv.sampledValue) ? mv.sampledValue : []) {
      if (!isObj(sv) || (sv.measurand !== undefined && sv.measurand !== 'Energy.Active.Import.Register')) continue;
      const unit = (isObj(sv.unitOfMeasure) ? sv.unitOfMeasure.unit : sv.unit) as string | undefined;
      const value = Number(sv.value) * (unit === 'kWh' ? 1000 : 1);
      if (Number.isFinite(value)) max = Math.max(max, value);
    }
  }
  return max;
}

function parse(frame: Frame): unknown[] | undefined {
  if (frame.rawEncoding !== 'text' || !frame.raw.startsWith('[')) return undefined;
  try {
    const v = JSON.parse(frame.raw) as unknown;
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The station's open transactions after `frames` (only the OCPP frames of `identity` are read). */
export function stationLedger(frames: readonly Frame[], identity: string): StationLedger {
  const open = new Map<number | string, OpenTransaction>();
  const pendingStarts = new Map<string, Obj>();
  let energyWh = 0;
  for (const f of frames) {
    if (f.channel !== identity || !f.protocol.startsWith('ocpp') || f.dir === 'note') continue;
    const msg = parse(f);
    if (!msg) continue;
    if (f.dir === 'tx' && msg[0] === 2 && isObj(msg[3])) {
      const [, id, action, p] = msg as [number, string, string, Obj];
      if (action === 'StartTransaction') {
        pendingStarts.set(id, p);
        energyWh = Math.max(energyWh, Number(p.meterStart) || 0);
      } else if (action === 'StopTransaction') {
        open.delete(p.transactionId as number);
      } else if (action === 'MeterValues') {
        energyWh = Math.max(energyWh, energyOf(p.meterValue));
      } else if (action === 'TransactionEvent' && isObj(p.transactionInfo)) {
        energyWh = Math.max(energyWh, energyOf(p.meterValue));
        const txId = p.transactionInfo.transactionId as string;
        if (p.eventType === 'Ended') open.delete(txId);
        else {
          const prev = open.get(txId);
          const evse = isObj(p.evse) ? (p.evse.id as number) : prev?.where;
          const token = isObj(p.idToken) ? (p.idToken.idToken as string) : prev?.idTag;
          open.set(txId, { transactionId: txId, where: evse, idTag: token, nextSeqNo: Math.max(prev?.nextSeqNo ?? 0, (Number(p.seqNo) || 0) + 1) });
        }
      }
    } else if (f.dir === 'rx' && msg[0] === 3 && pendingStarts.has(msg[1] as string)) {
      const start = pendingStarts.get(msg[1] as string)!;
      pendingStarts.delete(msg[1] as string);
      const result = msg[2];
      if (isObj(result) && (typeof result.transactionId === 'number' || typeof result.transactionId === 'string')) {
        open.set(result.transactionId, { transactionId: result.transactionId, where: start.connectorId as number, idTag: start.idTag as string, nextSeqNo: 0 });
      }
    }
  }
  return { open: [...open.values()], energyWh };
}
