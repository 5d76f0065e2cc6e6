// Belgian identifiers (SPEC "Identifiers and formats"). Input may carry the
// usual punctuation; the stored form is digits only.

const digitsOnly = (input: string): string => input.replace(/[\s.\-/]/g, '');

function mod97Check(body: string, check: string): boolean {
  return 97 - (Number(body) % 97) === Number(check);
}

/** INSZ / rijksregisternummer: 11 digits, or undefined when not valid. */
export function normalizeInsz(input: string): string | undefined {
  const digits = digitsOnly(input);
  if (!/^\d{11}$/.test(digits)) return undefined;
  const body = digits.slice(0, 9);
  const check = digits.slice(9);
  // People born in 2000 or later: the check is computed over "2" + the nine digits.
  return mod97Check(body, check) || mod97Check(`2${body}`, check) ? digits : undefined;
}

export const isValidInsz = (input: string): boolean => normalizeInsz(input) !== undefined;

/** YY.MM.DD-XXX.CC */
export function formatInsz(insz: string): string {
  const d = digitsOnly(insz);
  return `${d.slice(0, 2)}.${d.slice(2, 4)}.${d.slice(4, 6)}-${d.slice(6, 9)}.${d.slice(9, 11)}`;
}

/** KBO / ondernemingsnummer: 10 digits (an optional "BE" prefix is dropped), or undefined. */
export function normalizeKbo(input: string): string | undefined {
  const digits = digitsOnly(input.trim().replace(/^BE/i, ''));
  if (!/^\d{10}$/.test(digits)) return undefined;
  return mod97Check(digits.slice(0, 8), digits.slice(8)) ? digits : undefined;
}

export const isValidKbo = (input: string): boolean => normalizeKbo(input) !== undefined;

/** 0XXX.XXX.XXX */
export function formatKbo(kbo: string): string {
  const d = digitsOnly(kbo);
  return `${d.slice(0, 4)}.${d.slice(4, 7)}.${d.slice(7, 10)}`;
}

/**
 * RIZIV-nummer: profession (1), sequence (5), check (2), qualification (3).
 * The check is 97 - (first six mod 97), or under the newer numbering 89 - (first six mod 89).
 */
export function normalizeRiziv(input: string): string | undefined {
  const digits = digitsOnly(input);
  if (!/^\d{11}$/.test(digits)) return undefined;
  const body = Number(digits.slice(0, 6));
  const check = Number(digits.slice(6, 8));
  return 97 - (body % 97) === check || 89 - (body % 89) === check ? digits : undefined;
}

export const isValidRiziv = (input: string): boolean => normalizeRiziv(input) !== undefined;

/** X-XXXXX-XX-XXX, as printed on RIZIV documents. */
export function formatRiziv(riziv: string): string {
  const d = digitsOnly(riziv);
  return `${d.slice(0, 1)}-${d.slice(1, 6)}-${d.slice(6, 8)}-${d.slice(8, 11)}`;
}
