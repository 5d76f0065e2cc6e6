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

// One project with only these files: the base's two groups (projects) are left out, and the include list replaced (mergeConfig would append to it).
const { projects: _groups, ...test } = base.test ?? {};
export default defineConfig({ ...base, test: { ...test, include: MUTATION_TESTS } });
