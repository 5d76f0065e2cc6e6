import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One fork per core: vitest's default keeps one core free (a single fork on a
    // two-core CI machine), while most of a test file's time is spent waiting on
    // PostgreSQL, SMTP and Chromium. Each file has its own database, so files
    // never share state.
    maxWorkers: Math.max(2, availableParallelism()),
    reporters: ['default', './tests/helpers/exit-code-reporter.ts'],
    env: { NODE_ENV: 'test' },
  },
});
