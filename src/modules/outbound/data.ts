// The outbound messages' hand-written SQL: the selection of a bulk send (the
// department writes to facilities of a type, optionally per campaign status)
// and the bulk worker's claims on its targets. Department work over every
// facility, so no query here is bound to a facility scope.
import type { SqlClient } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { campaignFacilitiesSql, progressSql, type CampaignProgress, type CampaignScope } from '../campaigns/index.js';

const { sql } = Prisma;

/** A LIKE pattern that finds `text` anywhere, with the user's % and _ taken literally. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The facilities a bulk send selects: of a type, by part of the gemeente and of the name, and optionally by their progress in a campaign. */
export interface BulkSelection {
  facilityTypeId: number;
  gemeente?: string | undefined;
  naam?: string | undefined;
  campaign?: { scope: CampaignScope; states: CampaignProgress[] } | undefined;
}

/** `FROM` and `WHERE` of the selection's facilities, as `f`. */
function selectionSql(selection: BulkSelection): Prisma.Sql {
  const conditions = [sql`f.facility_type_id = ${selection.facilityTypeId}`];
  if (selection.gemeente) conditions.push(sql`f.municipality ILIKE ${containsPattern(selection.gemeente)}`);
  if (selection.naam) conditions.push(sql`f.name ILIKE ${containsPattern(selection.naam)}`);
  const from = selection.campaign
    ? sql`${campaignFacilitiesSql(selection.campaign.scope)} AND ${progressSql} = ANY(${selection.campaign.states}) AND`
    : sql`FROM facility f WHERE`;
  return sql`${from} ${Prisma.join(conditions, ' AND ')}`;
}

/** How many facilities the selection holds. */
export async function selectionCount(db: SqlClient, selection: BulkSelection): Promise<number> {
  const counted = await db.$queryRaw<{ n: number }[]>(sql`SELECT count(*)::int AS n ${selectionSql(selection)}`);
  return counted[0]?.n ?? 0;
}

/** The names of the selection's first `limit` facilities, by name. */
export async function selectionSample(db: SqlClient, selection: BulkSelection, limit: number): Promise<string[]> {
  const rows = await db.$queryRaw<{ name: string }[]>(sql`SELECT f.name ${selectionSql(selection)} ORDER BY f.name, f.id LIMIT ${limit}`);
  return rows.map((r) => r.name);
}

/** Fixes the selection as it is now as the bulk send's targets; how many. */
export function insertTargets(tx: SqlClient, bulkSendId: number, selection: BulkSelection): PromiseLike<number> {
  return tx.$executeRaw(sql`INSERT INTO bulk_send_target (bulk_send_id, facility_id) SELECT ${bulkSendId}, f.id ${selectionSql(selection)} ORDER BY f.id`);
}

// --- The bulk worker ---------------------------------------------------------

export interface ClaimedTarget {
  id: number;
  bulk_send_id: number;
  facility_id: number;
  attempts: number;
}

/**
 * The oldest pending targets that no other transaction holds, locked until the
 * transaction ends; the index on (done_at, id) serves both the filter and the order.
 */
export function claimTargets(tx: SqlClient, limit: number): PromiseLike<ClaimedTarget[]> {
  return tx.$queryRaw<ClaimedTarget[]>`
    SELECT t.id, t.bulk_send_id, t.facility_id, t.attempts
      FROM bulk_send_target t
     WHERE t.done_at IS NULL
     ORDER BY t.id
     LIMIT ${limit}
       FOR UPDATE SKIP LOCKED`;
}

/** Marks the targets done with their thread (`threads[i]` for `ids[i]`; 0: no thread, stored as null). */
export async function markTargetsDone(tx: SqlClient, ids: number[], threads: number[]): Promise<void> {
  await tx.$executeRaw`
    UPDATE bulk_send_target t SET done_at = now(), thread_id = nullif(v.thread_id, 0)
      FROM unnest(${ids}::int[], ${threads}::int[]) AS v(id, thread_id)
     WHERE t.id = v.id`;
}

/** One more attempt for each of the targets still pending; a target at `maxAttempts` is given up (done, failed_at set). */
export function countFailedAttempts(db: SqlClient, ids: number[], maxAttempts: number): PromiseLike<{ id: number; failed: boolean }[]> {
  return db.$queryRaw<{ id: number; failed: boolean }[]>`
    UPDATE bulk_send_target
       SET attempts = attempts + 1,
           failed_at = CASE WHEN attempts + 1 >= ${maxAttempts} THEN now() END,
           done_at = CASE WHEN attempts + 1 >= ${maxAttempts} THEN now() END
     WHERE id = ANY(${ids}::int[]) AND done_at IS NULL
    RETURNING id, failed_at IS NOT NULL AS failed`;
}

/**
 * Jobs without a pending target are finished; the number finished. Run when a
 * lane finds nothing to do, so that it never races a target still being sent.
 */
export function finishBulkSends(db: SqlClient): PromiseLike<number> {
  return db.$executeRaw`
    UPDATE bulk_send b SET finished_at = now()
     WHERE b.finished_at IS NULL AND b.total > 0
       AND NOT EXISTS (SELECT 1 FROM bulk_send_target t WHERE t.bulk_send_id = b.id AND t.done_at IS NULL)`;
}
