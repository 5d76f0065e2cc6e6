// The audit trail's hand-written SQL. The trail is read by the technical
// helpdesk over every facility, so no query here is bound to a facility scope.
import type { SqlClient } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { AuditKind } from './record.js';

const { sql, join, empty } = Prisma;

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilter {
  facilityId?: number;
  actorUserId?: number;
  kind?: AuditKind;
  /** Occurred at or after this moment. */
  from?: Date;
  /** Occurred before this moment. */
  before?: Date;
}

/** One row of the trail as stored, with its facility's name. */
export interface AuditRecord {
  id: bigint;
  occurredAt: Date;
  actorUserId: number | null;
  actorName: string;
  facilityId: number | null;
  facilityName: string | null;
  teamCode: string | null;
  kind: string;
  recordType: string;
  recordId: string;
  summary: string;
}

/**
 * The conditions of a filter. Each filter column leads one of the table's
 * indexes, (column, occurred_at DESC): the page is an index range walked in
 * order. Exported for the EXPLAIN test.
 */
export function auditPageSql(filter: AuditFilter, page: number, pageSize = AUDIT_PAGE_SIZE): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (filter.facilityId !== undefined) conditions.push(sql`a.facility_id = ${filter.facilityId}`);
  if (filter.actorUserId !== undefined) conditions.push(sql`a.actor_user_id = ${filter.actorUserId}`);
  if (filter.kind !== undefined) conditions.push(sql`a.kind = ${filter.kind}`);
  if (filter.from) conditions.push(sql`a.occurred_at >= ${filter.from}`);
  if (filter.before) conditions.push(sql`a.occurred_at < ${filter.before}`);
  const where = conditions.length > 0 ? sql`WHERE ${join(conditions, ' AND ')}` : empty;
  // Only the rows of the page are joined to their facility.
  return sql`
    SELECT a.id, a.occurred_at AS "occurredAt", a.actor_user_id AS "actorUserId", a.actor_name AS "actorName",
           a.facility_id AS "facilityId", f.name AS "facilityName", a.team_code AS "teamCode", a.kind,
           a.record_type AS "recordType", a.record_id AS "recordId", a.summary
    FROM (
      SELECT * FROM audit_event a ${where}
      ORDER BY a.occurred_at DESC, a.id DESC
      LIMIT ${pageSize + 1} OFFSET ${(page - 1) * pageSize}
    ) a
    LEFT JOIN facility f ON f.id = a.facility_id
    ORDER BY a.occurred_at DESC, a.id DESC`;
}

/** One page of the trail, newest first, with one row more than the page when a next page exists. */
export function auditPage(db: SqlClient, filter: AuditFilter, page: number): PromiseLike<AuditRecord[]> {
  return db.$queryRaw<AuditRecord[]>(auditPageSql(filter, page));
}
