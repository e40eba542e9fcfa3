/**
 * V2G pre-flight: why an ISO 15118-2 scenario cannot run on this rig (undefined: it can). The Before hook
 * (steps/support/v2g-preflight.ts) skips it as not applicable with this reason, as the PICS and id-tag checks
 * do. A Plug and Charge scenario on a rig with a real device needs the rig's PnC and TLS files (rig-pnc.ts
 * pncRigGap); a @tcp scenario needs a SUT with plain TCP (PICS v2g.tls not 'required'); an expired SECC leaf
 * under the EVCC's own V2G root needs that root's key, which only the reference rig's run PKI has.
 */
import type { Pics } from '../rig/pics';
import type { RigConfig } from '../rig/types';
import { pncRigGap } from './rig-pnc';

/** Step texts that need the reference rig's run PKI as the EVCC's V2G root. */
export const REFERENCE_PKI_STEPS: readonly string[] = ['the SECC presents an expired certificate chain'];

export function v2gPreflight(tags: readonly string[], stepTexts: readonly string[], rig: RigConfig, pics: readonly Pics[]): string | undefined {
  if (!tags.includes('@iso15118-2')) return undefined;
  const sut = tags.includes('@sut:secc') ? 'secc' : tags.includes('@sut:evcc') ? 'evcc' : undefined;
  if (!sut) return undefined;
  const p = pics.find((x) => x.protocol === 'v2g' && x.sut === sut);
  if (tags.includes('@tcp') && p?.v2g?.tls === 'required') return `PICS '${p.name}' declares tls: required (no plain TCP session to test)`;
  if (rig.kind === 'reference') return undefined;
  const step = stepTexts.find((t) => REFERENCE_PKI_STEPS.includes(t));
  if (step) return `'${step}' needs an expired SECC leaf under the EVCC's own V2G root, whose key a rig with a real EVCC does not give the harness`;
  if (tags.includes('@pnc') && !tags.includes('@tcp')) return pncRigGap(rig.v2g, sut, rig.name);
  return undefined;
}
