// What a theme page shows of dossiers (M22, M32): "Nieuw dossier" with what
// each type of the theme offers the acting facility now, and "Dossiers" with
// the facility's dossiers of every type of the theme. The page loops over the
// registry; a new type appears here by being registered.
import type { FacilityScope } from '../../auth/facility-scope.js';
import type { ActingFacility } from '../../auth/current-user.js';
import { ownDossiers } from './data.js';
import { typesOfTheme } from './registry.js';
import { outcomeText, STATUS_TEXT, type DossierOffer, type DossierStatus, type DossierType } from './type.js';

/** The role a facility user needs for a type, as the eHealth access management names it. */
/** What the "you need the role" note names: the type's role and name, and its theme for the way back. */
export interface RoleNeeded {
  role: string;
  typeName: string;
  themeSlug: string;
}

/** The note for a user without the type's role; undefined for a type anyone of the facility edits. */
export function roleNeeded(type: Pick<DossierType, 'editRole' | 'name' | 'themeSlug'>): RoleNeeded | undefined {
  return type.editRole === undefined ? undefined : { role: type.editRole, typeName: type.name, themeSlug: type.themeSlug };
}

export function mayEditType(type: Pick<DossierType, 'editRole'>, facility: Pick<ActingFacility, 'roles'>): boolean {
  return type.editRole === undefined || facility.roles.includes(type.editRole);
}

export interface PanelOffer extends DossierOffer {
  typeName: string;
}

export interface PanelDossier {
  id: number;
  href: string;
  title: string;
  typeName: string;
  status: DossierStatus;
  /** "ingediend", "afgehandeld: kennis genomen" */
  statusText: string;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
}

export interface DossierPanel {
  offers: PanelOffer[];
  /** Types the facility could start but not this user (the role is missing), by name. */
  offersForOthers: { typeName: string; text: string; hint?: string }[];
  /** Why a type offers nothing now, where the facility should know. */
  refusals: { typeName: string; text: string; refused: string }[];
  /** The roles the user lacks for a type of the theme (shown once, with how to get them). */
  missingRoles: string[];
  dossiers: PanelDossier[];
}

/** The dossier panel of a theme page, or undefined when the theme has no dossier types for the facility's type. */
export async function dossierPanel(scope: FacilityScope, facility: ActingFacility, facilityTypeCode: string | undefined, themeSlug: string, now: Date): Promise<DossierPanel | undefined> {
  if (!facilityTypeCode) return undefined;
  const types = typesOfTheme(themeSlug, facilityTypeCode);
  if (types.length === 0) return undefined;
  // A facility files a handful of dossiers a year per theme: the list is read whole, once, and the offers reason on it.
  const rows = await ownDossiers(scope, types.map((t) => t.code));
  const answers = await Promise.all(types.map((type) => (type.offer ? type.offer({ scope, facility, facilityTypeCode, now, dossiers: rows.filter((d) => d.typeCode === type.code) }) : Promise.resolve(undefined))));
  const panel: DossierPanel = { offers: [], offersForOthers: [], refusals: [], missingRoles: [], dossiers: [] };
  types.forEach((type, i) => {
    const answer = answers[i];
    const mayEdit = mayEditType(type, facility);
    if (!mayEdit && type.editRole && !panel.missingRoles.includes(type.editRole)) panel.missingRoles.push(type.editRole);
    if (!answer) return;
    if ('refused' in answer) panel.refusals.push({ typeName: type.name, ...answer });
    else if (mayEdit) panel.offers.push({ typeName: type.name, ...answer });
    else panel.offersForOthers.push({ typeName: type.name, text: answer.text, hint: answer.hint });
  });
  // In the order of seed 002 §4.3: alphabetical, as the manual shows the links.
  panel.offers.sort((a, b) => a.text.localeCompare(b.text, 'nl-BE'));
  const byCode = new Map(types.map((t) => [t.code, t]));
  panel.dossiers = rows.flatMap((row) => {
    const type = byCode.get(row.typeCode);
    if (!type) return [];
    return [
      {
        id: row.id,
        href: type.facilityPath(row.id),
        title: type.title(row),
        typeName: type.name,
        status: row.status,
        statusText: row.outcome ? `${STATUS_TEXT[row.status]}: ${outcomeText(type, row.outcome)}` : STATUS_TEXT[row.status],
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
        submittedAt: row.submittedAt,
      },
    ];
  });
  return panel;
}
