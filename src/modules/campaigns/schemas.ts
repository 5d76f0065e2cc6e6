// The department's forms and filters of the campaigns (M27).
import { z } from 'zod';
import { textField, unsafeTextMessage } from '../../lib/text.js';
import { FACILITY_STATES, type FacilityState } from './service.js';

/** States in URLs: "niet-gestart", "in-opmaak", "ingediend", "te-laat". */
export const stateSlug = (state: FacilityState) => state.replace(' ', '-');
const STATE_BY_SLUG = new Map(FACILITY_STATES.map((s) => [stateSlug(s), s]));

export const statusFilterSchema = z.object({
  status: z
    .string()
    .optional()
    .transform((v) => (v ? STATE_BY_SLUG.get(v) : undefined)),
  zoek: z
    .string()
    .optional()
    .transform((v) => v?.trim().slice(0, 100) || undefined),
  pagina: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export const yearSchema = z.coerce.number().int().min(2000).max(2100);
export const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

export const reopenSchema = z.object({
  reason: textField(500, {
    missing: 'Vul de reden in waarom het dossier heropend wordt.',
    tooLong: 'Gebruik voor de reden hoogstens 500 tekens.',
    unsafe: unsafeTextMessage('de reden'),
  }, { multiline: true }),
});
