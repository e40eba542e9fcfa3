/**
 * The DIN 70121 DC session of data/vectors/iso15118/din-dc-session.jsonl as test parameters: the EV values the
 * harness EVCC is given and the EVSE values the reference SECC is configured with are read from the session's
 * decoded JSON (requests → EV values, responses → EVSE values), never typed in by hand.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface DinVectorFrame {
  dir: 'tx' | 'rx';
  proto: string;
  msg: string;
  hex: string;
  doc?: { V2G_Message?: { Header: { SessionID: string }; Body: Record<string, Record<string, unknown>> } };
}

export const DIN_VECTOR_FILE = path.resolve(__dirname, '..', '..', 'data', 'vectors', 'iso15118', 'din-dc-session.jsonl');

export function dinVectorFrames(): DinVectorFrame[] {
  return fs
    .readFileSync(DIN_VECTOR_FILE, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as DinVectorFrame);
}

/** The DIN frames (after SDP and the app-protocol handshake), in order. */
export function dinFrames(): DinVectorFrame[] {
  return dinVectorFrames().filter((f) => f.proto === 'din');
}

type Obj = Record<string, unknown>;
const bodyOf = (f: DinVectorFrame): Obj => f.doc!.V2G_Message!.Body[f.msg];
const all = (msg: string): Obj[] => dinFrames().filter((f) => f.msg === msg).map(bodyOf);
const first = (msg: string): Obj => {
  const b = all(msg)[0];
  if (!b) throw new Error(`${DIN_VECTOR_FILE}: no ${msg}`);
  return b;
};
const soc = (b: unknown): number => ((b as Obj).DC_EVStatus as Obj).EVRESSSOC as number;

/** The EVCC side: its EVCCID and the PICS-style `v2g.values` (keys of src/v2g/roles/din/values.ts DIN_EV_DEFAULTS). */
export function dinVectorEvcc(): { evccId: string; values: Obj } {
  const cpd = first('ChargeParameterDiscoveryReq');
  const ev = cpd.DC_EVChargeParameter as Obj;
  const pre = first('PreChargeReq');
  const cd = first('CurrentDemandReq');
  const pds = all('PowerDeliveryReq');
  const values: Obj = {
    energyTransferType: cpd.EVRequestedEnergyTransferType,
    paymentOption: first('ServicePaymentSelectionReq').SelectedPaymentOption,
    evMaxCurrentA: ev.EVMaximumCurrentLimit,
    evMaxVoltageV: ev.EVMaximumVoltageLimit,
    soc: soc(ev),
    targetVoltageV: pre.EVTargetVoltage,
    preChargeCurrentA: pre.EVTargetCurrent,
    targetCurrentA: cd.EVTargetCurrent,
    socCharging: soc(cd),
    socEnd: soc(pds[pds.length - 1].DC_EVPowerDeliveryParameter),
    currentDemandCount: all('CurrentDemandReq').length,
  };
  for (const [k, f] of [['evMaxPowerW', 'EVMaximumPowerLimit'], ['evEnergyCapacityWh', 'EVEnergyCapacity'], ['evEnergyRequestWh', 'EVEnergyRequest'], ['fullSoc', 'FullSOC'], ['bulkSoc', 'BulkSOC']]) {
    if (ev[f] !== undefined) values[k] = ev[f];
  }
  return { evccId: first('SessionSetupReq').EVCCID as string, values };
}

/** The SECC side: EVSEID, the session id it assigns, and its `values` (keys of src/reference/v2g/din/values.ts). */
export function dinVectorSecc(): { evseId: string; sessionId: string; values: Obj } {
  const frames = dinFrames();
  const setup = frames.find((f) => f.msg === 'SessionSetupRes')!;
  const sd = first('ServiceDiscoveryRes');
  const cpd = all('ChargeParameterDiscoveryRes');
  const finished = cpd[cpd.length - 1];
  const p = finished.DC_EVSEChargeParameter as Obj;
  const tuple = ((finished.SAScheduleList as Obj).SAScheduleTuple as Obj[])[0];
  const entry = ((tuple.PMaxSchedule as Obj).PMaxScheduleEntry as Obj[])[0];
  const service = sd.ChargeService as Obj;
  const ongoing = (msg: string): number => all(msg).filter((b) => b.EVSEProcessing === 'Ongoing').length;
  const welding = all('WeldingDetectionRes');
  return {
    evseId: bodyOf(setup).EVSEID as string,
    sessionId: setup.doc!.V2G_Message!.Header.SessionID,
    values: {
      sessionId: setup.doc!.V2G_Message!.Header.SessionID,
      paymentOptions: (sd.PaymentOptions as Obj).PaymentOption,
      serviceId: (service.ServiceTag as Obj).ServiceID,
      freeService: service.FreeService,
      energyTransferType: service.EnergyTransferType,
      evseMaxCurrentA: p.EVSEMaximumCurrentLimit,
      evseMaxPowerW: p.EVSEMaximumPowerLimit,
      evseMaxVoltageV: p.EVSEMaximumVoltageLimit,
      evseMinCurrentA: p.EVSEMinimumCurrentLimit,
      evseMinVoltageV: p.EVSEMinimumVoltageLimit,
      evsePeakCurrentRippleA: p.EVSEPeakCurrentRipple,
      pMax: entry.PMax,
      scheduleDurationS: (entry.RelativeTimeInterval as Obj).duration,
      isolationStatus: (p.DC_EVSEStatus as Obj).EVSEIsolationStatus,
      contractAuthenticationOngoing: ongoing('ContractAuthenticationRes'),
      chargeParameterDiscoveryOngoing: ongoing('ChargeParameterDiscoveryRes'),
      cableCheckOngoing: ongoing('CableCheckRes'),
      preChargeSteps: all('PreChargeRes').length,
      idleVoltageV: (welding[welding.length - 1].EVSEPresentVoltage as Obj).Value,
    },
  };
}
