// The facility directory's data set (M28, 5,000 facilities): varied names,
// gemeenten, postcodes, enterprises and types, generated inside PostgreSQL.
// Used by the EXPLAIN test of the directory's queries.
import type pg from 'pg';

type Queryable = Pick<pg.Client, 'query'>;

const WORDS = ['Zonnehof', 'Ter Linden', 'De Wingerd', 'Sint-Anna', 'Hof van Egmont', 'De Meerlaan', 'Ter Beuken', 'Het Anker', 'De Vijvers', 'Rozenhof', 'Huize Eikenhof', 'De Linde'];
const KINDS = ['WZC', 'Huisartsenkring', 'Centrum', 'Serviceflat', 'Dagverzorging'];
const PLACES = ['Leuven', 'Mechelen', 'Lier', 'Gent', 'Brugge', 'Kortrijk', 'Hasselt', 'Genk', 'Aalst', 'Roeselare', 'Turnhout', 'Lennik', 'Kessel-Lo', 'Sint-Niklaas', 'Oostende', 'Ieper', 'Tienen', 'Geel', 'Mol', 'Ninove'];

/** `count` facilities with HCO numbers DIR1..DIRn, over count / 5 enterprises and every facility type. */
export async function generateDirectoryData(db: Queryable, count: number): Promise<void> {
  await db.query(
    `INSERT INTO enterprise (kbo_number, name, updated_at)
     SELECT lpad((200000000 + g * 97)::text, 10, '0'), 'vzw Onderneming ' || g, now() FROM generate_series(1, $1) AS g`,
    [Math.max(1, Math.floor(count / 5))],
  );
  await db.query(
    `INSERT INTO facility (hco_number, name, enterprise_id, facility_type_id, street, postal_code, municipality, updated_at)
     SELECT 'DIR' || g,
            ($2::text[])[1 + g % array_length($2::text[], 1)] || ' ' || ($3::text[])[1 + (g / 5) % array_length($3::text[], 1)] || ' ' || g,
            (SELECT id FROM enterprise WHERE kbo_number = lpad((200000000 + (1 + g % greatest(1, $1 / 5)) * 97)::text, 10, '0')),
            (SELECT id FROM facility_type ORDER BY id OFFSET g % (SELECT count(*) FROM facility_type) LIMIT 1),
            'Straat ' || g, (1000 + (g * 37) % 8999)::text, ($4::text[])[1 + (g / 3) % array_length($4::text[], 1)] || CASE WHEN g % 7 = 0 THEN '-Dorp' ELSE '' END,
            now()
     FROM generate_series(1, $1) AS g`,
    [count, KINDS, WORDS, PLACES],
  );
  await db.query('ANALYZE enterprise');
  await db.query('ANALYZE facility');
}
