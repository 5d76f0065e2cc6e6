// Where the portal's database lives: the server in DATABASE_URL, or an
// embedded PostgreSQL under ELOKET_DATA_DIR. Migrations are applied on start.
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';
import { ensureDatabase } from './client.js';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { hasPendingMigrations } from './migrations.js';

export interface DatabaseServer {
  url: string;
  stop(): Promise<void>;
}

export const EMBEDDED_DATABASE_NAME = 'eloket';

/**
 * How often the embedded server may stop unexpectedly before the portal gives
 * up: a server that keeps dying (a full disk, a broken cluster) is not hidden
 * behind endless restarts.
 */
export const EMBEDDED_RESTART_LIMIT = { restarts: 3, windowMs: 10 * 60_000 } as const;
/** Start attempts within one restart: the killed server's backends may hold its shared memory for a moment. */
const START_ATTEMPTS = 10;
const START_RETRY_MS = 500;

/**
 * The database server. The embedded one is watched: when it stops without
 * the portal stopping it, it is started again on the same port (the pools
 * reconnect by themselves), at most EMBEDDED_RESTART_LIMIT.restarts times
 * within its window; past that, or when it cannot be started again,
 * `onFatal` is called after a fatal log line (the process entry stops the
 * portal with a non-zero exit code).
 */
export async function openDatabaseServer(config: Config, logger: Logger, onFatal: () => void = () => {}): Promise<DatabaseServer> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, stop: async () => {} };
  }
  const log = logger.child({ component: 'postgres' });
  let stopping = false;
  const stops: number[] = [];
  let restarting: Promise<void> | undefined;

  const start = (port?: number) =>
    startEmbeddedPostgres({
      dataDir: config.dataDir,
      log: (line) => log.debug(line),
      ...(port === undefined ? {} : { port }),
      onUnexpectedExit: (exit) => {
        restarting = restart(exit);
      },
    });

  const giveUp = (reason: string, details: object) => {
    log.fatal(details, `the embedded PostgreSQL ${reason}: the portal stops`);
    onFatal();
  };

  const restart = async (exit: { code: number | null; signal: string | null }): Promise<void> => {
    if (stopping) return;
    const now = Date.now();
    stops.push(now);
    while ((stops[0] ?? now) <= now - EMBEDDED_RESTART_LIMIT.windowMs) stops.shift();
    const minutes = EMBEDDED_RESTART_LIMIT.windowMs / 60_000;
    if (stops.length > EMBEDDED_RESTART_LIMIT.restarts) {
      return giveUp(`stopped unexpectedly ${stops.length} times within ${minutes} minutes`, { ...exit, stops: stops.length });
    }
    log.error({ ...exit, restart: stops.length, maxRestarts: EMBEDDED_RESTART_LIMIT.restarts, windowMinutes: minutes }, 'the embedded PostgreSQL stopped unexpectedly: starting it again');
    let lastError: unknown;
    for (let attempt = 1; attempt <= START_ATTEMPTS && !stopping; attempt++) {
      try {
        server = await start(server.port);
        log.info({ port: server.port, restart: stops.length }, 'embedded PostgreSQL started again');
        return;
      } catch (error) {
        lastError = error;
        await sleep(START_RETRY_MS);
      }
    }
    if (!stopping) giveUp('could not be started again', { err: lastError, attempts: START_ATTEMPTS });
  };

  let server: EmbeddedDatabase = await start();
  await ensureDatabase(server.adminUrl, EMBEDDED_DATABASE_NAME);
  logger.info({ port: server.port, dataDir: config.dataDir }, 'embedded PostgreSQL started');
  return {
    url: server.urlFor(EMBEDDED_DATABASE_NAME),
    async stop() {
      // No restart after this point; one under way finishes first, so its server is stopped too.
      stopping = true;
      await restarting;
      await server.stop();
    },
  };
}

/**
 * Applies the pending migrations, in a worker thread: the schema engine's
 * memory (about 45 MB resident) is given back when the thread ends.
 */
export async function migrate(url: string, logger: Logger): Promise<void> {
  if (!(await hasPendingMigrations(url))) return;
  const applied = await inWorkerThread(url);
  logger.info({ migrations: applied }, 'migrations applied');
}

function inWorkerThread(url: string): Promise<string[]> {
  // migration-worker.js next to this file in dist/; run from the sources
  // (tests, `npm run dev`), migration-worker.ts, through tsx, which a worker
  // thread does not inherit from `node --import tsx`.
  const fromSources = extname(fileURLToPath(import.meta.url)) === '.ts';
  const script = new URL(`./migration-worker${fromSources ? '.ts' : '.js'}`, import.meta.url);
  return new Promise((resolve, reject) => {
    const worker = fromSources
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`, { eval: true, workerData: { url } })
      : new Worker(script, { workerData: { url } });
    let applied: string[] | undefined;
    // The thread is ended as soon as it reports: left to itself it stays up
    // until the schema engine's idle handles time out (about 8 s measured).
    worker.once('message', (names: string[]) => {
      applied = names;
      resolve(names);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!applied) reject(new Error(`the migrations stopped (worker exit code ${code})`));
    });
  });
}
