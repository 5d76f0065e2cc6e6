// "Contactdetails" of a message (M17): the staged-contacts component of the
// Contactenmodule (src/modules/contacts/staged.ts) embedded in the reply and
// new-message forms, committed with "Verzenden". Rows are the theme's default
// contacts (ref "c<contact person id>") and the thread's own contacts (ref
// "t<thread contact id>"); new rows have no ref. This file translates between
// those rows and what the message service stores; who is notified is decided
// by the one rule in recipients.ts.
import { lineError, type FieldError } from '../../lib/form-errors.js';
import type { BaselineRow, StagedOptions, StagedRow, ValidStagedRow } from '../contacts/index.js';
import { notifiedContacts, type Recipient } from './recipients.js';

export const CONTACTS_PREFIX = 'contacts';

/** The stored contact situation of a theme (and thread) as the component starts from it. */
export interface ContactDetailsBaseline {
  rows: BaselineRow[];
  /** Refs of default contacts switched off for the thread. */
  muted: string[];
  /** Refs of unconfirmed default contacts added from this thread: notified for it until they confirm. */
  pendingForThread: string[];
  /** Addresses of the facility's other contacts (other themes): taken. */
  reservedEmails: string[];
}

/** The changes "Verzenden" stores with the message. */
export interface ThreadContactChanges {
  /** Every default contact (contact person id) switched off for the thread, after the change. */
  muted: number[];
  /** New contacts of this thread only. */
  addThreadOnly: NewContact[];
  /** New contacts that also become the facility's contact for the theme (unconfirmed, with a confirmation e-mail). */
  addDefault: NewContact[];
  /** Default contacts (contact person id) whose data was changed with the pencil (seed 000 §4.2.2.2 B). */
  updateDefault: (NewContact & { id: number })[];
  updateThreadOnly: (NewContact & { id: number })[];
  removeThreadOnly: number[];
}

export interface NewContact {
  surname: string;
  givenName: string;
  email: string;
  phone: string;
}

export function contactDetailsOptions(baseline: Pick<ContactDetailsBaseline, 'reservedEmails'>): StagedOptions {
  return {
    prefix: CONTACTS_PREFIX,
    askDefault: true,
    mutableDefaults: true,
    removable: 'non-default',
    reservedEmails: baseline.reservedEmails,
    labels: { add: 'Voeg toe', commit: 'Verzenden', heading: 'Contactdetails', email: 'E-mailadres', phone: 'Telefoonnummer' },
  };
}

/** The rows as shown when nothing is pending: the stored switches applied. */
export function initialRows(baseline: ContactDetailsBaseline): StagedRow[] {
  const muted = new Set(baseline.muted);
  return baseline.rows.map((row) => ({
    ref: row.ref,
    surname: row.surname,
    givenName: row.givenName,
    email: row.email,
    phone: row.phone,
    themes: [],
    isDefault: row.isDefault ?? false,
    muted: muted.has(row.ref),
    changed: false,
    removed: false,
  }));
}

const idOf = (ref: string) => Number(ref.slice(1));
const isDefaultRef = (ref: string) => /^c\d{1,9}$/.test(ref);
const isThreadRef = (ref: string) => /^t\d{1,9}$/.test(ref);
const contactOf = (row: { surname: string; givenName: string; email: string; phone: string }): NewContact => ({
  surname: row.surname,
  givenName: row.givenName,
  email: row.email,
  phone: row.phone,
});

/** Who would be notified of the department's answer if the rows were stored as they are (the one rule). */
export function notifiedFromRows(rows: StagedRow[], baseline: ContactDetailsBaseline): Recipient[] {
  const confirmed = new Set(baseline.rows.filter((r) => r.confirmed).map((r) => r.ref));
  const pending = new Set(baseline.pendingForThread);
  const kept = rows.filter((r) => !r.removed);
  const defaults = kept.filter((r) => isDefaultRef(r.ref));
  return notifiedContacts({
    defaults: defaults.map((r) => ({ ...contactOf(r), contactPersonId: idOf(r.ref), confirmed: confirmed.has(r.ref) })),
    muted: new Set(defaults.filter((r) => r.muted).map((r) => idOf(r.ref))),
    threadContacts: [
      ...defaults.filter((r) => pending.has(r.ref)).map((r) => ({ ...contactOf(r), contactPersonId: idOf(r.ref) })),
      // New rows and the thread's own: a new default contact is notified for this thread from the start.
      ...kept.filter((r) => r.ref === '' || isThreadRef(r.ref)).map((r) => ({ ...contactOf(r), contactPersonId: null })),
    ],
  });
}

const DEFAULT_REMOVED =
  'Een standaard contactpersoon verwijdert u bij Mijn organisatie › Contactpersonengegevens. Hier kunt u hem enkel uitzetten voor dit bericht met ‘Moet niet op de hoogte gehouden worden’.';

/** The validated rows as changes to store, or line errors for what cannot be stored from a message. */
export function changesFromRows(rows: ValidStagedRow[]): { ok: true; changes: ThreadContactChanges } | { ok: false; errors: FieldError[] } {
  const changes: ThreadContactChanges = { muted: [], addThreadOnly: [], addDefault: [], updateDefault: [], updateThreadOnly: [], removeThreadOnly: [] };
  const errors: FieldError[] = [];
  rows.forEach((row, index) => {
    if (isDefaultRef(row.ref)) {
      if (row.removed || !row.isDefault) {
        errors.push(lineError(CONTACTS_PREFIX, index, 'surname', 'Naam', DEFAULT_REMOVED));
        return;
      }
      // The pencil changes the facility's contact itself, as on Mijn organisatie (seed 000 §4.2.2.2 B).
      if (row.changed) changes.updateDefault.push({ ...contactOf(row), id: idOf(row.ref) });
      if (row.muted) changes.muted.push(idOf(row.ref));
      return;
    }
    if (isThreadRef(row.ref)) {
      if (row.removed) changes.removeThreadOnly.push(idOf(row.ref));
      else if (row.isDefault) {
        // A contact of this thread made a default contact: it becomes the facility's contact instead.
        changes.removeThreadOnly.push(idOf(row.ref));
        changes.addDefault.push(contactOf(row));
      } else if (row.changed) changes.updateThreadOnly.push({ ...contactOf(row), id: idOf(row.ref) });
      return;
    }
    if (row.removed) return;
    if (row.isDefault) changes.addDefault.push(contactOf(row));
    else changes.addThreadOnly.push(contactOf(row));
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, changes };
}

/** Whether the rows hold anything the user changed compared to what is stored. */
export function hasPendingChanges(rows: StagedRow[], baseline: ContactDetailsBaseline): boolean {
  const muted = new Set(baseline.muted);
  return rows.some((r) => r.ref === '' || r.changed || r.removed || r.muted !== muted.has(r.ref));
}
