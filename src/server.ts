// Process entry: configuration, database (embedded or DATABASE_URL),
// migrations, reference and demo data, the mail worker (with the development
// mail sink when SMTP_URL is absent), then the HTTP server and the bulk worker. Stops in the
// reverse order on SIGINT/SIGTERM.
//
// WEB_CONCURRENCY=n (n > 1): the primary process opens and prepares the
// database, then forks n HTTP processes (node:cluster, one shared port) on
// that one database. Everything they share lives in PostgreSQL (sessions, SAML
// requests, the outbox), so any process answers any request. The mail worker
// and the job runner (src/jobs/) run in exactly one of them (the first; a
// replacement takes its place), none when MAIL_WORKER=separate (then `npm run
// worker` runs both); the upload purge runs in the first.
import './runtime-flags.js';
import cluster from 'node:cluster';
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import type { Config } from './config.js';
import { loadConfigOrExit, stopOnSignals } from './process.js';
import { createLogger, type Logger } from './logger.js';
import { openDatabaseServer, migrate } from './db/database.js';
import { createDatabaseClients } from './db/client.js';
import { isEmpty, seedDemoData, seedReferenceData } from './db/seed.js';
import { createApp } from './app.js';
import { setUpIdentity } from './auth/identity.js';
import { startMailSink } from './dev/mail-sink.js';
import { createMailWorker } from './mail/worker.js';
import { startUploadPurge } from './uploads/index.js';
import { createServices } from './services.js';
import { createBulkWorker } from './modules/outbound/index.js';
import { startJobRunner, type JobRunner } from './jobs/index.js';
import { portalJobs } from './background-jobs.js';
import { closeWorkerPools } from './lib/worker-task.js';

export interface RunningPortal {
  server: Server;
  config: Config;
  url: string;
  stop(): Promise<void>;
}

/** What one process of the portal does besides serving HTTP. */
export interface PortalRole {
  /** Migrations, reference and demo data (false in a cluster's HTTP processes: the primary did it). */
  prepare: boolean;
  /** The background jobs: the mail worker and the job runner (unless MAIL_WORKER=separate) and the upload purge. */
  background: boolean;
}

const SINGLE_PROCESS: PortalRole = { prepare: true, background: true };

/**
 * The duration of each start-up step in ms, logged with "e-loket is ready" so
 * that a slow start shows where its time went.
 */
type StartupSteps = Record<string, number>;

async function timed<T>(steps: StartupSteps, name: string, work: () => Promise<T> | T): Promise<T> {
  const begun = performance.now();
  try {
    return await work();
  } finally {
    steps[name] = Math.round(performance.now() - begun);
  }
}

/** Migrations, then the reference data, and the demo data in an empty development database. */
async function prepareDatabase(url: string, clients: { prisma: Parameters<typeof isEmpty>[0] }, config: Config, logger: Logger, steps: StartupSteps = {}): Promise<void> {
  await timed(steps, 'migrations', () => migrate(url, logger));
  await timed(steps, 'referenceData', () => seedReferenceData(clients.prisma));
  if (!config.isProduction && (await timed(steps, 'emptyCheck', () => isEmpty(clients.prisma)))) {
    await timed(steps, 'demoData', () => seedDemoData(clients.prisma));
    logger.info('demo data loaded (see README.md for the personas)');
  }
}

/** How long a portal whose embedded database could not be kept running may take to stop before it is ended. */
const FATAL_STOP_MS = 10_000;

/** Stops with exit code 1 once `stop` finished (or after FATAL_STOP_MS). */
function exitAfter(stop: () => Promise<void>): void {
  setTimeout(() => process.exit(1), FATAL_STOP_MS).unref();
  void stop()
    .catch(() => {})
    .finally(() => process.exit(1));
}

export async function startPortal(config: Config, logger: Logger, role: PortalRole = SINGLE_PROCESS, onFatal?: () => void): Promise<RunningPortal> {
  const started = Date.now();
  // Node's own start and the import of the portal's modules, before this function ran.
  const steps: StartupSteps = { imports: Math.round(performance.now()) };
  // The embedded database given up (src/db/database.ts): the caller decides; by default the process stops.
  const running: { portal?: RunningPortal } = {};
  const database = await timed(steps, 'database', () =>
    openDatabaseServer(config, logger, onFatal ?? (() => exitAfter(() => running.portal?.stop() ?? database.stop()))),
  );
  const clients = createDatabaseClients(database.url, { max: config.databasePoolSize });
  try {
    if (role.prepare) await prepareDatabase(database.url, clients, config, logger, steps);
  } catch (error) {
    await clients.close();
    await database.stop();
    throw error;
  }

  // Without SMTP_URL (development only: production refuses to start) the
  // worker delivers over SMTP to a sink in this process, shown at /dev/mail.
  const mailSink = config.smtpUrl || !role.background ? undefined : await timed(steps, 'mailSink', () => startMailSink());
  const smtpUrl = config.smtpUrl ?? mailSink?.url ?? '';
  const mailWorker =
    config.mail.worker === 'portal' && role.background ? createMailWorker({ ...config.mail, pool: clients.pool, smtpUrl, logger: logger.child({ component: 'mail' }) }) : undefined;
  mailWorker?.start();
  // The job runner goes where the mail worker goes: one place to look for background work.
  let jobRunner: JobRunner | undefined;
  if (mailWorker) {
    try {
      jobRunner = await timed(steps, 'jobRunner', () =>
        startJobRunner({ connectionString: database.url, logger: logger.child({ component: 'jobs' }), ...portalJobs({ config, prisma: clients.prisma, logger: logger.child({ component: 'jobs' }) }) }),
      );
    } catch (error) {
      await mailWorker.stop();
      await mailSink?.close();
      await clients.close();
      await database.stop();
      throw error;
    }
  }
  if (mailSink) logger.info({ smtp: mailSink.url }, 'development mail sink started: e-mails appear at /dev/mail');
  if (mailSink && !mailWorker && role.background) logger.warn('MAIL_WORKER=separate without SMTP_URL: nothing delivers to the development mail sink');

  const identity = await timed(steps, 'identity', () => setUpIdentity(config, clients.prisma, logger.child({ component: 'saml' })));
  const deps = { config, logger, prisma: clients.prisma, pool: clients.pool, identity, mailSink };
  const app = await timed(steps, 'app', () => createApp(deps));
  const server = createServer(app);
  const uploadPurge = role.background ? startUploadPurge({ prisma: clients.prisma, logger: logger.child({ component: 'uploads' }) }) : undefined;
  // Bulk sends (M26) turn into threads in every HTTP process: targets are claimed with SKIP LOCKED.
  const bulkWorker = createBulkWorker({ prisma: clients.prisma, messages: createServices(deps).messages, logger: logger.child({ component: 'bulk' }) });
  bulkWorker.start();
  try {
    await timed(
      steps,
      'listen',
      () =>
        new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(config.port, config.host, () => resolve());
        }),
    );
  } catch (error) {
    uploadPurge?.stop();
    await bulkWorker.stop();
    await jobRunner?.stop();
    await mailWorker?.stop();
    await mailSink?.close();
    await clients.close();
    await database.stop();
    throw error;
  }
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info({ url, address: config.host, port, startupMs: Date.now() - started, steps, background: role.background }, 'e-loket is ready');
  if (config.isProduction && config.trustProxy === false) {
    logger.warn(
      'TRUST_PROXY is not set: X-Forwarded-For and X-Forwarded-Proto are ignored, so behind the TLS proxy the Secure session cookie is never sent; set TRUST_PROXY to the proxy\'s address or hop count',
    );
  }

  let stopping: Promise<void> | undefined;
  const portal: RunningPortal = {
    server,
    config,
    url,
    stop() {
      stopping ??= (async () => {
        server.closeIdleConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        uploadPurge?.stop();
        await bulkWorker.stop();
        await jobRunner?.stop();
        await mailWorker?.stop();
        await mailSink?.close();
        // Requests and jobs are done: the generators' warm threads can go.
        await closeWorkerPools();
        await clients.close();
        await database.stop();
      })();
      return stopping;
    },
  };
  running.portal = portal;
  return portal;
}

/** The environment variable that tells a forked HTTP process its place (0 runs the background jobs). */
const PROCESS_INDEX = 'ELOKET_PROCESS_INDEX';

/**
 * The primary of WEB_CONCURRENCY processes: prepares the database (starting
 * the embedded server when there is no DATABASE_URL), then forks the HTTP
 * processes with its URL and replaces one that dies; stops them, then the
 * database, on a signal.
 */
async function runPrimary(config: Config, logger: Logger): Promise<void> {
  // Only the primary owns the embedded server (the HTTP processes get its URL); giving it up stops them all.
  const database = await openDatabaseServer(config, logger, () => exitAfter(stopAll));
  const clients = createDatabaseClients(database.url, { max: 2 });
  try {
    await prepareDatabase(database.url, clients, config, logger);
    // Development keys (service provider, identity provider) are made once here, not raced by the processes.
    await setUpIdentity(config, clients.prisma, logger.child({ component: 'saml' }));
  } finally {
    await clients.close();
  }
  let stopping = false;
  const fork = (index: number) => {
    const worker = cluster.fork({ DATABASE_URL: database.url, [PROCESS_INDEX]: String(index) });
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      logger.error({ index, code, signal }, 'an HTTP process stopped: starting another');
      setTimeout(() => fork(index), 1_000).unref();
    });
  };
  for (let index = 0; index < config.webConcurrency; index++) fork(index);
  logger.info({ processes: config.webConcurrency, mailWorker: config.mail.worker }, 'HTTP processes started');
  stopOnSignals(logger, stopAll, 20_000);

  async function stopAll(): Promise<void> {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    await Promise.all(
      workers.map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : (w.once('exit', () => resolve()), w.process.kill('SIGTERM'))))),
    );
    await database.stop();
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel, pretty: !config.isProduction && process.stdout.isTTY });
  if (cluster.isPrimary && config.webConcurrency > 1) return runPrimary(config, logger);
  const index = cluster.isWorker ? Number(process.env[PROCESS_INDEX] ?? 0) : 0;
  const role: PortalRole = cluster.isWorker ? { prepare: false, background: index === 0 } : SINGLE_PROCESS;
  const portal = await startPortal(config, logger, role);
  stopOnSignals(logger, () => portal.stop(), 15_000);
}

/** Runs the portal as this process: `node dist/server.js`, or `npm start` (scripts/start.mjs) after its build check. */
export function runPortalProcess(): void {
  main().catch((error: unknown) => {
    process.stderr.write(`The portal could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) runPortalProcess();
