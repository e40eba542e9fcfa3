/** Which procedure plays each standard (the drivers pick by the negotiated standard and the session's energy mode). */
import type { EnergyMode, PaymentOption, V2gStandard } from '../messages/types';
import { createDinEvccProcedure } from './din/evcc';
import { createDinSeccProcedure } from './din/secc';
import { createIso2EvccProcedure } from './iso2/evcc';
import { createIso2SeccProcedure } from './iso2/secc';
import { createIso20EvccProcedure } from './iso20/evcc';
import { createIso20SeccProcedure } from './iso20/secc';
import type { EvccProcedure, SeccProcedure } from './procedure';

export function evccProcedure(standard: V2gStandard, energy: EnergyMode, payment: PaymentOption = 'EIM'): EvccProcedure {
  if (standard === 'din70121') return createDinEvccProcedure(energy);
  if (standard === 'iso15118-2') return createIso2EvccProcedure(energy, payment);
  return createIso20EvccProcedure(energy);
}

export function seccProcedure(standard: V2gStandard, energy: EnergyMode): SeccProcedure {
  if (standard === 'din70121') return createDinSeccProcedure(energy);
  if (standard === 'iso15118-2') return createIso2SeccProcedure(energy);
  return createIso20SeccProcedure(energy);
}
