/**
 * Rig `container` pre-flight (src/rig/container-config.ts): every problem one line naming the file and field
 * (unknown ports, unset or misplaced ${env:…}, literal secrets, no wait, unknown run-PKI file, missing file,
 * a container section on another kind); a good rig has its SUT addresses expanded (${port.NAME},
 * ${harness.listenPort}, the CSMS password from the environment). No engine needed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkContainerConfig, containerUsesRunPki, expandContainerText } from '../../src/rig/container-config';

const FILE = '/nowhere/rig.yaml';

describe('container rig pre-flight', () => {
  it('names every problem, one line each with file and field', () => {
    const cfg = {
      kind: 'container',
      container: {
        image: 'x',
        command: ['--port', '${port.ocpp}', '--token', '${env:TOKEN}', '${what}'],
        env: { DB_PASSWORD: 'hunter2', API_TOKEN: '${env:UNSET_FOR_TEST}', PLAIN: 'fine', TLS_KEY_FILE: '/certs/k.pem' },
        ports: { api: 18081 },
        wait: { http: { port: 'web', path: '/' } },
        reset: { port: 'api2', path: '/r' },
        files: [{ source: '${pki.nope}', target: '/a' }, { source: 'no/such/file.pem', target: '/b' }],
      },
      ocpp: { csms: { url: 'ws://127.0.0.1:${port.ws}/ocpp', password: 'x${env:SET_FOR_TEST}' } },
    };
    const lines = checkContainerConfig(cfg, FILE, 'rig.yaml', { SET_FOR_TEST: 'v' }).map((e) => e.message);
    assert.deepEqual(lines, [
      'rig.yaml: container.command[1]: ${port.ocpp}: no such port in container.ports (known: api)',
      'rig.yaml: container.command[3]: ${env:TOKEN}: environment values go in container.env only (the command line is visible in the process list)',
      'rig.yaml: container.command[4]: ${what}: unknown (known: port.<name>, harness.listenPort)',
      'rig.yaml: container.env.DB_PASSWORD: looks like a secret: give it as ${env:NAME} (taken from the environment), never literally in the rig file',
      'rig.yaml: container.env.API_TOKEN: ${env:UNSET_FOR_TEST}: environment variable UNSET_FOR_TEST is not set (set it before the run; nothing was run)',
      "rig.yaml: container.wait.http.port: 'web' is not a port in container.ports (known: api)",
      "rig.yaml: container.reset.port: 'api2' is not a port in container.ports (known: api)",
      'rig.yaml: container.files[0].source: ${pki.nope}: unknown (known: pki.rootCa.cert, pki.csmsServer.cert, pki.csmsServer.key)',
      'rig.yaml: container.files[1].source: no/such/file.pem: no such file',
      'rig.yaml: ocpp.csms.url: ${port.ws}: no such port in container.ports (known: api)',
      'rig.yaml: ocpp.csms.password: on a container rig is a literal or exactly ${env:NAME}',
    ]);
  });

  it('a container without a wait, a kind container without one, a container on another kind', () => {
    assert.deepEqual(
      checkContainerConfig({ kind: 'container', container: { image: 'x' } }, FILE, 'r.yaml').map((e) => e.message),
      ["r.yaml: container.wait: needs log, port or http: without one the first scenario would race the SUT's start"],
    );
    assert.deepEqual(checkContainerConfig({ kind: 'container' }, FILE, 'r.yaml').map((e) => e.message), ['r.yaml: container: is required for kind container']);
    assert.match(checkContainerConfig({ kind: 'remote', container: { image: 'x', wait: { log: 'up' } } }, FILE, 'r.yaml')[0].message, /container: only a rig of kind container starts one \(kind is 'remote'\)/);
  });

  it('a good rig: addresses expanded, the password taken from the environment, the run PKI noticed', () => {
    const cfg = {
      kind: 'container',
      container: { image: 'x', ports: { ocpp: 18080, api: 18081 }, wait: { port: 'ocpp' }, apiUrl: 'http://127.0.0.1:${port.api}', files: [{ source: '${pki.csmsServer.key}', target: '/k' }] },
      ocpp: { csms: { url: 'wss://127.0.0.1:${port.ocpp}/ocpp', password: '${env:PW_FOR_TEST}' }, station: { listenPort: 19220, driver: { url: 'http://127.0.0.1:${port.api}' } } },
    };
    assert.deepEqual(checkContainerConfig(cfg, FILE, 'r.yaml', { PW_FOR_TEST: 's3cret' }), []);
    assert.equal(cfg.ocpp.csms.url, 'wss://127.0.0.1:18080/ocpp');
    assert.equal(cfg.ocpp.station.driver.url, 'http://127.0.0.1:18081');
    assert.equal(cfg.container.apiUrl, 'http://127.0.0.1:18081');
    assert.equal(cfg.ocpp.csms.password, 's3cret');
    assert.equal(containerUsesRunPki(cfg.container), true);
    assert.equal(containerUsesRunPki({ image: 'x' }), false);
    assert.equal(expandContainerText('ws://127.0.0.1:${harness.listenPort}/ocpp ${env:A}', cfg), 'ws://127.0.0.1:19220/ocpp ${env:A}', 'env only where allowed');
    assert.equal(expandContainerText('${env:A}', cfg, true, { A: 'a' }), 'a');
  });
});
