// The bulk worker: turns the pending targets of confirmed bulk sends into
// threads, one facility at a time, each in a transaction of its own that
// claims the target (FOR UPDATE SKIP LOCKED), makes the thread with its
// message and notifications (services.messages.startDepartmentThread) and
// marks the target done. So:
// - a worker that stops or dies halfway leaves every target either done with
//   its thread, or pending without one (its transaction rolled back): the next
//   worker neither sends twice nor skips;
// - any number of workers, in any number of processes, never take the same
//   target: a target being sent is locked and skipped by the others.
// Runs in the portal process, like the mail worker (src/server.ts).
import type { PrismaClient } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { Logger } from '../../logger.js';
import type { MessagesService } from '../messages/service.js';

export interface BulkWorkerOptions {
  prisma: PrismaClient;
  messages: Pick<MessagesService, 'startDepartmentThread'>;
  logger: Logger;
  /** Targets a lane sends before it looks again (default 20). */
  batchSize?: number;
  /** How long an idle lane waits before it looks for targets again (default 1000 ms). */
  pollMs?: number;
  /** Lanes that each send one target at a time (default 2). */
  lanes?: number;
}

export interface BulkWorker {
  start(): void;
  /** Sends at most `limit` pending targets one after the other; the number sent. */
  runOnce(limit?: number): Promise<number>;
  /** Lets the targets being sent finish, then stops. */
  stop(): Promise<void>;
}

interface ClaimedTarget {
  id: number;
  facility_id: number;
  facility_exists: boolean;
  staff_member_id: number;
  team_id: number;
  theme_id: number;
  title: string;
  body: string;
}

// The oldest pending target that no other transaction holds; the index on
// (done_at, id) serves both the filter and the order.
const CLAIM_SQL = Prisma.sql`
  SELECT t.id, t.facility_id, EXISTS (SELECT 1 FROM facility f WHERE f.id = t.facility_id) AS facility_exists,
         b.staff_member_id, b.team_id, b.theme_id, b.title, b.body
    FROM bulk_send_target t JOIN bulk_send b ON b.id = t.bulk_send_id
   WHERE t.done_at IS NULL
   ORDER BY t.id
   LIMIT 1
     FOR UPDATE OF t SKIP LOCKED`;

// Jobs without a pending target are finished. Run when a lane finds nothing
// to do, so that it never races a target still being sent.
const FINISH_SQL = Prisma.sql`
  UPDATE bulk_send b SET finished_at = now()
   WHERE b.finished_at IS NULL AND b.total > 0
     AND NOT EXISTS (SELECT 1 FROM bulk_send_target t WHERE t.bulk_send_id = b.id AND t.done_at IS NULL)`;

export function createBulkWorker(options: BulkWorkerOptions): BulkWorker {
  const { prisma, messages, logger } = options;
  const batchSize = options.batchSize ?? 20;
  const pollMs = options.pollMs ?? 1000;
  const lanes = options.lanes ?? 2;
  let stopping = false;
  let loop: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;
  const sleepers = new Set<() => void>();

  /** One target in one transaction; false when none is pending (or all are being sent by others). */
  const sendOne = () =>
    prisma.$transaction(
      async (tx) => {
        const [target] = await tx.$queryRaw<ClaimedTarget[]>(CLAIM_SQL);
        if (!target) return false;
        let threadId: number | null = null;
        if (target.facility_exists) {
          const sent = await messages.startDepartmentThread(
            { facilityId: target.facility_id, themeId: target.theme_id, teamId: target.team_id, staffMemberId: target.staff_member_id, title: target.title, body: target.body },
            tx,
          );
          threadId = sent.threadId;
        }
        // A facility removed since the confirmation gets nothing, and is not waited for.
        await tx.bulkSendTarget.update({ where: { id: target.id }, data: { doneAt: new Date(), threadId } });
        return true;
      },
      { timeout: 30_000 },
    );

  const runOnce = async (limit = batchSize): Promise<number> => {
    let sent = 0;
    while (sent < limit && !stopping && (await sendOne())) sent += 1;
    if (sent < limit && !stopping) {
      const finished = await prisma.$executeRaw(FINISH_SQL);
      if (finished > 0) logger.info({ count: finished }, 'bulk sends finished');
    }
    return sent;
  };

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });

  const lane = async () => {
    while (!stopping) {
      let sent = 0;
      try {
        sent = await runOnce(batchSize);
      } catch (error) {
        // The target's transaction rolled back: it stays pending for the next round.
        logger.error({ err: error }, 'the bulk worker could not send a target');
      }
      // A full batch suggests more is pending: look again at once.
      if (!stopping && sent < batchSize) await pause(pollMs);
    }
  };

  return {
    start() {
      if (loop || stopping) return;
      loop = Promise.all(Array.from({ length: lanes }, lane)).then(() => undefined);
    },
    runOnce,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        for (const wake of [...sleepers]) wake();
        await loop;
      })();
      return stopped;
    },
  };
}
