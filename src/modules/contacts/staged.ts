// Staged contacts: one component for every form that lets the user add, change
// and remove contact persons and keeps those changes pending until the form's
// own submit button stores them. The Contactenmodule's "Overzicht
// contactpersonen" (committed with "bewaren") uses it, and so does a message's
// "Contactdetails" (committed with "Verzenden").
//
// The pending rows travel in hidden fields of the outer form (`<prefix>[3][email]`),
// so nothing is kept on the server between requests and the component never
// stores anything. Each icon button is a real submit button of the outer form
// (`<prefix>[action]` = "open-add", "edit:3", ...): without JavaScript the
// add/edit form and the removal question are a step of the page; with
// JavaScript (public/js/staged-contacts.js) the same step, rendered by the
// server, opens in a <dialog> in place.
//
// How a second form embeds it (a message's Contactdetails, prefix "contacts"):
//
//   // routes.ts, the POST handler of the outer form
//   const options: StagedOptions = {
//     prefix: 'contacts',
//     askDefault: true,              // column and question "Standaard contactpersoon?"
//     mutableDefaults: true,         // "Moet niet op de hoogte gehouden worden" per default row
//     removable: 'non-default',      // the cross only on thread-only rows
//     reservedEmails,                // facility contacts not among the rows: their addresses are taken
//     labels: { add: 'Voeg toe', commit: 'Verzenden' },
//   };
//   const state = readStaged(req.body, options);
//   if (state.action) {
//     // A button of the component: apply it and show the page again, nothing stored.
//     const outcome = applyStagedAction(state, options);
//     return render(res.status(outcome.step?.errors.length ? 400 : 200), {
//       ...outerValues, contacts: stagedView(outcome, options, baseline) });
//   }
//   // The outer submit ("Verzenden"): validate the rows with the other fields.
//   const rows = validateStagedRows(state.rows, options);
//   if (!rows.ok) return render(res.status(400), { ..., errors: [...ownErrors, ...rows.errors],
//     contacts: stagedView({ rows: state.rows }, options, baseline, rows.errors) });
//   await service.send(..., rows.rows);    // one transaction; for each new row with
//                                          // isDefault: contacts.addFacilityContactForTheme(tx, ...)
//
//   {# the page: inside the outer <form>, before its own submit button #}
//   {% from "macros/staged-contacts.njk" import stagedContacts %}
//   {{ stagedContacts(contacts) }}
//   {% if not contacts.stepOpen %}<button class="button" name="action" value="send">Verzenden</button>{% endif %}
//   {% block scripts %}<script src="/public/js/staged-contacts.js"></script>{% endblock %}
//
// `baseline` is what the rows were before any pending change (the stored
// contacts; for a message the theme's default contacts), for the markers
// "nieuw", "gewijzigd" (with the earlier values) and "te verwijderen" and for
// the column "Bevestigd?". `stepOpen` is true while an add/edit form or the
// removal question is open: hide the outer submit button then, so that Enter
// submits the step and not the whole form.
import { errorsByField, fieldErrors, lineError, summaryErrors, type FieldError } from '../../lib/form-errors.js';
import { contactSchema, FIELD_LABELS } from './schemas.js';

/** One row of the staged table, as it travels in the hidden fields. */
export interface StagedRow {
  /** The stored record the row stands for (a contact person's id, or whatever the form stores); '' for a new row. */
  ref: string;
  surname: string;
  givenName: string;
  email: string;
  phone: string;
  /** Theme slugs (forms with themes only). */
  themes: string[];
  /** "Standaard contactpersoon?" (forms that ask it). */
  isDefault: boolean;
  /** "Moet niet op de hoogte gehouden worden": a default contact switched off for this form only. */
  muted: boolean;
  /** A stored row the user changed. */
  changed: boolean;
  /** A stored row the user removed: shown as "te verwijderen" until the form is stored. */
  removed: boolean;
}

/** A row as it was before any pending change, for the markers and "Bevestigd?". */
export interface BaselineRow {
  ref: string;
  surname: string;
  givenName: string;
  email: string;
  phone: string;
  themes: string[];
  isDefault?: boolean;
  confirmed?: boolean;
}

/** What is typed in the open add/edit form. */
export interface StagedDraft {
  surname: string;
  givenName: string;
  email: string;
  phone: string;
  themes: string[];
  /** "ja", "nee" or "" (not answered). */
  isDefault: string;
}

export type StagedAction =
  | { type: 'open-add' }
  | { type: 'add' }
  | { type: 'open-edit'; index: number }
  | { type: 'edit'; index: number }
  | { type: 'ask-remove'; index: number }
  | { type: 'remove'; index: number }
  | { type: 'restore'; index: number }
  | { type: 'cancel' };

export interface StagedState {
  rows: StagedRow[];
  /** The component's button that was pressed; absent when the outer form's own submit was. */
  action?: StagedAction;
  draft: StagedDraft;
}

export interface StagedOptions {
  /** Field-name prefix, unique on the page: "contacts" gives `contacts[3][email]` and ids `contacts-3-email`. */
  prefix: string;
  /** The theme checkboxes and the column "Thema's"; absent: the form has no themes. */
  themes?: { slug: string; name: string }[];
  /** The column and question "Standaard contactpersoon?". */
  askDefault?: boolean;
  /** The column "Bevestigd?" (from the baseline). */
  showConfirmed?: boolean;
  /** Default rows get "Moet niet op de hoogte gehouden worden". */
  mutableDefaults?: boolean;
  /** Which rows the cross removes: all, or only those that are not default contacts. */
  removable: 'all' | 'non-default';
  /** Addresses taken outside the rows (contacts of the facility the form does not show). */
  reservedEmails?: string[];
  labels: {
    /** The button that opens the add form: "Contactpersoon toevoegen", "Voeg toe". */
    add: string;
    /** The outer form's submit, named in the hints: "bewaren", "Verzenden". */
    commit: string;
    /** The table's heading; default "Overzicht contactpersonen". */
    heading?: string;
    /** Column and field labels; default "E-mail" and "Telefoon" (a message's Contactdetails: "E-mailadres", "Telefoonnummer"). */
    email?: string;
    phone?: string;
  };
}

/** The open add/edit form or removal question. */
export interface StagedStep {
  kind: 'add' | 'edit' | 'remove';
  /** The row edited or removed. */
  index?: number;
  draft: StagedDraft;
  errors: FieldError[];
}

export interface StagedOutcome {
  rows: StagedRow[];
  step?: StagedStep;
  /** What just changed, announced to screen readers. */
  status?: string;
  /** The id of the element that gets the focus back when the step closes. */
  focus?: string;
}

export const MAX_STAGED_ROWS = 500;

const ROW_FIELDS = ['ref', 'surname', 'givenName', 'email', 'phone', 'themes', 'isDefault', 'muted', 'changed', 'removed'] as const;
const DRAFT_FIELDS = ['surname', 'givenName', 'email', 'phone', 'themes', 'isDefault'] as const;
const PREFIX = /^[a-z][A-Za-z0-9]{0,30}$/;
const REF = /^[A-Za-z0-9_-]{1,40}$/;

const emptyDraft = (): StagedDraft => ({ surname: '', givenName: '', email: '', phone: '', themes: [], isDefault: '' });
const emptyRow = (): StagedRow => ({
  ref: '',
  surname: '',
  givenName: '',
  email: '',
  phone: '',
  themes: [],
  isDefault: false,
  muted: false,
  changed: false,
  removed: false,
});

const strings = (raw: unknown): string[] => (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');

function parseAction(raw: unknown): StagedAction | undefined {
  const value = strings(raw)[0];
  if (value === undefined) return undefined;
  if (value === 'open-add' || value === 'add' || value === 'cancel') return { type: value };
  const match = /^(open-edit|edit|ask-remove|remove|restore):(\d{1,4})$/.exec(value);
  if (!match) return { type: 'cancel' };
  return { type: match[1] as 'open-edit' | 'edit' | 'ask-remove' | 'remove' | 'restore', index: Number(match[2]) };
}

/**
 * Reads the rows, the pressed button and the draft under `prefix` from a
 * urlencoded body (flat keys: `contacts[3][email]`), rows in their order on the
 * page. Anything else in the body is the outer form's and ignored.
 */
export function readStaged(body: Record<string, unknown>, options: Pick<StagedOptions, 'prefix'>): StagedState {
  const { prefix } = options;
  if (!PREFIX.test(prefix)) throw new Error(`invalid staged contacts prefix: ${prefix}`);
  const rowKey = new RegExp(`^${prefix}\\[(\\d{1,4})\\]\\[(${ROW_FIELDS.join('|')})\\]$`);
  const draftKey = new RegExp(`^${prefix}\\[draft\\]\\[(${DRAFT_FIELDS.join('|')})\\]$`);
  const rows = new Map<number, StagedRow>();
  const draft = emptyDraft();
  for (const [key, raw] of Object.entries(body)) {
    const row = rowKey.exec(key);
    if (row) {
      const index = Number(row[1]);
      if (index >= MAX_STAGED_ROWS) continue;
      const line = rows.get(index) ?? emptyRow();
      const field = row[2] as (typeof ROW_FIELDS)[number];
      const values = strings(raw);
      if (field === 'themes') line.themes = values;
      else if (field === 'isDefault' || field === 'muted' || field === 'changed' || field === 'removed') line[field] = values[0] === '1';
      else line[field] = values[0] ?? '';
      rows.set(index, line);
      continue;
    }
    const field = draftKey.exec(key)?.[1] as (typeof DRAFT_FIELDS)[number] | undefined;
    if (field === 'themes') draft.themes = strings(raw);
    else if (field) draft[field] = strings(raw)[0] ?? '';
  }
  const ordered = [...rows.entries()].sort(([a], [b]) => a - b).map(([, line]) => line);
  // A ref that is not one of ours makes the row new: the service never trusts refs anyway.
  for (const line of ordered) if (line.ref !== '' && !REF.test(line.ref)) line.ref = '';
  for (const line of ordered) if (line.ref === '') line.changed = false;
  return { rows: ordered.filter((line) => !(line.ref === '' && line.removed)), action: parseAction(body[`${prefix}[action]`]), draft };
}

const normalEmail = (email: string) => email.trim().toLowerCase();
const fullName = (row: { givenName: string; surname: string }) => `${row.givenName} ${row.surname}`.trim();

/** The e-mail address is taken by another row (not removed) or outside the rows. */
function emailTakenMessage(rows: StagedRow[], email: string, except: number | undefined, options: StagedOptions): string | undefined {
  const wanted = normalEmail(email);
  if (wanted === '') return undefined;
  const other = rows.findIndex((row, i) => i !== except && !row.removed && normalEmail(row.email) === wanted);
  if (other >= 0) {
    const owner = rows[other];
    return `Dit e-mailadres is al gebruikt voor een andere contactpersoon (${owner && fullName(owner) !== '' ? fullName(owner) : `lijn ${other + 1}`}). Vul een ander e-mailadres in.`;
  }
  if ((options.reservedEmails ?? []).some((reserved) => normalEmail(reserved) === wanted)) {
    return 'Dit e-mailadres is al in gebruik voor een contactpersoon van uw voorziening. Vul een ander e-mailadres in.';
  }
  return undefined;
}

const schemaFor = (options: StagedOptions) => contactSchema({ themes: options.themes?.map((t) => t.slug), askDefault: options.askDefault });

function validateDraft(rows: StagedRow[], draft: StagedDraft, except: number | undefined, options: StagedOptions) {
  const idPrefix = `${options.prefix}-draft-`;
  const parsed = schemaFor(options).safeParse(draft);
  const errors = parsed.success ? [] : fieldErrors(parsed.error, idPrefix);
  const taken = emailTakenMessage(rows, draft.email, except, options);
  if (taken && !errors.some((e) => e.field === `${idPrefix}email`)) {
    errors.push({ field: `${idPrefix}email`, text: taken });
  }
  if (!parsed.success || errors.length > 0) return { ok: false as const, errors: sortErrors(errors, idPrefix) };
  return { ok: true as const, value: parsed.data };
}

function sortErrors(errors: FieldError[], idPrefix: string): FieldError[] {
  const order = (e: FieldError) => DRAFT_FIELDS.indexOf(e.field.slice(idPrefix.length) as (typeof DRAFT_FIELDS)[number]);
  return [...errors].sort((a, b) => order(a) - order(b));
}

const draftOf = (row: StagedRow): StagedDraft => ({
  surname: row.surname,
  givenName: row.givenName,
  email: row.email,
  phone: row.phone,
  themes: [...row.themes],
  isDefault: row.isDefault ? 'ja' : 'nee',
});

const isRemovable = (row: StagedRow, options: StagedOptions) => options.removable === 'all' || !row.isDefault;

/** Element ids the focus returns to. */
export const stagedIds = {
  add: (prefix: string) => `${prefix}-add`,
  edit: (prefix: string, index: number) => `${prefix}-${index}-edit`,
  remove: (prefix: string, index: number) => `${prefix}-${index}-remove`,
};

/**
 * Applies the pressed button: opens a step, or applies a submitted step to the
 * rows. Returns the new rows and what to show; an invalid draft keeps its step
 * open with the errors and everything typed. Nothing is stored.
 */
export function applyStagedAction(state: StagedState, options: StagedOptions): StagedOutcome {
  const rows = state.rows.map((row) => ({ ...row, themes: [...row.themes] }));
  const action = state.action;
  const { commit } = options.labels;
  if (!action || action.type === 'cancel') return { rows, focus: stagedIds.add(options.prefix) };
  if (action.type === 'open-add') return { rows, step: { kind: 'add', draft: emptyDraft(), errors: [] } };
  if (action.type === 'add') {
    const result = validateDraft(rows, state.draft, undefined, options);
    if (!result.ok) return { rows, step: { kind: 'add', draft: state.draft, errors: result.errors } };
    if (rows.length >= MAX_STAGED_ROWS) {
      return { rows, step: { kind: 'add', draft: state.draft, errors: [{ field: `${options.prefix}-draft-surname`, text: `U kunt hoogstens ${MAX_STAGED_ROWS} contactpersonen opgeven.` }] } };
    }
    rows.push({ ...emptyRow(), ...result.value });
    return {
      rows,
      status: `${fullName(result.value)} staat in het overzicht als nieuw. Klik op ‘${commit}’ om de wijzigingen te bewaren.`,
      focus: stagedIds.edit(options.prefix, rows.length - 1),
    };
  }
  const row = rows[action.index];
  if (!row) return { rows, focus: stagedIds.add(options.prefix) };
  switch (action.type) {
    case 'open-edit':
      if (row.removed) return { rows };
      return { rows, step: { kind: 'edit', index: action.index, draft: draftOf(row), errors: [] } };
    case 'edit': {
      if (row.removed) return { rows };
      const result = validateDraft(rows, state.draft, action.index, options);
      if (!result.ok) return { rows, step: { kind: 'edit', index: action.index, draft: state.draft, errors: result.errors } };
      rows[action.index] = { ...row, ...result.value, changed: row.ref !== '' };
      return {
        rows,
        status: `De gegevens van ${fullName(result.value)} staan in het overzicht als gewijzigd. Klik op ‘${commit}’ om de wijzigingen te bewaren.`,
        focus: stagedIds.edit(options.prefix, action.index),
      };
    }
    case 'ask-remove':
      if (row.removed || !isRemovable(row, options)) return { rows };
      return { rows, step: { kind: 'remove', index: action.index, draft: emptyDraft(), errors: [] } };
    case 'remove': {
      if (row.removed || !isRemovable(row, options)) return { rows };
      const name = fullName(row);
      if (row.ref === '') rows.splice(action.index, 1);
      else rows[action.index] = { ...row, removed: true };
      return {
        rows,
        status:
          row.ref === ''
            ? `${name} is uit het overzicht gehaald.`
            : `${name} staat in het overzicht als te verwijderen. Klik op ‘${commit}’ om de wijzigingen te bewaren.`,
        focus: stagedIds.add(options.prefix),
      };
    }
    case 'restore':
      rows[action.index] = { ...row, removed: false };
      return { rows, status: `${fullName(row)} wordt niet verwijderd.`, focus: stagedIds.edit(options.prefix, action.index) };
  }
}

/** A row ready to store: the same fields as a staged row, validated (e-mail in lower case). */
export type ValidStagedRow = StagedRow;

/**
 * Validates every row again when the outer form is submitted (the hidden
 * fields are as untrusted as any input): the same rules as the add/edit form,
 * each address once among the rows kept and the reserved ones, each ref once.
 * Errors are line errors, shown in the row and in the summary.
 */
export function validateStagedRows(rows: StagedRow[], options: StagedOptions): { ok: true; rows: ValidStagedRow[] } | { ok: false; errors: FieldError[] } {
  const schema = schemaFor(options);
  const errors: FieldError[] = [];
  const valid: ValidStagedRow[] = [];
  const refs = new Set<string>();
  rows.forEach((row, index) => {
    const label = (field: string) => `${FIELD_LABELS[field] ?? field}${fullName(row) === '' ? '' : ` (${fullName(row)})`}`;
    if (row.ref !== '') {
      if (refs.has(row.ref)) errors.push(lineError(options.prefix, index, 'surname', label('surname'), 'Deze lijn staat twee keer in het formulier. Laad de pagina opnieuw.'));
      refs.add(row.ref);
    }
    if (row.removed) {
      valid.push({ ...row, email: normalEmail(row.email) });
      return;
    }
    const parsed = schema.safeParse({ ...row, isDefault: row.isDefault ? 'ja' : 'nee' });
    const rowErrors = parsed.success ? [] : fieldErrors(parsed.error);
    const taken = emailTakenMessage(rows.slice(0, index), row.email, undefined, options);
    if (taken && !rowErrors.some((e) => e.field === 'email')) rowErrors.push({ field: 'email', text: taken });
    for (const e of sortErrors(rowErrors, '')) errors.push(lineError(options.prefix, index, e.field, label(e.field), e.text));
    if (parsed.success && rowErrors.length === 0) valid.push({ ...row, ...parsed.data, isDefault: row.isDefault });
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, rows: valid };
}

/**
 * The rows after someone else stored changes meanwhile: the current stored
 * rows with this user's pending changes applied on top. A changed or removed
 * row whose record is gone is kept as new, or dropped when it was removed.
 */
export function rebaseStaged(pending: StagedRow[], current: StagedRow[]): StagedRow[] {
  const rows = current.map((row) => ({ ...row }));
  const byRef = new Map(rows.map((row, i) => [row.ref, i]));
  for (const row of pending) {
    const at = row.ref === '' ? undefined : byRef.get(row.ref);
    if (row.ref !== '' && !row.changed && !row.removed) continue;
    if (at === undefined) {
      if (!row.removed) rows.push({ ...row, ref: '', changed: false });
      continue;
    }
    rows[at] = row.removed ? { ...(rows[at] as StagedRow), removed: true } : { ...row };
  }
  return rows;
}

/** Stored rows as the component shows them when nothing is pending. */
export function stagedRowsFrom(baseline: BaselineRow[]): StagedRow[] {
  return baseline.map((row) => ({ ...emptyRow(), ...row, themes: [...row.themes], isDefault: row.isDefault ?? false }));
}

type Marker = 'nieuw' | 'gewijzigd' | 'te verwijderen';

export interface StagedRowView extends StagedRow {
  index: number;
  marker?: Marker;
  themeNames: string;
  /** For a changed row: the earlier value of each changed field. */
  before: Partial<Record<'surname' | 'givenName' | 'email' | 'phone' | 'themes' | 'isDefault', string>>;
  confirmed: boolean;
  canRemove: boolean;
  /** Shows "Moet niet op de hoogte gehouden worden". */
  canMute: boolean;
  /** Neither an earlier value nor a line error to show: the macro prints the values as they are (the cheap path of 200 rows). */
  plain: boolean;
}

/** Everything the macro `stagedContacts` needs. */
export interface StagedView {
  prefix: string;
  labels: Required<StagedOptions['labels']>;
  themes?: { slug: string; name: string }[];
  /** The theme checkboxes' items. */
  themeItems: { value: string; text: string }[];
  askDefault: boolean;
  showConfirmed: boolean;
  rows: StagedRowView[];
  step?: StagedStep & {
    fieldErrors: Record<string, string>;
    summaryErrors: { href: string; text: string }[];
    /** The row edited or removed, by name. */
    name?: string;
  };
  stepOpen: boolean;
  pending: boolean;
  /** Line errors of the last outer submit, by element id. */
  rowErrors: Record<string, string>;
  status?: string;
  focus?: string;
}

/**
 * What the macro renders: the rows with their markers against `baseline`, the
 * open step with its errors, and the line errors of a refused outer submit.
 */
export function stagedView(outcome: StagedOutcome, options: StagedOptions, baseline: BaselineRow[], rowErrors: FieldError[] = []): StagedView {
  const themeName = new Map((options.themes ?? []).map((t) => [t.slug, t.name]));
  const names = (slugs: string[]) => slugs.map((s) => themeName.get(s) ?? s).join(', ');
  const before = new Map(baseline.map((row) => [row.ref, row]));
  const errorsById = errorsByField(rowErrors);
  const errorIds = Object.keys(errorsById);
  const rows = outcome.rows.map((row, index): StagedRowView => {
    const was = row.ref === '' ? undefined : before.get(row.ref);
    const changedFields: StagedRowView['before'] = {};
    if (was && row.changed) {
      for (const field of ['surname', 'givenName', 'email', 'phone'] as const) if (was[field] !== row[field]) changedFields[field] = was[field];
      if (names(was.themes) !== names(row.themes)) changedFields.themes = names(was.themes);
      if (options.askDefault && (was.isDefault ?? false) !== row.isDefault) changedFields.isDefault = was.isDefault ? 'ja' : 'nee';
    }
    return {
      ...row,
      index,
      marker: row.removed ? 'te verwijderen' : row.ref === '' ? 'nieuw' : row.changed ? 'gewijzigd' : undefined,
      themeNames: names(row.themes),
      before: changedFields,
      confirmed: was?.confirmed ?? false,
      canRemove: isRemovable(row, options),
      canMute: (options.mutableDefaults ?? false) && row.isDefault,
      plain: Object.keys(changedFields).length === 0 && !errorIds.some((id) => id.startsWith(`${options.prefix}-${index}-`)),
    };
  });
  const stepRow = outcome.step?.index === undefined ? undefined : outcome.rows[outcome.step.index];
  return {
    prefix: options.prefix,
    labels: { heading: 'Overzicht contactpersonen', email: 'E-mail', phone: 'Telefoon', ...options.labels },
    themes: options.themes,
    themeItems: (options.themes ?? []).map((t) => ({ value: t.slug, text: t.name })),
    askDefault: options.askDefault ?? false,
    showConfirmed: options.showConfirmed ?? false,
    rows,
    step: outcome.step && {
      ...outcome.step,
      fieldErrors: errorsByField(outcome.step.errors),
      summaryErrors: summaryErrors(outcome.step.errors),
      name: stepRow ? fullName(stepRow) : undefined,
    },
    stepOpen: outcome.step !== undefined,
    pending: outcome.rows.some((row) => row.ref === '' || row.changed || row.removed),
    rowErrors: errorsById,
    status: outcome.status,
    focus: outcome.focus,
  };
}

/** The component's field names, for tests and for forms that post it themselves. */
export function stagedFields(prefix: string, rows: Partial<StagedRow>[]): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = {};
  rows.forEach((row, i) => {
    const full = { ...emptyRow(), ...row };
    body[`${prefix}[${i}][ref]`] = full.ref;
    for (const field of ['surname', 'givenName', 'email', 'phone'] as const) body[`${prefix}[${i}][${field}]`] = full[field];
    body[`${prefix}[${i}][themes]`] = full.themes;
    for (const flag of ['isDefault', 'muted', 'changed', 'removed'] as const) if (full[flag]) body[`${prefix}[${i}][${flag}]`] = '1';
  });
  return body;
}
