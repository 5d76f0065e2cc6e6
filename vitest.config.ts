import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Files that start portal, worker or PostgreSQL processes of their own and
 * time them (restarts, SIGKILL, two workers): they run after the others, one
 * at a time, so that no other test file competes with them for the cores.
 */
const PROCESS_TESTS = [
  'tests/integration/*-processes.test.ts',
  'tests/integration/embedded-watch.test.ts',
  'tests/integration/server.test.ts',
  'tests/integration/dossier-terms.test.ts',
];

export default defineConfig({
  test: {
    globalSetup: ['tests/helpers/global-setup.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './tests/helpers/exit-code-reporter.ts'],
    env: { NODE_ENV: 'test' },
    projects: [
      {
        extends: true,
        test: {
          name: 'pages',
          include: ['tests/**/*.test.ts'],
          exclude: PROCESS_TESTS,
          // One fork per core: vitest's default keeps one core free (a single
          // fork on a two-core CI machine), while most of a test file's time is
          // spent waiting on PostgreSQL, SMTP and Chromium. Each file has its
          // own database, so files never share state.
          maxWorkers: Math.max(2, availableParallelism()),
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'processes',
          include: PROCESS_TESTS,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
