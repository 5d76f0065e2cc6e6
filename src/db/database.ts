// Where the portal's database lives: the server in DATABASE_URL, or an
// embedded PostgreSQL under ELOKET_DATA_DIR. Migrations are applied on start.
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
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

export async function openDatabaseServer(config: Config, logger: Logger): Promise<DatabaseServer> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    log: (line) => logger.debug({ component: 'postgres' }, line),
  });
  await ensureDatabase(server.adminUrl, EMBEDDED_DATABASE_NAME);
  logger.info({ port: server.port, dataDir: config.dataDir }, 'embedded PostgreSQL started');
  return { url: server.urlFor(EMBEDDED_DATABASE_NAME), stop: () => server.stop() };
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
    worker.once('message', (names: string[]) => {
      applied = names;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => (applied ? resolve(applied) : reject(new Error(`the migrations stopped (worker exit code ${code})`))));
  });
}
