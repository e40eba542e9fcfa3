import * as fs from 'node:fs';
import { parseEcuFixture, REFERENCE_ECU_FIXTURE } from '../../src/uds/fixture';
import { type EcuBehaviour, UdsEcu } from '../../src/uds/ecu';
import { createLinkPair } from '../../src/uds/link';
import { UdsTester, type TesterOptions } from '../../src/uds/tester';

/** The reference fixture as a raw object, for tests to tweak (short timers…). */
export function referenceFixture(): Record<string, any> {
  return JSON.parse(fs.readFileSync(REFERENCE_ECU_FIXTURE, 'utf8'));
}

export function setup(tweak: (raw: Record<string, any>) => void = () => undefined, behaviour: Partial<EcuBehaviour> = {}, topts: TesterOptions = {}) {
  const raw = referenceFixture();
  for (const l of raw.security.levels) l.fixedSeed = '11 22 33 44';
  tweak(raw);
  const cfg = parseEcuFixture(raw, 'test-fixture');
  const [a, b] = createLinkPair();
  const ecu = new UdsEcu(cfg, b, { behaviour });
  // A generous P2 keeps these functional tests stable on a loaded machine; timing has its own tests.
  const tester = new UdsTester(a, { lateMarginMs: 200, p2Ms: 200, adoptSessionTiming: false, ...topts });
  return {
    cfg,
    ecu,
    tester,
    async close() {
      await tester.close();
      await ecu.close();
      await a.close();
      await b.close();
    },
  };
}
