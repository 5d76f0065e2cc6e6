// The tests StrykerJS runs (npm run test:mutation): only those that exercise
// the security-critical modules it mutates (see stryker.config.mjs), so that a
// run fits on two cores.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export const MUTATION_TESTS = [
  'tests/unit/return-path.test.ts',
  'tests/integration/login.test.ts',
  'tests/integration/saml-attacks.test.ts',
  'tests/integration/isolation.test.ts',
  'tests/integration/contacts.test.ts',
  'tests/integration/outbox.test.ts',
];

// Replaces the include list (mergeConfig would append to it).
export default defineConfig({ ...base, test: { ...base.test, include: MUTATION_TESTS } });
