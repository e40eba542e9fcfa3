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
    junit: { suiteName: 'ev-conformance' },
  },
};

module.exports = {
  default: { ...common, parallel: 2 },
  ci: { ...common, parallel: 2, retry: 0 },
  // verify:faults: many short runs, results read from the message stream; no report formatters.
  verify: { ...common, parallel: 2, format: [] },
  // Hardware benches: one scenario at a time.
  bench: { ...common, parallel: 0 },
};
