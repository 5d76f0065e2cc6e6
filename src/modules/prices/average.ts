// The average dagprijs per woonzorgcentrum on a date (M33, issue 26 item 5):
// per facility the capacity-weighted average of its kamertypes' price per dag,
// from its register on that date, or, without a register yet, from its last
// submitted Meting dagprijzen (the same fallback as registerRows). All of it is
// one SQL statement over every facility (in data.ts), so a page, the
// distribution and the export cost one round trip however many facilities there are.
import type { PrismaClient } from '../../db/client.js';
import { brusselsDateOf, formatCalendar, type CalendarDate } from '../../lib/dates.js';
import { formatMoney } from '../../lib/money.js';
import type { ExportColumn } from '../../lib/table-export.js';
import { recordAudit, type AuditActor } from '../audit/index.js';
import { allAverages, averagePageRows, type FacilityAverage, type SqlClient } from './data.js';

export type { FacilityAverage };

/** Facilities per page of the table. */
export const AVERAGE_PAGE_SIZE = 50;
/** The chart's bands: facilities per 5 euro of average dagprijs. */
export const BAND_CENTS = 500;

/** One page of the averages (name order), their number, and the distribution over the bands. */
export async function averagePage(db: SqlClient, date: CalendarDate, page: { limit: number; offset: number }) {
  const found = await averagePageRows(db, date, page, BAND_CENTS);
  return { ...found, bands: bandsOf(found.bands) };
}

export interface Band {
  fromCents: number;
  /** The last cent of the band (inclusive). */
  toCents: number;
  facilities: number;
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
