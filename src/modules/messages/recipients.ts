// Who of the facility is notified when the department answers on a thread
// (M19): ONE rule, in one function, used for the sentence under a form, the
// check before "Verzenden" and the e-mails the department's message queues.
//
//   the theme's confirmed default contacts,
//   minus those switched off for the thread,
//   plus the thread's own contacts.
//
// A default contact added from a message is an unconfirmed facility contact
// of the theme; until it confirms, its thread contact row keeps it notified
// for that thread (and only that one). Switching it off for the thread wins.

/** A contact person of the facility for the thread's theme (a "standaard contactpersoon"). */
export interface DefaultContact {
  contactPersonId: number;
  surname: string;
  givenName: string;
  email: string;
  phone: string;
  confirmed: boolean;
}

/** A contact added to the thread; `contactPersonId` when it was added as a default contact of the theme. */
export interface ThreadOnlyContact {
  contactPersonId: number | null;
  surname: string;
  givenName: string;
  email: string;
  phone: string;
}

export interface RecipientCandidates {
  defaults: DefaultContact[];
  /** Default contacts switched off for this thread ("Moet niet op de hoogte gehouden worden"). */
  muted: ReadonlySet<number>;
  threadContacts: ThreadOnlyContact[];
}

export interface Recipient {
  surname: string;
  givenName: string;
  email: string;
}

/** Everyone notified of the department's next message on the thread, each address once, in a stable order. */
export function notifiedContacts({ defaults, muted, threadContacts }: RecipientCandidates): Recipient[] {
  const byEmail = new Map<string, Recipient>();
  const add = (c: Recipient) => {
    const email = c.email.toLowerCase();
    if (!byEmail.has(email)) byEmail.set(email, { surname: c.surname, givenName: c.givenName, email });
  };
  for (const c of defaults) if (c.confirmed && !muted.has(c.contactPersonId)) add(c);
  for (const c of threadContacts) if (c.contactPersonId === null || !muted.has(c.contactPersonId)) add(c);
  return [...byEmail.values()];
}

/** "Jan Janssens", "Jan Janssens en Mieke Peeters", "A, B en C". */
export function namesSentence(recipients: Recipient[]): string {
  const names = recipients.map((r) => `${r.givenName} ${r.surname}`);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} en ${names.at(-1)}`;
}
