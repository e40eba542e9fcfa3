/**
 * Harness EV (SUT = CHAdeMO charger): skeleton so the harness typechecks; the sequence and the watchers follow.
 */
import type { ChademoRoleContext } from '../types';

export class ChademoEvRole {
  constructor(private readonly ctx: ChademoRoleContext) {}

  /** Stops every sender and watcher this role started. */
  async close(): Promise<void> {
    await Promise.resolve(this.ctx);
  }
}
