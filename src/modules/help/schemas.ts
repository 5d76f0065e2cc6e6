// The forms of "Hulp nodig?" (M21): the question to the technical helpdesk,
// and the query that names the theme a page belongs to.
import { z } from 'zod';
import { textField, unsafeTextMessage } from '../../lib/text.js';
import { safeReturnPath } from '../../auth/return-path.js';

export const QUESTION_MAX_LENGTH = 4000;
const EMAIL_MESSAGE = 'Vul een geldig e-mailadres in, bijvoorbeeld naam@voorziening.be, zodat de helpdesk u kan antwoorden.';

/** The question to the technical helpdesk (a login problem is the typical one: no login needed). */
export const helpdeskQuestionSchema = z.object({
  email: z
    .string({ error: 'Vul uw e-mailadres in, zodat de helpdesk u kan antwoorden.' })
    .trim()
    .min(1, 'Vul uw e-mailadres in, zodat de helpdesk u kan antwoorden.')
    .max(254, EMAIL_MESSAGE)
    .pipe(z.email(EMAIL_MESSAGE))
    .transform((v) => v.toLowerCase()),
  question: textField(
    QUESTION_MAX_LENGTH,
    {
      missing: 'Vul uw vraag in.',
      tooLong: `Uw vraag mag hoogstens ${QUESTION_MAX_LENGTH} tekens lang zijn. Maak ze korter.`,
      unsafe: unsafeTextMessage('uw vraag'),
    },
    { multiline: true },
  ),
  // The page the question was asked from: kept only when it is a path of this portal, without its query.
  page: z
    .unknown()
    .transform((v) => safeReturnPath(v)?.split('?')[0]?.slice(0, 500))
    .optional(),
});

export type HelpdeskQuestion = z.infer<typeof helpdeskQuestionSchema>;

/** `?thema=<slug>`: anything else is no theme at all. */
export const themeSlugSchema = z
  .string()
  .regex(/^[a-z0-9-]{1,64}$/)
  .optional()
  .catch(undefined);
