// Message structures transcribed from the published schema (element names, types, order, occurrence).
// SupportedAppProtocol handshake (urn:iso:15118:2:2010:AppProtocol).
import { type SchemaSpec, ct, e, seq, st } from '../schema';

export function defineAppHand(s: SchemaSpec): void {
  const ns = s.ns('urn:iso:15118:2:2010:AppProtocol', { qualifiedElements: false });
  ns.element('supportedAppProtocolReq', ct({ content: seq([e('AppProtocol', 'AppProtocolType', '1..20')]) }));
  ns.element('supportedAppProtocolRes', ct({ content: seq([e('ResponseCode', 'responseCodeType'), e('SchemaID', 'idType', '?')]) }));
  ns.complex('AppProtocolType', ct({ content: seq([
    e('ProtocolNamespace', 'protocolNamespaceType'),
    e('VersionNumberMajor', 'xs:unsignedInt'),
    e('VersionNumberMinor', 'xs:unsignedInt'),
    e('SchemaID', 'idType'),
    e('Priority', 'priorityType'),
  ]) }));
  ns.simple('idType', st('xs:unsignedByte'));
  ns.simple('protocolNameType', st('xs:string'));
  ns.simple('protocolNamespaceType', st('xs:anyURI'));
  ns.simple('priorityType', st('xs:unsignedByte', { min: 1, max: 20 }));
  ns.simple('responseCodeType', st('xs:string', { enum: [
    'OK_SuccessfulNegotiation', 'OK_SuccessfulNegotiationWithMinorDeviation', 'Failed_NoNegotiation',
  ] }));
}
