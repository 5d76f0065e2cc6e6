// The forms of the Berichtenmodule: the filters of a message list (a GET
// form per list component), a new message (M16) and a reply (M15). One zod
// schema each, shared by the routes and their tests; Dutch messages that say
// which field and what to do.
import { z } from 'zod';
import { parseDate, type CalendarDate } from '../../lib/dates.js';
import { hasUnsafeCharacters, textField, unsafeTextMessage } from '../../lib/text.js';
import { chooseOneOf } from '../../lib/list-filter.js';

export const PAGE_SIZE = 10;
export const TITLE_MAX = 200;
export const BODY_MAX = 20_000;
const FILTER_MAX = 200;

/** Which messages a list component shows; the theme page shows both directions with a filter In/Uit. */
export type ListDirection = 'incoming' | 'outgoing' | 'both';

/**
 * A list component on a page: its own prefix for the query parameters, so
 * that two lists on one page keep their own page and filters in the URL.
 */
export interface ListComponent {
  prefix: string;
  direction: ListDirection;
  /** Heading of the table's column of the department side. */
  counterpartLabel: 'Afzender' | 'Ontvanger' | 'Afzender of ontvanger';
}

export const RECEIVED: ListComponent = { prefix: 'ontvangen', direction: 'incoming', counterpartLabel: 'Afzender' };
export const SENT: ListComponent = { prefix: 'verstuurd', direction: 'outgoing', counterpartLabel: 'Ontvanger' };
export const THEME_MESSAGES: ListComponent = { prefix: 'berichten', direction: 'both', counterpartLabel: 'Afzender of ontvanger' };

/** The filter fields of a list, by their name in the URL (after the component's prefix). */
export const FILTER_FIELDS = ['referentienummer', 'thema', 'titel', 'datum', 'naam', 'richting'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

/** What the user typed in a list's filter fields (echoed back in the form). */
export type FilterValues = Record<FilterField, string>;

export interface ListFilters {
  reference?: string;
  themeSlug?: string;
  title?: string;
  date?: CalendarDate;
  counterpart?: string;
  direction?: 'incoming' | 'outgoing';
}

export interface ListQuery {
  values: FilterValues;
  filters: ListFilters;
  page: number;
  /** Filter fields whose value could not be used, with what to do. */
  errors: { field: FilterField; text: string }[];
}

const first = (value: unknown): string => (typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '');

/** The query parameter of a filter field (or "pagina") of a component. */
export const param = (component: ListComponent, field: FilterField | 'pagina') => `${component.prefix}-${field}`;

/**
 * Reads one component's page and filters from the query string. A filter that
 * cannot be used (a date that is no date, a refused character) is left out and
 * reported next to its field; the list still shows.
 */
export function readListQuery(component: ListComponent, query: Record<string, unknown>): ListQuery {
  const values = Object.fromEntries(FILTER_FIELDS.map((f) => [f, first(query[param(component, f)]).trim().slice(0, FILTER_MAX)])) as FilterValues;
  const errors: ListQuery['errors'] = [];
  const filters: ListFilters = {};
  const text = (field: FilterField, label: string): string | undefined => {
    const value = values[field];
    if (value === '') return undefined;
    if (hasUnsafeCharacters(value)) {
      errors.push({ field, text: unsafeTextMessage(label) });
      return undefined;
    }
    return value;
  };
  filters.reference = text('referentienummer', 'het referentienummer');
  filters.title = text('titel', 'de titel');
  filters.counterpart = text('naam', component.counterpartLabel === 'Ontvanger' ? 'de ontvanger' : 'de afzender');
  if (values.thema !== '') filters.themeSlug = values.thema;
  if (values.datum !== '') {
    const date = parseDate(values.datum);
    if (date) filters.date = date;
    else errors.push({ field: 'datum', text: 'Vul de datum in als dd/mm/jjjj, bijvoorbeeld 15/06/2026.' });
  }
  if (component.direction === 'both') {
    if (values.richting === 'in') filters.direction = 'incoming';
    else if (values.richting === 'uit') filters.direction = 'outgoing';
    else if (values.richting !== '') {
      errors.push({ field: 'richting', text: chooseOneOf(['In', 'Uit', 'Alle']) });
      values.richting = '';
    }
  } else {
    values.richting = '';
  }
  const page = Number.parseInt(first(query[param(component, 'pagina')]), 10);
  return { values, filters, page: Number.isSafeInteger(page) && page >= 1 ? page : 1, errors };
}

/**
 * The title and text of a message, with errors naming it as the writer sees
 * it: "uw bericht" for a facility, "het bericht" for the department's pages.
 */
export function messageTitleField(of: 'uw bericht' | 'het bericht') {
  return textField(TITLE_MAX, {
    missing: `Vul de titel van ${of} in.`,
    tooLong: `Gebruik voor de titel hoogstens ${TITLE_MAX} tekens.`,
    unsafe: unsafeTextMessage('de titel'),
  });
}

export function messageBodyField(of: 'uw bericht' | 'het bericht') {
  return textField(
    BODY_MAX,
    {
      missing: `Vul de tekst van ${of} in.`,
      tooLong: `${of.charAt(0).toUpperCase()}${of.slice(1)} is te lang: gebruik hoogstens ${BODY_MAX.toLocaleString('nl-BE')} tekens.`,
      unsafe: unsafeTextMessage(`de tekst van ${of}`),
    },
    { multiline: true },
  );
}

const titleField = messageTitleField('uw bericht');
const bodyField = messageBodyField('uw bericht');

/** "Bericht beantwoorden" (M15). */
export const replySchema = z.object({ body: bodyField });
export type ReplyInput = z.infer<typeof replySchema>;

/**
 * The addressee of a new message as the select posts it: "team:<team code>" or
 * "behandelaar:<staff member id>" (a dossierbehandelaar of a team of the theme).
 */
export const addresseeValue = {
  team: (code: string) => `team:${code}`,
  staff: (id: number) => `behandelaar:${id}`,
};

export type AddresseeChoice = { kind: 'team'; code: string } | { kind: 'staff'; id: number };

const ADDRESSEE_MISSING = 'Kies aan wie u het bericht stuurt: een team of een dossierbehandelaar van het thema.';

/** "Stuur nieuw bericht" (M16). Whether theme and addressee exist for this facility is checked by the service. */
export const newMessageSchema = z.object({
  theme: z.string({ error: 'Kies het thema van uw bericht.' }).trim().min(1, 'Kies het thema van uw bericht.').max(64, 'Kies het thema van uw bericht.'),
  addressee: z
    .string({ error: ADDRESSEE_MISSING })
    .trim()
    .min(1, ADDRESSEE_MISSING)
    .transform((value, ctx): AddresseeChoice => {
      const team = /^team:([a-z0-9-]{1,64})$/.exec(value);
      if (team?.[1]) return { kind: 'team', code: team[1] };
      const staff = /^behandelaar:(\d{1,9})$/.exec(value);
      if (staff?.[1]) return { kind: 'staff', id: Number(staff[1]) };
      ctx.addIssue({ code: 'custom', message: ADDRESSEE_MISSING });
      return z.NEVER;
    }),
  title: titleField,
  body: bodyField,
});
export type NewMessageInput = z.infer<typeof newMessageSchema>;

/** The fields of the new-message form as typed, to show them again after an error. */
export interface NewMessageValues {
  theme: string;
  addressee: string;
  title: string;
  body: string;
}

export function newMessageValues(body: Record<string, unknown>): NewMessageValues {
  return { theme: first(body.theme), addressee: first(body.addressee), title: first(body.title), body: first(body.body) };
}
