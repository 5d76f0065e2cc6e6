// Where the portal's database lives: the server in DATABASE_URL, or an
// embedded PostgreSQL under ELOKET_DATA_DIR. Migrations are applied on start.
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { ensureDatabase } from './client.js';
import { applyMigrations } from './migrations.js';

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

export async function migrate(url: string, logger: Logger): Promise<void> {
  const applied = await applyMigrations(url);
  if (applied.length > 0) logger.info({ migrations: applied }, 'migrations applied');
}
