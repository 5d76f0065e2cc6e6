// The dossier core's hand-written SQL. Every read of facility data binds the
// facility scope's own id, never one from the request.
import type { FacilityScope } from '../../auth/facility-scope.js';
import type { OwnDossier } from './type.js';

/** The acting facility's dossiers of the given types, newest first, with their campaign's year: one round trip. */
export function ownDossiers(scope: FacilityScope, typeCodes: readonly string[]): Promise<OwnDossier[]> {
  return scope.$queryRaw<OwnDossier[]>`
    SELECT d.id, d.type_code AS "typeCode", d.reference, d.status::text AS status, d.outcome::text AS outcome,
           d.campaign_id AS "campaignId", c.year AS "campaignYear",
           d.created_at AS "createdAt", d.updated_at AS "updatedAt", d.submitted_at AS "submittedAt"
    FROM dossier d LEFT JOIN campaign c ON c.id = d.campaign_id
    WHERE d.facility_id = ${scope.$facilityId()} AND d.type_code = ANY(${[...typeCodes]}::text[])
    ORDER BY d.created_at DESC, d.id DESC`;
}
