// A period filter of a department list: "van" and "tot en met" as dd/mm/jjjj,
// in Brussels days. Shared by the outbox and audit trail pages.
import { z } from 'zod';
import { endOfBrusselsDay, parseDate, startOfBrusselsDay } from './dates.js';

const INVALID = 'Vul een datum in als dd/mm/jjjj, bijvoorbeeld 31/05/2026.';

/** An optional dd/mm/jjjj field: undefined when empty, an issue when it is not a date. */
export const optionalDay = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const text = value?.trim();
    if (!text) return undefined;
    const date = parseDate(text);
    if (!date) {
      ctx.addIssue({ code: 'custom', message: INVALID });
      return z.NEVER;
    }
    return date;
  });

/** The instants of a period from its two days (either may be missing); "tot" includes its whole day. */
export function periodOf(from: ReturnType<typeof parseDate>, to: ReturnType<typeof parseDate>): { from?: Date; before?: Date } {
  return { ...(from ? { from: startOfBrusselsDay(from) } : {}), ...(to ? { before: endOfBrusselsDay(to) } : {}) };
}
