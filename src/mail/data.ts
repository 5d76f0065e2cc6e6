// The outbox pages' hand-written SQL: the department reads the e-mails of
// every facility (M28), so no query here is bound to a facility scope.
import type { SqlClient } from '../db/client.js';
import { Prisma } from '../generated/prisma/client.js';
import type { OutboxMailStatus } from '../generated/prisma/enums.js';

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

/** How many e-mails match the filter. */
export async function outboxCount(db: SqlClient, filter: OutboxFilter): Promise<number> {
  const [countRow] = await db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM outbox_mail ${whereClause(filter)}`;
  return countRow?.total ?? 0;
}

/** The e-mails matching the filter, newest first, without their bodies: `limit` of them after `offset`. */
export function outboxPage(db: SqlClient, filter: OutboxFilter, { offset, limit }: { offset: number; limit: number }): PromiseLike<OutboxMailSummary[]> {
  return db.$queryRaw<OutboxMailSummary[]>`
    SELECT id, message_id AS "messageId", recipients, subject, template, status::text AS status, attempts,
           next_attempt_at AS "nextAttemptAt", last_error AS "lastError", facility_id AS "facilityId",
           cause_type AS "causeType", cause_id AS "causeId", created_at AS "createdAt", sent_at AS "sentAt"
      FROM outbox_mail ${whereClause(filter)}
     ORDER BY created_at DESC, id DESC
     LIMIT ${limit} OFFSET ${offset}`;
}
