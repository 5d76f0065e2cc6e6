// Mutation testing of the security-critical modules: `npm run test:mutation`
// (not part of npm test or CI: it takes a long while). The report lands in
// reports/mutation/index.html; the tests it runs are listed in
// vitest.mutation.config.ts.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate: [
    'src/auth/facility-scope.ts',
    'src/auth/return-path.ts',
    'src/auth/service-provider.ts',
    'src/auth/attributes.ts',
    'src/auth/xml.ts',
    'src/mail/outbox.ts',
    'src/modules/contacts/service.ts',
  ],
  coverageAnalysis: 'perTest',
  // Module-level constants would need every test file reloaded per mutant.
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', '.data', 'reports', 'coverage', 'test-results', 'bench'],
  cleanTempDir: 'always',
};
