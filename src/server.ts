// Process entry: configuration, database (embedded or DATABASE_URL),
// migrations, reference and demo data, the mail worker (with the development
// mail sink when SMTP_URL is absent), then the HTTP server and the bulk worker. Stops in the
// reverse order on SIGINT/SIGTERM.
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
import { createBulkWorker } from './modules/outbound/worker.js';

export interface RunningPortal {
  server: Server;
  config: Config;
  url: string;
  stop(): Promise<void>;
}

export async function startPortal(config: Config, logger: Logger): Promise<RunningPortal> {
  const started = Date.now();
  const database = await openDatabaseServer(config, logger);
  const clients = createDatabaseClients(database.url);
  try {
    await migrate(database.url, logger);
    await seedReferenceData(clients.prisma);
    if (!config.isProduction && (await isEmpty(clients.prisma))) {
      await seedDemoData(clients.prisma);
      logger.info('demo data loaded (see README.md for the personas)');
    }
  } catch (error) {
    await clients.close();
    await database.stop();
    throw error;
  }

  // Without SMTP_URL (development only: production refuses to start) the
  // worker delivers over SMTP to a sink in this process, shown at /dev/mail.
  const mailSink = config.smtpUrl ? undefined : await startMailSink();
  const smtpUrl = config.smtpUrl ?? mailSink?.url ?? '';
  const mailWorker =
    config.mail.worker === 'portal' ? createMailWorker({ ...config.mail, pool: clients.pool, smtpUrl, logger: logger.child({ component: 'mail' }) }) : undefined;
  mailWorker?.start();
  if (mailSink) logger.info({ smtp: mailSink.url }, 'development mail sink started: e-mails appear at /dev/mail');
  if (mailSink && !mailWorker) logger.warn('MAIL_WORKER=separate without SMTP_URL: nothing delivers to the development mail sink');

  const identity = await setUpIdentity(config, clients.prisma, logger.child({ component: 'saml' }));
  const deps = { config, logger, prisma: clients.prisma, pool: clients.pool, identity, mailSink };
  const app = createApp(deps);
  const server = createServer(app);
  const uploadPurge = startUploadPurge({ prisma: clients.prisma, logger: logger.child({ component: 'uploads' }) });
  // Bulk sends (M26) turn into threads in this process, like the e-mails; any number of portal processes may run one.
  const bulkWorker = createBulkWorker({ prisma: clients.prisma, messages: createServices(deps).messages, logger: logger.child({ component: 'bulk' }) });
  bulkWorker.start();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    uploadPurge.stop();
    await bulkWorker.stop();
    await mailWorker?.stop();
    await mailSink?.close();
    await clients.close();
    await database.stop();
    throw error;
  }
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info({ url, address: config.host, port, startupMs: Date.now() - started }, 'e-loket is ready');
  if (config.isProduction && config.trustProxy === false) {
    logger.warn(
      'TRUST_PROXY is not set: X-Forwarded-For and X-Forwarded-Proto are ignored, so behind the TLS proxy the Secure session cookie is never sent; set TRUST_PROXY to the proxy\'s address or hop count',
    );
  }

  let stopping: Promise<void> | undefined;
  return {
    server,
    config,
    url,
    stop() {
      stopping ??= (async () => {
        server.closeIdleConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        uploadPurge.stop();
        await bulkWorker.stop();
        await mailWorker?.stop();
        await mailSink?.close();
        await clients.close();
        await database.stop();
      })();
      return stopping;
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.logLevel, pretty: !config.isProduction && process.stdout.isTTY });
  const portal = await startPortal(config, logger);
  stopOnSignals(logger, () => portal.stop(), 15_000);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`The portal could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
