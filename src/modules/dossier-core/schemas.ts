// The department's forms and filters of dossier handling.
import { z } from 'zod';
import { optionalChoice } from '../../lib/list-filter.js';
import type { FieldError } from '../../lib/form-errors.js';
import { textField, unsafeTextMessage } from '../../lib/text.js';
import type { QueueFilter } from './data.js';
import { DOSSIER_TYPES } from './registry.js';
import { ALL_SUBMITTED, STATUS_TEXT, type DossierStatus, type StatusChoice } from './type.js';

export const dossierIdSchema = z.coerce.number().int().positive().max(2_147_483_647);

const STATUSES = Object.keys(STATUS_TEXT) as DossierStatus[];

/**
 * The queue's filters from the query string. An unknown value is not ignored:
 * it is reported in Dutch next to its filter, and the list shows what the
 * other filters select.
 */
export const queueFilterSchema = z.object({
  type: z.string().trim().max(64).optional(),
  status: z.string().trim().optional(),
  voorziening: z.string().trim().max(100).optional(),
  behandelaar: z.string().trim().max(12).optional(),
  termijn: z.string().trim().optional(),
  pagina: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

/** The queue's error for a type that is not in its list. */
export const TYPE_CHOICE_ERROR = 'Kies een type dossier uit de lijst.';

/** The department's export: the queue's type filter, one of the registry's types. */
export const exportQuerySchema = z.object({
  type: optionalChoice(
    DOSSIER_TYPES.map((t) => t.code),
    TYPE_CHOICE_ERROR,
  ),
});

export type QueueQuery = z.infer<typeof queueFilterSchema>;

function readStatus(value: string | undefined): StatusChoice | undefined | 'invalid' {
  if (!value) return undefined;
  if (value === ALL_SUBMITTED) return ALL_SUBMITTED;
  return STATUSES.includes(value as DossierStatus) ? (value as DossierStatus) : 'invalid';
}

/** The queue's term filter: its values and their labels. */
export const TERM_TEXT = { 'binnen-7-dagen': 'Termijn verloopt binnen 7 dagen', verlopen: 'Termijn verlopen' } as const;

/** The filters of the queue other than the type and the page: what the queue and the export of a type both apply. */
export type DossierFilter = Omit<QueueFilter, 'type' | 'page'>;

/** The query string's filters of the queue other than type and page, as they are written in its links and the export's. */
export const FILTER_KEYS = ['status', 'voorziening', 'behandelaar', 'termijn'] as const;

/**
 * Reads the queue's filters other than the type (which each caller checks
 * against its own list of types): the one reading of the queue and of the
 * export of a type, with the Dutch error of each unknown value.
 */
export function readDossierFilter(query: QueueQuery): { filter: DossierFilter; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const status = readStatus(query.status);
  if (status === 'invalid') errors.push({ field: 'status', text: 'Kies een status uit de lijst.' });
  const term = query.termijn && query.termijn in TERM_TEXT ? (query.termijn as keyof typeof TERM_TEXT) : undefined;
  if (query.termijn && !term) errors.push({ field: 'termijn', text: 'Kies een termijn uit de lijst.' });
  let handler: DossierFilter['handler'];
  if (query.behandelaar === 'mij' || query.behandelaar === 'niemand') handler = query.behandelaar;
  else if (query.behandelaar && /^\d{1,9}$/.test(query.behandelaar)) handler = Number(query.behandelaar);
  else if (query.behandelaar) errors.push({ field: 'behandelaar', text: 'Kies een dossierbehandelaar uit de lijst.' });
  return {
    filter: {
      ...(status && status !== 'invalid' ? { status } : {}),
      ...(query.voorziening ? { facility: query.voorziening } : {}),
      ...(handler === undefined ? {} : { handler }),
      ...(term ? { term } : {}),
    },
    errors,
  };
}

/** The query string of the queue's filters (type first, without the page): the queue's page links and its export links carry it. */
export function filterParams(query: QueueQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['type', ...FILTER_KEYS] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  return params;
}

export const decisionSchema = z
  .object({
    outcome: z.enum(['aanvaard', 'geweigerd'], { error: 'Kies of u het dossier aanvaardt of weigert.' }),
    motivation: z
      .string()
      .optional()
      .transform((v) => v ?? '')
      .pipe(textField(2000, { tooLong: 'Gebruik voor de motivering hoogstens 2000 tekens.', unsafe: unsafeTextMessage('de motivering') }, { multiline: true })),
  })
  .superRefine((value, ctx) => {
    if (value.outcome === 'geweigerd' && !value.motivation) {
      ctx.addIssue({ code: 'custom', path: ['motivation'], message: 'Vul de motivering in: een weigering wordt altijd gemotiveerd.' });
    }
  });

export const reopenReasonSchema = z.object({
  reason: textField(500, {
    missing: 'Vul de reden in waarom het dossier heropend wordt: wat moet de voorziening aanpassen?',
    tooLong: 'Gebruik voor de reden hoogstens 500 tekens.',
    unsafe: unsafeTextMessage('de reden'),
  }, { multiline: true }),
});

export const assignSchema = z.object({
  handler: z.union([z.literal(''), z.coerce.number().int().positive().max(2_147_483_647)], { error: 'Kies een dossierbehandelaar.' }),
});
