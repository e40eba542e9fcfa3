// Message structures transcribed from the published schema (element names, types, order, occurrence).
// DIN SPEC 70121:2012 data types (urn:din:70121:2012:MsgDataTypes).
import { type SchemaSpec, a, choice, ct, e, r, seq, st } from '../schema';

export function defineDinTypes(s: SchemaSpec): void {
  const t = s.ns('urn:din:70121:2012:MsgDataTypes');
  t.complex('ServiceType', ct({ content: seq([e('ServiceTag', 'ServiceTagType'), e('FreeService', 'xs:boolean')]) }));
  t.complex('ServiceTagListType', ct({ content: seq([e('Service', 'ServiceType', '+')]) }));
  t.complex('ServiceTagType', ct({ content: seq([
    e('ServiceID', 'serviceIDType'),
    e('ServiceName', 'serviceNameType', '?'),
    e('ServiceCategory', 'serviceCategoryType'),
    e('ServiceScope', 'serviceScopeType', '?'),
  ]) }));
  t.complex('SelectedServiceListType', ct({ content: seq([e('SelectedService', 'SelectedServiceType', '+')]) }));
  t.complex('SelectedServiceType', ct({ content: seq([
    e('ServiceID', 'serviceIDType'),
    e('ParameterSetID', 'xs:short', '?'),
  ]) }));
  t.complex('ServiceParameterListType', ct({ content: seq([e('ParameterSet', 'ParameterSetType', '+')]) }));
  t.complex('ParameterSetType', ct({ content: seq([
    e('ParameterSetID', 'xs:short'),
    e('Parameter', 'ParameterType', '+'),
  ]) }));
  t.complex('ParameterType', ct({ attrs: [a('Name', 'xs:string', true), a('ValueType', 'valueType', true)], content: choice([
    e('boolValue', 'xs:boolean'),
    e('byteValue', 'xs:byte'),
    e('shortValue', 'xs:short'),
    e('intValue', 'xs:int'),
    e('physicalValue', 'PhysicalValueType'),
    e('stringValue', 'xs:string'),
  ]) }));
  t.simple('valueType', st('xs:string', { enum: ['bool', 'byte', 'short', 'int', 'physicalValue', 'string'] }));
  t.element('ServiceCharge', 'ServiceChargeType');
  t.complex('ServiceChargeType', ct({ ext: 'ServiceType', content: seq([
    e('EnergyTransferType', 'EVSESupportedEnergyTransferType'),
  ]) }));
  t.complex('CertificateChainType', ct({ content: seq([
    e('Certificate', 'certificateType'),
    e('SubCertificates', 'SubCertificatesType', '?'),
  ]) }));
  t.complex('SubCertificatesType', ct({ content: seq([e('Certificate', 'certificateType', '+')]) }));
  t.complex('ListOfRootCertificateIDsType', ct({ content: seq([
    e('RootCertificateID', 'rootCertificateIDType', '+'),
  ]) }));
  t.complex('MeterInfoType', ct({ content: seq([
    e('MeterID', 'meterIDType'),
    e('MeterReading', 'PhysicalValueType', '?'),
    e('SigMeterReading', 'sigMeterReadingType', '?'),
    e('MeterStatus', 'meterStatusType', '?'),
    e('TMeter', 'xs:long', '?'),
  ]) }));
  t.simple('meterStatusType', st('xs:short'));
  t.complex('PhysicalValueType', ct({ content: seq([
    e('Multiplier', 'unitMultiplierType'),
    e('Unit', 'unitSymbolType', '?'),
    e('Value', 'xs:short'),
  ]) }));
  t.complex('NotificationType', ct({ content: seq([
    e('FaultCode', 'faultCodeType'),
    e('FaultMsg', 'faultMsgType', '?'),
  ]) }));
  t.complex('SASchedulesType', ct({ abstract: true }));
  t.element('SASchedules', 'SASchedulesType');
  t.element('SAScheduleList', 'SAScheduleListType', { subst: 'SASchedules' });
  t.complex('SAScheduleListType', ct({ ext: 'SASchedulesType', content: seq([
    e('SAScheduleTuple', 'SAScheduleTupleType', '+'),
  ]) }));
  t.complex('SAScheduleTupleType', ct({ content: seq([
    e('SAScheduleTupleID', 'SAIDType'),
    e('PMaxSchedule', 'PMaxScheduleType'),
    e('SalesTariff', 'SalesTariffType', '?'),
  ]) }));
  t.complex('SalesTariffType', ct({ attrs: [a('Id', 'xs:IDREF', true)], content: seq([
    e('SalesTariffID', 'SAIDType'),
    e('SalesTariffDescription', 'tariffDescriptionType', '?'),
    e('NumEPriceLevels', 'xs:unsignedByte'),
    r('SalesTariffEntry', '+'),
  ]) }));
  t.complex('PMaxScheduleType', ct({ content: seq([e('PMaxScheduleID', 'SAIDType'), r('PMaxScheduleEntry', '+')]) }));
  t.element('Entry', 'EntryType');
  t.complex('EntryType', ct({ abstract: true, content: seq([r('TimeInterval')]) }));
  t.element('SalesTariffEntry', 'SalesTariffEntryType', { subst: 'Entry' });
  t.complex('SalesTariffEntryType', ct({ ext: 'EntryType', content: seq([
    e('EPriceLevel', 'xs:unsignedByte'),
    e('ConsumptionCost', 'ConsumptionCostType', '*'),
  ]) }));
  t.element('PMaxScheduleEntry', 'PMaxScheduleEntryType', { subst: 'Entry' });
  t.complex('PMaxScheduleEntryType', ct({ ext: 'EntryType', content: seq([e('PMax', 'PMaxType')]) }));
  t.complex('IntervalType', ct({ abstract: true }));
  t.element('TimeInterval', 'IntervalType');
  t.element('RelativeTimeInterval', 'RelativeTimeIntervalType', { subst: 'TimeInterval' });
  t.complex('RelativeTimeIntervalType', ct({ ext: 'IntervalType', content: seq([
    e('start', 'xs:unsignedInt'),
    e('duration', 'xs:unsignedInt', '?'),
  ]) }));
  t.complex('ConsumptionCostType', ct({ content: seq([
    e('startValue', 'xs:unsignedInt'),
    e('Cost', 'CostType', '*'),
  ]) }));
  t.complex('CostType', ct({ content: seq([
    e('costKind', 'costKindType'),
    e('amount', 'xs:unsignedInt'),
    e('amountMultiplier', 'unitMultiplierType', '?'),
  ]) }));
  t.complex('EVSEStatusType', ct({ abstract: true }));
  t.element('EVSEStatus', 'EVSEStatusType');
  t.element('AC_EVSEStatus', 'AC_EVSEStatusType', { subst: 'EVSEStatus' });
  t.complex('AC_EVSEStatusType', ct({ ext: 'EVSEStatusType', content: seq([
    e('PowerSwitchClosed', 'xs:boolean'),
    e('RCD', 'xs:boolean'),
    e('NotificationMaxDelay', 'xs:unsignedInt'),
    e('EVSENotification', 'EVSENotificationType'),
  ]) }));
  t.complex('EVStatusType', ct({ abstract: true }));
  t.element('EVStatus', 'EVStatusType');
  t.element('DC_EVSEStatus', 'DC_EVSEStatusType', { subst: 'EVSEStatus' });
  t.complex('DC_EVSEStatusType', ct({ ext: 'EVSEStatusType', content: seq([
    e('EVSEIsolationStatus', 'isolationLevelType', '?'),
    e('EVSEStatusCode', 'DC_EVSEStatusCodeType'),
    e('NotificationMaxDelay', 'xs:unsignedInt'),
    e('EVSENotification', 'EVSENotificationType'),
  ]) }));
  t.element('DC_EVStatus', 'DC_EVStatusType', { subst: 'EVStatus' });
  t.complex('DC_EVStatusType', ct({ ext: 'EVStatusType', content: seq([
    e('EVReady', 'xs:boolean'),
    e('EVCabinConditioning', 'xs:boolean', '?'),
    e('EVRESSConditioning', 'xs:boolean', '?'),
    e('EVErrorCode', 'DC_EVErrorCodeType'),
    e('EVRESSSOC', 'percentValueType'),
  ]) }));
  t.complex('EVChargeParameterType', ct({ abstract: true }));
  t.element('EVChargeParameter', 'EVChargeParameterType');
  t.element('AC_EVChargeParameter', 'AC_EVChargeParameterType', { subst: 'EVChargeParameter' });
  t.complex('AC_EVChargeParameterType', ct({ ext: 'EVChargeParameterType', content: seq([
    e('DepartureTime', 'xs:unsignedInt'),
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
  t.element('EVSEChargeParameter', 'EVSEChargeParameterType');
  t.element('AC_EVSEChargeParameter', 'AC_EVSEChargeParameterType', { subst: 'EVSEChargeParameter' });
  t.complex('AC_EVSEChargeParameterType', ct({ ext: 'EVSEChargeParameterType', content: seq([
    e('AC_EVSEStatus', 'AC_EVSEStatusType'),
    e('EVSEMaxVoltage', 'PhysicalValueType'),
    e('EVSEMaxCurrent', 'PhysicalValueType'),
    e('EVSEMinCurrent', 'PhysicalValueType'),
  ]) }));
  t.element('DC_EVSEChargeParameter', 'DC_EVSEChargeParameterType', { subst: 'EVSEChargeParameter' });
  t.complex('DC_EVSEChargeParameterType', ct({ ext: 'EVSEChargeParameterType', content: seq([
    e('DC_EVSEStatus', 'DC_EVSEStatusType'),
    e('EVSEMaximumCurrentLimit', 'PhysicalValueType'),
    e('EVSEMaximumPowerLimit', 'PhysicalValueType', '?'),
    e('EVSEMaximumVoltageLimit', 'PhysicalValueType'),
    e('EVSEMinimumCurrentLimit', 'PhysicalValueType'),
    e('EVSEMinimumVoltageLimit', 'PhysicalValueType'),
    e('EVSECurrentRegulationTolerance', 'PhysicalValueType', '?'),
    e('EVSEPeakCurrentRipple', 'PhysicalValueType'),
    e('EVSEEnergyToBeDelivered', 'PhysicalValueType', '?'),
  ]) }));
  t.complex('EVPowerDeliveryParameterType', ct({ abstract: true }));
  t.element('EVPowerDeliveryParameter', 'EVPowerDeliveryParameterType');
  t.element('DC_EVPowerDeliveryParameter', 'DC_EVPowerDeliveryParameterType', { subst: 'EVPowerDeliveryParameter' });
  t.complex('DC_EVPowerDeliveryParameterType', ct({ ext: 'EVPowerDeliveryParameterType', content: seq([
    e('DC_EVStatus', 'DC_EVStatusType'),
    e('BulkChargingComplete', 'xs:boolean', '?'),
    e('ChargingComplete', 'xs:boolean'),
  ]) }));
  t.complex('ChargingProfileType', ct({ content: seq([
    e('SAScheduleTupleID', 'SAIDType'),
    e('ProfileEntry', 'ProfileEntryType', '+'),
  ]) }));
  t.complex('ProfileEntryType', ct({ content: seq([
    e('ChargingProfileEntryStart', 'xs:unsignedInt'),
    e('ChargingProfileEntryMaxPower', 'PMaxType'),
  ]) }));
  t.simple('PMaxType', st('xs:short'));
  t.simple('percentValueType', st('xs:byte', { min: 0, max: 100 }));
  t.simple('faultMsgType', st('xs:string'));
  t.simple('EVSEProcessingType', st('xs:string', { enum: ['Finished', 'Ongoing'] }));
  t.simple('EVSENotificationType', st('xs:string', { enum: ['None', 'StopCharging', 'ReNegotiation'] }));
  t.simple('serviceNameType', st('xs:string'));
  t.simple('serviceCategoryType', st('xs:string', { enum: [
    'EVCharging', 'Internet', 'ContractCertificate', 'OtherCustom',
  ] }));
  t.simple('serviceScopeType', st('xs:string'));
  t.simple('EVSESupportedEnergyTransferType', st('xs:string', { enum: [
    'AC_single_phase_core', 'AC_three_phase_core', 'DC_core', 'DC_extended', 'DC_combo_core', 'DC_dual',
    'AC_core1p_DC_extended', 'AC_single_DC_core', 'AC_single_phase_three_phase_core_DC_extended',
    'AC_core3p_DC_extended',
  ] }));
  t.simple('EVRequestedEnergyTransferType', st('xs:string', { enum: [
    'AC_single_phase_core', 'AC_three_phase_core', 'DC_core', 'DC_extended', 'DC_combo_core', 'DC_unique',
  ] }));
  t.simple('genChallengeType', st('xs:string'));
  t.simple('certificateType', st('xs:base64Binary'));
  t.simple('rootCertificateIDType', st('xs:string'));
  t.simple('dHParamsType', st('xs:base64Binary'));
  t.simple('privateKeyType', st('xs:base64Binary'));
  t.simple('sigMeterReadingType', st('xs:base64Binary'));
  t.simple('sessionIDType', st('xs:hexBinary'));
  t.simple('evccIDType', st('xs:hexBinary'));
  t.simple('evseIDType', st('xs:hexBinary'));
  t.simple('serviceIDType', st('xs:unsignedShort'));
  t.simple('contractIDType', st('xs:string'));
  t.simple('meterIDType', st('xs:string'));
  t.simple('SAIDType', st('xs:short'));
  t.simple('tariffDescriptionType', st('xs:string'));
  t.simple('costKindType', st('xs:string', { enum: [
    'relativePricePercentage', 'RenewableGenerationPercentage', 'CarbonDioxideEmission',
  ] }));
  t.complex('PaymentOptionsType', ct({ content: seq([e('PaymentOption', 'paymentOptionType', '+')]) }));
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
    'FAILED_ChargingProfileInvalid', 'FAILED_EVSEPresentVoltageToLow', 'FAILED_MeteringSignatureNotValid',
    'FAILED_WrongEnergyTransferType',
  ] }));
  t.simple('unitMultiplierType', st('xs:byte', { min: -3, max: 3 }));
  t.simple('unitSymbolType', st('xs:string', { enum: ['h', 'm', 's', 'A', 'Ah', 'V', 'VA', 'W', 'W/s', 'Wh'] }));
  t.simple('DC_EVSEStatusCodeType', st('xs:string', { enum: [
    'EVSE_NotReady', 'EVSE_Ready', 'EVSE_Shutdown', 'EVSE_UtilityInterruptEvent', 'EVSE_IsolationMonitoringActive',
    'EVSE_EmergencyShutdown', 'EVSE_Malfunction', 'Reserved_8', 'Reserved_9', 'Reserved_A', 'Reserved_B',
    'Reserved_C',
  ] }));
  t.simple('isolationLevelType', st('xs:string', { enum: ['Invalid', 'Valid', 'Warning', 'Fault'] }));
  t.simple('DC_EVErrorCodeType', st('xs:string', { enum: [
    'NO_ERROR', 'FAILED_RESSTemperatureInhibit', 'FAILED_EVShiftPosition', 'FAILED_ChargerConnectorLockFault',
    'FAILED_EVRESSMalfunction', 'FAILED_ChargingCurrentdifferential', 'FAILED_ChargingVoltageOutOfRange',
    'Reserved_A', 'Reserved_B', 'Reserved_C', 'FAILED_ChargingSystemIncompatibility', 'NoData',
  ] }));
}
