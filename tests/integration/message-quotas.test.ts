// Mail quotas on a message's own contacts (issue 23 item 4): the contacts of a
// thread only get no confirmation e-mail, but every answer of the department.
// So they count as new addresses of the user who typed them, when they are
// added: at most a few per message, and within the hourly and daily limits of
// the contact persons. Over a limit nothing is stored, the form keeps what was
// typed, the log has a warning, and the department's later answer can only
// mail the contacts that were accepted.
import type TestAgent from 'supertest/lib/agent.js';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, logins, memoryLogger } from '../helpers/login.js';
import { formFields } from '../helpers/forms.js';
import { startMailDelivery } from '../helpers/outbox.js';
import { createTestDatabase } from '../helpers/database.js';
import { stagedFields } from '../../src/modules/contacts/staged.js';
import { createServices } from '../../src/services.js';
import { createLogger } from '../../src/logger.js';

const JAN = '85092305734'; // WZC Sint-Jozef
const AN = '78041215386'; // WZC Hof ter Linden and WZC De Wingerd

const db = await createTestDatabase();
const log = memoryLogger();
const { app, config, identity } = await createTestApp({ db, logger: log.logger });
// A second portal on the same database with a small hourly limit per user.
const strict = await createTestApp({ db, env: { QUOTA_USER_NEW_ADDRESSES_PER_HOUR: '3' } });
const smtp = await startMailDelivery(db.pool);
const { messages } = createServices({ prisma: db.prisma, pool: db.pool, config, logger: createLogger({ level: 'silent' }), identity });
const els = await db.prisma.staffMember.findUniqueOrThrow({ where: { staffId: 'DZ10231' } }); // Team Prijzen
const PER_MESSAGE = config.mailQuotas.message.newAddresses;

/** Contacts of the thread only, at outside addresses, with names such as a spammer would type. */
const outsiders = (count: number, from = 0, domain = 'evil.example') =>
  Array.from({ length: count }, (_, i) => ({
    surname: `Winnaar${from + i}`,
    givenName: 'U won een prijs: zie evil.example',
    email: `prijs-${from + i}@${domain}`,
    phone: '016 12 34 56',
  }));

const login = logins(app, db.prisma);

/** An, acting for WZC Hof ter Linden (she has two facilities), on the portal with the small hourly limit. */
async function anForHofTerLinden(): Promise<TestAgent> {
  const hofTerLinden = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
  return logins(strict.app, db.prisma).as(AN, { facilityId: hofTerLinden.id });
}

async function sendNew(agent: TestAgent, title: string, rows: ReturnType<typeof outsiders>) {
  const form = await agent.get('/berichten/nieuw?thema=prijzen&team=team-prijzen');
  return agent
    .post('/berichten/nieuw')
    .type('form')
    .send({
      _csrf: hiddenField(form.text, '_csrf'),
      contactsTheme: 'prijzen',
      theme: 'prijzen',
      addressee: 'team:team-prijzen',
      title,
      body: 'Zie de bijlage.',
      ...stagedFields('contacts', rows),
    });
}

const counts = async () => ({
  messages: await db.prisma.message.count(),
  threads: await db.prisma.thread.count(),
  threadContacts: await db.prisma.threadContact.count(),
  contactPersons: await db.prisma.contactPerson.count(),
  outbox: await db.prisma.outboxMail.count(),
});

describe('mail quotas on the contacts of a message', () => {
  it('refuses a new message with 150 contacts of its own: a Dutch error that says what to do, everything typed kept, nothing stored, a warning', async () => {
    const agent = await login.as(JAN);
    const before = await counts();
    const response = await sendNew(agent, 'Prijsvraag', outsiders(150));
    expect(response.status).toBe(429);
    expect(response.text).toContain(
      `U kunt per bericht maximaal ${PER_MESSAGE} nieuwe e-mailadressen toevoegen. U voegde er 150 toe: verwijder er ${150 - PER_MESSAGE} uit de Contactdetails en klik opnieuw op ‘Verzenden’.`,
    );
    expect(response.text).toContain('Er werd niets bewaard en er werden geen e-mails verstuurd.');
    // What was typed comes back: the message and every row.
    const fields = formFields(response.text, '/berichten/nieuw');
    expect(fields.title).toBe('Prijsvraag');
    expect(fields['contacts[149][email]']).toBe('prijs-149@evil.example');
    expect(response.text).toContain('Zie de bijlage.</textarea>');
    expect(await counts()).toEqual(before);
    expect(await db.prisma.thread.count({ where: { title: 'Prijsvraag' } })).toBe(0);
    const warning = log.lines().find((line) => line.msg === 'mail quota exceeded: save refused');
    expect(warning).toMatchObject({ level: 40, limit: 'message-new-addresses', max: PER_MESSAGE, count: 150 });
  });

  it(`accepts exactly ${PER_MESSAGE} new addresses in a message and refuses one more on a reply; the department's answer mails only the accepted ones`, async () => {
    const agent = await login.as(JAN);
    const accepted = await sendNew(agent, 'Precies genoeg', outsiders(PER_MESSAGE, 0, 'ok.example'));
    expect(accepted.status).toBe(303);
    const thread = await db.prisma.thread.findFirstOrThrow({ where: { title: 'Precies genoeg' }, include: { contacts: true, messages: true } });
    const jan = await db.prisma.user.findUniqueOrThrow({ where: { insz: JAN } });
    expect(thread.contacts).toHaveLength(PER_MESSAGE);
    expect(thread.contacts.every((c) => c.addedByUserId === jan.id && c.contactPersonId === null)).toBe(true);

    // A reply on the same thread that adds one more than a message may.
    const replyPath = `/berichten/${thread.messages[0]?.id}/beantwoorden`;
    const form = await agent.get(replyPath);
    const fields = formFields(form.text, replyPath);
    const before = await counts();
    const extra = outsiders(PER_MESSAGE + 1, 100, 'more.example');
    const existing = Object.keys(fields).filter((k) => /^contacts\[\d+\]\[ref\]$/.test(k)).length;
    const rows = stagedFields('contacts', extra);
    const shifted = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k.replace(/^contacts\[(\d+)\]/, (_, i: string) => `contacts[${Number(i) + existing}]`), v]));
    const refused = await agent.post(replyPath).type('form').send({ ...fields, body: 'Nog meer ontvangers', ...shifted });
    expect(refused.status).toBe(429);
    expect(refused.text).toContain(`U kunt per bericht maximaal ${PER_MESSAGE} nieuwe e-mailadressen toevoegen. U voegde er ${PER_MESSAGE + 1} toe`);
    expect(refused.text).toContain('Nog meer ontvangers</textarea>');
    expect(await counts()).toEqual(before);

    const answer = await messages.addDepartmentMessage({ threadId: thread.id, staffMemberId: els.id, body: 'Ons antwoord' });
    const acceptedEmails = outsiders(PER_MESSAGE, 0, 'ok.example').map((c) => c.email);
    expect([...answer.notified].sort()).toEqual([...acceptedEmails].sort());
    // Earlier tests' e-mails are in the sink too: wait for these twenty themselves.
    const okMails = () => smtp.received.flatMap((m) => m.to).filter((to) => to.endsWith('@ok.example')).length;
    await expect.poll(okMails, { timeout: 15_000 }).toBe(PER_MESSAGE);
    const mailed = smtp.received.flatMap((m) => m.to);
    expect(mailed.filter((to) => to.endsWith('@ok.example')).sort()).toEqual([...acceptedEmails].sort());
    expect(mailed.some((to) => to.endsWith('@more.example') || to.endsWith('@evil.example'))).toBe(false);
  });

  it('counts the hourly limit over messages: 2 new addresses, then 2 more is over 3 an hour; 1 more is allowed', async () => {
    const agent = await anForHofTerLinden();
    expect((await sendNew(agent, 'Eerste van An', outsiders(2, 0, 'an.example'))).status).toBe(303);
    const before = await counts();
    const refused = await sendNew(agent, 'Tweede van An', outsiders(2, 2, 'an.example'));
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('U voegde het afgelopen uur al 2 contactpersonen toe en wilt er nu 2 bij: dat is meer dan de 3 nieuwe e-mailadressen per uur die u mag opgeven.');
    expect(refused.text).toContain('value="prijs-3@an.example"');
    expect(await counts()).toEqual(before);
    expect((await sendNew(agent, 'Derde van An', outsiders(1, 4, 'an.example'))).status).toBe(303);
  });

  it('counts a changed address of a thread contact as a new address', async () => {
    const agent = await anForHofTerLinden();
    // An is at 3 of 3 this hour: changing a name is fine, changing an address is not.
    const thread = await db.prisma.thread.findFirstOrThrow({ where: { title: 'Eerste van An' }, include: { contacts: { orderBy: { id: 'asc' } }, messages: true } });
    const replyPath = `/berichten/${thread.messages[0]?.id}/beantwoorden`;
    const post = async (change: { givenName?: string; email?: string }) => {
      const form = await agent.get(replyPath);
      const fields = formFields(form.text, replyPath);
      const index = Object.keys(fields).find((k) => fields[k] === `t${thread.contacts[0]?.id}`)?.replace(/\[ref\]$/, '') ?? '';
      expect(index).not.toBe('');
      if (change.givenName) fields[`${index}[givenName]`] = change.givenName;
      if (change.email) fields[`${index}[email]`] = change.email;
      fields[`${index}[changed]`] = '1';
      return agent.post(replyPath).type('form').send({ ...fields, body: 'Een wijziging' });
    };
    const readdressed = await post({ email: 'ander@elders.example' });
    expect(readdressed.status).toBe(429);
    expect(readdressed.text).toContain('U voegde het afgelopen uur al 3 contactpersonen toe en wilt er nu 1 bij');
    expect(await db.prisma.threadContact.count({ where: { email: 'ander@elders.example' } })).toBe(0);
    expect((await post({ givenName: 'Andere voornaam' })).status).toBe(303);
    expect(await db.prisma.threadContact.count({ where: { threadId: thread.id, givenName: 'Andere voornaam' } })).toBe(1);
  });
});
