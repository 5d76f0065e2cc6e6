// The portal's scheduled jobs on the job library (src/jobs/): which tasks
// exist, when they run. A feature adds its task here, as services.ts wires
// its service. Run by the process that runs the mail worker (server.ts, or
// `npm run worker` with MAIL_WORKER=separate).
import type { Config } from './config.js';
import type { PrismaClient } from './db/client.js';
import type { Logger } from './logger.js';
import type { JobDefinitions } from './jobs/index.js';
import { approveExpiredTerms } from './modules/dossier-core/index.js';
import { sendDeadlineReminders } from './modules/campaigns/index.js';

export interface BackgroundJobDependencies {
  config: Pick<Config, 'baseUrl'>;
  prisma: PrismaClient;
  logger: Logger;
  /** The clock; tests pass a fixed moment. Absent: the real time. */
  clock?: () => Date;
}

export function portalJobs({ config, prisma, logger, clock = () => new Date() }: BackgroundJobDependencies): JobDefinitions {
  return {
    tasks: {
      async approve_expired_terms() {
        const approved = await approveExpiredTerms(prisma, config, clock());
        if (approved > 0) logger.info({ approved }, 'dossiers approved at the end of their term');
      },
      async send_deadline_reminders() {
        const reminded = await sendDeadlineReminders(prisma, config, clock());
        if (reminded > 0) logger.info({ reminded }, 'deadline reminders sent');
      },
    },
    crontab: [
      // Every 5 minutes: a term ends at midnight in Brussels, the dossier is approved within 5 minutes after.
      '*/5 * * * * approve_expired_terms ?max=3',
      // Daily at 05:00 UTC (06:00 or 07:00 in Brussels), before the working day.
      '0 5 * * * send_deadline_reminders ?max=5',
    ],
    // At start too: a portal that was down at the cron time still sends the day's reminders.
    atStart: ['approve_expired_terms', 'send_deadline_reminders'],
  };
}
