// Message structures transcribed from the published schema (element names, types, order, occurrence).
// ISO 15118-20 common types (urn:iso:std:iso:15118:-20:CommonTypes).
import { type SchemaSpec, ct, e, r, seq, st } from '../schema';

export function defineIso20Types(s: SchemaSpec): void {
  const ct_ = s.ns('urn:iso:std:iso:15118:-20:CommonTypes', { qualifiedAttributes: true });
  ct_.complex('MessageHeaderType', ct({ content: seq([
    e('SessionID', 'sessionIDType'),
    e('TimeStamp', 'xs:unsignedLong'),
    r('Signature', '?'),
  ]) }));
  ct_.complex('V2GMessageType', ct({ abstract: true, content: seq([e('Header', 'MessageHeaderType')]) }));
  ct_.complex('V2GRequestType', ct({ abstract: true, ext: 'V2GMessageType' }));
  ct_.complex('V2GResponseType', ct({ abstract: true, ext: 'V2GMessageType', content: seq([
    e('ResponseCode', 'responseCodeType'),
  ]) }));
  ct_.complex('ChargeParameterDiscoveryReqType', ct({ abstract: true, ext: 'V2GRequestType' }));
  ct_.complex('ChargeParameterDiscoveryResType', ct({ abstract: true, ext: 'V2GResponseType' }));
  ct_.complex('ChargeLoopReqType', ct({ abstract: true, ext: 'V2GRequestType', content: seq([
    e('DisplayParameters', 'DisplayParametersType', '?'),
    e('MeterInfoRequested', 'xs:boolean'),
  ]) }));
  ct_.complex('ChargeLoopResType', ct({ abstract: true, ext: 'V2GResponseType', content: seq([
    e('EVSEStatus', 'EVSEStatusType', '?'),
    e('MeterInfo', 'MeterInfoType', '?'),
    e('Receipt', 'ReceiptType', '?'),
  ]) }));
  ct_.element('CLReqControlMode', 'CLReqControlModeType');
  ct_.complex('CLReqControlModeType', ct({ abstract: true }));
  ct_.element('CLResControlMode', 'CLResControlModeType');
  ct_.complex('CLResControlModeType', ct({ abstract: true }));
  ct_.complex('Scheduled_CLReqControlModeType', ct({ abstract: true, ext: 'CLReqControlModeType', content: seq([
    e('EVTargetEnergyRequest', 'RationalNumberType', '?'),
    e('EVMaximumEnergyRequest', 'RationalNumberType', '?'),
    e('EVMinimumEnergyRequest', 'RationalNumberType', '?'),
  ]) }));
  ct_.complex('Scheduled_CLResControlModeType', ct({ abstract: true, ext: 'CLResControlModeType' }));
  ct_.complex('Dynamic_CLReqControlModeType', ct({ abstract: true, ext: 'CLReqControlModeType', content: seq([
    e('DepartureTime', 'xs:unsignedInt', '?'),
    e('EVTargetEnergyRequest', 'RationalNumberType'),
    e('EVMaximumEnergyRequest', 'RationalNumberType'),
    e('EVMinimumEnergyRequest', 'RationalNumberType'),
  ]) }));
  ct_.complex('Dynamic_CLResControlModeType', ct({ abstract: true, ext: 'CLResControlModeType', content: seq([
    e('DepartureTime', 'xs:unsignedInt', '?'),
    e('MinimumSOC', 'percentValueType', '?'),
    e('TargetSOC', 'percentValueType', '?'),
    e('AckMaxDelay', 'xs:unsignedShort', '?'),
  ]) }));
  ct_.simple('numericIDType', st('xs:unsignedInt', { min: 1, max: 4294967295 }));
  ct_.simple('sessionIDType', st('xs:hexBinary'));
  ct_.simple('evseNotificationType', st('xs:string', { enum: [
    'Pause', 'ExitStandby', 'Terminate', 'ScheduleRenegotiation', 'ServiceRenegotiation', 'MeteringConfirmation',
  ] }));
  ct_.simple('processingType', st('xs:string', { enum: [
    'Finished', 'Ongoing', 'Ongoing_WaitingForCustomerInteraction',
  ] }));
  ct_.simple('responseCodeType', st('xs:string', { enum: [
    'OK', 'OK_CertificateExpiresSoon', 'OK_NewSessionEstablished', 'OK_OldSessionJoined',
    'OK_PowerToleranceConfirmed', 'WARNING_AuthorizationSelectionInvalid', 'WARNING_CertificateExpired',
    'WARNING_CertificateNotYetValid', 'WARNING_CertificateRevoked', 'WARNING_CertificateValidationError',
    'WARNING_ChallengeInvalid', 'WARNING_EIMAuthorizationFailure', 'WARNING_eMSPUnknown',
    'WARNING_EVPowerProfileViolation', 'WARNING_GeneralPnCAuthorizationError', 'WARNING_NoCertificateAvailable',
    'WARNING_NoContractMatchingPCIDFound', 'WARNING_PowerToleranceNotConfirmed',
    'WARNING_ScheduleRenegotiationFailed', 'WARNING_StandbyNotAllowed', 'WARNING_WPT', 'FAILED',
    'FAILED_AssociationError', 'FAILED_ContactorError', 'FAILED_EVPowerProfileInvalid',
    'FAILED_EVPowerProfileViolation', 'FAILED_MeteringSignatureNotValid', 'FAILED_NoEnergyTransferServiceSelected',
    'FAILED_NoServiceRenegotiationSupported', 'FAILED_PauseNotAllowed', 'FAILED_PowerDeliveryNotApplied',
    'FAILED_PowerToleranceNotConfirmed', 'FAILED_ScheduleRenegotiation', 'FAILED_ScheduleSelectionInvalid',
    'FAILED_SequenceError', 'FAILED_ServiceIDInvalid', 'FAILED_ServiceSelectionInvalid', 'FAILED_SignatureError',
    'FAILED_UnknownSession', 'FAILED_WrongChargeParameter',
  ] }));
  ct_.simple('percentValueType', st('xs:byte', { min: 0, max: 100 }));
  ct_.simple('identifierType', st('xs:string'));
  ct_.simple('nameType', st('xs:string'));
  ct_.simple('descriptionType', st('xs:string'));
  ct_.complex('DisplayParametersType', ct({ content: seq([
    e('PresentSOC', 'percentValueType', '?'),
    e('MinimumSOC', 'percentValueType', '?'),
    e('TargetSOC', 'percentValueType', '?'),
    e('MaximumSOC', 'percentValueType', '?'),
    e('RemainingTimeToMinimumSOC', 'xs:unsignedInt', '?'),
    e('RemainingTimeToTargetSOC', 'xs:unsignedInt', '?'),
    e('RemainingTimeToMaximumSOC', 'xs:unsignedInt', '?'),
    e('ChargingComplete', 'xs:boolean', '?'),
    e('BatteryEnergyCapacity', 'RationalNumberType', '?'),
    e('InletHot', 'xs:boolean', '?'),
  ]) }));
  ct_.complex('EVSEStatusType', ct({ content: seq([
    e('NotificationMaxDelay', 'xs:unsignedShort'),
    e('EVSENotification', 'evseNotificationType'),
  ]) }));
  ct_.complex('RationalNumberType', ct({ content: seq([e('Exponent', 'xs:byte'), e('Value', 'xs:short')]) }));
  ct_.simple('meterIDType', st('xs:string'));
  ct_.simple('meterSignatureType', st('xs:base64Binary'));
  ct_.complex('MeterInfoType', ct({ content: seq([
    e('MeterID', 'meterIDType'),
    e('ChargedEnergyReadingWh', 'xs:unsignedLong'),
    e('BPT_DischargedEnergyReadingWh', 'xs:unsignedLong', '?'),
    e('CapacitiveEnergyReadingVARh', 'xs:unsignedLong', '?'),
    e('BPT_InductiveEnergyReadingVARh', 'xs:unsignedLong', '?'),
    e('MeterSignature', 'meterSignatureType', '?'),
    e('MeterStatus', 'xs:short', '?'),
    e('MeterTimestamp', 'xs:unsignedLong', '?'),
  ]) }));
  ct_.complex('DetailedCostType', ct({ content: seq([
    e('Amount', 'RationalNumberType'),
    e('CostPerUnit', 'RationalNumberType'),
  ]) }));
  ct_.complex('DetailedTaxType', ct({ content: seq([
    e('TaxRuleID', 'numericIDType'),
    e('Amount', 'RationalNumberType'),
  ]) }));
  ct_.complex('ReceiptType', ct({ content: seq([
    e('TimeAnchor', 'xs:unsignedLong'),
    e('EnergyCosts', 'DetailedCostType', '?'),
    e('OccupancyCosts', 'DetailedCostType', '?'),
    e('AdditionalServicesCosts', 'DetailedCostType', '?'),
    e('OverstayCosts', 'DetailedCostType', '?'),
    e('TaxCosts', 'DetailedTaxType', '0..10'),
  ]) }));
  ct_.complex('ListOfRootCertificateIDsType', ct({ content: seq([
    e('RootCertificateID', 'X509IssuerSerialType', '1..20'),
  ]) }));
}
