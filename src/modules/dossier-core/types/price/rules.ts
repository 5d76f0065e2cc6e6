// Rules more than one price dossier type applies (M34-M38).
import { addCalendarDays, brusselsDateOf, dbDateOf, formatCalendar, type CalendarDate } from '../../../../lib/dates.js';
import type { FieldError } from '../../../../lib/form-errors.js';
import { registerAt, type Register } from '../../../prices/index.js';
import type { PriceFacts, PriceLine, PriceLineKind } from './form.js';
import type { PriceRuleContext } from './kit.js';

const registers = new WeakMap<object, Map<string, Promise<Register>>>();

/**
 * The facility's price register today, read once per database client: on the
 * theme page the offers of several price types ask for it through the same
 * request's facility scope (the register does not change within a request).
 */
export function registerToday(ctx: PriceRuleContext): Promise<Register> {
  const today = brusselsDateOf(ctx.now);
  const key = `${ctx.facilityId}:${today.year}-${today.month}-${today.day}`;
  let byKey = registers.get(ctx.db);
  if (!byKey) {
    byKey = new Map();
    registers.set(ctx.db, byKey);
  }
  let register = byKey.get(key);
  if (!register) {
    const cache = byKey;
    register = registerAt(ctx.db, ctx.facilityId, today);
    cache.set(key, register);
    register.catch(() => cache.delete(key));
  }
  return register;
}

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
  const register = await registerToday(ctx);
  return new Set(register.supplements.map((s) => s.name.toLocaleLowerCase('nl-BE')));
}

const dayNumber = (date: CalendarDate) => dbDateOf(date).getTime();

/** The ingangsdatum at least NOTICE_DAYS after the submission (today in Brussels); an error naming the first day allowed otherwise. */
export function noticeErrors(ctx: Pick<PriceRuleContext, 'now'>, facts: PriceFacts, what: string): FieldError[] {
  const earliest = addCalendarDays(brusselsDateOf(ctx.now), NOTICE_DAYS);
  if (!facts.validFrom || dayNumber(facts.validFrom) >= dayNumber(earliest)) return [];
  return [{ field: 'validFrom', text: `${what} meldt u ten minste ${NOTICE_DAYS} dagen vooraf: kies ${formatCalendar(earliest)} of later.` }];
}

/**
 * A price increase needs the minister's approval, obtained outside the
 * e-loket (M37, M38): its date (not after today), its reference and the
 * approval itself as a PDF, so that the department can check the price against it.
 * `needed` says what needs it, where that is more than a price increase (M38's new kamertypes).
 */
export function approvalErrors(ctx: Pick<PriceRuleContext, 'now'>, facts: PriceFacts, needed = 'Een prijsverhoging heeft de goedkeuring van de minister nodig:'): FieldError[] {
  const errors: FieldError[] = [];
  if (!facts.approvalDate) errors.push({ field: 'approvalDate', text: `${needed} vul de datum van de goedkeuring in.` });
  else if (dayNumber(facts.approvalDate) > dayNumber(brusselsDateOf(ctx.now))) errors.push({ field: 'approvalDate', text: 'De datum van de goedkeuring ligt in de toekomst: vul de datum in waarop de minister de verhoging goedkeurde.' });
  if (facts.approvalReference === '') errors.push({ field: 'approvalReference', text: `${needed} vul de referentie van de goedkeuring in.` });
  if (!facts.approvalFileId) errors.push({ field: 'approval', text: `${needed} voeg de goedkeuring toe als PDF-bestand.` });
  return errors;
}

/** The facility's current items of a kind from its register, as lines whose new values the facility fills in (`keep`: prefilled with the current ones). */
export async function registerLines(ctx: PriceRuleContext, kind: PriceLineKind, keep: boolean): Promise<PriceLine[]> {
  const register = await registerToday(ctx);
  const items = kind === 'kamertype' ? register.kamertypes : register.supplements;
  return items.map((item) => ({
    kind,
    name: item.name,
    description: item.description,
    unit: item.unit,
    currentCapacity: kind === 'kamertype' ? item.capacity : null,
    currentPriceCents: item.priceCents,
    capacity: keep && kind === 'kamertype' ? item.capacity : null,
    priceCents: keep ? item.priceCents : null,
    removed: false,
  }));
}

/**
 * The capacity of the kamertypes after the dossier may not exceed the
 * facility's erkende capaciteit (M35, M38); `text` says it in the type's words.
 */
export async function capacityErrors(ctx: PriceRuleContext, total: number, text: (total: number, recognized: number) => string): Promise<FieldError[]> {
  const facility = await ctx.db.facility.findUnique({ where: { id: ctx.facilityId }, select: { recognizedCapacity: true } });
  const recognized = facility?.recognizedCapacity;
  return recognized != null && total > recognized ? [{ field: 'kamertypes', text: text(total, recognized) }] : [];
}
