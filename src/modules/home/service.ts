// "Mijn taken" on the startpagina (M6): the draft dossiers to submit, the open
// campaigns of every campaign-bound type in which the facility has no dossier
// yet, and the themes without a confirmed contact person, read in one round
// trip. The types come from the registry: a new type shows up here untouched.
import type { FacilityScope } from '../../auth/facility-scope.js';
import { themesOfFacilityType, type ThemeRef } from '../themes/index.js';
import { taskRows } from './data.js';
import { campaignInfo, campaignPhase, DOSSIER_TYPES, dossierType, mayEditType, type DossierType } from '../dossier-core/index.js';

/** The types of which Mijn taken lists drafts, reopened dossiers and open campaigns (a type with its own task, Zorgaanbod's Excel list, stands apart). */
const taskTypes = (): DossierType[] => DOSSIER_TYPES.filter((t) => t.ownTask !== true);

/** The campaign's title as its type names it. */
const campaignTitle = (type: DossierType, year: number): string => type.campaignTitle?.(year) ?? `${type.name} ${year}`;

export interface DossierTask {
  id: number;
  title: string;
  /** The facility's page of the dossier (its type's). */
  href: string;
  /** The campaign's deadline of a yearly type; null for a type started at any time. */
  deadlineText: string | null;
  /** Set when the department sent the dossier back: what to correct. */
  reopenReason: string | null;
}

/** An open campaign in which the facility has no dossier yet. */
export interface CampaignTask {
  title: string;
  /** "31 mei 2026"; null for a campaign without a deadline. */
  deadlineText: string | null;
  /** The theme page, where the dossier is created. */
  href: string;
}

export interface MyTasks {
  dossiers: DossierTask[];
  /** Only for a user who may create the dossier (the task would otherwise be a dead end). */
  openCampaigns: CampaignTask[];
  themesWithoutContact: ThemeRef[];
  /** Where the department's messages on those themes go meanwhile (the one recipients rule): the organisation's address. */
  organisationEmail: string | null;
}


export async function myTasks(scope: FacilityScope, facility: { facilityTypeId: number; roles: string[] }, at: Date): Promise<MyTasks> {
  const types = taskTypes();
  const campaignTypes = types.filter((t) => t.campaignBound).map((t) => t.code);
  // One row with the covered themes when there is no draft, else one row per draft (newest campaign first).
  const [themes, rows] = await Promise.all([
    themesOfFacilityType(scope, facility.facilityTypeId),
    taskRows(scope, campaignTypes, types.map((t) => t.code), at),
  ]);
  const covered = new Set(rows[0]?.covered ?? []);
  const dossiers: DossierTask[] = [];
  for (const row of rows) {
    if (row.id === null || row.typeCode === null || row.reference === null) continue;
    const type = dossierType(row.typeCode);
    const deadlineText =
      row.campaignId !== null && row.year !== null && row.openingDate !== null && row.deadline !== null
        ? campaignInfo({ id: row.campaignId, year: row.year, openingDate: row.openingDate, deadline: row.deadline }, campaignTitle(type, row.year)).deadlineText
        : null;
    dossiers.push({ id: row.id, title: type.title({ campaignYear: row.year, reference: row.reference }), href: type.facilityPath(row.id), deadlineText, reopenReason: row.reopenReason });
  }
  const openCampaigns: CampaignTask[] = [];
  for (const c of rows[0]?.openCampaigns ?? []) {
    const type = dossierType(c.typeCode);
    // Only for a user who may create the dossier: the task would otherwise be a dead end.
    if (!mayEditType(type, facility)) continue;
    const campaign = campaignInfo({ id: c.id, year: c.year, openingDate: new Date(c.openingDate), deadline: c.deadline === null ? null : new Date(c.deadline) }, campaignTitle(type, c.year));
    if (campaignPhase(campaign, at) === 'open') openCampaigns.push({ title: campaign.title, deadlineText: campaign.deadlineLong, href: `/themas/${type.themeSlug}` });
  }
  return { dossiers, openCampaigns, themesWithoutContact: themes.filter((t) => !covered.has(t.id)), organisationEmail: rows[0]?.organisationEmail ?? null };
}
