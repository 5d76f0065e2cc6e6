// The dossier types (M32). Adding a type: a folder or file under ./types/
// implementing DossierType, and one line here.
import type { DossierType } from './type.js';
import { metingDagprijzen } from './types/meting-dagprijzen.js';
import { nieuweSupplementen } from './types/price/nieuwe-supplementen.js';
import { nieuweVoorziening } from './types/price/nieuwe-voorziening.js';
import { indexering } from './types/price/indexering.js';
import { zorgaanbod } from './types/zorgaanbod.js';

export const DOSSIER_TYPES: readonly DossierType[] = [metingDagprijzen, zorgaanbod, nieuweSupplementen, nieuweVoorziening, indexering];

const BY_CODE = new Map(DOSSIER_TYPES.map((t) => [t.code, t]));

export function dossierType(code: string): DossierType {
  const type = BY_CODE.get(code);
  if (!type) throw new Error(`unknown dossier type ${code}`);
  return type;
}

/** The types of a theme, for a facility type: what a theme page offers and lists. */
export function typesOfTheme(themeSlug: string, facilityTypeCode?: string): DossierType[] {
  return DOSSIER_TYPES.filter((t) => t.themeSlug === themeSlug && (facilityTypeCode === undefined || t.facilityTypeCodes.includes(facilityTypeCode)));
}
