// The average dagprijs per woonzorgcentrum on a date (M33, issue 26 item 5):
// per facility the capacity-weighted average of its kamertypes' price per dag,
// from its register on that date, or, without a register yet, from its last
// submitted Meting dagprijzen (the same fallback as registerRows). All of it is
// one SQL statement over every facility, so a page, the distribution and the
// export cost one round trip however many facilities there are.
import { Prisma } from '../../generated/prisma/client.js';
import type { PrismaClient } from '../../db/client.js';
import { brusselsDateOf, formatCalendar, type CalendarDate } from '../../lib/dates.js';
import { formatMoney } from '../../lib/money.js';
import type { ExportColumn } from '../../lib/table-export.js';
import { recordAudit, type AuditActor } from '../audit/index.js';
import { isoDate, PRICE_FACILITIES, SUBMITTED_METING, type SqlClient } from './data.js';

/** Facilities per page of the table. */
export const AVERAGE_PAGE_SIZE = 50;
/** The chart's bands: facilities per 5 euro of average dagprijs. */
export const BAND_CENTS = 500;

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

export interface Band {
  fromCents: number;
  /** The last cent of the band (inclusive). */
  toCents: number;
  facilities: number;
}

/**
 * The averages of every facility with the theme Prijzen on `date`, as the CTE
 * `avg`. A facility has a register on a date once any of its rows applies
 * (as registerRows decides); only kamertypes priced per dag count, and a
 * facility without any (or with no capacity) is left out rather than shown as 0.
 * round() on numeric rounds half away from zero: half up for prices. The
 * kamertypes' rows come in DISTINCT ON order from price_entry_kamertype_current_idx
 * alone and are summed per facility in that order (no sort); the rows that do
 * not count are left out by the aggregates' FILTER rather than by a WHERE,
 * so that the planner expects one row per facility and hash-joins the few
 * thousand sums to the facilities (a WHERE after DISTINCT ON made it expect a
 * handful and loop). The sums are integers (int8) until the one division per
 * facility. The register's facilities and the Meting's are disjoint (a Meting
 * counts only without any register row on the date), so their sums are simply
 * appended.
 */
function averagesCte(date: CalendarDate): Prisma.Sql {
  const day = isoDate(date);
  return Prisma.sql`WITH fac AS (SELECT f.id, f.name, f.hco_number ${PRICE_FACILITIES}),
    cur AS (
      SELECT DISTINCT ON (e.facility_id, e.item_key) e.facility_id, e.unit, e.capacity, e.price_cents, e.removed
      FROM price_entry e
      WHERE e.kind = 'kamertype' AND e.valid_from <= ${day}::date
      ORDER BY e.facility_id, e.item_key, e.valid_from DESC, e.id DESC
    ),
    reg AS (
      SELECT facility_id, sum(capacity) FILTER (WHERE counts) AS capacity, count(*) FILTER (WHERE counts) AS kamertypes,
        sum(capacity::int8 * price_cents) FILTER (WHERE counts) AS weighted
      FROM (SELECT facility_id, capacity, price_cents, NOT removed AND unit = 'dag' AND capacity IS NOT NULL AND price_cents IS NOT NULL AS counts FROM cur) c
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

/** One page of the averages (name order), their number, and how many facilities fall in each band: one statement. */
export async function averagePage(db: SqlClient, date: CalendarDate, page: { limit: number; offset: number }) {
  const [row] = await db.$queryRaw<{ total: number; rows: FacilityAverage[]; bands: { band: number; facilities: number }[] }[]>`
    ${averagesCte(date)}
    SELECT (SELECT count(*)::int FROM avg) AS total,
      (SELECT coalesce(json_agg(${averageJson} ORDER BY a.name, a.id), '[]'::json)
         FROM (SELECT * FROM avg ORDER BY name, id LIMIT ${page.limit} OFFSET ${page.offset}) a) AS rows,
      (SELECT coalesce(json_agg(json_build_object('band', b.band, 'facilities', b.n) ORDER BY b.band), '[]'::json)
         FROM (SELECT average_cents / ${BAND_CENTS}::int AS band, count(*)::int AS n FROM avg GROUP BY 1) b) AS bands`;
  return { total: row?.total ?? 0, rows: row?.rows ?? [], bands: bandsOf(row?.bands ?? []) };
}

/** Every band from the lowest to the highest that holds a facility, the empty ones between included: a gap is information. */
export function bandsOf(counts: readonly { band: number; facilities: number }[]): Band[] {
  if (counts.length === 0) return [];
  const byBand = new Map(counts.map((c) => [c.band, c.facilities]));
  const first = Math.min(...byBand.keys());
  const last = Math.max(...byBand.keys());
  const bands: Band[] = [];
  for (let band = first; band <= last; band++) bands.push({ fromCents: band * BAND_CENTS, toCents: (band + 1) * BAND_CENTS - 1, facilities: byBand.get(band) ?? 0 });
  return bands;
}

/** Every facility's average, in name order (a few thousand small rows: one statement, one batch). */
export function allAverages(db: SqlClient, date: CalendarDate): PromiseLike<FacilityAverage[]> {
  return db.$queryRaw<FacilityAverage[]>`
    ${averagesCte(date)}
    SELECT id, name, hco_number AS "hcoNumber", capacity, kamertypes, average_cents AS "averageCents" FROM avg ORDER BY name, id`;
}

export const AVERAGE_COLUMNS: readonly ExportColumn<FacilityAverage>[] = [
  { header: 'Voorziening', kind: 'text', value: (a) => a.name, width: 32 },
  { header: 'HCO-nummer', kind: 'text', value: (a) => a.hcoNumber, width: 12 },
  { header: 'Kamertypes', kind: 'integer', value: (a) => a.kamertypes, width: 10 },
  { header: 'Capaciteit', kind: 'integer', value: (a) => a.capacity, width: 10 },
  { header: 'Gemiddelde dagprijs', kind: 'money', value: (a) => a.averageCents, width: 16 },
];

/** "€ 60,00 – € 64,99" */
export const bandText = (band: Band) => `€ ${formatMoney(band.fromCents)} – € ${formatMoney(band.toCents)}`;

export function createAveragePriceService({ prisma, now }: { prisma: PrismaClient; now: () => Date }) {
  return {
    today: () => brusselsDateOf(now()),

    async overview(date: CalendarDate, page: number) {
      const found = await averagePage(prisma, date, { limit: AVERAGE_PAGE_SIZE, offset: (page - 1) * AVERAGE_PAGE_SIZE });
      return { ...found, page, totalPages: Math.max(1, Math.ceil(found.total / AVERAGE_PAGE_SIZE)) };
    },

    async *exportLines(date: CalendarDate): AsyncGenerator<FacilityAverage[]> {
      yield await allAverages(prisma, date);
    },

    /** Every export download is in the audit trail (M28), as the register exports are. */
    async recordExport(date: CalendarDate, actor: AuditActor, teamCode: string | null): Promise<void> {
      const day = formatCalendar(date);
      await prisma.$transaction((tx) =>
        recordAudit(tx, {
          actor,
          kind: 'export.downloaded',
          record: { type: 'PriceAverage', id: 'alle-voorzieningen' },
          teamCode,
          summary: `Gemiddelde dagprijs per woonzorgcentrum op ${day} gedownload als CSV.`,
          details: { date: day, format: 'csv' },
        }),
      );
    },
  };
}

export type AveragePriceService = ReturnType<typeof createAveragePriceService>;
