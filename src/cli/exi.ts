/**
 * evc exi — encode/decode V2G EXI messages from the command line.
 *
 *   evc exi decode --schema din 809a0200...           prints the message as JSON (a V2GTP header is stripped)
 *   evc exi encode --schema din '{"V2G_Message":…}'   prints the EXI bytes as hex
 */
import * as fs from 'node:fs';
import { CodecError } from '../core/errors';
import { SCHEMA_SETS, type SchemaSetName, decodeExiJson, encodeExiJson } from '../exi';
import { decodeV2gtp, encodeV2gtp, hasV2gtpHeader } from '../v2g/v2gtp';

const USAGE = `usage: evc exi decode --schema <set> <hex|@file> [--pretty]
       evc exi encode --schema <set> <json|@file> [--v2gtp]

  <set>     ${SCHEMA_SETS.join(' | ')}
  decode    prints the message as JSON; a leading V2GTP header is stripped; @file may hold hex text or raw bytes
  encode    prints the EXI stream as hex; --v2gtp prepends the V2GTP header for the set's payload type`;

/** V2GTP payload type per schema set (ISO 15118-20 uses one per message set). */
const PAYLOAD_TYPE: Record<SchemaSetName, number> = {
  apphand: 0x8001,
  din: 0x8001,
  iso2: 0x8001,
  iso20: 0x8002,
  iso20ac: 0x8003,
  iso20dc: 0x8004,
  iso20acdp: 0x8005,
  iso20wpt: 0x8006,
};

class UsageError extends Error {}

interface Args {
  command: 'decode' | 'encode';
  schema: SchemaSetName;
  input: string;
  pretty: boolean;
  v2gtp: boolean;
}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (command !== 'decode' && command !== 'encode') throw new UsageError(command ? `unknown sub-command '${command}'` : 'missing sub-command');
  let schema: string | undefined;
  let input: string | undefined;
  let pretty = false;
  let v2gtp = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--schema' || a === '-s') schema = rest[++i];
    else if (a.startsWith('--schema=')) schema = a.slice('--schema='.length);
    else if (a === '--pretty') pretty = true;
    else if (a === '--v2gtp') v2gtp = true;
    else if (a.startsWith('--')) throw new UsageError(`unknown option '${a}'`);
    else if (input === undefined) input = a;
    else throw new UsageError(`unexpected argument '${a}'`);
  }
  if (!schema) throw new UsageError('missing --schema');
  if (!(SCHEMA_SETS as readonly string[]).includes(schema)) throw new UsageError(`unknown schema '${schema}' (known: ${SCHEMA_SETS.join(', ')})`);
  if (input === undefined) throw new UsageError(command === 'decode' ? 'missing hex input' : 'missing JSON input');
  return { command, schema: schema as SchemaSetName, input, pretty, v2gtp };
}

function readInput(arg: string): Buffer | string {
  if (!arg.startsWith('@')) return arg;
  const file = arg.slice(1);
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new CodecError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function parseHex(text: string): Uint8Array {
  const clean = text.replace(/^0x/i, '').replace(/[\s:]+/g, '');
  if (clean.length === 0) throw new CodecError('empty hex input');
  if (!/^[0-9a-fA-F]*$/.test(clean) || clean.length % 2 !== 0) throw new CodecError('input is not an even-length hex string');
  return Uint8Array.from(Buffer.from(clean, 'hex'));
}

function decodeBytes(input: Buffer | string): Uint8Array {
  if (typeof input === 'string') return parseHex(input);
  const text = input.toString('latin1');
  return /^[\s0-9a-fA-Fx:]*$/.test(text) ? parseHex(text) : Uint8Array.from(input);
}

function run(args: Args): string {
  const raw = readInput(args.input);
  if (args.command === 'decode') {
    let bytes = decodeBytes(raw);
    if (hasV2gtpHeader(bytes)) bytes = decodeV2gtp(bytes).payload;
    const doc = decodeExiJson(args.schema, bytes);
    return JSON.stringify(doc, null, args.pretty ? 2 : undefined);
  }
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new CodecError(`input is not valid JSON: ${(err as Error).message}`);
  }
  let bytes = encodeExiJson(args.schema, doc);
  if (args.v2gtp) bytes = encodeV2gtp(PAYLOAD_TYPE[args.schema], bytes);
  return Buffer.from(bytes).toString('hex');
}

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    (argv.length === 0 ? process.stderr : process.stdout).write(`${USAGE}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  try {
    process.stdout.write(`${run(parseArgs(argv))}\n`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`evc exi: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    const msg = err instanceof Error ? err.message : String(err);
    process.stderr.write(`evc exi: ${msg.split('\n')[0]}\n`);
    return 1;
  }
}
