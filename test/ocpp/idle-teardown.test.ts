/**
 * Scenarios leave the CSMS idle: against a small strict 1.6 CSMS written here (not a reference SUT) that
 * answers ConcurrentTx while an id tag has an open transaction and remembers its state across connections,
 * two consecutive catalogue scenarios that each start a transaction with the rig's valid tag both pass over a
 * remote rig, because the harness station ends the first one at teardown (StopTransaction, reason Local).
 * A CSMS that refuses that StopTransaction fails the scenario's teardown, naming the transaction.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { WebSocketServer } from 'ws';
import { spawnEvc } from '../support/evc-process';

const FEATURE = 'features/ocpp16/core/tc-003-csms-start-charging-session.feature';
const TAG = 'STRICT-0001';

type Frame = [number, string, ...unknown[]];

/** A strict CSMS: one tag, ConcurrentTx while it is in a transaction, unknown transaction ids refused. */
async function strictCsms(opts: { refuseStop?: boolean } = {}) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (p) => (p.has('ocpp1.6') ? 'ocpp1.6' : false) });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const openByTag = new Map<string, number>();
  const log: string[] = [];
  let nextTx = 500;
  const answer = (action: string, p: Record<string, unknown>): unknown => {
    const info = (tag: unknown) => ({ status: tag !== TAG ? 'Invalid' : openByTag.has(tag) ? 'ConcurrentTx' : 'Accepted' });
    switch (action) {
      case 'BootNotification':
        return { status: 'Accepted', currentTime: new Date().toISOString(), interval: 300 };
      case 'Heartbeat':
        return { currentTime: new Date().toISOString() };
      case 'StatusNotification':
      case 'MeterValues':
        return {};
      case 'Authorize':
        return { idTagInfo: info(p.idTag) };
      case 'StartTransaction': {
        const idTagInfo = info(p.idTag);
        const transactionId = nextTx++;
        if (idTagInfo.status === 'Accepted') openByTag.set(p.idTag as string, transactionId);
        return { transactionId, idTagInfo };
      }
      case 'StopTransaction': {
        const entry = [...openByTag].find(([, id]) => id === p.transactionId);
        if (!entry || opts.refuseStop) return undefined;
        openByTag.delete(entry[0]);
        return {};
      }
      default:
        return undefined;
    }
  };
  server.on('connection', (ws) => {
    ws.on('message', (d) => {
      const [type, id, action, payload] = JSON.parse(d.toString()) as Frame;
      if (type !== 2) return;
      log.push(`${action as string} ${JSON.stringify(payload)}`);
      const result = answer(action as string, payload as Record<string, unknown>);
      ws.send(JSON.stringify(result === undefined ? [4, id, 'GenericError', `refused ${action as string}`, {}] : [3, id, result]));
    });
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/ocpp`,
    log,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function runEvc(args: string[], rig: string, reports: string): Promise<{ code: number | null; out: string }> {
  return spawnEvc(['test', ...args], { EVC_RIG: rig, EVC_REPORTS_DIR: reports }, 120_000);
}

function remoteRig(url: string): { rig: string; reports: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-idle-'));
  const rig = path.join(dir, 'rig.json');
  const config = {
    name: 'strict-csms',
    kind: 'remote',
    timeScale: 1,
    ocpp: { csms: { version: '1.6', url, identity: 'EVC-IDLE-01', idTags: { valid: TAG } } },
    timeouts: { ocpp: { connect: 3000, response: 3000, expect: 3000, quiet: 500 } },
  };
  fs.writeFileSync(rig, JSON.stringify(config));
  return { rig, reports: path.join(dir, 'reports') };
}

// TC_003_CSMS and TC_004_1_CSMS each start a transaction with the valid tag and end with it still charging.
const TWO_SCENARIOS = [FEATURE, '--tags', '@TC_003_CSMS or @TC_004_1_CSMS'];

test('two consecutive transaction scenarios pass against a CSMS that answers ConcurrentTx', async () => {
  const csms = await strictCsms();
  try {
    const { rig, reports } = remoteRig(csms.url);
    const run = await runEvc(TWO_SCENARIOS, rig, reports);
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /2 scenarios \(2 passed\)/);
    const starts = csms.log.filter((l) => l.startsWith('StartTransaction'));
    const stops = csms.log.filter((l) => l.startsWith('StopTransaction'));
    assert.equal(starts.length, 2);
    assert.ok(starts.every((l) => l.includes(`"idTag":"${TAG}"`)), 'the rig tag is what goes on the wire');
    assert.equal(stops.length, 2, 'each scenario ends its transaction at teardown');
    assert.ok(stops.every((l) => l.includes('"reason":"Local"')));
    assert.ok(csms.log.indexOf(stops[0]) < csms.log.indexOf(starts[1]), 'the first transaction ends before the second starts');
  } finally {
    await csms.stop();
  }
});

test('a CSMS refusing the closing StopTransaction fails the teardown, naming the transaction', async () => {
  const csms = await strictCsms({ refuseStop: true });
  try {
    const { rig, reports } = remoteRig(csms.url);
    const run = await runEvc([FEATURE, '--tags', '@TC_003_CSMS'], rig, reports);
    assert.notEqual(run.code, 0, run.out);
    assert.match(run.out, /Teardown failed: .*did not accept the end of the transaction.*StopTransaction for transaction 500 answered GenericError/);
  } finally {
    await csms.stop();
  }
});

test('a scenario needing an id-tag role the rig does not name for a real CSMS is not applicable', async () => {
  const csms = await strictCsms();
  try {
    const { rig, reports } = remoteRig(csms.url);
    const run = await runEvc(['features/ocpp16/core/tc-023-csms-basic-actions-non-happy.feature', '--tags', '@TC_023_3_CSMS'], rig, reports);
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /1 scenario \(1 skipped\)/);
    assert.deepEqual(csms.log, [], 'nothing is sent to the CSMS');
  } finally {
    await csms.stop();
  }
});
