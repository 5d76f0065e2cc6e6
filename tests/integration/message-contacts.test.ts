// "Contactdetails" of a message (M17) on the staged-contacts component: every
// change waits for "Verzenden"; then the message and its contact settings
// commit together, and the department's next answer reaches exactly the
// contacts the rule names (M19).
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, loginAs } from '../helpers/login.js';
import { startMailDelivery } from '../helpers/outbox.js';
import { createContact, createThread, daysBefore } from '../helpers/messages.js';
import { stagedFields } from '../../src/modules/contacts/staged.js';
import { createServices } from '../../src/services.js';
import { createLogger } from '../../src/logger.js';

const { app, db, config, identity } = await createTestApp();
const smtp = await startMailDelivery(db.pool);
const { messages } = createServices({ prisma: db.prisma, pool: db.pool, config, logger: createLogger({ level: 'silent' }), identity });
const JAN = '85092305734'; // WZC Sint-Jozef
const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
const els = await db.prisma.staffMember.findUniqueOrThrow({ where: { staffId: 'DZ10231' } });

async function jan() {
  const agent = request.agent(app);
  await loginAs(agent, db.prisma, JAN);
  return agent;
}

const newThread = (themeSlug: string, title: string) =>
  createThread(db.prisma, { facilityId: sintJozef.id, themeSlug, title, messages: [{ direction: 'incoming', sentAt: daysBefore(1) }] });

const draft = (fields: { surname?: string; givenName?: string; email?: string; phone?: string; isDefault?: string }) => ({
  'contacts[draft][surname]': fields.surname ?? '',
  'contacts[draft][givenName]': fields.givenName ?? '',
  'contacts[draft][email]': fields.email ?? '',
  'contacts[draft][phone]': fields.phone ?? '',
  ...(fields.isDefault ? { 'contacts[draft][isDefault]': fields.isDefault } : {}),
});

describe('Contactdetails of a reply', () => {
  it('shows the panel texts and the theme\'s default contacts, with "Moet niet op de hoogte gehouden worden"', async () => {
    await createContact(db.prisma, { facilityId: sintJozef.id, themeSlugs: ['kwaliteit'], email: 'kwaliteit@sint-jozef.example', givenName: 'Karin', surname: 'Kwaliteit' });
    const thread = await newThread('kwaliteit', 'Inspectie');
    const agent = await jan();
    const page = await agent.get(`/berichten/${thread.messageIds[0]}/beantwoorden`);
    expect(page.text).toContain('Bij elke reactie op dit bericht ontvangt Karin Kwaliteit een notificatie per e-mail.');
    expect(page.text).toContain('<summary>Ontvangers voor Inspectie</summary>');
    for (const text of [
      'Hieronder beheert u de contactpersonen voor dit bericht.',
      'Contactpersonen ontvangen een notificatie per e-mail telkens gereageerd wordt op dit bericht.',
      'Opgelet, een contactpersoon moet toegang hebben tot het e-loket om berichten te kunnen raadplegen.',
      'De gegevens die u hier aanpast en invoert, worden bewaard indien u op ‘Verzenden’ klikt.',
      '>Contactdetails</h2>',
      '>E-mailadres</th>',
      '>Telefoonnummer</th>',
      '>Standaard contactpersoon?</th>',
      'Moet niet op de hoogte gehouden worden',
      '>Voeg toe</button>',
    ]) expect(page.text).toContain(text);
  });

  it('adds a contact for this thread only: nothing stored before Verzenden, then notified of the answer', async () => {
    const thread = await newThread('subsidies', 'Voorschot');
    const agent = await jan();
    const form = await agent.get(`/berichten/${thread.messageIds[0]}/beantwoorden`);
    const csrf = hiddenField(form.text, '_csrf') ?? '';
    const path = `/berichten/${thread.messageIds[0]}/beantwoorden`;

    const opened = await agent.post(path).type('form').send({ _csrf: csrf, body: 'Mijn antwoord', 'contacts[action]': 'open-add' });
    expect(opened.status).toBe(200);
    expect(opened.text).toContain('Contactpersoon toevoegen');
    expect(opened.text).toContain('Mijn antwoord</textarea>');
    expect(opened.text).not.toContain('>Verzenden</button>');

    const refused = await agent.post(path).type('form').send({ _csrf: csrf, body: 'Mijn antwoord', 'contacts[action]': 'add', ...draft({ email: 'geen-adres' }) });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Vul de naam in.');
    expect(refused.text).toContain('Vul een geldig e-mailadres in');
    expect(refused.text).toContain('value="geen-adres"');

    const added = await agent.post(path).type('form').send({
      _csrf: csrf,
      body: 'Mijn antwoord',
      'contacts[action]': 'add',
      ...draft({ surname: 'Enkel', givenName: 'Dirk', email: 'Dirk@Sint-Jozef.example', phone: '015 11 22 33', isDefault: 'nee' }),
    });
    expect(added.status).toBe(200);
    expect(added.text).toContain('Bij elke reactie op dit bericht ontvangt Dirk Enkel een notificatie per e-mail.');
    expect(added.text).toContain('>nieuw</span>');
    expect(await db.prisma.threadContact.count({ where: { threadId: thread.threadId } })).toBe(0);

    const sent = await agent
      .post(path)
      .type('form')
      .send({ _csrf: csrf, body: 'Mijn antwoord', ...stagedFields('contacts', [{ surname: 'Enkel', givenName: 'Dirk', email: 'dirk@sint-jozef.example', phone: '015 11 22 33' }]) });
    expect(sent.status).toBe(303);
    expect(await db.prisma.threadContact.findMany({ where: { threadId: thread.threadId }, select: { email: true, contactPersonId: true } })).toEqual([
      { email: 'dirk@sint-jozef.example', contactPersonId: null },
    ]);
    // A contact of this thread only: not a contact of the facility.
    expect(await db.prisma.contactPerson.count({ where: { email: 'dirk@sint-jozef.example' } })).toBe(0);

    const answer = await messages.addDepartmentMessage({ threadId: thread.threadId, staffMemberId: els.id, body: 'Antwoord' });
    expect(answer.notified).toEqual(['dirk@sint-jozef.example']);
    // The sink may first get other e-mails of this thread (the team's notice of the facility's message).
    for (let tries = 0; tries < 100 && !smtp.received.some((m) => m.to.includes('dirk@sint-jozef.example')); tries++) await new Promise((r) => setTimeout(r, 100));
    expect(smtp.received.some((m) => m.to.includes('dirk@sint-jozef.example'))).toBe(true);
  });

  it('makes a contact added as "Standaard contactpersoon" a facility contact for the theme, with its confirmation, notified for this thread only until it confirms', async () => {
    const thread = await newThread('brandveiligheid', 'Brandweer');
    const other = await newThread('brandveiligheid', 'Andere brandvraag');
    const agent = await jan();
    const form = await agent.get(`/berichten/${thread.messageIds[0]}/beantwoorden`);
    const sent = await agent
      .post(`/berichten/${thread.messageIds[0]}/beantwoorden`)
      .type('form')
      .send({
        _csrf: hiddenField(form.text, '_csrf'),
        body: 'Met nieuwe contactpersoon',
        ...stagedFields('contacts', [{ surname: 'Vuur', givenName: 'Vera', email: 'vera@sint-jozef.example', phone: '015 22 33 44', isDefault: true }]),
      });
    expect(sent.status).toBe(303);
    const contact = await db.prisma.contactPerson.findFirstOrThrow({ where: { facilityId: sintJozef.id, email: 'vera@sint-jozef.example' }, include: { themes: { include: { theme: true } } } });
    expect(contact.confirmedAt).toBeNull();
    expect(contact.themes.map((t) => t.theme.slug)).toEqual(['brandveiligheid']);
    const confirmation = await db.prisma.outboxMail.findFirstOrThrow({ where: { recipients: { has: 'vera@sint-jozef.example' } } });
    expect(confirmation.subject).toContain('Bevestig');

    expect((await messages.addDepartmentMessage({ threadId: thread.threadId, staffMemberId: els.id, body: 'Antwoord' })).notified).toEqual(['vera@sint-jozef.example']);
    // Another thread of the theme: not before she confirms.
    await createContact(db.prisma, { facilityId: sintJozef.id, themeSlugs: ['brandveiligheid'], email: 'brand-bevestigd@sint-jozef.example' });
    expect((await messages.addDepartmentMessage({ threadId: other.threadId, staffMemberId: els.id, body: 'Antwoord' })).notified).toEqual(['brand-bevestigd@sint-jozef.example']);
  });

  it('switches a default contact off for this thread only, and still sends to the others', async () => {
    const bart = await createContact(db.prisma, { facilityId: sintJozef.id, themeSlugs: ['prijzen'], email: 'bart@sint-jozef.example', givenName: 'Bart', surname: 'A' });
    await createContact(db.prisma, { facilityId: sintJozef.id, themeSlugs: ['prijzen'], email: 'bea@sint-jozef.example', givenName: 'Bea', surname: 'B' });
    const thread = await newThread('prijzen', 'Dagprijs');
    const agent = await jan();
    const form = await agent.get(`/berichten/${thread.messageIds[0]}/beantwoorden`);
    const rowOf = (email: string) => Number(new RegExp(`name="contacts\\[(\\d+)\\]\\[email\\]" value="${email}"`).exec(form.text)?.[1]);
    const bartRow = rowOf('bart@sint-jozef.example');
    const rows = [...form.text.matchAll(/name="contacts\[(\d+)\]\[ref\]" value="(c\d+)"/g)].map((m) => ({ index: Number(m[1]), ref: m[2] ?? '' }));
    const body: Record<string, string | string[]> = { _csrf: hiddenField(form.text, '_csrf') ?? '', body: 'Zonder Bart' };
    for (const row of rows) {
      const email = new RegExp(`name="contacts\\[${row.index}\\]\\[email\\]" value="([^"]+)"`).exec(form.text)?.[1] ?? '';
      Object.assign(body, {
        [`contacts[${row.index}][ref]`]: row.ref,
        [`contacts[${row.index}][surname]`]: new RegExp(`name="contacts\\[${row.index}\\]\\[surname\\]" value="([^"]+)"`).exec(form.text)?.[1] ?? '',
        [`contacts[${row.index}][givenName]`]: new RegExp(`name="contacts\\[${row.index}\\]\\[givenName\\]" value="([^"]+)"`).exec(form.text)?.[1] ?? '',
        [`contacts[${row.index}][email]`]: email,
        [`contacts[${row.index}][phone]`]: '016 12 34 56',
        [`contacts[${row.index}][isDefault]`]: '1',
        ...(row.index === bartRow ? { [`contacts[${row.index}][muted]`]: '1' } : {}),
      });
    }
    const sent = await agent.post(`/berichten/${thread.messageIds[0]}/beantwoorden`).type('form').send(body);
    expect(sent.status).toBe(303);
    expect(await db.prisma.threadMutedContact.findMany({ where: { threadId: thread.threadId }, select: { contactPersonId: true } })).toEqual([{ contactPersonId: bart.id }]);
    const notified = (await messages.addDepartmentMessage({ threadId: thread.threadId, staffMemberId: els.id, body: 'Antwoord' })).notified;
    expect(notified).toContain('bea@sint-jozef.example');
    expect(notified).not.toContain('bart@sint-jozef.example');
    // Still a default contact of the theme.
    expect(await db.prisma.contactPersonTheme.count({ where: { contactPersonId: bart.id } })).toBe(1);
  });

  it('refuses to send when nobody would be notified, storing nothing, with the switch still as typed', async () => {
    const only = await createContact(db.prisma, { facilityId: sintJozef.id, themeSlugs: ['subsidies'], email: 'enige@sint-jozef.example', givenName: 'Enige', surname: 'S' });
    const thread = await newThread('subsidies', 'Alleen');
    const agent = await jan();
    const form = await agent.get(`/berichten/${thread.messageIds[0]}/beantwoorden`);
    const dirkRows = await db.prisma.threadContact.count();
    const response = await agent
      .post(`/berichten/${thread.messageIds[0]}/beantwoorden`)
      .type('form')
      .send({
        _csrf: hiddenField(form.text, '_csrf'),
        body: 'Niemand',
        ...stagedFields('contacts', [{ ref: `c${only.id}`, surname: 'S', givenName: 'Enige', email: 'enige@sint-jozef.example', phone: '016 12 34 56', isDefault: true, muted: true }]),
      });
    expect(response.status).toBe(400);
    expect(response.text).toContain('Er is geen contactpersoon die op de hoogte gehouden wordt wanneer het Departement Zorg antwoordt.');
    expect(response.text).toContain('Niemand</textarea>');
    expect(response.text).toMatch(/name="contacts\[0\]\[muted\]" value="1" checked/);
    expect(await db.prisma.message.count({ where: { threadId: thread.threadId } })).toBe(1);
    expect(await db.prisma.threadMutedContact.count({ where: { threadId: thread.threadId } })).toBe(0);
    expect(await db.prisma.threadContact.count()).toBe(dirkRows);
  });

  it('refuses an address another contact of the facility already has, next to the row, and stores a change to a default contact made with the pencil', async () => {
    const karel = await createContact(db.prisma, { facilityId: sintJozef.id, themeSlugs: ['prijzen'], email: 'karel@sint-jozef.example', givenName: 'Karel', surname: 'P' });
    await createContact(db.prisma, { facilityId: sintJozef.id, themeSlugs: ['kwaliteit'], email: 'bezet@sint-jozef.example' });
    const thread = await newThread('prijzen', 'Adressen');
    const agent = await jan();
    const form = await agent.get(`/berichten/${thread.messageIds[0]}/beantwoorden`);
    const taken = await agent
      .post(`/berichten/${thread.messageIds[0]}/beantwoorden`)
      .type('form')
      .send({ _csrf: hiddenField(form.text, '_csrf'), body: 'Tekst', ...stagedFields('contacts', [{ surname: 'X', givenName: 'Y', email: 'bezet@sint-jozef.example', phone: '016 12 34 56' }]) });
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('Dit e-mailadres is al in gebruik voor een contactpersoon van uw voorziening. Vul een ander e-mailadres in.');

    const changed = await agent
      .post(`/berichten/${thread.messageIds[0]}/beantwoorden`)
      .type('form')
      .send({
        _csrf: hiddenField(form.text, '_csrf'),
        body: 'Tekst',
        ...stagedFields('contacts', [{ ref: `c${karel.id}`, surname: 'Anders', givenName: 'Karel', email: 'karel@sint-jozef.example', phone: '016 12 34 56', isDefault: true, changed: true }]),
      });
    // Seed 000 §4.2.2.2 B: the pencil changes the standard contact, and "Verzenden" sends the message with it.
    expect(changed.status).toBe(303);
    expect(await db.prisma.contactPerson.findUniqueOrThrow({ where: { id: karel.id } })).toMatchObject({ surname: 'Anders', email: 'karel@sint-jozef.example' });
    expect(await db.prisma.message.count({ where: { threadId: thread.threadId } })).toBe(2);
    const audit = await db.prisma.auditEvent.findFirst({ where: { kind: 'contact.updated', recordId: String(karel.id) }, orderBy: { id: 'desc' } });
    expect(audit?.summary).toBe('Contactpersoon Karel Anders gewijzigd: Naam: P → Anders.');
  });

  it('changes a standard contact\'s e-mail from a message as Mijn organisatie does: unconfirmed until the new address confirms', async () => {
    const lies = await createContact(db.prisma, { facilityId: sintJozef.id, themeSlugs: ['prijzen'], email: 'lies@sint-jozef.example', givenName: 'Lies', surname: 'Q' });
    const thread = await newThread('prijzen', 'Nieuw adres');
    const agent = await jan();
    const form = await agent.get(`/berichten/${thread.messageIds[0]}/beantwoorden`);
    const sent = await agent
      .post(`/berichten/${thread.messageIds[0]}/beantwoorden`)
      .type('form')
      .send({
        _csrf: hiddenField(form.text, '_csrf'),
        body: 'Tekst',
        ...stagedFields('contacts', [{ ref: `c${lies.id}`, surname: 'Q', givenName: 'Lies', email: 'lies.nieuw@sint-jozef.example', phone: '016 12 34 56', isDefault: true, changed: true }]),
      });
    expect(sent.status).toBe(303);
    const stored = await db.prisma.contactPerson.findUniqueOrThrow({ where: { id: lies.id } });
    expect(stored).toMatchObject({ email: 'lies.nieuw@sint-jozef.example', confirmedAt: null });
    // The confirmation to the new address and the notice to the old one, queued with the message.
    expect(await db.prisma.outboxMail.count({ where: { recipients: { has: 'lies.nieuw@sint-jozef.example' } } })).toBeGreaterThanOrEqual(1);
    expect(await db.prisma.outboxMail.count({ where: { recipients: { has: 'lies@sint-jozef.example' }, subject: { contains: 'Uw e-mailadres als contactpersoon' } } })).toBe(1);
  });

  it('changes and removes the thread\'s own contacts with a later reply', async () => {
    await createContact(db.prisma, { facilityId: sintJozef.id, themeSlugs: ['kwaliteit'], email: 'kwaliteit2@sint-jozef.example' });
    const thread = await newThread('kwaliteit', 'Eigen contacten');
    const [first, second] = await Promise.all([
      db.prisma.threadContact.create({ data: { threadId: thread.threadId, surname: 'Een', givenName: 'Eerste', email: 'een@sint-jozef.example', phone: '016 00 00 01' } }),
      db.prisma.threadContact.create({ data: { threadId: thread.threadId, surname: 'Twee', givenName: 'Tweede', email: 'twee@sint-jozef.example', phone: '016 00 00 02' } }),
    ]);
    const agent = await jan();
    const form = await agent.get(`/berichten/${thread.messageIds[0]}/beantwoorden`);
    expect(form.text).toContain('een@sint-jozef.example');
    const sent = await agent
      .post(`/berichten/${thread.messageIds[0]}/beantwoorden`)
      .type('form')
      .send({
        _csrf: hiddenField(form.text, '_csrf'),
        body: 'Wijzigingen',
        ...stagedFields('contacts', [
          { ref: `t${first.id}`, surname: 'Een', givenName: 'Eerste', email: 'een-nieuw@sint-jozef.example', phone: '016 00 00 01', changed: true },
          { ref: `t${second.id}`, surname: 'Twee', givenName: 'Tweede', email: 'twee@sint-jozef.example', phone: '016 00 00 02', removed: true },
        ]),
      });
    expect(sent.status).toBe(303);
    expect(await db.prisma.threadContact.findMany({ where: { threadId: thread.threadId }, select: { email: true } })).toEqual([{ email: 'een-nieuw@sint-jozef.example' }]);
  });
});

describe('Contactdetails of a new message', () => {
  it('shows the default contacts of the theme chosen, and stores a thread-only contact with the new thread', async () => {
    await createContact(db.prisma, { facilityId: sintJozef.id, themeSlugs: ['subsidies'], email: 'subsidies@sint-jozef.example', givenName: 'Sam', surname: 'Subsidie' });
    const agent = await jan();
    const form = await agent.get('/berichten/nieuw?thema=subsidies&team=team-subsidies');
    expect(form.text).toContain('Sam Subsidie');
    expect(form.text).toContain('name="contactsTheme" value="subsidies"');
    const sent = await agent
      .post('/berichten/nieuw')
      .type('form')
      .send({
        _csrf: hiddenField(form.text, '_csrf'),
        contactsTheme: 'subsidies',
        theme: 'subsidies',
        addressee: 'team:team-subsidies',
        title: 'Met eigen contact',
        body: 'Tekst',
        ...stagedFields('contacts', [{ surname: 'Nieuw', givenName: 'Nel', email: 'nel@sint-jozef.example', phone: '016 12 34 56' }]),
      });
    expect(sent.status).toBe(303);
    const thread = await db.prisma.thread.findFirstOrThrow({ where: { title: 'Met eigen contact' }, include: { contacts: true } });
    expect(thread.contacts.map((c) => c.email)).toEqual(['nel@sint-jozef.example']);
  });

  it('asks to check the contacts again when the theme changed after they were switched off', async () => {
    const agent = await jan();
    const form = await agent.get('/berichten/nieuw?thema=subsidies');
    const contact = await db.prisma.contactPerson.findFirstOrThrow({ where: { email: 'subsidies@sint-jozef.example' } });
    const before = await db.prisma.thread.count();
    const response = await agent
      .post('/berichten/nieuw')
      .type('form')
      .send({
        _csrf: hiddenField(form.text, '_csrf'),
        contactsTheme: 'subsidies',
        theme: 'prijzen',
        addressee: 'team:team-prijzen',
        title: 'Ander thema',
        body: 'Tekst',
        ...stagedFields('contacts', [{ ref: `c${contact.id}`, surname: 'Subsidie', givenName: 'Sam', email: contact.email, phone: '016 12 34 56', isDefault: true, muted: true }]),
      });
    expect(response.status).toBe(400);
    expect(response.text).toContain('U koos een ander thema: de contactpersonen hieronder horen bij dat thema.');
    expect(response.text).toContain('name="contactsTheme" value="prijzen"');
    expect(await db.prisma.thread.count()).toBe(before);
  });
});
