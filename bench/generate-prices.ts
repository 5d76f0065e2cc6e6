// The benchmark data set of the price register (issue 26, Speed): 5,000
// woonzorgcentra (bench/generate.ts makes one facility in five a
// huisartsenkring, so it is asked for a quarter more), and every woonzorgcentrum
// (the demo ones too, so that "Mijn prijzen" of a demo user is measured on a
// full register) with 6 kamertypes and 10 supplements priced on 1 January of
// each of the last three years and this one: three years of history, 64 rows
// per facility. Generated inside PostgreSQL with INSERT ... SELECT
// generate_series. Used by `npm run bench:prices`.
import { insertBenchFacilities, type Queryable } from './generate.js';

export interface PriceBenchOptions {
  /** Benchmark woonzorgcentra to add. */
  woonzorgcentra: number;
  /** Years of history before this year's prices. */
  years: number;
}

export async function generatePriceBenchData(db: Queryable, options: PriceBenchOptions): Promise<{ facilities: number; entries: number }> {
  await db.query('SET synchronous_commit = off');
  const { rows: existing } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM facility WHERE hco_number LIKE 'BENCH%'`);
  if ((existing[0]?.n ?? 0) === 0) await insertBenchFacilities(db, Math.ceil((options.woonzorgcentra * 5) / 4));
  const { rows: now } = await db.query<{ year: number }>(`SELECT extract(year FROM now() AT TIME ZONE 'Europe/Brussels')::int AS year`);
  const current = now[0]?.year ?? new Date().getFullYear();
  // Item i of facility f in version v (0 = oldest): kamertypes 1..6 with 5 to 44
  // places at 50 to 80 euro a day, supplements 1..10 per dag, maand or prestatie;
  // every version a little dearer than the one before. The item key is the one
  // itemKey() (src/modules/prices/schemas.ts) gives: lower-case name, U+001F, description.
  await db.query(
    `WITH f AS (SELECT f.id FROM facility f JOIN facility_type ft ON ft.id = f.facility_type_id WHERE ft.code = 'woonzorgcentrum'),
          v AS (SELECT v, make_date($1::int - $2::int + v, 1, 1) AS valid_from FROM generate_series(0, $2::int) AS v),
          i AS (SELECT i FROM generate_series(1, 16) AS i)
     INSERT INTO price_entry (facility_id, kind, item_key, name, description, unit, capacity, price_cents, valid_from, valid_to)
     SELECT f.id,
            (CASE WHEN i <= 6 THEN 'kamertype' ELSE 'supplement' END)::price_entry_kind,
            CASE WHEN i <= 6 THEN 'kamertype ' || i || chr(31) ELSE 'supplement ' || (i - 6) END,
            CASE WHEN i <= 6 THEN 'Kamertype ' || i ELSE 'Supplement ' || (i - 6) END,
            '',
            (CASE WHEN i <= 6 THEN 'dag' WHEN i % 3 = 0 THEN 'maand' WHEN i % 3 = 1 THEN 'prestatie' ELSE 'dag' END)::price_unit,
            CASE WHEN i <= 6 THEN 5 + (f.id * 7 + i * 13) % 40 END,
            CASE WHEN i <= 6 THEN 5000 + (f.id * 37 + i * 101) % 3000 + v * 150 ELSE 100 + (f.id + i * 53) % 2000 + v * 20 END,
            v.valid_from,
            -- Each version ends where the next starts (closeRegisterRows, src/modules/prices/data.ts), this year's is open.
            CASE WHEN v.v < $2::int THEN make_date($1::int - $2::int + v.v + 1, 1, 1) END
     FROM f CROSS JOIN v CROSS JOIN i`,
    [current, options.years],
  );
  await db.query('ANALYZE price_entry');
  await db.query('ANALYZE facility');
  const { rows } = await db.query<{ facilities: number; entries: number }>(
    `SELECT (SELECT count(DISTINCT facility_id) FROM price_entry)::int AS facilities, (SELECT count(*) FROM price_entry)::int AS entries`,
  );
  return rows[0] ?? { facilities: 0, entries: 0 };
}
