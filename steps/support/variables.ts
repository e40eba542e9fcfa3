/**
 * Scenario variables in step text. Every step's quoted arguments (`idTag "${idTag.valid}" is presented`) and
 * data-table cells have `${name}` replaced before the step runs, so no step has to remember to do it. Id-tag
 * roles (`${idTag.<role>}`) are checked before the scenario starts: a role the rig must name for a real CSMS
 * but does not makes the scenario not applicable (see src/ocpp/id-tags.ts).
 */
import { Before, BeforeAll, DataTable, setDefinitionFunctionWrapper } from '@cucumber/cucumber';
import { substituteText } from '../../src/core/table';
import { idTagPreflight, rolesUsed } from '../../src/ocpp/id-tags';
import { loadRigConfig } from '../../src/rig/config';
import { diag } from '../../src/uds/harness';
import type { RigConfig } from '../../src/rig/types';
import type { EvcWorld } from './world';
import { skipWhenNotApplicable } from './operator';

const VAR = /\$\{[A-Za-z_][A-Za-z0-9_.]*\}/;

/** Table cells: variables already set are replaced; the rest stay for steps that set them on the way. */
function substituteKnown(text: string, vars: ReadonlyMap<string, unknown>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\}/g, (whole, name: string) => (vars.has(name) ? substituteText(whole, vars) : whole));
}

/** Diagnostic scenarios take `${ecu.…}` from the SUT's ECU description; OCPP ones their scenario variables. */
function varsOf(world: EvcWorld): ReadonlyMap<string, unknown> {
  return ['@uds', '@doip', '@obd'].some((t) => world.tags.includes(t)) ? diag(world).vars : world.ocpp.vars;
}

function substituteArg(world: EvcWorld, arg: unknown): unknown {
  if (typeof arg === 'string' && VAR.test(arg)) return substituteText(arg, varsOf(world));
  if (arg instanceof DataTable && arg.raw().some((r) => r.some((c) => VAR.test(c)))) {
    const vars = varsOf(world);
    return new DataTable(arg.raw().map((r) => r.map((c) => substituteKnown(c, vars))));
  }
  return arg;
}

setDefinitionFunctionWrapper((fn: (...args: unknown[]) => unknown) => {
  return function (this: EvcWorld, ...args: unknown[]) {
    return skipWhenNotApplicable(this, () => fn.apply(this, args.map((a) => substituteArg(this, a))));
  };
});

let rig: RigConfig;
BeforeAll(function () {
  rig = loadRigConfig();
});

Before({ name: 'Check the id tokens the steps use' }, function (this: EvcWorld, { pickle }) {
  const texts = pickle.steps.flatMap((s) => [s.text, ...(s.argument?.dataTable?.rows.flatMap((r) => r.cells.map((c) => c.value)) ?? []), s.argument?.docString?.content ?? '']);
  const roles = rolesUsed(texts);
  if (roles.size === 0) return undefined;
  const tags = pickle.tags.map((t) => t.name);
  const side = tags.includes('@sut:csms') ? 'csms' : 'station';
  const na = idTagPreflight(roles, { side, realSut: rig.kind !== 'reference', rigTags: side === 'csms' ? rig.ocpp?.csms?.idTags : rig.ocpp?.station?.idTags });
  if (!na) return undefined;
  this.attach(`skipped: not applicable — ${na}`, { mediaType: 'text/plain', fileName: 'not-applicable.txt' });
  return 'skipped';
});
