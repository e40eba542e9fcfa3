/**
 * OCPP-J RPC error codes per version. 1.6 spells FormationViolation and OccurenceConstraintViolation (the
 * errata keep the typo); 2.0.1/2.1 spell FormatViolation and OccurrenceConstraintViolation. On receive both are
 * accepted and the spelling recorded; on send the configured spelling is used.
 */
import type { OcppVersion } from './version';

export type Spelling = '1.6' | '2.0.1';

const COMMON = [
  'NotImplemented',
  'NotSupported',
  'InternalError',
  'ProtocolError',
  'SecurityError',
  'PropertyConstraintViolation',
  'TypeConstraintViolation',
  'GenericError',
] as const;

export const ERROR_CODES: Record<OcppVersion, readonly string[]> = {
  '1.6': [...COMMON, 'FormationViolation', 'OccurenceConstraintViolation'],
  '2.0.1': [...COMMON, 'FormatViolation', 'OccurrenceConstraintViolation', 'MessageTypeNotSupported', 'RpcFrameworkError'],
  '2.1': [...COMMON, 'FormatViolation', 'OccurrenceConstraintViolation', 'MessageTypeNotSupported', 'RpcFrameworkError'],
};

/** Canonical names (2.0.1 spelling) used inside the harness and in feature files. */
export type CanonicalErrorCode =
  | (typeof COMMON)[number]
  | 'FormatViolation'
  | 'OccurrenceConstraintViolation'
  | 'MessageTypeNotSupported'
  | 'RpcFrameworkError';

const ALIASES: Record<string, { canonical: CanonicalErrorCode; spelling: Spelling }> = {
  FormationViolation: { canonical: 'FormatViolation', spelling: '1.6' },
  FormatViolation: { canonical: 'FormatViolation', spelling: '2.0.1' },
  OccurenceConstraintViolation: { canonical: 'OccurrenceConstraintViolation', spelling: '1.6' },
  OccurrenceConstraintViolation: { canonical: 'OccurrenceConstraintViolation', spelling: '2.0.1' },
};

export interface ReceivedErrorCode {
  code: string;
  canonical: string;
  /** Which version's spelling the peer used, when the code has two spellings. */
  spelling?: Spelling;
  /** Valid for the session's version as spelled. */
  conformant: boolean;
  /** Known under the other version's spelling (a compatibility finding rather than an unknown code). */
  compatible: boolean;
}

export function classifyErrorCode(code: string, version: OcppVersion): ReceivedErrorCode {
  const alias = ALIASES[code];
  const canonical = alias?.canonical ?? code;
  const conformant = ERROR_CODES[version].includes(code);
  const knownAnywhere = Object.values(ERROR_CODES).some((list) => list.includes(code));
  return { code, canonical, spelling: alias?.spelling, conformant, compatible: !conformant && knownAnywhere };
}

/** The spelling to send for a canonical code. */
export function spellErrorCode(canonical: string, spelling: Spelling): string {
  if (spelling === '1.6') {
    if (canonical === 'FormatViolation') return 'FormationViolation';
    if (canonical === 'OccurrenceConstraintViolation') return 'OccurenceConstraintViolation';
    if (canonical === 'MessageTypeNotSupported' || canonical === 'RpcFrameworkError') return 'ProtocolError';
  }
  return canonical;
}

export function canonicalErrorCode(code: string): string {
  return ALIASES[code]?.canonical ?? code;
}

export function defaultSpelling(version: OcppVersion): Spelling {
  return version === '1.6' ? '1.6' : '2.0.1';
}
