// The benchmark data set of the department's dossier queue (issue 25, Speed):
// the benchmark facilities (bench/generate.ts) with one Meting dagprijzen per
// facility per campaign year over `years` years, generated inside PostgreSQL
// with INSERT ... SELECT generate_series, with their history. The mix is what
// the department lives with: almost every old dossier afgehandeld, this
// year's mostly waiting, a few old ones forgotten, some assigned, some with a
// term that ran out or ends soon. Used by `npm run bench:dossiers` and, much
// smaller, by the EXPLAIN test of the queue.
import { insertBenchFacilities, type Queryable } from './generate.js';

export interface DossierBenchOptions {
  facilities: number;
  /** Campaign years up to and including the current one. */
  years: number;
}

export interface DossierBenchResult {
  dossiers: number;
  waiting: number;
  events: number;
}

export async function generateDossierBenchData(db: Queryable, options: DossierBenchOptions): Promise<DossierBenchResult> {
  await db.query('SET synchronous_commit = off');
  await insertBenchFacilities(db, options.facilities);
  const { rows: handlers } = await db.query<{ id: number }>(
    `SELECT DISTINCT s.user_id AS id FROM staff_member s JOIN staff_team st ON st.staff_member_id = s.id
     JOIN theme_team tt ON tt.team_id = st.team_id JOIN theme th ON th.id = tt.theme_id WHERE th.slug = 'prijzen' ORDER BY 1`,
  );
  if (handlers.length === 0) throw new Error('no staff of the theme Prijzen: seed the demo data first');
  const { rows: now } = await db.query<{ year: number }>(`SELECT extract(year FROM now() AT TIME ZONE 'Europe/Brussels')::int AS year`);
  const current = now[0]?.year ?? new Date().getFullYear();
  await db.query(
    `INSERT INTO campaign (type_code, year, opening_date, deadline, korting_cents, facility_type_codes, updated_at)
     SELECT 'meting-dagprijzen', y, make_date(y, 4, 15), make_date(y, 5, 31), 629, '{woonzorgcentrum}', now() FROM generate_series($1::int, $2::int) AS y
     ON CONFLICT (type_code, year) DO NOTHING`,
    [current - options.years + 1, current],
  );
  // r in 0..999 spreads every facility-year over the statuses; this year (age 0):
  // 15% opmaak, 40% ingediend, 20% in behandeling, 2% heropend, the rest
  // afgehandeld; older years: 0.8% still ingediend, 0.4% in behandeling. Every
  // dossier in behandeling, a third of the submitted ones and half of the
  // decided ones have a handler (so a handler's filter meets their old dossiers
  // too); a quarter of the waiting ones a term between 20 days ago and in 20 days.
  await db.query(
    `WITH f AS (SELECT id, (row_number() OVER (ORDER BY id))::int AS idx FROM facility WHERE hco_number LIKE 'BENCH%'),
          c AS (SELECT id, year, $1::int - year AS age FROM campaign WHERE type_code = 'meting-dagprijzen' AND year BETWEEN $1::int - $2::int + 1 AND $1::int),
          g AS (SELECT f.id AS facility_id, f.idx, c.id AS campaign_id, c.year, c.age, (f.idx * 7 + c.year * 13) % 1000 AS r FROM f CROSS JOIN c),
          s AS (SELECT g.*, (CASE
                  WHEN age = 0 AND r < 150 THEN 'opmaak'
                  WHEN age = 0 AND r < 550 THEN 'ingediend'
                  WHEN age = 0 AND r < 750 THEN 'in_behandeling'
                  WHEN age = 0 AND r < 770 THEN 'heropend'
                  WHEN age > 0 AND r < 8 THEN 'ingediend'
                  WHEN age > 0 AND r < 12 THEN 'in_behandeling'
                  ELSE 'afgehandeld' END)::dossier_status AS status,
                CASE WHEN age = 0 THEN now() - (r % 60) * interval '1 day' - (r % 24) * interval '1 hour'
                     ELSE make_date(year, 5, 1) + (r % 30) * interval '1 day' + (r % 10) * interval '1 hour' END AS submitted
                FROM g)
     INSERT INTO dossier (facility_id, campaign_id, type_code, status, outcome, handler_id, term_ends_on, decided_at, reference, submitted_at, version, created_at, updated_at)
     SELECT facility_id, campaign_id, 'meting-dagprijzen', status,
            CASE WHEN status = 'afgehandeld' THEN 'aanvaard'::dossier_outcome END,
            CASE WHEN status = 'in_behandeling' OR (status = 'ingediend' AND r % 3 = 0) OR (status = 'afgehandeld' AND r % 2 = 0) THEN ($3::int[])[1 + (idx + year) % array_length($3::int[], 1)] END,
            CASE WHEN status IN ('ingediend', 'in_behandeling') AND r % 4 = 0 THEN (now() AT TIME ZONE 'Europe/Brussels')::date + ((idx * 37) % 41 - 20) END,
            CASE WHEN status = 'afgehandeld' THEN submitted + interval '20 days' END,
            'MD-' || year || '-B' || lpad(idx::text, 5, '0'),
            CASE WHEN status <> 'opmaak' THEN submitted END,
            CASE status WHEN 'opmaak' THEN 0 WHEN 'ingediend' THEN 1 WHEN 'in_behandeling' THEN 2 ELSE 3 END,
            submitted - interval '3 days', submitted
     FROM s
     ON CONFLICT DO NOTHING`,
    [current, options.years, handlers.map((h) => h.id)],
  );
  // The history: submitted, taken in behandeling, decided or reopened.
  const bench = `FROM dossier d JOIN facility f ON f.id = d.facility_id WHERE f.hco_number LIKE 'BENCH%'`;
  await db.query(
    `INSERT INTO dossier_event (dossier_id, facility_id, from_status, to_status, actor_name, at)
     SELECT d.id, d.facility_id, 'opmaak', 'ingediend', 'Contactpersoon ' || f.hco_number, d.submitted_at ${bench} AND d.submitted_at IS NOT NULL`,
  );
  await db.query(
    `INSERT INTO dossier_event (dossier_id, facility_id, from_status, to_status, actor_user_id, actor_name, at)
     SELECT d.id, d.facility_id, 'ingediend', 'in_behandeling', coalesce(d.handler_id, $1::int), 'Els Willems', d.submitted_at + interval '2 days'
     ${bench} AND d.status IN ('in_behandeling', 'afgehandeld', 'heropend')`,
    [handlers[0]?.id],
  );
  await db.query(
    `INSERT INTO dossier_event (dossier_id, facility_id, from_status, to_status, outcome, reason, actor_user_id, actor_name, at)
     SELECT d.id, d.facility_id, 'in_behandeling', d.status, d.outcome,
            CASE WHEN d.status = 'heropend' THEN 'Luik 2: de prijs van kamertype 3 ontbreekt.' END,
            $1::int, 'Els Willems', coalesce(d.decided_at, d.submitted_at + interval '5 days')
     ${bench} AND d.status IN ('afgehandeld', 'heropend')`,
    [handlers[0]?.id],
  );
  // VACUUM as autovacuum does after a bulk insert: the visibility map lets a count read an index alone (the queue's "alle").
  await db.query('VACUUM (ANALYZE) dossier');
  await db.query('ANALYZE dossier_event');
  await db.query('ANALYZE facility');
  await db.query('ANALYZE campaign');
  const { rows } = await db.query<DossierBenchResult>(
    `SELECT (SELECT count(*) FROM dossier)::int AS dossiers, (SELECT count(*) FROM dossier WHERE status IN ('ingediend', 'in_behandeling'))::int AS waiting,
            (SELECT count(*) FROM dossier_event)::int AS events`,
  );
  const result = rows[0];
  if (!result) throw new Error('no counts');
  return result;
}
