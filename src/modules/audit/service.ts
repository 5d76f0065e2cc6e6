// Reading the audit trail (M28): /beheer/audit for the technical helpdesk.
// The trail is only ever read here; rows are written by recordAudit (record.ts)
// and the table refuses UPDATE and DELETE (its append-only trigger).
import type { PrismaClient } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { AUDIT_KINDS, type AuditKind } from './record.js';

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

export interface AuditRow {
  id: bigint;
  occurredAt: Date;
  actorUserId: number | null;
  actorName: string;
  facilityId: number | null;
  facilityName: string | null;
  teamCode: string | null;
  kind: string;
  kindLabel: string;
  recordType: string;
  recordId: string;
  summary: string;
}

export interface AuditPage {
  rows: AuditRow[];
  page: number;
  /** Whether a next page exists (one row more was read; no count over the whole trail). */
  hasNext: boolean;
}

const kindLabel = (kind: string) => (kind in AUDIT_KINDS ? AUDIT_KINDS[kind as AuditKind] : kind);

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

export function createAuditService(prisma: PrismaClient) {
  /** One page of the trail, newest first. */
  async function list(filter: AuditFilter, page = 1): Promise<AuditPage> {
    const rows = await prisma.$queryRaw<Omit<AuditRow, 'kindLabel'>[]>(auditPageSql(filter, page));
    return {
      rows: rows.slice(0, AUDIT_PAGE_SIZE).map((r) => ({ ...r, kindLabel: kindLabel(r.kind) })),
      page,
      hasNext: rows.length > AUDIT_PAGE_SIZE,
    };
  }

  /** Names for the active filters ("WZC Hof ter Linden", "An Peeters"), or undefined when unknown. */
  async function filterNames(filter: AuditFilter): Promise<{ facility?: string; person?: string }> {
    const [facility, user] = await Promise.all([
      filter.facilityId === undefined ? null : prisma.facility.findUnique({ where: { id: filter.facilityId }, select: { name: true, hcoNumber: true } }),
      filter.actorUserId === undefined ? null : prisma.user.findUnique({ where: { id: filter.actorUserId }, select: { givenName: true, surname: true } }),
    ]);
    return {
      ...(facility ? { facility: `${facility.name} (HCO ${facility.hcoNumber})` } : {}),
      ...(user ? { person: `${user.givenName} ${user.surname}` } : {}),
    };
  }

  return { list, filterNames };
}

export type AuditService = ReturnType<typeof createAuditService>;
