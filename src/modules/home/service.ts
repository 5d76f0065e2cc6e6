// "Mijn taken" on the startpagina (M6): the draft dossiers to submit, the open
// Meting dagprijzen in which the facility has no dossier yet, and the themes
// without a confirmed contact person, read in one round trip.
import type { FacilityScope } from '../../auth/facility-scope.js';
import { isCampaignOpen, mayEditDossiers, METING, metingCampaign, PRICES_THEME } from '../dossiers/index.js';
import { themesOfFacilityType, type ThemeRef } from '../themes/index.js';
import { DOSSIER_TYPES, dossierType } from '../dossier-core/index.js';

/** The types whose drafts and reopened dossiers Mijn taken lists (a type with its own task, Zorgaanbod's Excel list, stands apart). */
const taskTypes = () => DOSSIER_TYPES.filter((t) => t.ownTask !== true).map((t) => t.code);

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
  /** "31 mei 2026". */
  deadlineText: string;
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
  openCampaigns: { id: number; year: number; openingDate: string; deadline: string; kortingCents: number }[];
  organisationEmail: string | null;
  id: number | null;
  typeCode: string | null;
  reference: string | null;
  campaignId: number | null;
  year: number | null;
  openingDate: Date | null;
  deadline: Date | null;
  kortingCents: number | null;
  reopenReason: string | null;
}

export async function myTasks(scope: FacilityScope, facility: { facilityTypeId: number; roles: string[] }, at: Date): Promise<MyTasks> {
  const facilityId = scope.$facilityId();
  // One row with the covered themes when there is no draft, else one row per draft (newest campaign first).
  const [themes, rows] = await Promise.all([
    themesOfFacilityType(scope, facility.facilityTypeId),
    scope.$queryRaw<TaskSqlRow[]>`
      SELECT cov.covered, cov."organisationEmail", oc.campaigns AS "openCampaigns", d.id, d."typeCode", d.reference, d."campaignId", d.year, d."openingDate", d.deadline, d."kortingCents", d."reopenReason"
      FROM (SELECT coalesce(array_agg(DISTINCT ct.theme_id), '{}') AS covered,
                   (SELECT nullif(f.email, '') FROM facility f WHERE f.id = ${facilityId}) AS "organisationEmail"
            FROM contact_person_theme ct JOIN contact_person cp ON cp.id = ct.contact_person_id
            WHERE cp.facility_id = ${facilityId} AND cp.confirmed_at IS NOT NULL) cov
      CROSS JOIN LATERAL (
        -- A day of margin on either side: whether it is open is decided below, in Europe/Brussels (isCampaignOpen).
        SELECT coalesce(json_agg(json_build_object('id', c.id, 'year', c.year, 'openingDate', c.opening_date, 'deadline', c.deadline,
                                                   'kortingCents', c.korting_cents) ORDER BY c.year DESC), '[]'::json) AS campaigns
        FROM campaign c JOIN facility f ON f.id = ${facilityId} JOIN facility_type ft ON ft.id = f.facility_type_id
        WHERE c.type_code = ${METING.code} AND ft.code = ANY (c.facility_type_codes)
          AND c.opening_date <= ${at}::date + 1 AND c.deadline >= ${at}::date - 1
          AND NOT EXISTS (SELECT 1 FROM dossier x WHERE x.facility_id = ${facilityId} AND x.campaign_id = c.id)
      ) oc
      LEFT JOIN LATERAL (
        SELECT d.id, d.type_code AS "typeCode", d.reference, c.id AS "campaignId", c.year, c.opening_date AS "openingDate", c.deadline, c.korting_cents AS "kortingCents",
               CASE WHEN d.status = 'heropend' THEN d.reopen_reason END AS "reopenReason", d.created_at AS "createdAt"
        FROM dossier d LEFT JOIN campaign c ON c.id = d.campaign_id
        WHERE d.facility_id = ${facilityId} AND d.type_code = ANY(${taskTypes()}::text[]) AND d.status IN ('opmaak', 'heropend')
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
        ? metingCampaign({ id: row.campaignId, year: row.year, openingDate: row.openingDate, deadline: row.deadline, kortingCents: row.kortingCents ?? 0 }).deadlineText
        : null;
    dossiers.push({ id: row.id, title: type.title({ campaignYear: row.year, reference: row.reference }), href: type.facilityPath(row.id), deadlineText, reopenReason: row.reopenReason });
  }
  const openCampaigns: CampaignTask[] = [];
  if (mayEditDossiers(facility)) {
    for (const c of rows[0]?.openCampaigns ?? []) {
      const campaign = metingCampaign({ id: c.id, year: c.year, openingDate: new Date(c.openingDate), deadline: new Date(c.deadline), kortingCents: c.kortingCents });
      if (isCampaignOpen(campaign, at)) openCampaigns.push({ title: campaign.title, deadlineText: campaign.deadlineLong, href: `/themas/${PRICES_THEME}` });
    }
  }
  return { dossiers, openCampaigns, themesWithoutContact: themes.filter((t) => !covered.has(t.id)), organisationEmail: rows[0]?.organisationEmail ?? null };
}
