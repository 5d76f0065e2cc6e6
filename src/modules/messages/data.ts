// The Berichtenmodule's hand-written SQL. A facility page's query binds the
// scope's own facility id (`$facilityId()`), never an id from the request; the
// department's queries (the recipients of a thread of any facility, the
// sequence of referentienummers) take the facility of the thread the caller read.
import type { FacilityScope, FacilityScopeTx } from '../../auth/facility-scope.js';
import type { SqlClient } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import { endOfBrusselsDay, startOfBrusselsDay } from '../../lib/dates.js';
import { PAGE_SIZE, type ListComponent, type ListFilters } from './schemas.js';

const { sql, join } = Prisma;

export type MessageDirection = 'incoming' | 'outgoing';

export interface ListSqlRow {
  id: number;
  direction: MessageDirection;
  reference: string;
  title: string;
  theme_id: number;
  sent_at: Date;
  counterpart: string;
  unread?: boolean;
}

/** A LIKE pattern that finds `text` anywhere, with the user's % and _ taken literally. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The SQL of a list component: a count and a page, newest first. The
 * messages are one index range of the facility: (facility, direction,
 * sent_at, id) for Mijn berichten, (facility, theme, sent_at, id) for a theme,
 * walked in order until the page is full; filters on the thread
 * (referentienummer, titel) are a set of the facility's threads, found through
 * the thread's facility index. Only the ten rows of the page are joined to
 * their thread. Exported for the EXPLAIN test; pages run it through
 * messagesWithTotal / messagesPage, which bind the scope's facility.
 */
export function listSql(facilityId: number, component: ListComponent, filters: ListFilters, themeId: number | undefined, readerId?: number) {
  const conditions: Prisma.Sql[] = [sql`m.facility_id = ${facilityId}`];
  const direction = component.direction === 'both' ? filters.direction : component.direction;
  if (direction) conditions.push(sql`m.direction = ${direction}::message_direction`);
  if (themeId !== undefined) conditions.push(sql`m.theme_id = ${themeId}`);
  if (filters.date) conditions.push(sql`m.sent_at >= ${startOfBrusselsDay(filters.date)} AND m.sent_at < ${endOfBrusselsDay(filters.date)}`);
  if (filters.counterpart) conditions.push(sql`m.counterpart ILIKE ${containsPattern(filters.counterpart)}`);
  const threadConditions: Prisma.Sql[] = [];
  if (filters.reference) threadConditions.push(sql`t.reference ILIKE ${containsPattern(filters.reference)}`);
  if (filters.title) threadConditions.push(sql`t.title ILIKE ${containsPattern(filters.title)}`);
  if (threadConditions.length > 0) {
    conditions.push(sql`m.thread_id IN (SELECT t.id FROM thread t WHERE t.facility_id = ${facilityId} AND ${join(threadConditions, ' AND ')})`);
  }
  const where = join(conditions, ' AND ');
  // Unread markers (per user): an anti-join on message_read's primary key, in the same statements.
  const unread =
    readerId === undefined
      ? sql`false`
      : sql`(m.direction = 'incoming' AND NOT EXISTS (SELECT 1 FROM message_read r WHERE r.user_id = ${readerId} AND r.message_id = m.id))`;
  const countQuery = sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE ${unread})::int AS unread_n FROM message m WHERE ${where}`;
  const pageQuery = (page: number) => sql`
    SELECT m.id, m.direction::text AS direction, t.reference, t.title, m.theme_id, m.sent_at, m.counterpart, ${unread} AS unread
    FROM (
      SELECT m.id, m.thread_id, m.direction, m.theme_id, m.sent_at, m.counterpart FROM message m
      WHERE ${where}
      ORDER BY m.sent_at DESC, m.id DESC
      LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}
    ) m
    JOIN thread t ON t.id = m.thread_id
    ORDER BY m.sent_at DESC, m.id DESC`;
  // The count and a page in one round trip: one row with total and no message when the page is empty.
  const pageWithTotal = (page: number) => sql`
    SELECT c.n AS total, c.unread_n AS unread_total, p.* FROM (${countQuery}) c
    LEFT JOIN LATERAL (${pageQuery(page)}) p ON true
    ORDER BY p.sent_at DESC, p.id DESC`;
  return { countQuery, pageQuery, pageWithTotal };
}

/** Which messages a list shows: its component, filters, theme, and the user whose unread markers the rows carry. */
export interface MessageList {
  component: ListComponent;
  filters: ListFilters;
  themeId: number | undefined;
  readerId?: number | undefined;
}

const listOf = (scope: FacilityScope, list: MessageList) => listSql(scope.$facilityId(), list.component, list.filters, list.themeId, list.readerId);

/** A page of the acting facility's list with the list's count and unread count on every row (one row without a message when the page is empty). */
export function messagesWithTotal(scope: FacilityScope, list: MessageList, page: number): Promise<(ListSqlRow & { total: number; unread_total: number })[]> {
  return scope.$queryRaw<(ListSqlRow & { total: number; unread_total: number })[]>(listOf(scope, list).pageWithTotal(page));
}

/** A page of the acting facility's list, without its count. */
export function messagesPage(scope: FacilityScope, list: MessageList, page: number): Promise<ListSqlRow[]> {
  return scope.$queryRaw<ListSqlRow[]>(listOf(scope, list).pageQuery(page));
}

export interface DetailSqlRow {
  id: number;
  threadId: number;
  themeId: number;
  direction: MessageDirection;
  authorName: string;
  counterpart: string;
  body: string;
  sentAt: Date;
  attachments: { id: number; name: string; mediaType: string; size: number }[];
  reference: string;
  title: string;
  threadThemeId: number;
  themeSlug: string;
  themeName: string;
  teamCode: string;
  teamName: string;
  staffGivenName: string | null;
  staffSurname: string | null;
}

/**
 * A message of the acting facility with every message of its thread, newest
 * first, each with its attachments and the thread's header: one round trip.
 * With `markReadBy`, opening a received message marks it read for that user,
 * in the same statement as the read.
 */
export function threadOfMessage(scope: FacilityScope, messageId: number, markReadBy?: number): Promise<DetailSqlRow[]> {
  const facilityId = scope.$facilityId();
  const markRead =
    markReadBy === undefined
      ? Prisma.empty
      : sql`WITH mark AS (
          INSERT INTO message_read (user_id, message_id)
          SELECT ${markReadBy}, id FROM message WHERE id = ${messageId} AND facility_id = ${facilityId} AND direction = 'incoming'
          ON CONFLICT DO NOTHING)`;
  return scope.$queryRaw<DetailSqlRow[]>`
    ${markRead}
    SELECT m.id, m.thread_id AS "threadId", m.theme_id AS "themeId", m.direction::text AS direction, m.author_name AS "authorName",
           m.counterpart, m.body, m.sent_at AS "sentAt",
           coalesce((SELECT json_agg(json_build_object('id', f.id, 'name', f.name, 'mediaType', f.media_type, 'size', f.size) ORDER BY a.position)
                     FROM message_attachment a JOIN stored_file f ON f.id = a.stored_file_id WHERE a.message_id = m.id), '[]') AS attachments,
           t.reference, t.title, t.theme_id AS "threadThemeId", th.slug AS "themeSlug", th.name AS "themeName",
           tm.code AS "teamCode", tm.name AS "teamName", u.given_name AS "staffGivenName", u.surname AS "staffSurname"
    FROM message target
    JOIN thread t ON t.id = target.thread_id AND t.facility_id = ${facilityId}
    JOIN message m ON m.thread_id = t.id AND m.facility_id = ${facilityId}
    JOIN theme th ON th.id = t.theme_id
    JOIN team tm ON tm.id = t.team_id
    LEFT JOIN staff_member s ON s.id = t.staff_member_id
    LEFT JOIN app_user u ON u.id = s.user_id
    WHERE target.id = ${messageId} AND target.facility_id = ${facilityId}
    ORDER BY m.sent_at DESC, m.id DESC`;
}

/** The next `count` numbers of the sequence thread_reference_seq, in one call. */
export async function nextThreadNumbers(db: SqlClient, count: number): Promise<number[]> {
  const rows = await db.$queryRaw<{ n: number }[]>(sql`SELECT nextval('thread_reference_seq')::int AS n FROM generate_series(1, ${count}::int)`);
  return rows.map((row) => row.n);
}

export interface CandidateSqlRow {
  /** The position (from 1) of the row's thread in the threads asked for. */
  i: number;
  kind: 'default' | 'thread' | 'muted' | 'organisation';
  contact_person_id: number | null;
  surname: string;
  given_name: string;
  email: string;
  phone: string;
  confirmed: boolean;
}

/**
 * The contacts the recipient rule starts from, for a theme and (an existing)
 * thread of each facility, in one query. The department's side: bound to the
 * facility of each thread as the caller read it.
 */
export function candidateRows(db: SqlClient, themeId: number, threads: { facilityId: number; threadId?: number | undefined }[]): PromiseLike<CandidateSqlRow[]> {
  const facilityIds = threads.map((t) => t.facilityId);
  const threadIds = threads.map((t) => t.threadId ?? -1);
  return db.$queryRaw<CandidateSqlRow[]>(sql`
    WITH p AS (SELECT p.facility_id, p.thread_id, p.i::int AS i FROM unnest(${facilityIds}::int[], ${threadIds}::int[]) WITH ORDINALITY AS p(facility_id, thread_id, i))
    SELECT p.i, 'default' AS kind, c.id AS contact_person_id, c.surname, c.given_name, c.email, c.phone, c.confirmed_at IS NOT NULL AS confirmed, 0 AS part
    FROM p JOIN contact_person c ON c.facility_id = p.facility_id JOIN contact_person_theme ct ON ct.contact_person_id = c.id
    WHERE ct.theme_id = ${themeId}
    UNION ALL
    -- A contact added as default is read from its contact person, which the Contactenmodule keeps up to date.
    SELECT p.i, 'thread', tc.contact_person_id, coalesce(c.surname, tc.surname), coalesce(c.given_name, tc.given_name),
           coalesce(c.email, tc.email), coalesce(c.phone, tc.phone), true, 1
    FROM p JOIN thread_contact tc ON tc.thread_id = p.thread_id JOIN thread t ON t.id = tc.thread_id LEFT JOIN contact_person c ON c.id = tc.contact_person_id
    WHERE t.facility_id = p.facility_id
    UNION ALL
    SELECT p.i, 'muted', m.contact_person_id, '', '', '', '', false, 2
    FROM p JOIN thread_muted_contact m ON m.thread_id = p.thread_id JOIN thread t ON t.id = m.thread_id
    WHERE t.facility_id = p.facility_id
    UNION ALL
    SELECT p.i, 'organisation', NULL, '', '', f.email, '', false, 3
    FROM p JOIN facility f ON f.id = p.facility_id
    WHERE coalesce(f.email, '') <> ''
    ORDER BY i, part, surname, given_name, contact_person_id`);
}

/** candidateRows for a facility page: the acting facility's contacts for a theme and (an existing) thread. */
export function ownCandidateRows(scope: FacilityScope | FacilityScopeTx, themeId: number, threadId?: number): PromiseLike<CandidateSqlRow[]> {
  return candidateRows(scope, themeId, [{ facilityId: scope.$facilityId(), threadId }]);
}
