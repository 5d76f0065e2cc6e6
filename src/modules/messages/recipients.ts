// Who of the facility is notified when the department answers on a thread
// (M19): ONE rule, in one function, used for the sentence under a form, the
// check before "Verzenden" and the e-mails the department's message queues.
//
//   the theme's confirmed default contacts,
//   minus those switched off for the thread,
//   plus the thread's own contacts;
//   and when the theme has no confirmed contact at all and the thread none of
//   its own, the organisation's e-mail address of Mijn organisatie (seed 000
//   §3.1: the address the department uses for general communication), so
//   that the department's message does not go unannounced.
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
  /** The facility's own e-mail address (Facility.email), when it has one. */
  organisationEmail?: string | null;
}

export interface Recipient {
  surname: string;
  givenName: string;
  email: string;
  /** The organisation's general address standing in for a contact person: it has no name. */
  organisation?: true;
}

/** Everyone notified of the department's next message on the thread, each address once, in a stable order. */
export function notifiedContacts({ defaults, muted, threadContacts, organisationEmail }: RecipientCandidates): Recipient[] {
  const byEmail = new Map<string, Recipient>();
  const add = (c: Recipient) => {
    const email = c.email.toLowerCase();
    if (!byEmail.has(email)) byEmail.set(email, { surname: c.surname, givenName: c.givenName, email });
  };
  for (const c of defaults) if (c.confirmed && !muted.has(c.contactPersonId)) add(c);
  for (const c of threadContacts) if (c.contactPersonId === null || !muted.has(c.contactPersonId)) add(c);
  // Only in the absence of any confirmed contact: a facility that switched its contacts off for the thread chose so.
  if (organisationEmail && threadContacts.length === 0 && !defaults.some((c) => c.confirmed)) {
    return [{ surname: '', givenName: '', email: organisationEmail.toLowerCase(), organisation: true }];
  }
  return [...byEmail.values()];
}

/** "Jan Janssens", or for the organisation's address "het algemene e-mailadres (info@…)". */
export function recipientName(recipient: Recipient): string {
  return recipient.organisation ? `het algemene e-mailadres (${recipient.email})` : `${recipient.givenName} ${recipient.surname}`;
}

/** "Jan Janssens", "Jan Janssens en Mieke Peeters", "A, B en C". */
export function namesSentence(recipients: Recipient[]): string {
  const names = recipients.map(recipientName);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} en ${names.at(-1)}`;
}
