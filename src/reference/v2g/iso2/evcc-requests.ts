/**
 * The reference EVCC's ISO 15118-2 request bodies, from its variant's values (config.ts: maxVoltageV,
 * maxCurrentA, maxPowerW, targetVoltageV, targetCurrentA, batteryCapacityWh, socPct, acMaxCurrentA, acPhases)
 * and what the SECC answered so far; faults change single fields.
 */
import type { RefEvccConfig, RefEvccContext } from '../types';
import { authorizationBody, type EvccPncState, paymentDetailsBody } from './pnc-evcc';
import { CERT_SERVICE_ID, parameterSetOf } from './cert-evcc';
import { numberOr, phys, type Body } from './util';

export interface EvccSession {
  config: RefEvccConfig;
  sessionId: string;
  /** The response name awaited. */
  expect: string;
  lastReq: string;
  lastBody: Body;
  offeredPayments: string[];
  offeredModes: string[];
  chargeServiceId: number;
  detailId: number | undefined;
  scheduleId: number;
  /** Smallest PMax of the chosen schedule (W). */
  pmaxW: number;
  evseMaxCurrentA: number;
  charging: boolean;
  loops: number;
  maxLoops: number;
  loopStart: Map<string, number>;
  /** Pause once (config.values.pauseOnce): 'pending' → SessionStop(Pause) → 'paused' → resumed by start(). */
  pause?: 'pending' | 'paused' | 'resumed';
  /** Plug and Charge (pnc-evcc.ts). */
  pnc: EvccPncState;
}

function v(s: EvccSession, key: string, fallback: number): number {
  return numberOr(s.config.values, key, fallback);
}

function status(s: EvccSession): Body {
  return { EVReady: true, EVErrorCode: 'NO_ERROR', EVRESSSOC: Math.round(v(s, 'socPct', 30)) };
}

function payment(s: EvccSession, ctx: RefEvccContext): string {
  const own = s.config.payment === 'PnC' ? 'Contract' : 'ExternalPayment';
  if (s.pause === 'resumed' && ctx.faults.has('iso2-resume-changes-payment')) return own === 'Contract' ? 'ExternalPayment' : 'Contract';
  if (!ctx.faults.has('iso2-wrong-selected-payment')) return own;
  return ['ExternalPayment', 'Contract'].find((p) => !s.offeredPayments.includes(p)) ?? (own === 'Contract' ? 'ExternalPayment' : 'Contract');
}

function mode(s: EvccSession, ctx: RefEvccContext): string {
  const wantAc = (s.config.energy === 'AC') !== ctx.faults.has('iso2-wrong-energy-mode');
  const found = s.offeredModes.find((m) => m.startsWith(wantAc ? 'AC' : 'DC'));
  return found ?? (wantAc ? (v(s, 'acPhases', 3) === 1 ? 'AC_single_phase_core' : 'AC_three_phase_core') : 'DC_extended');
}

function evPowerW(s: EvccSession): number {
  return s.config.energy === 'AC' ? v(s, 'acMaxCurrentA', 16) * 230 * v(s, 'acPhases', 3) : v(s, 'maxPowerW', 50_000);
}

function profile(s: EvccSession, ctx: RefEvccContext): Body {
  const pmax = Number.isFinite(s.pmaxW) ? s.pmaxW : evPowerW(s);
  const power = ctx.faults.has('iso2-exceeds-schedule') ? pmax * 2 : Math.min(evPowerW(s), pmax);
  const entry: Body = { ChargingProfileEntryStart: 0, ChargingProfileEntryMaxPower: phys(power, 'W') };
  if (s.config.energy === 'AC') entry.ChargingProfileEntryMaxNumberOfPhasesInUse = v(s, 'acPhases', 3);
  return { ProfileEntry: [entry] };
}

export function evccRequest(s: EvccSession, name: string, ctx: RefEvccContext): Body {
  const f = ctx.faults;
  switch (name) {
    case 'SessionSetupReq':
      return { EVCCID: f.has('iso2-bad-evccid') ? s.config.evccId.slice(0, 6) : s.config.evccId.toLowerCase() };
    case 'ServiceDiscoveryReq':
      return {};
    case 'ServiceDetailReq':
      return { ServiceID: f.has('iso2-servicedetail-unlisted') ? 99 : (s.detailId ?? s.chargeServiceId) };
    case 'PaymentServiceSelectionReq': {
      const services: Body[] = f.has('iso2-no-charge-service') ? [{ ServiceID: s.detailId ?? 3 }] : [{ ServiceID: s.chargeServiceId }];
      const cert = s.pnc.cert?.choice;
      if (cert) services.push({ ServiceID: CERT_SERVICE_ID, ParameterSetID: parameterSetOf(cert) });
      return { SelectedPaymentOption: payment(s, ctx), SelectedServiceList: { SelectedService: services } };
    }
    case 'PaymentDetailsReq':
      return paymentDetailsBody(ctx, s.pnc);
    case 'AuthorizationReq':
      return s.config.payment === 'PnC' ? authorizationBody(s.pnc, ctx) : {};
    case 'ChargeParameterDiscoveryReq': {
      const requested = mode(s, ctx);
      const capacity = v(s, 'batteryCapacityWh', 64_000);
      const need = Math.round(capacity * (1 - v(s, 'socPct', 30) / 100));
      if (requested.startsWith('AC')) {
        const max = v(s, 'acMaxCurrentA', 16);
        return {
          RequestedEnergyTransferMode: requested,
          AC_EVChargeParameter: {
            DepartureTime: 3600, EAmount: phys(need, 'Wh'), EVMaxVoltage: phys(400, 'V'), EVMaxCurrent: phys(max, 'A'),
            EVMinCurrent: phys(f.has('iso2-min-above-max') ? max + 6 : 6, 'A'),
          },
        };
      }
      return {
        RequestedEnergyTransferMode: requested,
        DC_EVChargeParameter: {
          DC_EVStatus: status(s), EVMaximumCurrentLimit: phys(v(s, 'maxCurrentA', 200), 'A'), EVMaximumPowerLimit: phys(v(s, 'maxPowerW', 90_000), 'W'),
          EVMaximumVoltageLimit: phys(v(s, 'maxVoltageV', 450), 'V'), EVEnergyCapacity: phys(capacity, 'Wh'), EVEnergyRequest: phys(need, 'Wh'), FullSOC: 100, BulkSOC: 80,
        },
      };
    }
    case 'CableCheckReq':
    case 'WeldingDetectionReq':
      return { DC_EVStatus: status(s) };
    case 'PreChargeReq':
      return { DC_EVStatus: status(s), EVTargetVoltage: phys(v(s, 'targetVoltageV', 400), 'V'), EVTargetCurrent: phys(f.has('iso2-precharge-overcurrent') ? 10 : 1, 'A') };
    case 'PowerDeliveryReq': {
      const start = !s.charging;
      const body: Body = { ChargeProgress: start ? 'Start' : 'Stop', SAScheduleTupleID: s.scheduleId };
      if (start) body.ChargingProfile = profile(s, ctx);
      if (s.config.energy === 'DC') body.DC_EVPowerDeliveryParameter = { DC_EVStatus: status(s), ChargingComplete: !start };
      return body;
    }
    case 'ChargingStatusReq':
      return {};
    case 'CurrentDemandReq': {
      const max = v(s, 'maxCurrentA', 200);
      const target = f.has('iso2-target-above-max') ? max + 20 : Math.min(v(s, 'targetCurrentA', 100), max, s.evseMaxCurrentA);
      return {
        DC_EVStatus: status(s), EVTargetCurrent: phys(target, 'A'), EVMaximumVoltageLimit: phys(v(s, 'maxVoltageV', 450), 'V'),
        EVMaximumCurrentLimit: phys(max, 'A'), EVMaximumPowerLimit: phys(v(s, 'maxPowerW', 90_000), 'W'),
        BulkChargingComplete: false, ChargingComplete: false, RemainingTimeToFullSoC: phys(1800, 's'), EVTargetVoltage: phys(v(s, 'targetVoltageV', 400), 'V'),
      };
    }
    case 'SessionStopReq':
      return { ChargingSession: s.pause === 'pending' ? 'Pause' : 'Terminate' };
    default:
      throw new Error(`the reference EVCC does not send ${name}`);
  }
}
