// Message structures transcribed from the published schema (element names, types, order, occurrence).
// ISO 15118-20 DC messages (urn:iso:std:iso:15118:-20:DC).
import { type SchemaSpec, ct, e, r, seq } from '../schema';

export function defineIso20Dc(s: SchemaSpec): void {
  const dc = s.ns('urn:iso:std:iso:15118:-20:DC', { qualifiedAttributes: true });
  dc.element('DC_ChargeParameterDiscoveryReq', 'DC_ChargeParameterDiscoveryReqType');
  dc.complex('DC_ChargeParameterDiscoveryReqType', ct({ ext: 'ChargeParameterDiscoveryReqType', content: seq([
    r('DC_CPDReqEnergyTransferMode'),
  ]) }));
  dc.element('DC_ChargeParameterDiscoveryRes', 'DC_ChargeParameterDiscoveryResType');
  dc.complex('DC_ChargeParameterDiscoveryResType', ct({ ext: 'ChargeParameterDiscoveryResType', content: seq([
    r('DC_CPDResEnergyTransferMode'),
  ]) }));
  dc.element('DC_CableCheckReq', 'DC_CableCheckReqType');
  dc.complex('DC_CableCheckReqType', ct({ ext: 'V2GRequestType' }));
  dc.element('DC_CableCheckRes', 'DC_CableCheckResType');
  dc.complex('DC_CableCheckResType', ct({ ext: 'V2GResponseType', content: seq([
    e('EVSEProcessing', 'processingType'),
  ]) }));
  dc.element('DC_PreChargeReq', 'DC_PreChargeReqType');
  dc.complex('DC_PreChargeReqType', ct({ ext: 'V2GRequestType', content: seq([
    e('EVProcessing', 'processingType'),
    e('EVPresentVoltage', 'RationalNumberType'),
    e('EVTargetVoltage', 'RationalNumberType'),
  ]) }));
  dc.element('DC_PreChargeRes', 'DC_PreChargeResType');
  dc.complex('DC_PreChargeResType', ct({ ext: 'V2GResponseType', content: seq([
    e('EVSEPresentVoltage', 'RationalNumberType'),
  ]) }));
  dc.element('DC_ChargeLoopReq', 'DC_ChargeLoopReqType');
  dc.complex('DC_ChargeLoopReqType', ct({ ext: 'ChargeLoopReqType', content: seq([
    e('EVPresentVoltage', 'RationalNumberType'),
    r('CLReqControlMode'),
  ]) }));
  dc.element('DC_ChargeLoopRes', 'DC_ChargeLoopResType');
  dc.complex('DC_ChargeLoopResType', ct({ ext: 'ChargeLoopResType', content: seq([
    e('EVSEPresentCurrent', 'RationalNumberType'),
    e('EVSEPresentVoltage', 'RationalNumberType'),
    e('EVSEPowerLimitAchieved', 'xs:boolean'),
    e('EVSECurrentLimitAchieved', 'xs:boolean'),
    e('EVSEVoltageLimitAchieved', 'xs:boolean'),
    r('CLResControlMode'),
  ]) }));
  dc.element('DC_WeldingDetectionReq', 'DC_WeldingDetectionReqType');
  dc.complex('DC_WeldingDetectionReqType', ct({ ext: 'V2GRequestType', content: seq([
    e('EVProcessing', 'processingType'),
  ]) }));
  dc.element('DC_WeldingDetectionRes', 'DC_WeldingDetectionResType');
  dc.complex('DC_WeldingDetectionResType', ct({ ext: 'V2GResponseType', content: seq([
    e('EVSEPresentVoltage', 'RationalNumberType'),
  ]) }));
  dc.element('DC_CPDReqEnergyTransferMode', 'DC_CPDReqEnergyTransferModeType');
  dc.complex('DC_CPDReqEnergyTransferModeType', ct({ content: seq([
    e('EVMaximumChargePower', 'RationalNumberType'),
    e('EVMinimumChargePower', 'RationalNumberType'),
    e('EVMaximumChargeCurrent', 'RationalNumberType'),
    e('EVMinimumChargeCurrent', 'RationalNumberType'),
    e('EVMaximumVoltage', 'RationalNumberType'),
    e('EVMinimumVoltage', 'RationalNumberType'),
    e('TargetSOC', 'percentValueType', '?'),
  ]) }));
  dc.element('DC_CPDResEnergyTransferMode', 'DC_CPDResEnergyTransferModeType');
  dc.complex('DC_CPDResEnergyTransferModeType', ct({ content: seq([
    e('EVSEMaximumChargePower', 'RationalNumberType'),
    e('EVSEMinimumChargePower', 'RationalNumberType'),
    e('EVSEMaximumChargeCurrent', 'RationalNumberType'),
    e('EVSEMinimumChargeCurrent', 'RationalNumberType'),
    e('EVSEMaximumVoltage', 'RationalNumberType'),
    e('EVSEMinimumVoltage', 'RationalNumberType'),
    e('EVSEPowerRampLimitation', 'RationalNumberType', '?'),
  ]) }));
  dc.element('BPT_DC_CPDReqEnergyTransferMode', 'BPT_DC_CPDReqEnergyTransferModeType', { subst: 'DC_CPDReqEnergyTransferMode' });
  dc.complex('BPT_DC_CPDReqEnergyTransferModeType', ct({ ext: 'DC_CPDReqEnergyTransferModeType', content: seq([
    e('EVMaximumDischargePower', 'RationalNumberType'),
    e('EVMinimumDischargePower', 'RationalNumberType'),
    e('EVMaximumDischargeCurrent', 'RationalNumberType'),
    e('EVMinimumDischargeCurrent', 'RationalNumberType'),
  ]) }));
  dc.element('BPT_DC_CPDResEnergyTransferMode', 'BPT_DC_CPDResEnergyTransferModeType', { subst: 'DC_CPDResEnergyTransferMode' });
  dc.complex('BPT_DC_CPDResEnergyTransferModeType', ct({ ext: 'DC_CPDResEnergyTransferModeType', content: seq([
    e('EVSEMaximumDischargePower', 'RationalNumberType'),
    e('EVSEMinimumDischargePower', 'RationalNumberType'),
    e('EVSEMaximumDischargeCurrent', 'RationalNumberType'),
    e('EVSEMinimumDischargeCurrent', 'RationalNumberType'),
  ]) }));
  dc.element('Scheduled_DC_CLReqControlMode', 'Scheduled_DC_CLReqControlModeType', { subst: 'CLReqControlMode' });
  dc.complex('Scheduled_DC_CLReqControlModeType', ct({ ext: 'Scheduled_CLReqControlModeType', content: seq([
    e('EVTargetCurrent', 'RationalNumberType'),
    e('EVTargetVoltage', 'RationalNumberType'),
    e('EVMaximumChargePower', 'RationalNumberType', '?'),
    e('EVMinimumChargePower', 'RationalNumberType', '?'),
    e('EVMaximumChargeCurrent', 'RationalNumberType', '?'),
    e('EVMaximumVoltage', 'RationalNumberType', '?'),
    e('EVMinimumVoltage', 'RationalNumberType', '?'),
  ]) }));
  dc.element('Scheduled_DC_CLResControlMode', 'Scheduled_DC_CLResControlModeType', { subst: 'CLResControlMode' });
  dc.complex('Scheduled_DC_CLResControlModeType', ct({ ext: 'Scheduled_CLResControlModeType', content: seq([
    e('EVSEMaximumChargePower', 'RationalNumberType', '?'),
    e('EVSEMinimumChargePower', 'RationalNumberType', '?'),
    e('EVSEMaximumChargeCurrent', 'RationalNumberType', '?'),
    e('EVSEMaximumVoltage', 'RationalNumberType', '?'),
  ]) }));
  dc.element('BPT_Scheduled_DC_CLReqControlMode', 'BPT_Scheduled_DC_CLReqControlModeType', { subst: 'Scheduled_DC_CLReqControlMode' });
  dc.complex('BPT_Scheduled_DC_CLReqControlModeType', ct({ ext: 'Scheduled_DC_CLReqControlModeType', content: seq([
    e('EVMaximumDischargePower', 'RationalNumberType', '?'),
    e('EVMinimumDischargePower', 'RationalNumberType', '?'),
    e('EVMaximumDischargeCurrent', 'RationalNumberType', '?'),
  ]) }));
  dc.element('BPT_Scheduled_DC_CLResControlMode', 'BPT_Scheduled_DC_CLResControlModeType', { subst: 'Scheduled_DC_CLResControlMode' });
  dc.complex('BPT_Scheduled_DC_CLResControlModeType', ct({ ext: 'Scheduled_DC_CLResControlModeType', content: seq([
    e('EVSEMaximumDischargePower', 'RationalNumberType', '?'),
    e('EVSEMinimumDischargePower', 'RationalNumberType', '?'),
    e('EVSEMaximumDischargeCurrent', 'RationalNumberType', '?'),
    e('EVSEMinimumVoltage', 'RationalNumberType', '?'),
  ]) }));
  dc.element('Dynamic_DC_CLReqControlMode', 'Dynamic_DC_CLReqControlModeType', { subst: 'CLReqControlMode' });
  dc.complex('Dynamic_DC_CLReqControlModeType', ct({ ext: 'Dynamic_CLReqControlModeType', content: seq([
    e('EVMaximumChargePower', 'RationalNumberType'),
    e('EVMinimumChargePower', 'RationalNumberType'),
    e('EVMaximumChargeCurrent', 'RationalNumberType'),
    e('EVMaximumVoltage', 'RationalNumberType'),
    e('EVMinimumVoltage', 'RationalNumberType'),
  ]) }));
  dc.element('Dynamic_DC_CLResControlMode', 'Dynamic_DC_CLResControlModeType', { subst: 'CLResControlMode' });
  dc.complex('Dynamic_DC_CLResControlModeType', ct({ ext: 'Dynamic_CLResControlModeType', content: seq([
    e('EVSEMaximumChargePower', 'RationalNumberType'),
    e('EVSEMinimumChargePower', 'RationalNumberType'),
    e('EVSEMaximumChargeCurrent', 'RationalNumberType'),
    e('EVSEMaximumVoltage', 'RationalNumberType'),
  ]) }));
  dc.element('BPT_Dynamic_DC_CLReqControlMode', 'BPT_Dynamic_DC_CLReqControlModeType', { subst: 'Dynamic_DC_CLReqControlMode' });
  dc.complex('BPT_Dynamic_DC_CLReqControlModeType', ct({ ext: 'Dynamic_DC_CLReqControlModeType', content: seq([
    e('EVMaximumDischargePower', 'RationalNumberType'),
    e('EVMinimumDischargePower', 'RationalNumberType'),
    e('EVMaximumDischargeCurrent', 'RationalNumberType'),
    e('EVMaximumV2XEnergyRequest', 'RationalNumberType', '?'),
    e('EVMinimumV2XEnergyRequest', 'RationalNumberType', '?'),
  ]) }));
  dc.element('BPT_Dynamic_DC_CLResControlMode', 'BPT_Dynamic_DC_CLResControlModeType', { subst: 'Dynamic_DC_CLResControlMode' });
  dc.complex('BPT_Dynamic_DC_CLResControlModeType', ct({ ext: 'Dynamic_DC_CLResControlModeType', content: seq([
    e('EVSEMaximumDischargePower', 'RationalNumberType'),
    e('EVSEMinimumDischargePower', 'RationalNumberType'),
    e('EVSEMaximumDischargeCurrent', 'RationalNumberType'),
    e('EVSEMinimumVoltage', 'RationalNumberType'),
  ]) }));
}
