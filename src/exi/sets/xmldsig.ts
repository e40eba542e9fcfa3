// Message structures transcribed from the published schema (element names, types, order, occurrence).
// W3C XML Signature (xmldsig#), as imported by the DIN 70121, ISO 15118-2 and -20 schemas.
import { type SchemaSpec, a, any, choice, ct, e, r, seq, st } from '../schema';

export function defineXmldsig(s: SchemaSpec): void {
  const ds = s.ns('http://www.w3.org/2000/09/xmldsig#');
  ds.simple('CryptoBinary', st('xs:base64Binary'));
  ds.element('Signature', 'SignatureType');
  ds.complex('SignatureType', ct({ attrs: [a('Id', 'xs:ID')], content: seq([
    r('SignedInfo'),
    r('SignatureValue'),
    r('KeyInfo', '?'),
    r('Object', '*'),
  ]) }));
  ds.element('SignatureValue', 'SignatureValueType');
  ds.complex('SignatureValueType', ct({ ext: 'xs:base64Binary', attrs: [a('Id', 'xs:ID')] }));
  ds.element('SignedInfo', 'SignedInfoType');
  ds.complex('SignedInfoType', ct({ attrs: [a('Id', 'xs:ID')], content: seq([
    r('CanonicalizationMethod'),
    r('SignatureMethod'),
    r('Reference', '+'),
  ]) }));
  ds.element('CanonicalizationMethod', 'CanonicalizationMethodType');
  ds.complex('CanonicalizationMethodType', ct({ mixed: true, attrs: [a('Algorithm', 'xs:anyURI', true)], content: seq([
    any('##any', '*'),
  ]) }));
  ds.element('SignatureMethod', 'SignatureMethodType');
  ds.complex('SignatureMethodType', ct({ mixed: true, attrs: [a('Algorithm', 'xs:anyURI', true)], content: seq([
    e('HMACOutputLength', 'HMACOutputLengthType', '?'),
    any('##other', '*'),
  ]) }));
  ds.element('Reference', 'ReferenceType');
  ds.complex('ReferenceType', ct({ attrs: [a('Id', 'xs:ID'), a('URI', 'xs:anyURI'), a('Type', 'xs:anyURI')], content: seq([
    r('Transforms', '?'),
    r('DigestMethod'),
    r('DigestValue'),
  ]) }));
  ds.element('Transforms', 'TransformsType');
  ds.complex('TransformsType', ct({ content: seq([r('Transform', '+')]) }));
  ds.element('Transform', 'TransformType');
  ds.complex('TransformType', ct({ mixed: true, attrs: [a('Algorithm', 'xs:anyURI', true)], content: choice([
    any('##other'),
    e('XPath', 'xs:string'),
  ], '*') }));
  ds.element('DigestMethod', 'DigestMethodType');
  ds.complex('DigestMethodType', ct({ mixed: true, attrs: [a('Algorithm', 'xs:anyURI', true)], content: seq([
    any('##other', '*'),
  ]) }));
  ds.element('DigestValue', 'DigestValueType');
  ds.simple('DigestValueType', st('xs:base64Binary'));
  ds.element('KeyInfo', 'KeyInfoType');
  ds.complex('KeyInfoType', ct({ mixed: true, attrs: [a('Id', 'xs:ID')], content: choice([
    r('KeyName'),
    r('KeyValue'),
    r('RetrievalMethod'),
    r('X509Data'),
    r('PGPData'),
    r('SPKIData'),
    r('MgmtData'),
    any('##other'),
  ], '+') }));
  ds.element('KeyName', 'xs:string');
  ds.element('MgmtData', 'xs:string');
  ds.element('KeyValue', 'KeyValueType');
  ds.complex('KeyValueType', ct({ mixed: true, content: choice([
    r('DSAKeyValue'),
    r('RSAKeyValue'),
    any('##other'),
  ]) }));
  ds.element('RetrievalMethod', 'RetrievalMethodType');
  ds.complex('RetrievalMethodType', ct({ attrs: [a('URI', 'xs:anyURI'), a('Type', 'xs:anyURI')], content: seq([
    r('Transforms', '?'),
  ]) }));
  ds.element('X509Data', 'X509DataType');
  ds.complex('X509DataType', ct({ content: seq([
    choice([e('X509IssuerSerial', 'X509IssuerSerialType'), e('X509SKI', 'xs:base64Binary'), e('X509SubjectName', 'xs:string'), e('X509Certificate', 'xs:base64Binary'), e('X509CRL', 'xs:base64Binary'), any('##other')]),
  ], '+') }));
  ds.complex('X509IssuerSerialType', ct({ content: seq([
    e('X509IssuerName', 'xs:string'),
    e('X509SerialNumber', 'xs:integer'),
  ]) }));
  ds.element('PGPData', 'PGPDataType');
  ds.complex('PGPDataType', ct({ content: choice([
    seq([e('PGPKeyID', 'xs:base64Binary'), e('PGPKeyPacket', 'xs:base64Binary', '?'), any('##other', '*')]),
    seq([e('PGPKeyPacket', 'xs:base64Binary'), any('##other', '*')]),
  ]) }));
  ds.element('SPKIData', 'SPKIDataType');
  ds.complex('SPKIDataType', ct({ content: seq([e('SPKISexp', 'xs:base64Binary'), any('##other', '?')], '+') }));
  ds.element('Object', 'ObjectType');
  ds.complex('ObjectType', ct({ mixed: true, attrs: [a('Id', 'xs:ID'), a('MimeType', 'xs:string'), a('Encoding', 'xs:anyURI')], content: seq([
    any('##any'),
  ], '*') }));
  ds.element('Manifest', 'ManifestType');
  ds.complex('ManifestType', ct({ attrs: [a('Id', 'xs:ID')], content: seq([r('Reference', '+')]) }));
  ds.element('SignatureProperties', 'SignaturePropertiesType');
  ds.complex('SignaturePropertiesType', ct({ attrs: [a('Id', 'xs:ID')], content: seq([r('SignatureProperty', '+')]) }));
  ds.element('SignatureProperty', 'SignaturePropertyType');
  ds.complex('SignaturePropertyType', ct({ mixed: true, attrs: [a('Target', 'xs:anyURI', true), a('Id', 'xs:ID')], content: choice([
    any('##other'),
  ], '+') }));
  ds.simple('HMACOutputLengthType', st('xs:integer'));
  ds.element('DSAKeyValue', 'DSAKeyValueType');
  ds.complex('DSAKeyValueType', ct({ content: seq([
    seq([e('P', 'CryptoBinary'), e('Q', 'CryptoBinary')], '?'),
    e('G', 'CryptoBinary', '?'),
    e('Y', 'CryptoBinary'),
    e('J', 'CryptoBinary', '?'),
    seq([e('Seed', 'CryptoBinary'), e('PgenCounter', 'CryptoBinary')], '?'),
  ]) }));
  ds.element('RSAKeyValue', 'RSAKeyValueType');
  ds.complex('RSAKeyValueType', ct({ content: seq([e('Modulus', 'CryptoBinary'), e('Exponent', 'CryptoBinary')]) }));
}
