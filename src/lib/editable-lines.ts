// Editable lines on a form (the Luiken of the Meting dagprijzen, next the
// Zorgaanbod report): lines added with a button, removed with the cross after
// a confirmation, validated per line. Without JavaScript every button posts
// the whole form, so the server reads the lines, applies the button and shows
// the form again; these helpers are that round trip, for any set of fields.
// Field names are `<group>[<index>][<field>]`, ids `<group>-<index>-<field>`;
// the macros in views/macros/editable-lines.njk write both.
import type { FieldError } from './form-errors.js';

/** One group of lines on a form, e.g. "luik1" with its fields. */
export interface LineGroup<F extends string> {
  name: string;
  fields: readonly F[];
  /** More lines than this are ignored (a form cannot grow without bound). */
  maxLines: number;
}

export type LineValues<F extends string> = Record<F, string>;

/** What a button of the form asked for. */
export type LineAction =
  | { kind: 'add'; group: string }
  /** The cross: ask "Bent u zeker ...?" first. */
  | { kind: 'remove'; group: string; index: number }
  /** The answer "Ja, verwijderen" (or the dialog's OK with JavaScript). */
  | { kind: 'confirmRemove'; group: string; index: number }
  /** Any other button (`action=<name>`), e.g. save or submit; "" when none. */
  | { kind: 'other'; action: string };

const NAME = /^([a-z][a-z0-9]*)\[(\d{1,4})\]\[([a-zA-Z]+)\]$/;

export function emptyLine<F extends string>(group: LineGroup<F>): LineValues<F> {
  return Object.fromEntries(group.fields.map((f) => [f, ''])) as LineValues<F>;
}

/**
 * The lines of one group, in their order on the page (the indexes may have
 * gaps after a removal in the browser). Unknown fields and other keys are ignored;
 * a field posted twice keeps its first value.
 */
export function readLines<F extends string>(body: Record<string, unknown>, group: LineGroup<F>): LineValues<F>[] {
  const fields = new Set<string>(group.fields);
  const lines = new Map<number, LineValues<F>>();
  for (const [key, raw] of Object.entries(body)) {
    const match = NAME.exec(key);
    if (!match || match[1] !== group.name || !fields.has(match[3] ?? '')) continue;
    const index = Number(match[2]);
    if (index >= group.maxLines) continue;
    const line = lines.get(index) ?? emptyLine(group);
    const first = (Array.isArray(raw) ? raw : [raw]).find((v): v is string => typeof v === 'string');
    line[match[3] as F] = first ?? '';
    lines.set(index, line);
  }
  return [...lines.entries()].sort(([a], [b]) => a - b).map(([, line]) => line);
}

/** `add=<group>`, `remove=<group>:<index>`, `confirmRemove=<group>:<index>` or `action=<name>`. */
export function readLineAction(body: Record<string, unknown>, groups: readonly string[]): LineAction {
  const str = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);
  const add = str(body.add);
  if (add !== undefined && groups.includes(add)) return { kind: 'add', group: add };
  for (const kind of ['confirmRemove', 'remove'] as const) {
    const value = str(body[kind]);
    const match = value === undefined ? null : /^([a-z][a-z0-9]*):(\d{1,4})$/.exec(value);
    if (match && groups.includes(match[1] ?? '')) return { kind, group: match[1] ?? '', index: Number(match[2]) };
  }
  return { kind: 'other', action: str(body.action) ?? '' };
}

/** Applies "add" or "confirmRemove" to a group's lines; other actions leave them as they are. */
export function applyLineAction<F extends string>(lines: LineValues<F>[], group: LineGroup<F>, action: LineAction, newLine: () => LineValues<F>): LineValues<F>[] {
  if (action.kind === 'add' && action.group === group.name && lines.length < group.maxLines) return [...lines, newLine()];
  if (action.kind === 'confirmRemove' && action.group === group.name) return lines.filter((_, i) => i !== action.index);
  return lines;
}

/** An error on one field of one line. */
export interface LineError {
  group: string;
  /** 0-based index on the page. */
  line: number;
  field: string;
  text: string;
}

/** The id the macros give a line's field: the target of the summary's link. */
export function lineFieldId(group: string, line: number, field: string): string {
  return `${group}-${line}-${field}`;
}

/**
 * Line errors in the portal's error shape (form-errors.ts): the message beside
 * the field, and in the summary prefixed with where it is ("Luik 1, lijn 2,
 * capaciteit: ..."), linked to the field.
 */
export function lineErrorsAsFieldErrors(errors: LineError[], describe: (e: LineError) => string): { beside: FieldError[]; summary: FieldError[] } {
  return {
    beside: errors.map((e) => ({ field: lineFieldId(e.group, e.line, e.field), text: e.text })),
    summary: errors.map((e) => ({ field: lineFieldId(e.group, e.line, e.field), text: `${describe(e)}: ${e.text}` })),
  };
}
