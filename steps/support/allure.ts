/**
 * Allure in each cucumber worker: installs the runtime (so allure-js-commons calls reach the allure-cucumberjs
 * formatter) and gives every scenario, before anything of it runs, its identity, labels and parameters.
 *
 * The hook is named ALLURE_FIXTURE_IGNORE, the name allure-cucumberjs gives its own bookkeeping hook: Allure
 * then shows no set-up entry for it and applies what it records to the test result itself — a testCaseId
 * set from an ordinary hook (an Allure fixture) would be refused. Running first, it labels a scenario even
 * when the rig fails to start.
 */
import 'allure-cucumberjs';
import fs from 'node:fs';
import path from 'node:path';
import { Before, BeforeAll } from '@cucumber/cucumber';
import * as allure from 'allure-js-commons';
import { PROJECT_ROOT } from '../../src/core/load';
import { reportLabels, reportParameters, testCaseIdOf } from '../../src/report/labels';
import { loadRigConfig } from '../../src/rig/config';
import type { RigConfig } from '../../src/rig/types';

const HARNESS_VERSION = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
let runRig: RigConfig | undefined; // the run's rig, read at its first scenario (a bad rig stops the run in hooks.ts)

// A process may run several cucumber runs (with other faults): each reads its rig again.
BeforeAll(function () {
  runRig = undefined;
});

Before({ name: 'ALLURE_FIXTURE_IGNORE' }, async function ({ pickle, gherkinDocument }) {
  const tags = pickle.tags.map((t) => t.name);
  await allure.testCaseId(testCaseIdOf(pickle.uri, tags, pickle.name));
  const labels = reportLabels(tags, pickle.uri, gherkinDocument.feature?.name, pickle.name);
  await allure.epic(labels.epic);
  // allure-cucumberjs labels feature = the Gherkin Feature name; `evc report` replaces it with this one.
  await allure.label('evc-feature', labels.feature);
  await allure.story(labels.story);
  if (labels.sutRole) await allure.label('sut', labels.sutRole);
  runRig ??= loadRigConfig();
  for (const [name, value] of Object.entries(reportParameters(runRig, labels.sutRole))) await allure.parameter(name, value);
  await allure.parameter('harness', `ev-conformance ${HARNESS_VERSION}`, { excluded: true });
});
