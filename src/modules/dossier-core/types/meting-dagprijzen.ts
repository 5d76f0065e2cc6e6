// The yearly Meting dagprijzen of woonzorgcentra (M22-M24, M27), as a type of
// the core. Its form, rules and exports live in src/modules/dossiers/ and
// src/modules/campaigns/; how its lines read in a document (the receipt, the
// decision letter) lives here, so that the core's letter asks the type.
import { formatMoney } from '../../../lib/money.js';
import { calendarDateOfDbDate, formatCalendar, formatCalendarLong, isWithinWindow } from '../../../lib/dates.js';
import type { DocumentTable } from '../../../lib/pdf-layout.js';
import { ROLE_FINANCIAL_DATA } from '../../themes/index.js';
import type { ExportColumn } from '../../../lib/table-export.js';
import { CAMPAIGN_SUBMITTED } from '../data.js';
import { campaignOf, type DossierExport, type ExportingDossierType, type ExportSelection } from '../type.js';

export type Luik = 1 | 2;

export const LUIK_TITLES: Record<Luik, string> = {
  1: 'Luik 1: Alle dagprijzen niet onderhevig aan de korting infrastructuurforfait',
  2: 'Luik 2: Alle dagprijzen onderhevig aan de korting infrastructuurforfait',
};

/** The lines of one Luik with their amounts as text (receipt, e-mail, letter). */
export interface LuikSummary {
  luik: Luik;
  title: string;
  lines: { kamertype: string; beschrijving: string; capaciteit: number; price: string; netto: string | null }[];
}

/** Each Luik as a table: Luik 2 with the nettoprijs, both with their total capacity. */
export function luikTables(luiken: LuikSummary[]): DocumentTable[] {
  return luiken.map((luik) => {
    const withNetto = luik.luik === 2;
    const capacity = luik.lines.reduce((sum, l) => sum + l.capaciteit, 0);
    const widths: (number | '*')[] = withNetto ? [28, 120, '*', 58, 70, 70] : [28, 140, '*', 62, 80];
    const titles = ['Nr.', 'Kamertype', 'Beschrijving', 'Capaciteit', withNetto ? 'Brutoprijs (euro)' : 'Prijs (euro)', ...(withNetto ? ['Nettoprijs (euro)'] : [])];
    return {
      title: luik.title,
      columns: titles.map((title, i) => ({ title, width: widths[i] ?? '*', numeric: [0, 3, 4, 5].includes(i) })),
      rows: luik.lines.map((line, i) => [String(i + 1), line.kamertype, line.beschrijving, String(line.capaciteit), line.price, ...(withNetto ? [line.netto ?? ''] : [])]),
      total: { label: `Totaal Luik ${luik.luik}`, span: 3, cells: [String(capacity), '', ...(withNetto ? [''] : [])] },
      empty: 'Geen lijnen.',
      summary: `Totaal Luik ${luik.luik}: ${luik.lines.length} ${luik.lines.length === 1 ? 'lijn' : 'lijnen'}, capaciteit ${capacity}`,
    };
  });
}

/** One submitted line as the campaign's exports (M27) write it. */
export interface MetingExportLine {
  facilityName: string;
  hcoNumber: string;
  kboNumber: string;
  reference: string;
  submittedAt: Date;
  luik: Luik;
  kamertype: string;
  beschrijving: string;
  capaciteit: number | null;
  priceCents: number | null;
  nettoCents: number | null;
}

const METING_COLUMNS: readonly ExportColumn<MetingExportLine>[] = [
  { header: 'Voorziening', kind: 'text', value: (l) => l.facilityName, width: 32 },
  { header: 'HCO-nummer', kind: 'text', value: (l) => l.hcoNumber, width: 12 },
  { header: 'KBO-nummer', kind: 'text', value: (l) => l.kboNumber, width: 14 },
  { header: 'Referentie', kind: 'text', value: (l) => l.reference, width: 18 },
  { header: 'Ingediend op', kind: 'datetime', value: (l) => l.submittedAt, width: 18 },
  { header: 'Luik', kind: 'integer', value: (l) => l.luik, width: 6 },
  { header: 'Kamertype', kind: 'text', value: (l) => l.kamertype, width: 24 },
  { header: 'Beschrijving kamertype', kind: 'text', value: (l) => l.beschrijving, width: 32 },
  { header: 'Capaciteit', kind: 'integer', value: (l) => l.capaciteit, width: 10 },
  { header: 'Prijs per bewoner (bruto)', kind: 'money', value: (l) => l.priceCents, width: 14 },
  { header: 'Nettoprijs per bewoner', kind: 'money', value: (l) => l.nettoCents, width: 14 },
];

/** The submitted lines of a campaign (or of every campaign), in batches keyset-paged on the line id; Luik 2 with its nettoprijs (bruto minus the campaign's korting). */
async function* metingRows(db: Parameters<DossierExport['rows']>[0], { campaignId, conditions = CAMPAIGN_SUBMITTED }: ExportSelection, batchSize = 2000): AsyncGenerator<MetingExportLine[]> {
  let after = 0;
  for (;;) {
    const rows = await db.$queryRaw<(Omit<MetingExportLine, 'luik'> & { id: number; luik: number })[]>`
      ${conditions.with}SELECT l.id, f.name AS "facilityName", f.hco_number AS "hcoNumber", e.kbo_number AS "kboNumber", d.reference,
        d.submitted_at AS "submittedAt", l.luik, l.kamertype, l.beschrijving, l.capaciteit, l.price_cents AS "priceCents",
        CASE WHEN l.luik = 2 AND l.price_cents IS NOT NULL THEN l.price_cents - coalesce(c.korting_cents, 0) END AS "nettoCents"
      FROM dagprijzen_line l
      JOIN dossier d ON d.id = l.dossier_id
      JOIN campaign c ON c.id = d.campaign_id
      JOIN ${conditions.facilities} f ON f.id = d.facility_id
      JOIN enterprise e ON e.id = f.enterprise_id
      WHERE d.type_code = 'meting-dagprijzen' AND (${campaignId ?? null}::int IS NULL OR d.campaign_id = ${campaignId ?? null}::int)
        AND ${conditions.where} AND l.id > ${after}
      ORDER BY l.id
      LIMIT ${batchSize}`;
    if (rows.length === 0) return;
    after = rows[rows.length - 1]?.id ?? after;
    yield rows.map(({ id: _id, ...r }) => ({ ...r, luik: r.luik === 2 ? 2 : 1 }));
    if (rows.length < batchSize) return;
  }
}

export const METING_EXPORT: DossierExport<MetingExportLine> = { columns: METING_COLUMNS, rows: metingRows };

export const metingDagprijzen: ExportingDossierType<MetingExportLine> = {
  code: 'meting-dagprijzen',
  name: 'Meting dagprijzen',
  themeSlug: 'prijzen',
  facilityTypeCodes: ['woonzorgcentrum'],
  campaignBound: true,
  maxOpen: 1,
  editRole: ROLE_FINANCIAL_DATA,
  decision: 'kennisname',
  facilityPath: (id) => `/dossiers/${id}`,
  receiptPath: (id) => `/dossiers/${id}/ontvangstbewijs.pdf`,
  title: ({ campaignYear, reference }) => (campaignYear === null ? `Meting dagprijzen ${reference}` : `Meting dagprijzen mei ${campaignYear}`),
  staffPath: ({ id, campaignYear }) => `/beheer/campagnes/${campaignYear ?? ''}/dossiers/${id}`,
  campaignTitle: (year) => `Meting dagprijzen mei ${year}`,
  export: METING_EXPORT,

  /** "Aanmaken meting dagprijzen mei <jaar>" while a campaign for the facility's type is open and it has no dossier in it yet. */
  async offer({ scope, facilityTypeCode, now, dossiers }) {
    const campaigns = await scope.campaign.findMany({
      where: { typeCode: 'meting-dagprijzen', facilityTypeCodes: { has: facilityTypeCode } },
      orderBy: { year: 'desc' },
      take: 3,
      select: { id: true, year: true, openingDate: true, deadline: true },
    });
    const open = campaigns.find((c) => c.deadline !== null && isWithinWindow(now, calendarDateOfDbDate(c.openingDate), calendarDateOfDbDate(c.deadline)));
    if (!open?.deadline) return undefined;
    if (dossiers.some((d) => d.campaignId === open.id)) return undefined;
    const deadline = formatCalendar(calendarDateOfDbDate(open.deadline));
    return {
      text: `Aanmaken meting dagprijzen mei ${open.year}`,
      method: 'post',
      action: '/dossiers',
      fields: { year: String(open.year) },
      hint: `Dien het dossier uiterlijk op ${deadline} in.`,
    };
  },

  async documentLines(db, dossierId) {
    const dossier = await db.dossier.findUniqueOrThrow({
      where: { id: dossierId },
      select: {
        reference: true,
        facilityId: true,
        campaign: { select: { id: true, year: true, kortingCents: true } },
        lines: { orderBy: [{ luik: 'asc' }, { position: 'asc' }] },
      },
    });
    const campaign = campaignOf(dossier);
    const korting = formatMoney(campaign.kortingCents ?? 0);
    const luiken = ([1, 2] as const).map((luik) => ({
      luik,
      title: LUIK_TITLES[luik],
      lines: dossier.lines
        .filter((l) => (l.luik === 2 ? 2 : 1) === luik)
        .map((l) => ({
          kamertype: l.kamertype,
          beschrijving: l.beschrijving,
          capaciteit: l.capaciteit ?? 0,
          price: l.priceCents === null ? '' : formatMoney(l.priceCents),
          netto: luik === 2 && l.priceCents !== null ? formatMoney(l.priceCents - (campaign.kortingCents ?? 0)) : null,
        })),
    }));
    const capacity = await db.campaignCapacity.findUnique({
      where: { campaignId_facilityId: { campaignId: campaign.id, facilityId: dossier.facilityId } },
      select: { recognizedCapacity: true },
    });
    const total = luiken.reduce((sum, luik) => sum + luik.lines.reduce((n, l) => n + l.capaciteit, 0), 0);
    const recognized = capacity ? ` van ${capacity.recognizedCapacity} erkende woongelegenheden` : '';
    return {
      paragraphs: [
        `Campagne: Meting dagprijzen mei ${campaign.year} (toestand op ${formatCalendarLong({ year: campaign.year, month: 5, day: 1 })})`,
        `Korting infrastructuurforfait: ${korting} euro per dag.`,
      ],
      tables: luikTables(luiken),
      notes: [
        { text: `Totale capaciteit (Luik 1 en Luik 2): ${total}${recognized}`, style: 'bold' },
        { text: `Bedragen in euro; de nettoprijs is de brutoprijs min ${korting} euro.`, style: 'small' },
      ],
    };
  },
};
