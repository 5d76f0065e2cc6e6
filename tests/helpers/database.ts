// A database of its own for a test file: a copy of the run's template (all
// migrations and the demo data), dropped at the end of the file.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { createDatabaseClients, type DatabaseClients } from '../../src/db/client.js';
import { databaseUrl } from './database-url.js';

export interface TestDatabase extends DatabaseClients {
  url: string;
  name: string;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('adminUrl') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database (no migrations) of this run; dropped with the run. */
export async function createEmptyDatabase(): Promise<{ url: string; name: string }> {
  const name = `${inject('templateDatabase')}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return { url: databaseUrl(inject('adminUrl'), name), name };
}

/** A copy of the template for this test file, closed and dropped after it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `${inject('templateDatabase')}_${randomBytes(4).toString('hex')}`;
  // Copies of one template cannot be made at the same time: take turns across test workers.
  await admin(async (c) => {
    await c.query('SELECT pg_advisory_lock(4242)');
    await c.query(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`);
  });
  const url = databaseUrl(inject('adminUrl'), name);
  const clients = createDatabaseClients(url, { max: 5 });
  afterAll(async () => {
    await clients.close();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });
  return { ...clients, url, name };
}
