// Rules more than one price dossier type applies (M34-M38).
import { addCalendarDays, brusselsDateOf, dbDateOf, formatCalendar, type CalendarDate } from '../../../../lib/dates.js';
import type { FieldError } from '../../../../lib/form-errors.js';
import { registerAt } from '../../../prices/index.js';
import type { PriceRuleContext } from './kit.js';

/** Days between the notification (or the approval) and the day a price applies at the earliest. */
export const NOTICE_DAYS = 30;

/**
 * The error on an ingangsdatum less than NOTICE_DAYS after `now` (Brussels
 * days), naming the first day allowed; `lead` says who notifies what ("Een
 * nieuw supplement meldt u").
 */
export function noticeError(now: Date, validFrom: CalendarDate | null, lead: string): FieldError | undefined {
  const earliest = addCalendarDays(brusselsDateOf(now), NOTICE_DAYS);
  if (!validFrom || dbDateOf(validFrom).getTime() >= dbDateOf(earliest).getTime()) return undefined;
  return { field: 'validFrom', text: `${lead} ten minste ${NOTICE_DAYS} dagen vooraf: kies ${formatCalendar(earliest)} of later.` };
}

/**
 * The names (lower case) of the supplements the facility charges now, from
 * its price register.
 */
export async function supplementNamesInRegister(ctx: PriceRuleContext): Promise<Set<string>> {
  const register = await registerAt(ctx.db, ctx.facilityId, brusselsDateOf(ctx.now));
  return new Set(register.supplements.map((s) => s.name.toLocaleLowerCase('nl-BE')));
}
