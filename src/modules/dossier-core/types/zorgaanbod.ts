// Zorgaanbod (M25) of huisartsenkringen, as a type of the core: a yearly list
// of the kring's GPs, uploaded as Excel and submitted; Team Eerstelijn takes
// note ("kennis genomen"). Its upload, report and exports live in
// src/modules/zorgaanbod/; how a list reads in the decision letter lives here.
import type { PrismaClient } from '../../../db/client.js';
import type { ExportColumn } from '../../../lib/table-export.js';
// The template's columns are a leaf file that the upload's worker thread loads
// alone; the module's index would bring its service, which imports this core
// back (a cycle that fails at load). So this one import reads the leaf itself.
// eslint-disable-next-line no-restricted-imports
import { COLUMNS as ZORGAANBOD_COLUMNS, textsOf as zorgaanbodTexts, type LineTexts as ZorgaanbodLineTexts, type ZorgaanbodLine } from '../../zorgaanbod/columns.js';
import { CAMPAIGN_SUBMITTED } from '../data.js';
import { type ExportSelection, type ExportingDossierType } from '../type.js';

/** One GP of a submitted list, as the exports write it: the kring, the submission, the template's columns as text. */
export interface ZorgaanbodExportRow extends ZorgaanbodLineTexts {
  facilityName: string;
  hcoNumber: string;
  submittedAt: Date;
  excelRow: number;
}

/** The kring and submission, then the template's own columns (the number of half days as a number). */
const ZORGAANBOD_EXPORT_COLUMNS: readonly ExportColumn<ZorgaanbodExportRow>[] = [
  { header: 'Huisartsenkring', kind: 'text', width: 32, value: (r) => r.facilityName },
  { header: 'HCO-nummer', kind: 'text', width: 12, value: (r) => r.hcoNumber },
  { header: 'Ingediend op', kind: 'datetime', width: 18, value: (r) => r.submittedAt },
  { header: 'Rij in Excel', kind: 'integer', width: 10, value: (r) => r.excelRow },
  ...ZORGAANBOD_COLUMNS.map((c): ExportColumn<ZorgaanbodExportRow> =>
    c.key === 'halveDagen'
      ? { header: c.header, kind: 'integer', width: c.width, value: (r) => Number(r.halveDagen) }
      : { header: c.header, kind: 'text', width: c.width, value: (r) => r[c.key] },
  ),
];

/** Every GP of the submitted lists of a campaign (or of all), in batches keyset-paged on the row id. */
async function* zorgaanbodRows(db: PrismaClient, { campaignId, conditions = CAMPAIGN_SUBMITTED }: ExportSelection, batchSize = 2000): AsyncGenerator<ZorgaanbodExportRow[]> {
  let after = 0;
  for (;;) {
    const rows = await db.$queryRaw<(ZorgaanbodLine & { id: number; facilityName: string; hcoNumber: string; submittedAt: Date; excelRow: number })[]>`
      ${conditions.with}SELECT r.id, f.name AS "facilityName", f.hco_number AS "hcoNumber", d.submitted_at AS "submittedAt", r.excel_row AS "excelRow",
        r.riziv, r.naam, r.voornaam, r.postcode, r.gemeente, r.praktijkvorm, r.halve_dagen AS "halveDagen", r.nieuwe_patienten AS "nieuwePatienten"
      FROM zorgaanbod_row r JOIN dossier d ON d.id = r.list_id JOIN ${conditions.facilities} f ON f.id = d.facility_id
      WHERE d.type_code = 'zorgaanbod' AND (${campaignId ?? null}::int IS NULL OR d.campaign_id = ${campaignId ?? null}::int)
        AND ${conditions.where} AND r.id > ${after}
      ORDER BY r.id LIMIT ${batchSize}`;
    if (rows.length === 0) return;
    after = rows[rows.length - 1]?.id ?? after;
    yield rows.map((r) => ({ facilityName: r.facilityName, hcoNumber: r.hcoNumber, submittedAt: r.submittedAt, excelRow: r.excelRow, ...zorgaanbodTexts(r) }));
    if (rows.length < batchSize) return;
  }
}

export const zorgaanbod: ExportingDossierType<ZorgaanbodExportRow> = {
  code: 'zorgaanbod',
  name: 'Zorgaanbod',
  themeSlug: 'zorgaanbod',
  facilityTypeCodes: ['huisartsenkring'],
  campaignBound: true,
  maxOpen: 1,
  decision: 'kennisname',
  // The kring follows its list of the current campaign on one page.
  facilityPath: () => '/themas/zorgaanbod/lijst',
  noun: { word: 'lijst', article: 'de' },
  staffPath: ({ id }) => `/beheer/zorgaanbod/lijsten/${id}`,
  ownTask: true,
  letterPath: () => '/themas/zorgaanbod/lijst/beslissing.pdf',
  campaignTitle: (year) => `Zorgaanbod ${year}`,
  title: ({ campaignYear, reference }) => (campaignYear === null ? `Zorgaanbod ${reference}` : `Zorgaanbod ${campaignYear}`),
  export: { columns: ZORGAANBOD_EXPORT_COLUMNS, rows: zorgaanbodRows },

  async documentLines(db, dossierId) {
    const gps = await db.zorgaanbodRow.count({ where: { listId: dossierId } });
    return { paragraphs: [`Aantal ingediende huisartsen: ${gps}.`], tables: [] };
  },
};
