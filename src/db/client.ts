// One connection pool and one Prisma client per process (Prisma's guidance);
// the session store and raw SQL share the same pool.
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';

import type { Prisma } from '../generated/prisma/client.js';

export { PrismaClient };
export type { Prisma };

/**
 * Any client that runs hand-written SQL: the plain client, a transaction, or a
 * facility scope. The modules' data files take this, so one query serves all three.
 */
export interface SqlClient {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): PromiseLike<T>;
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): PromiseLike<number>;
}

export interface DatabaseClients {
  pool: pg.Pool;
  prisma: PrismaClient;
  close(): Promise<void>;
}

export function createDatabaseClients(connectionString: string, options: { max?: number } = {}): DatabaseClients {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    // The portal's queries are small index reads of one facility. Parallel workers cost more to
    // start than they save there (measured: a 1 ms message list took 20-50 ms on a busy machine).
    options: '-c max_parallel_workers_per_gather=0',
  });
  // A broken idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    pool,
    prisma,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** Creates a database on a server unless it exists (the embedded server starts with none). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
