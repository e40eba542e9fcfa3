// Allure 3 report configuration for `npm run report`: one self-contained HTML file that opens from file://.
export default {
  name: 'ev-conformance',
  output: './reports/allure-report',
  plugins: {
    awesome: {
      options: {
        singleFile: true,
        reportLanguage: 'en',
        reportName: 'ev-conformance',
        groupBy: ['epic', 'feature', 'story'],
      },
    },
  },
};
