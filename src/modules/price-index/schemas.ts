// The zod schemas of the index page: the form "Maand toevoegen" and the page number.
import { z } from 'zod';
import { compareMonths, parseIndexMonth, parseIndexValue, type IndexMonth, type Parsed } from './figures.js';

/** A field parsed by one of figures.ts' parsers, its Dutch error as the zod issue. */
const parsedField = <T>(parse: (input: string) => Parsed<T>) =>
  z.string({ error: 'Vul dit veld in.' }).transform((input, ctx): T => {
    const parsed = parse(input);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed.value;
  });

/** The form; `latest` is the current month: a later month has no figure yet. */
export const addMonthSchema = (latest: IndexMonth) =>
  z.object({
    maand: parsedField(parseIndexMonth).refine((m) => compareMonths(m, latest) <= 0, {
      message: 'Deze maand ligt in de toekomst: het cijfer van een maand wordt pas op het einde van die maand gepubliceerd.',
    }),
    index: parsedField(parseIndexValue),
  });

export const pageSchema = z.object({
  pagina: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
