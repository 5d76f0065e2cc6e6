// A plausible Belgian phone number as people type it: "016 12 34 56",
// "0470/12.34.56", "+32 16 12 34 56", "0032 470 12 34 56".

import { isValidPhoneNumber } from 'libphonenumber-js/max';

/** The number in a tidy form, or undefined when it cannot be a Belgian number. */
export function normalizeBelgianPhone(input: string): string | undefined {
  const compact = input.trim().replace(/[\s./()-]/g, '');
  let national: string;
  if (/^\+32\d+$/.test(compact)) national = `0${compact.slice(3)}`;
  else if (/^0032\d+$/.test(compact)) national = `0${compact.slice(4)}`;
  else if (/^0\d+$/.test(compact)) national = compact;
  else return undefined;
  // Landlines have 9 digits (0 + zone + subscriber), mobiles 10 (04xx).
  const mobile = /^04\d{8}$/.test(national);
  const landline = /^0[1-9]\d{7}$/.test(national) && !national.startsWith('04');
  if (!mobile && !landline) return undefined;
  return national;
}

export const isPlausibleBelgianPhone = (input: string): boolean => normalizeBelgianPhone(input) !== undefined;

/**
 * A Belgian number as above, or a foreign one in international form ("+31 20 123 4567",
 * "0033 1 23 45 67 89"), checked against the numbering plan of its country by libphonenumber-js.
 */
export function isPlausiblePhone(input: string): boolean {
  if (isPlausibleBelgianPhone(input)) return true;
  const compact = input.trim().replace(/[\s./()-]/g, '');
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  if (!/^\+\d{6,16}$/.test(international)) return false;
  return isValidPhoneNumber(international);
}
