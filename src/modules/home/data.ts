// The raw SQL of the startpagina's "Mijn taken": the facility's data, read
// through its scope and bound to the scope's own facility id.
import type { FacilityScope } from '../../auth/facility-scope.js';

export interface TaskSqlRow {
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

/**
 * One row with the covered themes when there is no draft, else one row per
 * draft or reopened dossier of `typeCodes` (newest campaign first); each row
 * carries the open campaigns of `campaignTypes` without a dossier of the facility.
 */
export function taskRows(scope: FacilityScope, campaignTypes: string[], typeCodes: string[], at: Date): Promise<TaskSqlRow[]> {
  const facilityId = scope.$facilityId();
  return scope.$queryRaw<TaskSqlRow[]>`
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
      WHERE d.facility_id = ${facilityId} AND d.type_code = ANY(${typeCodes}::text[]) AND d.status IN ('opmaak', 'heropend')
    ) d ON true
    ORDER BY d.year DESC NULLS LAST, d."createdAt" DESC`;
}
