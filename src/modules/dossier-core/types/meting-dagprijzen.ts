// The yearly Meting dagprijzen of woonzorgcentra (M22-M24, M27), as a type of
// the core. Its form, rules, receipt and exports live in src/modules/dossiers/
// and src/modules/campaigns/.
import { ROLE_FINANCIAL_DATA } from '../../themes/catalog.js';
import type { DossierType } from '../type.js';

export const metingDagprijzen: DossierType = {
  code: 'meting-dagprijzen',
  name: 'Meting dagprijzen',
  themeSlug: 'prijzen',
  facilityTypeCodes: ['woonzorgcentrum'],
  campaignBound: true,
  maxOpen: 1,
  editRole: ROLE_FINANCIAL_DATA,
  decision: 'kennisname',
  facilityPath: (id) => `/dossiers/${id}`,
};
