// The team inbox's hand-written SQL. The department reads threads of every
// facility, bounded by the staff member's teams' themes (`themeIds`, from
// InboxStaff), so no query here is bound to a facility scope.
import type { SqlClient } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { endOfBrusselsDay, startOfBrusselsDay } from '../../lib/dates.js';
import { INBOX_PAGE_SIZE, type InboxFilters } from './schemas.js';

const { sql, join, empty } = Prisma;

/** The inbox counts and pages up to this many threads. */
export const INBOX_COUNT_CAP = 5_000;

/** Thread is unread for the department: a facility message is newer than the team's read marker. */
const UNREAD = sql`(t.department_read_at IS NULL OR t.department_read_at < t.last_activity_at)`;

/** A LIKE pattern that finds `text` anywhere, with the user's % and _ taken literally. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A full referentienummer is looked up by the unique index; a part of one is searched. */
const FULL_REFERENCE = /^DZ-\d{4}-\d{6}$/;

/**
 * The SQL of one inbox page and its count. Each theme is one index range of
 * thread (theme_id, last_activity_at DESC, id DESC, department_read_at),
 * walked newest first; several themes are merged (a Merge Append of the
 * per-theme ranges, each cut at the end of the page) instead of sorting all
 * their threads. Only the page's rows are joined to facility and assignee.
 * Exported for the EXPLAIN test.
 */
export function inboxSql(themeIds: number[], staffMemberId: number, filters: InboxFilters, page: number) {
  const conditions: Prisma.Sql[] = [];
  if (filters.read === 'unread') conditions.push(UNREAD);
  if (filters.read === 'read') conditions.push(sql`NOT ${UNREAD}`);
  if (filters.handling === undefined) conditions.push(sql`t.handled_at IS NULL`);
  if (filters.handling === 'handled') conditions.push(sql`t.handled_at IS NOT NULL`);
  if (filters.assignedToMe) conditions.push(sql`t.staff_member_id = ${staffMemberId}`);
  if (filters.from) conditions.push(sql`t.last_activity_at >= ${startOfBrusselsDay(filters.from)}`);
  if (filters.to) conditions.push(sql`t.last_activity_at < ${endOfBrusselsDay(filters.to)}`);
  if (filters.reference) {
    conditions.push(FULL_REFERENCE.test(filters.reference) ? sql`t.reference = ${filters.reference}` : sql`t.reference ILIKE ${containsPattern(filters.reference)}`);
  }
  if (filters.facility) {
    conditions.push(
      // The matching facilities as an array computed once: the planner can then read their threads through the
      // facility index instead of walking the theme's whole range (a name part may match a hundred facilities).
      sql`t.facility_id = ANY(ARRAY(SELECT f.id FROM facility f WHERE f.hco_number = ${filters.facility} OR f.name ILIKE ${containsPattern(filters.facility)}))`,
    );
  }
  const extra = conditions.length > 0 ? sql` AND ${join(conditions, ' AND ')}` : empty;
  const ids = themeIds.length > 0 ? themeIds : [-1];
  const offset = (page - 1) * INBOX_PAGE_SIZE;
  const perTheme = ids.map(
    (themeId) => sql`(SELECT t.id, t.last_activity_at FROM thread t WHERE t.theme_id = ${themeId}${extra}
      ORDER BY t.last_activity_at DESC, t.id DESC LIMIT ${offset + INBOX_PAGE_SIZE})`,
  );
  // Counted up to one past the cap: a team's theme holds tens of thousands of threads, and walking them all on every page costs more than the page.
  const countQuery = sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM thread t WHERE t.theme_id = ANY(${ids}::int[])${extra} LIMIT ${INBOX_COUNT_CAP + 1}) c`;
  const pageQuery = sql`
    SELECT t.id, t.reference, t.title, t.theme_id, t.last_activity_at, ${UNREAD} AS unread, t.handled_at IS NOT NULL AS handled,
           f.name AS facility_name, f.hco_number, u.given_name || ' ' || u.surname AS assignee
    FROM (
      SELECT u.id, u.last_activity_at FROM (${join(perTheme, ' UNION ALL ')}) u
      ORDER BY u.last_activity_at DESC, u.id DESC
      LIMIT ${INBOX_PAGE_SIZE} OFFSET ${offset}
    ) p
    JOIN thread t ON t.id = p.id
    JOIN facility f ON f.id = t.facility_id
    LEFT JOIN staff_member s ON s.id = t.staff_member_id
    LEFT JOIN app_user u ON u.id = s.user_id
    ORDER BY t.last_activity_at DESC, t.id DESC`;
  return { countQuery, pageQuery };
}

/** The counts of /beheer: unread threads per theme, threads assigned to the staff member. Exported for the EXPLAIN test. */
export function dashboardSql(themeIds: number[], staffMemberId: number) {
  const ids = themeIds.length > 0 ? themeIds : [-1];
  return {
    unreadQuery: sql`SELECT t.theme_id, count(*)::int AS n FROM thread t WHERE t.theme_id = ANY(${ids}::int[]) AND ${UNREAD} GROUP BY t.theme_id`,
    assignedQuery: sql`SELECT count(*)::int AS n, (count(*) FILTER (WHERE ${UNREAD}))::int AS unread
      FROM thread t WHERE t.staff_member_id = ${staffMemberId} AND t.theme_id = ANY(${ids}::int[])`,
  };
}

export interface InboxSqlRow {
  id: number;
  reference: string;
  title: string;
  theme_id: number;
  last_activity_at: Date;
  unread: boolean;
  handled: boolean;
  facility_name: string;
  hco_number: string;
  assignee: string | null;
}

/** The threads of the themes that match the filters, counted up to one past INBOX_COUNT_CAP. */
export async function inboxCount(db: SqlClient, themeIds: number[], staffMemberId: number, filters: InboxFilters): Promise<number> {
  const counted = await db.$queryRaw<{ n: number }[]>(inboxSql(themeIds, staffMemberId, filters, 1).countQuery);
  return counted[0]?.n ?? 0;
}

/** One page of the inbox, newest activity first. */
export function inboxPage(db: SqlClient, themeIds: number[], staffMemberId: number, filters: InboxFilters, page: number): PromiseLike<InboxSqlRow[]> {
  return db.$queryRaw<InboxSqlRow[]>(inboxSql(themeIds, staffMemberId, filters, page).pageQuery);
}

/** /beheer: the unread threads per theme, and the threads of the themes assigned to the staff member (how many, how many unread). */
export async function dashboardCounts(db: SqlClient, themeIds: number[], staffMemberId: number): Promise<{ unread: { theme_id: number; n: number }[]; assigned: { n: number; unread: number } }> {
  const { unreadQuery, assignedQuery } = dashboardSql(themeIds, staffMemberId);
  const [unread, assigned] = await Promise.all([db.$queryRaw<{ theme_id: number; n: number }[]>(unreadQuery), db.$queryRaw<{ n: number; unread: number }[]>(assignedQuery)]);
  return { unread, assigned: assigned[0] ?? { n: 0, unread: 0 } };
}
