/**
 * Harness charger (SUT = CHAdeMO EV): drives d1/d2/lock and the inlet voltage, sends 0x108/0x109 (and the
 * version's extended/discharge frames) and judges the EV's 0x100–0x102 against ctx.limits. Skeleton; the
 * sequence steps and watchers follow.
 */
import type { ChademoRoleContext } from '../types';

export class ChademoChargerRole {
  constructor(private readonly ctx: ChademoRoleContext) {}

  /** The version the harness charger plays. */
  get version(): ChademoRoleContext['version'] {
    return this.ctx.version;
  }
}
