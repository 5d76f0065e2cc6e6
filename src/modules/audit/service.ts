// Reading the audit trail (M28): /beheer/audit for the technical helpdesk.
// The trail is only ever read here; rows are written by recordAudit (record.ts)
// and the table refuses UPDATE and DELETE (its append-only trigger).
import type { PrismaClient } from '../../db/client.js';
import { AUDIT_KINDS, type AuditKind } from './record.js';
import { AUDIT_PAGE_SIZE, auditPage, type AuditFilter, type AuditRecord } from './data.js';

export { AUDIT_PAGE_SIZE, type AuditFilter } from './data.js';

export interface AuditRow extends AuditRecord {
  kindLabel: string;
}

export interface AuditPage {
  rows: AuditRow[];
  page: number;
  /** Whether a next page exists (one row more was read; no count over the whole trail). */
  hasNext: boolean;
}

const kindLabel = (kind: string) => (kind in AUDIT_KINDS ? AUDIT_KINDS[kind as AuditKind] : kind);

export function createAuditService(prisma: PrismaClient) {
  /** One page of the trail, newest first. */
  async function list(filter: AuditFilter, page = 1): Promise<AuditPage> {
    const rows = await auditPage(prisma, filter, page);
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
