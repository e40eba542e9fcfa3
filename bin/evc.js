#!/usr/bin/env node
'use strict';
// evc — ev-conformance command line. Each sub-command lives in src/cli/<name>.ts and exports
// `main(argv: string[]): Promise<number>`; TypeScript is loaded through tsx.
require('tsx/cjs');
const path = require('node:path');
const fs = require('node:fs');

const [command, ...rest] = process.argv.slice(2);
const dir = path.join(__dirname, '..', 'src', 'cli');
// a command is a module that exports main; the others in src/cli are helpers of the commands (not offered)
const available = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && /^export (async )?function main\(/m.test(fs.readFileSync(path.join(dir, f), 'utf8')))
  .map((f) => f.slice(0, -3))
  .sort();

if (!command || command === '--help' || command === '-h' || command === 'help') {
  console.log(`usage: evc <command> [options]\n\ncommands: ${available.join(', ')}\n\nRun 'evc <command> --help' for a command's options.`);
  process.exit(command ? 0 : 2);
}
if (!available.includes(command)) {
  console.error(`evc: unknown command '${command}' (known: ${available.join(', ')})`);
  process.exit(2);
}
const mod = require(path.join(dir, `${command}.ts`));
Promise.resolve(mod.main(rest)).then(
  (code) => process.exit(typeof code === 'number' ? code : 0),
  (err) => {
    // bad input (a ConfigError): every line `evc: file: field: problem`, exit 2 like the pre-flight
    if (err && err.name === 'ConfigError') {
      console.error((err.lines || [err.message]).map((l) => `evc: ${l}`).join('\n'));
      process.exit(2);
    }
    console.error(err && err.stack ? err.stack : String(err));
    process.exit(1);
  },
);
