// The price register's inputs (M33): what a price dossier writes, and the
// query parameters of its pages. Money is integer euro cents throughout.
import { z } from 'zod';
import { parseDate, type CalendarDate } from '../../lib/dates.js';

export const ENTRY_KINDS = ['kamertype', 'supplement'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export const PRICE_UNITS = ['dag', 'uur', 'maand', 'prestatie'] as const;
export type PriceUnit = (typeof PRICE_UNITS)[number];

/** SPEC M33: a kamertype is priced per dag, or per uur for an uurprijs; a supplement per dag, per maand or per prestatie. */
export const UNITS_OF_KIND: Readonly<Record<EntryKind, readonly PriceUnit[]>> = {
  kamertype: ['dag', 'uur'],
  supplement: ['dag', 'maand', 'prestatie'],
};

/** "per dag", as the pages and exports show a unit. */
export const UNIT_TEXT: Readonly<Record<PriceUnit, string>> = { dag: 'per dag', uur: 'per uur', maand: 'per maand', prestatie: 'per prestatie' };

const calendarDate = z.object({ year: z.number().int().min(1900).max(9999), month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) });

const entrySchema = z
  .object({
    kind: z.enum(ENTRY_KINDS),
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(400).default(''),
    unit: z.enum(PRICE_UNITS),
    capacity: z.number().int().min(0).max(100_000).nullable().default(null),
    priceCents: z.number().int().min(0).max(100_000_000).nullable().default(null),
    /** The item ends on the ingangsdatum. */
    removed: z.boolean().default(false),
  })
  .superRefine((entry, ctx) => {
    if (!UNITS_OF_KIND[entry.kind].includes(entry.unit)) ctx.addIssue({ code: 'custom', path: ['unit'], message: `a ${entry.kind} is not priced per ${entry.unit}` });
    if (entry.removed) return;
    if (entry.priceCents === null) ctx.addIssue({ code: 'custom', path: ['priceCents'], message: 'a price is required unless the item is removed' });
    if (entry.kind === 'kamertype' && entry.capacity === null) ctx.addIssue({ code: 'custom', path: ['capacity'], message: 'a kamertype needs its capacity' });
    if (entry.kind === 'supplement' && entry.capacity !== null) ctx.addIssue({ code: 'custom', path: ['capacity'], message: 'a supplement has no capacity' });
  });

/** What an aanvaard price dossier writes into the register, in its transaction. */
export const writeRegisterSchema = z
  .object({
    facilityId: z.number().int().positive(),
    dossierId: z.number().int().positive().nullable(),
    validFrom: calendarDate,
    entries: z.array(entrySchema).min(1).max(500),
  })
  .superRefine((input, ctx) => {
    const keys = input.entries.map((e) => itemKey(e));
    keys.forEach((key, i) => {
      if (keys.indexOf(key) !== i) ctx.addIssue({ code: 'custom', path: ['entries', i], message: 'the same item twice on one ingangsdatum' });
    });
  });

export type WriteRegisterInput = z.input<typeof writeRegisterSchema>;
export type RegisterEntryInput = z.input<typeof entrySchema>;

/**
 * Which item a row prices, the same across all its rows: a kamertype is its
 * kamertype and description ("éénpersoonskamer, grote kamer met balkon" is
 * another item than the standaardkamer, seed 002 §4.4.5.1); a supplement is
 * its name. Case and outer spaces do not make another item.
 */
export function itemKey(entry: { kind: EntryKind; name: string; description?: string }): string {
  const norm = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();
  return entry.kind === 'kamertype' ? `${norm(entry.name)}\u001f${norm(entry.description ?? '')}` : norm(entry.name);
}

/** ?pagina= of a paged list: 1 when absent or not a page number. */
export const pageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

/** ?datum=dd/mm/jjjj of the department's register: a real calendar day, or absent. */
export const dateQuerySchema = z
  .string()
  .trim()
  .max(10)
  .optional()
  .transform((text, ctx): CalendarDate | undefined => {
    if (!text) return undefined;
    const date = parseDate(text);
    if (!date) {
      ctx.addIssue({ code: 'custom', message: 'Vul een datum in als dd/mm/jjjj, bijvoorbeeld 01/05/2026.' });
      return z.NEVER;
    }
    return date;
  });

export const facilityIdSchema = z.coerce.number().int().positive().max(2_147_483_647);
export const exportFormatSchema = z.enum(['csv', 'xlsx']);
