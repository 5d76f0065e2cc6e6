// The mail module's hand-written SQL: the outbox pages (the department reads
// the e-mails of every facility, M28, so no query here is bound to a facility
// scope), the worker's claims and outcomes (on the pg pool, see worker.ts),
// and the counts behind the mail quotas (quotas.ts).
import type pg from 'pg';
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

// ---- The worker (worker.ts): claims, outcomes and the retention ----

/** An e-mail claimed for sending: its bodies with the secrets still apart. */
export interface ClaimedMail {
  id: number;
  message_id: string;
  recipients: string[];
  subject: string;
  html: string;
  text: string;
  secrets: Record<string, string> | null;
  attempts: number;
  lease_until: Date;
}

// Due e-mails in the order they became due; the index on (status,
// next_attempt_at) serves both the filter and the order.
const CLAIM_SQL = `
  UPDATE outbox_mail
     SET status = 'sending', attempts = attempts + 1, locked_by = $1,
         lease_until = now() + $2::float8 * interval '1 millisecond', updated_at = now()
   WHERE id IN (
         SELECT id FROM outbox_mail
          WHERE status = 'queued' AND next_attempt_at <= now()
          ORDER BY next_attempt_at
          LIMIT $3
            FOR UPDATE SKIP LOCKED)
  RETURNING id, message_id, recipients, subject, html, text, secrets, attempts, lease_until`;

// Sent e-mails past the retention whose bodies are still there; the index on
// (body_purged_at, sent_at) finds them without visiting the purged ones.
const PURGE_SQL = `
  UPDATE outbox_mail
     SET html = '', text = '', secrets = NULL, body_purged_at = now(), updated_at = now()
   WHERE id IN (
         SELECT id FROM outbox_mail
          WHERE body_purged_at IS NULL AND sent_at < now() - $1::float8 * interval '1 millisecond' AND status = 'sent'
          LIMIT $2
            FOR UPDATE SKIP LOCKED)`;

// A failed e-mail keeps its secrets for a retry from the outbox pages, but not
// past the retention either (by then a confirmation link has expired anyway).
const PURGE_FAILED_SECRETS_SQL = `
  UPDATE outbox_mail SET secrets = NULL, updated_at = now()
   WHERE status = 'failed' AND secrets IS NOT NULL AND updated_at < now() - $1::float8 * interval '1 millisecond'`;

// E-mails of a worker that died (or hangs) past its lease: queued again, due
// at once. The attempt its claim counted stays counted.
const REQUEUE_EXPIRED_SQL = `
  UPDATE outbox_mail
     SET status = 'queued', next_attempt_at = now(), locked_by = NULL, lease_until = NULL, updated_at = now()
   WHERE status = 'sending' AND lease_until < now()`;

/** Sets e-mails of a worker that died past its lease queued again; how many. */
export async function requeueExpiredLeases(pool: pg.Pool): Promise<number> {
  return (await pool.query(REQUEUE_EXPIRED_SQL)).rowCount ?? 0;
}

/** Claims at most `batchSize` due e-mails for `workerId`, with a lease of `leaseMs`. */
export async function claimDueMails(pool: pg.Pool, workerId: string, leaseMs: number, batchSize: number): Promise<ClaimedMail[]> {
  return (await pool.query<ClaimedMail>(CLAIM_SQL, [workerId, leaseMs, batchSize])).rows;
}

/** Gives back claimed e-mails that were never tried: the claim counted an attempt that never happened. */
export async function releaseClaims(pool: pg.Pool, ids: number[], workerId: string): Promise<void> {
  await pool.query(
    `UPDATE outbox_mail SET status = 'queued', attempts = greatest(attempts - 1, 0), locked_by = NULL, lease_until = NULL, updated_at = now()
      WHERE id = ANY($1) AND locked_by = $2 AND status = 'sending'`,
    [ids, workerId],
  );
}

/** Marks a claimed e-mail sent, clearing its secrets; false when the worker no longer held it (its lease ran out). */
export async function recordSent(pool: pg.Pool, mailId: number, workerId: string): Promise<boolean> {
  const result = await pool.query(
    `UPDATE outbox_mail SET status = 'sent', sent_at = now(), secrets = NULL, locked_by = NULL, lease_until = NULL, updated_at = now()
      WHERE id = $1 AND locked_by = $2 AND status = 'sending'`,
    [mailId, workerId],
  );
  return (result.rowCount ?? 0) > 0;
}

/** Records a failed attempt: queued again after `retryInMs`, or failed for good. */
export async function recordFailure(pool: pg.Pool, mailId: number, workerId: string, outcome: { status: 'queued' | 'failed'; error: string; retryInMs: number }): Promise<void> {
  await pool.query(
    `UPDATE outbox_mail SET status = $3::outbox_mail_status, last_error = $4, next_attempt_at = now() + $5::float8 * interval '1 millisecond',
            locked_by = NULL, lease_until = NULL, updated_at = now()
      WHERE id = $1 AND locked_by = $2 AND status = 'sending'`,
    [mailId, workerId, outcome.status, outcome.error, outcome.retryInMs],
  );
}

/** Empties the bodies of at most `batch` sent e-mails older than the retention; how many. */
export async function emptySentBodies(pool: pg.Pool, retentionMs: number, batch: number): Promise<number> {
  return (await pool.query(PURGE_SQL, [retentionMs, batch])).rowCount ?? 0;
}

/** Clears the secrets of failed e-mails older than the retention. */
export async function forgetFailedSecrets(pool: pg.Pool, retentionMs: number): Promise<void> {
  await pool.query(PURGE_FAILED_SECRETS_SQL, [retentionMs]);
}

// ---- The mail quotas (quotas.ts) ----

/** The cause type of a confirmation e-mail: each one is a new address to which the portal writes. */
export const NEW_ADDRESS_CAUSE = 'contact-confirmation';

/** A user's and a facility's e-mails and new addresses of the last hour and day. */
export interface MailUsageCounts {
  facility_new_hour: number;
  facility_new_day: number;
  facility_mails_hour: number;
  facility_mails_day: number;
  user_new_hour: number;
  user_new_day: number;
  user_mails_hour: number;
  user_mails_day: number;
}

/**
 * Counts what the user and the facility made the portal send in the last hour
 * and day, new addresses of a message's own contacts included; takes the
 * user's row, so that parallel saves of one user are counted one after the other.
 */
export async function recentMailUsage(tx: Pick<Prisma.TransactionClient, '$queryRaw'>, who: { facilityId: number; userId: number }): Promise<MailUsageCounts | undefined> {
  // Serialises this user's saves across facilities (the facility row is already held by the caller).
  await tx.$queryRaw`SELECT id FROM app_user WHERE id = ${who.userId} FOR UPDATE`;
  const [counts] = await tx.$queryRaw<MailUsageCounts[]>`
    SELECT
      count(*) FILTER (WHERE facility_id = ${who.facilityId} AND cause_type = ${NEW_ADDRESS_CAUSE} AND created_at > now() - interval '1 hour')::int AS facility_new_hour,
      count(*) FILTER (WHERE facility_id = ${who.facilityId} AND cause_type = ${NEW_ADDRESS_CAUSE})::int AS facility_new_day,
      count(*) FILTER (WHERE facility_id = ${who.facilityId} AND created_at > now() - interval '1 hour')::int AS facility_mails_hour,
      count(*) FILTER (WHERE facility_id = ${who.facilityId})::int AS facility_mails_day,
      count(*) FILTER (WHERE caused_by_user_id = ${who.userId} AND cause_type = ${NEW_ADDRESS_CAUSE} AND created_at > now() - interval '1 hour')::int AS user_new_hour,
      count(*) FILTER (WHERE caused_by_user_id = ${who.userId} AND cause_type = ${NEW_ADDRESS_CAUSE})::int AS user_new_day,
      count(*) FILTER (WHERE caused_by_user_id = ${who.userId} AND created_at > now() - interval '1 hour')::int AS user_mails_hour,
      count(*) FILTER (WHERE caused_by_user_id = ${who.userId})::int AS user_mails_day
    FROM outbox_mail
    WHERE created_at > now() - interval '1 day' AND (facility_id = ${who.facilityId} OR caused_by_user_id = ${who.userId})`;
  if (!counts) return undefined;
  // Two ranges, each on an index: the user's rows, and the rows of the facility's threads.
  const [threadOnly] = await tx.$queryRaw<{ facility_hour: number; facility_day: number; user_hour: number; user_day: number }[]>`
    SELECT
      (SELECT count(*) FILTER (WHERE tc.created_at > now() - interval '1 hour') FROM thread_contact tc JOIN thread t ON t.id = tc.thread_id
        WHERE t.facility_id = ${who.facilityId} AND tc.contact_person_id IS NULL AND tc.added_by_user_id IS NOT NULL AND tc.created_at > now() - interval '1 day')::int AS facility_hour,
      (SELECT count(*) FROM thread_contact tc JOIN thread t ON t.id = tc.thread_id
        WHERE t.facility_id = ${who.facilityId} AND tc.contact_person_id IS NULL AND tc.added_by_user_id IS NOT NULL AND tc.created_at > now() - interval '1 day')::int AS facility_day,
      (SELECT count(*) FROM thread_contact tc
        WHERE tc.added_by_user_id = ${who.userId} AND tc.contact_person_id IS NULL AND tc.created_at > now() - interval '1 hour')::int AS user_hour,
      (SELECT count(*) FROM thread_contact tc
        WHERE tc.added_by_user_id = ${who.userId} AND tc.contact_person_id IS NULL AND tc.created_at > now() - interval '1 day')::int AS user_day`;
  if (threadOnly) {
    counts.facility_new_hour += threadOnly.facility_hour;
    counts.facility_new_day += threadOnly.facility_day;
    counts.user_new_hour += threadOnly.user_hour;
    counts.user_new_day += threadOnly.user_day;
  }
  return counts;
}
