// "Hulp nodig?" (M21): what the panel shows for a page (the theme's guidance
// and whom to contact about it), and questions to the technical helpdesk,
// stored as a ticket, e-mailed to the helpdesk and acknowledged to the asker
// (with the ticket number) in one transaction.
import type { Config } from '../../config.js';
import type { PrismaClient } from '../../db/client.js';
import { enqueueMail } from '../../mail/outbox.js';
import { themeDefinition, type GuidanceDocument } from '../themes/index.js';
import type { HelpdeskQuestion } from './schemas.js';

/** An addressee under "Contacteer ons": opens "Stuur nieuw bericht" with theme and addressee filled in. */
export interface HelpContact {
  name: string;
  /** For a dossierbehandelaar: the team they belong to. */
  teamName?: string;
  href: string;
}

export interface HelpTheme {
  slug: string;
  name: string;
  documents: GuidanceDocument[];
  teams: HelpContact[];
  caseHandlers: HelpContact[];
}

export interface HelpPanel {
  /** Absent on pages that do not belong to a theme. */
  theme?: HelpTheme;
  /** Whether "Contacteer ons" lists the theme's addressees (a facility user whose facility has the theme). */
  canWrite: boolean;
}

/** The number an asker quotes: "HD-42". */
export const ticketNumber = (id: number) => `HD-${id}`;

export interface AskedBy {
  userId?: number;
  facilityId?: number;
}

export interface HelpService {
  /**
   * The panel for a page. The theme's contacts are read only for a page of a
   * theme and a user acting for a facility whose type has that theme (the
   * links lead to the message form, which only such a user can use).
   */
  panel(themeSlug: string | undefined, reader: { facilityTypeId?: number }): Promise<HelpPanel>;
  /** Stores the question as an open ticket and queues its e-mail to the helpdesk; the ticket's id. */
  askHelpdesk(question: HelpdeskQuestion, askedBy: AskedBy): Promise<number>;
}

const newMessagePath = (slug: string, addressee: { team: string } | { behandelaar: number }) =>
  'team' in addressee
    ? `/berichten/nieuw?thema=${encodeURIComponent(slug)}&team=${encodeURIComponent(addressee.team)}`
    : `/berichten/nieuw?thema=${encodeURIComponent(slug)}&behandelaar=${addressee.behandelaar}`;

export function createHelpService({ prisma, config }: { prisma: PrismaClient; config: Pick<Config, 'baseUrl' | 'helpdesk'> }): HelpService {
  return {
    async panel(themeSlug, { facilityTypeId }) {
      const definition = themeSlug ? themeDefinition(themeSlug) : undefined;
      if (!definition) return { canWrite: false };
      const theme: HelpTheme = { slug: definition.slug, name: definition.name, documents: definition.documents, teams: [], caseHandlers: [] };
      if (facilityTypeId === undefined) return { theme, canWrite: false };
      // One read: whether the facility's type has the theme, and the theme's teams with their staff members' names.
      const row = await prisma.theme.findUnique({
        where: { slug: definition.slug },
        select: {
          facilityTypes: { where: { facilityTypeId }, select: { facilityTypeId: true } },
          teams: {
            select: {
              team: {
                select: {
                  code: true,
                  name: true,
                  members: { select: { staffMember: { select: { id: true, user: { select: { givenName: true, surname: true } } } } } },
                },
              },
            },
          },
        },
      });
      if (!row || row.facilityTypes.length === 0) return { theme, canWrite: false };
      const teams = row.teams.map((t) => t.team).sort((a, b) => a.name.localeCompare(b.name, 'nl-BE'));
      theme.teams = teams.map((team) => ({ name: team.name, href: newMessagePath(definition.slug, { team: team.code }) }));
      const seen = new Set<number>();
      for (const team of teams) {
        for (const { staffMember } of team.members) {
          if (seen.has(staffMember.id)) continue;
          seen.add(staffMember.id);
          theme.caseHandlers.push({
            name: `${staffMember.user.givenName} ${staffMember.user.surname}`,
            teamName: team.name,
            href: newMessagePath(definition.slug, { behandelaar: staffMember.id }),
          });
        }
      }
      theme.caseHandlers.sort((a, b) => a.name.localeCompare(b.name, 'nl-BE'));
      return { theme, canWrite: true };
    },

    async askHelpdesk(question, askedBy) {
      return prisma.$transaction(async (tx) => {
        const ticket = await tx.helpdeskTicket.create({
          data: {
            email: question.email,
            question: question.question,
            userId: askedBy.userId ?? null,
            facilityId: askedBy.facilityId ?? null,
            page: question.page ?? null,
          },
          select: { id: true, createdAt: true, facility: { select: { name: true, hcoNumber: true } }, user: { select: { givenName: true, surname: true } } },
        });
        await enqueueMail(
          tx,
          {
            to: config.helpdesk.email,
            subject: `Vraag aan de technische helpdesk (ticket ${ticket.id})`,
            template: 'helpdesk-question',
            data: {
              ticketId: ticket.id,
              askedAt: ticket.createdAt,
              email: question.email,
              question: question.question,
              page: question.page,
              user: ticket.user ? `${ticket.user.givenName} ${ticket.user.surname}` : undefined,
              facility: ticket.facility ? `${ticket.facility.name} (HCO-nummer ${ticket.facility.hcoNumber})` : undefined,
            },
            facilityId: askedBy.facilityId ?? null,
            cause: { type: 'helpdesk-ticket', id: ticket.id },
          },
          config,
        );
        // The acknowledgement carries only the ticket number, never the question: the address is whatever
        // the visitor typed, and the form must not relay a stranger's text to it. The rate limits of
        // POST /hulp/helpdesk bound these e-mails as they bound the tickets.
        await enqueueMail(
          tx,
          {
            to: question.email,
            subject: `Uw vraag werd ontvangen: ticket ${ticketNumber(ticket.id)}`,
            template: 'helpdesk-received',
            data: { ticketNumber: ticketNumber(ticket.id), askedAt: ticket.createdAt },
            facilityId: askedBy.facilityId ?? null,
            cause: { type: 'helpdesk-ticket', id: ticket.id },
            causedByUserId: askedBy.userId ?? null,
          },
          config,
        );
        return ticket.id;
      });
    },
  };
}
