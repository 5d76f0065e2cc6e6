// The forms and queries of Zorgaanbod (M25).
import { z } from 'zod';
import { parseDate, type CalendarDate } from '../../lib/dates.js';

export const pageSchema = z.object({ pagina: z.coerce.number().int().min(1).max(100_000).catch(1).default(1) });
export const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

export const submitSchema = z.object({ uploadId: idSchema });

const dayNumber = (d: CalendarDate) => d.year * 10_000 + d.month * 100 + d.day;

function dateField(missing: string, invalid: string, optional: boolean) {
  return z
    .string()
    .optional()
    .transform((value, ctx): CalendarDate | null => {
      const text = value?.trim() ?? '';
      if (text === '') {
        if (optional) return null;
        ctx.addIssue({ code: 'custom', message: missing });
        return z.NEVER;
      }
      const date = parseDate(text);
      if (!date) {
        ctx.addIssue({ code: 'custom', message: invalid });
        return z.NEVER;
      }
      return date;
    });
}

/** Team Eerstelijn's settings of a yearly campaign: opening day and an optional closing day (inclusive). */
export const settingsSchema = z
  .object({
    year: z.coerce.number({ error: 'Vul een jaar in.' }).int('Vul een jaar in, bijvoorbeeld 2026.').min(2020, 'Vul een jaar vanaf 2020 in.').max(2100, 'Vul een jaar tot 2100 in.'),
    openingDate: dateField('Vul de openingsdatum in.', 'Vul de openingsdatum in als dd/mm/jjjj, bijvoorbeeld 15/08/2026.', false),
    closingDate: dateField('', 'Vul de sluitingsdatum in als dd/mm/jjjj, bijvoorbeeld 31/12/2026, of laat ze leeg.', true),
  })
  .refine((v) => v.openingDate === null || v.closingDate === null || dayNumber(v.closingDate) >= dayNumber(v.openingDate), {
    message: 'De sluitingsdatum mag niet voor de openingsdatum liggen.',
    path: ['closingDate'],
  });
