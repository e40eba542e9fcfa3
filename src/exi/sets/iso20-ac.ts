// Message structures transcribed from the published schema (element names, types, order, occurrence).
// ISO 15118-20 AC messages (urn:iso:std:iso:15118:-20:AC).
import { type SchemaSpec, ct, e, r, seq } from '../schema';

export function defineIso20Ac(s: SchemaSpec): void {
  const ac = s.ns('urn:iso:std:iso:15118:-20:AC', { qualifiedAttributes: true });
  ac.element('AC_ChargeParameterDiscoveryReq', 'AC_ChargeParameterDiscoveryReqType');
  ac.complex('AC_ChargeParameterDiscoveryReqType', ct({ ext: 'ChargeParameterDiscoveryReqType', content: seq([
    r('AC_CPDReqEnergyTransferMode'),
  ]) }));
  ac.element('AC_ChargeParameterDiscoveryRes', 'AC_ChargeParameterDiscoveryResType');
  ac.complex('AC_ChargeParameterDiscoveryResType', ct({ ext: 'ChargeParameterDiscoveryResType', content: seq([
    r('AC_CPDResEnergyTransferMode'),
  ]) }));
  ac.element('AC_ChargeLoopReq', 'AC_ChargeLoopReqType');
  ac.complex('AC_ChargeLoopReqType', ct({ ext: 'ChargeLoopReqType', content: seq([r('CLReqControlMode')]) }));
  ac.element('AC_ChargeLoopRes', 'AC_ChargeLoopResType');
  ac.complex('AC_ChargeLoopResType', ct({ ext: 'ChargeLoopResType', content: seq([
    e('EVSETargetFrequency', 'RationalNumberType', '?'),
    r('CLResControlMode'),
  ]) }));
  ac.element('AC_CPDReqEnergyTransferMode', 'AC_CPDReqEnergyTransferModeType');
  ac.complex('AC_CPDReqEnergyTransferModeType', ct({ content: seq([
    e('EVMaximumChargePower', 'RationalNumberType'),
    e('EVMaximumChargePower_L2', 'RationalNumberType', '?'),
    e('EVMaximumChargePower_L3', 'RationalNumberType', '?'),
    e('EVMinimumChargePower', 'RationalNumberType'),
    e('EVMinimumChargePower_L2', 'RationalNumberType', '?'),
    e('EVMinimumChargePower_L3', 'RationalNumberType', '?'),
  ]) }));
  ac.element('AC_CPDResEnergyTransferMode', 'AC_CPDResEnergyTransferModeType');
  ac.complex('AC_CPDResEnergyTransferModeType', ct({ content: seq([
    e('EVSEMaximumChargePower', 'RationalNumberType'),
    e('EVSEMaximumChargePower_L2', 'RationalNumberType', '?'),
    e('EVSEMaximumChargePower_L3', 'RationalNumberType', '?'),
    e('EVSEMinimumChargePower', 'RationalNumberType'),
    e('EVSEMinimumChargePower_L2', 'RationalNumberType', '?'),
    e('EVSEMinimumChargePower_L3', 'RationalNumberType', '?'),
    e('EVSENominalFrequency', 'RationalNumberType'),
    e('MaximumPowerAsymmetry', 'RationalNumberType', '?'),
    e('EVSEPowerRampLimitation', 'RationalNumberType', '?'),
    e('EVSEPresentActivePower', 'RationalNumberType', '?'),
    e('EVSEPresentActivePower_L2', 'RationalNumberType', '?'),
    e('EVSEPresentActivePower_L3', 'RationalNumberType', '?'),
  ]) }));
  ac.element('BPT_AC_CPDReqEnergyTransferMode', 'BPT_AC_CPDReqEnergyTransferModeType', { subst: 'AC_CPDReqEnergyTransferMode' });
  ac.complex('BPT_AC_CPDReqEnergyTransferModeType', ct({ ext: 'AC_CPDReqEnergyTransferModeType', content: seq([
    e('EVMaximumDischargePower', 'RationalNumberType'),
    e('EVMaximumDischargePower_L2', 'RationalNumberType', '?'),
    e('EVMaximumDischargePower_L3', 'RationalNumberType', '?'),
    e('EVMinimumDischargePower', 'RationalNumberType'),
    e('EVMinimumDischargePower_L2', 'RationalNumberType', '?'),
    e('EVMinimumDischargePower_L3', 'RationalNumberType', '?'),
  ]) }));
  ac.element('BPT_AC_CPDResEnergyTransferMode', 'BPT_AC_CPDResEnergyTransferModeType', { subst: 'AC_CPDResEnergyTransferMode' });
  ac.complex('BPT_AC_CPDResEnergyTransferModeType', ct({ ext: 'AC_CPDResEnergyTransferModeType', content: seq([
    e('EVSEMaximumDischargePower', 'RationalNumberType'),
    e('EVSEMaximumDischargePower_L2', 'RationalNumberType', '?'),
    e('EVSEMaximumDischargePower_L3', 'RationalNumberType', '?'),
    e('EVSEMinimumDischargePower', 'RationalNumberType'),
    e('EVSEMinimumDischargePower_L2', 'RationalNumberType', '?'),
    e('EVSEMinimumDischargePower_L3', 'RationalNumberType', '?'),
  ]) }));
  ac.element('Scheduled_AC_CLReqControlMode', 'Scheduled_AC_CLReqControlModeType', { subst: 'CLReqControlMode' });
  ac.complex('Scheduled_AC_CLReqControlModeType', ct({ ext: 'Scheduled_CLReqControlModeType', content: seq([
    e('EVMaximumChargePower', 'RationalNumberType', '?'),
    e('EVMaximumChargePower_L2', 'RationalNumberType', '?'),
    e('EVMaximumChargePower_L3', 'RationalNumberType', '?'),
    e('EVMinimumChargePower', 'RationalNumberType', '?'),
    e('EVMinimumChargePower_L2', 'RationalNumberType', '?'),
    e('EVMinimumChargePower_L3', 'RationalNumberType', '?'),
    e('EVPresentActivePower', 'RationalNumberType'),
    e('EVPresentActivePower_L2', 'RationalNumberType', '?'),
    e('EVPresentActivePower_L3', 'RationalNumberType', '?'),
    e('EVPresentReactivePower', 'RationalNumberType', '?'),
    e('EVPresentReactivePower_L2', 'RationalNumberType', '?'),
    e('EVPresentReactivePower_L3', 'RationalNumberType', '?'),
  ]) }));
  ac.element('Scheduled_AC_CLResControlMode', 'Scheduled_AC_CLResControlModeType', { subst: 'CLResControlMode' });
  ac.complex('Scheduled_AC_CLResControlModeType', ct({ ext: 'Scheduled_CLResControlModeType', content: seq([
    e('EVSETargetActivePower', 'RationalNumberType', '?'),
    e('EVSETargetActivePower_L2', 'RationalNumberType', '?'),
    e('EVSETargetActivePower_L3', 'RationalNumberType', '?'),
    e('EVSETargetReactivePower', 'RationalNumberType', '?'),
    e('EVSETargetReactivePower_L2', 'RationalNumberType', '?'),
    e('EVSETargetReactivePower_L3', 'RationalNumberType', '?'),
    e('EVSEPresentActivePower', 'RationalNumberType', '?'),
    e('EVSEPresentActivePower_L2', 'RationalNumberType', '?'),
    e('EVSEPresentActivePower_L3', 'RationalNumberType', '?'),
  ]) }));
  ac.element('BPT_Scheduled_AC_CLReqControlMode', 'BPT_Scheduled_AC_CLReqControlModeType', { subst: 'Scheduled_AC_CLReqControlMode' });
  ac.complex('BPT_Scheduled_AC_CLReqControlModeType', ct({ ext: 'Scheduled_AC_CLReqControlModeType', content: seq([
    e('EVMaximumDischargePower', 'RationalNumberType', '?'),
    e('EVMaximumDischargePower_L2', 'RationalNumberType', '?'),
    e('EVMaximumDischargePower_L3', 'RationalNumberType', '?'),
    e('EVMinimumDischargePower', 'RationalNumberType', '?'),
    e('EVMinimumDischargePower_L2', 'RationalNumberType', '?'),
    e('EVMinimumDischargePower_L3', 'RationalNumberType', '?'),
  ]) }));
  ac.element('BPT_Scheduled_AC_CLResControlMode', 'BPT_Scheduled_AC_CLResControlModeType', { subst: 'Scheduled_AC_CLResControlMode' });
  ac.complex('BPT_Scheduled_AC_CLResControlModeType', ct({ ext: 'Scheduled_AC_CLResControlModeType' }));
  ac.element('Dynamic_AC_CLReqControlMode', 'Dynamic_AC_CLReqControlModeType', { subst: 'CLReqControlMode' });
  ac.complex('Dynamic_AC_CLReqControlModeType', ct({ ext: 'Dynamic_CLReqControlModeType', content: seq([
    e('EVMaximumChargePower', 'RationalNumberType'),
    e('EVMaximumChargePower_L2', 'RationalNumberType', '?'),
    e('EVMaximumChargePower_L3', 'RationalNumberType', '?'),
    e('EVMinimumChargePower', 'RationalNumberType'),
    e('EVMinimumChargePower_L2', 'RationalNumberType', '?'),
    e('EVMinimumChargePower_L3', 'RationalNumberType', '?'),
    e('EVPresentActivePower', 'RationalNumberType'),
    e('EVPresentActivePower_L2', 'RationalNumberType', '?'),
    e('EVPresentActivePower_L3', 'RationalNumberType', '?'),
    e('EVPresentReactivePower', 'RationalNumberType'),
    e('EVPresentReactivePower_L2', 'RationalNumberType', '?'),
    e('EVPresentReactivePower_L3', 'RationalNumberType', '?'),
  ]) }));
  ac.element('Dynamic_AC_CLResControlMode', 'Dynamic_AC_CLResControlModeType', { subst: 'CLResControlMode' });
  ac.complex('Dynamic_AC_CLResControlModeType', ct({ ext: 'Dynamic_CLResControlModeType', content: seq([
    e('EVSETargetActivePower', 'RationalNumberType'),
    e('EVSETargetActivePower_L2', 'RationalNumberType', '?'),
    e('EVSETargetActivePower_L3', 'RationalNumberType', '?'),
    e('EVSETargetReactivePower', 'RationalNumberType', '?'),
    e('EVSETargetReactivePower_L2', 'RationalNumberType', '?'),
    e('EVSETargetReactivePower_L3', 'RationalNumberType', '?'),
    e('EVSEPresentActivePower', 'RationalNumberType', '?'),
    e('EVSEPresentActivePower_L2', 'RationalNumberType', '?'),
    e('EVSEPresentActivePower_L3', 'RationalNumberType', '?'),
  ]) }));
  ac.element('BPT_Dynamic_AC_CLReqControlMode', 'BPT_Dynamic_AC_CLReqControlModeType', { subst: 'Dynamic_AC_CLReqControlMode' });
  ac.complex('BPT_Dynamic_AC_CLReqControlModeType', ct({ ext: 'Dynamic_AC_CLReqControlModeType', content: seq([
    e('EVMaximumDischargePower', 'RationalNumberType'),
    e('EVMaximumDischargePower_L2', 'RationalNumberType', '?'),
    e('EVMaximumDischargePower_L3', 'RationalNumberType', '?'),
    e('EVMinimumDischargePower', 'RationalNumberType'),
    e('EVMinimumDischargePower_L2', 'RationalNumberType', '?'),
    e('EVMinimumDischargePower_L3', 'RationalNumberType', '?'),
    e('EVMaximumV2XEnergyRequest', 'RationalNumberType', '?'),
    e('EVMinimumV2XEnergyRequest', 'RationalNumberType', '?'),
  ]) }));
  ac.element('BPT_Dynamic_AC_CLResControlMode', 'BPT_Dynamic_AC_CLResControlModeType', { subst: 'Dynamic_AC_CLResControlMode' });
  ac.complex('BPT_Dynamic_AC_CLResControlModeType', ct({ ext: 'Dynamic_AC_CLResControlModeType' }));
}
