/**
 * Schema-informed EXI codec for the V2G message sets (SupportedAppProtocol, DIN 70121, ISO 15118-2,
 * ISO 15118-20 common/DC/AC): EXI 1.0, header 0x80, default options (bit-packed, non-strict), no cookie.
 *
 *   const bytes = encodeExi('din', { V2G_Message: { Header: { SessionID: '00' }, Body: { SessionStopReq: {} } } });
 *   const doc = decodeExi('din', bytes);
 */
import { Decoder } from './decoder';
import { Encoder } from './encoder';
import { GrammarBuilder } from './grammar';
import { SchemaModel } from './model';
import { SCHEMA_SETS, type SchemaSetName, schemaSpec } from './sets';
import type { JsonValue } from './values';

export { ExiError } from './errors';
export { SCHEMA_SETS, type SchemaSetName } from './sets';
export type { JsonValue } from './values';

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

/** Decodes one EXI document; throws ExiError on malformed or truncated input. */
export function decodeExi(set: SchemaSetName, bytes: Uint8Array): Record<string, JsonValue> {
  return new Decoder(grammarsOf(set), bytes).decodeDocument();
}

/** Encodes one message object (`{ RootElement: {...} }`); throws ExiError if it does not fit the schema. */
export function encodeExi(set: SchemaSetName, doc: unknown): Uint8Array {
  return new Encoder(grammarsOf(set)).encodeDocument(doc);
}
