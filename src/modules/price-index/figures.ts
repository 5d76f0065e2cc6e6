// Index months and figures as the page and the CSV file write them, and the
// indexering's percentage, all in integers: a figure is kept in hundredths
// (132,45 -> 13245), a percentage in hundredths of a percent (3,46 % -> 346),
// so that no floating point ever decides a rounding.

/** A calendar month; `month` is 1-12. */
export interface IndexMonth {
  year: number;
  month: number;
}

const MONTH_NAMES = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** "2026-10" or "10/2026" (also "2026-10-01", a month as its first day) -> { year: 2026, month: 10 }. */
export function parseIndexMonth(input: string): Parsed<IndexMonth> {
  const text = input.trim();
  if (text === '') return { ok: false, error: 'Vul de maand in.' };
  const match = /^(\d{4})-(\d{1,2})(?:-01)?$/.exec(text) ?? /^(\d{1,2})\/(\d{4})$/.exec(text);
  if (!match) return { ok: false, error: `Schrijf de maand als jjjj-mm, bijvoorbeeld 2026-10 (niet “${text.slice(0, 20)}”).` };
  const [year, month] = text.includes('/') ? [Number(match[2]), Number(match[1])] : [Number(match[1]), Number(match[2])];
  if (month < 1 || month > 12) return { ok: false, error: `De maand “${text}” bestaat niet: het maandnummer ligt tussen 1 en 12.` };
  if (year < 1920) return { ok: false, error: 'Het indexcijfer met basis 2013 gaat niet verder terug dan 1920.' };
  return { ok: true, value: { year, month } };
}

/** "132,45" or "132.45" (one decimal, or none, is fine) -> 13245 hundredths. */
export function parseIndexValue(input: string): Parsed<number> {
  const text = input.trim();
  if (text === '') return { ok: false, error: 'Vul het indexcijfer in.' };
  const match = /^(\d{1,4})(?:[.,](\d{1,2}))?$/.exec(text);
  if (!match) {
    if (/^\d+[.,]\d{3,}$/.test(text)) return { ok: false, error: 'Het indexcijfer heeft hoogstens twee cijfers na de komma.' };
    return { ok: false, error: `Schrijf het indexcijfer als een getal met een komma, bijvoorbeeld 132,45 (niet “${text.slice(0, 20)}”).` };
  }
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (hundredths === 0) return { ok: false, error: 'Het indexcijfer moet groter zijn dan nul.' };
  return { ok: true, value: hundredths };
}

/** 13245 -> "132,45" */
export function formatIndexValue(hundredths: number): string {
  return `${Math.trunc(hundredths / 100)},${String(hundredths % 100).padStart(2, '0')}`;
}

/** { 2026, 10 } -> "2026-10", the month as the forms and the CSV file write it. */
export function monthKey(month: IndexMonth): string {
  return `${month.year}-${String(month.month).padStart(2, '0')}`;
}

/** { 2026, 10 } -> "oktober 2026" */
export function formatIndexMonth(month: IndexMonth): string {
  return `${MONTH_NAMES[month.month - 1] ?? ''} ${month.year}`;
}

export const compareMonths = (a: IndexMonth, b: IndexMonth): number => a.year * 12 + a.month - (b.year * 12 + b.month);

/** The DATE column's value: the month's first day, at midnight UTC as Prisma writes a @db.Date. */
export function monthDate(month: IndexMonth): Date {
  return new Date(Date.UTC(month.year, month.month - 1, 1));
}

export function monthOfDate(date: Date): IndexMonth {
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 };
}

/** The figure of a DECIMAL(8,2) column (Prisma's Decimal, or its text) in hundredths. */
export function hundredthsOf(value: { toFixed(digits: number): string } | string): number {
  const text = typeof value === 'string' ? value : value.toFixed(2);
  const match = /^(\d+)\.(\d{2})$/.exec(text);
  if (!match) throw new RangeError(`not an index figure: ${text}`);
  return Number(match[1]) * 100 + Number(match[2]);
}

/** Hundredths as the DECIMAL column takes them, without floating point: 13245 -> "132.45". */
export function decimalText(hundredths: number): string {
  return formatIndexValue(hundredths).replace(',', '.');
}

/**
 * a / b rounded to the nearest integer, halves away from zero (commercial
 * rounding: 12,5 -> 13 and -12,5 -> -13), for integers and a positive b.
 */
function divideRoundingHalfUp(a: bigint, b: bigint): bigint {
  const negative = a < 0n;
  const magnitude = negative ? -a : a;
  const rounded = (2n * magnitude + b) / (2n * b);
  return negative ? -rounded : rounded;
}

/**
 * The indexering's percentage (M34): the figure of the last published month
 * divided by that of the start month, minus one, in hundredths of a percent,
 * rounded half up (0,125 % -> 0,13 %). Both figures in hundredths.
 */
export function percentageBetween(startHundredths: number, lastHundredths: number): number {
  if (startHundredths <= 0 || lastHundredths <= 0) throw new RangeError('index figures are positive');
  return Number(divideRoundingHalfUp(10_000n * BigInt(lastHundredths - startHundredths), BigInt(startHundredths)));
}

/** 346 -> "3,46", -13 -> "-0,13": a percentage in hundredths of a percent, without the sign %. */
export function formatPercentage(hundredthsOfPercent: number): string {
  const sign = hundredthsOfPercent < 0 ? '-' : '';
  const abs = Math.abs(hundredthsOfPercent);
  return `${sign}${Math.trunc(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/** A price in cents raised by a percentage (hundredths of a percent), rounded half up to the cent. */
export function applyPercentage(cents: number, hundredthsOfPercent: number): number {
  return Number(divideRoundingHalfUp(BigInt(cents) * BigInt(10_000 + hundredthsOfPercent), 10_000n));
}
