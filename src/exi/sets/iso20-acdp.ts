// Message structures transcribed from the published schema (element names, types, order, occurrence).
// ISO 15118-20 ACDP messages (urn:iso:std:iso:15118:-20:ACDP).
import { type SchemaSpec, ct, e, seq, st } from '../schema';

export function defineIso20Acdp(s: SchemaSpec): void {
  const acdp = s.ns('urn:iso:std:iso:15118:-20:ACDP', { qualifiedAttributes: true });
  acdp.element('ACDP_VehiclePositioningReq', 'ACDP_VehiclePositioningReqType');
  acdp.complex('ACDP_VehiclePositioningReqType', ct({ ext: 'V2GRequestType', content: seq([
    e('EVMobilityStatus', 'xs:boolean'),
    e('EVPositioningSupport', 'xs:boolean'),
  ]) }));
  acdp.element('ACDP_VehiclePositioningRes', 'ACDP_VehiclePositioningResType');
  acdp.complex('ACDP_VehiclePositioningResType', ct({ ext: 'V2GResponseType', content: seq([
    e('EVSEProcessing', 'processingType'),
    e('EVSEPositioningSupport', 'xs:boolean'),
    e('EVRelativeXDeviation', 'xs:short'),
    e('EVRelativeYDeviation', 'xs:short'),
    e('ContactWindowXc', 'xs:short'),
    e('ContactWindowYc', 'xs:short'),
    e('EVInChargePosition', 'xs:boolean'),
  ]) }));
  acdp.element('ACDP_ConnectReq', 'ACDP_ConnectReqType');
  acdp.complex('ACDP_ConnectReqType', ct({ ext: 'V2GRequestType', content: seq([
    e('EVElectricalChargingDeviceStatus', 'electricalChargingDeviceStatusType'),
  ]) }));
  acdp.element('ACDP_ConnectRes', 'ACDP_ConnectResType');
  acdp.complex('ACDP_ConnectResType', ct({ ext: 'V2GResponseType', content: seq([
    e('EVSEProcessing', 'processingType'),
    e('EVSEElectricalChargingDeviceStatus', 'electricalChargingDeviceStatusType'),
    e('EVSEMechanicalChargingDeviceStatus', 'mechanicalChargingDeviceStatusType'),
  ]) }));
  acdp.element('ACDP_DisconnectReq', 'ACDP_ConnectReqType');
  acdp.element('ACDP_DisconnectRes', 'ACDP_ConnectResType');
  acdp.element('ACDP_SystemStatusReq', 'ACDP_SystemStatusReqType');
  acdp.complex('ACDP_SystemStatusReqType', ct({ ext: 'V2GRequestType', content: seq([
    e('EVTechnicalStatus', 'EVTechnicalStatusType'),
  ]) }));
  acdp.element('ACDP_SystemStatusRes', 'ACDP_SystemStatusResType');
  acdp.complex('ACDP_SystemStatusResType', ct({ ext: 'V2GResponseType', content: seq([
    e('EVSEMechanicalChargingDeviceStatus', 'mechanicalChargingDeviceStatusType'),
    e('EVSEReadyToCharge', 'xs:boolean'),
    e('EVSEIsolationStatus', 'isolationStatusType'),
    e('EVSEDisabled', 'xs:boolean'),
    e('EVSEUtilityInterruptEvent', 'xs:boolean'),
    e('EVSEEmergencyShutdown', 'xs:boolean'),
    e('EVSEMalfunction', 'xs:boolean'),
    e('EVInChargePosition', 'xs:boolean'),
    e('EVAssociationStatus', 'xs:boolean'),
  ]) }));
  acdp.simple('cpStatusType', st('xs:string', { enum: ['StateA', 'StateB', 'StateC', 'StateD', 'StateE'] }));
  acdp.simple('errorCodeType', st('xs:string', { enum: [
    'OK_NoEVError', 'FAILED', 'FAILED_EmergencyEvent', 'FAILED_Breaker', 'FAILED_RESSTemperatureInhibit',
    'FAILED_RESS', 'FAILED_ChargingCurrentDifferential', 'FAILED_ChargingVoltageOutOfRange', 'FAILED_Reserved1',
    'FAILED_Reserved2',
  ] }));
  acdp.simple('isolationStatusType', st('xs:string', { enum: ['Invalid', 'Safe', 'Warning', 'Fault'] }));
  acdp.simple('electricalChargingDeviceStatusType', st('xs:string', { enum: [
    'State_A', 'State_B', 'State_C', 'State_D',
  ] }));
  acdp.simple('mechanicalChargingDeviceStatusType', st('xs:string', { enum: ['Home', 'Moving', 'EndPosition'] }));
  acdp.complex('EVTechnicalStatusType', ct({ content: seq([
    e('EVReadyToCharge', 'xs:boolean'),
    e('EVImmobilizationRequest', 'xs:boolean'),
    e('EVImmobilized', 'xs:boolean', '?'),
    e('EVWLANStrength', 'RationalNumberType', '?'),
    e('EVCPStatus', 'cpStatusType', '?'),
    e('EVSOC', 'percentValueType', '?'),
    e('EVErrorCode', 'errorCodeType', '?'),
    e('EVTimeout', 'xs:boolean', '?'),
  ]) }));
}
