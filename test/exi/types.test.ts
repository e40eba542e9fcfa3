import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { type din, decodeExi, encodeExi, type iso20dc } from '../../src/exi';
import { TYPES_DIR, renderTypes } from '../../src/exi/tools/gen-types';

describe('EXI message types', () => {
  it('src/exi/types is up to date with the message structures (run src/exi/tools/gen-types.ts)', () => {
    for (const [module, text] of renderTypes()) {
      assert.equal(fs.readFileSync(path.join(TYPES_DIR, `${module}.ts`), 'utf8'), text, `${module}.ts is stale`);
    }
  });

  it('typed messages encode and decode (compile-time shape check)', () => {
    const req: din.CurrentDemandReqType = {
      DC_EVStatus: { EVReady: true, EVErrorCode: 'NO_ERROR', EVRESSSOC: 41 },
      EVTargetCurrent: { Multiplier: 0, Unit: 'A', Value: 50 },
      ChargingComplete: false,
      EVTargetVoltage: { Multiplier: 0, Unit: 'V', Value: 400 },
    };
    const bytes = encodeExi('din', { V2G_Message: { Header: { SessionID: '0102030405060708' }, Body: { CurrentDemandReq: req } } });
    assert.equal(Buffer.from(bytes).toString('hex'), '809a02004080c1014181c210d1400a40c0c0c8821828480180');
    const doc = decodeExi('din', bytes);
    assert.ok('V2G_Message' in doc);
    assert.equal(doc.V2G_Message.Body.CurrentDemandReq?.EVTargetVoltage.Value, 400);

    const loop: iso20dc.DC_ChargeLoopReqType = {
      Header: { SessionID: '0102030405060708', TimeStamp: 1700000002 },
      MeterInfoRequested: 0,
      EVPresentVoltage: { Exponent: 0, Value: 400 },
      Scheduled_DC_CLReqControlMode: { EVTargetCurrent: { Exponent: 0, Value: 50 }, EVTargetVoltage: { Exponent: 0, Value: 400 } },
    };
    const back = decodeExi('iso20dc', encodeExi('iso20dc', { DC_ChargeLoopReq: loop }));
    assert.deepEqual(back, { DC_ChargeLoopReq: loop });
  });
});
