// Message structures transcribed from the published schema (element names, types, order, occurrence).
// ISO 15118-2:2013 data types (urn:iso:15118:2:2013:MsgDataTypes).
import { type SchemaSpec, a, choice, ct, e, r, seq, st } from '../schema';

export function defineIso2Types(s: SchemaSpec): void {
  const t = s.ns('urn:iso:15118:2:2013:MsgDataTypes', { qualifiedAttributes: true });
  t.complex('ServiceType', ct({ content: seq([
    e('ServiceID', 'serviceIDType'),
    e('ServiceName', 'serviceNameType', '?'),
    e('ServiceCategory', 'serviceCategoryType'),
    e('ServiceScope', 'serviceScopeType', '?'),
    e('FreeService', 'xs:boolean'),
  ]) }));
  t.complex('ServiceListType', ct({ content: seq([e('Service', 'ServiceType', '1..8')]) }));
  t.complex('SelectedServiceListType', ct({ content: seq([e('SelectedService', 'SelectedServiceType', '1..16')]) }));
  t.complex('SelectedServiceType', ct({ content: seq([
    e('ServiceID', 'serviceIDType'),
    e('ParameterSetID', 'xs:short', '?'),
  ]) }));
  t.complex('ServiceParameterListType', ct({ content: seq([e('ParameterSet', 'ParameterSetType', '1..255')]) }));
  t.complex('ParameterSetType', ct({ content: seq([
    e('ParameterSetID', 'xs:short'),
    e('Parameter', 'ParameterType', '1..16'),
  ]) }));
  t.complex('ParameterType', ct({ attrs: [a('Name', 'xs:string', true)], content: choice([
    e('boolValue', 'xs:boolean'),
    e('byteValue', 'xs:byte'),
    e('shortValue', 'xs:short'),
    e('intValue', 'xs:int'),
    e('physicalValue', 'PhysicalValueType'),
    e('stringValue', 'xs:string'),
  ]) }));
  t.complex('ChargeServiceType', ct({ ext: 'ServiceType', content: seq([
    e('SupportedEnergyTransferMode', 'SupportedEnergyTransferModeType'),
  ]) }));
  t.complex('SupportedEnergyTransferModeType', ct({ content: seq([
    e('EnergyTransferMode', 'EnergyTransferModeType', '1..6'),
  ]) }));
  t.complex('ContractSignatureEncryptedPrivateKeyType', ct({ ext: 'privateKeyType', attrs: [a('Id', 'xs:ID', true)] }));
  t.complex('DiffieHellmanPublickeyType', ct({ ext: 'dHpublickeyType', attrs: [a('Id', 'xs:ID', true)] }));
  t.complex('EMAIDType', ct({ ext: 'eMAIDType', attrs: [a('Id', 'xs:ID', true)] }));
  t.complex('CertificateChainType', ct({ attrs: [a('Id', 'xs:ID')], content: seq([
    e('Certificate', 'certificateType'),
    e('SubCertificates', 'SubCertificatesType', '?'),
  ]) }));
  t.complex('SubCertificatesType', ct({ content: seq([e('Certificate', 'certificateType', '1..4')]) }));
  t.complex('ListOfRootCertificateIDsType', ct({ content: seq([
    e('RootCertificateID', 'X509IssuerSerialType', '1..20'),
  ]) }));
  t.complex('MeterInfoType', ct({ content: seq([
    e('MeterID', 'meterIDType'),
    e('MeterReading', 'xs:unsignedLong', '?'),
    e('SigMeterReading', 'sigMeterReadingType', '?'),
    e('MeterStatus', 'meterStatusType', '?'),
    e('TMeter', 'xs:long', '?'),
  ]) }));
  t.complex('PhysicalValueType', ct({ content: seq([
    e('Multiplier', 'unitMultiplierType'),
    e('Unit', 'unitSymbolType'),
    e('Value', 'xs:short'),
  ]) }));
  t.complex('NotificationType', ct({ content: seq([
    e('FaultCode', 'faultCodeType'),
    e('FaultMsg', 'faultMsgType', '?'),
  ]) }));
  t.complex('SASchedulesType', ct({ abstract: true }));
  t.element('SASchedules', 'SASchedulesType', { abstract: true });
  t.element('SAScheduleList', 'SAScheduleListType', { subst: 'SASchedules' });
  t.complex('SAScheduleListType', ct({ ext: 'SASchedulesType', content: seq([
    e('SAScheduleTuple', 'SAScheduleTupleType', '1..3'),
  ]) }));
  t.complex('SAScheduleTupleType', ct({ content: seq([
    e('SAScheduleTupleID', 'SAIDType'),
    e('PMaxSchedule', 'PMaxScheduleType'),
    e('SalesTariff', 'SalesTariffType', '?'),
  ]) }));
  t.complex('SalesTariffType', ct({ attrs: [a('Id', 'xs:ID')], content: seq([
    e('SalesTariffID', 'SAIDType'),
    e('SalesTariffDescription', 'tariffDescriptionType', '?'),
    e('NumEPriceLevels', 'xs:unsignedByte', '?'),
    r('SalesTariffEntry', '1..1024'),
  ]) }));
  t.complex('PMaxScheduleType', ct({ content: seq([r('PMaxScheduleEntry', '1..1024')]) }));
  t.element('Entry', 'EntryType', { abstract: true });
  t.complex('EntryType', ct({ abstract: true, content: seq([r('TimeInterval')]) }));
  t.element('SalesTariffEntry', 'SalesTariffEntryType', { subst: 'Entry' });
  t.complex('SalesTariffEntryType', ct({ ext: 'EntryType', content: seq([
    e('EPriceLevel', 'xs:unsignedByte', '?'),
    e('ConsumptionCost', 'ConsumptionCostType', '0..3'),
  ]) }));
  t.element('PMaxScheduleEntry', 'PMaxScheduleEntryType', { subst: 'Entry' });
  t.complex('PMaxScheduleEntryType', ct({ ext: 'EntryType', content: seq([e('PMax', 'PhysicalValueType')]) }));
  t.complex('IntervalType', ct({ abstract: true }));
  t.element('TimeInterval', 'IntervalType', { abstract: true });
  t.element('RelativeTimeInterval', 'RelativeTimeIntervalType', { subst: 'TimeInterval' });
  t.complex('RelativeTimeIntervalType', ct({ ext: 'IntervalType', content: seq([
    e('start', st('xs:unsignedInt', { min: 0, max: 16777214 })),
    e('duration', st('xs:unsignedInt', { min: 0, max: 86400 }), '?'),
  ]) }));
  t.complex('ConsumptionCostType', ct({ content: seq([
    e('startValue', 'PhysicalValueType'),
    e('Cost', 'CostType', '1..3'),
  ]) }));
  t.complex('CostType', ct({ content: seq([
    e('costKind', 'costKindType'),
    e('amount', 'xs:unsignedInt'),
    e('amountMultiplier', 'unitMultiplierType', '?'),
  ]) }));
  t.complex('EVSEStatusType', ct({ abstract: true, content: seq([
    e('NotificationMaxDelay', 'xs:unsignedShort'),
    e('EVSENotification', 'EVSENotificationType'),
  ]) }));
  t.element('EVSEStatus', 'EVSEStatusType', { abstract: true });
  t.element('AC_EVSEStatus', 'AC_EVSEStatusType', { subst: 'EVSEStatus' });
  t.complex('AC_EVSEStatusType', ct({ ext: 'EVSEStatusType', content: seq([e('RCD', 'xs:boolean')]) }));
  t.complex('EVStatusType', ct({ abstract: true }));
  t.element('EVStatus', 'EVStatusType', { abstract: true });
  t.element('DC_EVSEStatus', 'DC_EVSEStatusType', { subst: 'EVSEStatus' });
  t.complex('DC_EVSEStatusType', ct({ ext: 'EVSEStatusType', content: seq([
    e('EVSEIsolationStatus', 'isolationLevelType', '?'),
    e('EVSEStatusCode', 'DC_EVSEStatusCodeType'),
  ]) }));
  t.element('DC_EVStatus', 'DC_EVStatusType', { subst: 'EVStatus' });
  t.complex('DC_EVStatusType', ct({ ext: 'EVStatusType', content: seq([
    e('EVReady', 'xs:boolean'),
    e('EVErrorCode', 'DC_EVErrorCodeType'),
    e('EVRESSSOC', 'percentValueType'),
  ]) }));
  t.complex('EVChargeParameterType', ct({ abstract: true, content: seq([e('DepartureTime', 'xs:unsignedInt', '?')]) }));
  t.element('EVChargeParameter', 'EVChargeParameterType', { abstract: true });
  t.element('AC_EVChargeParameter', 'AC_EVChargeParameterType', { subst: 'EVChargeParameter' });
  t.complex('AC_EVChargeParameterType', ct({ ext: 'EVChargeParameterType', content: seq([
    e('EAmount', 'PhysicalValueType'),
    e('EVMaxVoltage', 'PhysicalValueType'),
    e('EVMaxCurrent', 'PhysicalValueType'),
    e('EVMinCurrent', 'PhysicalValueType'),
  ]) }));
  t.element('DC_EVChargeParameter', 'DC_EVChargeParameterType', { subst: 'EVChargeParameter' });
  t.complex('DC_EVChargeParameterType', ct({ ext: 'EVChargeParameterType', content: seq([
    e('DC_EVStatus', 'DC_EVStatusType'),
    e('EVMaximumCurrentLimit', 'PhysicalValueType'),
    e('EVMaximumPowerLimit', 'PhysicalValueType', '?'),
    e('EVMaximumVoltageLimit', 'PhysicalValueType'),
    e('EVEnergyCapacity', 'PhysicalValueType', '?'),
    e('EVEnergyRequest', 'PhysicalValueType', '?'),
    e('FullSOC', 'percentValueType', '?'),
    e('BulkSOC', 'percentValueType', '?'),
  ]) }));
  t.complex('EVSEChargeParameterType', ct({ abstract: true }));
  t.element('EVSEChargeParameter', 'EVSEChargeParameterType', { abstract: true });
  t.element('AC_EVSEChargeParameter', 'AC_EVSEChargeParameterType', { subst: 'EVSEChargeParameter' });
  t.complex('AC_EVSEChargeParameterType', ct({ ext: 'EVSEChargeParameterType', content: seq([
    e('AC_EVSEStatus', 'AC_EVSEStatusType'),
    e('EVSENominalVoltage', 'PhysicalValueType'),
    e('EVSEMaxCurrent', 'PhysicalValueType'),
  ]) }));
  t.element('DC_EVSEChargeParameter', 'DC_EVSEChargeParameterType', { subst: 'EVSEChargeParameter' });
  t.complex('DC_EVSEChargeParameterType', ct({ ext: 'EVSEChargeParameterType', content: seq([
    e('DC_EVSEStatus', 'DC_EVSEStatusType'),
    e('EVSEMaximumCurrentLimit', 'PhysicalValueType'),
    e('EVSEMaximumPowerLimit', 'PhysicalValueType'),
    e('EVSEMaximumVoltageLimit', 'PhysicalValueType'),
    e('EVSEMinimumCurrentLimit', 'PhysicalValueType'),
    e('EVSEMinimumVoltageLimit', 'PhysicalValueType'),
    e('EVSECurrentRegulationTolerance', 'PhysicalValueType', '?'),
    e('EVSEPeakCurrentRipple', 'PhysicalValueType'),
    e('EVSEEnergyToBeDelivered', 'PhysicalValueType', '?'),
  ]) }));
  t.complex('EVPowerDeliveryParameterType', ct({ abstract: true }));
  t.element('EVPowerDeliveryParameter', 'EVPowerDeliveryParameterType', { abstract: true });
  t.element('DC_EVPowerDeliveryParameter', 'DC_EVPowerDeliveryParameterType', { subst: 'EVPowerDeliveryParameter' });
  t.complex('DC_EVPowerDeliveryParameterType', ct({ ext: 'EVPowerDeliveryParameterType', content: seq([
    e('DC_EVStatus', 'DC_EVStatusType'),
    e('BulkChargingComplete', 'xs:boolean', '?'),
    e('ChargingComplete', 'xs:boolean'),
  ]) }));
  t.complex('ChargingProfileType', ct({ content: seq([e('ProfileEntry', 'ProfileEntryType', '1..24')]) }));
  t.complex('ProfileEntryType', ct({ content: seq([
    e('ChargingProfileEntryStart', 'xs:unsignedInt'),
    e('ChargingProfileEntryMaxPower', 'PhysicalValueType'),
    e('ChargingProfileEntryMaxNumberOfPhasesInUse', 'maxNumPhasesType', '?'),
  ]) }));
  t.simple('percentValueType', st('xs:byte', { min: 0, max: 100 }));
  t.simple('faultMsgType', st('xs:string'));
  t.simple('EVSEProcessingType', st('xs:string', { enum: [
    'Finished', 'Ongoing', 'Ongoing_WaitingForCustomerInteraction',
  ] }));
  t.simple('EVSENotificationType', st('xs:string', { enum: ['None', 'StopCharging', 'ReNegotiation'] }));
  t.simple('chargeProgressType', st('xs:string', { enum: ['Start', 'Stop', 'Renegotiate'] }));
  t.simple('chargingSessionType', st('xs:string', { enum: ['Terminate', 'Pause'] }));
  t.simple('serviceNameType', st('xs:string'));
  t.simple('serviceCategoryType', st('xs:string', { enum: [
    'EVCharging', 'Internet', 'ContractCertificate', 'OtherCustom',
  ] }));
  t.simple('serviceScopeType', st('xs:string'));
  t.simple('maxNumPhasesType', st('xs:byte', { min: 1, max: 3 }));
  t.simple('valueType', st('xs:string', { enum: ['bool', 'byte', 'short', 'int', 'physicalValue', 'string'] }));
  t.simple('meterStatusType', st('xs:short'));
  t.simple('EnergyTransferModeType', st('xs:string', { enum: [
    'AC_single_phase_core', 'AC_three_phase_core', 'DC_core', 'DC_extended', 'DC_combo_core', 'DC_unique',
  ] }));
  t.simple('genChallengeType', st('xs:base64Binary'));
  t.simple('certificateType', st('xs:base64Binary'));
  t.simple('dHpublickeyType', st('xs:base64Binary'));
  t.simple('privateKeyType', st('xs:base64Binary'));
  t.simple('sigMeterReadingType', st('xs:base64Binary'));
  t.simple('sessionIDType', st('xs:hexBinary'));
  t.simple('evccIDType', st('xs:hexBinary'));
  t.simple('evseIDType', st('xs:string'));
  t.simple('serviceIDType', st('xs:unsignedShort'));
  t.simple('eMAIDType', st('xs:string'));
  t.simple('meterIDType', st('xs:string'));
  t.simple('SAIDType', st('xs:unsignedByte', { min: 1, max: 255 }));
  t.simple('tariffDescriptionType', st('xs:string'));
  t.simple('costKindType', st('xs:string', { enum: [
    'relativePricePercentage', 'RenewableGenerationPercentage', 'CarbonDioxideEmission',
  ] }));
  t.complex('PaymentOptionListType', ct({ content: seq([e('PaymentOption', 'paymentOptionType', '1..2')]) }));
  t.simple('paymentOptionType', st('xs:string', { enum: ['Contract', 'ExternalPayment'] }));
  t.simple('faultCodeType', st('xs:string', { enum: [
    'ParsingError', 'NoTLSRootCertificatAvailable', 'UnknownError',
  ] }));
  t.simple('responseCodeType', st('xs:string', { enum: [
    'OK', 'OK_NewSessionEstablished', 'OK_OldSessionJoined', 'OK_CertificateExpiresSoon', 'FAILED',
    'FAILED_SequenceError', 'FAILED_ServiceIDInvalid', 'FAILED_UnknownSession', 'FAILED_ServiceSelectionInvalid',
    'FAILED_PaymentSelectionInvalid', 'FAILED_CertificateExpired', 'FAILED_SignatureError',
    'FAILED_NoCertificateAvailable', 'FAILED_CertChainError', 'FAILED_ChallengeInvalid', 'FAILED_ContractCanceled',
    'FAILED_WrongChargeParameter', 'FAILED_PowerDeliveryNotApplied', 'FAILED_TariffSelectionInvalid',
    'FAILED_ChargingProfileInvalid', 'FAILED_MeteringSignatureNotValid', 'FAILED_NoChargeServiceSelected',
    'FAILED_WrongEnergyTransferMode', 'FAILED_ContactorError', 'FAILED_CertificateNotAllowedAtThisEVSE',
    'FAILED_CertificateRevoked',
  ] }));
  t.simple('unitMultiplierType', st('xs:byte', { min: -3, max: 3 }));
  t.simple('unitSymbolType', st('xs:string', { enum: ['h', 'm', 's', 'A', 'V', 'W', 'Wh'] }));
  t.simple('DC_EVSEStatusCodeType', st('xs:string', { enum: [
    'EVSE_NotReady', 'EVSE_Ready', 'EVSE_Shutdown', 'EVSE_UtilityInterruptEvent', 'EVSE_IsolationMonitoringActive',
    'EVSE_EmergencyShutdown', 'EVSE_Malfunction', 'Reserved_8', 'Reserved_9', 'Reserved_A', 'Reserved_B',
    'Reserved_C',
  ] }));
  t.simple('isolationLevelType', st('xs:string', { enum: ['Invalid', 'Valid', 'Warning', 'Fault', 'No_IMD'] }));
  t.simple('DC_EVErrorCodeType', st('xs:string', { enum: [
    'NO_ERROR', 'FAILED_RESSTemperatureInhibit', 'FAILED_EVShiftPosition', 'FAILED_ChargerConnectorLockFault',
    'FAILED_EVRESSMalfunction', 'FAILED_ChargingCurrentdifferential', 'FAILED_ChargingVoltageOutOfRange',
    'Reserved_A', 'Reserved_B', 'Reserved_C', 'FAILED_ChargingSystemIncompatibility', 'NoData',
  ] }));
}
