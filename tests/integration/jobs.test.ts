// The job library (graphile-worker): a job queued inside a Prisma transaction
// exists exactly when that transaction commits, and runs.
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.js';
import { createLogger } from '../../src/logger.js';
import { addJobInTransaction, JOB_RUNNER_APPLICATION, startJobRunner } from '../../src/jobs/index.js';
import { waitUntil } from '../helpers/processes.js';

const db = await createTestDatabase();
const ran: unknown[] = [];
const runner = await startJobRunner({
  connectionString: db.url,
  logger: createLogger({ level: 'silent' }),
  pollIntervalMs: 200,
  tasks: {
    async record(payload) {
      ran.push(payload);
    },
  },
  crontab: [],
  atStart: [],
});
afterAll(() => runner.stop());

describe('a job queued in a transaction', () => {
  it('is never run when the transaction rolls back, and runs once when it commits', { timeout: 30_000 }, async () => {
    await expect(
      db.prisma.$transaction(async (tx) => {
        await addJobInTransaction(tx, 'record', { n: 1 });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await db.prisma.$transaction((tx) => addJobInTransaction(tx, 'record', { n: 2 }, { jobKey: 'record-2' }));
    await waitUntil(() => ran.length === 1, 20_000, 'the committed job to run');
    // Given time, the rolled-back job still never runs.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(ran).toEqual([{ n: 2 }]);
  });
});

describe('a runner whose database ends its connections', () => {
  // Ctrl-C in a terminal stops the embedded PostgreSQL and the portal at once:
  // the database ends the runner's connections while the runner stops. Its
  // connections' errors must be handled, never an unhandled 'error' event
  // that crashes the portal (which vitest reports as an error of this file).
  it('stops without an unhandled error, however the ends and the stop interleave, and the other runner goes on', { timeout: 30_000 }, async () => {
    const endRunnerConnections = () => db.pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [JOB_RUNNER_APPLICATION]);
    for (let round = 0; round < 5; round++) {
      const other = await startJobRunner({ connectionString: db.url, logger: createLogger({ level: 'silent' }), pollIntervalMs: 200, tasks: {}, crontab: [], atStart: [] });
      const stopping = other.stop();
      for (let i = 0; i < 5; i++) {
        await endRunnerConnections();
        await new Promise((resolve) => setTimeout(resolve, round * 2));
      }
      await stopping;
    }
    // The file's runner lost its connections too, and still runs what is queued.
    await db.prisma.$transaction((tx) => addJobInTransaction(tx, 'record', { n: 3 }));
    await waitUntil(() => ran.some((p) => JSON.stringify(p) === '{"n":3}'), 20_000, 'the job queued after the connections ended to run');
  });
});
