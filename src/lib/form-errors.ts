import type { ZodError } from 'zod';

export interface FieldError {
  field: string;
  text: string;
}

/** The first message per field of a failed zod parse, in form order, for the error summary and the fields. */
export function fieldErrors(error: ZodError): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    const field = issue.path.join('.');
    if (seen.has(field)) continue;
    seen.add(field);
    errors.push({ field, text: issue.message });
  }
  return errors;
}

/** Field name -> message, for the macros' errorMessage; several messages of one field (one per refused file) are joined. */
export function errorsByField(errors: FieldError[]): Record<string, string> {
  const byField = new Map<string, string>();
  for (const e of errors) byField.set(e.field, byField.has(e.field) ? `${byField.get(e.field) ?? ''} ${e.text}` : e.text);
  return Object.fromEntries(byField);
}

/** What a form page needs to show errors: per field, and linked in the summary. */
export function errorView(errors: FieldError[]): { fieldErrors: Record<string, string>; summaryErrors: { href: string; text: string }[] } {
  return { fieldErrors: errorsByField(errors), summaryErrors: errors.map((e) => ({ href: `#${e.field}`, text: e.text })) };
}

/**
 * Like errorView, when the summary says more than the field: lines of a table,
 * whose summary entry names the line ("Luik 1, lijn 2, capaciteit: ...").
 */
export function errorViewWithSummary(beside: FieldError[], summary: FieldError[]): ReturnType<typeof errorView> {
  return { fieldErrors: errorsByField(beside), summaryErrors: summary.map((e) => ({ href: `#${e.field}`, text: e.text })) };
}
