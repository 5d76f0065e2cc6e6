// The department's team inbox (M26): the threads of the staff member's teams'
// themes, newest activity first, filtered and paged in SQL; one thread with
// its messages, read marker, assignment, reply draft and reply. A staff
// member reaches only threads of their teams' themes: every read and write
// here starts from `InboxStaff.themeIds`, and a thread outside them does not
// exist (the routes answer 404).
import type { PrismaClient } from '../../db/client.js';
import { formatDate, formatDateTime } from '../../lib/dates.js';
import { findStoredFile, STORED_FILE_INFO, type StoredFileContent, type StoredFileInfo } from '../../uploads/index.js';
import { recordAudit, type AuditActor } from '../audit/index.js';
import { recipientCandidates, type MessagesService, notifiedContacts, type Recipient } from '../messages/index.js';
import { INBOX_PAGE_SIZE, type InboxFilters } from './schemas.js';
import { dashboardCounts, INBOX_COUNT_CAP, inboxCount, inboxPage } from './data.js';

export { INBOX_COUNT_CAP } from './data.js';

/** A staff member as the inbox sees them: their teams and those teams' themes. */
export interface InboxStaff {
  staffMemberId: number;
  userId: number;
  name: string;
  teams: { id: number; code: string; name: string }[];
  themes: { id: number; slug: string; name: string }[];
  themeIds: number[];
}

export interface InboxRow {
  id: number;
  reference: string;
  title: string;
  themeName: string;
  facilityName: string;
  hcoNumber: string;
  lastActivity: string;
  unread: boolean;
  handled: boolean;
  assignee: string | null;
}

export interface InboxPage {
  rows: InboxRow[];
  page: number;
  totalPages: number;
  /** The number of threads, at most INBOX_COUNT_CAP (then `more` is set). */
  total: number;
  /** There are more than INBOX_COUNT_CAP threads: the count and the pages stop there (the filters narrow them). */
  more: boolean;
}

const ATTACHMENTS = { orderBy: { position: 'asc' }, select: { storedFile: { select: STORED_FILE_INFO } } } as const;

export function createInboxService({ prisma, messages }: { prisma: PrismaClient; messages: Pick<MessagesService, 'addDepartmentMessage'> }) {
  /** The logged-in staff member's teams and their themes; undefined when the user is no staff member. */
  async function staffOf(userId: number): Promise<InboxStaff | undefined> {
    const staff = await prisma.staffMember.findUnique({
      where: { userId },
      select: {
        id: true,
        user: { select: { givenName: true, surname: true } },
        teams: { select: { team: { select: { id: true, code: true, name: true, themes: { select: { theme: { select: { id: true, slug: true, name: true } } } } } } } },
      },
    });
    if (!staff) return undefined;
    const themes = new Map<number, { id: number; slug: string; name: string }>();
    for (const { team } of staff.teams) for (const { theme } of team.themes) themes.set(theme.id, theme);
    const sorted = [...themes.values()].sort((a, b) => a.name.localeCompare(b.name, 'nl-BE'));
    return {
      staffMemberId: staff.id,
      userId,
      name: `${staff.user.givenName} ${staff.user.surname}`,
      teams: staff.teams.map(({ team }) => ({ id: team.id, code: team.code, name: team.name })),
      themes: sorted,
      themeIds: sorted.map((t) => t.id),
    };
  }

  /** /beheer: unread threads per theme of the teams, and the threads assigned to the staff member. */
  async function dashboard(staff: InboxStaff) {
    const { unread, assigned } = await dashboardCounts(prisma, staff.themeIds, staff.staffMemberId);
    const byTheme = new Map(unread.map((r) => [r.theme_id, r.n]));
    return {
      themes: staff.themes.map((t) => ({ ...t, unread: byTheme.get(t.id) ?? 0 })),
      assigned: assigned.n,
      assignedUnread: assigned.unread,
    };
  }

  /** One page of the inbox; the theme filter narrows the staff member's themes, never widens them. */
  async function list(staff: InboxStaff, filters: InboxFilters, requestedPage: number): Promise<InboxPage> {
    const themeIds = filters.themeSlug ? staff.themes.filter((t) => t.slug === filters.themeSlug).map((t) => t.id) : staff.themeIds;
    if (themeIds.length === 0) return { rows: [], page: 1, totalPages: 1, total: 0, more: false };
    const [counted, firstTry] = await Promise.all([inboxCount(prisma, themeIds, staff.staffMemberId, filters), inboxPage(prisma, themeIds, staff.staffMemberId, filters, requestedPage)]);
    const more = counted > INBOX_COUNT_CAP;
    const total = Math.min(counted, INBOX_COUNT_CAP);
    const totalPages = Math.max(1, Math.ceil(total / INBOX_PAGE_SIZE));
    // A bookmarked page beyond the end shows the last page.
    const page = Math.min(requestedPage, totalPages);
    const rows = page === requestedPage ? firstTry : await inboxPage(prisma, themeIds, staff.staffMemberId, filters, page);
    const themeName = new Map(staff.themes.map((t) => [t.id, t.name]));
    return {
      page,
      totalPages,
      total,
      more,
      rows: rows.map((r) => ({
        id: r.id,
        reference: r.reference,
        title: r.title,
        themeName: themeName.get(r.theme_id) ?? '',
        facilityName: r.facility_name,
        hcoNumber: r.hco_number,
        lastActivity: formatDate(r.last_activity_at),
        unread: r.unread,
        handled: r.handled,
        assignee: r.assignee,
      })),
    };
  }

  /** The thread if it is one of the staff member's teams' themes; else undefined (404). */
  async function findThread(staff: InboxStaff, threadId: number) {
    return prisma.thread.findFirst({
      where: { id: threadId, themeId: { in: staff.themeIds } },
      select: {
        id: true,
        reference: true,
        title: true,
        facilityId: true,
        themeId: true,
        teamId: true,
        lastActivityAt: true,
        departmentReadAt: true,
        handledAt: true,
        staffMemberId: true,
        facility: { select: { id: true, name: true, hcoNumber: true } },
        theme: { select: { name: true } },
        team: { select: { code: true, name: true } },
        staffMember: { select: { user: { select: { givenName: true, surname: true } } } },
      },
    });
  }

  /**
   * The whole thread, oldest first, with who is notified of an answer (the
   * Berichtenmodule's rule), the team's dossierbehandelaars and the staff
   * member's draft. Opening it marks it read for the team.
   */
  async function threadPage(staff: InboxStaff, threadId: number, options: { markRead: boolean }) {
    const thread = await findThread(staff, threadId);
    if (!thread) return undefined;
    if (options.markRead) {
      const now = new Date();
      await prisma.thread.updateMany({ where: { id: thread.id }, data: { departmentReadAt: now } });
      thread.departmentReadAt = now;
    }
    const [history, candidates, members, draft] = await Promise.all([
      prisma.message.findMany({
        where: { threadId: thread.id },
        orderBy: [{ sentAt: 'asc' }, { id: 'asc' }],
        select: { id: true, direction: true, authorName: true, counterpart: true, body: true, sentAt: true, attachments: ATTACHMENTS },
      }),
      recipientCandidates(prisma, thread.facilityId, thread.themeId, thread.id),
      prisma.staffTeam.findMany({
        where: { teamId: thread.teamId },
        select: { staffMember: { select: { id: true, user: { select: { givenName: true, surname: true } } } } },
      }),
      prisma.replyDraft.findUnique({ where: { threadId_staffMemberId: { threadId: thread.id, staffMemberId: staff.staffMemberId } } }),
    ]);
    const recipients: Recipient[] = notifiedContacts(candidates);
    return {
      thread: {
        ...thread,
        assignee: thread.staffMember ? `${thread.staffMember.user.givenName} ${thread.staffMember.user.surname}` : null,
        unread: thread.departmentReadAt === null || thread.departmentReadAt < thread.lastActivityAt,
      },
      messages: history.map((m) => ({ ...m, attachments: m.attachments.map((a) => a.storedFile), sentAtText: formatDateTime(m.sentAt) })),
      recipients,
      assignees: members
        .map((m) => ({ id: m.staffMember.id, name: `${m.staffMember.user.givenName} ${m.staffMember.user.surname}` }))
        .sort((a, b) => a.name.localeCompare(b.name, 'nl-BE')),
      draft: draft ? { body: draft.body, savedAt: formatDateTime(draft.updatedAt) } : null,
    };
  }

  /** "Markeer als afgehandeld" / "Heropenen" (M39), recorded in the audit trail; false when the thread is not the staff member's. */
  async function setHandled(staff: InboxStaff, actor: AuditActor, threadId: number, handled: boolean): Promise<boolean> {
    return prisma.$transaction(async (tx) => {
      const { count } = await tx.thread.updateMany({ where: { id: threadId, themeId: { in: staff.themeIds } }, data: { handledAt: handled ? new Date() : null } });
      if (count !== 1) return false;
      const thread = await tx.thread.findUniqueOrThrow({ where: { id: threadId }, select: { reference: true, facilityId: true, team: { select: { code: true } } } });
      await recordAudit(tx, {
        actor,
        kind: handled ? 'thread.handled' : 'thread.reopened',
        record: { type: 'Thread', id: threadId },
        facilityId: thread.facilityId,
        teamCode: thread.team.code,
        summary: `Bericht ${thread.reference} ${handled ? 'als afgehandeld gemarkeerd' : 'heropend'}.`,
      });
      return true;
    });
  }

  /** The staff member's own settings (/beheer/instellingen). */
  async function settings(staff: InboxStaff): Promise<{ notifyNewMessages: boolean }> {
    return prisma.staffMember.findUniqueOrThrow({ where: { id: staff.staffMemberId }, select: { notifyNewMessages: true } });
  }

  async function saveSettings(staff: InboxStaff, values: { notifyNewMessages: boolean }): Promise<void> {
    await prisma.staffMember.update({ where: { id: staff.staffMemberId }, data: { notifyNewMessages: values.notifyNewMessages } });
  }

  /** "Markeer als ongelezen": the team's read marker is cleared. */
  async function markUnread(staff: InboxStaff, threadId: number): Promise<boolean> {
    const { count } = await prisma.thread.updateMany({ where: { id: threadId, themeId: { in: staff.themeIds } }, data: { departmentReadAt: null } });
    return count === 1;
  }

  /**
   * "Toewijzen": the thread goes to a dossierbehandelaar of its team, or to
   * nobody (the team). 'not-found' for a thread outside the staff member's
   * themes, 'not-member' for someone outside the thread's team.
   */
  async function assign(staff: InboxStaff, actor: AuditActor, threadId: number, assigneeId: number | null): Promise<'assigned' | 'not-found' | 'not-member'> {
    const thread = await findThread(staff, threadId);
    if (!thread) return 'not-found';
    return prisma.$transaction(async (tx) => {
      const assignee =
        assigneeId === null
          ? null
          : await tx.staffTeam.findUnique({
              where: { staffMemberId_teamId: { staffMemberId: assigneeId, teamId: thread.teamId } },
              select: { staffMember: { select: { id: true, user: { select: { givenName: true, surname: true } } } } },
            });
      if (assigneeId !== null && !assignee) return 'not-member';
      await tx.thread.update({ where: { id: thread.id }, data: { staffMemberId: assigneeId } });
      const name = assignee ? `${assignee.staffMember.user.givenName} ${assignee.staffMember.user.surname}` : thread.team.name;
      await recordAudit(tx, {
        actor,
        kind: 'thread.assigned',
        record: { type: 'Thread', id: thread.id },
        facilityId: thread.facilityId,
        teamCode: thread.team.code,
        summary: `Bericht ${thread.reference} toegewezen aan ${name}.`,
        details: { from: thread.staffMemberId, to: assigneeId },
      });
      return 'assigned';
    });
  }

  /** Keeps the staff member's half-written answer on the thread (one per staff member and thread). */
  async function saveDraft(staff: InboxStaff, threadId: number, body: string): Promise<boolean> {
    if (!(await findThread(staff, threadId))) return false;
    const key = { threadId_staffMemberId: { threadId, staffMemberId: staff.staffMemberId } };
    await prisma.replyDraft.upsert({ where: key, create: { threadId, staffMemberId: staff.staffMemberId, body }, update: { body } });
    return true;
  }

  /**
   * "Verzenden": the Berichtenmodule's addDepartmentMessage (the message, its
   * files, the facility's notifications and the audit row in one
   * transaction); then the draft is gone. undefined: not a thread of the staff member's.
   */
  async function reply(staff: InboxStaff, threadId: number, body: string, files: StoredFileInfo[]) {
    if (!(await findThread(staff, threadId))) return undefined;
    const sent = await messages.addDepartmentMessage({ threadId, staffMemberId: staff.staffMemberId, body, files });
    await prisma.replyDraft.deleteMany({ where: { threadId, staffMemberId: staff.staffMemberId } });
    return sent;
  }

  /** An attachment of a message of a thread the staff member may read; null otherwise (404). */
  async function attachment(staff: InboxStaff, threadId: number, fileId: number): Promise<StoredFileContent | null> {
    const link = await prisma.messageAttachment.findFirst({
      where: { storedFileId: fileId, message: { threadId, thread: { themeId: { in: staff.themeIds } } } },
      select: { storedFileId: true },
    });
    return link ? findStoredFile(prisma, link.storedFileId) : null;
  }

  return { staffOf, dashboard, list, threadPage, markUnread, setHandled, settings, saveSettings, assign, saveDraft, reply, attachment };
}

export type InboxService = ReturnType<typeof createInboxService>;
