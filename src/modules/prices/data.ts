// The register's SQL (M33). Reads take facility ids the caller vouches for:
// a facility page passes its scope's $facilityId(), the department's pages an
// id from the directory. The register on a date is, per item, the newest row
// on or before that date: the row whose [valid_from, valid_to) holds the date,
// valid_to being kept by closeRegisterRows in every write; a facility without
// any row valid on that date falls back on its last submitted Meting dagprijzen.
import type { SqlClient } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { CalendarDate } from '../../lib/dates.js';
import type { EntryKind, PriceUnit } from './schemas.js';

export type { SqlClient };

export const METING_TYPE_CODE = 'meting-dagprijzen';

/** A Meting counts once the facility submitted it, unless the department refused it. */
export const SUBMITTED_METING = Prisma.sql`d.type_code = ${METING_TYPE_CODE}
  AND (d.status IN ('ingediend', 'in_behandeling') OR (d.status = 'afgehandeld' AND d.outcome = 'aanvaard'))`;

/** "2026-05-01", the form in which dates cross into SQL (cast to DATE there): no time zone can shift it. */
export const isoDate = (date: CalendarDate): string =>
  `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;

export function parseIsoDate(text: string): CalendarDate {
  const [year, month, day] = text.split('-').map(Number);
  return { year: year ?? 0, month: month ?? 1, day: day ?? 1 };
}

/** The rows of price_entry `e` current on `day`: its ingangsdatum reached and no later row applying yet. */
const currentOn = (day: string) => Prisma.sql`e.valid_from <= ${day}::date AND (e.valid_to IS NULL OR e.valid_to > ${day}::date)`;

/**
 * Sets valid_to on every row of these facilities' registers: the valid_from of
 * the item's next row in (valid_from, id) order, null for the last. Every
 * writer of price_entry calls it in its transaction after inserting (the
 * migration that added the column ran the same fill over all rows). It
 * recomputes rather than closing "the previous row", so that a row dated
 * before existing ones, or two rows on one day (the later id wins, as the
 * register has always read it), come out right too; a facility holds a few
 * dozen rows, and only changed ones are written.
 */
export function closeRegisterRows(db: SqlClient, facilityIds: readonly number[]): PromiseLike<number> {
  return db.$executeRaw`
    UPDATE price_entry e SET valid_to = n.next
    FROM (
      SELECT id, lead(valid_from) OVER (PARTITION BY facility_id, kind, item_key ORDER BY valid_from, id) AS next
      FROM price_entry WHERE facility_id = ANY(${[...facilityIds]}::int[])
    ) n
    WHERE e.id = n.id AND e.valid_to IS DISTINCT FROM n.next`;
}

/** What every read row of the register holds. */
interface EntryRow {
  kind: EntryKind;
  name: string;
  description: string;
  unit: PriceUnit;
  capacity: number | null;
  priceCents: number | null;
  /** yyyy-mm-dd */
  validFrom: string;
  reference: string | null;
  /** The year of the Meting dagprijzen the row comes from (directly, or copied into the register). */
  metingYear: number | null;
}

export interface RegisterRow extends EntryRow {
  facilityId: number;
  dossierId: number | null;
  /** Read from the Meting because the facility has no register on the date (not stored). */
  fallback: boolean;
  /** For a Meting line: its Luik (2: subject to the korting infrastructuurforfait). */
  luik: number | null;
}

/**
 * The register of each facility in `facilityIds` on `date`, by facility id
 * (the caller puts the items in Dutch order). Removed items are left out.
 */
export function registerRows(db: SqlClient, facilityIds: readonly number[], date: CalendarDate): PromiseLike<RegisterRow[]> {
  return db.$queryRaw<RegisterRow[]>`
    WITH fac AS (SELECT unnest(${[...facilityIds]}::int[]) AS id),
    cur AS (
      SELECT e.facility_id, e.kind, e.name, e.description, e.unit, e.capacity, e.price_cents, e.valid_from, e.removed, e.dossier_id
      FROM price_entry e
      -- = ANY rather than a join with fac: the planner then reads the facilities' rows from their index;
      -- joined, it scanned the whole table for an export batch of 200 facilities.
      WHERE e.facility_id = ANY(${[...facilityIds]}::int[]) AND ${currentOn(isoDate(date))}
    ),
    meting AS (
      SELECT DISTINCT ON (d.facility_id) d.facility_id, d.id AS dossier_id, d.reference, c.year
      FROM dossier d JOIN fac ON fac.id = d.facility_id JOIN campaign c ON c.id = d.campaign_id
      WHERE ${SUBMITTED_METING} AND NOT EXISTS (SELECT 1 FROM cur WHERE cur.facility_id = d.facility_id)
      ORDER BY d.facility_id, c.year DESC
    )
    SELECT * FROM (
      SELECT cur.facility_id AS "facilityId", cur.kind::text AS kind, cur.name, cur.description, cur.unit::text AS unit, cur.capacity,
        cur.price_cents AS "priceCents", to_char(cur.valid_from, 'YYYY-MM-DD') AS "validFrom", cur.dossier_id AS "dossierId", d.reference,
        CASE WHEN d.type_code = ${METING_TYPE_CODE} THEN c.year END AS "metingYear", false AS fallback, NULL::int AS luik
      FROM cur LEFT JOIN dossier d ON d.id = cur.dossier_id LEFT JOIN campaign c ON c.id = d.campaign_id
      WHERE NOT cur.removed
      UNION ALL
      SELECT m.facility_id, 'kamertype', l.kamertype, l.beschrijving, 'dag', l.capaciteit, l.price_cents,
        to_char(make_date(m.year, 5, 1), 'YYYY-MM-DD'), m.dossier_id, m.reference, m.year, true, l.luik::int
      FROM meting m JOIN dagprijzen_line l ON l.dossier_id = m.dossier_id
      WHERE l.price_cents IS NOT NULL AND l.capaciteit IS NOT NULL
    ) r
    ORDER BY "facilityId"`;
}

export interface HistoryRow extends EntryRow {
  removed: boolean;
  /** Not yet valid on the date: a price that applies later. */
  upcoming: boolean;
}

/** The rows of a facility's register that are not its current ones on `date` (past and coming prices), newest first. */
export async function historyRows(db: SqlClient, facilityId: number, date: CalendarDate, page: { limit: number; offset: number }): Promise<{ rows: HistoryRow[]; total: number }> {
  const day = isoDate(date);
  const rows = await db.$queryRaw<(HistoryRow & { total: number })[]>`
    SELECT e.kind::text AS kind, e.name, e.description, e.unit::text AS unit, e.capacity, e.price_cents AS "priceCents",
      to_char(e.valid_from, 'YYYY-MM-DD') AS "validFrom", e.removed, d.reference,
      CASE WHEN d.type_code = ${METING_TYPE_CODE} THEN c.year END AS "metingYear",
      e.valid_from > ${day}::date AS upcoming, (count(*) OVER ())::int AS total
    FROM price_entry e LEFT JOIN dossier d ON d.id = e.dossier_id LEFT JOIN campaign c ON c.id = d.campaign_id
    WHERE e.facility_id = ${facilityId} AND NOT (${currentOn(day)})
    ORDER BY e.valid_from DESC, e.kind, e.name, e.description, e.id DESC
    LIMIT ${page.limit} OFFSET ${page.offset}`;
  return { rows: rows.map(({ total: _total, ...row }) => row), total: rows[0]?.total ?? 0 };
}

export interface FacilityRef {
  id: number;
  name: string;
  hcoNumber: string;
}

/** Facilities that have the theme Prijzen (and so a register): those whose type has it. */
export const PRICE_FACILITIES = Prisma.sql`FROM facility f
  WHERE EXISTS (SELECT 1 FROM facility_type_theme ftt JOIN theme t ON t.id = ftt.theme_id WHERE ftt.facility_type_id = f.facility_type_id AND t.slug = 'prijzen')`;

/** One page of the facilities with a register, in name order. */
export async function facilityPage(db: SqlClient, page: { limit: number; offset: number }): Promise<{ facilities: FacilityRef[]; total: number }> {
  const [rows, count] = await Promise.all([
    db.$queryRaw<FacilityRef[]>`SELECT f.id, f.name, f.hco_number AS "hcoNumber" ${PRICE_FACILITIES} ORDER BY f.name, f.id LIMIT ${page.limit} OFFSET ${page.offset}`,
    db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total ${PRICE_FACILITIES}`,
  ]);
  return { facilities: rows, total: count[0]?.total ?? 0 };
}

/** The next facilities with a register after (name, id), for the exports' keyset batches. */
export function facilitiesAfter(db: SqlClient, after: { name: string; id: number } | undefined, limit: number): PromiseLike<FacilityRef[]> {
  const from = after ? Prisma.sql`AND (f.name, f.id) > (${after.name}, ${after.id})` : Prisma.empty;
  return db.$queryRaw<FacilityRef[]>`SELECT f.id, f.name, f.hco_number AS "hcoNumber" ${PRICE_FACILITIES} ${from} ORDER BY f.name, f.id LIMIT ${limit}`;
}

/** The facility, if its type has the theme Prijzen (and so a register). */
export async function priceFacility(db: SqlClient, facilityId: number): Promise<FacilityRef | undefined> {
  const rows = await db.$queryRaw<FacilityRef[]>`SELECT f.id, f.name, f.hco_number AS "hcoNumber" ${PRICE_FACILITIES} AND f.id = ${facilityId}`;
  return rows[0];
}

export interface MetingLine {
  dossierId: number;
  year: number;
  luik: number;
  kamertype: string;
  beschrijving: string;
  capaciteit: number;
  priceCents: number;
}

/** The lines of the facility's last submitted Meting dagprijzen (what a register starts from). */
export function lastMetingLines(db: SqlClient, facilityId: number): PromiseLike<MetingLine[]> {
  return db.$queryRaw<MetingLine[]>`
    WITH m AS (
      SELECT d.id, c.year FROM dossier d JOIN campaign c ON c.id = d.campaign_id
      WHERE d.facility_id = ${facilityId} AND ${SUBMITTED_METING}
      ORDER BY c.year DESC LIMIT 1
    )
    SELECT m.id AS "dossierId", m.year, l.luik::int AS luik, l.kamertype, l.beschrijving, l.capaciteit, l.price_cents AS "priceCents"
    FROM m JOIN dagprijzen_line l ON l.dossier_id = m.id
    WHERE l.price_cents IS NOT NULL AND l.capaciteit IS NOT NULL
    ORDER BY l.luik, l.position`;
}

/** Locks the facility's register for a write, so that two decisions never both start it from the Meting. */
export async function lockRegister(db: SqlClient, facilityId: number): Promise<boolean> {
  const rows = await db.$queryRaw<{ id: number }[]>`SELECT id FROM facility WHERE id = ${facilityId} FOR UPDATE`;
  return rows.length > 0;
}

export async function hasEntries(db: SqlClient, facilityId: number): Promise<boolean> {
  const rows = await db.$queryRaw<{ one: number }[]>`SELECT 1 AS one FROM price_entry WHERE facility_id = ${facilityId} LIMIT 1`;
  return rows.length > 0;
}

/** One facility's average dagprijs on a date (src/modules/prices/average.ts). */
export interface FacilityAverage {
  id: number;
  name: string;
  hcoNumber: string;
  /** Woongelegenheden of the kamertypes priced per dag. */
  capacity: number;
  kamertypes: number;
  /** Σ capacity × price ÷ Σ capacity, rounded half up to the cent. */
  averageCents: number;
}

/**
 * The averages of every facility with the theme Prijzen on `date`, as the CTE
 * `avg`. A facility has a register on a date once any of its rows applies
 * (as registerRows decides); only kamertypes priced per dag count, and a
 * facility without any (or with no capacity) is left out rather than shown as 0.
 * round() on numeric rounds half away from zero: half up for prices. The
 * kamertypes' current rows are read from price_entry_kamertype_current_idx
 * alone as its two ranges (the open rows, and the rows closed after the date:
 * currentOn split so that each half is one index range instead of a bitmap
 * over the heap), about one row per kamertype whatever the history's length.
 * The sums are integers (int8) until the one division per facility. The
 * register's facilities and the Meting's are disjoint (a Meting counts only
 * without any register row on the date), so their sums are simply appended.
 */
function averagesCte(date: CalendarDate): Prisma.Sql {
  const day = isoDate(date);
  return Prisma.sql`WITH fac AS (SELECT f.id, f.name, f.hco_number ${PRICE_FACILITIES}),
    cur AS (
      SELECT e.facility_id, e.unit, e.capacity, e.price_cents, e.removed FROM price_entry e
      WHERE e.kind = 'kamertype' AND e.valid_to IS NULL AND e.valid_from <= ${day}::date
      UNION ALL
      SELECT e.facility_id, e.unit, e.capacity, e.price_cents, e.removed FROM price_entry e
      WHERE e.kind = 'kamertype' AND e.valid_to > ${day}::date AND e.valid_from <= ${day}::date
    ),
    reg AS (
      SELECT facility_id, sum(capacity) AS capacity, count(*) AS kamertypes, sum(capacity::int8 * price_cents) AS weighted
      FROM cur WHERE NOT removed AND unit = 'dag' AND capacity IS NOT NULL AND price_cents IS NOT NULL
      GROUP BY facility_id
    ),
    meting AS (
      SELECT DISTINCT ON (d.facility_id) d.facility_id, d.id
      FROM dossier d JOIN fac ON fac.id = d.facility_id JOIN campaign c ON c.id = d.campaign_id
      WHERE ${SUBMITTED_METING}
        AND NOT EXISTS (SELECT 1 FROM price_entry e WHERE e.facility_id = d.facility_id AND e.valid_from <= ${day}::date)
      ORDER BY d.facility_id, c.year DESC
    ),
    met AS (
      SELECT m.facility_id, sum(l.capaciteit) AS capacity, count(*) AS kamertypes, sum(l.capaciteit::int8 * l.price_cents) AS weighted
      FROM meting m JOIN dagprijzen_line l ON l.dossier_id = m.id
      WHERE l.price_cents IS NOT NULL AND l.capaciteit IS NOT NULL
      GROUP BY m.facility_id
    ),
    per_facility AS (
      SELECT facility_id, capacity::int AS capacity, kamertypes::int AS kamertypes, round(weighted::numeric / capacity)::int AS average_cents
      FROM (SELECT * FROM reg UNION ALL SELECT * FROM met) s WHERE capacity > 0
    ),
    avg AS (SELECT fac.id, fac.name, fac.hco_number, p.capacity, p.kamertypes, p.average_cents FROM fac JOIN per_facility p ON p.facility_id = fac.id)`;
}

const averageJson = Prisma.sql`json_build_object('id', a.id, 'name', a.name, 'hcoNumber', a.hco_number, 'capacity', a.capacity, 'kamertypes', a.kamertypes, 'averageCents', a.average_cents)`;

/** One page of the averages (name order), their number, and how many facilities fall in each band of `bandCents`: one statement. */
export async function averagePageRows(db: SqlClient, date: CalendarDate, page: { limit: number; offset: number }, bandCents: number) {
  const [row] = await db.$queryRaw<{ total: number; rows: FacilityAverage[]; bands: { band: number; facilities: number }[] }[]>`
    ${averagesCte(date)}
    SELECT (SELECT count(*)::int FROM avg) AS total,
      (SELECT coalesce(json_agg(${averageJson} ORDER BY a.name, a.id), '[]'::json)
         FROM (SELECT * FROM avg ORDER BY name, id LIMIT ${page.limit} OFFSET ${page.offset}) a) AS rows,
      (SELECT coalesce(json_agg(json_build_object('band', b.band, 'facilities', b.n) ORDER BY b.band), '[]'::json)
         FROM (SELECT average_cents / ${bandCents}::int AS band, count(*)::int AS n FROM avg GROUP BY 1) b) AS bands`;
  return { total: row?.total ?? 0, rows: row?.rows ?? [], bands: row?.bands ?? [] };
}

/** Every facility's average, in name order (a few thousand small rows: one statement, one batch). */
export function allAverages(db: SqlClient, date: CalendarDate): PromiseLike<FacilityAverage[]> {
  return db.$queryRaw<FacilityAverage[]>`
    ${averagesCte(date)}
    SELECT id, name, hco_number AS "hcoNumber", capacity, kamertypes, average_cents AS "averageCents" FROM avg ORDER BY name, id`;
}
