// Once per test run: a PostgreSQL server for this run only (embedded, in a
// temporary directory; or the server in DATABASE_URL), and a template
// database with every migration and the demo data. Each test file copies the
// template into a database of its own (tests/helpers/database.ts).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded-postgres.js';
import { applyMigrations } from '../../src/db/migrations.js';
import { createDatabaseClients } from '../../src/db/client.js';
import { seedDemoData } from '../../src/db/seed.js';
import { databaseUrl } from './database-url.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
  }
}

interface TestDatabase {
  adminUrl: string;
  templateDatabase: string;
  teardown: () => Promise<void>;
}

/**
 * The test projects of vitest.config.ts (pages, processes) each run this
 * global setup, at the same time, in vitest's one main process: they share
 * one server and one template, made once (the first caller makes it, the
 * last one to finish removes it).
 */
const shared = globalThis as typeof globalThis & { eloketTestDatabase?: Promise<TestDatabase>; eloketTestDatabaseUsers?: number };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  shared.eloketTestDatabase ??= prepareTestDatabase();
  shared.eloketTestDatabaseUsers = (shared.eloketTestDatabaseUsers ?? 0) + 1;
  const database = await shared.eloketTestDatabase;
  project.provide('adminUrl', database.adminUrl);
  project.provide('templateDatabase', database.templateDatabase);
  return async () => {
    shared.eloketTestDatabaseUsers = (shared.eloketTestDatabaseUsers ?? 1) - 1;
    if (shared.eloketTestDatabaseUsers === 0) await database.teardown();
  };
}

async function prepareTestDatabase(): Promise<TestDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let dataDir: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dataDir = await mkdtemp(join(tmpdir(), 'eloket-test-'));
    embedded = await startEmbeddedPostgres({ dataDir });
    adminUrl = embedded.adminUrl;
  }
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const templateDatabase = `eloket_test_${runId}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${templateDatabase}`);
  const templateUrl = databaseUrl(adminUrl, templateDatabase);
  await applyMigrations(templateUrl);
  const clients = createDatabaseClients(templateUrl, { max: 2 });
  await seedDemoData(clients.prisma);
  await clients.close();

  return {
    adminUrl,
    templateDatabase,
    teardown: async () => {
      // Databases of this run (the template and the copies of the test files).
      const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`eloket_test_${runId}%`]);
      for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await admin.end();
      await embedded?.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
