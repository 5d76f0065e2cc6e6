// The raw SQL of Zorgaanbod: the report lines of an upload (the facility's,
// through its scope) and the status page of Team Eerstelijn (a plain client;
// the routes check the team).
import type { PrismaClient } from '../../db/client.js';
import type { FacilityScope, FacilityScopeTx } from '../../auth/facility-scope.js';
import { Prisma } from '../../generated/prisma/client.js';
import { SUBMITTED_STATUSES, type DossierStatus } from '../dossier-core/index.js';

/** The facility type of the lists: huisartsenkringen. */
export const KRING_TYPE = 'huisartsenkring';

/**
 * The report's lines of an upload in one statement (up to 5,000 lines). The
 * upload was just made in this facility's scope; the condition on its facility
 * (the scope's own id) keeps this hand-written write inside the scope all the same.
 */
export async function insertReportLines(tx: FacilityScopeTx, scope: FacilityScope, uploadId: number, lines: unknown[]): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO zorgaanbod_report_line (upload_id, excel_row, "values", errors, has_errors)
    SELECT u.id, x."excelRow", x."values", ARRAY(SELECT jsonb_array_elements_text(x.errors)), x."hasErrors"
    FROM zorgaanbod_upload u, jsonb_to_recordset(${JSON.stringify(lines)}::jsonb)
      AS x("excelRow" int, "values" jsonb, errors jsonb, "hasErrors" boolean)
    WHERE u.id = ${uploadId} AND u.facility_id = ${scope.$facilityId()}`;
}

const submitted = Prisma.sql`d.status::text = ANY(${[...SUBMITTED_STATUSES]})`;
const kringen = (campaignId: number) => Prisma.sql`FROM facility f JOIN facility_type t ON t.id = f.facility_type_id
  LEFT JOIN dossier d ON d.facility_id = f.id AND d.campaign_id = ${campaignId}
  WHERE t.code = ${KRING_TYPE}`;

/** The campaign's kringen, how many submitted, and their huisartsen in the submitted lists. */
export async function statusCounts(prisma: PrismaClient, campaignId: number): Promise<{ total: number; submitted: number; gps: number }> {
  const [counts] = await prisma.$queryRaw<{ total: number; submitted: number; gps: number }[]>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE ${submitted})::int AS submitted,
      coalesce(sum((SELECT count(*) FROM zorgaanbod_row r WHERE r.list_id = d.id AND ${submitted})), 0)::int AS gps ${kringen(campaignId)}`;
  return counts ?? { total: 0, submitted: 0, gps: 0 };
}

export interface StatusSqlRow {
  facilityId: number;
  name: string;
  hcoNumber: string;
  municipality: string;
  listId: number | null;
  dossierStatus: DossierStatus | null;
  status: 'ingediend' | 'niet ingediend';
  gpCount: number;
  submittedAt: Date | null;
  hasUpload: boolean;
}

/** One page of the kringen by name, with their list's status. */
export function statusRows(prisma: PrismaClient, campaignId: number, limit: number, offset: number): Promise<StatusSqlRow[]> {
  return prisma.$queryRaw<StatusSqlRow[]>`
    SELECT f.id AS "facilityId", f.name, f.hco_number AS "hcoNumber", f.municipality, d.id AS "listId", d.status AS "dossierStatus",
      CASE WHEN ${submitted} THEN 'ingediend' ELSE 'niet ingediend' END AS status,
      CASE WHEN ${submitted} THEN (SELECT count(*)::int FROM zorgaanbod_row r WHERE r.list_id = d.id) ELSE 0 END AS "gpCount",
      d.submitted_at AS "submittedAt",
      EXISTS (SELECT 1 FROM zorgaanbod_upload u WHERE u.list_id = d.id) AS "hasUpload"
    ${kringen(campaignId)}
    ORDER BY f.name, f.id
    LIMIT ${limit} OFFSET ${offset}`;
}
