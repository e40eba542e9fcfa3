/**
 * The harness EVCC's ISO 15118-2 procedure (SUT = SECC), EIM, AC and DC:
 * SessionSetup → ServiceDiscovery → PaymentServiceSelection → Authorization (while Ongoing) →
 * ChargeParameterDiscovery (while Ongoing) → AC: PowerDelivery(Start) → ChargingStatus ×N → PowerDelivery(Stop)
 * → SessionStop(Terminate); DC: CableCheck (while Ongoing) → PreCharge (until the EVSE's voltage is at the
 * target) → PowerDelivery(Start) → CurrentDemand ×N → PowerDelivery(Stop) → WeldingDetection → SessionStop.
 * ServiceDetail is optional in -2: not in the sequence, a scenario sends it by name.
 * Values come from the session params (common.ts lists them); checks of each response are in evcc-checks.ts.
 */
import { iso2Codec } from '../../messages/iso2';
import type { EnergyMode, PaymentOption, V2gMessage } from '../../messages/types';
import type { EvccProcedure, NextStep, ProcedureState } from '../procedure';
import { checkIso2Response } from './evcc-checks';
import type { V2gTimerName } from '../../timers';
import { checkPaymentDetailsRes, pncEvccRequest, recordPncResponse } from './pnc';
import { certEvccRequest, certSelection, checkCertProvisioningRes, recordCertProvisioning, withCertProvisioning } from './cert-provisioning';
import { AC_MODES, arr, DC_MODES, evccIdHex, evccTimer, num, paymentOption, pv, pvValue, rec } from './common';

const COMMON = ['SessionSetupReq', 'ServiceDiscoveryReq', 'PaymentServiceSelectionReq', 'AuthorizationReq', 'ChargeParameterDiscoveryReq'];
export const ISO2_AC_SEQUENCE = [...COMMON, 'PowerDeliveryReq', 'ChargingStatusReq', 'PowerDeliveryReq', 'SessionStopReq'];
export const ISO2_DC_SEQUENCE = [
  ...COMMON, 'CableCheckReq', 'PreChargeReq', 'PowerDeliveryReq', 'CurrentDemandReq', 'PowerDeliveryReq', 'WeldingDetectionReq', 'SessionStopReq',
];

/** PnC: PaymentDetails between PaymentServiceSelection and Authorization. */
function withPnc(seq: readonly string[]): string[] {
  const i = seq.indexOf('AuthorizationReq');
  return [...seq.slice(0, i), 'PaymentDetailsReq', ...seq.slice(i)];
}

export function evStatus(state: ProcedureState): Record<string, unknown> {
  return { EVReady: true, EVErrorCode: 'NO_ERROR', EVRESSSOC: Math.round(num(state, 'evSoc', 40)) };
}

/** The energy transfer mode to request: the PICS value, else the first the SECC offered for the session's energy. */
export function requestedMode(state: ProcedureState): string {
  const own = state.params.values.energyTransferMode;
  if (typeof own === 'string') return own;
  const mine = state.params.energy === 'AC' ? AC_MODES : DC_MODES;
  const stored = Array.isArray(state.vars.offeredModes) ? (state.vars.offeredModes as string[]) : [];
  return stored.find((m) => mine.includes(m)) ?? (state.params.energy === 'AC' ? 'AC_three_phase_core' : 'DC_extended');
}

function chargingProfile(state: ProcedureState): Record<string, unknown> {
  const evPower = state.params.energy === 'AC'
    ? num(state, 'evMaxCurrentA', 32) * num(state, 'evMaxVoltageV', 400)
    : num(state, 'evMaxPowerW', 50_000);
  const pmax = typeof state.vars.scheduleMinPMax === 'number' && Number.isFinite(state.vars.scheduleMinPMax) ? state.vars.scheduleMinPMax : evPower;
  return { ProfileEntry: [{ ChargingProfileEntryStart: 0, ChargingProfileEntryMaxPower: pv(Math.min(evPower, pmax), 'W') }] };
}

function dcTarget(state: ProcedureState): { voltage: number; current: number } {
  const evseMaxCurrent = typeof state.vars.evseMaxCurrent === 'number' ? state.vars.evseMaxCurrent : Number.POSITIVE_INFINITY;
  const current = Math.min(num(state, 'evTargetCurrentA', 50), num(state, 'evMaxCurrentA', 125), evseMaxCurrent);
  return { voltage: num(state, 'evTargetVoltageV', 400), current };
}

function buildRequest(name: string, state: ProcedureState): Record<string, unknown> {
  const v = state.params;
  switch (name) {
    case 'SessionSetupReq':
      return { EVCCID: evccIdHex(v.ownId) };
    case 'ServiceDiscoveryReq':
      return {};
    case 'ServiceDetailReq': {
      const listed = arr(rec(state.vars.serviceList).Service).map((s) => rec(s).ServiceID).find((id) => typeof id === 'number');
      return { ServiceID: listed ?? (typeof state.vars.chargeServiceId === 'number' ? state.vars.chargeServiceId : 1) };
    }
    case 'PaymentServiceSelectionReq':
      return {
        SelectedPaymentOption: paymentOption(v.payment),
        SelectedServiceList: { SelectedService: [{ ServiceID: typeof state.vars.chargeServiceId === 'number' ? state.vars.chargeServiceId : 1 }, ...certSelection(state)] },
      };
    case 'AuthorizationReq':
      return {};
    case 'ChargeParameterDiscoveryReq':
      return v.energy === 'AC'
        ? {
            RequestedEnergyTransferMode: requestedMode(state),
            AC_EVChargeParameter: {
              DepartureTime: Math.round(num(state, 'departureTimeS', 7200)),
              EAmount: pv(num(state, 'evEnergyRequestWh', 20_000), 'Wh'),
              EVMaxVoltage: pv(num(state, 'evMaxVoltageV', 400), 'V'),
              EVMaxCurrent: pv(num(state, 'evMaxCurrentA', 32), 'A'),
              EVMinCurrent: pv(num(state, 'evMinCurrentA', 6), 'A'),
            },
          }
        : {
            RequestedEnergyTransferMode: requestedMode(state),
            DC_EVChargeParameter: {
              DC_EVStatus: evStatus(state),
              EVMaximumCurrentLimit: pv(num(state, 'evMaxCurrentA', 125), 'A'),
              EVMaximumPowerLimit: pv(num(state, 'evMaxPowerW', 50_000), 'W'),
              EVMaximumVoltageLimit: pv(num(state, 'evMaxVoltageV', 450), 'V'),
              EVEnergyRequest: pv(num(state, 'evEnergyRequestWh', 40_000), 'Wh'),
              FullSOC: 100,
              BulkSOC: 80,
            },
          };
    case 'CableCheckReq':
    case 'WeldingDetectionReq':
      return { DC_EVStatus: evStatus(state) };
    case 'PreChargeReq':
      return { DC_EVStatus: evStatus(state), EVTargetVoltage: pv(num(state, 'evBatteryVoltageV', 380), 'V'), EVTargetCurrent: pv(2, 'A') };
    case 'PowerDeliveryReq': {
      const start = state.vars.started !== true && state.vars.stopped !== true;
      const body: Record<string, unknown> = {
        ChargeProgress: start ? 'Start' : 'Stop',
        SAScheduleTupleID: typeof state.vars.scheduleId === 'number' ? state.vars.scheduleId : 1,
      };
      if (start) body.ChargingProfile = chargingProfile(state);
      if (v.energy === 'DC') body.DC_EVPowerDeliveryParameter = { DC_EVStatus: evStatus(state), ChargingComplete: !start };
      return body;
    }
    case 'ChargingStatusReq':
      return {};
    case 'CurrentDemandReq': {
      const t = dcTarget(state);
      return {
        DC_EVStatus: evStatus(state),
        EVTargetCurrent: pv(t.current, 'A'),
        EVMaximumVoltageLimit: pv(num(state, 'evMaxVoltageV', 450), 'V'),
        EVMaximumCurrentLimit: pv(num(state, 'evMaxCurrentA', 125), 'A'),
        EVMaximumPowerLimit: pv(num(state, 'evMaxPowerW', 50_000), 'W'),
        BulkChargingComplete: false,
        ChargingComplete: false,
        RemainingTimeToFullSoC: pv(1800, 's'),
        RemainingTimeToBulkSoC: pv(1200, 's'),
        EVTargetVoltage: pv(t.voltage, 'V'),
      };
    }
    case 'MeteringReceiptReq':
      return { SessionID: state.sessionId.toLowerCase(), MeterInfo: rec(state.vars.meterInfo).MeterID ? state.vars.meterInfo : { MeterID: 'unknown' } };
    case 'SessionStopReq':
      return { ChargingSession: 'Terminate' };
    default:
      throw new Error(`the harness EVCC cannot build an ISO 15118-2 ${name} (not a request it sends)`);
  }
}

function ongoing(response: V2gMessage): boolean {
  return String(response.body.EVSEProcessing ?? 'Finished').startsWith('Ongoing');
}

/** Repeat while the SECC says Ongoing (the driver bounds the loop by loopTimer). */
function loopWhileOngoing(response: V2gMessage): NextStep {
  return ongoing(response) ? 'again' : 'next';
}

const LOOP_TIMERS: Readonly<Record<string, V2gTimerName>> = {
  AuthorizationReq: 'evccOngoing',
  ChargeParameterDiscoveryReq: 'evccOngoing',
  CableCheckReq: 'evccCableCheck',
  PreChargeReq: 'evccPreCharge',
};

function record(response: V2gMessage, request: V2gMessage, state: ProcedureState): void {
  const b = response.body;
  switch (response.name) {
    case 'SessionSetupRes':
      state.vars.evseId = b.EVSEID;
      break;
    case 'ServiceDiscoveryRes': {
      const cs = rec(b.ChargeService);
      state.vars.chargeServiceId = cs.ServiceID;
      state.vars.offeredModes = arr(rec(cs.SupportedEnergyTransferMode).EnergyTransferMode);
      state.vars.paymentOptions = arr(rec(b.PaymentOptionList).PaymentOption);
      state.vars.serviceList = b.ServiceList;
      break;
    }
    case 'ChargeParameterDiscoveryRes': {
      const tuples = arr(rec(b.SAScheduleList).SAScheduleTuple);
      if (tuples.length > 0) {
        const t = rec(tuples[0]);
        state.vars.scheduleId = t.SAScheduleTupleID;
        const pmax = arr(rec(t.PMaxSchedule).PMaxScheduleEntry).map((e) => pvValue(rec(e).PMax));
        state.vars.scheduleMinPMax = pmax.length > 0 ? Math.min(...pmax) : Number.NaN;
      }
      const dc = rec(b.DC_EVSEChargeParameter);
      if (dc.EVSEMaximumCurrentLimit) state.vars.evseMaxCurrent = pvValue(dc.EVSEMaximumCurrentLimit);
      break;
    }
    case 'PaymentServiceSelectionRes': // [V2G2-741]: a resumed session offers this option only (vars.paused after resume)
      state.vars.selectedPayment = request.body.SelectedPaymentOption;
      break;
    case 'PowerDeliveryRes':
      if (request.body.ChargeProgress === 'Start') state.vars.started = true;
      if (request.body.ChargeProgress === 'Stop') {
        state.vars.started = false;
        state.vars.stopped = true;
      }
      break;
    case 'ChargingStatusRes':
    case 'CurrentDemandRes':
      if (b.MeterInfo) state.vars.meterInfo = b.MeterInfo;
      state.vars.loops = (typeof state.vars.loops === 'number' ? state.vars.loops : 0) + 1;
      break;
    default:
      break;
  }
}

function stopRequested(response: V2gMessage): boolean {
  const status = rec(response.body.AC_EVSEStatus ?? response.body.DC_EVSEStatus);
  return status.EVSENotification === 'StopCharging';
}

export function createIso2EvccProcedure(energy: EnergyMode, payment: PaymentOption = 'EIM'): EvccProcedure {
  const codec = iso2Codec();
  const base = energy === 'AC' ? ISO2_AC_SEQUENCE : ISO2_DC_SEQUENCE;
  // the session's state, seen at its first request: a step may set it to install / update its contract (cert-provisioning.ts)
  let session: ProcedureState | undefined;
  return {
    standard: 'iso15118-2',
    energy,
    codec,
    get sequence() {
      return payment === 'PnC' ? withCertProvisioning(withPnc(base), session) : base;
    },
    request: (name, state) => {
      session = state;
      return certEvccRequest(name, state) ?? pncEvccRequest(name, state) ?? { name, body: buildRequest(name, state) };
    },
    timer: evccTimer,
    loopTimer: (name) => LOOP_TIMERS[name],
    after(response, request, state): NextStep {
      record(response, request, state);
      recordPncResponse(response, state);
      recordCertProvisioning(response, request, state);
      const code = codec.responseCode(response) ?? '';
      if (code.startsWith('FAILED')) return 'stop';
      switch (response.name) {
        case 'AuthorizationRes':
          return loopWhileOngoing(response);
        case 'ChargeParameterDiscoveryRes':
          return loopWhileOngoing(response);
        case 'CableCheckRes':
          return loopWhileOngoing(response);
        case 'PreChargeRes': {
          const gap = Math.abs(pvValue(response.body.EVSEPresentVoltage) - pvValue(request.body.EVTargetVoltage));
          return gap <= num(state, 'preChargeToleranceV', 20) ? 'next' : 'again';
        }
        case 'ChargingStatusRes':
        case 'CurrentDemandRes':
          if (stopRequested(response)) return 'next';
          return (state.vars.loops as number) < num(state, 'chargeLoops', 3) ? 'again' : 'next';
        case 'SessionStopRes':
          return 'stop';
        default:
          return 'next';
      }
    },
    check: (response, request, state) => [
      ...checkIso2Response(response, request, state),
      ...(response.name === 'PaymentDetailsRes' ? checkPaymentDetailsRes(response.body) : []),
      ...checkCertProvisioningRes(response, request, state),
    ],
  };
}
