// "Mijn taken" on the startpagina (M6): the draft dossiers to submit and the
// themes without a confirmed contact person, read in one round trip.
import type { FacilityScope } from '../../auth/facility-scope.js';
import { campaignInfo } from '../dossiers/service.js';
import { themesOfFacilityType, type ThemeRef } from '../themes/service.js';

export interface DossierTask {
  id: number;
  title: string;
  deadlineText: string;
  /** Set when the department sent the dossier back: what to correct. */
  reopenReason: string | null;
}

export interface MyTasks {
  dossiers: DossierTask[];
  themesWithoutContact: ThemeRef[];
  /** Where the department's messages on those themes go meanwhile (the one recipients rule): the organisation's address. */
  organisationEmail: string | null;
}

interface TaskSqlRow {
  covered: number[];
  organisationEmail: string | null;
  id: number | null;
  campaignId: number | null;
  year: number | null;
  openingDate: Date | null;
  deadline: Date | null;
  kortingCents: number | null;
  reopenReason: string | null;
}

export async function myTasks(scope: FacilityScope, facility: { facilityTypeId: number }): Promise<MyTasks> {
  const facilityId = scope.$facilityId();
  // One row with the covered themes when there is no draft, else one row per draft (newest campaign first).
  const [themes, rows] = await Promise.all([
    themesOfFacilityType(scope, facility.facilityTypeId),
    scope.$queryRaw<TaskSqlRow[]>`
      SELECT cov.covered, cov."organisationEmail", d.id, d."campaignId", d.year, d."openingDate", d.deadline, d."kortingCents", d."reopenReason"
      FROM (SELECT coalesce(array_agg(DISTINCT ct.theme_id), '{}') AS covered,
                   (SELECT nullif(f.email, '') FROM facility f WHERE f.id = ${facilityId}) AS "organisationEmail"
            FROM contact_person_theme ct JOIN contact_person cp ON cp.id = ct.contact_person_id
            WHERE cp.facility_id = ${facilityId} AND cp.confirmed_at IS NOT NULL) cov
      LEFT JOIN LATERAL (
        SELECT d.id, c.id AS "campaignId", c.year, c.opening_date AS "openingDate", c.deadline, c.korting_cents AS "kortingCents",
               CASE WHEN d.status = 'heropend' THEN d.reopen_reason END AS "reopenReason"
        FROM dossier d JOIN campaign c ON c.id = d.campaign_id
        WHERE d.facility_id = ${facilityId} AND d.status IN ('opmaak', 'heropend')
      ) d ON true
      ORDER BY d.year DESC`,
  ]);
  const covered = new Set(rows[0]?.covered ?? []);
  const dossiers: DossierTask[] = [];
  for (const row of rows) {
    if (row.id === null || row.campaignId === null || row.year === null || row.openingDate === null || row.deadline === null) continue;
    const campaign = campaignInfo({ id: row.campaignId, year: row.year, openingDate: row.openingDate, deadline: row.deadline, kortingCents: row.kortingCents ?? 0 });
    dossiers.push({ id: row.id, title: campaign.title, deadlineText: campaign.deadlineText, reopenReason: row.reopenReason });
  }
  return { dossiers, themesWithoutContact: themes.filter((t) => !covered.has(t.id)), organisationEmail: rows[0]?.organisationEmail ?? null };
}
