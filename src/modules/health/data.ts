// The health check's one query.
import type { SqlClient } from '../../db/client.js';

/** Resolves when the database answers a query; rejects when it cannot be reached. */
export async function pingDatabase(db: SqlClient): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}
