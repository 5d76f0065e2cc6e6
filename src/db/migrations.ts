// Migrations in Prisma's own folder format (prisma/migrations/<timestamp>_<name>/migration.sql,
// recorded in _prisma_migrations), applied with Prisma's schema engine. Each
// migration folder also keeps a snapshot of schema.prisma as it was, so the next
// migration can be computed as the diff between two schemas without a shadow database.
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths.js';
import pg from 'pg';

const noFilters = { externalTables: [], externalEnums: [] };

export const migrationsDir = join(projectRoot, 'prisma', 'migrations');
export const schemaPath = join(projectRoot, 'prisma', 'schema.prisma');
export const snapshotFileName = 'schema.prisma';

export async function listMigrationFolders(dir = migrationsDir): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort();
}

/** Names of the migrations recorded as applied (none when the table does not exist yet). */
async function appliedMigrationNames(connectionString: string): Promise<Set<string>> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const exists = await client.query<{ found: string | null }>("SELECT to_regclass('_prisma_migrations')::text AS found");
    if (!exists.rows[0]?.found) return new Set();
    const { rows } = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    return new Set(rows.map((r) => r.migration_name));
  } finally {
    await client.end();
  }
}

/**
 * Applies every migration not yet applied; returns the names of those it applied.
 * The schema engine (a 5 MB WebAssembly module) is only loaded when there is work.
 */
/** Whether some migration folder is not yet applied (a quick look, without the schema engine). */
export async function hasPendingMigrations(connectionString: string, dir = migrationsDir): Promise<boolean> {
  const folders = await listMigrationFolders(dir);
  const applied = await appliedMigrationNames(connectionString);
  return folders.some((name) => !applied.has(name));
}

export async function applyMigrations(connectionString: string, dir = migrationsDir): Promise<string[]> {
  if (!(await hasPendingMigrations(connectionString, dir))) return [];
  const folders = await listMigrationFolders(dir);
  const { openSchemaEngine } = await import('./schema-engine.js');
  const migrationDirectories = await Promise.all(
    folders.map(async (path) => ({
      path,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok' as const, value: await readFile(join(dir, path, 'migration.sql'), 'utf8') },
      },
    })),
  );
  const lockPath = join(dir, 'migration_lock.toml');
  const { engine, close } = await openSchemaEngine(connectionString, await readFile(schemaPath, 'utf8'));
  try {
    const result = await engine.applyMigrations({
      migrationsList: {
        baseDir: dir,
        lockfile: {
          path: 'migration_lock.toml',
          content: existsSync(lockPath) ? await readFile(lockPath, 'utf8') : null,
        },
        shadowDbInitScript: '',
        migrationDirectories,
      },
      filters: noFilters,
    });
    return result.appliedMigrationNames;
  } finally {
    await close();
  }
}

/**
 * The SQL that takes a database from one schema (or nothing) to another. The
 * engine needs a live server to connect to, though the diff itself reads no data.
 */
export async function diffSchemas(connectionString: string, from: string | null, to: string): Promise<string> {
  const { openSchemaEngine } = await import('./schema-engine.js');
  const { engine, close } = await openSchemaEngine(connectionString, to);
  try {
    const target = (content: string) => ({
      tag: 'schemaDatamodel' as const,
      files: [{ path: 'schema.prisma', content }],
    });
    const result = await engine.diff({
      from: from === null ? { tag: 'empty' } : target(from),
      to: target(to),
      script: true,
      exitCode: true,
      filters: noFilters,
    });
    return result.exitCode === 2 ? (result.stdout ?? '') : '';
  } finally {
    await close();
  }
}
