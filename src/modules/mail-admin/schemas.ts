// The filters of /beheer/mail, from the query string.
import { z } from 'zod';
import { optionalDay, periodOf } from '../../lib/date-filter.js';
import { chooseOneOf, optionalChoice, readFilterQuery } from '../../lib/list-filter.js';
import type { FieldError } from '../../lib/form-errors.js';
import { OUTBOX_STATUSES, type OutboxFilter } from '../../mail/admin-service.js';
import type { OutboxMailStatus } from '../../generated/prisma/enums.js';

export const OUTBOX_PAGE_SIZE = 25;

/** The statuses as the pages name them. */
export const STATUS_LABELS: Record<OutboxMailStatus, string> = {
  queued: 'In de wachtrij',
  sending: 'Wordt verstuurd',
  sent: 'Verstuurd',
  failed: 'Mislukt',
};

const mailQuerySchema = z.object({
  status: optionalChoice(OUTBOX_STATUSES, chooseOneOf([...OUTBOX_STATUSES.map((s) => STATUS_LABELS[s]), 'Alle'])),
  ontvanger: z
    .string()
    .optional()
    .transform((v) => v?.trim().slice(0, 200) || undefined),
  sjabloon: z
    .string()
    .optional()
    .transform((v) => (v && /^[a-z0-9-]{1,100}$/.test(v) ? v : undefined)),
  van: optionalDay,
  tot: optionalDay,
  pagina: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});


export const mailIdSchema = z.coerce.number().int().positive().max(2_147_483_647);

/** The filter and page a query asks for; a date or a status that is not one is left out and reported. */
export function readMailQuery(query: Record<string, unknown>): { filter: OutboxFilter; page: number; values: Record<string, string>; errors: FieldError[] } {
  const { read, errors } = readFilterQuery(mailQuerySchema, query);
  const status = read('status');
  const recipient = read('ontvanger');
  const template = read('sjabloon');
  const { from, before } = periodOf(read('van'), read('tot'));
  const filter: OutboxFilter = {
    ...(status ? { status } : {}),
    ...(recipient ? { recipient } : {}),
    ...(template ? { template } : {}),
    ...(from ? { createdFrom: from } : {}),
    ...(before ? { createdBefore: before } : {}),
  };
  const text = (key: string) => (typeof query[key] === 'string' ? query[key] : '');
  return {
    filter,
    page: read('pagina') ?? 1,
    values: { status: status ?? '', ontvanger: text('ontvanger'), sjabloon: template ?? '', van: text('van'), tot: text('tot') },
    errors,
  };
}

/** The query string of a filter's values and a page. */
export function mailListHref(values: Record<string, string>, page: number): string {
  const params = new URLSearchParams();
  for (const key of ['status', 'ontvanger', 'sjabloon', 'van', 'tot']) if (values[key]) params.set(key, values[key]);
  if (page > 1) params.set('pagina', String(page));
  const query = params.toString();
  return query ? `/beheer/mail?${query}` : '/beheer/mail';
}
