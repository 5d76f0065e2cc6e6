// What the department's outbox pages (M28) need: counts per status, a
// filtered list paged in SQL, and a retry of a failed e-mail.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths.js';
import type { PrismaClient } from '../db/client.js';
import type { OutboxMailStatus } from '../generated/prisma/enums.js';
import { recordAudit, type AuditActor } from '../modules/audit/index.js';
import { maskSecrets } from './outbox.js';
import { outboxCount, outboxPage, type OutboxFilter, type OutboxMailSummary } from './data.js';

export type { OutboxFilter, OutboxMailSummary } from './data.js';

export const OUTBOX_STATUSES: readonly OutboxMailStatus[] = ['queued', 'sending', 'sent', 'failed'];

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

/** The e-mails matching the filter, newest first, one page at a time. */
export async function listOutboxMails(
  prisma: PrismaClient,
  filter: OutboxFilter = {},
  paging: { page?: number; pageSize?: number } = {},
): Promise<OutboxPage> {
  const pageSize = Math.min(Math.max(Math.trunc(paging.pageSize ?? 25), 1), 200);
  const page = Math.max(Math.trunc(paging.page ?? 1), 1);
  const total = await outboxCount(prisma, filter);
  const items = await outboxPage(prisma, filter, { offset: (page - 1) * pageSize, limit: pageSize });
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
