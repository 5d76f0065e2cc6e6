// The forms of "Mijn organisatie" (M8, M9): one zod schema each, shared by the
// routes and their tests. Messages are Dutch and say what to do.
import { z } from 'zod';
import { isPlausibleBelgianPhone } from '../../lib/phone.js';
import { hasUnsafeCharacters, textField, unsafeTextMessage } from '../../lib/text.js';

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

/** A contact person as the service stores it: the typed values after validation. */
export interface ContactLine {
  /** Present for an existing contact person. */
  id?: number;
  surname: string;
  givenName: string;
  /** Lower case. */
  email: string;
  phone: string;
  /** Theme slugs. */
  themes: string[];
}

export const FIELD_LABELS: Record<string, string> = {
  surname: 'Naam',
  givenName: 'Voornaam',
  email: 'E-mail',
  phone: 'Telefoon',
  themes: "Thema's",
  isDefault: 'Standaard contactpersoon?',
};

export interface ContactSchemaOptions {
  /** The theme slugs a contact may be given; absent: the form has no themes (the theme is implied). */
  themes?: string[];
  /** The form asks "Standaard contactpersoon?" (ja/nee). */
  askDefault?: boolean;
}

/**
 * One contact person as typed in the staged contacts form (the Contactenmodule
 * and a message's Contactdetails): every field filled, a valid e-mail (stored in
 * lower case), a plausible Belgian phone number, and where asked at least one
 * theme of the facility and the answer to "Standaard contactpersoon?".
 */
export function contactSchema(options: ContactSchemaOptions) {
  const allowed = options.themes;
  return z.object({
    surname: textField(100, { missing: 'Vul de naam in.', tooLong: 'Gebruik voor de naam hoogstens 100 tekens.', unsafe: unsafeTextMessage('de naam') }),
    givenName: textField(100, {
      missing: 'Vul de voornaam in.',
      tooLong: 'Gebruik voor de voornaam hoogstens 100 tekens.',
      unsafe: unsafeTextMessage('de voornaam'),
    }),
    email: email('Vul het e-mailadres in.'),
    phone: phone('Vul het telefoonnummer in.'),
    themes:
      allowed === undefined
        ? z.array(z.string()).transform((): string[] => [])
        : z
            .array(z.string())
            .min(1, 'Kies minstens één thema.')
            .refine((slugs) => slugs.every((slug) => allowed.includes(slug)), 'Kies enkel thema’s van uw voorziening.'),
    isDefault: options.askDefault
      ? z.enum(['ja', 'nee'], { error: 'Kies of dit een standaard contactpersoon is: ja of nee.' }).transform((v) => v === 'ja')
      : z.unknown().transform(() => false),
  });
}
export type ValidContact = z.output<ReturnType<typeof contactSchema>>;
