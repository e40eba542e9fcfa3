// Message structures transcribed from the published schema (element names, types, order, occurrence).
// DIN SPEC 70121:2012 message definition, header and bodies.
import { type SchemaSpec, a, ct, e, r, seq } from '../schema';

export function defineDinDef(s: SchemaSpec): void {
  const d = s.ns('urn:din:70121:2012:MsgDef');
  d.element('V2G_Message', ct({ content: seq([e('Header', 'MessageHeaderType'), e('Body', 'BodyType')]) }));
  d.complex('BodyType', ct({ content: seq([r('BodyElement', '?')]) }));
  d.element('BodyElement', 'BodyBaseType');
  d.complex('BodyBaseType', ct({ abstract: true }));
}

export function defineDinHeader(s: SchemaSpec): void {
  const h = s.ns('urn:din:70121:2012:MsgHeader');
  h.complex('MessageHeaderType', ct({ content: seq([
    e('SessionID', 'sessionIDType'),
    e('Notification', 'NotificationType', '?'),
    r('Signature', '?'),
  ]) }));
}

export function defineDinBody(s: SchemaSpec): void {
  const b = s.ns('urn:din:70121:2012:MsgBody');
  b.element('SessionSetupReq', 'SessionSetupReqType', { subst: 'BodyElement' });
  b.complex('SessionSetupReqType', ct({ ext: 'BodyBaseType', content: seq([e('EVCCID', 'evccIDType')]) }));
  b.element('SessionSetupRes', 'SessionSetupResType', { subst: 'BodyElement' });
  b.complex('SessionSetupResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('EVSEID', 'evseIDType'),
    e('DateTimeNow', 'xs:long', '?'),
  ]) }));
  b.element('ServiceDiscoveryReq', 'ServiceDiscoveryReqType', { subst: 'BodyElement' });
  b.complex('ServiceDiscoveryReqType', ct({ ext: 'BodyBaseType', content: seq([
    e('ServiceScope', 'serviceScopeType', '?'),
    e('ServiceCategory', 'serviceCategoryType', '?'),
  ]) }));
  b.element('ServiceDiscoveryRes', 'ServiceDiscoveryResType', { subst: 'BodyElement' });
  b.complex('ServiceDiscoveryResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('PaymentOptions', 'PaymentOptionsType'),
    e('ChargeService', 'ServiceChargeType'),
    e('ServiceList', 'ServiceTagListType', '?'),
  ]) }));
  b.element('ServiceDetailReq', 'ServiceDetailReqType', { subst: 'BodyElement' });
  b.complex('ServiceDetailReqType', ct({ ext: 'BodyBaseType', content: seq([e('ServiceID', 'serviceIDType')]) }));
  b.element('ServiceDetailRes', 'ServiceDetailResType', { subst: 'BodyElement' });
  b.complex('ServiceDetailResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('ServiceID', 'serviceIDType'),
    e('ServiceParameterList', 'ServiceParameterListType', '?'),
  ]) }));
  b.element('ServicePaymentSelectionReq', 'ServicePaymentSelectionReqType', { subst: 'BodyElement' });
  b.complex('ServicePaymentSelectionReqType', ct({ ext: 'BodyBaseType', content: seq([
    e('SelectedPaymentOption', 'paymentOptionType'),
    e('SelectedServiceList', 'SelectedServiceListType'),
  ]) }));
  b.element('ServicePaymentSelectionRes', 'ServicePaymentSelectionResType', { subst: 'BodyElement' });
  b.complex('ServicePaymentSelectionResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
  ]) }));
  b.element('PaymentDetailsReq', 'PaymentDetailsReqType', { subst: 'BodyElement' });
  b.complex('PaymentDetailsReqType', ct({ ext: 'BodyBaseType', content: seq([
    e('ContractID', 'contractIDType'),
    e('ContractSignatureCertChain', 'CertificateChainType'),
  ]) }));
  b.element('PaymentDetailsRes', 'PaymentDetailsResType', { subst: 'BodyElement' });
  b.complex('PaymentDetailsResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('GenChallenge', 'genChallengeType'),
    e('DateTimeNow', 'xs:long'),
  ]) }));
  b.element('ContractAuthenticationReq', 'ContractAuthenticationReqType', { subst: 'BodyElement' });
  b.complex('ContractAuthenticationReqType', ct({ ext: 'BodyBaseType', attrs: [a('Id', 'xs:IDREF')], content: seq([
    e('GenChallenge', 'genChallengeType', '?'),
  ]) }));
  b.element('ContractAuthenticationRes', 'ContractAuthenticationResType', { subst: 'BodyElement' });
  b.complex('ContractAuthenticationResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('EVSEProcessing', 'EVSEProcessingType'),
  ]) }));
  b.element('ChargeParameterDiscoveryReq', 'ChargeParameterDiscoveryReqType', { subst: 'BodyElement' });
  b.complex('ChargeParameterDiscoveryReqType', ct({ ext: 'BodyBaseType', content: seq([
    e('EVRequestedEnergyTransferType', 'EVRequestedEnergyTransferType'),
    r('EVChargeParameter'),
  ]) }));
  b.element('ChargeParameterDiscoveryRes', 'ChargeParameterDiscoveryResType', { subst: 'BodyElement' });
  b.complex('ChargeParameterDiscoveryResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('EVSEProcessing', 'EVSEProcessingType'),
    r('SASchedules'),
    r('EVSEChargeParameter'),
  ]) }));
  b.element('PowerDeliveryReq', 'PowerDeliveryReqType', { subst: 'BodyElement' });
  b.complex('PowerDeliveryReqType', ct({ ext: 'BodyBaseType', content: seq([
    e('ReadyToChargeState', 'xs:boolean'),
    e('ChargingProfile', 'ChargingProfileType', '?'),
    r('EVPowerDeliveryParameter', '?'),
  ]) }));
  b.element('PowerDeliveryRes', 'PowerDeliveryResType', { subst: 'BodyElement' });
  b.complex('PowerDeliveryResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    r('EVSEStatus'),
  ]) }));
  b.element('ChargingStatusReq', 'ChargingStatusReqType', { subst: 'BodyElement' });
  b.complex('ChargingStatusReqType', ct({ ext: 'BodyBaseType', content: seq([]) }));
  b.element('ChargingStatusRes', 'ChargingStatusResType', { subst: 'BodyElement' });
  b.complex('ChargingStatusResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('EVSEID', 'evseIDType'),
    e('SAScheduleTupleID', 'SAIDType'),
    e('EVSEMaxCurrent', 'PhysicalValueType', '?'),
    e('MeterInfo', 'MeterInfoType', '?'),
    e('ReceiptRequired', 'xs:boolean'),
    e('AC_EVSEStatus', 'AC_EVSEStatusType'),
  ]) }));
  b.element('MeteringReceiptReq', 'MeteringReceiptReqType', { subst: 'BodyElement' });
  b.complex('MeteringReceiptReqType', ct({ ext: 'BodyBaseType', attrs: [a('Id', 'xs:IDREF')], content: seq([
    e('SessionID', 'sessionIDType'),
    e('SAScheduleTupleID', 'SAIDType', '?'),
    e('MeterInfo', 'MeterInfoType'),
  ]) }));
  b.element('MeteringReceiptRes', 'MeteringReceiptResType', { subst: 'BodyElement' });
  b.complex('MeteringReceiptResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('AC_EVSEStatus', 'AC_EVSEStatusType'),
  ]) }));
  b.element('SessionStopReq', 'SessionStopType', { subst: 'BodyElement' });
  b.complex('SessionStopType', ct({ ext: 'BodyBaseType', content: seq([]) }));
  b.element('SessionStopRes', 'SessionStopResType', { subst: 'BodyElement' });
  b.complex('SessionStopResType', ct({ ext: 'BodyBaseType', content: seq([e('ResponseCode', 'responseCodeType')]) }));
  b.element('CertificateUpdateReq', 'CertificateUpdateReqType', { subst: 'BodyElement' });
  b.complex('CertificateUpdateReqType', ct({ ext: 'BodyBaseType', attrs: [a('Id', 'xs:IDREF')], content: seq([
    e('ContractSignatureCertChain', 'CertificateChainType'),
    e('ContractID', 'contractIDType'),
    e('ListOfRootCertificateIDs', 'ListOfRootCertificateIDsType'),
    e('DHParams', 'dHParamsType'),
  ]) }));
  b.element('CertificateUpdateRes', 'CertificateUpdateResType', { subst: 'BodyElement' });
  b.complex('CertificateUpdateResType', ct({ ext: 'BodyBaseType', attrs: [a('Id', 'xs:IDREF', true)], content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('ContractSignatureCertChain', 'CertificateChainType'),
    e('ContractSignatureEncryptedPrivateKey', 'privateKeyType'),
    e('DHParams', 'dHParamsType'),
    e('ContractID', 'contractIDType'),
    e('RetryCounter', 'xs:short'),
  ]) }));
  b.element('CertificateInstallationReq', 'CertificateInstallationReqType', { subst: 'BodyElement' });
  b.complex('CertificateInstallationReqType', ct({ ext: 'BodyBaseType', attrs: [a('Id', 'xs:IDREF')], content: seq([
    e('OEMProvisioningCert', 'certificateType'),
    e('ListOfRootCertificateIDs', 'ListOfRootCertificateIDsType'),
    e('DHParams', 'dHParamsType'),
  ]) }));
  b.element('CertificateInstallationRes', 'CertificateInstallationResType', { subst: 'BodyElement' });
  b.complex('CertificateInstallationResType', ct({ ext: 'BodyBaseType', attrs: [a('Id', 'xs:IDREF', true)], content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('ContractSignatureCertChain', 'CertificateChainType'),
    e('ContractSignatureEncryptedPrivateKey', 'privateKeyType'),
    e('DHParams', 'dHParamsType'),
    e('ContractID', 'contractIDType'),
  ]) }));
  b.element('CableCheckReq', 'CableCheckReqType', { subst: 'BodyElement' });
  b.complex('CableCheckReqType', ct({ ext: 'BodyBaseType', content: seq([e('DC_EVStatus', 'DC_EVStatusType')]) }));
  b.element('CableCheckRes', 'CableCheckResType', { subst: 'BodyElement' });
  b.complex('CableCheckResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('DC_EVSEStatus', 'DC_EVSEStatusType'),
    e('EVSEProcessing', 'EVSEProcessingType'),
  ]) }));
  b.element('PreChargeReq', 'PreChargeReqType', { subst: 'BodyElement' });
  b.complex('PreChargeReqType', ct({ ext: 'BodyBaseType', content: seq([
    e('DC_EVStatus', 'DC_EVStatusType'),
    e('EVTargetVoltage', 'PhysicalValueType'),
    e('EVTargetCurrent', 'PhysicalValueType'),
  ]) }));
  b.element('PreChargeRes', 'PreChargeResType', { subst: 'BodyElement' });
  b.complex('PreChargeResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('DC_EVSEStatus', 'DC_EVSEStatusType'),
    e('EVSEPresentVoltage', 'PhysicalValueType'),
  ]) }));
  b.element('CurrentDemandReq', 'CurrentDemandReqType', { subst: 'BodyElement' });
  b.complex('CurrentDemandReqType', ct({ ext: 'BodyBaseType', content: seq([
    e('DC_EVStatus', 'DC_EVStatusType'),
    e('EVTargetCurrent', 'PhysicalValueType'),
    e('EVMaximumVoltageLimit', 'PhysicalValueType', '?'),
    e('EVMaximumCurrentLimit', 'PhysicalValueType', '?'),
    e('EVMaximumPowerLimit', 'PhysicalValueType', '?'),
    e('BulkChargingComplete', 'xs:boolean', '?'),
    e('ChargingComplete', 'xs:boolean'),
    e('RemainingTimeToFullSoC', 'PhysicalValueType', '?'),
    e('RemainingTimeToBulkSoC', 'PhysicalValueType', '?'),
    e('EVTargetVoltage', 'PhysicalValueType'),
  ]) }));
  b.element('CurrentDemandRes', 'CurrentDemandResType', { subst: 'BodyElement' });
  b.complex('CurrentDemandResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('DC_EVSEStatus', 'DC_EVSEStatusType'),
    e('EVSEPresentVoltage', 'PhysicalValueType'),
    e('EVSEPresentCurrent', 'PhysicalValueType'),
    e('EVSECurrentLimitAchieved', 'xs:boolean'),
    e('EVSEVoltageLimitAchieved', 'xs:boolean'),
    e('EVSEPowerLimitAchieved', 'xs:boolean'),
    e('EVSEMaximumVoltageLimit', 'PhysicalValueType', '?'),
    e('EVSEMaximumCurrentLimit', 'PhysicalValueType', '?'),
    e('EVSEMaximumPowerLimit', 'PhysicalValueType', '?'),
  ]) }));
  b.element('WeldingDetectionReq', 'WeldingDetectionReqType', { subst: 'BodyElement' });
  b.complex('WeldingDetectionReqType', ct({ ext: 'BodyBaseType', content: seq([
    e('DC_EVStatus', 'DC_EVStatusType'),
  ]) }));
  b.element('WeldingDetectionRes', 'WeldingDetectionResType', { subst: 'BodyElement' });
  b.complex('WeldingDetectionResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('DC_EVSEStatus', 'DC_EVSEStatusType'),
    e('EVSEPresentVoltage', 'PhysicalValueType'),
  ]) }));
}
