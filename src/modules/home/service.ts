// "Mijn taken" on the startpagina (M6): the draft dossiers to submit, the open
// campaigns of every campaign-bound type in which the facility has no dossier
// yet, and the themes without a confirmed contact person, read in one round
// trip. The types come from the registry: a new type shows up here untouched.
import type { FacilityScope } from '../../auth/facility-scope.js';
import { themesOfFacilityType, type ThemeRef } from '../themes/index.js';
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

interface TaskSqlRow {
  covered: number[];
  /** Campaigns of the facility's type around today without a dossier of the facility; dates as "YYYY-MM-DD". */
  openCampaigns: { id: number; typeCode: string; year: number; openingDate: string; deadline: string | null }[];
  organisationEmail: string | null;
  id: number | null;
  typeCode: string | null;
  reference: string | null;
  campaignId: number | null;
  year: number | null;
  openingDate: Date | null;
  deadline: Date | null;
  reopenReason: string | null;
}

export async function myTasks(scope: FacilityScope, facility: { facilityTypeId: number; roles: string[] }, at: Date): Promise<MyTasks> {
  const facilityId = scope.$facilityId();
  const types = taskTypes();
  const campaignTypes = types.filter((t) => t.campaignBound).map((t) => t.code);
  // One row with the covered themes when there is no draft, else one row per draft (newest campaign first).
  const [themes, rows] = await Promise.all([
    themesOfFacilityType(scope, facility.facilityTypeId),
    scope.$queryRaw<TaskSqlRow[]>`
      SELECT cov.covered, cov."organisationEmail", oc.campaigns AS "openCampaigns", d.id, d."typeCode", d.reference, d."campaignId", d.year, d."openingDate", d.deadline, d."reopenReason"
      FROM (SELECT coalesce(array_agg(DISTINCT ct.theme_id), '{}') AS covered,
                   (SELECT nullif(f.email, '') FROM facility f WHERE f.id = ${facilityId}) AS "organisationEmail"
            FROM contact_person_theme ct JOIN contact_person cp ON cp.id = ct.contact_person_id
            WHERE cp.facility_id = ${facilityId} AND cp.confirmed_at IS NOT NULL) cov
      CROSS JOIN LATERAL (
        -- A day of margin on either side: whether it is open is decided below, in Europe/Brussels (campaignPhase).
        SELECT coalesce(json_agg(json_build_object('id', c.id, 'typeCode', c.type_code, 'year', c.year, 'openingDate', c.opening_date, 'deadline', c.deadline)
                                 ORDER BY c.year DESC, c.type_code), '[]'::json) AS campaigns
        FROM campaign c JOIN facility f ON f.id = ${facilityId} JOIN facility_type ft ON ft.id = f.facility_type_id
        WHERE c.type_code = ANY (${campaignTypes}::text[]) AND ft.code = ANY (c.facility_type_codes)
          AND c.opening_date <= ${at}::date + 1 AND (c.deadline IS NULL OR c.deadline >= ${at}::date - 1)
          AND NOT EXISTS (SELECT 1 FROM dossier x WHERE x.facility_id = ${facilityId} AND x.campaign_id = c.id)
      ) oc
      LEFT JOIN LATERAL (
        SELECT d.id, d.type_code AS "typeCode", d.reference, c.id AS "campaignId", c.year, c.opening_date AS "openingDate", c.deadline,
               CASE WHEN d.status = 'heropend' THEN d.reopen_reason END AS "reopenReason", d.created_at AS "createdAt"
        FROM dossier d LEFT JOIN campaign c ON c.id = d.campaign_id
        WHERE d.facility_id = ${facilityId} AND d.type_code = ANY(${types.map((t) => t.code)}::text[]) AND d.status IN ('opmaak', 'heropend')
      ) d ON true
      ORDER BY d.year DESC NULLS LAST, d."createdAt" DESC`,
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
