// The forms of "Mijn organisatie" (M8, M9): one zod schema each, shared by the
// routes and their tests. Messages are Dutch and say what to do.
import { z } from 'zod';
import { isPlausibleBelgianPhone } from '../../lib/phone.js';
import { hasUnsafeCharacters, textField, unsafeTextMessage } from '../../lib/text.js';

const UNSAFE_LINE_TEXT = (field: string) => `${field} bevat tekens die niet toegelaten zijn (zoals een regeleinde of een onzichtbaar teken); typ ze opnieuw zonder die tekens.`;

const EMAIL_MESSAGE = 'Vul een geldig e-mailadres in, bijvoorbeeld naam@voorziening.be.';
const PHONE_MESSAGE = 'Vul een geldig Belgisch telefoonnummer in, bijvoorbeeld 016 12 34 56 of 0470 12 34 56.';

const email = (missing: string) =>
  z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .max(254, EMAIL_MESSAGE)
    .pipe(z.email(EMAIL_MESSAGE))
    .transform((v) => v.toLowerCase());

const phone = (missing: string) =>
  z
    .string({ error: missing })
    .refine((value) => !hasUnsafeCharacters(value), { error: PHONE_MESSAGE, abort: true })
    .trim().min(1, missing).max(40, PHONE_MESSAGE).refine(isPlausibleBelgianPhone, PHONE_MESSAGE);

/** Organisatiegegevens: only phone, e-mail and URL are the facility's to edit. */
export const organisationDataSchema = z.object({
  phone: phone('Vul het telefoonnummer in.'),
  email: email('Vul het e-mailadres in.'),
  website: z
    .string({ error: 'Vul de website in.' })
    .trim()
    .min(1, 'Vul de website in.')
    .max(500, 'Het adres van de website is te lang.')
    .refine((value) => !hasUnsafeCharacters(value), { error: unsafeTextMessage('het adres van de website'), abort: true })
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
      } catch {
        return false;
      }
    }, 'Vul een geldig webadres in dat begint met https://, bijvoorbeeld https://www.voorziening.be.'),
});
export type OrganisationData = z.infer<typeof organisationDataSchema>;

/** One line of the contact persons table in edit mode, as typed. */
export interface ContactLineInput {
  /** Present for an existing contact person. */
  id: string;
  surname: string;
  givenName: string;
  email: string;
  phone: string;
  themes: string[];
}

export const MAX_CONTACT_LINES = 500;

/**
 * Reads the lines of the edit form ("lines[3][email]" and so on) in their
 * order on the page. The body is urlencoded without nesting, so the names are
 * parsed here; anything else in the body is ignored.
 */
export function readContactLines(body: Record<string, unknown>): ContactLineInput[] {
  const lines = new Map<number, ContactLineInput>();
  for (const [key, raw] of Object.entries(body)) {
    const match = /^lines\[(\d{1,4})\]\[(id|surname|givenName|email|phone|themes)\]$/.exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    if (index >= MAX_CONTACT_LINES) continue;
    const line = lines.get(index) ?? { id: '', surname: '', givenName: '', email: '', phone: '', themes: [] };
    const field = match[2] as keyof ContactLineInput;
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
    if (field === 'themes') line.themes = values;
    else line[field] = values[0] ?? '';
    lines.set(index, line);
  }
  return [...lines.entries()].sort(([a], [b]) => a - b).map(([, line]) => line);
}

const contactLineSchema = z.object({
  id: z.union([z.literal('').transform(() => undefined), z.coerce.number().int().positive()], {
    error: 'het formulier is ongeldig; laad de pagina opnieuw.',
  }),
  surname: textField(100, { missing: 'vul de naam in.', tooLong: 'gebruik voor de naam hoogstens 100 tekens.', unsafe: UNSAFE_LINE_TEXT('de naam') }),
  givenName: textField(100, {
    missing: 'vul de voornaam in.',
    tooLong: 'gebruik voor de voornaam hoogstens 100 tekens.',
    unsafe: UNSAFE_LINE_TEXT('de voornaam'),
  }),
  email: z
    .string()
    .trim()
    .min(1, 'vul het e-mailadres in.')
    .max(254, 'vul een geldig e-mailadres in, bijvoorbeeld naam@voorziening.be.')
    .pipe(z.email('vul een geldig e-mailadres in, bijvoorbeeld naam@voorziening.be.'))
    .transform((v) => v.toLowerCase()),
  phone: z
    .string()
    .refine((value) => !hasUnsafeCharacters(value), { error: 'vul een geldig Belgisch telefoonnummer in, bijvoorbeeld 016 12 34 56.', abort: true })
    .trim()
    .min(1, 'vul het telefoonnummer in.')
    .max(40, 'vul een geldig Belgisch telefoonnummer in.')
    .refine(isPlausibleBelgianPhone, 'vul een geldig Belgisch telefoonnummer in, bijvoorbeeld 016 12 34 56.'),
  themes: z.array(z.string()).min(1, 'kies minstens één thema.'),
});
export type ContactLine = z.infer<typeof contactLineSchema>;

export const FIELD_LABELS: Record<string, string> = {
  surname: 'Naam',
  givenName: 'Voornaam',
  email: 'E-mail',
  phone: 'Telefoon',
  themes: "Thema's",
};

export interface LineError {
  line: number;
  field: string;
  text: string;
}

/**
 * Validates every line: all fields filled, at least one theme of the
 * facility, e-mail format, and no e-mail address twice within the facility
 * (the lines being saved are all the facility's contact persons).
 */
export function validateContactLines(
  lines: ContactLineInput[],
  allowedThemeSlugs: string[],
): { ok: true; lines: ContactLine[] } | { ok: false; errors: LineError[] } {
  const errors: LineError[] = [];
  const valid: ContactLine[] = [];
  lines.forEach((input, index) => {
    const parsed = contactLineSchema.safeParse(input);
    if (!parsed.success) {
      const seen = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'id');
        if (seen.has(field)) continue;
        seen.add(field);
        errors.push({ line: index, field, text: issue.message });
      }
      return;
    }
    if (parsed.data.themes.some((slug) => !allowedThemeSlugs.includes(slug))) {
      errors.push({ line: index, field: 'themes', text: 'kies enkel thema’s van uw voorziening.' });
      return;
    }
    valid.push(parsed.data);
  });
  const firstLineOf = new Map<string, number>();
  lines.forEach((input, index) => {
    const email = input.email.trim().toLowerCase();
    if (email === '') return;
    const first = firstLineOf.get(email);
    if (first === undefined) firstLineOf.set(email, index);
    else if (!errors.some((e) => e.line === index && e.field === 'email')) {
      errors.push({ line: index, field: 'email', text: `dit e-mailadres is al gebruikt voor een andere contactpersoon (lijn ${first + 1}).` });
    }
  });
  const ids = lines.map((l) => l.id).filter((id) => id !== '');
  if (new Set(ids).size !== ids.length) errors.push({ line: 0, field: 'id', text: 'het formulier is ongeldig; laad de pagina opnieuw.' });
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
  return { ok: true, lines: valid };
}
