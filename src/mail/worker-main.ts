// `npm run worker`: the outbox worker and the job runner (src/jobs/) as a process of its own, for
// deployments that run it apart from the portal (MAIL_WORKER=separate) or
// want more of them. Needs DATABASE_URL and SMTP_URL: the embedded database
// and the development mail sink belong to the portal process.
import { EX_CONFIG, loadConfigOrExit, stopOnSignals } from '../process.js';
import { createLogger } from '../logger.js';
import { createDatabaseClients } from '../db/client.js';
import { createMailWorker } from './worker.js';
import { startJobRunner } from '../jobs/index.js';
import { portalJobs } from '../background-jobs.js';
import { closeWorkerPools } from '../lib/worker-task.js';

const config = loadConfigOrExit();
const missing = [
  config.databaseUrl ? undefined : 'DATABASE_URL: set the PostgreSQL server the portal uses',
  config.smtpUrl ? undefined : 'SMTP_URL: set the SMTP server (the development mail sink runs inside the portal)',
].filter((problem): problem is string => problem !== undefined);
if (missing.length > 0 || !config.databaseUrl || !config.smtpUrl) {
  process.stderr.write(`The mail worker cannot start:\n${missing.map((p) => `- ${p}`).join('\n')}\n`);
  process.exit(EX_CONFIG);
}

const rootLogger = createLogger({ level: config.logLevel, pretty: !config.isProduction && process.stdout.isTTY });
const logger = rootLogger.child({ component: 'mail' });
const clients = createDatabaseClients(config.databaseUrl, { max: 10 });
const worker = createMailWorker({ ...config.mail, pool: clients.pool, smtpUrl: config.smtpUrl, logger });
worker.start();
const jobLogger = rootLogger.child({ component: 'jobs' });
const jobs = await startJobRunner({ connectionString: config.databaseUrl, logger: jobLogger, ...portalJobs({ config, prisma: clients.prisma, logger: jobLogger }) });

stopOnSignals(
  logger,
  async () => {
    await Promise.all([jobs.stop(), worker.stop()]);
    await Promise.all([clients.close(), closeWorkerPools()]);
  },
  30_000,
);
