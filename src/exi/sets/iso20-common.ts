// Message structures transcribed from the published schema (element names, types, order, occurrence).
// ISO 15118-20 common messages (urn:iso:std:iso:15118:-20:CommonMessages).
import { type SchemaSpec, a, choice, ct, e, seq, st } from '../schema';

export function defineIso20Common(s: SchemaSpec): void {
  const cm = s.ns('urn:iso:std:iso:15118:-20:CommonMessages', { qualifiedAttributes: true });
  cm.element('SessionSetupReq', 'SessionSetupReqType');
  cm.complex('SessionSetupReqType', ct({ ext: 'V2GRequestType', content: seq([e('EVCCID', 'identifierType')]) }));
  cm.element('SessionSetupRes', 'SessionSetupResType');
  cm.complex('SessionSetupResType', ct({ ext: 'V2GResponseType', content: seq([e('EVSEID', 'identifierType')]) }));
  cm.element('AuthorizationSetupReq', 'AuthorizationSetupReqType');
  cm.complex('AuthorizationSetupReqType', ct({ ext: 'V2GRequestType' }));
  cm.element('AuthorizationSetupRes', 'AuthorizationSetupResType');
  cm.complex('AuthorizationSetupResType', ct({ ext: 'V2GResponseType', content: seq([
    e('AuthorizationServices', 'authorizationType', '1..2'),
    e('CertificateInstallationService', 'xs:boolean'),
    choice([e('EIM_ASResAuthorizationMode', 'EIM_ASResAuthorizationModeType'), e('PnC_ASResAuthorizationMode', 'PnC_ASResAuthorizationModeType')]),
  ]) }));
  cm.element('AuthorizationReq', 'AuthorizationReqType');
  cm.complex('AuthorizationReqType', ct({ ext: 'V2GRequestType', content: seq([
    e('SelectedAuthorizationService', 'authorizationType'),
    choice([e('EIM_AReqAuthorizationMode', 'EIM_AReqAuthorizationModeType'), e('PnC_AReqAuthorizationMode', 'PnC_AReqAuthorizationModeType')]),
  ]) }));
  cm.element('AuthorizationRes', 'AuthorizationResType');
  cm.complex('AuthorizationResType', ct({ ext: 'V2GResponseType', content: seq([
    e('EVSEProcessing', 'processingType'),
  ]) }));
  cm.element('ServiceDiscoveryReq', 'ServiceDiscoveryReqType');
  cm.complex('ServiceDiscoveryReqType', ct({ ext: 'V2GRequestType', content: seq([
    e('SupportedServiceIDs', 'ServiceIDListType', '?'),
  ]) }));
  cm.element('ServiceDiscoveryRes', 'ServiceDiscoveryResType');
  cm.complex('ServiceDiscoveryResType', ct({ ext: 'V2GResponseType', content: seq([
    e('ServiceRenegotiationSupported', 'xs:boolean'),
    e('EnergyTransferServiceList', 'ServiceListType'),
    e('VASList', 'ServiceListType', '?'),
  ]) }));
  cm.element('ServiceDetailReq', 'ServiceDetailReqType');
  cm.complex('ServiceDetailReqType', ct({ ext: 'V2GRequestType', content: seq([e('ServiceID', 'serviceIDType')]) }));
  cm.element('ServiceDetailRes', 'ServiceDetailResType');
  cm.complex('ServiceDetailResType', ct({ ext: 'V2GResponseType', content: seq([
    e('ServiceID', 'serviceIDType'),
    e('ServiceParameterList', 'ServiceParameterListType'),
  ]) }));
  cm.element('ServiceSelectionReq', 'ServiceSelectionReqType');
  cm.complex('ServiceSelectionReqType', ct({ ext: 'V2GRequestType', content: seq([
    e('SelectedEnergyTransferService', 'SelectedServiceType'),
    e('SelectedVASList', 'SelectedServiceListType', '?'),
  ]) }));
  cm.element('ServiceSelectionRes', 'ServiceSelectionResType');
  cm.complex('ServiceSelectionResType', ct({ ext: 'V2GResponseType' }));
  cm.element('ScheduleExchangeReq', 'ScheduleExchangeReqType');
  cm.complex('ScheduleExchangeReqType', ct({ ext: 'V2GRequestType', content: seq([
    e('MaximumSupportingPoints', 'maxSupportingPointsScheduleTupleType'),
    choice([e('Dynamic_SEReqControlMode', 'Dynamic_SEReqControlModeType'), e('Scheduled_SEReqControlMode', 'Scheduled_SEReqControlModeType')]),
  ]) }));
  cm.element('ScheduleExchangeRes', 'ScheduleExchangeResType');
  cm.complex('ScheduleExchangeResType', ct({ ext: 'V2GResponseType', content: seq([
    e('EVSEProcessing', 'processingType'),
    e('GoToPause', 'xs:boolean', '?'),
    choice([e('Dynamic_SEResControlMode', 'Dynamic_SEResControlModeType'), e('Scheduled_SEResControlMode', 'Scheduled_SEResControlModeType')]),
  ]) }));
  cm.element('PowerDeliveryReq', 'PowerDeliveryReqType');
  cm.complex('PowerDeliveryReqType', ct({ ext: 'V2GRequestType', content: seq([
    e('EVProcessing', 'processingType'),
    e('ChargeProgress', 'chargeProgressType'),
    e('EVPowerProfile', 'EVPowerProfileType', '?'),
    e('BPT_ChannelSelection', 'channelSelectionType', '?'),
  ]) }));
  cm.element('PowerDeliveryRes', 'PowerDeliveryResType');
  cm.complex('PowerDeliveryResType', ct({ ext: 'V2GResponseType', content: seq([
    e('EVSEStatus', 'EVSEStatusType', '?'),
  ]) }));
  cm.element('MeteringConfirmationReq', 'MeteringConfirmationReqType');
  cm.complex('MeteringConfirmationReqType', ct({ ext: 'V2GRequestType', content: seq([
    e('SignedMeteringData', 'SignedMeteringDataType'),
  ]) }));
  cm.element('MeteringConfirmationRes', 'MeteringConfirmationResType');
  cm.complex('MeteringConfirmationResType', ct({ ext: 'V2GResponseType' }));
  cm.element('SessionStopReq', 'SessionStopReqType');
  cm.complex('SessionStopReqType', ct({ ext: 'V2GRequestType', content: seq([
    e('ChargingSession', 'chargingSessionType'),
    e('EVTerminationCode', 'nameType', '?'),
    e('EVTerminationExplanation', 'descriptionType', '?'),
  ]) }));
  cm.element('SessionStopRes', 'SessionStopResType');
  cm.complex('SessionStopResType', ct({ ext: 'V2GResponseType' }));
  cm.element('CertificateInstallationReq', 'CertificateInstallationReqType');
  cm.complex('CertificateInstallationReqType', ct({ ext: 'V2GRequestType', content: seq([
    e('OEMProvisioningCertificateChain', 'SignedCertificateChainType'),
    e('ListOfRootCertificateIDs', 'ListOfRootCertificateIDsType'),
    e('MaximumContractCertificateChains', 'xs:unsignedByte'),
    e('PrioritizedEMAIDs', 'EMAIDListType', '?'),
  ]) }));
  cm.element('CertificateInstallationRes', 'CertificateInstallationResType');
  cm.complex('CertificateInstallationResType', ct({ ext: 'V2GResponseType', content: seq([
    e('EVSEProcessing', 'processingType'),
    e('CPSCertificateChain', 'CertificateChainType'),
    e('SignedInstallationData', 'SignedInstallationDataType'),
    e('RemainingContractCertificateChains', 'xs:unsignedByte'),
  ]) }));
  cm.element('VehicleCheckInReq', 'VehicleCheckInReqType');
  cm.complex('VehicleCheckInReqType', ct({ ext: 'V2GRequestType', content: seq([
    e('EVCheckInStatus', 'evCheckInStatusType'),
    e('ParkingMethod', 'parkingMethodType'),
    e('VehicleFrame', 'xs:short', '?'),
    e('DeviceOffset', 'xs:short', '?'),
    e('VehicleTravel', 'xs:short', '?'),
  ]) }));
  cm.element('VehicleCheckInRes', 'VehicleCheckInResType');
  cm.complex('VehicleCheckInResType', ct({ ext: 'V2GResponseType', content: seq([
    e('ParkingSpace', 'xs:short', '?'),
    e('DeviceLocation', 'xs:short', '?'),
    e('TargetDistance', 'xs:short', '?'),
  ]) }));
  cm.element('VehicleCheckOutReq', 'VehicleCheckOutReqType');
  cm.complex('VehicleCheckOutReqType', ct({ ext: 'V2GRequestType', content: seq([
    e('EVCheckOutStatus', 'evCheckOutStatusType'),
    e('CheckOutTime', 'xs:unsignedLong'),
  ]) }));
  cm.element('VehicleCheckOutRes', 'VehicleCheckOutResType');
  cm.complex('VehicleCheckOutResType', ct({ ext: 'V2GResponseType', content: seq([
    e('EVSECheckOutStatus', 'evseCheckOutStatusType'),
  ]) }));
  cm.simple('authorizationType', st('xs:string', { enum: ['EIM', 'PnC'] }));
  cm.simple('genChallengeType', st('xs:base64Binary'));
  cm.complex('PnC_ASResAuthorizationModeType', ct({ content: seq([
    e('GenChallenge', 'genChallengeType'),
    e('SupportedProviders', 'SupportedProvidersListType', '?'),
  ]) }));
  cm.complex('SupportedProvidersListType', ct({ content: seq([e('ProviderID', 'nameType', '1..128')]) }));
  cm.complex('EIM_ASResAuthorizationModeType', ct({  }));
  cm.complex('PnC_AReqAuthorizationModeType', ct({ attrs: [a('Id', 'xs:ID', true)], content: seq([
    e('GenChallenge', 'genChallengeType'),
    e('ContractCertificateChain', 'ContractCertificateChainType'),
  ]) }));
  cm.complex('EIM_AReqAuthorizationModeType', ct({  }));
  cm.simple('serviceIDType', st('xs:unsignedShort'));
  cm.complex('ServiceIDListType', ct({ content: seq([e('ServiceID', 'serviceIDType', '1..16')]) }));
  cm.complex('ServiceType', ct({ content: seq([e('ServiceID', 'serviceIDType'), e('FreeService', 'xs:boolean')]) }));
  cm.complex('ServiceListType', ct({ content: seq([e('Service', 'ServiceType', '1..8')]) }));
  cm.complex('SelectedServiceType', ct({ content: seq([
    e('ServiceID', 'serviceIDType'),
    e('ParameterSetID', 'serviceIDType'),
  ]) }));
  cm.complex('SelectedServiceListType', ct({ content: seq([e('SelectedService', 'SelectedServiceType', '1..16')]) }));
  cm.complex('ParameterType', ct({ attrs: [a('Name', 'nameType', true)], content: choice([
    e('boolValue', 'xs:boolean'),
    e('byteValue', 'xs:byte'),
    e('shortValue', 'xs:short'),
    e('intValue', 'xs:int'),
    e('rationalNumber', 'RationalNumberType'),
    e('finiteString', 'nameType'),
  ]) }));
  cm.complex('ParameterSetType', ct({ content: seq([
    e('ParameterSetID', 'serviceIDType'),
    e('Parameter', 'ParameterType', '1..32'),
  ]) }));
  cm.complex('ServiceParameterListType', ct({ content: seq([e('ParameterSet', 'ParameterSetType', '1..32')]) }));
  cm.simple('maxSupportingPointsScheduleTupleType', st('xs:unsignedShort', { min: 12, max: 1024 }));
  cm.complex('ScheduleTupleType', ct({ content: seq([
    e('ScheduleTupleID', 'numericIDType'),
    e('ChargingSchedule', 'ChargingScheduleType'),
    e('DischargingSchedule', 'ChargingScheduleType', '?'),
  ]) }));
  cm.complex('ChargingScheduleType', ct({ content: seq([
    e('PowerSchedule', 'PowerScheduleType'),
    choice([e('AbsolutePriceSchedule', 'AbsolutePriceScheduleType'), e('PriceLevelSchedule', 'PriceLevelScheduleType')], '?'),
  ]) }));
  cm.complex('Scheduled_SEReqControlModeType', ct({ content: seq([
    e('DepartureTime', 'xs:unsignedInt', '?'),
    e('EVTargetEnergyRequest', 'RationalNumberType', '?'),
    e('EVMaximumEnergyRequest', 'RationalNumberType', '?'),
    e('EVMinimumEnergyRequest', 'RationalNumberType', '?'),
    e('EVEnergyOffer', 'EVEnergyOfferType', '?'),
  ]) }));
  cm.complex('Scheduled_SEResControlModeType', ct({ content: seq([e('ScheduleTuple', 'ScheduleTupleType', '1..3')]) }));
  cm.complex('Dynamic_SEReqControlModeType', ct({ content: seq([
    e('DepartureTime', 'xs:unsignedInt'),
    e('MinimumSOC', 'percentValueType', '?'),
    e('TargetSOC', 'percentValueType', '?'),
    e('EVTargetEnergyRequest', 'RationalNumberType'),
    e('EVMaximumEnergyRequest', 'RationalNumberType'),
    e('EVMinimumEnergyRequest', 'RationalNumberType'),
    e('EVMaximumV2XEnergyRequest', 'RationalNumberType', '?'),
    e('EVMinimumV2XEnergyRequest', 'RationalNumberType', '?'),
  ]) }));
  cm.complex('Dynamic_SEResControlModeType', ct({ content: seq([
    e('DepartureTime', 'xs:unsignedInt', '?'),
    e('MinimumSOC', 'percentValueType', '?'),
    e('TargetSOC', 'percentValueType', '?'),
    choice([e('AbsolutePriceSchedule', 'AbsolutePriceScheduleType'), e('PriceLevelSchedule', 'PriceLevelScheduleType')], '?'),
  ]) }));
  cm.simple('chargeProgressType', st('xs:string', { enum: ['Start', 'Stop', 'Standby', 'ScheduleRenegotiation'] }));
  cm.simple('channelSelectionType', st('xs:string', { enum: ['Charge', 'Discharge'] }));
  cm.simple('ecdhCurveType', st('xs:string', { enum: ['SECP521', 'X448'] }));
  cm.simple('dhPublicKeyType', st('xs:base64Binary'));
  cm.simple('secp521_EncryptedPrivateKeyType', st('xs:base64Binary'));
  cm.simple('x448_EncryptedPrivateKeyType', st('xs:base64Binary'));
  cm.simple('tpm_EncryptedPrivateKeyType', st('xs:base64Binary'));
  cm.complex('SignedInstallationDataType', ct({ attrs: [a('Id', 'xs:ID', true)], content: seq([
    e('ContractCertificateChain', 'ContractCertificateChainType'),
    e('ECDHCurve', 'ecdhCurveType'),
    e('DHPublicKey', 'dhPublicKeyType'),
    choice([e('SECP521_EncryptedPrivateKey', 'secp521_EncryptedPrivateKeyType'), e('X448_EncryptedPrivateKey', 'x448_EncryptedPrivateKeyType'), e('TPM_EncryptedPrivateKey', 'tpm_EncryptedPrivateKeyType')]),
  ]) }));
  cm.element('SignedInstallationData', 'SignedInstallationDataType');
  cm.complex('SignedMeteringDataType', ct({ attrs: [a('Id', 'xs:ID', true)], content: seq([
    e('SessionID', 'sessionIDType'),
    e('MeterInfo', 'MeterInfoType'),
    e('Receipt', 'ReceiptType', '?'),
    choice([e('Dynamic_SMDTControlMode', 'Dynamic_SMDTControlModeType'), e('Scheduled_SMDTControlMode', 'Scheduled_SMDTControlModeType')]),
  ]) }));
  cm.element('SignedMeteringData', 'SignedMeteringDataType');
  cm.complex('Scheduled_SMDTControlModeType', ct({ content: seq([e('SelectedScheduleTupleID', 'numericIDType')]) }));
  cm.complex('Dynamic_SMDTControlModeType', ct({  }));
  cm.simple('chargingSessionType', st('xs:string', { enum: ['Pause', 'Terminate', 'ServiceRenegotiation'] }));
  cm.simple('evCheckInStatusType', st('xs:string', { enum: ['CheckIn', 'Processing', 'Completed'] }));
  cm.simple('evCheckOutStatusType', st('xs:string', { enum: ['CheckOut', 'Processing', 'Completed'] }));
  cm.simple('evseCheckOutStatusType', st('xs:string', { enum: ['Scheduled', 'Completed'] }));
  cm.simple('parkingMethodType', st('xs:string', { enum: ['AutoParking', 'MVGuideManual', 'Manual'] }));
  cm.complex('TargetPositionType', ct({ content: seq([
    e('TargetOffsetX', 'xs:unsignedShort'),
    e('TargetOffsetY', 'xs:unsignedShort'),
  ]) }));
  cm.complex('PowerScheduleType', ct({ content: seq([
    e('TimeAnchor', 'xs:unsignedLong'),
    e('AvailableEnergy', 'RationalNumberType', '?'),
    e('PowerTolerance', 'RationalNumberType', '?'),
    e('PowerScheduleEntries', 'PowerScheduleEntryListType'),
  ]) }));
  cm.complex('PowerScheduleEntryListType', ct({ content: seq([
    e('PowerScheduleEntry', 'PowerScheduleEntryType', '1..1024'),
  ]) }));
  cm.complex('PowerScheduleEntryType', ct({ content: seq([
    e('Duration', 'xs:unsignedInt'),
    e('Power', 'RationalNumberType'),
    e('Power_L2', 'RationalNumberType', '?'),
    e('Power_L3', 'RationalNumberType', '?'),
  ]) }));
  cm.complex('PriceScheduleType', ct({ abstract: true, content: seq([
    e('TimeAnchor', 'xs:unsignedLong'),
    e('PriceScheduleID', 'numericIDType'),
    e('PriceScheduleDescription', 'descriptionType', '?'),
  ]) }));
  cm.complex('PriceLevelScheduleType', ct({ ext: 'PriceScheduleType', attrs: [a('Id', 'xs:ID')], content: seq([
    e('NumberOfPriceLevels', 'xs:unsignedByte'),
    e('PriceLevelScheduleEntries', 'PriceLevelScheduleEntryListType'),
  ]) }));
  cm.complex('PriceLevelScheduleEntryListType', ct({ content: seq([
    e('PriceLevelScheduleEntry', 'PriceLevelScheduleEntryType', '1..1024'),
  ]) }));
  cm.complex('PriceLevelScheduleEntryType', ct({ content: seq([
    e('Duration', 'xs:unsignedInt'),
    e('PriceLevel', 'xs:unsignedByte'),
  ]) }));
  cm.complex('AbsolutePriceScheduleType', ct({ ext: 'PriceScheduleType', attrs: [a('Id', 'xs:ID')], content: seq([
    e('Currency', 'currencyType'),
    e('Language', 'languageType'),
    e('PriceAlgorithm', 'identifierType'),
    e('MinimumCost', 'RationalNumberType', '?'),
    e('MaximumCost', 'RationalNumberType', '?'),
    e('TaxRules', 'TaxRuleListType', '?'),
    e('PriceRuleStacks', 'PriceRuleStackListType'),
    e('OverstayRules', 'OverstayRuleListType', '?'),
    e('AdditionalSelectedServices', 'AdditionalServiceListType', '?'),
  ]) }));
  cm.complex('TaxRuleListType', ct({ content: seq([e('TaxRule', 'TaxRuleType', '1..10')]) }));
  cm.complex('TaxRuleType', ct({ content: seq([
    e('TaxRuleID', 'numericIDType'),
    e('TaxRuleName', 'nameType', '?'),
    e('TaxRate', 'RationalNumberType'),
    e('TaxIncludedInPrice', 'xs:boolean', '?'),
    e('AppliesToEnergyFee', 'xs:boolean'),
    e('AppliesToParkingFee', 'xs:boolean'),
    e('AppliesToOverstayFee', 'xs:boolean'),
    e('AppliesMinimumMaximumCost', 'xs:boolean'),
  ]) }));
  cm.complex('PriceRuleStackListType', ct({ content: seq([e('PriceRuleStack', 'PriceRuleStackType', '1..1024')]) }));
  cm.complex('PriceRuleStackType', ct({ content: seq([
    e('Duration', 'xs:unsignedInt'),
    e('PriceRule', 'PriceRuleType', '1..8'),
  ]) }));
  cm.complex('PriceRuleType', ct({ content: seq([
    e('EnergyFee', 'RationalNumberType'),
    e('ParkingFee', 'RationalNumberType', '?'),
    e('ParkingFeePeriod', 'xs:unsignedInt', '?'),
    e('CarbonDioxideEmission', 'xs:unsignedShort', '?'),
    e('RenewableGenerationPercentage', 'xs:unsignedByte', '?'),
    e('PowerRangeStart', 'RationalNumberType'),
  ]) }));
  cm.complex('OverstayRuleListType', ct({ content: seq([
    e('OverstayTimeThreshold', 'xs:unsignedInt', '?'),
    e('OverstayPowerThreshold', 'RationalNumberType', '?'),
    e('OverstayRule', 'OverstayRuleType', '1..5'),
  ]) }));
  cm.complex('OverstayRuleType', ct({ content: seq([
    e('OverstayRuleDescription', 'descriptionType', '?'),
    e('StartTime', 'xs:unsignedInt'),
    e('OverstayFee', 'RationalNumberType'),
    e('OverstayFeePeriod', 'xs:unsignedInt'),
  ]) }));
  cm.complex('AdditionalServiceListType', ct({ content: seq([
    e('AdditionalService', 'AdditionalServiceType', '1..5'),
  ]) }));
  cm.complex('AdditionalServiceType', ct({ content: seq([
    e('ServiceName', 'nameType'),
    e('ServiceFee', 'RationalNumberType'),
  ]) }));
  cm.simple('currencyType', st('xs:string'));
  cm.simple('languageType', st('xs:string'));
  cm.complex('EVPowerProfileEntryListType', ct({ content: seq([
    e('EVPowerProfileEntry', 'PowerScheduleEntryType', '1..2048'),
  ]) }));
  cm.complex('EVPowerProfileType', ct({ content: seq([
    e('TimeAnchor', 'xs:unsignedLong'),
    choice([e('Dynamic_EVPPTControlMode', 'Dynamic_EVPPTControlModeType'), e('Scheduled_EVPPTControlMode', 'Scheduled_EVPPTControlModeType')]),
    e('EVPowerProfileEntries', 'EVPowerProfileEntryListType'),
  ]) }));
  cm.complex('Scheduled_EVPPTControlModeType', ct({ content: seq([
    e('SelectedScheduleTupleID', 'numericIDType'),
    e('PowerToleranceAcceptance', 'powerToleranceAcceptanceType', '?'),
  ]) }));
  cm.simple('powerToleranceAcceptanceType', st('xs:string', { enum: [
    'PowerToleranceNotConfirmed', 'PowerToleranceConfirmed',
  ] }));
  cm.complex('Dynamic_EVPPTControlModeType', ct({  }));
  cm.complex('EVEnergyOfferType', ct({ content: seq([
    e('EVPowerSchedule', 'EVPowerScheduleType'),
    e('EVAbsolutePriceSchedule', 'EVAbsolutePriceScheduleType'),
  ]) }));
  cm.complex('EVPowerScheduleType', ct({ content: seq([
    e('TimeAnchor', 'xs:unsignedLong'),
    e('EVPowerScheduleEntries', 'EVPowerScheduleEntryListType'),
  ]) }));
  cm.complex('EVPowerScheduleEntryListType', ct({ content: seq([
    e('EVPowerScheduleEntry', 'EVPowerScheduleEntryType', '1..1024'),
  ]) }));
  cm.complex('EVPowerScheduleEntryType', ct({ content: seq([
    e('Duration', 'xs:unsignedInt'),
    e('Power', 'RationalNumberType'),
  ]) }));
  cm.complex('EVAbsolutePriceScheduleType', ct({ content: seq([
    e('TimeAnchor', 'xs:unsignedLong'),
    e('Currency', 'currencyType'),
    e('PriceAlgorithm', 'identifierType'),
    e('EVPriceRuleStacks', 'EVPriceRuleStackListType'),
  ]) }));
  cm.complex('EVPriceRuleStackListType', ct({ content: seq([
    e('EVPriceRuleStack', 'EVPriceRuleStackType', '1..1024'),
  ]) }));
  cm.complex('EVPriceRuleStackType', ct({ content: seq([
    e('Duration', 'xs:unsignedInt'),
    e('EVPriceRule', 'EVPriceRuleType', '1..8'),
  ]) }));
  cm.complex('EVPriceRuleType', ct({ content: seq([
    e('EnergyFee', 'RationalNumberType'),
    e('PowerRangeStart', 'RationalNumberType'),
  ]) }));
  cm.simple('certificateType', st('xs:base64Binary'));
  cm.complex('EMAIDListType', ct({ content: seq([e('EMAID', 'identifierType', '1..8')]) }));
  cm.complex('SubCertificatesType', ct({ content: seq([e('Certificate', 'certificateType', '1..3')]) }));
  cm.complex('CertificateChainType', ct({ content: seq([
    e('Certificate', 'certificateType'),
    e('SubCertificates', 'SubCertificatesType', '?'),
  ]) }));
  cm.complex('SignedCertificateChainType', ct({ attrs: [a('Id', 'xs:ID', true)], content: seq([
    e('Certificate', 'certificateType'),
    e('SubCertificates', 'SubCertificatesType', '?'),
  ]) }));
  cm.complex('ContractCertificateChainType', ct({ content: seq([
    e('Certificate', 'certificateType'),
    e('SubCertificates', 'SubCertificatesType'),
  ]) }));
}
