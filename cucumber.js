// cucumber-js profiles. `npm test` goes through `evc test`, which adds the tag split between the host run and
// the SocketCAN (@vcan) run; these profiles can also be used directly: `npx cucumber-js -p ci`.
const reports = process.env.EVC_REPORTS_DIR || 'reports';
const common = {
  requireModule: ['tsx/cjs'],
  require: ['steps/support/*.ts', 'steps/*.steps.ts'],
  strict: true,
  format: ['progress', `allure-cucumberjs/reporter:${reports}/.allure-formatter.out`, `junit:${reports}/${process.env.EVC_JUNIT_NAME || 'junit-host.xml'}`],
  formatOptions: {
    resultsDir: `${reports}/allure-results`,
    // the Allure files without an fsync each (src/report/allure-writer.ts says why); loaded with tsx's API, as
    // cucumber reads this file before it registers tsx
    writer: new (require('tsx/cjs/api').require('./src/report/allure-writer.ts', __filename))({ resultsDir: `${reports}/allure-results` }),
    junit: { suiteName: 'ev-conformance' },
  },
};

// A rig that reaches real equipment (any kind but reference: one charger, one listen port) runs one scenario at
// a time; `evc test` says so and passes --parallel 0 itself, this covers `npx cucumber-js` used directly.
function workers() {
  const file = process.env.EVC_RIG && process.env.EVC_RIG.trim();
  if (!file) return 2;
  try {
    const text = require('node:fs').readFileSync(file, 'utf8');
    const rig = /\.ya?ml$/i.test(file) ? require('yaml').parse(text) : JSON.parse(text);
    return rig && rig.kind !== 'reference' ? 0 : 2;
  } catch {
    return 2; // an unreadable rig is reported by the harness itself (one line naming the file)
  }
}
const parallel = workers();

module.exports = {
  default: { ...common, parallel },
  ci: { ...common, parallel, retry: 0 },
  // verify:faults: many short runs, results read from the message stream; no report formatters.
  verify: { ...common, parallel, format: [] },
  // Hardware benches: one scenario at a time.
  bench: { ...common, parallel: 0 },
};
