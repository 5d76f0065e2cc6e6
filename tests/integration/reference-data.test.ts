// The reference data (teams, themes, facility types) is brought in line with
// the catalog on every start, but only written when something differs: a
// start on an up-to-date database reads it and writes nothing.
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { seedReferenceData } from '../../src/db/seed.js';
import { FACILITY_TYPES, TEAMS, THEMES } from '../../src/modules/themes/index.js';
import { createTestDatabase } from '../helpers/database.js';

const db = await createTestDatabase();
const sql = new pg.Client({ connectionString: db.url });
await sql.connect();
afterAll(() => sql.end());

/**
 * Every reference row with its xmin (the transaction that last wrote it: an
 * update, even to the same values, or a delete and insert, gives a new one).
 */
async function rowVersions(): Promise<string[]> {
  const { rows } = await sql.query<{ row: string }>(`
    SELECT 'team ' || code || ' ' || name || ' ' || email || ' @' || xmin::text AS row FROM team
    UNION ALL SELECT 'theme ' || slug || ' ' || name || ' @' || xmin::text FROM theme
    UNION ALL SELECT 'facility_type ' || code || ' ' || name || ' ' || hoedanigheid || ' @' || xmin::text FROM facility_type
    UNION ALL SELECT 'theme_team ' || theme_id || '-' || team_id || ' @' || xmin::text FROM theme_team
    UNION ALL SELECT 'facility_type_theme ' || facility_type_id || '-' || theme_id || ' @' || xmin::text FROM facility_type_theme
    ORDER BY 1`);
  return rows.map((r) => r.row);
}

const teamName = async (code: string) => (await sql.query<{ name: string }>('SELECT name FROM team WHERE code = $1', [code])).rows[0]?.name;
const typeThemes = async (code: string) =>
  (
    await sql.query<{ slug: string }>(
      'SELECT t.slug FROM facility_type_theme ftt JOIN theme t ON t.id = ftt.theme_id JOIN facility_type ft ON ft.id = ftt.facility_type_id WHERE ft.code = $1 ORDER BY 1',
      [code],
    )
  ).rows.map((r) => r.slug);

describe('the reference data at start-up', () => {
  it('writes nothing when the database already holds the catalog', async () => {
    await seedReferenceData(db.prisma);
    const before = await rowVersions();
    expect(before.length).toBeGreaterThanOrEqual(TEAMS.length + THEMES.length + FACILITY_TYPES.length);
    await seedReferenceData(db.prisma);
    expect(await rowVersions()).toEqual(before);
  });

  it('writes the catalog again when a team differs from it', async () => {
    const team = TEAMS[0];
    if (!team) throw new Error('the catalog has teams');
    await sql.query('UPDATE team SET name = $1 WHERE code = $2', ['Team van vroeger', team.code]);
    await seedReferenceData(db.prisma);
    expect(await teamName(team.code)).toBe(team.name);
  });

  it('links a facility type to its themes again when a link is missing', async () => {
    const type = FACILITY_TYPES[0];
    if (!type) throw new Error('the catalog has facility types');
    await sql.query('DELETE FROM facility_type_theme WHERE facility_type_id = (SELECT id FROM facility_type WHERE code = $1) AND theme_id = (SELECT id FROM theme WHERE slug = $2)', [
      type.code,
      type.themes[0],
    ]);
    expect(await typeThemes(type.code)).toHaveLength(type.themes.length - 1);
    await seedReferenceData(db.prisma);
    expect(await typeThemes(type.code)).toEqual([...type.themes].sort());
  });

  it('removes a link between a theme and a team that the catalog does not have', async () => {
    const theme = THEMES[0];
    const stranger = TEAMS.find((t) => !theme?.teams.includes(t.code));
    if (!theme || !stranger) throw new Error('the catalog has a team outside the first theme');
    await sql.query('INSERT INTO theme_team (theme_id, team_id) SELECT th.id, te.id FROM theme th, team te WHERE th.slug = $1 AND te.code = $2', [theme.slug, stranger.code]);
    await seedReferenceData(db.prisma);
    const { rows } = await sql.query<{ code: string }>('SELECT te.code FROM theme_team tt JOIN team te ON te.id = tt.team_id JOIN theme th ON th.id = tt.theme_id WHERE th.slug = $1', [
      theme.slug,
    ]);
    expect(rows.map((r) => r.code).sort()).toEqual([...theme.teams].sort());
  });
});
