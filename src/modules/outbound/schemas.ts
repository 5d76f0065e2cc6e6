// The forms of the department's outbound messages (M26): the facility search
// of a new thread, the new thread itself, and the selection and message of a
// bulk send. Whether a theme, a dossier or a facility type may be used is
// checked by the service against the staff member's teams.
import { z } from 'zod';
import { textField, unsafeTextMessage } from '../../lib/text.js';
import type { CampaignProgress } from '../campaigns/index.js';
import { messageBodyField, messageTitleField } from '../messages/index.js';

export const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/** Step 1 of a new thread: find the facility by name or HCO-nummer. */
export const facilitySearchSchema = z.object({
  zoek: z.preprocess(
    first,
    textField(100, { tooLong: 'Gebruik om te zoeken hoogstens 100 tekens.', unsafe: unsafeTextMessage('de zoekterm') }).optional().default(''),
  ),
  voorziening: z.preprocess(first, idSchema.optional().catch(undefined)),
});

const titleField = messageTitleField('het bericht');
const bodyField = messageBodyField('het bericht');

const THEME_MISSING = 'Kies het thema van het bericht.';
const themeField = z.string({ error: THEME_MISSING }).trim().min(1, THEME_MISSING).max(64, THEME_MISSING);

/** "Nieuw bericht" to one facility. */
export const newThreadSchema = z.object({
  theme: themeField,
  dossier: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined;
      const id = idSchema.safeParse(value);
      if (id.success) return id.data;
      ctx.addIssue({ code: 'custom', message: 'Kies een dossier uit de lijst, of geen dossier.' });
      return z.NEVER;
    }),
  title: titleField,
  body: bodyField,
});
export type NewThreadInput = z.infer<typeof newThreadSchema>;

const filterField = (label: string) => textField(100, { tooLong: `Gebruik voor ${label} hoogstens 100 tekens.`, unsafe: unsafeTextMessage(label) });

const TYPE_MISSING = 'Kies het type voorziening.';

/** The campaign states a bulk send can target, as the form posts them. */
export const PROGRESS_SLUGS = { 'niet-gestart': 'niet gestart', 'in-opmaak': 'in opmaak', ingediend: 'ingediend' } as const satisfies Record<string, CampaignProgress>;
export type ProgressSlug = keyof typeof PROGRESS_SLUGS;
const PROGRESS_MISSING = 'Kies minstens één status van de campagne.';
const CAMPAIGN_MISSING = 'Kies een campagne uit de lijst.';

/** "Bericht aan meerdere voorzieningen": the selection and the message. */
export const bulkSchema = z
  .object({
    type: z.string({ error: TYPE_MISSING }).trim().min(1, TYPE_MISSING).max(64, TYPE_MISSING),
    gemeente: filterField('de gemeente').optional().default(''),
    naam: filterField('de naam').optional().default(''),
    // "Per campagnestatus" (M39): a Meting dagprijzen campaign, by year, and the states of its facilities.
    campagne: z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (!value) return undefined;
        const year = z.coerce.number().int().min(2020).max(2100).safeParse(value);
        if (year.success) return year.data;
        ctx.addIssue({ code: 'custom', message: CAMPAIGN_MISSING });
        return z.NEVER;
      }),
    campagnestatus: z
      .preprocess((value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]), z.array(z.enum(Object.keys(PROGRESS_SLUGS) as [ProgressSlug, ...ProgressSlug[]], { error: PROGRESS_MISSING })).max(3))
      .transform((slugs) => [...new Set(slugs)]),
    theme: themeField,
    title: titleField,
    body: bodyField,
  })
  .superRefine((input, ctx) => {
    if (input.campagne !== undefined && input.campagnestatus.length === 0) ctx.addIssue({ code: 'custom', path: ['campagnestatus'], message: PROGRESS_MISSING });
    if (input.campagne === undefined && input.campagnestatus.length > 0) ctx.addIssue({ code: 'custom', path: ['campagne'], message: 'Kies de campagne waarvan u de status gebruikt, of geen status.' });
  });
export type BulkInput = z.infer<typeof bulkSchema>;

/**
 * The one-time key of a confirmation form, made with the preview (newConfirmKey
 * in service.ts): the same form posted twice, or again later, finds its job.
 */
export const confirmKeySchema = z.object({ sleutel: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

/** The number of facilities the preview showed, posted back with the confirmation. */
export const previewedCountSchema = z.object({ aantal: z.coerce.number().int().min(0).max(1_000_000) });

/** The fields of a form as typed, to show them again. */
export function typedValues(body: Record<string, unknown>, fields: readonly string[]): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f, typeof body[f] === 'string' ? body[f] : '']));
}
