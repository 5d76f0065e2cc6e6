// The portal's one error shape for forms: a field error and a line error (a
// field in a row of a table, such as the staged contact persons) are the same
// thing, a message tied to the id of the element it is about. The macros show
// `text` next to the element; the error summary links to it with
// `summaryText` (more context, "Lijn 2, e-mail: …") or else `text`.
import type { ZodError } from 'zod';

export interface FieldError {
  /** The id of the field on the page ("email", "contacts-3-email"): the summary links to it. */
  field: string;
  /** Shown next to the field. */
  text: string;
  /** Shown in the error summary when the field's own text lacks context, e.g. which line. */
  summaryText?: string;
}

/** The first message per field of a failed zod parse, in form order, for the error summary and the fields. */
export function fieldErrors(error: ZodError, idPrefix = ''): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    const field = idPrefix + issue.path.join('.');
    if (seen.has(field)) continue;
    seen.add(field);
    errors.push({ field, text: issue.message });
  }
  return errors;
}

/** The error of a field on one line of a table: the same shape, with the line named in the summary. */
export function lineError(idPrefix: string, line: number, field: string, fieldLabel: string, text: string): FieldError {
  return { field: `${idPrefix}-${line}-${field}`, text, summaryText: `Lijn ${line + 1}, ${lowerFirst(fieldLabel)}: ${lowerFirst(text)}` };
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** Field id -> message, for the macros' errorMessage; several messages of one field (one per refused file) are joined. */
export function errorsByField(errors: FieldError[]): Record<string, string> {
  const byField = new Map<string, string>();
  for (const e of errors) byField.set(e.field, byField.has(e.field) ? `${byField.get(e.field) ?? ''} ${e.text}` : e.text);
  return Object.fromEntries(byField);
}

/** The error summary's entries, each linked to its field. */
export function summaryErrors(errors: FieldError[]): { href: string; text: string }[] {
  return errors.map((e) => ({ href: `#${e.field}`, text: e.summaryText ?? e.text }));
}

/** What a form page needs to show errors: per field, and linked in the summary. */
export function errorView(errors: FieldError[]): { fieldErrors: Record<string, string>; summaryErrors: { href: string; text: string }[] } {
  return { fieldErrors: errorsByField(errors), summaryErrors: summaryErrors(errors) };
}

/**
 * Like errorView, when the summary says more than the field: lines of a table,
 * whose summary entry names the line ("Luik 1, lijn 2, capaciteit: ...").
 */
export function errorViewWithSummary(beside: FieldError[], summary: FieldError[]): ReturnType<typeof errorView> {
  return { fieldErrors: errorsByField(beside), summaryErrors: summary.map((e) => ({ href: `#${e.field}`, text: e.text })) };
}
