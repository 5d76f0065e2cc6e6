// M34 "Indexering van de dagprijs/uurprijs (bestaande voorziening)": once in
// twelve months a facility raises the prices of its kamertypes by the rise of
// the consumer price index since the start month of its current price. The
// department approves it, or the portal does when 30 days pass (stilzwijgend);
// the new prices apply at the earliest 30 days after the approval.
import { addCalendarDays, brusselsDateOf, dbDateOf, formatCalendar, type CalendarDate } from '../../../../lib/dates.js';
import { formatMoney } from '../../../../lib/money.js';
import type { LineError } from '../../../../lib/editable-lines.js';
import type { FieldError } from '../../../../lib/form-errors.js';
import {
  applyPercentage,
  compareMonths,
  formatIndexMonth,
  formatIndexValue,
  formatPercentage,
  indexationPercentage,
  lastPublishedMonth,
  monthDate,
  monthKey,
  type IndexMonth,
} from '../../../price-index/index.js';
import { hundredthsOfDecimal, type PriceFacts, type PriceLine } from './form.js';
import { priceDossierType, type PriceIndexationView, type PriceRuleContext } from './kit.js';
import { NOTICE_DAYS, registerToday } from './rules.js';
import type { RegisterItem } from '../../../prices/index.js';

export const INDEXERING_CODE = 'indexering';
/** How far back the start month may lie, in months before the current month. */
export const MAX_MONTHS_BACK = 36;
/** How often a facility may index: once in this many months, counted from the last aanvaard indexering's submission. */
export const MONTHS_BETWEEN = 12;

const addMonths = (m: IndexMonth, n: number): IndexMonth => {
  const index = m.year * 12 + (m.month - 1) + n;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
};
const monthOf = (d: CalendarDate): IndexMonth => ({ year: d.year, month: d.month });

/** The same day `years` later; 29 February becomes 28 February in a year without it. */
function addYears(date: CalendarDate, years: number): CalendarDate {
  const year = date.year + years;
  const lastDay = new Date(Date.UTC(year, date.month, 0)).getUTCDate();
  return { year, month: date.month, day: Math.min(date.day, lastDay) };
}

/** The first day the facility may start another indexering, when its last aanvaard one is too recent. */
async function nextPossibleDay(ctx: PriceRuleContext): Promise<CalendarDate | undefined> {
  const last = await ctx.db.dossier.findFirst({
    where: { facilityId: ctx.facilityId, typeCode: INDEXERING_CODE, status: 'afgehandeld', outcome: 'aanvaard', submittedAt: { not: null } },
    orderBy: { submittedAt: 'desc' },
    select: { submittedAt: true },
  });
  if (!last?.submittedAt) return undefined;
  const next = addYears(brusselsDateOf(last.submittedAt), MONTHS_BETWEEN / 12);
  return dbDateOf(brusselsDateOf(ctx.now)).getTime() < dbDateOf(next).getTime() ? next : undefined;
}

interface StartMonths {
  /** The earliest start month allowed, and why. */
  earliest: IndexMonth;
  lastChange: CalendarDate | undefined;
  /** The months with a figure the facility may choose, newest first (before the last published month). */
  months: { month: IndexMonth; hundredths: number }[];
}

/**
 * The start months allowed: not more than 36 months back, and not earlier than
 * one month before the facility's last price change. The last price change is
 * the newest ingangsdatum among the register's current kamertypes that a
 * dossier set. We take the register, not the last aanvaard indexering's
 * ingangsdatum, because M34 counts "the last indexering or the last ministerial
 * decision on a price increase", and both write the register (an indexering
 * and an M38 price change alike); a price that comes from the Meting dagprijzen
 * is a report of the price on 1 May, not a change, so it does not count.
 */
async function startMonths(ctx: PriceRuleContext): Promise<StartMonths> {
  const today = brusselsDateOf(ctx.now);
  const register = await registerToday(ctx);
  const changes = register.kamertypes.filter((k) => k.source.kind === 'dossier').map((k) => k.validFrom);
  const lastChange = changes.sort((a, b) => dbDateOf(b).getTime() - dbDateOf(a).getTime())[0];
  const byAge = addMonths(monthOf(today), -MAX_MONTHS_BACK);
  const byChange = lastChange ? addMonths(monthOf(lastChange), -1) : undefined;
  const earliest = byChange && compareMonths(byChange, byAge) > 0 ? byChange : byAge;
  const last = await lastPublishedMonth(ctx.db);
  const rows = last
    ? await ctx.db.consumerPriceIndex.findMany({
        where: { month: { gte: monthDate(earliest), lt: monthDate(last.month) } },
        orderBy: { month: 'desc' },
        select: { month: true, value: true },
      })
    : [];
  const months = rows.map((r) => ({ month: { year: r.month.getUTCFullYear(), month: r.month.getUTCMonth() + 1 }, hundredths: hundredthsOfDecimal(r.value) }));
  return { earliest, lastChange, months };
}

/** Why the chosen start month is not allowed, in Dutch. */
async function startMonthRefusal(ctx: PriceRuleContext, start: IndexMonth): Promise<string | undefined> {
  const { earliest, lastChange, months } = await startMonths(ctx);
  if (compareMonths(start, earliest) < 0) {
    return lastChange && compareMonths(earliest, addMonths(monthOf(brusselsDateOf(ctx.now)), -MAX_MONTHS_BACK)) > 0
      ? `Uw laatste prijswijziging ging in op ${formatCalendar(lastChange)}: kies als beginmaand ${formatIndexMonth(earliest)} of later.`
      : `De beginmaand ligt hoogstens ${MAX_MONTHS_BACK} maanden terug: kies ${formatIndexMonth(earliest)} of later.`;
  }
  if (!months.some((m) => compareMonths(m.month, start) === 0)) return `Voor ${formatIndexMonth(start)} kan de indexering niet berekend worden: kies een maand uit de lijst.`;
  return undefined;
}

const maxima = (lines: readonly PriceLine[], percentage: number | null | undefined): (number | null)[] =>
  lines.filter((l) => l.kind === 'kamertype').map((l) => (l.currentPriceCents === null || percentage == null ? null : applyPercentage(l.currentPriceCents, percentage)));

/** The figures of a dossier: those fixed at its submission, or else those of its start month now. */
async function figuresOf(ctx: PriceRuleContext, facts: PriceFacts): Promise<Pick<PriceFacts, 'startIndex' | 'lastMonth' | 'lastIndex' | 'percentage'> | undefined> {
  if (facts.startIndex != null && facts.lastMonth && facts.lastIndex != null && facts.percentage != null) return facts;
  if (!facts.startMonth) return undefined;
  const found = await indexationPercentage(ctx.db, facts.startMonth);
  return found ? { startIndex: found.start.hundredths, lastMonth: found.last.month, lastIndex: found.last.hundredths, percentage: found.percentage } : undefined;
}

/**
 * An indexering's lines: every kamertype of the register with its current
 * capacity and price, and the new price `newPrice` gives (null: for the
 * facility to fill in).
 */
export function indexeringLines(kamertypes: readonly RegisterItem[], newPrice: (kamertype: RegisterItem) => number | null): PriceLine[] {
  return kamertypes.map((k) => ({
    kind: 'kamertype',
    name: k.name,
    description: k.description,
    unit: k.unit,
    currentCapacity: k.capacity,
    currentPriceCents: k.priceCents,
    capacity: k.capacity,
    priceCents: newPrice(k),
    removed: false,
  }));
}

export const indexering = priceDossierType({
  code: INDEXERING_CODE,
  name: 'Indexering van de dagprijs/uurprijs (bestaande voorziening)',
  linkText: 'Aanmaken indexering van de dagprijs/uurprijs (bestaande voorziening)',
  referencePrefix: 'IX',
  facilityTypeCodes: ['woonzorgcentrum'],
  decision: 'goedkeuring',
  termDays: 30,
  maxOpen: 1,
  intro: [
    'U mag uw dagprijzen ten hoogste één keer per twaalf maanden indexeren, met de stijging van de consumptieprijsindex sinds de beginmaand van uw huidige prijs.',
    'Kies de beginmaand en klik op ‘Berekenen’: u ziet dan het toegelaten percentage en per kamertype de hoogste nieuwe prijs. U mag minder vragen, nooit meer.',
    'Beslist het Departement Zorg niet binnen 30 dagen, dan is de indexering stilzwijgend goedgekeurd. De nieuwe prijs geldt ten vroegste 30 dagen na de goedkeuring: u informeert intussen uw bewoners.',
  ],
  form: {
    groups: [
      {
        name: 'kamertypes',
        kind: 'kamertype',
        title: 'Kamertypes',
        hint: 'Per kamertype uit uw prijzenregister de nieuwe prijs in euro, met twee cijfers na de komma, ten hoogste de maximale nieuwe prijs.',
        fields: ['price'],
        fromRegister: true,
        addable: false,
        units: ['dag', 'uur'],
        maxLines: 50,
      },
    ],
    validFrom: true,
    validFromOptional: true,
    validFromHint: 'Laat leeg om de nieuwe prijs te laten ingaan 30 dagen na de goedkeuring, of kies een latere dag, als dd/mm/jjjj.',
    motivation: false,
    approval: false,
    startMonth: true,
  },

  async startRefusal(ctx) {
    const next = await nextPossibleDay(ctx);
    if (next) return `uw voorziening indexeert ten hoogste één keer per twaalf maanden: een nieuwe indexering kan vanaf ${formatCalendar(next)}.`;
    const register = await registerToday(ctx);
    if (register.kamertypes.length === 0) return 'uw prijzenregister heeft geen kamertypes: er is geen dagprijs om te indexeren.';
    return undefined;
  },

  async prefill(ctx) {
    const register = await registerToday(ctx);
    return { lines: indexeringLines(register.kamertypes, () => null) };
  },

  async factsAtSubmission(ctx, { facts }) {
    if (!facts.startMonth) return facts;
    const found = await indexationPercentage(ctx.db, facts.startMonth);
    if (!found) return facts;
    return { ...facts, startIndex: found.start.hundredths, lastMonth: found.last.month, lastIndex: found.last.hundredths, percentage: found.percentage };
  },

  async rules(ctx, { lines, facts }) {
    const lineErrors: LineError[] = [];
    const fieldErrors: FieldError[] = [];
    if (facts.startMonth) {
      const refused = await startMonthRefusal(ctx, facts.startMonth);
      if (refused) fieldErrors.push({ field: 'startMonth', text: refused });
    }
    const earliest = addCalendarDays(brusselsDateOf(ctx.now), NOTICE_DAYS);
    if (facts.validFrom && dbDateOf(facts.validFrom).getTime() < dbDateOf(earliest).getTime()) {
      fieldErrors.push({ field: 'validFrom', text: `De nieuwe prijs geldt ten vroegste ${NOTICE_DAYS} dagen na de goedkeuring: laat de ingangsdatum leeg of kies ${formatCalendar(earliest)} of later.` });
    }
    if (fieldErrors.length === 0 && facts.percentage != null) {
      const highest = maxima(lines, facts.percentage);
      lines
        .filter((l) => l.kind === 'kamertype')
        .forEach((line, i) => {
          const max = highest[i];
          if (max != null && line.priceCents !== null && line.priceCents > max) {
            lineErrors.push({ group: 'kamertypes', line: i, field: 'price', text: `De nieuwe prijs is ten hoogste ${formatMoney(max)} euro (${formatMoney(line.currentPriceCents ?? 0)} euro verhoogd met ${formatPercentage(facts.percentage ?? 0)} %).` });
          }
        });
    }
    return { lineErrors, fieldErrors };
  },

  /** At the earliest 30 calendar days (Brussels) after the approval, or the facility's later day. */
  effectiveFrom(facts, decidedAt) {
    const earliest = addCalendarDays(brusselsDateOf(decidedAt), NOTICE_DAYS);
    return facts.validFrom && dbDateOf(facts.validFrom).getTime() > dbDateOf(earliest).getTime() ? facts.validFrom : earliest;
  },

  async indexation(ctx, { lines, facts }): Promise<PriceIndexationView> {
    const { months } = await startMonths(ctx);
    const choices = months.map((m) => ({ value: monthKey(m.month), text: `${formatIndexMonth(m.month)} (index ${formatIndexValue(m.hundredths)})` }));
    const figures = await figuresOf(ctx, facts);
    if (!facts.startMonth || !figures || figures.startIndex == null || !figures.lastMonth || figures.lastIndex == null) {
      return { months: choices, maxima: maxima(lines, null), note: facts.startMonth ? `Voor ${formatIndexMonth(facts.startMonth)} is er geen indexcijfer.` : 'Kies de beginmaand en klik op ‘Berekenen’.' };
    }
    return {
      months: choices,
      start: { month: formatIndexMonth(facts.startMonth), figure: formatIndexValue(figures.startIndex) },
      last: { month: formatIndexMonth(figures.lastMonth), figure: formatIndexValue(figures.lastIndex) },
      percentage: formatPercentage(figures.percentage ?? 0),
      maxima: maxima(lines, figures.percentage),
    };
  },
});
