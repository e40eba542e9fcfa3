/** Load profiles: schema and semantic problems one line per field, identities unique across workers. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/core/errors';
import { formatId, loadProfile, splitRanges } from '../../src/load/profile';

function write(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-load-profile-'));
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

describe('load profile', () => {
  it('the example profile loads with its defaults', () => {
    const p = loadProfile(path.join(__dirname, '..', '..', 'fixtures', 'load', 'example.yaml'));
    assert.equal(p.stations, 1000);
    assert.equal(p.rampPerSecond, 100);
    assert.equal(p.workers, 1);
    assert.equal(p.transactions?.meterValuesMs, 5000);
    assert.deepEqual(p.urls, ['ws://127.0.0.1:9300/ocpp']);
  });

  it('reports every schema problem, one line per field naming the file', () => {
    const f = write('bad.yaml', 'stations: -3\nduration: fast\nramp: { secs: 3 }\nocppVersion: "1.5"\nmessages: { transactions: { everySeconds: 1 } }\n');
    assert.throws(
      () => loadProfile(f),
      (e: Error) => {
        assert.ok(e instanceof ConfigError);
        const lines = e.lines;
        const fields = lines.map((l) => l.split(': ')[1]);
        assert.deepEqual(new Set(fields), new Set(['stations', 'duration', 'ramp.secs', 'ocppVersion', 'messages.transactions.durationSeconds']));
        for (const l of lines) assert.ok(l.startsWith(`${f.startsWith(process.cwd()) ? path.relative(process.cwd(), f) : f}: `), l);
        assert.match(lines.find((l) => l.includes('ramp.secs'))!, /is not a known field \(known: seconds, perSecond\)/);
        return true;
      },
    );
  });

  it('reports the checks a schema cannot make, all at once', () => {
    const f = write('bad2.json', JSON.stringify({ stations: 10, duration: 5, idPattern: 'CP-{n}-{n}', securityProfile: 2, tls: { ca: 'missing-ca.pem' }, ocppVersion: '2.0.1', messages: { transactions: { everySeconds: 1, durationSeconds: 1 } } }));
    assert.throws(
      () => loadProfile(f),
      (e: Error) => {
        const lines = (e as ConfigError).lines;
        assert.equal(lines.length, 4, lines.join('\n'));
        assert.match(lines[0], /csms\.url: is required/);
        assert.match(lines[1], /password: is required with securityProfile 2 \(HTTP basic auth\)/);
        assert.match(lines[2], /tls\.ca: missing-ca\.pem: no such file/);
        assert.match(lines[3], /idPattern: 'CP-\{n\}-\{n\}' must contain the station number exactly once/);
        return true;
      },
    );
  });

  it('takes the url from the rig when the profile names no CSMS', () => {
    const f = write('rig.yaml', 'stations: 5\nduration: 1\n');
    assert.deepEqual(loadProfile(f, { rigCsms: { url: 'ws://csms.example:8080/ocpp/' } }).urls, ['ws://csms.example:8080/ocpp']);
  });

  it('identities are unique across workers at any split', () => {
    for (const [total, workers] of [[1, 1], [10, 3], [120_000, 8], [45_001, 4]]) {
      const ranges = splitRanges(total, workers);
      assert.equal(ranges.length, workers);
      assert.equal(ranges.reduce((n, r) => n + r.count, 0), total);
      const ids = new Set<string>();
      for (const r of ranges) for (let i = 0; i < r.count; i++) ids.add(formatId('LOAD-{n:06}', 1 + r.first + i));
      assert.equal(ids.size, total, `${total} over ${workers}`);
    }
    assert.equal(formatId('LOAD-{n:06}', 42), 'LOAD-000042');
    assert.equal(formatId('CP{n}', 1234567), 'CP1234567');
  });
});
