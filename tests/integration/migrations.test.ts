// schema.prisma and the migrations must describe the same database: a
// database built from the migrations and one built straight from the schema
// have the same tables, columns, indexes and constraints.
import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createDatabaseClients } from '../../src/db/client.js';
import { applyMigrations, diffSchemas, listMigrationFolders, migrationsDir, schemaPath } from '../../src/db/migrations.js';
import { seedReferenceData } from '../../src/db/seed.js';
import { closeRegisterRows } from '../../src/modules/prices/index.js';
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

/**
 * A database migrated to the step before the migration named `suffix`, with the
 * reference data (teams, themes, facility types: the same shape before and
 * after), to be filled in the old shape; and that migration's folder name.
 */
async function databaseBefore(suffix: string) {
  const all = await listMigrationFolders();
  const mine = all.find((name) => name.endsWith(suffix));
  expect(mine).toBeDefined();
  const earlier = await mkdtemp(join(tmpdir(), 'eloket-migrations-'));
  for (const entry of await readdir(migrationsDir)) {
    if (entry === 'migration_lock.toml' || (mine && entry < mine)) await cp(join(migrationsDir, entry), join(earlier, entry), { recursive: true });
  }
  const db = await createEmptyDatabase();
  await applyMigrations(db.url, earlier);
  const seeding = createDatabaseClients(db.url, { max: 1 });
  await seedReferenceData(seeding.prisma);
  await seeding.close();
  return { db, all, mine };
}

describe('the migration of Zorgaanbod into the dossier core', () => {
  it('moves every campaign and list into campaign and dossier, with their history, uploads and rows', async () => {
    // A database migrated to the step before this one, filled in the old shape.
    const { db, all, mine } = await databaseBefore('_zorgaanbod_as_dossier_type');

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const one = async (sql: string, values: unknown[] = []) => (await client.query<{ id: number }>(sql, values)).rows[0]?.id ?? 0;
      const enterprise = await one(`INSERT INTO enterprise (kbo_number, name, updated_at) VALUES ('0400000001', 'VZW Huisartsen', now()) RETURNING id`);
      const facility = (hco: string, name: string, type: string) =>
        one(
          `INSERT INTO facility (hco_number, name, enterprise_id, facility_type_id, street, postal_code, municipality, updated_at)
           VALUES ($1, $2, $3, (SELECT id FROM facility_type WHERE code = $4), 'Markt 1', '1750', 'Lennik', now()) RETURNING id`,
          [hco, name, enterprise, type],
        );
      const kringA = await facility('52011', 'Kring A', 'huisartsenkring');
      const kringB = await facility('7', 'Kring B', 'huisartsenkring');
      const kringC = await facility('52033', 'Kring C', 'huisartsenkring');
      const wzc = await facility('900001', 'WZC', 'woonzorgcentrum');
      const sofie = await one(`INSERT INTO app_user (insz, given_name, surname, updated_at) VALUES ('91030521416', 'Sofie', 'Maes', now()) RETURNING id`);
      const pieter = await one(`INSERT INTO app_user (insz, given_name, surname, updated_at) VALUES ('88071413185', 'Pieter', 'Mertens', now()) RETURNING id`);
      const gone = pieter + 1000; // a user id kept without a foreign key, of a user that no longer exists

      const meting = await one(`INSERT INTO campaign (year, opening_date, deadline, korting_cents, facility_type_codes, updated_at)
        VALUES (2026, '2026-04-15', '2026-05-31', 629, '{woonzorgcentrum}', now()) RETURNING id`);
      await client.query(`INSERT INTO dossier (facility_id, campaign_id, status, reference, updated_at) VALUES ($1, $2, 'ingediend', 'MD-2026-900001', now())`, [wzc, meting]);
      await client.query(
        `INSERT INTO zorgaanbod_campaign (id, year, opening_date, closing_date, updated_by_id, created_at, updated_at) VALUES
           (11, 2025, '2025-08-15', '2025-12-31', $1, '2025-08-01T08:00:00Z', '2025-08-02T08:00:00Z'),
           (12, 2026, '2026-08-15', NULL, $2, '2026-08-01T08:00:00Z', '2026-08-02T08:00:00Z')`,
        [pieter, gone],
      );
      // 101 submitted; 102 reopened (its submitter gone); 103 never submitted; 104 reopened and submitted again.
      await client.query(
        `INSERT INTO zorgaanbod_list (id, facility_id, campaign_id, status, submitted_at, submitted_by_id, submitted_by, reopened_at, reopened_by, reopen_reason, created_at, updated_at) VALUES
           (101, $1, 12, 'ingediend', '2026-09-01T10:00:00Z', $4, 'Sofie Maes', NULL, NULL, NULL, '2026-08-20T10:00:00Z', '2026-09-01T10:00:00Z'),
           (102, $2, 12, 'open', '2026-09-02T10:00:00Z', $5, 'Jan Weg', '2026-09-03T10:00:00Z', 'Pieter Mertens', 'Twee huisartsen ontbreken.', '2026-08-21T10:00:00Z', '2026-09-03T10:00:00Z'),
           (103, $3, 12, 'open', NULL, NULL, NULL, NULL, NULL, NULL, '2026-08-22T10:00:00Z', '2026-08-22T10:00:00Z'),
           (104, $1, 11, 'ingediend', '2025-09-10T10:00:00Z', NULL, 'Oude Naam', '2025-09-05T10:00:00Z', 'Pieter Mertens', 'Postcode fout.', '2025-08-20T10:00:00Z', '2025-09-10T10:00:00Z')`,
        [kringA, kringB, kringC, sofie, gone],
      );
      const file = (facilityId: number) =>
        one(
          `INSERT INTO stored_file (facility_id, uploaded_by_id, name, media_type, size, sha256, content, claimed_at, expires_at)
           VALUES ($1, $2, 'lijst.xlsx', 'x', 1, $3, '\\x01', now(), now()) RETURNING id`,
          [facilityId, sofie, '0'.repeat(64)],
        );
      await client.query(`INSERT INTO zorgaanbod_upload (list_id, facility_id, stored_file_id, line_count, error_count, uploaded_by_id) VALUES (101, $1, $2, 2, 0, $3), (103, $4, $5, 1, 1, $3)`, [
        kringA,
        await file(kringA),
        sofie,
        kringC,
        await file(kringC),
      ]);
      await client.query(
        `INSERT INTO zorgaanbod_row (list_id, excel_row, riziv, naam, voornaam, postcode, gemeente, praktijkvorm, halve_dagen, nieuwe_patienten) VALUES
           (101, 2, '10000197004', 'Peeters', 'An', '1750', 'Lennik', 'groep', 8, true),
           (101, 3, '10000296004', 'Janssens', 'Bert', '1750', 'Lennik', 'solo', 4, false),
           (104, 2, '10000395004', 'Claes', 'Els', '1750', 'Lennik', 'groep', 6, true)`,
      );
    } finally {
      await client.end();
    }

    expect(await applyMigrations(db.url)).toEqual([mine, ...all.filter((name) => mine && name > mine)]);

    const after = new pg.Client({ connectionString: db.url });
    await after.connect();
    try {
      const rows = async (sql: string) => (await after.query(sql)).rows as Record<string, unknown>[];
      expect(
        await rows(`SELECT type_code, year, to_char(opening_date, 'YYYY-MM-DD') AS opening, to_char(deadline, 'YYYY-MM-DD') AS deadline, korting_cents,
          facility_type_codes, reminder_days, u.surname AS updated_by, c.created_at
          FROM campaign c LEFT JOIN app_user u ON u.id = c.updated_by_id ORDER BY type_code, year`),
      ).toEqual([
        { type_code: 'meting-dagprijzen', year: 2026, opening: '2026-04-15', deadline: '2026-05-31', korting_cents: 629, facility_type_codes: ['woonzorgcentrum'], reminder_days: [14, 3], updated_by: null, created_at: expect.any(Date) },
        { type_code: 'zorgaanbod', year: 2025, opening: '2025-08-15', deadline: '2025-12-31', korting_cents: null, facility_type_codes: ['huisartsenkring'], reminder_days: [], updated_by: 'Mertens', created_at: new Date('2025-08-01T08:00:00Z') },
        { type_code: 'zorgaanbod', year: 2026, opening: '2026-08-15', deadline: null, korting_cents: null, facility_type_codes: ['huisartsenkring'], reminder_days: [], updated_by: null, created_at: new Date('2026-08-01T08:00:00Z') },
      ]);
      expect(
        await rows(`SELECT d.reference, d.type_code, f.name AS facility, c.type_code AS campaign_type, c.year, d.status::text, d.submitted_at, s.surname AS submitted_by,
          d.reopened_at, d.reopened_by_id, d.reopen_reason, d.created_at
          FROM dossier d JOIN facility f ON f.id = d.facility_id JOIN campaign c ON c.id = d.campaign_id LEFT JOIN app_user s ON s.id = d.submitted_by_id ORDER BY d.reference`),
      ).toEqual([
        { reference: 'MD-2026-900001', type_code: 'meting-dagprijzen', facility: 'WZC', campaign_type: 'meting-dagprijzen', year: 2026, status: 'ingediend', submitted_at: null, submitted_by: null, reopened_at: null, reopened_by_id: null, reopen_reason: null, created_at: expect.any(Date) },
        { reference: 'ZA-2025-052011', type_code: 'zorgaanbod', facility: 'Kring A', campaign_type: 'zorgaanbod', year: 2025, status: 'ingediend', submitted_at: new Date('2025-09-10T10:00:00Z'), submitted_by: null, reopened_at: new Date('2025-09-05T10:00:00Z'), reopened_by_id: null, reopen_reason: 'Postcode fout.', created_at: new Date('2025-08-20T10:00:00Z') },
        { reference: 'ZA-2026-000007', type_code: 'zorgaanbod', facility: 'Kring B', campaign_type: 'zorgaanbod', year: 2026, status: 'heropend', submitted_at: new Date('2026-09-02T10:00:00Z'), submitted_by: null, reopened_at: new Date('2026-09-03T10:00:00Z'), reopened_by_id: null, reopen_reason: 'Twee huisartsen ontbreken.', created_at: new Date('2026-08-21T10:00:00Z') },
        { reference: 'ZA-2026-052011', type_code: 'zorgaanbod', facility: 'Kring A', campaign_type: 'zorgaanbod', year: 2026, status: 'ingediend', submitted_at: new Date('2026-09-01T10:00:00Z'), submitted_by: 'Maes', reopened_at: null, reopened_by_id: null, reopen_reason: null, created_at: new Date('2026-08-20T10:00:00Z') },
        { reference: 'ZA-2026-052033', type_code: 'zorgaanbod', facility: 'Kring C', campaign_type: 'zorgaanbod', year: 2026, status: 'opmaak', submitted_at: null, submitted_by: null, reopened_at: null, reopened_by_id: null, reopen_reason: null, created_at: new Date('2026-08-22T10:00:00Z') },
      ]);
      // "Status en vooruitgang": the submission and the reopening with the names that were kept, the facility denormalised.
      expect(
        await rows(`SELECT d.reference, e.from_status::text AS "from", e.to_status::text AS "to", e.reason, u.surname AS actor_user, e.actor_name, e.at, e.facility_id = d.facility_id AS same_facility
          FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id LEFT JOIN app_user u ON u.id = e.actor_user_id ORDER BY d.reference, e.at`),
      ).toEqual([
        { reference: 'ZA-2025-052011', from: 'ingediend', to: 'heropend', reason: 'Postcode fout.', actor_user: null, actor_name: 'Pieter Mertens', at: new Date('2025-09-05T10:00:00Z'), same_facility: true },
        { reference: 'ZA-2025-052011', from: 'heropend', to: 'ingediend', reason: null, actor_user: null, actor_name: 'Oude Naam', at: new Date('2025-09-10T10:00:00Z'), same_facility: true },
        { reference: 'ZA-2026-000007', from: 'opmaak', to: 'ingediend', reason: null, actor_user: null, actor_name: 'Jan Weg', at: new Date('2026-09-02T10:00:00Z'), same_facility: true },
        { reference: 'ZA-2026-000007', from: 'ingediend', to: 'heropend', reason: 'Twee huisartsen ontbreken.', actor_user: null, actor_name: 'Pieter Mertens', at: new Date('2026-09-03T10:00:00Z'), same_facility: true },
        { reference: 'ZA-2026-052011', from: 'opmaak', to: 'ingediend', reason: null, actor_user: 'Maes', actor_name: 'Sofie Maes', at: new Date('2026-09-01T10:00:00Z'), same_facility: true },
      ]);
      expect(await rows(`SELECT d.reference, u.line_count, u.error_count FROM zorgaanbod_upload u JOIN dossier d ON d.id = u.list_id ORDER BY d.reference`)).toEqual([
        { reference: 'ZA-2026-052011', line_count: 2, error_count: 0 },
        { reference: 'ZA-2026-052033', line_count: 1, error_count: 1 },
      ]);
      expect(await rows(`SELECT d.reference, r.excel_row, r.naam FROM zorgaanbod_row r JOIN dossier d ON d.id = r.list_id ORDER BY d.reference, r.excel_row`)).toEqual([
        { reference: 'ZA-2025-052011', excel_row: 2, naam: 'Claes' },
        { reference: 'ZA-2026-052011', excel_row: 2, naam: 'Peeters' },
        { reference: 'ZA-2026-052011', excel_row: 3, naam: 'Janssens' },
      ]);
      expect(await rows(`SELECT to_regclass('zorgaanbod_list') AS list, to_regclass('zorgaanbod_campaign') AS campaign, to_regclass('zorgaanbod_list_dossier') AS mapping,
        (SELECT count(*)::int FROM pg_type WHERE typname = 'zorgaanbod_status') AS enums`)).toEqual([{ list: null, campaign: null, mapping: null, enums: 0 }]);
    } finally {
      await after.end();
    }
  });
});

describe('the migration that adds valid_to to the price register', () => {
  it('ends every row where the next row of its item starts (same day and out of order too), as the register writer does', async () => {
    const { db, mine } = await databaseBefore('_price_entry_valid_to');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: number }>(`INSERT INTO enterprise (kbo_number, name, updated_at) VALUES ('0400000002', 'VZW Zorg', now()) RETURNING id`);
      const enterprise = rows[0]?.id;
      const facilities = await client.query<{ id: number }>(
        `INSERT INTO facility (hco_number, name, enterprise_id, facility_type_id, street, postal_code, municipality, updated_at)
         SELECT hco, 'WZC ' || hco, $1, (SELECT id FROM facility_type WHERE code = 'woonzorgcentrum'), 'Markt 1', '1750', 'Lennik', now()
         FROM unnest(ARRAY['900001', '900002']) AS hco ORDER BY hco RETURNING id`,
        [enterprise],
      );
      const [one, two] = facilities.rows.map((r) => r.id);
      // In insertion (id) order: A's rows out of date order with two on 1 July (the later id wins);
      // B removed and offered again; the same item key at the other facility stays apart.
      await client.query(
        `INSERT INTO price_entry (facility_id, kind, item_key, name, unit, capacity, price_cents, valid_from, removed) VALUES
           ($1, 'kamertype', 'a', 'A', 'dag', 10, 6000, '2030-01-01', false),
           ($1, 'kamertype', 'a', 'A', 'dag', 10, 6300, '2031-01-01', false),
           ($1, 'kamertype', 'a', 'A', 'dag', 10, 6100, '2030-07-01', false),
           ($1, 'kamertype', 'a', 'A', 'dag', 10, 6200, '2030-07-01', false),
           ($1, 'kamertype', 'b', 'B', 'dag', 5, 7000, '2030-01-01', false),
           ($1, 'kamertype', 'b', 'B', 'dag', NULL, NULL, '2030-03-01', true),
           ($1, 'kamertype', 'b', 'B', 'dag', 4, 7500, '2030-09-01', false),
           ($1, 'supplement', 'a', 'A', 'maand', NULL, 1500, '2030-02-01', false),
           ($2, 'kamertype', 'a', 'A', 'dag', 8, 5000, '2029-01-01', false)`,
        [one, two],
      );
    } finally {
      await client.end();
    }

    expect(await applyMigrations(db.url)).toContain(mine);

    const clients = createDatabaseClients(db.url, { max: 1 });
    try {
      const validity = async () =>
        (
          await clients.prisma.priceEntry.findMany({ orderBy: { id: 'asc' }, select: { kind: true, itemKey: true, priceCents: true, validFrom: true, validTo: true } })
        ).map((e) => [e.kind, e.itemKey, e.priceCents, e.validFrom.toISOString().slice(0, 10), e.validTo?.toISOString().slice(0, 10) ?? null]);
      const filled = await validity();
      expect(filled).toEqual([
        ['kamertype', 'a', 6000, '2030-01-01', '2030-07-01'],
        ['kamertype', 'a', 6300, '2031-01-01', null],
        ['kamertype', 'a', 6100, '2030-07-01', '2030-07-01'],
        ['kamertype', 'a', 6200, '2030-07-01', '2031-01-01'],
        ['kamertype', 'b', 7000, '2030-01-01', '2030-03-01'],
        ['kamertype', 'b', null, '2030-03-01', '2030-09-01'],
        ['kamertype', 'b', 7500, '2030-09-01', null],
        ['supplement', 'a', 1500, '2030-02-01', null],
        ['kamertype', 'a', 5000, '2029-01-01', null],
      ]);
      // The writers' own fill finds nothing left to change.
      const ids = [...new Set((await clients.prisma.priceEntry.findMany({ select: { facilityId: true } })).map((e) => e.facilityId))];
      expect(await clients.prisma.$transaction(async (tx) => closeRegisterRows(tx, ids))).toBe(0);
      expect(await validity()).toEqual(filled);
    } finally {
      await clients.close();
    }
  });
});
