/**
 * Schema-informed EXI codec for the V2G message sets (SupportedAppProtocol, DIN 70121, ISO 15118-2,
 * ISO 15118-20 common/DC/AC/ACDP/WPT): EXI 1.0, header 0x80, default options (bit-packed, non-strict), no cookie.
 *
 *   const bytes = encodeExi('din', { V2G_Message: { Header: { SessionID: '00' }, Body: { SessionStopReq: {} } } });
 *   const doc = decodeExi('din', bytes);
 */
import { Decoder } from './decoder';
import { Encoder } from './encoder';
import { FastCodec } from './fast';
import { GrammarBuilder } from './grammar';
import { SchemaModel } from './model';
import { SCHEMA_SETS, type SchemaSetName, schemaSpec } from './sets';
import type { JsonValue } from './values';
import type * as apphand from './types/apphand';
import type * as din from './types/din';
import type * as iso2 from './types/iso2';
import type * as iso20 from './types/iso20';
import type * as iso20ac from './types/iso20ac';
import type * as iso20acdp from './types/iso20acdp';
import type * as iso20dc from './types/iso20dc';
import type * as iso20wpt from './types/iso20wpt';

export { ExiError } from './errors';
export type * as apphand from './types/apphand';
export type * as din from './types/din';
export type * as iso2 from './types/iso2';
export type * as iso20 from './types/iso20';
export type * as iso20ac from './types/iso20ac';
export type * as iso20acdp from './types/iso20acdp';
export type * as iso20dc from './types/iso20dc';
export type * as iso20wpt from './types/iso20wpt';
export type * as xmldsig from './types/xmldsig';
export type { BigInteger, Bool } from './types/base';
export { SCHEMA_SETS, type SchemaSetName } from './sets';
export type { JsonValue } from './values';
export { fastStats } from './fast';

/**
 * Which path encodeExi/decodeExi take: 'fast' (generated code per grammar, src/exi/fast.ts, falling back to
 * the generic codec for what it does not carry) or 'generic' (encoder.ts/decoder.ts only, the reference).
 * EVC_EXI_PATH=generic selects the generic path for a whole process.
 */
export type ExiCodecPath = 'fast' | 'generic';
let codecPath: ExiCodecPath = process.env.EVC_EXI_PATH === 'generic' ? 'generic' : 'fast';

/** Selects the codec path; returns the previous one. */
export function setExiCodecPath(path: ExiCodecPath): ExiCodecPath {
  const before = codecPath;
  codecPath = path;
  return before;
}

const fastCodecs: Partial<Record<SchemaSetName, FastCodec>> = Object.create(null) as Partial<Record<SchemaSetName, FastCodec>>;

function fastOf(set: SchemaSetName): FastCodec {
  return (fastCodecs[set] ??= new FastCodec(grammarsOf(set)));
}

const builders = new Map<SchemaSetName, GrammarBuilder>();

/** The grammar builder of one schema set (built once, grammars created on first use). */
export function grammarsOf(set: SchemaSetName): GrammarBuilder {
  let b = builders.get(set);
  if (!b) {
    if (!SCHEMA_SETS.includes(set)) throw new RangeError(`unknown EXI schema set '${set}'`);
    b = new GrammarBuilder(new SchemaModel(schemaSpec(set)));
    builders.set(set, b);
  }
  return b;
}

/** The message object type of each schema set: `{ RootElement: {...} }` with exactly one root. */
export interface ExiDocuments {
  apphand: apphand.Document;
  din: din.Document;
  iso2: iso2.Document;
  iso20: iso20.Document;
  iso20dc: iso20dc.Document;
  iso20ac: iso20ac.Document;
  iso20acdp: iso20acdp.Document;
  iso20wpt: iso20wpt.Document;
}

/** Decodes one EXI document; throws ExiError on malformed or truncated input. */
export function decodeExi<S extends SchemaSetName>(set: S, bytes: Uint8Array): ExiDocuments[S] {
  return decode(set, bytes) as unknown as ExiDocuments[S];
}

/** Idle decoders, reused as the encoders are. */
const idleDecoders: Partial<Record<SchemaSetName, Decoder>> = Object.create(null) as Partial<Record<SchemaSetName, Decoder>>;

function decode(set: SchemaSetName, bytes: Uint8Array): Record<string, JsonValue> {
  if (codecPath === 'fast') {
    const doc = fastOf(set).decodeDocument(bytes);
    if (doc !== undefined) return doc;
  }
  const dec = idleDecoders[set] ?? new Decoder(grammarsOf(set));
  idleDecoders[set] = undefined;
  try {
    return dec.decodeDocument(bytes);
  } finally {
    // Let go of the input before parking the decoder.
    dec.release();
    idleDecoders[set] = dec;
  }
}

/** Idle encoders (their buffers and scratch reused); one in use is taken out, so a nested call gets its own. */
const idleEncoders: Partial<Record<SchemaSetName, Encoder>> = Object.create(null) as Partial<Record<SchemaSetName, Encoder>>;

function encode(set: SchemaSetName, doc: unknown): Uint8Array {
  if (codecPath === 'fast') {
    const bytes = fastOf(set).encodeDocument(doc);
    if (bytes !== undefined) return bytes;
  }
  const enc = idleEncoders[set] ?? new Encoder(grammarsOf(set));
  idleEncoders[set] = undefined;
  try {
    return enc.encodeDocument(doc);
  } finally {
    enc.reset();
    idleEncoders[set] = enc;
  }
}

/** Encodes one typed message; throws ExiError if it does not fit the schema (values are checked at run time). */
export function encodeExi<S extends SchemaSetName>(set: S, doc: ExiDocuments[S]): Uint8Array {
  return encode(set, doc);
}

/** Encodes an untyped (e.g. parsed JSON) message; same checks as encodeExi. */
export function encodeExiJson(set: SchemaSetName, doc: unknown): Uint8Array {
  return encode(set, doc);
}

/** Decodes to plain JSON values (for tools that do not care about the message types). */
export function decodeExiJson(set: SchemaSetName, bytes: Uint8Array): Record<string, JsonValue> {
  return decode(set, bytes);
}
