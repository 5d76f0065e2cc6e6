// Free text typed by users (names, titles, message bodies, questions): one zod
// helper for every form, so that no field stores control characters (a NUL
// breaks PostgreSQL, CR/LF forge lines in e-mail headers and logs), bidi
// overrides (text that reads other than it is) or zero-width characters
// (look-alike names and addresses).
import { z } from 'zod';

// C0 and C1 controls except tab, LF and CR (those are judged separately), the
// zero-width and bidi marks and overrides/isolates, the word joiner and
// invisible operators, and the byte-order mark.
// eslint-disable-next-line no-control-regex -- matching control characters is the purpose of this pattern
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;
const LINE_BREAK = /[\r\n]/;

const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');

/** The text without the refused characters (line breaks and tabs included), for values that are cleaned rather than refused, such as uploaded file names. */
export function removeUnsafeCharacters(value: string): string {
  return value.replace(UNSAFE_ALL, '').replace(/[\r\n\t]/g, '');
}

/** Whether a text holds a character the portal refuses (see above); line breaks only when `multiline`. */
export function hasUnsafeCharacters(value: string, multiline = false): boolean {
  return UNSAFE.test(value) || (!multiline && (LINE_BREAK.test(value) || value.includes('\t')));
}

export interface TextFieldMessages {
  /** Shown when the field is empty; absent: the field may be empty. */
  missing?: string;
  /** Shown when the text is longer than `max`. */
  tooLong: string;
  /** Shown when the text holds a refused character. */
  unsafe: string;
}

/**
 * A text field: trimmed, at most `max` characters, no refused characters.
 * Multiline fields keep their line breaks, normalised to "\n".
 */
export function textField(max: number, messages: TextFieldMessages, options: { multiline?: boolean } = {}) {
  const multiline = options.multiline ?? false;
  const base = z
    .string({ error: messages.missing ?? messages.unsafe })
    .refine((v) => !hasUnsafeCharacters(v, multiline), { error: messages.unsafe, abort: true })
    .transform((v) => (multiline ? v.replace(/\r\n?/g, '\n') : v).trim());
  return base.pipe(
    messages.missing === undefined ? z.string().max(max, messages.tooLong) : z.string().min(1, messages.missing).max(max, messages.tooLong),
  );
}

/** The Dutch message for a refused character, naming the field ("de naam"). */
export const unsafeTextMessage = (field: string) =>
  `${field.charAt(0).toUpperCase()}${field.slice(1)} bevat tekens die niet toegelaten zijn (zoals een regeleinde, een tab of een onzichtbaar teken). Typ de tekst opnieuw zonder die tekens.`;
