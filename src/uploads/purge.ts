// Staged files that no submission claimed are deleted once expired. A timer
// in the portal process (not the mail worker, which may run elsewhere);
// deleting twice from several portal processes is harmless.
import type { PrismaClient } from '../db/client.js';
import type { Logger } from '../logger.js';
import { purgeExpiredUploads } from './storage.js';

export function startUploadPurge({ prisma, logger, intervalMs = 60 * 60 * 1000 }: { prisma: PrismaClient; logger: Logger; intervalMs?: number }): { stop(): void } {
  const run = () => {
    purgeExpiredUploads(prisma).then(
      (count) => {
        if (count > 0) logger.info({ count }, 'expired staged uploads purged');
      },
      (error: unknown) => logger.warn({ err: error }, 'purging expired staged uploads failed; retried at the next interval'),
    );
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  run();
  return { stop: () => clearInterval(timer) };
}
