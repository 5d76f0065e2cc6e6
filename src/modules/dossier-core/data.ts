// The dossier core's hand-written SQL. Every read of facility data binds the
// facility scope's own id, never one from the request; the department's queue
// reads the dossiers of every facility, bounded by the viewer's types.
import type { FacilityScope } from '../../auth/facility-scope.js';
import type { SqlClient } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { addCalendarDays, dbDateOf, type CalendarDate } from '../../lib/dates.js';
import { ALL_SUBMITTED, SUBMITTED_STATUSES, WAITING_STATUSES, type DossierStatus, type OwnDossier, type StatusChoice } from './type.js';

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

// --- The department's queue (handling.ts) ----------------------------------

export const QUEUE_PAGE_SIZE = 50;

export interface QueueFilter {
  type?: string;
  /** One status, or 'alle': every dossier submitted at least once. Without it: the waiting ones. */
  status?: StatusChoice;
  /** Part of the facility's name, or its HCO number. */
  facility?: string;
  /** 'mij': assigned to the viewer; 'niemand': unassigned; a user id: that colleague. */
  handler?: 'mij' | 'niemand' | number;
  /** 'binnen-7-dagen': the term ends within 7 days; 'verlopen': the term has passed. */
  term?: 'binnen-7-dagen' | 'verlopen';
  page: number;
}

export interface QueueSqlRow {
  id: number;
  reference: string;
  typeCode: string;
  facilityName: string;
  hcoNumber: string;
  status: DossierStatus;
  submittedAt: Date | null;
  handlerName: string | null;
  termEndsOn: Date | null;
}

/** The waiting statuses as SQL literals (constants of the code, never input), so that the planner can match the partial index on them. */
const WAITING_SQL = Prisma.raw(`d.status IN (${WAITING_STATUSES.map((s) => `'${s}'`).join(', ')})`);

/**
 * Every dossier submitted at least once (the queue's status 'alle'): the
 * lifecycle sets submitted_at on every submission and no transition clears it,
 * so a heropend or afgehandeld dossier keeps it and one in opmaak has none.
 * The predicate of the partial index dossier_submitted_queue_idx, in the
 * queue's order. The department's export requires it with every filter.
 */
const SUBMITTED_ONCE_SQL = Prisma.raw('d.submitted_at IS NOT NULL');

/**
 * The queue's filter as SQL: the one definition of which dossiers a filter
 * selects, used by the queue's count and page and by the department's export
 * of a type (each type's `rows()` reads `ExportSelection.conditions`), so that
 * an export holds exactly the dossiers the queue shows.
 */
export interface DossierConditions {
  /** `WITH found AS MATERIALIZED (…) ` when the filter searches a facility, else empty: goes before the statement's SELECT. */
  with: Prisma.Sql;
  /** What to join as the facility `f`: the found facilities, or facility. */
  facilities: Prisma.Sql;
  /** Whether `facilities` must be joined to apply the filter (a facility search). */
  searches: boolean;
  /** The conditions on the dossier `d`, joined by AND. */
  where: Prisma.Sql;
}

/**
 * The dossiers a campaign counts as submitted (ingediend, in behandeling,
 * afgehandeld; not one sent back): the selection of an export without the
 * queue's filter (the campaign pages).
 */
export const CAMPAIGN_SUBMITTED: DossierConditions = {
  with: Prisma.empty,
  facilities: Prisma.sql`facility`,
  searches: false,
  where: Prisma.sql`d.status::text = ANY(${[...SUBMITTED_STATUSES]})`,
};

/**
 * The conditions of the visible type codes and a filter. The waiting statuses
 * are literals and one chosen status is cast to the enum in SQL, so that both
 * use the index dossier_waiting_queue_idx (WHERE status IN the waiting ones,
 * in the queue's order); every submitted dossier ('alle') uses
 * dossier_submitted_queue_idx the same way.
 */
export function queueConditions({ codes, viewerId, filter, today }: QueueQuery): DossierConditions {
  const search = filter.facility?.trim();
  const conditions: Prisma.Sql[] = [
    Prisma.sql`d.type_code = ANY(${[...codes]})`,
    filter.status === ALL_SUBMITTED ? SUBMITTED_ONCE_SQL : filter.status ? Prisma.sql`d.status = ${filter.status}::dossier_status` : WAITING_SQL,
    ...(filter.handler === 'mij' ? [Prisma.sql`d.handler_id = ${viewerId}`] : []),
    ...(filter.handler === 'niemand' ? [Prisma.sql`d.handler_id IS NULL`] : []),
    ...(typeof filter.handler === 'number' ? [Prisma.sql`d.handler_id = ${filter.handler}`] : []),
    ...(filter.term === 'binnen-7-dagen' ? [Prisma.sql`d.term_ends_on BETWEEN ${dbDateOf(today)} AND ${dbDateOf(addCalendarDays(today, 7))}`] : []),
    ...(filter.term === 'verlopen' ? [Prisma.sql`d.term_ends_on < ${dbDateOf(today)}`] : []),
  ];
  // The facilities found by the search, once per statement (MATERIALIZED): a name part
  // common to many names is a scan of facility, which the count and the page share.
  return {
    with: search
      ? Prisma.sql`WITH found AS MATERIALIZED (SELECT id, name, hco_number FROM facility WHERE name ILIKE ${`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} OR hco_number = ${search}) `
      : Prisma.empty,
    facilities: search ? Prisma.sql`found` : Prisma.sql`facility`,
    searches: Boolean(search),
    where: Prisma.join(conditions, ' AND '),
  };
}

/**
 * The department's export of a type: the queue's conditions, and never a
 * dossier that was not submitted once (the queue lists drafts under status
 * opmaak; an export of submitted dossiers does not).
 */
export function exportConditions(query: QueueQuery): DossierConditions {
  const queue = queueConditions(query);
  return { ...queue, where: Prisma.sql`${SUBMITTED_ONCE_SQL} AND ${queue.where}` };
}

/**
 * The queue's count and page queries for the visible type codes and a filter
 * (exported for the EXPLAIN test), on `queueConditions`: a page reads its rows
 * from the index instead of sorting; the count joins facility only to search
 * on it (every dossier has one).
 * `page` answers the count and the page in one statement (the count on every
 * row, one row with a null id when the page is empty): one round trip to the
 * database instead of two, which on a busy machine is what a request waits for.
 */
export function queueSql(query: QueueQuery) {
  const { with: found, facilities, searches, where: conditions } = queueConditions(query);
  const where = Prisma.sql`WHERE ${conditions}`;
  const countOf = searches
    ? Prisma.sql`SELECT count(*)::int AS n FROM dossier d JOIN ${facilities} f ON f.id = d.facility_id ${where}`
    : Prisma.sql`SELECT count(*)::int AS n FROM dossier d ${where}`;
  return {
    count: Prisma.sql`${found}${countOf}`,
    page: (page: number) => Prisma.sql`
      ${found}SELECT c.n AS total, p.* FROM (${countOf}) c LEFT JOIN LATERAL (
        SELECT d.id, d.reference, d.type_code AS "typeCode", f.name AS "facilityName", f.hco_number AS "hcoNumber", d.status::text AS status,
               d.submitted_at AS "submittedAt", d.term_ends_on AS "termEndsOn",
               CASE WHEN u.id IS NULL THEN NULL ELSE u.given_name || ' ' || u.surname END AS "handlerName"
        FROM dossier d JOIN ${facilities} f ON f.id = d.facility_id LEFT JOIN app_user u ON u.id = d.handler_id
        ${where}
        ORDER BY d.term_ends_on ASC NULLS LAST, d.submitted_at ASC NULLS LAST, d.id
        LIMIT ${QUEUE_PAGE_SIZE} OFFSET ${(page - 1) * QUEUE_PAGE_SIZE}
      ) p ON true
      ORDER BY p."termEndsOn" ASC NULLS LAST, p."submittedAt" ASC NULLS LAST, p.id`,
  };
}

/** What the queue shows: the visible type codes, the viewer (for "mij"), the filter, and today (for the term filters). */
export interface QueueQuery {
  codes: readonly string[];
  viewerId: number;
  filter: Omit<QueueFilter, 'page'>;
  today: CalendarDate;
}

/** One page of the queue with the count on every row (one row with a null id when the page is empty). */
export function queuePage(db: SqlClient, query: QueueQuery, page: number): PromiseLike<(Omit<QueueSqlRow, 'id'> & { id: number | null; total: number })[]> {
  return db.$queryRaw<(Omit<QueueSqlRow, 'id'> & { id: number | null; total: number })[]>(queueSql(query).page(page));
}

/** The slugs of the themes the teams (codes) handle. */
export async function themeSlugsOfTeams(db: SqlClient, teamCodes: readonly string[]): Promise<string[]> {
  const rows = await db.$queryRaw<{ slug: string }[]>`SELECT DISTINCT th.slug FROM theme_team tt JOIN team t ON t.id = tt.team_id JOIN theme th ON th.id = tt.theme_id WHERE t.code = ANY(${[...teamCodes]})`;
  return rows.map((r) => r.slug);
}
