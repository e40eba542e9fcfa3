// Message structures transcribed from the published schema (element names, types, order, occurrence).
// ISO 15118-20 WPT messages (urn:iso:std:iso:15118:-20:WPT).
import { type SchemaSpec, choice, ct, e, seq, st } from '../schema';

export function defineIso20Wpt(s: SchemaSpec): void {
  const wpt = s.ns('urn:iso:std:iso:15118:-20:WPT', { qualifiedAttributes: true });
  wpt.element('WPT_FinePositioningSetupReq', 'WPT_FinePositioningSetupReqType');
  wpt.complex('WPT_FinePositioningSetupReqType', ct({ ext: 'V2GRequestType', content: seq([
    e('EVProcessing', 'processingType'),
    e('EVDeviceFinePositioningMethodList', 'WPT_FinePositioningMethodListType'),
    e('EVDevicePairingMethodList', 'WPT_PairingMethodListType'),
    e('EVDeviceAlignmentCheckMethodList', 'WPT_AlignmentCheckMethodListType'),
    e('NaturalOffset', 'xs:unsignedShort'),
    e('VendorSpecificDataContainer', 'WPT_DataContainerType', '0..16'),
    e('LF_SystemSetupData', 'WPT_LF_SystemSetupDataType', '?'),
  ]) }));
  wpt.element('WPT_FinePositioningSetupRes', 'WPT_FinePositioningSetupResType');
  wpt.complex('WPT_FinePositioningSetupResType', ct({ ext: 'V2GResponseType', content: seq([
    e('PrimaryDeviceFinePositioningMethodList', 'WPT_FinePositioningMethodListType'),
    e('PrimaryDevicePairingMethodList', 'WPT_PairingMethodListType'),
    e('PrimaryDeviceAlignmentCheckMethodList', 'WPT_AlignmentCheckMethodListType'),
    e('NaturalOffset', 'xs:unsignedShort'),
    e('VendorSpecificDataContainer', 'WPT_DataContainerType', '0..16'),
    e('LF_SystemSetupData', 'WPT_LF_SystemSetupDataType', '?'),
  ]) }));
  wpt.element('WPT_FinePositioningReq', 'WPT_FinePositioningReqType');
  wpt.complex('WPT_FinePositioningReqType', ct({ ext: 'V2GRequestType', content: seq([
    e('EVProcessing', 'processingType'),
    e('EVResultCode', 'WPT_EVResultType'),
    e('VendorSpecificDataContainer', 'WPT_DataContainerType', '0..16'),
    e('WPT_LF_DataPackageList', 'WPT_LF_DataPackageListType', '?'),
  ]) }));
  wpt.element('WPT_FinePositioningRes', 'WPT_FinePositioningResType');
  wpt.complex('WPT_FinePositioningResType', ct({ ext: 'V2GResponseType', content: seq([
    e('EVSEProcessing', 'processingType'),
    e('VendorSpecificDataContainer', 'WPT_DataContainerType', '0..16'),
    e('WPT_LF_DataPackageList', 'WPT_LF_DataPackageListType', '?'),
  ]) }));
  wpt.element('WPT_PairingReq', 'WPT_PairingReqType');
  wpt.complex('WPT_PairingReqType', ct({ ext: 'V2GRequestType', content: seq([
    e('EVProcessing', 'processingType'),
    e('ObservedIDCode', 'numericIDType', '?'),
    e('EVResultCode', 'WPT_EVResultType'),
    e('VendorSpecificDataContainer', 'WPT_DataContainerType', '0..16'),
  ]) }));
  wpt.element('WPT_PairingRes', 'WPT_PairingResType');
  wpt.complex('WPT_PairingResType', ct({ ext: 'V2GResponseType', content: seq([
    e('EVSEProcessing', 'processingType'),
    e('ObservedIDCode', 'numericIDType', '?'),
    e('AlternativeSECCList', 'AlternativeSECCListType', '?'),
    e('VendorSpecificDataContainer', 'WPT_DataContainerType', '0..16'),
  ]) }));
  wpt.element('WPT_ChargeParameterDiscoveryReq', 'WPT_ChargeParameterDiscoveryReqType');
  wpt.complex('WPT_ChargeParameterDiscoveryReqType', ct({ ext: 'ChargeParameterDiscoveryReqType', content: seq([
    e('EVPCMaxReceivablePower', 'RationalNumberType'),
    e('SDMaxGroundClearence', 'xs:unsignedShort'),
    e('SDMinGroundClearence', 'xs:unsignedShort'),
    e('EVPCNaturalFrequency', 'RationalNumberType'),
    e('EVPCDeviceLocalControl', 'xs:boolean'),
    e('VendorSpecificDataContainer', 'WPT_DataContainerType', '0..16'),
  ]) }));
  wpt.element('WPT_ChargeParameterDiscoveryRes', 'WPT_ChargeParameterDiscoveryResType');
  wpt.complex('WPT_ChargeParameterDiscoveryResType', ct({ ext: 'ChargeParameterDiscoveryResType', content: seq([
    e('PDInputPowerClass', 'WPT_PowerClassType'),
    e('SDMinOutputPower', 'RationalNumberType'),
    e('SDMaxOutputPower', 'RationalNumberType'),
    e('SDMaxGroundClearanceSupport', 'xs:unsignedShort'),
    e('SDMinGroundClearanceSupport', 'xs:unsignedShort'),
    e('PDMinCoilCurrent', 'RationalNumberType'),
    e('PDMaxCoilCurrent', 'RationalNumberType'),
    e('SDManufacturerSpecificDataContainer', 'WPT_DataContainerType', '0..16'),
  ]) }));
  wpt.element('WPT_AlignmentCheckReq', 'WPT_AlignmentCheckReqType');
  wpt.complex('WPT_AlignmentCheckReqType', ct({ ext: 'V2GRequestType', content: seq([
    e('EVProcessing', 'processingType'),
    e('TargetCoilCurrent', 'RationalNumberType', '?'),
    e('EVResultCode', 'WPT_EVResultType'),
    e('VendorSpecificDataContainer', 'WPT_DataContainerType', '0..16'),
  ]) }));
  wpt.element('WPT_AlignmentCheckRes', 'WPT_AlignmentCheckResType');
  wpt.complex('WPT_AlignmentCheckResType', ct({ ext: 'V2GResponseType', content: seq([
    e('EVSEProcessing', 'processingType'),
    e('PowerTransmitted', 'RationalNumberType', '?'),
    e('SupplyDeviceCurrent', 'RationalNumberType', '?'),
    e('VendorSpecificDataContainer', 'WPT_DataContainerType', '0..16'),
  ]) }));
  wpt.element('WPT_ChargeLoopReq', 'WPT_ChargeLoopReqType');
  wpt.complex('WPT_ChargeLoopReqType', ct({ ext: 'ChargeLoopReqType', content: seq([
    e('EVPCPowerRequest', 'RationalNumberType'),
    e('EVPCPowerOutput', 'RationalNumberType'),
    e('EVPCChargeDiagnostics', 'WPT_EVPCChargeDiagnosticsType'),
    e('EVPCOperatingFrequency', 'RationalNumberType', '?'),
    e('EVPCPowerControlParameter', 'WPT_EVPCPowerControlParameterType', '?'),
    e('ManufacturerSpecificDataContainer', 'WPT_DataContainerType', '0..16'),
  ]) }));
  wpt.element('WPT_ChargeLoopRes', 'WPT_ChargeLoopResType');
  wpt.complex('WPT_ChargeLoopResType', ct({ ext: 'ChargeLoopResType', content: seq([
    e('EVPCPowerRequest', 'RationalNumberType'),
    e('SDPowerInput', 'RationalNumberType', '?'),
    e('SPCMaxOutputPowerLimit', 'RationalNumberType'),
    e('SPCMinOutputPowerLimit', 'RationalNumberType'),
    e('SPCChargeDiagnostics', 'WPT_SPCChargeDiagnosticsType'),
    e('SPCOperatingFrequency', 'RationalNumberType', '?'),
    e('SPCPowerControlParameter', 'WPT_SPCPowerControlParameterType', '?'),
    e('ManufacturerSpecificDataContainer', 'WPT_DataContainerType', '0..16'),
  ]) }));
  wpt.simple('WPT_FinePositioningMethodType', st('xs:string', { enum: [
    'Manual', 'LF_TxEV', 'LF_TxPrimaryDevice', 'LPE', 'Proprietary',
  ] }));
  wpt.complex('WPT_FinePositioningMethodListType', ct({ content: seq([
    e('WPT_FinePositioningMethod', 'WPT_FinePositioningMethodType', '1..8'),
  ]) }));
  wpt.simple('WPT_PairingMethodType', st('xs:string', { enum: [
    'External confirmation', 'LPE', 'LF_TxEV', 'LF_TxPrimaryDevice', 'Optical', 'Proprietary',
  ] }));
  wpt.complex('WPT_PairingMethodListType', ct({ content: seq([
    e('WPT_PairingMethod', 'WPT_PairingMethodType', '1..8'),
  ]) }));
  wpt.simple('WPT_AlignmentCheckMethodType', st('xs:string', { enum: ['PowerCheck', 'LPE', 'Proprietary'] }));
  wpt.complex('WPT_AlignmentCheckMethodListType', ct({ content: seq([
    e('WPT_AlignmentCheckMethod', 'WPT_AlignmentCheckMethodType', '1..8'),
  ]) }));
  wpt.simple('WPT_EVPCChargeDiagnosticsType', st('xs:string', { enum: [
    'EVPCNoIssue', 'EVPCTempOverheatDetected', 'EVPCPowerTransferAnomalyDetected', 'EVPCAnomalyDetected',
  ] }));
  wpt.simple('WPT_SPCChargeDiagnosticsType', st('xs:string', { enum: [
    'SPCNoIssue', 'SPCFODDetected', 'SPCLOPDetected', 'SPCTempOverheatDetected', 'SPCPowerTransferAnomalyDetected',
    'SPCAnomalyDetected',
  ] }));
  wpt.simple('WPT_PowerClassType', st('xs:string', { enum: ['MF-WPT1', 'MF-WPT2', 'MF-WPT3', 'MF-WPT4'] }));
  wpt.simple('WPT_EVResultType', st('xs:string', { enum: ['EVResultUnknown', 'EVResultSuccess', 'EVResultFailed'] }));
  wpt.complex('WPT_EVPCPowerControlParameterType', ct({ content: seq([
    e('EVPCCoilCurrentRequest', 'RationalNumberType'),
    e('EVPCCoilCurrentInformation', 'RationalNumberType'),
    e('EVPCCurrentOutputInformation', 'RationalNumberType'),
    e('EVPCVoltageOutputInformation', 'RationalNumberType'),
  ]) }));
  wpt.complex('WPT_SPCPowerControlParameterType', ct({ content: seq([
    e('SPCPrimaryDeviceCoilCurrentInformation', 'RationalNumberType'),
  ]) }));
  wpt.complex('WPT_LF_SystemSetupDataType', ct({ content: seq([
    choice([e('LF_TransmitterSetupData', 'WPT_LF_TransmitterDataType'), e('LF_ReceiverSetupData', 'WPT_LF_ReceiverDataType')]),
  ]) }));
  wpt.complex('WPT_LF_TransmitterDataType', ct({ content: seq([
    e('NumberOfTransmitters', 'xs:unsignedByte'),
    e('SignalFrequency', 'RationalNumberType'),
    e('TxSpecData', 'WPT_TxRxSpecDataType', '2..255'),
    e('TxPackageSpecData', 'WPT_TxRxPackageSpecDataType', '?'),
  ]) }));
  wpt.complex('WPT_LF_ReceiverDataType', ct({ content: seq([
    e('NumberOfReceivers', 'xs:unsignedByte'),
    e('RxSpecData', 'WPT_TxRxSpecDataType', '2..255'),
  ]) }));
  wpt.complex('WPT_TxRxSpecDataType', ct({ content: seq([
    e('TxRxIdentifier', 'numericIDType'),
    e('TxRxPosition', 'WPT_CoordinateXYZType'),
    e('TxRxOrientation', 'WPT_CoordinateXYZType'),
  ]) }));
  wpt.complex('WPT_CoordinateXYZType', ct({ content: seq([
    e('Coord_X', 'xs:short'),
    e('Coord_Y', 'xs:short'),
    e('Coord_Z', 'xs:short'),
  ]) }));
  wpt.complex('WPT_TxRxPackageSpecDataType', ct({ content: seq([
    e('PulseSequenceOrder', 'WPT_TxRxPulseOrderType', '2..255'),
    e('PulseSeparationTime', 'xs:unsignedShort'),
    e('PulseDuration', 'xs:unsignedShort'),
    e('PackageSeparationTime', 'xs:unsignedShort'),
  ]) }));
  wpt.complex('WPT_TxRxPulseOrderType', ct({ content: seq([
    e('IndexNumber', 'xs:unsignedShort'),
    e('TxRxIdentifier', 'numericIDType'),
  ]) }));
  wpt.complex('WPT_LF_TxDataListType', ct({ content: seq([e('WPT_LF_TxDataList', 'WPT_LF_TxDataType')]) }));
  wpt.complex('WPT_LF_TxDataType', ct({ content: seq([
    e('TxIdentifier', 'numericIDType'),
    e('EIRP', 'RationalNumberType'),
  ]) }));
  wpt.complex('WPT_LF_RxDataListType', ct({ content: seq([e('WPT_LF_RxDataList', 'WPT_LF_RxDataType')]) }));
  wpt.complex('WPT_LF_RxDataType', ct({ content: seq([
    e('RxIdentifier', 'numericIDType'),
    e('RSSIData', 'WPT_LF_RxRSSIListType'),
  ]) }));
  wpt.complex('WPT_LF_RxRSSIListType', ct({ content: seq([e('RSSIDataList', 'WPT_LF_RxRSSIType')]) }));
  wpt.complex('WPT_LF_RxRSSIType', ct({ content: seq([
    e('TxIdentifier', 'numericIDType'),
    e('RSSI', 'RationalNumberType'),
  ]) }));
  wpt.complex('WPT_LF_DataPackageListType', ct({ content: seq([
    e('NumPackages', 'xs:unsignedByte'),
    e('WPT_LF_DataPackage', 'WPT_LF_DataPackageType'),
  ]) }));
  wpt.complex('WPT_LF_DataPackageType', ct({ content: seq([
    e('PackageIndex', 'xs:unsignedByte'),
    choice([e('LF_TxData', 'WPT_LF_TxDataListType'), e('LF_RxData', 'WPT_LF_RxDataListType')]),
  ]) }));
  wpt.complex('AlternativeSECCListType', ct({ content: seq([e('AlternativeSECC', 'AlternativeSECCType', '1..8')]) }));
  wpt.complex('AlternativeSECCType', ct({ content: seq([
    e('SSID', 'identifierType', '?'),
    e('BSSID', 'bssidType', '?'),
    e('IPAddress', 'ipaddressType', '?'),
    e('Port', 'xs:unsignedShort', '?'),
  ]) }));
  wpt.simple('bssidType', st('xs:string'));
  wpt.simple('ipaddressType', st('xs:string'));
  wpt.simple('WPT_DataContainerType', st('xs:base64Binary'));
}
