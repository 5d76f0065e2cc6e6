// The filters of a list page, read from the query string: a value that is
// not one the filter knows is reported in Dutch next to the filter (status
// 400) instead of being silently ignored, so that a reader of a shared or
// mistyped link sees why the list is unfiltered. Dates are in date-filter.ts.
import { z } from 'zod';
import type { FieldError } from './form-errors.js';

/** "Kies ‘Open’, ‘Gesloten’ of ‘Alle’." */
export function chooseOneOf(labels: readonly string[]): string {
  const quoted = labels.map((l) => `‘${l}’`);
  const last = quoted.pop();
  return `Kies ${quoted.length > 0 ? `${quoted.join(', ')} of ${last}` : last}.`;
}

/** An optional choice of an enum filter: undefined when empty, an issue with `message` when it is none of `choices`. */
export function optionalChoice<const T extends string>(choices: readonly T[], message: string) {
  return z
    .string()
    .optional()
    .transform((value, ctx): T | undefined => {
      const text = value?.trim();
      if (!text) return undefined;
      const found = choices.find((choice) => choice === text);
      if (found !== undefined) return found;
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    });
}

/**
 * Reads a list's filters one by one from a query: `read(key)` is the parsed
 * value, or undefined with the field's error collected in `errors` (the
 * other filters still apply).
 */
export function readFilterQuery<S extends z.ZodObject>(schema: S, query: Record<string, unknown>) {
  const errors: FieldError[] = [];
  const read = <K extends keyof z.output<S> & keyof S['shape'] & string>(key: K): z.output<S>[K] | undefined => {
    const field = schema.shape[key] as z.ZodType;
    const raw = query[key];
    const parsed = field.safeParse(typeof raw === 'string' ? raw : undefined);
    if (parsed.success) return parsed.data as z.output<S>[K];
    errors.push({ field: key, text: parsed.error.issues[0]?.message ?? 'Deze waarde kan niet gebruikt worden.' });
    return undefined;
  };
  return { read, errors };
}
