import type { Firmware } from './firmware';
import type { Station } from './station';
import type { Transactions } from './transactions';

/** OCPP 1.6 security extension (filled in by the security step). */
export function registerSecurity(st: Station, tx: Transactions, fw: Firmware): void {
  void st;
  void tx;
  void fw;
}
