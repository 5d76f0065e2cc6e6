// The job library (graphile-worker): a job queued inside a Prisma transaction
// exists exactly when that transaction commits, and runs.
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.js';
import { createLogger } from '../../src/logger.js';
import { addJobInTransaction, startJobRunner } from '../../src/jobs/index.js';
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
