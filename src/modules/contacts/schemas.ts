// The forms of "Mijn organisatie" (M8, M9): one zod schema each, shared by the
// routes and their tests. Messages are Dutch and say what to do.
import { z } from 'zod';
import { isPlausibleBelgianPhone, isPlausiblePhone } from '../../lib/phone.js';
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

const ORGANISATION_PHONE_MESSAGE = 'Vul een geldig telefoonnummer in, bijvoorbeeld 016 12 34 56, of een buitenlands nummer met landcode, bijvoorbeeld +31 20 123 4567.';
const WEBSITE_MESSAGE = 'Vul een geldig webadres in, bijvoorbeeld www.voorziening.be of https://www.voorziening.be.';
const ONE_OF_THREE = 'Vul minstens een telefoonnummer, een e-mailadres of een website in, zodat het Departement Zorg uw voorziening kan bereiken.';

/** An optional field: empty (after trimming) is undefined, which the service stores as no value. */
const optional = <T extends z.ZodType<unknown, string>>(schema: T) =>
  z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .pipe(schema.optional());

/** "www.voorziening.be" is what people type: without a scheme the site is taken to be https. */
const websiteUrl = z
  .string()
  .max(500, 'Het adres van de website is te lang.')
  .refine((value) => !hasUnsafeCharacters(value), { error: unsafeTextMessage('het adres van de website'), abort: true })
  .transform((value, ctx) => {
    const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
    try {
      const url = new URL(withScheme);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.') && !/\s/.test(value)) return withScheme;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: WEBSITE_MESSAGE });
    return z.NEVER;
  });

/**
 * Organisatiegegevens: only phone, e-mail and URL are the facility's to edit,
 * "telefoonnummer, e-mailadres en/of URL" (seed 000 §3.1): each optional, at
 * least one of them filled so that the department can reach the facility.
 */
export const organisationDataSchema = z
  .object({
    phone: optional(z.string().max(40, ORGANISATION_PHONE_MESSAGE).refine((value) => !hasUnsafeCharacters(value) && isPlausiblePhone(value), ORGANISATION_PHONE_MESSAGE)),
    email: optional(z.string().max(254, EMAIL_MESSAGE).pipe(z.email(EMAIL_MESSAGE)).transform((v) => v.toLowerCase())),
    website: optional(websiteUrl),
  })
  .refine((v) => v.phone !== undefined || v.email !== undefined || v.website !== undefined, { message: ONE_OF_THREE, path: ['phone'] });
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
