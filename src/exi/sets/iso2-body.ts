// Message structures transcribed from the published schema (element names, types, order, occurrence).
// ISO 15118-2:2013 message definition, header and bodies.
import { type SchemaSpec, a, ct, e, r, seq } from '../schema';

export function defineIso2Def(s: SchemaSpec): void {
  const d = s.ns('urn:iso:15118:2:2013:MsgDef', { qualifiedAttributes: true });
  d.element('V2G_Message', ct({ content: seq([e('Header', 'MessageHeaderType'), e('Body', 'BodyType')]) }));
}

export function defineIso2Header(s: SchemaSpec): void {
  const h = s.ns('urn:iso:15118:2:2013:MsgHeader', { qualifiedAttributes: true });
  h.complex('MessageHeaderType', ct({ content: seq([
    e('SessionID', 'sessionIDType'),
    e('Notification', 'NotificationType', '?'),
    r('Signature', '?'),
  ]) }));
}

export function defineIso2Body(s: SchemaSpec): void {
  const b = s.ns('urn:iso:15118:2:2013:MsgBody', { qualifiedAttributes: true });
  b.complex('BodyType', ct({ content: seq([r('BodyElement', '?')]) }));
  b.element('BodyElement', 'BodyBaseType', { abstract: true });
  b.complex('BodyBaseType', ct({ abstract: true }));
  b.element('SessionSetupReq', 'SessionSetupReqType', { subst: 'BodyElement' });
  b.complex('SessionSetupReqType', ct({ ext: 'BodyBaseType', content: seq([e('EVCCID', 'evccIDType')]) }));
  b.element('SessionSetupRes', 'SessionSetupResType', { subst: 'BodyElement' });
  b.complex('SessionSetupResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('EVSEID', 'evseIDType'),
    e('EVSETimeStamp', 'xs:long', '?'),
  ]) }));
  b.element('ServiceDiscoveryReq', 'ServiceDiscoveryReqType', { subst: 'BodyElement' });
  b.complex('ServiceDiscoveryReqType', ct({ ext: 'BodyBaseType', content: seq([
    e('ServiceScope', 'serviceScopeType', '?'),
    e('ServiceCategory', 'serviceCategoryType', '?'),
  ]) }));
  b.element('ServiceDiscoveryRes', 'ServiceDiscoveryResType', { subst: 'BodyElement' });
  b.complex('ServiceDiscoveryResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('PaymentOptionList', 'PaymentOptionListType'),
    e('ChargeService', 'ChargeServiceType'),
    e('ServiceList', 'ServiceListType', '?'),
  ]) }));
  b.element('ServiceDetailReq', 'ServiceDetailReqType', { subst: 'BodyElement' });
  b.complex('ServiceDetailReqType', ct({ ext: 'BodyBaseType', content: seq([e('ServiceID', 'serviceIDType')]) }));
  b.element('ServiceDetailRes', 'ServiceDetailResType', { subst: 'BodyElement' });
  b.complex('ServiceDetailResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('ServiceID', 'serviceIDType'),
    e('ServiceParameterList', 'ServiceParameterListType', '?'),
  ]) }));
  b.element('PaymentServiceSelectionReq', 'PaymentServiceSelectionReqType', { subst: 'BodyElement' });
  b.complex('PaymentServiceSelectionReqType', ct({ ext: 'BodyBaseType', content: seq([
    e('SelectedPaymentOption', 'paymentOptionType'),
    e('SelectedServiceList', 'SelectedServiceListType'),
  ]) }));
  b.element('PaymentServiceSelectionRes', 'PaymentServiceSelectionResType', { subst: 'BodyElement' });
  b.complex('PaymentServiceSelectionResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
  ]) }));
  b.element('PaymentDetailsReq', 'PaymentDetailsReqType', { subst: 'BodyElement' });
  b.complex('PaymentDetailsReqType', ct({ ext: 'BodyBaseType', content: seq([
    e('eMAID', 'eMAIDType'),
    e('ContractSignatureCertChain', 'CertificateChainType'),
  ]) }));
  b.element('PaymentDetailsRes', 'PaymentDetailsResType', { subst: 'BodyElement' });
  b.complex('PaymentDetailsResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('GenChallenge', 'genChallengeType'),
    e('EVSETimeStamp', 'xs:long'),
  ]) }));
  b.element('AuthorizationReq', 'AuthorizationReqType', { subst: 'BodyElement' });
  b.complex('AuthorizationReqType', ct({ ext: 'BodyBaseType', attrs: [a('Id', 'xs:ID')], content: seq([
    e('GenChallenge', 'genChallengeType', '?'),
  ]) }));
  b.element('AuthorizationRes', 'AuthorizationResType', { subst: 'BodyElement' });
  b.complex('AuthorizationResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('EVSEProcessing', 'EVSEProcessingType'),
  ]) }));
  b.element('ChargeParameterDiscoveryReq', 'ChargeParameterDiscoveryReqType', { subst: 'BodyElement' });
  b.complex('ChargeParameterDiscoveryReqType', ct({ ext: 'BodyBaseType', content: seq([
    e('MaxEntriesSAScheduleTuple', 'xs:unsignedShort', '?'),
    e('RequestedEnergyTransferMode', 'EnergyTransferModeType'),
    r('EVChargeParameter'),
  ]) }));
  b.element('ChargeParameterDiscoveryRes', 'ChargeParameterDiscoveryResType', { subst: 'BodyElement' });
  b.complex('ChargeParameterDiscoveryResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('EVSEProcessing', 'EVSEProcessingType'),
    r('SASchedules', '?'),
    r('EVSEChargeParameter'),
  ]) }));
  b.element('PowerDeliveryReq', 'PowerDeliveryReqType', { subst: 'BodyElement' });
  b.complex('PowerDeliveryReqType', ct({ ext: 'BodyBaseType', content: seq([
    e('ChargeProgress', 'chargeProgressType'),
    e('SAScheduleTupleID', 'SAIDType'),
    e('ChargingProfile', 'ChargingProfileType', '?'),
    r('EVPowerDeliveryParameter', '?'),
  ]) }));
  b.element('PowerDeliveryRes', 'PowerDeliveryResType', { subst: 'BodyElement' });
  b.complex('PowerDeliveryResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    r('EVSEStatus'),
  ]) }));
  b.element('MeteringReceiptReq', 'MeteringReceiptReqType', { subst: 'BodyElement' });
  b.complex('MeteringReceiptReqType', ct({ ext: 'BodyBaseType', attrs: [a('Id', 'xs:ID')], content: seq([
    e('SessionID', 'sessionIDType'),
    e('SAScheduleTupleID', 'SAIDType', '?'),
    e('MeterInfo', 'MeterInfoType'),
  ]) }));
  b.element('MeteringReceiptRes', 'MeteringReceiptResType', { subst: 'BodyElement' });
  b.complex('MeteringReceiptResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    r('EVSEStatus'),
  ]) }));
  b.element('SessionStopReq', 'SessionStopReqType', { subst: 'BodyElement' });
  b.complex('SessionStopReqType', ct({ ext: 'BodyBaseType', content: seq([
    e('ChargingSession', 'chargingSessionType'),
  ]) }));
  b.element('SessionStopRes', 'SessionStopResType', { subst: 'BodyElement' });
  b.complex('SessionStopResType', ct({ ext: 'BodyBaseType', content: seq([e('ResponseCode', 'responseCodeType')]) }));
  b.element('CertificateUpdateReq', 'CertificateUpdateReqType', { subst: 'BodyElement' });
  b.complex('CertificateUpdateReqType', ct({ ext: 'BodyBaseType', attrs: [a('Id', 'xs:ID', true)], content: seq([
    e('ContractSignatureCertChain', 'CertificateChainType'),
    e('eMAID', 'eMAIDType'),
    e('ListOfRootCertificateIDs', 'ListOfRootCertificateIDsType'),
  ]) }));
  b.element('CertificateUpdateRes', 'CertificateUpdateResType', { subst: 'BodyElement' });
  b.complex('CertificateUpdateResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('SAProvisioningCertificateChain', 'CertificateChainType'),
    e('ContractSignatureCertChain', 'CertificateChainType'),
    e('ContractSignatureEncryptedPrivateKey', 'ContractSignatureEncryptedPrivateKeyType'),
    e('DHpublickey', 'DiffieHellmanPublickeyType'),
    e('eMAID', 'EMAIDType'),
    e('RetryCounter', 'xs:short', '?'),
  ]) }));
  b.element('CertificateInstallationReq', 'CertificateInstallationReqType', { subst: 'BodyElement' });
  b.complex('CertificateInstallationReqType', ct({ ext: 'BodyBaseType', attrs: [a('Id', 'xs:ID', true)], content: seq([
    e('OEMProvisioningCert', 'certificateType'),
    e('ListOfRootCertificateIDs', 'ListOfRootCertificateIDsType'),
  ]) }));
  b.element('CertificateInstallationRes', 'CertificateInstallationResType', { subst: 'BodyElement' });
  b.complex('CertificateInstallationResType', ct({ ext: 'BodyBaseType', content: seq([
    e('ResponseCode', 'responseCodeType'),
    e('SAProvisioningCertificateChain', 'CertificateChainType'),
    e('ContractSignatureCertChain', 'CertificateChainType'),
    e('ContractSignatureEncryptedPrivateKey', 'ContractSignatureEncryptedPrivateKeyType'),
    e('DHpublickey', 'DiffieHellmanPublickeyType'),
    e('eMAID', 'EMAIDType'),
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
    e('ReceiptRequired', 'xs:boolean', '?'),
    e('AC_EVSEStatus', 'AC_EVSEStatusType'),
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
    e('EVSEID', 'evseIDType'),
    e('SAScheduleTupleID', 'SAIDType'),
    e('MeterInfo', 'MeterInfoType', '?'),
    e('ReceiptRequired', 'xs:boolean', '?'),
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
