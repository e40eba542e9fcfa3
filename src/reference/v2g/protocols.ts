/** The reference SUTs' protocol modules by standard (the shells pick by the SupportedAppProtocol outcome). */
import { createDinEvcc } from './din/evcc';
import { createDinSecc } from './din/secc';
import { createIso2Evcc } from './iso2/evcc';
import { createIso2Secc } from './iso2/secc';
import { createIso20Evcc } from './iso20/evcc';
import { createIso20Secc } from './iso20/secc';
import type { RefEvccConfig, RefEvccProtocol, RefSeccConfig, RefSeccProtocol, RefStandard } from './types';

export const SECC_MODULES: Readonly<Record<RefStandard, (c: RefSeccConfig) => RefSeccProtocol>> = {
  din70121: createDinSecc,
  'iso15118-2': createIso2Secc,
  'iso15118-20': createIso20Secc,
};

export const EVCC_MODULES: Readonly<Record<RefStandard, (c: RefEvccConfig) => RefEvccProtocol>> = {
  din70121: createDinEvcc,
  'iso15118-2': createIso2Evcc,
  'iso15118-20': createIso20Evcc,
};
