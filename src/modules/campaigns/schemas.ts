// The department's forms and filters of the campaigns (M27).
import { z } from 'zod';
import { parseDate, type CalendarDate } from '../../lib/dates.js';
import { parseMoney } from '../../lib/money.js';
import { chooseOneOf, optionalChoice } from '../../lib/list-filter.js';
import { FACILITY_STATES, type FacilityState } from './service.js';

/** States in URLs: "niet-gestart", "in-opmaak", "ingediend", "te-laat". */
export const stateSlug = (state: FacilityState) => state.replace(' ', '-');
const STATE_BY_SLUG = new Map(FACILITY_STATES.map((s) => [stateSlug(s), s]));

export const statusFilterSchema = z.object({
  status: optionalChoice([...STATE_BY_SLUG.keys()], chooseOneOf([...FACILITY_STATES.map((s) => s.charAt(0).toUpperCase() + s.slice(1)), 'Alle'])).transform((slug) =>
    slug === undefined ? undefined : STATE_BY_SLUG.get(slug),
  ),
  zoek: z
    .string()
    .optional()
    .transform((v) => v?.trim().slice(0, 100) || undefined),
  pagina: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

/** The page number of a paged department list (a bad one is page 1). */
export const pageOf = (query: Record<string, unknown>): number => statusFilterSchema.shape.pagina.parse(query.pagina);

export const yearSchema = z.coerce.number().int().min(2000).max(2100);
export const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

const calendarDate = (missing: string, invalid: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .transform((value, ctx) => {
      const date = parseDate(value);
      if (!date) {
        ctx.addIssue({ code: 'custom', message: invalid });
        return z.NEVER;
      }
      return date;
    });

const dayNumber = (d: CalendarDate) => d.year * 10_000 + d.month * 100 + d.day;

/** The settings of a campaign (M27): opening day, deadline (inclusive) and the korting. */
export const campaignSettingsSchema = z
  .object({
    openingDate: calendarDate('Vul de openingsdatum in.', 'Vul de openingsdatum in als dd/mm/jjjj, bijvoorbeeld 15/04/2026.'),
    deadline: calendarDate('Vul de uiterste datum in.', 'Vul de uiterste datum in als dd/mm/jjjj, bijvoorbeeld 31/05/2026.'),
    korting: z
      .string({ error: 'Vul de korting in.' })
      .transform((value, ctx) => {
        const money = parseMoney(value);
        if (!money.ok || money.cents <= 0) {
          ctx.addIssue({ code: 'custom', message: money.ok ? 'Vul een korting groter dan 0,00 in.' : `Korting: ${money.error}` });
          return z.NEVER;
        }
        return money.cents;
      }),
    reminderDays: z
      .string()
      .optional()
      // Absent (a client without the field): the campaign keeps its days (a new one gets 14, 3); empty: no reminders.
      .transform((value, ctx) => {
        if (value === undefined) return undefined;
        const parts = value.split(/[\s,;]+/).filter((part) => part !== '');
        const days = parts.map(Number);
        if (days.some((day) => !Number.isInteger(day) || day < 1 || day > 365)) {
          ctx.addIssue({ code: 'custom', message: 'Vul de herinneringen in als dagen voor de uiterste datum (1 tot 365), gescheiden door komma’s, bijvoorbeeld 14, 3.' });
          return z.NEVER;
        }
        if (days.length > 10) {
          ctx.addIssue({ code: 'custom', message: 'Vul ten hoogste 10 herinneringen in.' });
          return z.NEVER;
        }
        return [...new Set(days)].sort((a, b) => b - a);
      }),
  })
  .refine((v) => dayNumber(v.deadline) >= dayNumber(v.openingDate), { message: 'De uiterste datum mag niet voor de openingsdatum liggen.', path: ['deadline'] });

export const newCampaignSchema = z.object({ year: z.coerce.number({ error: 'Vul een jaar in.' }).int('Vul een jaar in, bijvoorbeeld 2027.').min(2020, 'Vul een jaar vanaf 2020 in.').max(2100, 'Vul een jaar tot 2100 in.') });

/** "capacity[<facilityId>]" fields of the capacity page: whole numbers from 0. */
export function readCapacities(body: Record<string, unknown>): { values: Map<number, string>; errors: { field: string; text: string }[]; parsed: Map<number, number> } {
  const values = new Map<number, string>();
  const parsed = new Map<number, number>();
  const errors: { field: string; text: string }[] = [];
  for (const [key, raw] of Object.entries(body)) {
    const match = /^capacity\[(\d{1,10})\]$/.exec(key);
    if (!match || typeof raw !== 'string') continue;
    const id = Number(match[1]);
    values.set(id, raw);
    const text = raw.trim();
    if (!/^\d{1,5}$/.test(text)) errors.push({ field: `capacity-${id}`, text: 'Vul de erkende capaciteit in als een geheel getal, bijvoorbeeld 96.' });
    else parsed.set(id, Number(text));
  }
  return { values, errors, parsed };
}
