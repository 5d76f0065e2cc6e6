// Money as typed in Dutch (decimal comma, optional thousands dots) to integer
// euro cents, and back. Never through floating point.

export type MoneyParseResult = { ok: true; cents: number } | { ok: false; error: string };

const MONEY_PATTERN = /^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/;

/**
 * "6,29" -> 629, "1.234,50" -> 123450, "45" -> 4500. Rejects negative amounts,
 * more than two decimals, a decimal point ("6.29" is ambiguous in Dutch) and
 * anything that is not a number, with a Dutch message.
 */
export function parseMoney(input: string): MoneyParseResult {
  const text = input.replace(/\s|€/g, '');
  if (text === '') return { ok: false, error: 'Vul een bedrag in.' };
  const match = MONEY_PATTERN.exec(text);
  if (!match) {
    if (/^-/.test(text)) return { ok: false, error: 'Het bedrag mag niet negatief zijn.' };
    if (/,\d{3,}$/.test(text)) return { ok: false, error: 'Gebruik hoogstens twee cijfers na de komma.' };
    return { ok: false, error: 'Vul een bedrag in euro in, met een komma voor de centen, bijvoorbeeld 6,29.' };
  }
  const whole = (match[1] ?? '').replace(/\./g, '');
  const fraction = (match[2] ?? '').padEnd(2, '0');
  const cents = Number(whole) * 100 + Number(fraction);
  if (!Number.isSafeInteger(cents)) return { ok: false, error: 'Het bedrag is te groot.' };
  return { ok: true, cents };
}

/** 123450 -> "1.234,50" */
export function formatMoney(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.trunc(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${whole},${String(abs % 100).padStart(2, '0')}`;
}

/** 123450 -> "1234,50": for exports, where a thousands separator could be misread. */
export function formatMoneyPlain(cents: number): string {
  return formatMoney(cents).replace(/\./g, '');
}
