// The helpdesk's forms and filters (M28): the ticket list and the answer.
import { z } from 'zod';
import { textField, unsafeTextMessage } from '../../lib/text.js';
import { chooseOneOf, optionalChoice } from '../../lib/list-filter.js';

/** Tickets per page of the list. */
export const PAGE_SIZE = 25;
export const ANSWER_MAX_LENGTH = 8000;

/** The statuses in the list's filter ("open", "gesloten"); none shows every ticket, open first. */
export const TICKET_STATUS_FILTERS = { open: 'open', gesloten: 'closed' } as const;

export const ticketFilterSchema = z.object({
  status: optionalChoice(['open', 'gesloten'], chooseOneOf(['Alle (open eerst)', 'Open', 'Afgesloten'])),
  pagina: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export type TicketFilter = z.infer<typeof ticketFilterSchema>;

export const ticketIdSchema = z.coerce.number().int().positive().max(2_147_483_647);

export const answerSchema = z.object({
  answer: textField(
    ANSWER_MAX_LENGTH,
    {
      missing: 'Vul uw antwoord in.',
      tooLong: `Uw antwoord mag hoogstens ${ANSWER_MAX_LENGTH} tekens lang zijn. Maak het korter.`,
      unsafe: unsafeTextMessage('uw antwoord'),
    },
    { multiline: true },
  ),
});
