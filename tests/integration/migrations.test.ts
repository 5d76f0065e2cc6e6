// schema.prisma and the migrations must describe the same database: a
// database built from the migrations and one built straight from the schema
// have the same tables, columns, indexes and constraints.
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyMigrations, diffSchemas, listMigrationFolders, schemaPath } from '../../src/db/migrations.js';
import { createEmptyDatabase } from '../helpers/database.js';

async function describeDatabase(url: string): Promise<{ columns: string[]; indexes: string[]; constraints: string[]; enums: string[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = async (sql: string) => (await client.query<{ d: string }>(sql)).rows.map((r) => r.d);
    return {
      columns: await q(`
        SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(character_maximum_length::text, '')
               || ' ' || coalesce(datetime_precision::text, '') || ' null=' || is_nullable || ' default=' || coalesce(column_default, '') AS d
        FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1`),
      indexes: await q(`SELECT indexdef AS d FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1`),
      constraints: await q(`
        SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS d
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations' ORDER BY 1`),
      enums: await q(`SELECT t.typname || ':' || e.enumlabel AS d FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid ORDER BY t.typname, e.enumsortorder`),
    };
  } finally {
    await client.end();
  }
}

describe('migrations', () => {
  it('describe the same database as prisma/schema.prisma (empty diff)', async () => {
    const fromMigrations = await createEmptyDatabase();
    const applied = await applyMigrations(fromMigrations.url);
    expect(applied).toEqual(await listMigrationFolders());

    const fromSchema = await createEmptyDatabase();
    const sql = await diffSchemas(fromSchema.url, null, await readFile(schemaPath, 'utf8'));
    const client = new pg.Client({ connectionString: fromSchema.url });
    await client.connect();
    await client.query(sql);
    await client.end();

    const a = await describeDatabase(fromMigrations.url);
    const b = await describeDatabase(fromSchema.url);
    expect(a.columns.length).toBeGreaterThan(30);
    expect(a).toEqual(b);
  });

  it('keep with the last migration the schema it was made from, so the next one can be diffed', async () => {
    const folders = await listMigrationFolders();
    const last = folders.at(-1);
    expect(last).toBeDefined();
    const snapshot = await readFile(new URL(`../../prisma/migrations/${last}/schema.prisma`, import.meta.url), 'utf8');
    const scratch = await createEmptyDatabase();
    expect(await diffSchemas(scratch.url, snapshot, await readFile(schemaPath, 'utf8'))).toBe('');
  });

  it('apply once: a second run applies nothing', async () => {
    const db = await createEmptyDatabase();
    expect((await applyMigrations(db.url)).length).toBeGreaterThan(0);
    expect(await applyMigrations(db.url)).toEqual([]);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query('SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name');
    await client.end();
    expect(rows.map((r: { migration_name: string }) => r.migration_name)).toEqual(await listMigrationFolders());
    expect(rows.every((r: { finished_at: Date | null }) => r.finished_at !== null)).toBe(true);
  });
});
