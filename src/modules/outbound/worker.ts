// The bulk worker: turns the pending targets of confirmed bulk sends into
// threads, a batch of facilities at a time, each batch in one transaction
// that claims its targets (FOR UPDATE SKIP LOCKED), makes their threads with
// their messages and notifications in a few statements
// (services.messages.startDepartmentThreads, the path startDepartmentThread
// takes for one facility) and marks the targets done. So:
// - a worker that stops or dies halfway leaves every target either done with
//   its thread, or pending without one (its batch rolled back as a whole):
//   the next worker neither sends twice nor skips;
// - any number of workers, in any number of processes, never take the same
//   target: a target being sent is locked and skipped by the others;
// - a batch that fails counts an attempt on each of its targets; a target
//   with a failed attempt is retried alone, so one bad target (a "poison"
//   target) cannot hold back the others, and after MAX_ATTEMPTS it is given
//   up: done, without a thread, with failed_at set (the progress page shows it).
// Runs in the portal process, like the mail worker (src/server.ts).
import { createBackgroundLoop } from '../../lib/background-loop.js';
import type { PrismaClient } from '../../db/client.js';
import type { Logger } from '../../logger.js';
import type { MessagesService } from '../messages/index.js';
import { claimTargets, countFailedAttempts, finishBulkSends, markTargetsDone, type ClaimedTarget } from './data.js';

/** Failed transactions after which a target is given up. */
export const MAX_ATTEMPTS = 3;

export interface BulkWorkerOptions {
  prisma: PrismaClient;
  messages: Pick<MessagesService, 'startDepartmentThreads'>;
  logger: Logger;
  /** Targets sent in one transaction (default 50). */
  batchSize?: number;
  /** How long an idle lane waits before it looks for targets again (default 1000 ms). */
  pollMs?: number;
  /** Lanes that each send one batch at a time (default 2). */
  lanes?: number;
}

export interface BulkWorker {
  start(): void;
  /** Sends at most `limit` pending targets, a batch per transaction; the number sent. */
  runOnce(limit?: number): Promise<number>;
  /** Lets the targets being sent finish, then stops. */
  stop(): Promise<void>;
}

/** The batch to send of the claimed targets: one that failed before goes alone, else those that never failed. */
function batchOf(claimed: ClaimedTarget[]): ClaimedTarget[] {
  const [first] = claimed;
  if (!first) return [];
  if (first.attempts > 0) return [first];
  const failedBefore = claimed.findIndex((t) => t.attempts > 0);
  return failedBefore < 0 ? claimed : claimed.slice(0, failedBefore);
}

export function createBulkWorker(options: BulkWorkerOptions): BulkWorker {
  const { prisma, messages, logger } = options;
  const batchSize = options.batchSize ?? 50;
  const pollMs = options.pollMs ?? 1000;
  const lanes = options.lanes ?? 2;
  const background = createBackgroundLoop();

  /** One batch of at most `limit` targets in one transaction; the number sent (0: none pending, or all held by others). */
  const sendBatch = async (limit: number): Promise<number> => {
    let batch: ClaimedTarget[] = [];
    try {
      return await prisma.$transaction(
        async (tx) => {
          batch = batchOf(await claimTargets(tx, limit));
          if (batch.length === 0) return 0;
          const jobIds = [...new Set(batch.map((t) => t.bulk_send_id))];
          const jobs = await tx.bulkSend.findMany({ where: { id: { in: jobIds } }, select: { id: true, staffMemberId: true, teamId: true, themeId: true, title: true, body: true } });
          const threadOf = new Map<number, number>();
          for (const job of jobs) {
            const targets = batch.filter((t) => t.bulk_send_id === job.id);
            const made = await messages.startDepartmentThreads(tx, job, targets.map((t) => t.facility_id));
            for (const t of targets) threadOf.set(t.id, made.get(t.facility_id)?.threadId ?? 0);
          }
          // A facility removed since the confirmation gets nothing (thread 0 -> null), and is not waited for.
          const ids = batch.map((t) => t.id);
          const threads = batch.map((t) => threadOf.get(t.id) ?? 0);
          await markTargetsDone(tx, ids, threads);
          return batch.length;
        },
        { timeout: 60_000 },
      );
    } catch (error) {
      if (batch.length > 0) await countFailedAttempt(batch.map((t) => t.id));
      throw error;
    }
  };

  /** After a rolled-back batch: one more attempt for each of its targets still pending; given up at MAX_ATTEMPTS. */
  const countFailedAttempt = async (ids: number[]) => {
    try {
      const counted = await countFailedAttempts(prisma, ids, MAX_ATTEMPTS);
      const failed = counted.filter((c) => c.failed).map((c) => c.id);
      if (failed.length > 0) logger.error({ targets: failed }, 'bulk targets given up after failed attempts');
    } catch (error) {
      logger.error({ err: error }, 'the bulk worker could not count a failed attempt');
    }
  };

  const runOnce = async (limit = batchSize): Promise<number> => {
    let sent = 0;
    while (sent < limit && !background.stopping) {
      const n = await sendBatch(Math.min(batchSize, limit - sent));
      if (n === 0) break;
      sent += n;
    }
    if (sent < limit && !background.stopping) {
      const finished = await finishBulkSends(prisma);
      if (finished > 0) logger.info({ count: finished }, 'bulk sends finished');
    }
    return sent;
  };

  return {
    start() {
      // A failed batch rolled back: its targets stay pending (each then retried alone) for the next round.
      const lane = background.lane(() => runOnce(batchSize), { full: batchSize, pollMs, logger, failure: 'the bulk worker could not send a batch' });
      background.start(Array.from({ length: lanes }, () => lane));
    },
    runOnce,
    stop: () => background.stop(),
  };
}
