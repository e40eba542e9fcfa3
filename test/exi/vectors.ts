import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SchemaSetName } from '../../src/exi';

export const repoRoot = path.resolve(__dirname, '..', '..');
/** Copies of the reference vectors, kept in the project (data/PROVENANCE.md names where they came from). */
export const vectorsDir = path.join(repoRoot, 'data', 'vectors', 'iso15118');

export interface Vector {
  name: string;
  set: SchemaSetName;
  exi: string;
  v2gtp?: string;
  json: unknown;
}

/** canonical.txt: `<id> <description> [<set>, <n> bytes]` followed by `exi:`, `v2gtp:` and `json:` lines. */
export function canonicalVectors(): Vector[] {
  const out: Vector[] = [];
  let cur: Partial<Vector> | undefined;
  for (const line of fs.readFileSync(path.join(vectorsDir, 'canonical.txt'), 'utf8').split('\n')) {
    const head = /^(\S+) (.*) \[(\w+), \d+ bytes\]\s*$/.exec(line);
    if (head) {
      cur = { name: `${head[1]} ${head[2]}`, set: head[3] as SchemaSetName };
      continue;
    }
    const field = /^\s+(exi|v2gtp|json):\s+(.*)$/.exec(line);
    if (!field || !cur) continue;
    if (field[1] === 'json') {
      cur.json = JSON.parse(field[2]);
      out.push(cur as Vector);
      cur = undefined;
    } else {
      cur[field[1] as 'exi' | 'v2gtp'] = field[2].trim();
    }
  }
  return out;
}

export interface SessionFrame {
  msg: string;
  proto: string;
  hex: string;
  doc?: unknown;
}

/** din-dc-session.jsonl: one V2GTP frame per line; EXI frames carry `doc`. */
export function sessionFrames(): SessionFrame[] {
  return fs
    .readFileSync(path.join(vectorsDir, 'din-dc-session.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as SessionFrame);
}
