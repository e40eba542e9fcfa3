/**
 * evc v2g: bad command lines are one line per problem (exit 2); a session against the built-in reference SECC
 * completes (exit 0) and one against a reference SECC with a late-response fault fails (exit 1).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main, parseArgs } from '../../src/cli/v2g';
import { ConfigError } from '../../src/core/errors';

describe('evc v2g', () => {
  it('every problem of a bad command line is one line naming the option', () => {
    let err: ConfigError | undefined;
    try {
      parseArgs(['evcc', '--standard', 'din70121', '--tls', '--port', '99999', '--bogus', '--timer', 'evccMesage=5']);
    } catch (e) {
      err = e as ConfigError;
    }
    assert.ok(err instanceof ConfigError);
    const text = err.lines.join('\n');
    assert.match(text, /--port: not a whole number 0\.\.65535: '99999'/);
    assert.match(text, /--bogus: unknown option/);
    assert.match(text, /--timer: 'evccMesage' is not a V2G timer/);
    assert.match(text, /--tls: DIN 70121 has no TLS/);
    assert.match(text, /--interface: is required with the link-local address ff02::1/);
    assert.throws(() => parseArgs(['charge']), /command: 'charge' is not one of discover, evcc, secc/);
  });

  it('usage errors exit 2; a session against the built-in reference exits 0; a late reference exits 1', async () => {
    const log = console.log;
    const error = console.error;
    const out: string[] = [];
    console.log = (...a: unknown[]) => void out.push(a.join(' '));
    console.error = (...a: unknown[]) => void out.push(a.join(' '));
    try {
      assert.equal(await main(['secc', '--port', 'x']), 2);
      assert.equal(await main(['evcc', '--reference', '--standard', 'din70121']), 0);
      assert.ok(out.some((l) => /SECC → EVCC {2}SessionStopRes OK {2}\(\+\d+\.\d ms\)/.test(l)), out.join('\n'));
      assert.equal(await main(['evcc', '--reference', '--standard', 'din70121', '--fault', 'late-response', '--timer', 'evccMessage=300']), 1);
      assert.ok(out.some((l) => /^FAILED: .*evccMessage 300 ms/.test(l)), out.join('\n'));
    } finally {
      console.log = log;
      console.error = error;
    }
  });
});
