// Zorgaanbod (M25) of huisartsenkringen, as a type of the core: a yearly list
// of the kring's GPs, uploaded as Excel and submitted; Team Eerstelijn takes
// note ("kennis genomen"). Its upload, report and exports live in
// src/modules/zorgaanbod/; how a list reads in the decision letter lives here.
import type { DossierType } from '../type.js';

export const zorgaanbod: DossierType = {
  code: 'zorgaanbod',
  name: 'Zorgaanbod',
  themeSlug: 'zorgaanbod',
  facilityTypeCodes: ['huisartsenkring'],
  campaignBound: true,
  maxOpen: 1,
  decision: 'kennisname',
  // The kring follows its list of the current campaign on one page.
  facilityPath: () => '/themas/zorgaanbod/lijst',
  staffPath: ({ id }) => `/beheer/zorgaanbod/lijsten/${id}`,
  ownTask: true,
  letterPath: () => '/themas/zorgaanbod/lijst/beslissing.pdf',
  campaignTitle: (year) => `Zorgaanbod ${year}`,
  title: ({ campaignYear, reference }) => (campaignYear === null ? `Zorgaanbod ${reference}` : `Zorgaanbod ${campaignYear}`),

  async documentLines(db, dossierId) {
    const gps = await db.zorgaanbodRow.count({ where: { listId: dossierId } });
    return { paragraphs: [`Aantal ingediende huisartsen: ${gps}.`], tables: [] };
  },
};
