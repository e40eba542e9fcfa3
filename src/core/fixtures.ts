/**
 * Fixtures: data files under fixtures/ (id tags, charging profiles, PICS, ECU definitions, frames). A missing
 * or malformed fixture is a ConfigError naming the file (and the field, when a schema applies).
 */
import path from 'node:path';
import { ConfigError } from './errors';
import { PROJECT_ROOT, displayPath, readDataFile, validateData } from './load';

export const FIXTURES_DIR = path.join(PROJECT_ROOT, 'fixtures');

export function fixturePath(name: string): string {
  const p = path.resolve(FIXTURES_DIR, name);
  if (!p.startsWith(FIXTURES_DIR + path.sep)) throw new ConfigError(name, '', 'fixture paths must stay inside fixtures/');
  return p;
}

/** Loads fixtures/<name> (JSON or YAML), optionally validated against schemas/<schema>. */
export function loadFixture<T = unknown>(name: string, schema?: string): T {
  const file = fixturePath(name);
  const data = readDataFile(file);
  return schema ? validateData<T>(data, schema, displayPath(file)) : (data as T);
}
