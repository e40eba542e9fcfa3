/**
 * What the harness SECC checks in each ISO 15118-2 request of the EVCC under test: the payment and service it
 * selects were offered, its charge parameters are coherent, its charging profile stays inside the schedule the
 * SECC gave (PMax), its DC targets stay inside its own maximums and the EVSE's. One line per problem.
 */
import type { EnergyMode, V2gMessage } from '../../messages/types';
import type { ProcedureState } from '../procedure';
import { AC_MODES, arr, DC_MODES, evsePMax, offeredModes, offeredPayments, pvValue, rec } from './common';

type Checker = (b: Record<string, unknown>, state: ProcedureState, energy: EnergyMode) => string[];

const CHECKS: Record<string, Checker> = {
  SessionSetupReq(b) {
    return typeof b.EVCCID === 'string' && /^[0-9a-f]{12}$/i.test(b.EVCCID) ? [] : [`SessionSetupReq.EVCCID ${JSON.stringify(b.EVCCID)} is not a 6-byte MAC`];
  },
  ServiceDetailReq(b) {
    return b.ServiceID === 1 || b.ServiceID === 3 ? [] : [`ServiceDetailReq.ServiceID ${String(b.ServiceID)} was not listed in ServiceDiscoveryRes (1, 3)`];
  },
  PaymentServiceSelectionReq(b, state) {
    const out: string[] = [];
    const offered = offeredPayments(state);
    const paused = typeof state.vars.resumeFrom === 'string' ? rec(state.vars.paused).selectedPayment : undefined;
    if (typeof paused === 'string' && b.SelectedPaymentOption !== paused) out.push(`PaymentServiceSelectionReq.SelectedPaymentOption ${String(b.SelectedPaymentOption)} in resumed session ${String(state.vars.resumeFrom)}: [V2G2-741] it keeps the option selected before the pause (${paused})`);
    if (!offered.includes(String(b.SelectedPaymentOption))) out.push(`PaymentServiceSelectionReq.SelectedPaymentOption ${String(b.SelectedPaymentOption)} was not offered (${offered.join(', ')})`);
    const ids = arr(rec(b.SelectedServiceList).SelectedService).map((s) => rec(s).ServiceID);
    if (!ids.includes(1)) out.push(`PaymentServiceSelectionReq.SelectedServiceList ${JSON.stringify(ids)} lacks the charge service (ServiceID 1)`);
    return out;
  },
  ChargeParameterDiscoveryReq(b, state, energy) {
    const out: string[] = [];
    const mode = String(b.RequestedEnergyTransferMode);
    const mine = energy === 'AC' ? AC_MODES : DC_MODES;
    if (!mine.includes(mode) || !offeredModes(energy, state).includes(mode)) out.push(`ChargeParameterDiscoveryReq.RequestedEnergyTransferMode ${mode} was not offered (${offeredModes(energy, state).join(', ')})`);
    if (energy === 'AC') {
      const ac = rec(b.AC_EVChargeParameter);
      if (!b.AC_EVChargeParameter) out.push('ChargeParameterDiscoveryReq lacks AC_EVChargeParameter in an AC session');
      else if (pvValue(ac.EVMinCurrent) > pvValue(ac.EVMaxCurrent)) out.push(`AC_EVChargeParameter.EVMinCurrent ${pvValue(ac.EVMinCurrent)} A is above EVMaxCurrent ${pvValue(ac.EVMaxCurrent)} A`);
    } else {
      const dc = rec(b.DC_EVChargeParameter);
      if (!b.DC_EVChargeParameter) out.push('ChargeParameterDiscoveryReq lacks DC_EVChargeParameter in a DC session');
      else if (!(pvValue(dc.EVMaximumCurrentLimit) > 0) || !(pvValue(dc.EVMaximumVoltageLimit) > 0)) out.push('DC_EVChargeParameter: EVMaximumCurrentLimit and EVMaximumVoltageLimit must be positive');
    }
    return out;
  },
  PowerDeliveryReq(b, state, energy) {
    const out: string[] = [];
    if (b.SAScheduleTupleID !== 1) out.push(`PowerDeliveryReq.SAScheduleTupleID ${String(b.SAScheduleTupleID)} is not an offered schedule (1)`);
    const pmax = evsePMax(energy, state);
    for (const e of arr(rec(b.ChargingProfile).ProfileEntry).map(rec)) {
      const p = pvValue(e.ChargingProfileEntryMaxPower);
      if (p > pmax) out.push(`PowerDeliveryReq.ChargingProfile entry at ${String(e.ChargingProfileEntryStart)} s asks ${p} W, above the schedule's PMax ${pmax} W`);
    }
    if (energy === 'DC' && !b.DC_EVPowerDeliveryParameter) out.push('PowerDeliveryReq lacks DC_EVPowerDeliveryParameter in a DC session');
    return out;
  },
  PreChargeReq(b) {
    const current = pvValue(b.EVTargetCurrent);
    return current > 2 ? [`PreChargeReq.EVTargetCurrent ${current} A is above the 2 A a precharge may draw`] : [];
  },
  CurrentDemandReq(b, state) {
    const out: string[] = [];
    const target = pvValue(b.EVTargetCurrent);
    const cpd = rec(rec(state.vars.evRequest).DC_EVChargeParameter);
    const evMax = b.EVMaximumCurrentLimit ? pvValue(b.EVMaximumCurrentLimit) : pvValue(cpd.EVMaximumCurrentLimit);
    if (target > evMax) out.push(`CurrentDemandReq.EVTargetCurrent ${target} A is above the EV's own maximum current ${evMax} A`);
    const volt = pvValue(b.EVTargetVoltage);
    const evMaxV = b.EVMaximumVoltageLimit ? pvValue(b.EVMaximumVoltageLimit) : pvValue(cpd.EVMaximumVoltageLimit);
    if (volt > evMaxV) out.push(`CurrentDemandReq.EVTargetVoltage ${volt} V is above the EV's own maximum voltage ${evMaxV} V`);
    return out;
  },
  SessionStopReq(b) {
    return b.ChargingSession === 'Terminate' || b.ChargingSession === 'Pause' ? [] : [`SessionStopReq.ChargingSession ${String(b.ChargingSession)}`];
  },
};

export function checkIso2Request(energy: EnergyMode, request: V2gMessage, state: ProcedureState): string[] {
  const checker = CHECKS[request.name];
  return checker ? checker(request.body, state, energy) : [];
}
