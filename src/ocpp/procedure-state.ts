/**
 * What the OCPP procedures (src/ocpp/v16, src/ocpp/v201) remember during one scenario, beyond the harness's
 * own state: typed fields of the scenario's harness (`OcppHarness.procedures`), created on first use and
 * dropped with the scenario. Nothing of it lives at module level.
 */
import type { CsmsRole } from './csms/csms';
import type { HashData } from './v16/cs-profiles-security';
import type { CsContext } from './v16/cs-states';
import type { ReportEntry } from './v201/cs-abc';
import type { EfContext } from './v201/cs-ef';
import type { Cs201Context } from './v201/cs-states';

/** Procedure state when the harness plays the CSMS (the station is under test). */
export interface ProcedureState {
  /** The last period the station was taken off the network (epoch ms; `to` unset while offline). */
  offline?: { from: number; to?: number };
  /** 1.6 reusable states: connections, transactions and reservations seen (v16/cs-states.ts). */
  cs16?: CsContext;
  /** 1.6: the hash data the station listed for the certificate checked last, for DeleteCertificate. */
  listedCertificate16?: HashData;
  /** 2.0.1 reusable states: connections, transactions, plugged EVSEs, authorized tokens (v201/cs-states.ts). */
  cs201?: Cs201Context;
  /** 2.0.1 blocks E/F: the TransactionEvent asserted last (v201/cs-ef.ts). */
  ef201?: EfContext;
  /** 2.0.1: the entries of the report collected last (v201/cs-abc.ts). */
  report201?: ReportEntry[];
  /** 2.0.1: how far in-order firmware/log status expectations got, per action (v201/cs-gp.ts). */
  statusCursors201?: Map<string, number>;
  /** 2.0.1 network profiles: the original harness CSMS endpoint and the second one (v201/cs-abc-network.ts). */
  network201?: { first: CsmsRole; second: CsmsRole };
}
