/** Options and handles of the reference CHAdeMO SUTs (shared by the charger and the EV; no harness code). */
import type { ChademoChargerOperator, ChademoEvOperator, ChademoVersion } from '../../chademo/types';

export interface ReferenceChademoOptions {
  /** Fault names of this SUT's catalogue (without the catalogue prefix). */
  faults: ReadonlySet<string>;
  /** 'default' or the second compliant configuration ('alt', rigs/reference-alt.json). */
  variant: 'default' | 'alt';
  /** Every *Ms limit and its own delays, and the 100 ms cycle period, × this (reference rigs: 0.5). */
  timeScale: number;
  /** Charger: the highest version it serves (default: its profile's highest). EV: the version it speaks. */
  version?: ChademoVersion;
}

export interface ReferenceCharger {
  readonly operator: ChademoChargerOperator;
  stop(): Promise<void>;
}

export interface ReferenceEv {
  readonly operator: ChademoEvOperator;
  stop(): Promise<void>;
}
