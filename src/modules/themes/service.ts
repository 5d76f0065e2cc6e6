// The themes of a facility type: reference data, written from the catalog at
// start-up and never changed while the portal runs, so read once per process.
import type { FacilityScope } from '../../auth/facility-scope.js';
import { THEMES } from './catalog.js';

export interface ThemeRef {
  id: number;
  slug: string;
  name: string;
}

const byFacilityType = new Map<number, Promise<ThemeRef[]>>();

/** The themes of a facility type, in the order of the startpagina's tiles (the catalog's). */
export function themesOfFacilityType(db: Pick<FacilityScope, 'facilityTypeTheme'>, facilityTypeId: number): Promise<ThemeRef[]> {
  let themes = byFacilityType.get(facilityTypeId);
  if (!themes) {
    const order = (slug: string) => THEMES.findIndex((t) => t.slug === slug);
    themes = db.facilityTypeTheme
      .findMany({ where: { facilityTypeId }, select: { theme: { select: { id: true, slug: true, name: true } } } })
      .then((rows) => rows.map((r) => r.theme).sort((a, b) => order(a.slug) - order(b.slug)));
    byFacilityType.set(facilityTypeId, themes);
    themes.catch(() => byFacilityType.delete(facilityTypeId));
  }
  return themes;
}

const codeOfType = new Map<number, Promise<string | undefined>>();

/** The code of a facility type ("woonzorgcentrum", "huisartsenkring"): reference data, read once per process. */
export function facilityTypeCode(db: Pick<FacilityScope, 'facilityType'>, facilityTypeId: number): Promise<string | undefined> {
  let code = codeOfType.get(facilityTypeId);
  if (!code) {
    code = db.facilityType.findUnique({ where: { id: facilityTypeId }, select: { code: true } }).then((type) => type?.code);
    codeOfType.set(facilityTypeId, code);
    code.catch(() => codeOfType.delete(facilityTypeId));
  }
  return code;
}
