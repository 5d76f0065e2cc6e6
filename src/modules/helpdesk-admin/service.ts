// The technical helpdesk's tickets (M28): the questions asked through "Hulp
// nodig?", listed open first, answered by e-mail through the outbox and
// closed. Every answer and closing is written with its e-mail and its audit
// row in one transaction.
import type { Config } from '../../config.js';
import type { PrismaClient } from '../../db/client.js';
import { enqueueMail } from '../../mail/outbox.js';
import { recordAudit, type AuditActor } from '../audit/index.js';
import { HELPDESK_TEAM } from '../themes/index.js';
import { PAGE_SIZE, TICKET_STATUS_FILTERS, type TicketFilter } from './schemas.js';
import { lockTicket } from './data.js';

export interface TicketRow {
  id: number;
  email: string;
  /** The start of the question, for the list. */
  excerpt: string;
  status: 'open' | 'closed';
  createdAt: Date;
  facility: string | null;
  answers: number;
}

export interface TicketPage {
  rows: TicketRow[];
  total: number;
  page: number;
  totalPages: number;
  openCount: number;
}

export interface Ticket {
  id: number;
  email: string;
  question: string;
  page: string | null;
  status: 'open' | 'closed';
  createdAt: Date;
  closedAt: Date | null;
  user: string | null;
  facility: { id: number; name: string; hcoNumber: string } | null;
  answers: { authorName: string; body: string; sentAt: Date }[];
}

export class TicketClosed extends Error {}

export interface HelpdeskAdminService {
  list(filter: TicketFilter): Promise<TicketPage>;
  ticket(id: number): Promise<Ticket | undefined>;
  /** Stores the answer and queues its e-mail to the asker; false for an unknown ticket. Throws TicketClosed for a closed one. */
  answer(id: number, body: string, actor: AuditActor): Promise<boolean>;
  /** Closes an open ticket; false for an unknown one (closing a closed ticket changes nothing). */
  close(id: number, actor: AuditActor): Promise<boolean>;
}

const EXCERPT_LENGTH = 120;
const excerptOf = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_LENGTH ? `${line.slice(0, EXCERPT_LENGTH - 1)}…` : line;
};

/** The answer's paragraphs: separated by blank lines; single line breaks stay within a paragraph. */
const paragraphsOf = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

export function createHelpdeskAdminService({ prisma, config }: { prisma: PrismaClient; config: Pick<Config, 'baseUrl'> }): HelpdeskAdminService {
  return {
    async list(filter) {
      const where = filter.status ? { status: TICKET_STATUS_FILTERS[filter.status] } : {};
      const [total, openCount] = await Promise.all([prisma.helpdeskTicket.count({ where }), prisma.helpdeskTicket.count({ where: { status: 'open' } })]);
      const totalPages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      const page = Math.min(filter.pagina, totalPages);
      const tickets = await prisma.helpdeskTicket.findMany({
        where,
        // Open before closed (the enum's order), newest first: the index (status, created_at).
        orderBy: [{ status: 'asc' }, { createdAt: 'desc' }, { id: 'desc' }],
        skip: (page - 1) * PAGE_SIZE,
        take: PAGE_SIZE,
        select: {
          id: true,
          email: true,
          question: true,
          status: true,
          createdAt: true,
          facility: { select: { name: true } },
          _count: { select: { answers: true } },
        },
      });
      return {
        rows: tickets.map((t) => ({
          id: t.id,
          email: t.email,
          excerpt: excerptOf(t.question),
          status: t.status,
          createdAt: t.createdAt,
          facility: t.facility?.name ?? null,
          answers: t._count.answers,
        })),
        total,
        page,
        totalPages,
        openCount,
      };
    },

    async ticket(id) {
      const t = await prisma.helpdeskTicket.findUnique({
        where: { id },
        select: {
          id: true,
          email: true,
          question: true,
          page: true,
          status: true,
          createdAt: true,
          closedAt: true,
          user: { select: { givenName: true, surname: true } },
          facility: { select: { id: true, name: true, hcoNumber: true } },
          answers: { orderBy: [{ sentAt: 'asc' }, { id: 'asc' }], select: { authorName: true, body: true, sentAt: true } },
        },
      });
      if (!t) return undefined;
      return { ...t, user: t.user ? `${t.user.givenName} ${t.user.surname}` : null };
    },

    async answer(id, body, actor) {
      return prisma.$transaction(async (tx) => {
        // Locks the ticket: an answer and a closing of the same ticket do not cross.
        const status = await lockTicket(tx, id);
        if (!status) return false;
        if (status === 'closed') throw new TicketClosed();
        const ticket = await tx.helpdeskTicket.findUniqueOrThrow({ where: { id }, select: { email: true, question: true, createdAt: true, facilityId: true } });
        const answer = await tx.helpdeskAnswer.create({ data: { ticketId: id, authorUserId: actor.userId, authorName: actor.name, body }, select: { id: true } });
        await enqueueMail(
          tx,
          {
            to: ticket.email,
            subject: `Antwoord van de technische helpdesk (ticket ${id})`,
            template: 'helpdesk-answer',
            data: { ticketId: id, paragraphs: paragraphsOf(body), question: ticket.question, askedAt: ticket.createdAt, email: ticket.email, author: actor.name },
            facilityId: ticket.facilityId,
            cause: { type: 'helpdesk-answer', id: answer.id },
            causedByUserId: actor.userId,
          },
          config,
        );
        await recordAudit(tx, {
          actor,
          kind: 'helpdesk.answered',
          record: { type: 'HelpdeskTicket', id },
          facilityId: ticket.facilityId,
          teamCode: HELPDESK_TEAM,
          summary: `Helpdeskvraag ${id} beantwoord per e-mail aan ${ticket.email}.`,
          details: { answerId: answer.id },
        });
        return true;
      });
    },

    async close(id, actor) {
      return prisma.$transaction(async (tx) => {
        const ticket = await tx.helpdeskTicket.findUnique({ where: { id }, select: { facilityId: true } });
        if (!ticket) return false;
        const closed = await tx.helpdeskTicket.updateMany({ where: { id, status: 'open' }, data: { status: 'closed', closedAt: new Date() } });
        if (closed.count === 0) return true;
        await recordAudit(tx, {
          actor,
          kind: 'helpdesk.closed',
          record: { type: 'HelpdeskTicket', id },
          facilityId: ticket.facilityId,
          teamCode: HELPDESK_TEAM,
          summary: `Helpdeskvraag ${id} afgesloten.`,
        });
        return true;
      });
    },
  };
}
