// The benchmark data set of the Berichtenmodule (issue 10, Speed): facilities
// with their threads and messages, generated inside PostgreSQL with
// INSERT ... SELECT generate_series (no rows travel through Node), so a
// million messages load in well under a minute. Used by `npm run bench:data`
// and, much smaller, by the EXPLAIN test of the list queries.
import type pg from 'pg';

export interface BenchDataOptions {
  facilities: number;
  /** About this many messages in all (threads of one to six messages). */
  messages: number;
  /** An existing facility (HCO number) that gets a larger share and one thread of 20 messages. */
  heavyFacility?: { hcoNumber: string; messages: number };
}

export interface BenchDataResult {
  facilities: number;
  threads: number;
  messages: number;
  /** The last message of the 20-message thread of the heavy facility. */
  longThreadMessageId?: number;
}

export type Queryable = Pick<pg.Client, 'query'>;

const TITLES = ['Meting dagprijzen', 'Brandveiligheidsattest', 'Inspectieverslag', 'Uitbetaling subsidie', 'Zorgaanbod doorgeven', 'Vraag over de korting', 'Actieplan kwaliteit', 'Bewijsstukken personeel'];

/** `count` threads spread over the facilities matching `facilityFilter` (a constant condition, never user input). */
async function insertThreads(db: Queryable, count: number, facilityFilter: string, offset: number): Promise<void> {
  // The facilities numbered 0..n-1 and each type's themes numbered 0..tn-1 (with the theme's team), so that
  // every join below is an equality the planner can hash: thread g goes to facility g % n and, within that
  // facility's type, to theme (g / 7) % tn.
  await db.query('DROP TABLE IF EXISTS bench_f, bench_t');
  await db.query(
    `CREATE TEMP TABLE bench_t AS
     SELECT ftt.facility_type_id, ftt.theme_id, (SELECT min(team_id) FROM theme_team tt WHERE tt.theme_id = ftt.theme_id) AS team_id,
            (row_number() OVER (PARTITION BY ftt.facility_type_id ORDER BY ftt.theme_id) - 1)::int AS tidx
     FROM facility_type_theme ftt`,
  );
  await db.query(
    `CREATE TEMP TABLE bench_f AS
     SELECT f.id, f.facility_type_id, (row_number() OVER (ORDER BY f.id) - 1)::int AS idx,
            (SELECT count(*) FROM bench_t t WHERE t.facility_type_id = f.facility_type_id)::int AS tn
     FROM facility f WHERE ${facilityFilter}`,
  );
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bench_f');
  const n = rows[0]?.n ?? 0;
  if (n === 0) throw new Error(`no facility matches ${facilityFilter}`);
  await db.query(
    `INSERT INTO thread (reference, facility_id, theme_id, title, team_id, last_activity_at, department_read_at)
     SELECT 'DZ-' || (2024 + (g % 3)) || '-' || lpad((g + $2)::text, 6, '0'),
            f.id, t.theme_id, ($3::text[])[1 + g % array_length($3::text[], 1)] || ' ' || (g % 97),
            t.team_id,
            now() - ((g::bigint * 7919) % 63072000) * interval '1 second',
            CASE WHEN g % 5 = 0 THEN NULL ELSE now() END
     FROM generate_series(1, $1) AS g
     JOIN bench_f f ON f.idx = g % $4
     JOIN bench_t t ON t.facility_type_id = f.facility_type_id AND t.tidx = (g / 7) % f.tn`,
    [count, offset, TITLES, n],
  );
}

/** Messages for threads with id > after: 1 + id % 6 each, alternating direction, an hour apart. */
async function insertMessages(db: Queryable, afterThreadId: number): Promise<void> {
  await db.query(
    `INSERT INTO message (thread_id, facility_id, theme_id, direction, author_name, counterpart, body, sent_at)
     SELECT t.id, t.facility_id, t.theme_id,
            (CASE WHEN (k + t.id) % 2 = 0 THEN 'incoming' ELSE 'outgoing' END)::message_direction,
            CASE WHEN (k + t.id) % 2 = 0 THEN 'Els Willems' ELSE 'Jan Claes' END,
            CASE WHEN (k + t.id) % 2 = 0 THEN 'Els Willems (' || team.name || ')' ELSE team.name END,
            'Bericht ' || (k + 1) || ' van draad ' || t.reference || E'.\\nMet vriendelijke groeten',
            t.last_activity_at - (s.size - 1 - k) * interval '1 hour'
     FROM thread t
     JOIN team ON team.id = t.team_id
     CROSS JOIN LATERAL (SELECT 1 + t.id % 6 AS size) s
     CROSS JOIN LATERAL generate_series(0, s.size - 1) AS k
     WHERE t.id > $1`,
    [afterThreadId],
  );
}

/**
 * `count` benchmark facilities ('BENCH1'..'BENCHn', "Voorziening n", one
 * enterprise): four in five woonzorgcentra (four themes), the rest
 * huisartsenkringen (one). Shared by every generated data set.
 */
export async function insertBenchFacilities(db: Queryable, count: number): Promise<void> {
  const { rows: types } = await db.query<{ id: number; code: string }>('SELECT id, code FROM facility_type ORDER BY id');
  const wzc = types.find((t) => t.code === 'woonzorgcentrum')?.id;
  const hak = types.find((t) => t.code === 'huisartsenkring')?.id;
  if (wzc === undefined || hak === undefined) throw new Error('reference data missing: seed it first');
  const { rows: enterprise } = await db.query<{ id: number }>(
    `INSERT INTO enterprise (kbo_number, name, updated_at) VALUES ('0999999999', 'Benchmark vzw', now())
     ON CONFLICT (kbo_number) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
  );
  await db.query(
    `INSERT INTO facility (hco_number, name, enterprise_id, facility_type_id, street, postal_code, municipality, updated_at)
     SELECT 'BENCH' || g, 'Voorziening ' || g, $2, CASE WHEN g % 5 = 0 THEN $4::int ELSE $3::int END, 'Straat ' || g, '3000', 'Leuven', now()
     FROM generate_series(1, $1) AS g`,
    [count, enterprise[0]?.id, wzc, hak],
  );
}

export async function generateBenchData(db: Queryable, options: BenchDataOptions): Promise<BenchDataResult> {
  await db.query('SET synchronous_commit = off');
  await insertBenchFacilities(db, options.facilities);
  const { rows: before } = await db.query<{ max: number | null }>('SELECT max(id) AS max FROM thread');
  const firstThreadId = before[0]?.max ?? 0;
  // 3.5 messages per thread on average.
  const heavyMessages = options.heavyFacility?.messages ?? 0;
  await insertThreads(db, Math.round((options.messages - heavyMessages) / 3.5), `hco_number LIKE 'BENCH%'`, 100_000);
  let longThreadMessageId: number | undefined;
  if (options.heavyFacility) {
    const hco = options.heavyFacility.hcoNumber.replace(/[^0-9A-Z]/g, '');
    await insertThreads(db, Math.max(1, Math.round(heavyMessages / 3.5)), `hco_number = '${hco}'`, 800_000);
  }
  await insertMessages(db, firstThreadId);
  if (options.heavyFacility) {
    // One thread of 20 messages, the newest of the facility, for the detail page.
    const hco = options.heavyFacility.hcoNumber;
    const { rows } = await db.query<{ id: number }>(
      `INSERT INTO thread (reference, facility_id, theme_id, title, team_id, last_activity_at, department_read_at)
       SELECT 'DZ-2026-999999', f.id, ftt.theme_id, 'Bench: draad van 20 berichten', (SELECT min(team_id) FROM theme_team WHERE theme_id = ftt.theme_id), now(), now()
       FROM facility f JOIN facility_type_theme ftt ON ftt.facility_type_id = f.facility_type_id
       WHERE f.hco_number = $1 ORDER BY ftt.theme_id LIMIT 1 RETURNING id`,
      [hco],
    );
    const threadId = rows[0]?.id;
    const { rows: last } = await db.query<{ id: number }>(
      `INSERT INTO message (thread_id, facility_id, theme_id, direction, author_name, counterpart, body, sent_at)
       SELECT t.id, t.facility_id, t.theme_id, (CASE WHEN k % 2 = 0 THEN 'outgoing' ELSE 'incoming' END)::message_direction,
              'Jan Claes', 'Team Prijzen', repeat('Een alinea tekst van bericht ' || k || '. ', 20), now() - (19 - k) * interval '1 hour'
       FROM thread t CROSS JOIN generate_series(0, 19) AS k WHERE t.id = $1
       RETURNING id`,
      [threadId],
    );
    longThreadMessageId = Math.max(...last.map((r) => r.id));
  }
  // New threads of the portal continue after the generated references (100001-385714, 800001-8xxxxx, 999999).
  await db.query(`SELECT setval('thread_reference_seq', 900000, true)`);
  await db.query('ANALYZE thread');
  await db.query('ANALYZE message');
  await db.query('ANALYZE facility');
  const { rows: counts } = await db.query<{ threads: number; messages: number }>(
    'SELECT (SELECT count(*) FROM thread)::int AS threads, (SELECT count(*) FROM message)::int AS messages',
  );
  return {
    facilities: options.facilities,
    threads: counts[0]?.threads ?? 0,
    messages: counts[0]?.messages ?? 0,
    ...(longThreadMessageId === undefined ? {} : { longThreadMessageId }),
  };
}
