/**
 * The ECU's data services: ECUReset (11), ClearDiagnosticInformation (14), ReadDTCInformation (19),
 * Read/WriteDataByIdentifier (22/2E), ReadMemoryByAddress (23), CommunicationControl (28), RoutineControl (31),
 * RequestDownload / TransferData / RequestTransferExit (34/36/37), ControlDTCSetting (85).
 */
import type { DidConfig, RoutineConfig } from './fixture';
import { Nrc, type UdsEcu } from './ecu';
import { NRC } from './nrc';
import {
  decodeClearDtcRequest,
  decodeCommControlRequest,
  decodeDownloadRequest,
  decodeDtcSettingRequest,
  decodeReadDidRequest,
  decodeReadDtcRequest,
  decodeReadMemoryRequest,
  decodeResetRequest,
  decodeRoutineRequest,
  decodeTransferDataRequest,
  decodeWriteDidRequest,
  encodeCommControlResponse,
  encodeDownloadResponse,
  encodeReadDidResponse,
  encodeReadDtcResponse,
  encodeReadMemoryResponse,
  encodeResetResponse,
  encodeRoutineResponse,
  encodeTransferDataResponse,
  encodeTransferExitResponse,
  encodeWriteDidResponse,
  nextBlockCounter,
  ROUTINE,
} from './services';

export interface DownloadState {
  address: number;
  size: number;
  received: number;
  /** Counter the next block must carry. */
  expected: number;
  /** Counter of the last accepted block (a repeat of it is acknowledged, not stored twice). */
  last: number | undefined;
  data: Uint8Array;
}

interface RoutineState {
  started: boolean;
  running: boolean;
  stopped: boolean;
}

/** Current values of writable DIDs, downloaded images, routine progress, DTC statuses. */
export interface EcuDataState {
  didValues: Map<number, Uint8Array>;
  dtcStatus: Map<number, number>;
  routines: Map<number, RoutineState>;
  images: { address: number; data: Uint8Array }[];
  dtcSettingOn: boolean;
  communication: { controlType: number; communicationType: number };
}

export function dataState(ecu: UdsEcu): EcuDataState {
  return ecu.state.data as EcuDataState;
}

function sessionOk(ecu: UdsEcu, sessions: number[] | undefined): boolean {
  return !sessions || sessions.includes(ecu.session.id);
}

export function registerDataServices(ecu: UdsEcu): void {
  const cfg = ecu.config;
  const st: EcuDataState = {
    didValues: new Map(cfg.dids.map((d) => [d.id, Uint8Array.from(d.data)])),
    dtcStatus: new Map(cfg.dtcs.map((d) => [d.code, d.status])),
    routines: new Map(),
    images: [],
    dtcSettingOn: true,
    communication: { controlType: 0, communicationType: 1 },
  };
  ecu.state.data = st;
  const dids = new Map<number, DidConfig>(cfg.dids.map((d) => [d.id, d]));
  const routines = new Map<number, RoutineConfig>(cfg.routines.map((r) => [r.id, r]));

  ecu.handlers.set(0x11, (req) => {
    ecu.requireServiceSession(0x11);
    if (req.length !== 2) throw new Nrc(NRC.incorrectMessageLengthOrInvalidFormat);
    const { resetType } = decodeResetRequest(req);
    if (!cfg.ecuReset.types.includes(resetType)) throw new Nrc(NRC.subFunctionNotSupported);
    if (!sessionOk(ecu, cfg.ecuReset.sessions)) throw new Nrc(NRC.subFunctionNotSupportedInActiveSession);
    // The response goes out first; the reset takes effect right after.
    setImmediate(() => ecu.reset());
    return encodeResetResponse(resetType);
  });

  ecu.handlers.set(0x14, (req) => {
    ecu.requireServiceSession(0x14);
    if (req.length !== 4) throw new Nrc(NRC.incorrectMessageLengthOrInvalidFormat);
    const { groupOfDtc } = decodeClearDtcRequest(req);
    if (groupOfDtc === 0xffffff) for (const code of st.dtcStatus.keys()) st.dtcStatus.set(code, 0x50);
    else if (st.dtcStatus.has(groupOfDtc)) st.dtcStatus.set(groupOfDtc, 0x50);
    else throw new Nrc(NRC.requestOutOfRange);
    return Uint8Array.of(0x54);
  });

  ecu.handlers.set(0x19, (req) => {
    ecu.requireServiceSession(0x19);
    if (req.length < 2) throw new Nrc(NRC.incorrectMessageLengthOrInvalidFormat);
    const sub = req[1] & 0x7f;
    if (sub !== 0x01 && sub !== 0x02 && sub !== 0x0a) throw new Nrc(NRC.subFunctionNotSupported);
    const r = decodeReadDtcRequest(req);
    const mask = cfg.dtcStatusAvailabilityMask;
    const all = [...st.dtcStatus.entries()].map(([code, status]) => ({ code, status: status & mask }));
    if (sub === 0x0a) return encodeReadDtcResponse({ subFunction: 0x0a, availabilityMask: mask, dtcs: all });
    const matching = all.filter((d) => (d.status & (r.statusMask ?? 0)) !== 0);
    if (sub === 0x01) return encodeReadDtcResponse({ subFunction: 0x01, availabilityMask: mask, formatIdentifier: 0x01, count: matching.length });
    return encodeReadDtcResponse({ subFunction: 0x02, availabilityMask: mask, dtcs: matching });
  });

  ecu.handlers.set(0x22, (req) => {
    ecu.requireServiceSession(0x22);
    if (req.length < 3 || req.length % 2 !== 1) throw new Nrc(NRC.incorrectMessageLengthOrInvalidFormat);
    const { dids: ids } = decodeReadDidRequest(req);
    const out = [];
    for (const id of ids) {
      const d = dids.get(id);
      if (!d || !sessionOk(ecu, d.readSessions)) continue;
      ecu.requireSecurity(d.readSecurity);
      const data = id === 0xf186 ? Uint8Array.of(ecu.session.id) : st.didValues.get(id)!;
      out.push({ did: id, data });
    }
    if (out.length === 0) throw new Nrc(NRC.requestOutOfRange);
    const rsp = encodeReadDidResponse(out);
    if (rsp.length > 4095) throw new Nrc(NRC.responseTooLong);
    return rsp;
  });

  ecu.handlers.set(0x2e, (req) => {
    ecu.requireServiceSession(0x2e);
    if (req.length < 4) throw new Nrc(NRC.incorrectMessageLengthOrInvalidFormat);
    const { did, data } = decodeWriteDidRequest(req);
    const d = dids.get(did);
    if (!d || !d.writable || !sessionOk(ecu, d.writeSessions)) throw new Nrc(NRC.requestOutOfRange);
    if (data.length !== d.data.length) throw new Nrc(NRC.incorrectMessageLengthOrInvalidFormat);
    ecu.requireSecurity(d.writeSecurity);
    st.didValues.set(did, Uint8Array.from(data));
    return encodeWriteDidResponse(did);
  });

  ecu.handlers.set(0x23, (req) => {
    ecu.requireServiceSession(0x23);
    let range;
    try {
      range = decodeReadMemoryRequest(req);
    } catch {
      throw new Nrc(req.length >= 2 && ((req[1] & 0x0f) === 0 || req[1] >> 4 === 0) ? NRC.requestOutOfRange : NRC.incorrectMessageLengthOrInvalidFormat);
    }
    if (range.size === 0) throw new Nrc(NRC.requestOutOfRange);
    const areas = [...cfg.memory, ...st.images];
    const area = areas.find((m) => range.address >= m.address && range.address + range.size <= m.address + m.data.length);
    if (!area) throw new Nrc(NRC.requestOutOfRange);
    ecu.requireSecurity((area as { security?: number }).security);
    const off = range.address - area.address;
    return encodeReadMemoryResponse(area.data.slice(off, off + range.size));
  });

  ecu.handlers.set(0x28, (req) => {
    ecu.requireServiceSession(0x28);
    if (req.length < 2) throw new Nrc(NRC.incorrectMessageLengthOrInvalidFormat);
    if ((req[1] & 0x7f) > 0x03) throw new Nrc(NRC.subFunctionNotSupported);
    const r = decodeCommControlRequest(req);
    if (r.communicationType < 0x01 || (r.communicationType & 0x03) === 0) throw new Nrc(NRC.requestOutOfRange);
    st.communication = { controlType: r.controlType, communicationType: r.communicationType };
    return encodeCommControlResponse(r.controlType);
  });

  ecu.handlers.set(0x85, (req) => {
    ecu.requireServiceSession(0x85);
    if (req.length < 2) throw new Nrc(NRC.incorrectMessageLengthOrInvalidFormat);
    const r = decodeDtcSettingRequest(req);
    if (r.settingType !== 0x01 && r.settingType !== 0x02) throw new Nrc(NRC.subFunctionNotSupported);
    st.dtcSettingOn = r.settingType === 0x01;
    return Uint8Array.of(0xc5, r.settingType);
  });

  ecu.handlers.set(0x31, async (req, ctx) => {
    ecu.requireServiceSession(0x31);
    if (req.length < 4) throw new Nrc(NRC.incorrectMessageLengthOrInvalidFormat);
    const r = decodeRoutineRequest(req);
    if (r.controlType < 1 || r.controlType > 3) throw new Nrc(NRC.subFunctionNotSupported);
    const rc = routines.get(r.routineId);
    if (!rc || !sessionOk(ecu, rc.sessions)) throw new Nrc(NRC.requestOutOfRange);
    ecu.requireSecurity(rc.security);
    const rs = st.routines.get(rc.id) ?? { started: false, running: false, stopped: false };
    st.routines.set(rc.id, rs);
    if (r.controlType === ROUTINE.start) {
      if (rs.running) throw new Nrc(NRC.requestSequenceError);
      rs.started = true;
      rs.running = true;
      rs.stopped = false;
      ecu.event('routine', `start 0x${rc.id.toString(16).padStart(4, '0')}`);
      // A stoppable routine runs in the background; others complete before the (possibly pending) response.
      if (rc.stoppable) {
        void ecu.sleep(rc.durationMs).then(() => (rs.running = false));
        return encodeRoutineResponse(ROUTINE.start, rc.id, rc.startStatus);
      }
      return ctx.slow(rc.durationMs, () => {
        rs.running = false;
        return encodeRoutineResponse(ROUTINE.start, rc.id, rc.startStatus.length ? rc.startStatus : rc.result);
      });
    }
    if (r.controlType === ROUTINE.stop) {
      if (!rs.started) throw new Nrc(NRC.requestSequenceError);
      if (!rc.stoppable) throw new Nrc(NRC.subFunctionNotSupported);
      rs.running = false;
      rs.stopped = true;
      return encodeRoutineResponse(ROUTINE.stop, rc.id);
    }
    if (!rs.started) throw new Nrc(NRC.requestSequenceError);
    if (rs.running) throw new Nrc(NRC.busyRepeatRequest);
    return encodeRoutineResponse(ROUTINE.results, rc.id, rc.result);
  });

  ecu.handlers.set(0x34, (req) => {
    const dl = cfg.download;
    ecu.requireServiceSession(0x34);
    if (!dl) throw new Nrc(NRC.serviceNotSupported);
    if (!sessionOk(ecu, dl.sessions)) throw new Nrc(NRC.serviceNotSupportedInActiveSession);
    let r;
    try {
      r = decodeDownloadRequest(req);
    } catch {
      throw new Nrc(req.length >= 3 && ((req[2] & 0x0f) === 0 || req[2] >> 4 === 0) ? NRC.requestOutOfRange : NRC.incorrectMessageLengthOrInvalidFormat);
    }
    ecu.requireSecurity(dl.security);
    if (ecu.state.download) throw new Nrc(NRC.conditionsNotCorrect);
    if (!dl.dataFormats.includes(r.dataFormat)) throw new Nrc(NRC.requestOutOfRange);
    if (r.size === 0 || r.address < dl.address || r.address + r.size > dl.address + dl.size) throw new Nrc(NRC.requestOutOfRange);
    const state: DownloadState = { address: r.address, size: r.size, received: 0, expected: 0x01, last: undefined, data: new Uint8Array(r.size) };
    ecu.state.download = state;
    ecu.event('download', `request download 0x${r.address.toString(16)} size ${r.size}`);
    return encodeDownloadResponse(dl.maxBlockLength);
  });

  ecu.handlers.set(0x36, (req) => {
    ecu.requireServiceSession(0x36);
    const dl = ecu.state.download as DownloadState | undefined;
    if (req.length < 2) throw new Nrc(NRC.incorrectMessageLengthOrInvalidFormat);
    if (!dl || !cfg.download) throw new Nrc(NRC.requestSequenceError);
    const { counter, data } = decodeTransferDataRequest(req);
    if (req.length > cfg.download.maxBlockLength) throw new Nrc(NRC.incorrectMessageLengthOrInvalidFormat);
    if (counter === dl.last && counter !== dl.expected && ecu.behaviour.checkBlockCounter) return encodeTransferDataResponse(counter);
    if (counter !== dl.expected && ecu.behaviour.checkBlockCounter) throw new Nrc(NRC.wrongBlockSequenceCounter);
    if (dl.received + data.length > dl.size) throw new Nrc(NRC.transferDataSuspended);
    dl.data.set(data, dl.received);
    dl.received += data.length;
    dl.last = counter;
    dl.expected = nextBlockCounter(counter);
    return encodeTransferDataResponse(counter);
  });

  ecu.handlers.set(0x37, (req) => {
    ecu.requireServiceSession(0x37);
    const dl = ecu.state.download as DownloadState | undefined;
    if (!dl) throw new Nrc(NRC.requestSequenceError);
    if (dl.received !== dl.size) throw new Nrc(NRC.requestSequenceError);
    st.images.push({ address: dl.address, data: dl.data });
    ecu.state.download = undefined;
    ecu.event('download', `transfer exit: ${dl.received} bytes at 0x${dl.address.toString(16)}`);
    return encodeTransferExitResponse(req.slice(1, 1));
  });
}
