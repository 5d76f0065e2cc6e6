// The forms of the team inbox (M26): the filters of /beheer/berichten (a GET
// form, every filter in the URL), a reply and an assignment on a thread.
// Dutch messages that say which field and what to do.
import { z } from 'zod';
import { formatCalendar, parseDate, type CalendarDate } from '../../lib/dates.js';
import { hasUnsafeCharacters, textField, unsafeTextMessage } from '../../lib/text.js';
import { BODY_MAX } from '../messages/index.js';

/** Threads per page: the department's lists are dense. */
export const INBOX_PAGE_SIZE = 25;
const FILTER_MAX = 200;

/** The filter fields by their name in the URL. */
export const INBOX_FILTER_FIELDS = ['thema', 'voorziening', 'afhandeling', 'status', 'toegewezen', 'van', 'tot', 'referentienummer'] as const;
export type InboxFilterField = (typeof INBOX_FILTER_FIELDS)[number];
export type InboxFilterValues = Record<InboxFilterField, string>;

export interface InboxFilters {
  themeSlug?: string;
  /** A facility's name (part of it) or its HCO number. */
  facility?: string;
  read?: 'unread' | 'read';
  /** Open threads unless asked otherwise: the team works through what is still open (M39). */
  handling?: 'handled' | 'all';
  assignedToMe?: boolean;
  from?: CalendarDate;
  to?: CalendarDate;
  reference?: string;
}

export interface InboxQuery {
  values: InboxFilterValues;
  filters: InboxFilters;
  page: number;
  /** Filters that could not be used, each with what to do; the list shows without them. */
  errors: { field: InboxFilterField; text: string }[];
}

const DATE_HINT = 'als dd/mm/jjjj, bijvoorbeeld 15/06/2026';

const optionalText = (label: string) =>
  z
    .string()
    .trim()
    .max(FILTER_MAX, `Gebruik voor ${label} hoogstens ${FILTER_MAX} tekens.`)
    .refine((v) => !hasUnsafeCharacters(v), unsafeTextMessage(label))
    .transform((v) => (v === '' ? undefined : v));

const optionalDate = (message: string) =>
  z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === '') return undefined;
      const date = parseDate(v);
      if (!date) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return date;
    });

/** One schema per field, so that a wrong field is reported and left out while the others still filter. */
const fieldSchemas = {
  thema: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{0,64}$/, 'Kies een thema uit de lijst.')
    .transform((v) => (v === '' ? undefined : v)),
  voorziening: optionalText('de voorziening'),
  afhandeling: z.enum(['', 'afgehandeld', 'alle'], { error: 'Kies ‘Open’, ‘Afgehandeld’ of ‘Alle’.' }),
  status: z.enum(['', 'ongelezen', 'gelezen'], { error: 'Kies ‘Ongelezen’, ‘Gelezen’ of ‘Alle’.' }),
  toegewezen: z.enum(['', 'mij'], { error: 'Kies ‘Aan mij toegewezen’ of ‘Iedereen’.' }),
  van: optionalDate(`Vul de datum ‘Van’ in ${DATE_HINT}.`),
  tot: optionalDate(`Vul de datum ‘Tot en met’ in ${DATE_HINT}.`),
  referentienummer: optionalText('het referentienummer'),
} satisfies Record<InboxFilterField, z.ZodType>;

const pageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

const first = (value: unknown): string => (typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '');

/** Reads the inbox's filters and page from the query string (each filter validated on its own). */
export function readInboxQuery(query: Record<string, unknown>): InboxQuery {
  const values = Object.fromEntries(INBOX_FILTER_FIELDS.map((f) => [f, first(query[f]).slice(0, FILTER_MAX + 1)])) as InboxFilterValues;
  const errors: InboxQuery['errors'] = [];
  const parsed: Partial<{ [K in InboxFilterField]: z.output<(typeof fieldSchemas)[K]> }> = {};
  for (const field of INBOX_FILTER_FIELDS) {
    const result = fieldSchemas[field].safeParse(values[field]);
    if (result.success) (parsed as Record<string, unknown>)[field] = result.data;
    else errors.push({ field, text: result.error.issues[0]?.message ?? 'Deze waarde kan niet gebruikt worden.' });
  }
  const filters: InboxFilters = {
    ...(parsed.thema ? { themeSlug: parsed.thema } : {}),
    ...(parsed.voorziening ? { facility: parsed.voorziening } : {}),
    ...(parsed.status === 'ongelezen' ? { read: 'unread' as const } : parsed.status === 'gelezen' ? { read: 'read' as const } : {}),
    ...(parsed.afhandeling === 'afgehandeld' ? { handling: 'handled' as const } : parsed.afhandeling === 'alle' ? { handling: 'all' as const } : {}),
    ...(parsed.toegewezen === 'mij' ? { assignedToMe: true } : {}),
    ...(parsed.van ? { from: parsed.van } : {}),
    ...(parsed.tot ? { to: parsed.tot } : {}),
    ...(parsed.referentienummer ? { reference: parsed.referentienummer.toUpperCase() } : {}),
  };
  if (filters.from && filters.to && compareDates(filters.from, filters.to) > 0) {
    errors.push({ field: 'tot', text: `De datum ‘Tot en met’ moet op of na ${formatCalendar(filters.from)} liggen.` });
    delete filters.to;
  }
  return { values, filters, page: pageSchema.parse(first(query.pagina) || 1), errors };
}

const compareDates = (a: CalendarDate, b: CalendarDate) => a.year - b.year || a.month - b.month || a.day - b.day;

/** The query string of the inbox with these values (filters kept, page as given), for links and paging. */
export function inboxHref(values: Partial<InboxFilterValues>, page = 1): string {
  const params = new URLSearchParams();
  for (const field of INBOX_FILTER_FIELDS) {
    const value = values[field];
    if (value) params.set(field, value);
  }
  if (page > 1) params.set('pagina', String(page));
  const text = params.toString();
  return `/beheer/berichten${text ? `?${text}` : ''}`;
}

/** "Antwoorden" on a thread, and "Concept bewaren" (same fields, nothing sent). */
export const departmentReplySchema = z.object({
  body: textField(
    BODY_MAX,
    {
      missing: 'Vul de tekst van uw antwoord in.',
      tooLong: `Uw antwoord is te lang: gebruik hoogstens ${BODY_MAX.toLocaleString('nl-BE')} tekens.`,
      unsafe: unsafeTextMessage('de tekst van uw antwoord'),
    },
    { multiline: true },
  ),
});

/** The button that posted the reply form. */
export const replyActionSchema = z.enum(['verzenden', 'concept']).catch('verzenden');

/** "Toewijzen": a dossierbehandelaar of the thread's team, or nobody (""). */
export const assignSchema = z.object({
  behandelaar: z
    .string({ error: 'Kies een dossierbehandelaar van het team.' })
    .trim()
    .regex(/^(\d{1,9})?$/, 'Kies een dossierbehandelaar van het team.')
    .transform((v) => (v === '' ? null : Number(v))),
});

/** /beheer/instellingen: whether the staff member gets an e-mail for a facility's message on their threads. */
export const staffSettingsSchema = z.object({ meldingen: z.literal('ja').optional() }).transform((v) => ({ notifyNewMessages: v.meldingen === 'ja' }));

/** A thread or file id in the path. */
export const pathIdSchema = z.string().regex(/^\d{1,9}$/).transform(Number);
