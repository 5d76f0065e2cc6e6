// The Berichtenmodule (M13-M20): the facility's message lists, a thread with
// its history, replies and new messages, and the department's side of a
// thread as a service (its pages come later). Facility reads and writes go
// through the facility scope; a message, its contact settings and the
// e-mails it causes commit together.
import type { Config } from '../../config.js';
import type { FacilityScope, FacilityScopeTx } from '../../auth/facility-scope.js';
import type { PrismaClient, SqlClient } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { brusselsDateOf, formatDate, formatDateTime } from '../../lib/dates.js';
import { enqueueMails, type MailToQueue } from '../../mail/outbox.js';
import { claimUploads, findStoredFile, StagedFilesUnavailable, type StoredFileContent, type StoredFileInfo } from '../../uploads/index.js';
import { uploadTexts } from '../../uploads/texts.js';
import { enforceMailQuotas, enforceMessageAddressLimit, MailQuotaExceeded } from '../../mail/quotas.js';
import type { Logger } from '../../logger.js';
import { lockFacility, type ContactsService } from '../contacts/index.js';
import type { ContactDetailsBaseline, ThreadContactChanges } from './contact-details.js';
import { themesOfFacilityType, type ThemeRef } from '../themes/index.js';
import { notifiedContacts, type RecipientCandidates, type Recipient } from './recipients.js';
import { recordAudit } from '../audit/index.js';
import type { Actor } from '../../auth/actor.js';
import { candidateRows, messagesPage, messagesWithTotal, nextThreadNumbers, ownCandidateRows, threadOfMessage, type CandidateSqlRow, type DetailSqlRow, type ListSqlRow, type MessageDirection } from './data.js';
import { PAGE_SIZE, type AddresseeChoice, type ListComponent, type ListQuery, type NewMessageInput, type ReplyInput } from './schemas.js';


/** The facility a page acts for, as the session knows it. */
export interface FacilityRef {
  id: number;
  name: string;
  facilityTypeId: number;
}

/** The facility user who writes a message. */
export type Author = Actor;

export interface MessageRow {
  id: number;
  direction: MessageDirection;
  reference: string;
  themeName: string;
  title: string;
  sentAt: Date;
  /** dd/mm/jjjj */
  date: string;
  counterpart: string;
  /** A received message the reading user has not opened yet (false when no reader was given). */
  unread: boolean;
}

export interface MessagePage {
  rows: MessageRow[];
  /** The facility's themes (for the thema filter). */
  themes: ThemeRef[];
  page: number;
  totalPages: number;
  total: number;
  /** Of the messages the filters select: the received ones the reader has not opened (0 without a reader). */
  unreadTotal: number;
}

function messageRow(r: ListSqlRow, themeName: Map<number, string>): MessageRow {
  return {
    id: r.id,
    direction: r.direction,
    reference: r.reference,
    title: r.title,
    themeName: themeName.get(r.theme_id) ?? '',
    sentAt: r.sent_at,
    date: formatDate(r.sent_at),
    counterpart: r.counterpart,
    unread: r.unread === true,
  };
}

export class UnknownMessage extends Error {}
export class NotAllowed extends Error {
  constructor(
    readonly field: string,
    message: string,
    /** 429 when a mail quota refused it. */
    readonly status: 400 | 429 = 400,
  ) {
    super(message);
  }
}

/** "Team Prijzen" or "Els Willems (Team Prijzen)": the department side as lists and confirmations name it. */
export function addresseeName(team: { name: string }, staff: { givenName: string; surname: string } | null): string {
  return staff ? `${staff.givenName} ${staff.surname} (${team.name})` : team.name;
}

export interface ComposeTheme extends ThemeRef {
  addressees: { value: string; text: string }[];
}

const NO_CHANGES: ThreadContactChanges = { muted: [], addThreadOnly: [], addDefault: [], updateDefault: [], updateThreadOnly: [], removeThreadOnly: [] };

export function createMessagesService({
  prisma,
  config,
  contacts,
  logger,
}: {
  prisma: PrismaClient;
  config: Pick<Config, 'baseUrl' | 'mailQuotas'>;
  contacts: Pick<ContactsService, 'addFacilityContactForTheme' | 'updateFacilityContactFromMessage'>;
  logger: Logger;
}) {
  /** The cheap check first: a message with too many new addresses is refused before anything is read or stored. */
  function checkMessageAddresses(facility: FacilityRef, author: Author, changes: ThreadContactChanges) {
    try {
      enforceMessageAddressLimit(changes.addThreadOnly.length + changes.addDefault.length, { facilityId: facility.id, userId: author.userId }, config.mailQuotas, logger);
    } catch (error) {
      if (error instanceof MailQuotaExceeded) throw new NotAllowed('recipients', error.userMessage, 429);
      throw error;
    }
  }

  /**
   * One page of a list component (M13, M20), newest first. Filters and paging
   * run in SQL on one index range of the facility: (facility, direction,
   * sent_at) for Mijn berichten, (facility, theme, sent_at) for a theme.
   */
  async function listMessages(
    scope: FacilityScope,
    facility: FacilityRef,
    component: ListComponent,
    query: ListQuery,
    fixedThemeId?: number,
    /** The user whose unread markers the rows carry. */
    readerId?: number,
  ): Promise<MessagePage> {
    const themes = await themesOfFacilityType(scope, facility.facilityTypeId);
    const themeName = new Map(themes.map((t) => [t.id, t.name]));
    const themeId = fixedThemeId ?? (query.filters.themeSlug ? (themes.find((t) => t.slug === query.filters.themeSlug)?.id ?? -1) : undefined);
    const list = { component, filters: query.filters, themeId, readerId };
    const firstTry = await messagesWithTotal(scope, list, query.page);
    const total = firstTry[0]?.total ?? 0;
    const unreadTotal = firstTry[0]?.unread_total ?? 0;
    const totalPages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    // A bookmarked page beyond the end (messages were filtered or fewer) shows the last page.
    const page = Math.min(query.page, totalPages);
    const rows = page === query.page ? firstTry.filter((r) => r.id !== null) : await messagesPage(scope, list, page);
    return {
      themes,
      page,
      totalPages,
      total,
      unreadTotal,
      rows: rows.map((r) => messageRow(r, themeName)),
    };
  }

  /** The startpagina's "Mijn ontvangen berichten" (M7). */
  async function latestReceived(scope: FacilityScope, facility: FacilityRef, readerId?: number, count = 5): Promise<MessageRow[]> {
    // The newest page without its count: one round trip.
    const themes = await themesOfFacilityType(scope, facility.facilityTypeId);
    const themeName = new Map(themes.map((t) => [t.id, t.name]));
    const rows = await messagesPage(scope, { component: { prefix: 'start', direction: 'incoming', counterpartLabel: 'Afzender' }, filters: {}, themeId: undefined, readerId }, 1);
    return rows.slice(0, count).map((r) => messageRow(r, themeName));
  }

  /**
   * A message with its thread, and every other message of the thread, newest
   * first (M14). One round trip: the thread's messages with their attachments,
   * each row carrying the thread's header.
   */
  async function messageDetail(scope: FacilityScope, messageId: number, options: { markReadBy?: number } = {}) {
    // Opening a received message marks it read for the reader, in the same statement as the read.
    const rows = await threadOfMessage(scope, messageId, options.markReadBy);
    const row = rows.find((r) => r.id === messageId);
    if (!row) throw new UnknownMessage();
    const staff = row.staffGivenName !== null && row.staffSurname !== null ? { givenName: row.staffGivenName, surname: row.staffSurname } : null;
    const team = { code: row.teamCode, name: row.teamName };
    const messageOf = (r: DetailSqlRow) => ({
      id: r.id,
      threadId: r.threadId,
      themeId: r.themeId,
      direction: r.direction,
      authorName: r.authorName,
      counterpart: r.counterpart,
      body: r.body,
      sentAt: r.sentAt,
      attachments: r.attachments,
      sentAtText: formatDateTime(r.sentAt),
    });
    return {
      message: messageOf(row),
      thread: {
        id: row.threadId,
        reference: row.reference,
        title: row.title,
        themeId: row.threadThemeId,
        theme: { id: row.threadThemeId, slug: row.themeSlug, name: row.themeName },
        team,
        addressee: addresseeName(team, staff),
      },
      history: rows.filter((r) => r.id !== messageId).map((r) => ({ ...messageOf(r), date: formatDateTime(r.sentAt) })),
    };
  }

  /** The facility's themes, each with the teams and dossierbehandelaars a new message can go to (M16). */
  async function composeThemes(scope: FacilityScope, facility: FacilityRef): Promise<ComposeTheme[]> {
    const themes = await themesOfFacilityType(scope, facility.facilityTypeId);
    const teams = await scope.themeTeam.findMany({
      where: { themeId: { in: themes.map((t) => t.id) } },
      select: {
        themeId: true,
        team: {
          select: {
            code: true,
            name: true,
            members: { select: { staffMember: { select: { id: true, user: { select: { givenName: true, surname: true } } } } } },
          },
        },
      },
    });
    return themes.map((theme) => ({
      ...theme,
      addressees: teams
        .filter((t) => t.themeId === theme.id)
        .flatMap(({ team }) => [
          { value: `team:${team.code}`, text: team.name },
          ...team.members
            .map((m) => ({ value: `behandelaar:${m.staffMember.id}`, text: addresseeName(team, m.staffMember.user) }))
            .sort((a, b) => a.text.localeCompare(b.text, 'nl-BE')),
        ]),
    }));
  }

  /** The team and optional dossierbehandelaar a choice stands for, if they belong to the theme. */
  async function resolveAddressee(db: Pick<FacilityScope, 'themeTeam' | 'staffTeam'>, themeId: number, choice: AddresseeChoice) {
    if (choice.kind === 'team') {
      const link = await db.themeTeam.findFirst({ where: { themeId, team: { code: choice.code } }, select: { team: { select: { id: true, name: true } } } });
      return link ? { team: link.team, staff: null } : undefined;
    }
    const membership = await db.staffTeam.findFirst({
      where: { staffMemberId: choice.id, team: { themes: { some: { themeId } } } },
      select: { team: { select: { id: true, name: true } }, staffMember: { select: { id: true, user: { select: { givenName: true, surname: true } } } } },
    });
    return membership ? { team: membership.team, staff: { id: membership.staffMember.id, ...membership.staffMember.user } } : undefined;
  }

  /** Who would be notified of an answer on a new thread of the theme, or on an existing thread. */
  async function recipientsFor(scope: FacilityScope, themeId: number, threadId?: number): Promise<Recipient[]> {
    return notifiedContacts(await ownRecipientCandidates(scope, themeId, threadId));
  }

  const noRecipientMessage =
    'Er is geen contactpersoon die op de hoogte gehouden wordt wanneer het Departement Zorg antwoordt. Voeg via ‘Ontvangers voor’ minstens 1 contactpersoon toe.';

  /** "Stuur nieuw bericht" (M16): a new thread with its first message. */
  async function sendNewMessage(scope: FacilityScope, facility: FacilityRef, author: Author, input: NewMessageInput, files: StoredFileInfo[] = [], changes: ThreadContactChanges = NO_CHANGES) {
    const themes = await themesOfFacilityType(scope, facility.facilityTypeId);
    const theme = themes.find((t) => t.slug === input.theme);
    if (!theme) throw new NotAllowed('theme', 'Kies een thema uit de lijst.');
    const addressee = await resolveAddressee(scope, theme.id, input.addressee);
    if (!addressee) throw new NotAllowed('addressee', `Kies een team of dossierbehandelaar van het thema ‘${theme.name}’.`);
    const counterpart = addresseeName(addressee.team, addressee.staff);
    checkMessageAddresses(facility, author, changes);
    return inTransaction(scope, async (tx) => {
      const now = new Date();
      const reference = await nextThreadReference(tx, now);
      const thread = await tx.thread.create({
        data: {
          facilityId: facility.id,
          reference,
          themeId: theme.id,
          title: input.title,
          teamId: addressee.team.id,
          staffMemberId: addressee.staff?.id ?? null,
          lastActivityAt: now,
        },
      });
      const message = await tx.message.create({
        data: {
          threadId: thread.id,
          facilityId: facility.id,
          themeId: theme.id,
          direction: 'outgoing',
          authorName: author.name,
          authorUserId: author.userId,
          counterpart,
          body: input.body,
          sentAt: now,
        },
      });
      await recordAudit(tx, {
        actor: author,
        kind: 'message.sent',
        record: { type: 'Message', id: message.id },
        facilityId: facility.id,
        summary: `Nieuw bericht ${reference} (${theme.name}) verstuurd aan ${counterpart}.`,
        details: { threadId: thread.id, attachments: files.length },
      });
      await attach(tx, message.id, facility.id, author.userId, files);
      await storeContactChanges(tx, facility, author, thread.id, theme, changes);
      await announceToHandler(tx, { threadId: thread.id, messageId: message.id, facility, themeName: theme.name, reference });
      return { messageId: message.id, reference, addressee: counterpart };
    });
  }

  /** "Bericht beantwoorden" (M15): an outgoing message on the thread of `messageId`, to the thread's addressee. */
  async function reply(scope: FacilityScope, facility: FacilityRef, author: Author, messageId: number, input: ReplyInput, files: StoredFileInfo[] = [], changes: ThreadContactChanges = NO_CHANGES) {
    const original = await scope.message.findUnique({
      where: { id: messageId },
      select: {
        thread: {
          select: {
            id: true,
            reference: true,
            themeId: true,
            theme: { select: { id: true, slug: true, name: true } },
            team: { select: { name: true } },
            staffMember: { select: { user: { select: { givenName: true, surname: true } } } },
          },
        },
      },
    });
    if (!original) throw new UnknownMessage();
    const { thread } = original;
    const counterpart = addresseeName(thread.team, thread.staffMember?.user ?? null);
    checkMessageAddresses(facility, author, changes);
    return inTransaction(scope, async (tx) => {
      const now = new Date();
      const message = await tx.message.create({
        data: {
          threadId: thread.id,
          facilityId: facility.id,
          themeId: thread.themeId,
          direction: 'outgoing',
          authorName: author.name,
          authorUserId: author.userId,
          counterpart,
          body: input.body,
          sentAt: now,
        },
      });
      // A facility's new message opens a thread the department marked afgehandeld again.
      await tx.thread.update({ where: { id: thread.id }, data: { lastActivityAt: now, handledAt: null } });
      await recordAudit(tx, {
        actor: author,
        kind: 'message.sent',
        record: { type: 'Message', id: message.id },
        facilityId: facility.id,
        summary: `Antwoord op bericht ${thread.reference} (${thread.theme.name}) verstuurd aan ${counterpart}.`,
        details: { threadId: thread.id, attachments: files.length },
      });
      await attach(tx, message.id, facility.id, author.userId, files);
      await storeContactChanges(tx, facility, author, thread.id, thread.theme, changes);
      await announceToHandler(tx, { threadId: thread.id, messageId: message.id, facility, themeName: thread.theme.name, reference: thread.reference });
      return { messageId: message.id, reference: thread.reference, addressee: counterpart };
    });
  }

  /**
   * Announces a facility's message to the department (M39), in the message's
   * transaction: to the thread's dossierbehandelaar unless they turned it off
   * (/beheer/instellingen), or to the team's mailbox when nobody is assigned.
   * Only that a message is waiting and where: its content stays in the portal.
   */
  async function announceToHandler(tx: ScopeTx, m: { threadId: number; messageId: number; facility: FacilityRef; themeName: string; reference: string }) {
    const handler = await tx.thread.findUniqueOrThrow({
      where: { id: m.threadId },
      select: { team: { select: { email: true } }, staffMember: { select: { notifyNewMessages: true, user: { select: { givenName: true, surname: true, email: true } } } } },
    });
    const staff = handler.staffMember;
    const to = staff ? (staff.notifyNewMessages ? staff.user.email : null) : handler.team.email;
    if (!to) return;
    const sentence = `Er is een nieuw bericht van ${m.facility.name} over ${m.themeName}`;
    // The scope's outbox still binds the row to the facility; the cast is the one the dossier services make.
    await enqueueMails(
      tx as unknown as Prisma.TransactionClient,
      [
        {
          to,
          subject: `${sentence} (${m.reference})`,
          template: 'notification',
          data: {
            title: 'Nieuw bericht in het e-loket',
            greeting: staff ? `Beste ${staff.user.givenName} ${staff.user.surname},` : 'Beste collega’s,',
            paragraphs: [`${sentence} (referentienummer ${m.reference}).`, 'Meld u aan in het e-loket om het te lezen.'],
            action: { text: 'Bericht bekijken', path: `/beheer/berichten/${m.threadId}` },
          },
          facilityId: m.facility.id,
          cause: { type: 'message', id: m.messageId },
        },
      ],
      config,
    );
  }

  /**
   * Stores the message's Contactdetails (M17) in its transaction, then applies
   * the rule: without anyone notified of the answer, nothing is sent.
   */
  async function storeContactChanges(tx: ScopeTx, facility: FacilityRef, author: Author, threadId: number, theme: ThemeRef, changes: ThreadContactChanges) {
    // Only the theme's own contacts can be switched off; any other id is ignored.
    const themeContacts = await tx.contactPerson.findMany({ where: { id: { in: changes.muted }, themes: { some: { themeId: theme.id } } }, select: { id: true } });
    const mutedBefore = await tx.threadMutedContact.findMany({ where: { threadId }, select: { contactPersonId: true } });
    const ownThreadContacts = { threadId, contactPersonId: null };
    // A changed address is a new address: the department's answers will go to it.
    const stored = changes.updateThreadOnly.length
      ? await tx.threadContact.findMany({ where: { ...ownThreadContacts, id: { in: changes.updateThreadOnly.map((c) => c.id) } }, select: { id: true, email: true } })
      : [];
    const storedEmail = new Map(stored.map((c) => [c.id, c.email.toLowerCase()]));
    const readdressed = new Set(changes.updateThreadOnly.filter((c) => storedEmail.has(c.id) && storedEmail.get(c.id) !== c.email.toLowerCase()).map((c) => c.id));
    const newThreadOnly = changes.addThreadOnly.length + readdressed.size;
    if (newThreadOnly > 0) {
      const who = { facilityId: facility.id, userId: author.userId };
      enforceMessageAddressLimit(newThreadOnly + changes.addDefault.length, who, config.mailQuotas, logger);
      // Like a save of the contact persons: the facility's row, then (in the check) the user's, so parallel messages are counted one after the other.
      await lockFacility(tx);
      await enforceMailQuotas(tx, who, { planned: { newAddresses: newThreadOnly, mails: 0 } }, config.mailQuotas, logger);
    }
    const now = new Date();
    await tx.thread.update({
      where: { id: threadId },
      data: {
        mutedContacts: { deleteMany: {}, create: themeContacts.map((c) => ({ contactPersonId: c.id })) },
        contacts: {
          deleteMany: changes.removeThreadOnly.length ? { ...ownThreadContacts, id: { in: changes.removeThreadOnly } } : [],
          updateMany: changes.updateThreadOnly.map(({ id, ...data }) => ({
            where: { ...ownThreadContacts, id },
            data: readdressed.has(id) ? { ...data, addedByUserId: author.userId, createdAt: now } : data,
          })),
          create: changes.addThreadOnly.map((c) => ({ ...c, addedByUserId: author.userId })),
        },
      },
    });
    for (const { id, ...contact } of changes.updateDefault) {
      await contacts.updateFacilityContactFromMessage(tx, { facility, user: author }, id, contact);
    }
    for (const contact of changes.addDefault) {
      const added = await contacts.addFacilityContactForTheme(tx, { facility, user: author }, contact, theme.slug);
      await tx.thread.update({ where: { id: threadId }, data: { contacts: { create: { ...contact, contactPersonId: added.contactPersonId, addedByUserId: author.userId } } } });
    }
    const sameMuted =
      mutedBefore.length === themeContacts.length && mutedBefore.every((m) => themeContacts.some((c) => c.id === m.contactPersonId));
    const counts = {
      added: changes.addThreadOnly.length + changes.addDefault.length,
      updated: changes.updateThreadOnly.length + changes.updateDefault.length,
      removed: changes.removeThreadOnly.length,
      muted: themeContacts.length,
    };
    if (!sameMuted || counts.added + counts.updated + counts.removed > 0) {
      await recordAudit(tx, {
        actor: author,
        kind: 'thread.contacts',
        record: { type: 'Thread', id: threadId },
        facilityId: facility.id,
        summary: `Ontvangers van het bericht gewijzigd: ${counts.added} toegevoegd, ${counts.updated} gewijzigd, ${counts.removed} verwijderd, ${counts.muted} uitgeschakeld.`,
        details: counts,
      });
    }
    // A facility's own message names a contact person for the answer: the organisation's address is the department's fallback, not a choice made here.
    if (!notifiedContacts(await ownRecipientCandidates(tx, theme.id, threadId)).some((r) => !r.organisation)) throw new NotAllowed('recipients', noRecipientMessage);
  }

  /** The Contactdetails of a theme (a new message) or a thread (a reply) as stored, for the staged-contacts component. */
  async function contactDetails(scope: FacilityScope, themeId: number, threadId?: number): Promise<ContactDetailsBaseline> {
    const [facilityContacts, threadContacts, muted] = await Promise.all([
      scope.contactPerson.findMany({
        orderBy: [{ surname: 'asc' }, { givenName: 'asc' }, { id: 'asc' }],
        select: { id: true, surname: true, givenName: true, email: true, phone: true, confirmedAt: true, themes: { where: { themeId }, select: { themeId: true } } },
      }),
      threadId === undefined ? [] : scope.threadContact.findMany({ where: { threadId }, orderBy: { id: 'asc' } }),
      threadId === undefined ? [] : scope.threadMutedContact.findMany({ where: { threadId }, select: { contactPersonId: true } }),
    ]);
    const ofTheme = facilityContacts.filter((c) => c.themes.length > 0);
    const linked = new Set(threadContacts.flatMap((c) => (c.contactPersonId === null ? [] : [c.contactPersonId])));
    const threadOnly = threadContacts.filter((c) => c.contactPersonId === null);
    const contact = (c: { surname: string; givenName: string; email: string; phone: string }) => ({ surname: c.surname, givenName: c.givenName, email: c.email, phone: c.phone, themes: [] });
    return {
      rows: [
        ...ofTheme.map((c) => ({ ref: `c${c.id}`, ...contact(c), isDefault: true, confirmed: c.confirmedAt !== null })),
        ...threadOnly.map((c) => ({ ref: `t${c.id}`, ...contact(c), isDefault: false, confirmed: true })),
      ],
      muted: muted.map((m) => `c${m.contactPersonId}`),
      pendingForThread: ofTheme.filter((c) => c.confirmedAt === null && linked.has(c.id)).map((c) => `c${c.id}`),
      reservedEmails: facilityContacts.filter((c) => c.themes.length === 0).map((c) => c.email),
    };
  }

  /** An attachment of a message of the acting facility, with its content; null when the file is not one of that message's. */
  async function findAttachment(scope: FacilityScope, messageId: number, fileId: string): Promise<StoredFileContent | null> {
    if (!/^\d{1,9}$/.test(fileId)) return null;
    const link = await scope.messageAttachment.findFirst({ where: { messageId, storedFileId: Number(fileId) }, select: { storedFileId: true } });
    return link ? findStoredFile(scope, link.storedFileId) : null;
  }

  /** What the sent confirmation (M18) shows: the message's referentienummer and where it went. */
  async function sentConfirmation(scope: FacilityScope, messageId: number) {
    const message = await scope.message.findUnique({
      where: { id: messageId },
      select: { id: true, direction: true, counterpart: true, thread: { select: { reference: true, title: true } } },
    });
    if (!message || message.direction !== 'outgoing') throw new UnknownMessage();
    return { id: message.id, addressee: message.counterpart, reference: message.thread.reference, title: message.thread.title };
  }

  /**
   * The department adds a message to a thread (M19, M26): the incoming message
   * with its attachments (staged by the staff member, see src/uploads/) and,
   * in the same transaction, one e-mail per contact who is notified and the
   * audit trail's row. Used by the team inbox, the demo data and the tests.
   */
  async function addDepartmentMessage(input: { threadId: number; staffMemberId: number; body: string; sentAt?: Date; files?: StoredFileInfo[] }) {
    return inDepartmentTransaction(async (tx) => {
      const thread = await tx.thread.findUniqueOrThrow({ where: { id: input.threadId }, select: DEPARTMENT_THREAD });
      const staff = await tx.staffMember.findUniqueOrThrow({ where: { id: input.staffMemberId }, select: DEPARTMENT_WRITER });
      return postDepartmentMessage(tx, thread, staff, { body: input.body, sentAt: input.sentAt ?? new Date(), files: input.files ?? [], audit: true });
    });
  }

  /**
   * The department starts a thread with one facility (M26): the thread with
   * its referentienummer, addressed to `teamId` (and assigned to the writer
   * when `assignToWriter`), then its first message, notifications included.
   * Runs in `tx` when given, else in its own. The same path as the bulk
   * worker's batch (startDepartmentThreads), for one facility.
   */
  async function startDepartmentThread(
    input: {
      facilityId: number;
      themeId: number;
      teamId: number;
      staffMemberId: number;
      title: string;
      body: string;
      dossierId?: number | null;
      assignToWriter?: boolean;
      /** Files the writer staged (src/uploads/, staff owner), claimed for the facility in this transaction. */
      files?: StoredFileInfo[];
    },
    tx?: Prisma.TransactionClient,
  ) {
    const work = async (db: Prisma.TransactionClient) => {
      const started = await startDepartmentThreads(db, input, [input.facilityId], input);
      const sent = started.get(input.facilityId);
      if (!sent) throw new Error(`facility ${input.facilityId} does not exist`);
      return sent;
    };
    return tx ? work(tx) : prisma.$transaction(work);
  }

  /**
   * The department starts the same thread with each of `facilityIds` (the
   * bulk worker's batch, M26; startDepartmentThread for one): per facility a
   * thread with its own referentienummer, its first (incoming) message and
   * one e-mail per notified contact, all in `tx` and in a fixed number of
   * statements for the whole batch. A facility that no longer exists gets
   * nothing and is absent from the result (facility id -> what was made).
   */
  async function startDepartmentThreads(
    tx: Prisma.TransactionClient,
    job: { themeId: number; teamId: number; staffMemberId: number; title: string; body: string },
    facilityIds: number[],
    single: { dossierId?: number | null; assignToWriter?: boolean; files?: StoredFileInfo[] } = {},
  ): Promise<Map<number, { threadId: number; reference: string; messageId: number; notified: string[] }>> {
    const files = single.files ?? [];
    if (facilityIds.length !== 1 && (files.length > 0 || single.dossierId != null)) throw new Error('files and a dossier belong to one facility');
    const made = new Map<number, { threadId: number; reference: string; messageId: number; notified: string[] }>();
    const facilities = await tx.facility.findMany({ where: { id: { in: facilityIds } }, select: { id: true, name: true }, orderBy: { id: 'asc' } });
    if (facilities.length === 0) return made;
    const staff = await tx.staffMember.findUniqueOrThrow({ where: { id: job.staffMemberId }, select: DEPARTMENT_WRITER });
    const team = await tx.team.findUniqueOrThrow({ where: { id: job.teamId }, select: { code: true, name: true } });
    const theme = await tx.theme.findUniqueOrThrow({ where: { id: job.themeId }, select: { name: true } });
    const sentAt = new Date();
    const references = await nextThreadReferences(tx, sentAt, facilities.length);
    const threads = await tx.thread.createManyAndReturn({
      data: facilities.map((f, i) => ({
        facilityId: f.id,
        reference: references[i] ?? '',
        themeId: job.themeId,
        title: job.title,
        teamId: job.teamId,
        staffMemberId: single.assignToWriter ? job.staffMemberId : null,
        dossierId: single.dossierId ?? null,
        lastActivityAt: sentAt,
        // Its own message is no news to the department.
        departmentReadAt: sentAt,
      })),
      select: { id: true, reference: true, facilityId: true },
    });
    const nameOf = new Map(facilities.map((f) => [f.id, f.name]));
    const departmentThreads: DepartmentThread[] = threads.map((t) => ({
      ...t,
      themeId: job.themeId,
      teamId: job.teamId,
      team,
      theme,
      facility: { name: nameOf.get(t.facilityId) ?? '' },
    }));
    const { authorName, counterpart } = departmentAuthor(staff, job.teamId, team);
    const messages = await tx.message.createManyAndReturn({
      data: departmentThreads.map((t) => ({
        threadId: t.id,
        facilityId: t.facilityId,
        themeId: t.themeId,
        direction: 'incoming' as const,
        authorName,
        authorStaffMemberId: staff.id,
        counterpart,
        body: job.body,
        sentAt,
      })),
      select: { id: true, threadId: true },
    });
    const messageOf = new Map(messages.map((m) => [m.threadId, m.id]));
    if (files.length > 0) {
      const [thread] = departmentThreads;
      const messageId = thread ? messageOf.get(thread.id) : undefined;
      if (thread && messageId !== undefined) await attachStaffFiles(tx, messageId, thread.facilityId, staff.user.id, files);
    }
    const candidates = await recipientCandidatesOf(tx, job.themeId, departmentThreads.map((t) => ({ facilityId: t.facilityId, threadId: t.id })));
    const mails: MailToQueue[] = [];
    departmentThreads.forEach((thread, i) => {
      const messageId = messageOf.get(thread.id);
      if (messageId === undefined) throw new Error(`no message for thread ${thread.id}`);
      const recipients = notifiedContacts(candidates[i] ?? EMPTY_CANDIDATES);
      mails.push(...recipients.map((recipient) => departmentNotification(thread, messageId, recipient)));
      made.set(thread.facilityId, { threadId: thread.id, reference: thread.reference, messageId, notified: recipients.map((r) => r.email) });
    });
    await enqueueMails(tx, mails, config);
    return made;
  }

  /**
   * The incoming message with its attachments, the thread's activity (read by
   * the department: the newest message is its own), one e-mail per notified
   * contact and, when `audit`, the trail's row: all in the caller's transaction.
   */
  async function postDepartmentMessage(
    tx: Prisma.TransactionClient,
    thread: DepartmentThread,
    staff: DepartmentWriter,
    { body, sentAt, files, audit }: { body: string; sentAt: Date; files: StoredFileInfo[]; audit: boolean },
  ) {
    const { team, authorName, counterpart } = departmentAuthor(staff, thread.teamId, thread.team);
    const message = await tx.message.create({
      data: {
        threadId: thread.id,
        facilityId: thread.facilityId,
        themeId: thread.themeId,
        direction: 'incoming',
        authorName,
        authorStaffMemberId: staff.id,
        counterpart,
        body,
        sentAt,
      },
    });
    await tx.thread.update({ where: { id: thread.id }, data: { lastActivityAt: sentAt, departmentReadAt: sentAt } });
    await attachStaffFiles(tx, message.id, thread.facilityId, staff.user.id, files);
    if (audit) {
      await recordAudit(tx, {
        actor: { userId: staff.user.id, name: authorName },
        kind: 'message.sent',
        record: { type: 'Message', id: message.id },
        facilityId: thread.facilityId,
        teamCode: team.code,
        summary: `Bericht verstuurd op ${thread.reference} (${thread.theme.name}) aan ${thread.facility.name}.`,
        details: { threadId: thread.id, attachments: files.length },
      });
    }
    const recipients = notifiedContacts(await recipientCandidates(tx, thread.facilityId, thread.themeId, thread.id));
    await enqueueMails(tx, recipients.map((recipient) => departmentNotification(thread, message.id, recipient)), config);
    return { messageId: message.id, notified: recipients.map((r) => r.email) };
  }

  /** A department write in one transaction; staged files that can no longer be claimed become an error on the file field. */
  async function inDepartmentTransaction<T>(work: (tx: PlainTx) => Promise<T>): Promise<T> {
    try {
      return await prisma.$transaction(work);
    } catch (error) {
      if (error instanceof StagedFilesUnavailable) throw new NotAllowed('bijlagen', uploadTexts.keptUnavailable);
      throw error;
    }
  }

  return { listMessages, latestReceived, messageDetail, composeThemes, recipientsFor, contactDetails, sendNewMessage, reply, findAttachment, sentConfirmation, addDepartmentMessage, startDepartmentThread, startDepartmentThreads };
}

export type MessagesService = ReturnType<typeof createMessagesService>;

type PlainTx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
/** What postDepartmentMessage reads of the thread. */
const DEPARTMENT_THREAD = {
  id: true,
  reference: true,
  facilityId: true,
  themeId: true,
  teamId: true,
  team: { select: { code: true, name: true } },
  facility: { select: { name: true } },
  theme: { select: { name: true } },
} as const;
type DepartmentThread = Prisma.ThreadGetPayload<{ select: typeof DEPARTMENT_THREAD }>;

/** What postDepartmentMessage reads of the staff member who writes. */
const DEPARTMENT_WRITER = {
  id: true,
  user: { select: { id: true, givenName: true, surname: true } },
  teams: { select: { team: { select: { id: true, code: true, name: true } } } },
} as const;
type DepartmentWriter = Prisma.StaffMemberGetPayload<{ select: typeof DEPARTMENT_WRITER }>;

/** Who a department message is from: named after the thread's team when the writer is in it, else after their own team. */
function departmentAuthor(staff: DepartmentWriter, threadTeamId: number, threadTeam: { code: string; name: string }) {
  const team = staff.teams.find((t) => t.team.id === threadTeamId)?.team ?? staff.teams[0]?.team ?? threadTeam;
  return { team, authorName: `${staff.user.givenName} ${staff.user.surname}`, counterpart: addresseeName(team, staff.user) };
}

/** The e-mail that tells a contact of the facility that the department posted a message on the thread. */
function departmentNotification(thread: DepartmentThread, messageId: number, recipient: Recipient): MailToQueue {
  return {
    to: recipient.email,
    subject: `Er staat een nieuw bericht voor ${thread.facility.name} klaar in het e-loket`,
    template: 'notification',
    data: {
      title: 'Er staat een bericht voor u klaar',
      greeting: recipient.organisation ? 'Beste,' : `Beste ${recipient.givenName} ${recipient.surname},`,
      paragraphs: [
        `Het Departement Zorg heeft in het e-loket een bericht voor ${thread.facility.name} geplaatst over het thema ${thread.theme.name} (referentienummer ${thread.reference}).`,
        ...(recipient.organisation
          ? [`U ontvangt deze e-mail op het e-mailadres van uw organisatie omdat er voor het thema ${thread.theme.name} nog geen bevestigde contactpersoon is. Geef er een op in het e-loket bij Mijn organisatie › Contactpersonen.`]
          : []),
        'Meld u aan in het e-loket om het bericht te lezen.',
      ],
      action: { text: 'Bericht bekijken', path: `/berichten/${messageId}` },
    },
    facilityId: thread.facilityId,
    cause: { type: 'message', id: messageId },
  };
}

/** Claims the files a staff member staged for the message and links them to it, in the message's transaction. */
async function attachStaffFiles(tx: Prisma.TransactionClient, messageId: number, facilityId: number, userId: number, files: StoredFileInfo[]): Promise<void> {
  if (files.length === 0) return;
  const claimed = await claimUploads(tx, { ids: files.map((f) => f.id), facilityId, userId, stagedByStaff: true });
  await tx.message.update({ where: { id: messageId }, data: { attachments: { create: claimed.map((f, position) => ({ storedFileId: f.id, position })) } } });
}

/** The next referentienummer "DZ-<year>-<6 digits>", from the sequence thread_reference_seq. */
async function nextThreadReference(db: SqlClient, now: Date): Promise<string> {
  const [reference] = await nextThreadReferences(db, now, 1);
  if (!reference) throw new Error('thread_reference_seq gave no value');
  return reference;
}

/** The next `count` referentienummers, in one call of the sequence. */
async function nextThreadReferences(db: SqlClient, now: Date, count: number): Promise<string[]> {
  const sequence = await nextThreadNumbers(db, count);
  const year = brusselsDateOf(now).year;
  return sequence.map((n) => `DZ-${year}-${String(n).padStart(6, '0')}`);
}


type ScopeTx = FacilityScopeTx;

/** A facility's write in one transaction; staged files that can no longer be claimed become an error on the file field. */
async function inTransaction<T>(scope: FacilityScope, work: (tx: ScopeTx) => Promise<T>): Promise<T> {
  try {
    return await scope.$transaction(work);
  } catch (error) {
    if (error instanceof StagedFilesUnavailable) throw new NotAllowed('bijlagen', uploadTexts.keptUnavailable);
    if (error instanceof MailQuotaExceeded) throw new NotAllowed('recipients', error.userMessage, 429);
    throw error;
  }
}

/** Claims the message's staged files and links them to it, in the message's transaction. */
async function attach(tx: ScopeTx, messageId: number, facilityId: number, userId: number, files: StoredFileInfo[]): Promise<void> {
  if (files.length === 0) return;
  const claimed = await claimUploads(tx, { ids: files.map((f) => f.id), facilityId, userId });
  await tx.message.update({ where: { id: messageId }, data: { attachments: { create: claimed.map((f, position) => ({ storedFileId: f.id, position })) } } });
}

const EMPTY_CANDIDATES: RecipientCandidates = { defaults: [], muted: new Set(), threadContacts: [] };

/**
 * The contacts the rule starts from, for a theme and (an existing) thread of
 * one facility, in one query: the department's side, bound to the thread's
 * facility (facility pages use ownRecipientCandidates).
 */
export async function recipientCandidates(db: SqlClient, facilityId: number, themeId: number, threadId?: number): Promise<RecipientCandidates> {
  const [candidates] = await recipientCandidatesOf(db, themeId, [{ facilityId, threadId }]);
  return candidates ?? EMPTY_CANDIDATES;
}

/** recipientCandidates of the acting facility (a facility page): bound to the scope's own id. */
async function ownRecipientCandidates(scope: FacilityScope | ScopeTx, themeId: number, threadId?: number): Promise<RecipientCandidates> {
  const [candidates] = candidatesOf(await ownCandidateRows(scope, themeId, threadId), 1);
  return candidates ?? EMPTY_CANDIDATES;
}

/**
 * recipientCandidates for many threads of one theme (the bulk worker's
 * batch), in one query; in the order of `threads`.
 */
export async function recipientCandidatesOf(db: SqlClient, themeId: number, threads: { facilityId: number; threadId?: number | undefined }[]): Promise<RecipientCandidates[]> {
  if (threads.length === 0) return [];
  return candidatesOf(await candidateRows(db, themeId, threads), threads.length);
}

/** The candidate rows grouped per thread, in the order the threads were asked for. */
function candidatesOf(rows: CandidateSqlRow[], threads: number): RecipientCandidates[] {
  const byThread = Array.from({ length: threads }, () => [] as CandidateSqlRow[]);
  for (const row of rows) byThread[row.i - 1]?.push(row);
  return byThread.map((own) => ({
    defaults: own
      .filter((r) => r.kind === 'default')
      .map((r) => ({ contactPersonId: r.contact_person_id ?? 0, surname: r.surname, givenName: r.given_name, email: r.email, phone: r.phone, confirmed: r.confirmed })),
    muted: new Set(own.filter((r) => r.kind === 'muted').map((r) => r.contact_person_id ?? 0)),
    threadContacts: own
      .filter((r) => r.kind === 'thread')
      .map((r) => ({ contactPersonId: r.contact_person_id, surname: r.surname, givenName: r.given_name, email: r.email, phone: r.phone })),
    organisationEmail: own.find((r) => r.kind === 'organisation')?.email ?? null,
  }));
}
