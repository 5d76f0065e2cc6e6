// What the department's outbox pages (M28) need: counts per status, a
// filtered list paged in SQL, and a retry of a failed e-mail.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Prisma } from '../generated/prisma/client.js';
import { projectRoot } from '../paths.js';
import type { PrismaClient } from '../db/client.js';
import type { OutboxMailStatus } from '../generated/prisma/enums.js';
import { recordAudit, type AuditActor } from '../modules/audit/index.js';
import { maskSecrets } from './outbox.js';

export const OUTBOX_STATUSES: readonly OutboxMailStatus[] = ['queued', 'sending', 'sent', 'failed'];

export interface OutboxFilter {
  status?: OutboxMailStatus;
  /** Part of a recipient's address, case-insensitive. */
  recipient?: string;
  /** The template's name, exactly ("notification"). */
  template?: string;
  /** Queued at or after this moment. */
  createdFrom?: Date;
  /** Queued before this moment. */
  createdBefore?: Date;
  facilityId?: number;
}

/** An outbox row without its bodies, for lists. */
export interface OutboxMailSummary {
  id: number;
  messageId: string;
  recipients: string[];
  subject: string;
  template: string;
  status: OutboxMailStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  facilityId: number | null;
  causeType: string | null;
  causeId: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface OutboxPage {
  items: OutboxMailSummary[];
  /** Rows matching the filter, on all pages. */
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

export async function countByStatus(prisma: PrismaClient): Promise<Record<OutboxMailStatus, number>> {
  const groups = await prisma.outboxMail.groupBy({ by: ['status'], _count: { _all: true } });
  const counts = Object.fromEntries(OUTBOX_STATUSES.map((status) => [status, 0])) as Record<OutboxMailStatus, number>;
  for (const group of groups) counts[group.status] = group._count._all;
  return counts;
}

const escapeLike = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

function whereClause(filter: OutboxFilter): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (filter.status) conditions.push(Prisma.sql`status = ${filter.status}::outbox_mail_status`);
  const recipient = filter.recipient?.trim();
  // Recipients are an array: search its elements joined (no address contains a newline).
  if (recipient) conditions.push(Prisma.sql`array_to_string(recipients, E'\n') ILIKE ${`%${escapeLike(recipient)}%`}`);
  if (filter.template) conditions.push(Prisma.sql`template = ${filter.template}`);
  if (filter.createdFrom) conditions.push(Prisma.sql`created_at >= ${filter.createdFrom}`);
  if (filter.createdBefore) conditions.push(Prisma.sql`created_at < ${filter.createdBefore}`);
  if (filter.facilityId !== undefined) conditions.push(Prisma.sql`facility_id = ${filter.facilityId}`);
  return conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
}

/** The e-mails matching the filter, newest first, one page at a time. */
export async function listOutboxMails(
  prisma: PrismaClient,
  filter: OutboxFilter = {},
  paging: { page?: number; pageSize?: number } = {},
): Promise<OutboxPage> {
  const pageSize = Math.min(Math.max(Math.trunc(paging.pageSize ?? 25), 1), 200);
  const page = Math.max(Math.trunc(paging.page ?? 1), 1);
  const where = whereClause(filter);
  const [countRow] = await prisma.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM outbox_mail ${where}`;
  const items = await prisma.$queryRaw<OutboxMailSummary[]>`
    SELECT id, message_id AS "messageId", recipients, subject, template, status::text AS status, attempts,
           next_attempt_at AS "nextAttemptAt", last_error AS "lastError", facility_id AS "facilityId",
           cause_type AS "causeType", cause_id AS "causeId", created_at AS "createdAt", sent_at AS "sentAt"
      FROM outbox_mail ${where}
     ORDER BY created_at DESC, id DESC
     LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`;
  const total = countRow?.total ?? 0;
  return { items, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

/**
 * One e-mail with its bodies as stored: secret links show as their placeholder
 * ("/bevestigen/••••…"), and the secrets themselves are never read here.
 */
export function getOutboxMail(prisma: PrismaClient, id: number) {
  return prisma.outboxMail.findUnique({ where: { id }, omit: { secrets: true } });
}

/**
 * One e-mail as the department's page shows it: subject and text body masked
 * (maskSecrets), so that no page lets staff confirm on a contact's behalf. The
 * HTML body and the secrets are not read at all.
 */
export async function getMaskedOutboxMail(prisma: PrismaClient, id: number) {
  const mail = await prisma.outboxMail.findUnique({ where: { id }, omit: { secrets: true, html: true } });
  if (!mail) return null;
  return { ...mail, subject: maskSecrets(mail.subject), text: maskSecrets(mail.text), lastError: mail.lastError === null ? null : maskSecrets(mail.lastError) };
}

/** The e-mail templates (views/emails/<name>.html.njk, the layout excepted), for the filter: read from the folder, not from a scan of the outbox. */
export function mailTemplates(): string[] {
  return readdirSync(join(projectRoot, 'views', 'emails'))
    .filter((file) => file.endsWith('.html.njk') && !file.startsWith('layout.'))
    .map((file) => file.replace(/\.html\.njk$/, ''))
    .sort();
}

/**
 * Puts a failed e-mail back in the queue with fresh attempts, and records who
 * did it in the same transaction; false when it is not (or no longer) failed.
 */
export async function retryFailedMail(prisma: PrismaClient, id: number, by: { actor: AuditActor; teamCode: string }): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.outboxMail.updateMany({
      where: { id, status: 'failed' },
      data: { status: 'queued', attempts: 0, nextAttemptAt: new Date(), lockedBy: null, leaseUntil: null },
    });
    if (count !== 1) return false;
    const mail = await tx.outboxMail.findUniqueOrThrow({ where: { id }, select: { facilityId: true, recipients: true, template: true } });
    await recordAudit(tx, {
      actor: by.actor,
      kind: 'mail.retried',
      record: { type: 'OutboxMail', id },
      facilityId: mail.facilityId,
      teamCode: by.teamCode,
      summary: `E-mail ${id} aan ${mail.recipients.join(', ')} opnieuw in de wachtrij gezet.`,
      details: { template: mail.template },
    });
    return true;
  });
}

/** The outbox pages' service, wired once in src/services.ts. */
export function createMailAdminService(prisma: PrismaClient) {
  const templates = mailTemplates();
  return {
    countByStatus: () => countByStatus(prisma),
    /** A page of the list, subjects and errors masked like a single e-mail's. */
    list: async (filter: OutboxFilter, paging: { page?: number; pageSize?: number }): Promise<OutboxPage> => {
      const found = await listOutboxMails(prisma, filter, paging);
      return { ...found, items: found.items.map((m) => ({ ...m, subject: maskSecrets(m.subject), lastError: m.lastError === null ? null : maskSecrets(m.lastError) })) };
    },
    templates: () => templates,
    mail: (id: number) => getMaskedOutboxMail(prisma, id),
    retry: (id: number, by: { actor: AuditActor; teamCode: string }) => retryFailedMail(prisma, id, by),
  };
}

export type MailAdminService = ReturnType<typeof createMailAdminService>;
