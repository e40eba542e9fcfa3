/**
 * The reference SECC's ISO 15118-2 answers: one body per request, from the variant's values (config.ts:
 * dcMaxVoltageV, dcMinVoltageV, dcMaxCurrentA, dcMinCurrentA, dcMaxPowerW, dcPeakCurrentRippleA,
 * acNominalVoltageV, acMaxCurrentA, acPhases) and the session so far; faults change single fields.
 */
import type { SeccPncState } from './pnc-secc';
import type { RefSeccConfig, RefSeccContext } from '../types';
import { list, numberOr, obj, phys, physValue, type Body } from './util';

export interface SeccSession {
  config: RefSeccConfig;
  energy: 'AC' | 'DC';
  sessionId: string;
  /** The last request answered OK (sequence state). */
  last: string;
  charging: boolean;
  /** The last answer said EVSEProcessing Ongoing. */
  ongoing: boolean;
  energised: boolean;
  closed: boolean;
  /** Requests answered per name (Ongoing rounds, precharge steps). */
  rounds: Map<string, number>;
  presentVoltage: number;
  meterWh: number;
  /** The EV's ChargeParameterDiscoveryReq. */
  evRequest: Body;
  /** Plug and Charge (pnc-secc.ts). */
  pnc: SeccPncState;
  /** The payment option selected (PaymentServiceSelectionReq answered OK). */
  payment?: string;
  /** The Certificate service's ParameterSetID selected in PaymentServiceSelectionReq (1 Installation, 2 Update). */
  certSelected?: number;
  /** A resumed session (OK_OldSessionJoined): what the paused one selected ([V2G2-741]). */
  resumed?: { payment?: string };
}

const CHARGE_SERVICE = 1;
const INTERNET_SERVICE = 3;
/** The Certificate service (contract installation / update): parameter set 1 Installation, 2 Update. */
const CERT_SERVICE = 2;
const SCHEDULE_ID = 1;

function v(s: SeccSession, key: string, fallback: number): number {
  return numberOr(s.config.values, key, fallback);
}

function acStatus(): Body {
  return { NotificationMaxDelay: 0, EVSENotification: 'None', RCD: false };
}

function dcStatus(isolation?: string): Body {
  return { NotificationMaxDelay: 0, EVSENotification: 'None', ...(isolation ? { EVSEIsolationStatus: isolation } : {}), EVSEStatusCode: 'EVSE_Ready' };
}

/** The EVSE status of the session's energy kind (the other kind under iso2-wrong-evse-status-type). */
function statusField(s: SeccSession, ctx: RefSeccContext, isolation?: string): Body {
  const ac = (s.energy === 'AC') !== ctx.faults.has('iso2-wrong-evse-status-type');
  return ac ? { AC_EVSEStatus: acStatus() } : { DC_EVSEStatus: dcStatus(isolation ?? 'Valid') };
}

function modes(s: SeccSession): string[] {
  const out: string[] = [];
  if (s.config.energy.includes('AC')) out.push(v(s, 'acPhases', 3) === 1 ? 'AC_single_phase_core' : 'AC_three_phase_core');
  if (s.config.energy.includes('DC')) out.push('DC_extended');
  return out;
}

function payments(s: SeccSession, ctx: RefSeccContext): string[] {
  if (ctx.faults.has('iso2-wrong-payment-options')) return ['Contract'];
  // [V2G2-741] a resumed session offers only the payment option the paused one selected
  if (s.resumed?.payment) return ctx.faults.has('iso2-resume-offers-other-payments') ? ['ExternalPayment', 'Contract'] : [s.resumed.payment];
  const out: string[] = [];
  if (s.config.payment.includes('EIM')) out.push('ExternalPayment');
  // Contract only over TLS (a connection the shell did not mark is taken as TLS)
  if (s.config.payment.includes('PnC') && (ctx.overTls !== false || ctx.faults.has('iso2-pnc-without-tls'))) out.push('Contract');
  return out;
}

/** The Certificate service is offered with PnC over TLS when the CPS material is there (not under iso2-cert-service-not-offered). */
function certOffered(s: SeccSession, ctx: RefSeccContext): boolean {
  return payments(s, ctx).includes('Contract') && !!ctx.cert?.cpsChainPem && !ctx.faults.has('iso2-cert-service-not-offered');
}

function services(s: SeccSession, ctx: RefSeccContext): Body[] {
  const cert = certOffered(s, ctx) ? [{ ServiceID: CERT_SERVICE, ServiceName: 'Certificate', ServiceCategory: 'ContractCertificate', FreeService: true }] : [];
  return [{ ServiceID: INTERNET_SERVICE, ServiceName: 'InternetAccess', ServiceCategory: 'Internet', FreeService: true }, ...cert];
}

function pmaxW(s: SeccSession): number {
  return s.energy === 'AC' ? v(s, 'acMaxCurrentA', 32) * v(s, 'acNominalVoltageV', 230) * v(s, 'acPhases', 3) : v(s, 'dcMaxPowerW', 50_000);
}

function scheduleList(s: SeccSession, req: Body, ctx: RefSeccContext): Body {
  const allowedEntries = typeof req.MaxEntriesSAScheduleTuple === 'number' ? req.MaxEntriesSAScheduleTuple : 1024;
  const count = ctx.faults.has('iso2-ignores-max-entries') ? 3 : Math.min(1, allowedEntries);
  const slot = Math.floor(86_400 / count);
  const entries = Array.from({ length: count }, (_, i) => ({
    RelativeTimeInterval: i === count - 1 ? { start: i * slot, duration: slot } : { start: i * slot },
    PMax: phys(pmaxW(s), 'W'),
  }));
  // [V2G2-741] a resumed session offers the SAScheduleTuple agreed before the pause again (same id)
  const id = s.resumed && ctx.faults.has('iso2-resume-new-schedule') ? SCHEDULE_ID + 1 : SCHEDULE_ID;
  return { SAScheduleTuple: [{ SAScheduleTupleID: id, PMaxSchedule: { PMaxScheduleEntry: entries } }] };
}

function round(s: SeccSession, name: string): number {
  const n = (s.rounds.get(name) ?? 0) + 1;
  s.rounds.set(name, n);
  return n;
}

/** Ongoing for the first `n` rounds of the variant, forever under `fault`. */
function processing(s: SeccSession, name: string, ctx: RefSeccContext, fault: string, altRounds: number): string {
  const n = round(s, name);
  if (ctx.faults.has(fault)) return 'Ongoing';
  return n <= (ctx.variant === 'alt' ? altRounds : 0) ? 'Ongoing' : 'Finished';
}

function chargeParameters(s: SeccSession, ctx: RefSeccContext): Body {
  const ac = (s.energy === 'AC') !== ctx.faults.has('iso2-wrong-charge-parameter-type');
  if (ac) {
    return {
      AC_EVSEChargeParameter: {
        AC_EVSEStatus: acStatus(), EVSENominalVoltage: phys(v(s, 'acNominalVoltageV', 230), 'V'), EVSEMaxCurrent: phys(v(s, 'acMaxCurrentA', 32), 'A'),
      },
    };
  }
  return {
    DC_EVSEChargeParameter: {
      DC_EVSEStatus: dcStatus('Invalid'),
      EVSEMaximumCurrentLimit: phys(v(s, 'dcMaxCurrentA', 200), 'A'),
      EVSEMaximumPowerLimit: phys(v(s, 'dcMaxPowerW', 50_000), 'W'),
      EVSEMaximumVoltageLimit: phys(v(s, 'dcMaxVoltageV', 500), 'V'),
      EVSEMinimumCurrentLimit: phys(v(s, 'dcMinCurrentA', 0), 'A'),
      EVSEMinimumVoltageLimit: phys(v(s, 'dcMinVoltageV', 150), 'V'),
      EVSEPeakCurrentRipple: phys(v(s, 'dcPeakCurrentRippleA', 2), 'A'),
    },
  };
}

function evMaxVoltage(s: SeccSession): number {
  return physValue(obj(s.evRequest.DC_EVChargeParameter).EVMaximumVoltageLimit);
}

function ok(rc = 'OK'): Body {
  return { ResponseCode: rc };
}

/** The answer body to one request (ResponseCode included). */
export function seccResponse(s: SeccSession, name: string, req: Body, ctx: RefSeccContext): Body {
  const f = ctx.faults;
  switch (name) {
    case 'SessionSetupReq':
      return {
        ...ok(f.has('iso2-old-session-joined') ? 'OK_OldSessionJoined' : 'OK_NewSessionEstablished'),
        EVSEID: s.config.evseId, EVSETimeStamp: Math.floor(Date.now() / 1000),
      };
    case 'ServiceDiscoveryReq':
      return {
        ...ok(),
        PaymentOptionList: { PaymentOption: payments(s, ctx) },
        ChargeService: {
          ServiceID: CHARGE_SERVICE, ServiceName: 'AC_DC_Charging', ServiceCategory: f.has('iso2-wrong-service-category') ? 'OtherCustom' : 'EVCharging', FreeService: false,
          SupportedEnergyTransferMode: { EnergyTransferMode: modes(s) },
        },
        ServiceList: { Service: services(s, ctx) },
      };
    case 'ServiceDetailReq': {
      const id = typeof req.ServiceID === 'number' ? req.ServiceID : 0;
      const cert = id === CERT_SERVICE && certOffered(s, ctx);
      const known = id === INTERNET_SERVICE || id === CHARGE_SERVICE || cert;
      const echo = f.has('iso2-servicedetail-wrong-id') ? (id % 65535) + 1 : id;
      if (!known && !f.has('iso2-servicedetail-invalid-ok')) return { ...ok('FAILED_ServiceIDInvalid'), ServiceID: id };
      if (cert) {
        const sets = ['Installation', 'Update'].map((kind, i) => ({ ParameterSetID: i + 1, Parameter: [{ Name: 'Service', stringValue: kind }] }));
        return { ...ok(), ServiceID: echo, ServiceParameterList: { ParameterSet: sets } };
      }
      return {
        ...ok(), ServiceID: echo,
        ServiceParameterList: { ParameterSet: [{ ParameterSetID: 1, Parameter: [{ Name: 'Protocol', stringValue: 'https' }, { Name: 'Port', intValue: 443 }] }] },
      };
    }
    case 'PaymentServiceSelectionReq': {
      if (f.has('iso2-rejects-valid-payment')) return ok('FAILED_PaymentSelectionInvalid');
      if (!payments(s, ctx).includes(String(req.SelectedPaymentOption))) return ok('FAILED_PaymentSelectionInvalid');
      const ids = list(obj(req.SelectedServiceList).SelectedService).map((x) => obj(x).ServiceID);
      if (!ids.includes(CHARGE_SERVICE)) return ok(f.has('iso2-no-charge-service-check') ? 'OK' : 'FAILED_NoChargeServiceSelected');
      const offered = (id: unknown): boolean => id === CHARGE_SERVICE || id === INTERNET_SERVICE || (id === CERT_SERVICE && certOffered(s, ctx));
      if (ids.some((id) => !offered(id)) && !f.has('iso2-accepts-unoffered-service')) return ok('FAILED_ServiceSelectionInvalid');
      const cert = list(obj(req.SelectedServiceList).SelectedService).map(obj).find((x) => x.ServiceID === CERT_SERVICE);
      s.certSelected = typeof cert?.ParameterSetID === 'number' ? cert.ParameterSetID : undefined;
      return ok();
    }
    case 'AuthorizationReq':
      return { ...ok(), EVSEProcessing: processing(s, name, ctx, 'iso2-ongoing-forever', 1) };
    case 'ChargeParameterDiscoveryReq': {
      s.evRequest = req;
      const mode = String(req.RequestedEnergyTransferMode);
      const wrong = !modes(s).includes(mode) && !f.has('iso2-accepts-wrong-energy-mode');
      const ep = wrong ? 'Finished' : processing(s, name, ctx, 'iso2-cpd-ongoing-forever', 1);
      const schedule = ep === 'Finished' && !f.has('iso2-no-sascheduletuple') ? { SAScheduleList: scheduleList(s, req, ctx) } : {};
      return { ...ok(wrong ? 'FAILED_WrongEnergyTransferMode' : 'OK'), EVSEProcessing: ep, ...schedule, ...chargeParameters(s, ctx) };
    }
    case 'CableCheckReq': {
      const ep = processing(s, name, ctx, 'iso2-cablecheck-forever', 2);
      const isolation = ep === 'Finished' ? (f.has('iso2-isolation-invalid') ? 'Invalid' : 'Valid') : 'Invalid';
      if (ep === 'Finished') s.presentVoltage = 0;
      return { ...ok(), DC_EVSEStatus: dcStatus(isolation), EVSEProcessing: ep };
    }
    case 'PreChargeReq': {
      const target = physValue(req.EVTargetVoltage);
      const step = ctx.variant === 'alt' ? 1_000 : 150;
      const goal = f.has('iso2-precharge-never-converges') ? target - 50 : f.has('iso2-precharge-overvoltage') ? evMaxVoltage(s) + 50 : target;
      s.presentVoltage = s.presentVoltage < goal ? Math.min(goal, s.presentVoltage + step) : Math.max(goal, s.presentVoltage - step);
      return { ...ok(), DC_EVSEStatus: dcStatus('Valid'), EVSEPresentVoltage: phys(s.presentVoltage, 'V') };
    }
    case 'PowerDeliveryReq': {
      const id = req.SAScheduleTupleID;
      if (req.ChargeProgress === 'Start' && id !== SCHEDULE_ID && !f.has('iso2-accepts-unknown-schedule')) return { ...ok('FAILED_TariffSelectionInvalid'), ...statusField(s, ctx) };
      const pmax = pmaxW(s);
      const above = list(obj(req.ChargingProfile).ProfileEntry).some((e) => physValue(obj(e).ChargingProfileEntryMaxPower) > pmax);
      if (above && !f.has('iso2-accepts-profile-above-schedule')) return { ...ok('FAILED_ChargingProfileInvalid'), ...statusField(s, ctx) };
      return { ...ok(), ...statusField(s, ctx) };
    }
    case 'ChargingStatusReq':
      s.meterWh += 10;
      return {
        ...ok(), EVSEID: f.has('iso2-wrong-evseid-in-status') ? `${s.config.evseId}X` : s.config.evseId,
        SAScheduleTupleID: f.has('iso2-wrong-schedule-id') ? SCHEDULE_ID + 1 : SCHEDULE_ID,
        EVSEMaxCurrent: phys(v(s, 'acMaxCurrentA', 32), 'A'),
        MeterInfo: { MeterID: 'REF-METER-1', MeterReading: s.meterWh },
        ReceiptRequired: false, AC_EVSEStatus: acStatus(),
      };
    case 'CurrentDemandReq': {
      const target = physValue(req.EVTargetCurrent);
      const evMax = physValue(req.EVMaximumCurrentLimit);
      const present = f.has('iso2-current-above-ev-limit') ? (Number.isFinite(evMax) ? evMax : target) + 10 : s.energised ? Math.min(target, v(s, 'dcMaxCurrentA', 200)) : 0;
      s.presentVoltage = physValue(req.EVTargetVoltage);
      s.meterWh += 10;
      return {
        ...ok(), DC_EVSEStatus: dcStatus('Valid'), EVSEPresentVoltage: phys(s.presentVoltage, 'V'), EVSEPresentCurrent: phys(Math.max(0, present), 'A'),
        EVSECurrentLimitAchieved: false, EVSEVoltageLimitAchieved: false, EVSEPowerLimitAchieved: false,
        EVSEMaximumVoltageLimit: phys(v(s, 'dcMaxVoltageV', 500), 'V'), EVSEMaximumCurrentLimit: phys(v(s, 'dcMaxCurrentA', 200), 'A'),
        EVSEMaximumPowerLimit: phys(v(s, 'dcMaxPowerW', 50_000), 'W'),
        EVSEID: f.has('iso2-wrong-evseid-in-status') ? `${s.config.evseId}X` : s.config.evseId,
        SAScheduleTupleID: f.has('iso2-wrong-schedule-id') ? SCHEDULE_ID + 1 : SCHEDULE_ID,
        MeterInfo: { MeterID: 'REF-METER-1', MeterReading: s.meterWh }, ReceiptRequired: false,
      };
    }
    case 'MeteringReceiptReq':
      return { ...ok(), ...statusField(s, ctx) };
    case 'WeldingDetectionReq':
      s.presentVoltage = 0;
      return { ...ok(f.has('iso2-welding-fails') ? 'FAILED' : 'OK'), DC_EVSEStatus: dcStatus('Valid'), EVSEPresentVoltage: phys(0, 'V') };
    case 'SessionStopReq':
      return ok(f.has('iso2-session-stop-fails') ? 'FAILED' : 'OK');
    default:
      return ok('FAILED_SequenceError');
  }
}
