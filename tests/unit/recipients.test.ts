// M19: who is notified when the department answers on a thread, in every
// combination of default contact (confirmed or not, switched off or not) and
// thread contact (thread-only, or added as default from the message).
import { describe, expect, it } from 'vitest';
import { namesSentence, notifiedContacts, type DefaultContact, type ThreadOnlyContact } from '../../src/modules/messages/recipients.js';

const person = (id: number, confirmed: boolean): DefaultContact => ({
  contactPersonId: id,
  surname: `Naam${id}`,
  givenName: `Voornaam${id}`,
  email: `contact${id}@voorziening.example`,
  phone: '016 12 34 56',
  confirmed,
});
const threadOnly = (email: string): ThreadOnlyContact => ({ contactPersonId: null, surname: 'Enkel', givenName: 'Dit', email, phone: '016 12 34 56' });
const addedAsDefault = (c: DefaultContact): ThreadOnlyContact => ({ contactPersonId: c.contactPersonId, surname: c.surname, givenName: c.givenName, email: c.email, phone: c.phone });
const emails = (list: { email: string }[]) => list.map((r) => r.email);

describe('notifiedContacts (M19)', () => {
  const confirmed = person(1, true);
  const unconfirmed = person(2, false);

  it.each([
    // [description, defaults, muted, thread contacts, expected]
    ['a confirmed default contact is notified', [confirmed], [], [], ['contact1@voorziening.example']],
    ['an unconfirmed default contact is not', [unconfirmed], [], [], []],
    ['a confirmed default contact switched off for the thread is not', [confirmed], [1], [], []],
    ['switching off an unconfirmed one changes nothing', [unconfirmed], [2], [], []],
    ['a thread-only contact is notified', [], [], [threadOnly('enkel@voorziening.example')], ['enkel@voorziening.example']],
    ['a thread-only contact is notified next to the defaults', [confirmed, unconfirmed], [], [threadOnly('enkel@voorziening.example')], ['contact1@voorziening.example', 'enkel@voorziening.example']],
    ['a default contact added from this message is notified before it confirms', [unconfirmed], [], [addedAsDefault(unconfirmed)], ['contact2@voorziening.example']],
    ['... and once confirmed, once', [person(2, true)], [], [addedAsDefault(person(2, true))], ['contact2@voorziening.example']],
    ['... unless switched off for the thread', [unconfirmed], [2], [addedAsDefault(unconfirmed)], []],
    ['switching off one default keeps the others and the thread contacts', [confirmed, person(3, true)], [1], [threadOnly('enkel@voorziening.example')], ['contact3@voorziening.example', 'enkel@voorziening.example']],
    ['nobody at all', [], [], [], []],
  ] as const)('%s', (_name, defaults, muted, threadContacts, expected) => {
    expect(emails(notifiedContacts({ defaults: [...defaults], muted: new Set(muted), threadContacts: [...threadContacts] }))).toEqual(expected);
  });

  it('notifies an address once, whatever its case, when it is both a default and a thread contact', () => {
    const result = notifiedContacts({ defaults: [confirmed], muted: new Set(), threadContacts: [threadOnly('CONTACT1@voorziening.example')] });
    expect(emails(result)).toEqual(['contact1@voorziening.example']);
  });

  it('notifies a thread-only contact even when a switched-off default has its address: it was added to this thread on purpose', () => {
    const result = notifiedContacts({ defaults: [confirmed], muted: new Set([1]), threadContacts: [threadOnly('contact1@voorziening.example')] });
    expect(emails(result)).toEqual(['contact1@voorziening.example']);
  });
});

describe('the organisation’s address when the theme has no confirmed contact (M39)', () => {
  const organisationEmail = 'Info@Voorziening.example';
  const rule = (defaults: DefaultContact[], threadContacts: ThreadOnlyContact[] = [], muted: number[] = []) =>
    notifiedContacts({ defaults, muted: new Set(muted), threadContacts, organisationEmail });

  it('notifies the organisation’s address when no contact of the theme is confirmed', () => {
    expect(rule([])).toEqual([{ surname: '', givenName: '', email: 'info@voorziening.example', organisation: true }]);
    expect(emails(rule([person(2, false)]))).toEqual(['info@voorziening.example']);
  });

  it('does not once a contact of the theme is confirmed, or the thread has a contact of its own', () => {
    expect(emails(rule([person(1, true)]))).toEqual(['contact1@voorziening.example']);
    expect(emails(rule([], [threadOnly('enkel@voorziening.example')]))).toEqual(['enkel@voorziening.example']);
  });

  it('does not when the facility switched its confirmed contacts off for the thread: that was its choice', () => {
    expect(rule([person(1, true)], [], [1])).toEqual([]);
  });

  it('notifies nobody when the organisation has no address', () => {
    expect(notifiedContacts({ defaults: [], muted: new Set(), threadContacts: [], organisationEmail: null })).toEqual([]);
  });

  it('names the address, not a person', () => {
    expect(namesSentence(rule([]))).toBe('het algemene e-mailadres (info@voorziening.example)');
  });
});

describe('namesSentence', () => {
  it('names one, two or more people as a Dutch sentence does', () => {
    const r = (n: string) => ({ givenName: n, surname: 'X', email: `${n}@x.example` });
    expect(namesSentence([r('Jan')])).toBe('Jan X');
    expect(namesSentence([r('Jan'), r('Mieke')])).toBe('Jan X en Mieke X');
    expect(namesSentence([r('Jan'), r('Mieke'), r('Bart')])).toBe('Jan X, Mieke X en Bart X');
  });
});
