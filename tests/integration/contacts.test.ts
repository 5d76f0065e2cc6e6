// The Contactenmodule as the newer manual (seed 000 §3) describes it: every
// rule, every e-mail (read from a real SMTP server) and every error message,
// driven as a browser without JavaScript drives the staged overview: each
// button posts the whole form.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, loginAs } from '../helpers/login.js';
import { formFields, submitForm, type FormBody } from '../helpers/forms.js';
import { stagedFields, type StagedRow } from '../../src/modules/contacts/staged.js';
import { startMailDelivery } from '../helpers/outbox.js';
import type { ReceivedMail } from '../helpers/smtp.js';

const JAN = '85092305734'; // WZC Sint-Jozef
const { app, db } = await createTestApp({ env: { BASE_URL: 'https://eloket.example.be' } });
const smtp = await startMailDelivery(db.pool);
const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });

type Agent = ReturnType<typeof request.agent>;

async function janAgent(): Promise<Agent> {
  const agent = request.agent(app);
  await loginAs(agent, db.prisma, JAN);
  return agent;
}

const PAGE = '/mijn-organisatie/contactpersonen';
const ACTION = 'contacts[action]';

interface Contact {
  surname: string;
  givenName: string;
  email: string;
  phone: string;
  themes: string[];
}

const draft = (c: Partial<Contact>): FormBody => ({
  'contacts[draft][surname]': c.surname ?? '',
  'contacts[draft][givenName]': c.givenName ?? '',
  'contacts[draft][email]': c.email ?? '',
  'contacts[draft][phone]': c.phone ?? '',
  'contacts[draft][themes]': c.themes ?? [],
});

/** Presses a button of the contacts form on `html`, typing `typed`. */
const press = (agent: Agent, html: string, value: string, typed: FormBody = {}) => submitForm(agent, html, PAGE, { [ACTION]: value }, typed);
const save = (agent: Agent, html: string) => submitForm(agent, html, PAGE, { action: 'save' });

/** "Contactpersoon toevoegen", fill in, "toevoegen": the page with the contact pending. */
async function stageNew(agent: Agent, html: string, contact: Contact): Promise<string> {
  const form = await press(agent, html, 'open-add');
  expect(form.status).toBe(200);
  const added = await press(agent, form.text, 'add', draft(contact));
  expect(added.status).toBe(200);
  return added.text;
}

/** The row index of a contact in the overview, by e-mail. */
function rowOf(html: string, email: string): number {
  const fields = formFields(html, PAGE);
  for (const [key, value] of Object.entries(fields)) {
    const match = /^contacts\[(\d+)\]\[email\]$/.exec(key);
    if (match && value === email) return Number(match[1]);
  }
  throw new Error(`no row for ${email}`);
}

/** The pencil of a contact, change, "wijzigen": the page with the change pending. */
async function stageEdit(agent: Agent, html: string, email: string, changes: Partial<Contact>): Promise<string> {
  const index = rowOf(html, email);
  const form = await press(agent, html, `open-edit:${index}`);
  expect(form.status).toBe(200);
  const fields = formFields(form.text, PAGE);
  const typed: FormBody = {};
  for (const [field, value] of Object.entries(changes)) typed[`contacts[draft][${field}]`] = value;
  const changed = await press(agent, form.text, `edit:${index}`, { 'contacts[draft][themes]': fields['contacts[draft][themes]'] ?? [], ...typed });
  expect(changed.status).toBe(200);
  return changed.text;
}

async function contactsInDb() {
  return db.prisma.contactPerson.findMany({
    where: { facilityId: sintJozef.id },
    include: { themes: { include: { theme: true } } },
    orderBy: { email: 'asc' },
  });
}

/** Waits until the worker has delivered everything queued so far. */
async function settle(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await db.prisma.outboxMail.count({ where: { status: { in: ['queued', 'sending'] } } })) > 0) {
    if (Date.now() > deadline) throw new Error('the outbox did not empty');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function mailsTo(address: string, count = 1): Promise<ReceivedMail[]> {
  await settle();
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = smtp.received.filter((m) => m.to.includes(address));
    if (found.length >= count) return found;
    if (Date.now() > deadline) throw new Error(`expected ${count} e-mails to ${address}, got ${found.length}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const confirmationPath = (mail: ReceivedMail) => {
  const match = /https:\/\/eloket\.example\.be(\/bevestigen\/[A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match?.[1]) throw new Error('no confirmation link in the e-mail');
  return match[1];
};

const PRIVACY = 'Het Departement Zorg gebruikt uw persoonsgegevens overeenkomstig de verordening 2016/679';

const sofie: Contact = { surname: 'Wouters', givenName: 'Sofie', email: 'sofie.wouters@sint-jozef.example', phone: '015 28 90 01', themes: ['prijzen', 'kwaliteit'] };
const karel: Contact = { surname: 'Vermeulen', givenName: 'Karel', email: 'karel.vermeulen@sint-jozef.example', phone: '0470 12 34 56', themes: ['prijzen'] };

describe('Organisatiegegevens (M8)', () => {
  it('shows the data read-only, and "Bewerken" makes only phone, e-mail and URL editable', async () => {
    const agent = await janAgent();
    const view = await agent.get('/mijn-organisatie');
    expect(view.text).toContain('Kloosterstraat 45, 2800 Mechelen');
    expect(view.text).not.toContain('name="phone"');
    const edit = await agent.get('/mijn-organisatie?bewerken=1');
    for (const field of ['phone', 'email', 'website']) expect(edit.text).toContain(`name="${field}"`);
    expect(edit.text).toContain('<button class="button" type="submit">wijzigen</button>');
    expect(edit.text).not.toContain('name="name"');
    expect(edit.text).not.toContain('name="street"');
  });

  it('stores nothing on errors, stays in edit mode with the typed values and shows each error next to its field and in the summary', async () => {
    const agent = await janAgent();
    const edit = await agent.get('/mijn-organisatie?bewerken=1');
    const response = await agent.post('/mijn-organisatie').type('form').send({
      _csrf: hiddenField(edit.text, '_csrf'),
      facilityId: hiddenField(edit.text, 'facilityId'),
      phone: '12',
      email: 'geen-adres',
      website: 'javascript:alert(1)',
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain('<a href="#phone">Vul een geldig telefoonnummer in');
    expect(response.text).toContain('<a href="#email">Vul een geldig e-mailadres in');
    expect(response.text).toContain('<a href="#website">Vul een geldig webadres in');
    expect(response.text).toContain('id="email-error"');
    expect(response.text).toContain('value="geen-adres"');
    expect(response.text).toContain('value="javascript:alert(1)"');
    const facility = await db.prisma.facility.findUniqueOrThrow({ where: { id: sintJozef.id } });
    expect(facility.email).toBe(sintJozef.email);
    expect(facility.phone).toBe(sintJozef.phone);
  });

  it('saves nothing from a form opened for another facility (switched in another tab)', async () => {
    const agent = await janAgent();
    const edit = await agent.get('/mijn-organisatie?bewerken=1');
    const response = await agent.post('/mijn-organisatie').type('form').send({
      _csrf: hiddenField(edit.text, '_csrf'),
      facilityId: '999999',
      phone: '016 99 99 99',
      email: 'ander@voorziening.example',
      website: 'https://www.ander.example',
    });
    expect(response.status).toBe(409);
    expect(response.text).toContain('Dit formulier hoorde bij een andere organisatie: u werkt nu voor WZC Sint-Jozef. Er werd niets bewaard.');
    expect(response.text).toContain('value="016 99 99 99"');
    const facility = await db.prisma.facility.findUniqueOrThrow({ where: { id: sintJozef.id } });
    expect(facility).toMatchObject({ phone: sintJozef.phone, email: sintJozef.email, website: sintJozef.website });
  });

  it('stores phone, e-mail and URL with "wijzigen"', async () => {
    const agent = await janAgent();
    const edit = await agent.get('/mijn-organisatie?bewerken=1');
    const response = await agent.post('/mijn-organisatie').type('form').send({
      _csrf: hiddenField(edit.text, '_csrf'),
      facilityId: hiddenField(edit.text, 'facilityId'),
      phone: '+32 15 28 90 99',
      email: 'Onthaal@Sint-Jozef.example',
      website: 'https://www.sint-jozef.example',
    });
    expect(response.status).toBe(303);
    const view = await agent.get(response.headers.location ?? '');
    expect(view.text).toContain('De organisatiegegevens zijn bewaard.');
    expect(view.text).toContain('onthaal@sint-jozef.example');
    const facility = await db.prisma.facility.findUniqueOrThrow({ where: { id: sintJozef.id } });
    expect(facility).toMatchObject({ phone: '+32 15 28 90 99', email: 'onthaal@sint-jozef.example', website: 'https://www.sint-jozef.example' });
  });
});

describe('Organisatiegegevens: telefoonnummer, e-mailadres en/of URL (seed 000 §3.1)', () => {
  async function saveOrganisation(values: { phone: string; email: string; website: string }) {
    const agent = await janAgent();
    const edit = await agent.get('/mijn-organisatie?bewerken=1');
    return agent.post('/mijn-organisatie').type('form').send({ _csrf: hiddenField(edit.text, '_csrf'), facilityId: hiddenField(edit.text, 'facilityId'), ...values });
  }

  it('stores a phone number alone, without e-mail or website', async () => {
    const response = await saveOrganisation({ phone: '015 28 90 98', email: '', website: '' });
    expect(response.status).toBe(303);
    const facility = await db.prisma.facility.findUniqueOrThrow({ where: { id: sintJozef.id } });
    expect(facility).toMatchObject({ phone: '015 28 90 98', email: null, website: null });
  });

  it('refuses to empty all three, in Dutch, and keeps what was stored', async () => {
    const before = await db.prisma.facility.findUniqueOrThrow({ where: { id: sintJozef.id } });
    const response = await saveOrganisation({ phone: ' ', email: '', website: '' });
    expect(response.status).toBe(400);
    expect(response.text).toContain('<a href="#phone">Vul minstens een telefoonnummer, een e-mailadres of een website in');
    const facility = await db.prisma.facility.findUniqueOrThrow({ where: { id: sintJozef.id } });
    expect(facility).toMatchObject({ phone: before.phone, email: before.email, website: before.website });
  });

  it('accepts www.example.be and stores it with https://', async () => {
    const response = await saveOrganisation({ phone: '', email: 'onthaal@sint-jozef.example', website: 'www.sint-jozef.be' });
    expect(response.status).toBe(303);
    const facility = await db.prisma.facility.findUniqueOrThrow({ where: { id: sintJozef.id } });
    expect(facility).toMatchObject({ phone: null, website: 'https://www.sint-jozef.be' });
    const view = await (await janAgent()).get('/mijn-organisatie');
    expect(view.text).toContain('https://www.sint-jozef.be');
  });

  it.each(['+31 20 123 4567', '+33 1 23 45 67 89', '0033 1 23 45 67 89'])('accepts the international number %s', async (phone) => {
    const response = await saveOrganisation({ phone, email: '', website: 'https://www.sint-jozef.example' });
    expect(response.status).toBe(303);
    const facility = await db.prisma.facility.findUniqueOrThrow({ where: { id: sintJozef.id } });
    expect(facility.phone).toBe(phone);
  });

  it('still refuses a number that no country has', async () => {
    const response = await saveOrganisation({ phone: '+999 12', email: '', website: 'https://www.sint-jozef.example' });
    expect(response.status).toBe(400);
    expect(response.text).toContain('<a href="#phone">Vul een geldig telefoonnummer in');
  });
});

describe('Contactpersonen (M9-M12, seed 000 §3.2)', () => {
  it('shows a task per theme without a confirmed contact person on the startpagina', async () => {
    const agent = await janAgent();
    const start = await agent.get('/');
    for (const theme of ['Brandveiligheid', 'Prijzen', 'Kwaliteit', 'Subsidies']) {
      expect(start.text).toContain(`Er is nog geen bevestigde contactpersoon voor het thema ‘${theme}’.`);
    }
    expect(start.text).toContain('href="/mijn-organisatie/contactpersonen"');
    expect(start.text).toContain('Ga naar alle berichten');
  });

  it('shows "Overzicht contactpersonen" with "Contactpersoon toevoegen", the column "Bevestigd?" and the access warning linking to /hulp', async () => {
    const agent = await janAgent();
    const page = await agent.get(PAGE);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Overzicht contactpersonen');
    expect(page.text).toContain('>Contactpersoon toevoegen</button>');
    for (const column of ['Naam', 'Voornaam', 'E-mail', 'Telefoon', 'Thema’s', 'Bevestigd?']) expect(page.text).toContain(`>${column}</th>`);
    expect(page.text).toContain('Opgelet! Toegevoegde contactpersonen moeten toegang hebben tot het e-loket voordat ze als contactpersoon actief kunnen deelnemen');
    expect(page.text).toMatch(/Meer info in verband met toegangsbeheer vindt u <a href="\/hulp#toegangsbeheer">hier/);
    const help = await agent.get('/hulp');
    expect(help.text).toContain('id="toegangsbeheer"');
    expect(page.text).toMatch(/<script src="\/public\/js\/staged-contacts\.[0-9a-f]{10}\.js"><\/script>/);
  });

  it('opens the form "Contactpersoon toevoegen" as a step of the page, ending in "toevoegen"', async () => {
    const agent = await janAgent();
    const page = await agent.get(PAGE);
    const form = await press(agent, page.text, 'open-add');
    expect(form.status).toBe(200);
    expect(form.text).toContain('<h3 id="contacts-step-title">Contactpersoon toevoegen</h3>');
    for (const field of ['surname', 'givenName', 'email', 'phone']) expect(form.text).toContain(`name="contacts[draft][${field}]"`);
    for (const theme of ['brandveiligheid', 'prijzen', 'kwaliteit', 'subsidies']) expect(form.text).toContain(`name="contacts[draft][themes]" type="checkbox" value="${theme}"`);
    expect(form.text).toMatch(/name="contacts\[action\]" value="add" data-staged-action>toevoegen</);
    // While the step is open, "bewaren" is not offered: Enter submits the step.
    expect(form.text).not.toContain('value="save">bewaren');
    expect(await contactsInDb()).toEqual([]);
  });

  it('refuses a draft with empty fields, a bad e-mail or no theme: each error next to its field and in the summary, everything typed kept', async () => {
    const agent = await janAgent();
    const page = await agent.get(PAGE);
    const form = await press(agent, page.text, 'open-add');
    const refused = await press(agent, form.text, 'add', draft({ surname: 'Wouters', givenName: '', email: 'sofie@', phone: '12', themes: [] }));
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<a href="#contacts-draft-givenName">Vul de voornaam in.</a>');
    expect(refused.text).toContain('<a href="#contacts-draft-email">Vul een geldig e-mailadres in, bijvoorbeeld naam@voorziening.be.</a>');
    expect(refused.text).toContain('<a href="#contacts-draft-phone">Vul een geldig Belgisch telefoonnummer in');
    expect(refused.text).toContain('<a href="#contacts-draft-themes">Kies minstens één thema.</a>');
    expect(refused.text).toContain('id="contacts-draft-email-error"');
    expect(refused.text).toContain('value="sofie@"');
    expect(refused.text).toContain('value="Wouters"');
    expect(refused.text).toContain('<title>Fout: ');
    expect(await contactsInDb()).toEqual([]);
  });

  it('refuses an e-mail address already used by another contact, also one still pending', async () => {
    const agent = await janAgent();
    const withSofie = await stageNew(agent, (await agent.get(PAGE)).text, sofie);
    const form = await press(agent, withSofie, 'open-add');
    const refused = await press(agent, form.text, 'add', draft({ ...karel, email: 'SOFIE.wouters@sint-jozef.example' }));
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<a href="#contacts-draft-email">Dit e-mailadres is al gebruikt voor een andere contactpersoon (Sofie Wouters). Vul een ander e-mailadres in.</a>');
    expect(refused.text).toContain('value="Vermeulen"');
  });

  it('shows added contacts as "nieuw" until "bewaren", which stores them unconfirmed ("–", not per theme) with a confirmation e-mail each', async () => {
    const agent = await janAgent();
    const mailsBefore = await db.prisma.outboxMail.count();
    let html = await stageNew(agent, (await agent.get(PAGE)).text, sofie);
    html = await stageNew(agent, html, karel);
    expect(html).toMatch(/Wouters[\s\S]*?<span class="tag tag--pending">nieuw<\/span>/);
    expect(html).toContain('Karel Vermeulen staat in het overzicht als nieuw. Klik op ‘bewaren’ om de wijzigingen te bewaren.');
    expect(html).toContain('De wijzigingen hierboven zijn nog niet bewaard.');
    expect(await contactsInDb()).toEqual([]);
    expect(await db.prisma.outboxMail.count()).toBe(mailsBefore);

    const saved = await save(agent, html);
    expect(saved.status).toBe(303);
    const contacts = await contactsInDb();
    expect(contacts.map((c) => [c.email, c.confirmedAt, c.themes.map((t) => t.theme.slug).sort()])).toEqual([
      ['karel.vermeulen@sint-jozef.example', null, ['prijzen']],
      ['sofie.wouters@sint-jozef.example', null, ['kwaliteit', 'prijzen']],
    ]);
    const page = await agent.get(saved.headers.location ?? '');
    expect(page.text).toContain('De contactpersonen zijn bewaard.');
    expect(page.text).toMatch(/Wouters[\s\S]*?<span aria-hidden="true">–<\/span><span class="visually-hidden">niet bevestigd/);
    expect(page.text).not.toContain('tag--pending');
    // Not in the table per theme (the table of unconfirmed contacts below it may name them).
    expect(page.text.split('Contactpersonen per thema')[1]?.split('Nog niet bevestigd')[0]).not.toContain('Wouters');

    const [mail] = await mailsTo('sofie.wouters@sint-jozef.example');
    expect(mail?.subject).toBe('Bevestig dat u contactpersoon bent voor WZC Sint-Jozef');
    expect(mail?.text).toContain('Beste Sofie Wouters,');
    expect(mail?.text).toContain('contactpersoon voor: Prijzen, Kwaliteit');
    expect(mail?.text).toContain(PRIVACY);
    expect(mail?.html).toContain(PRIVACY);
    expect(confirmationPath(mail as ReceivedMail)).toMatch(/^\/bevestigen\/[A-Za-z0-9_-]{43}$/);
    // Only a hash of the token is stored.
    const token = confirmationPath(mail as ReceivedMail).split('/')[2] ?? '';
    expect(await db.prisma.contactConfirmation.count({ where: { tokenHash: token } })).toBe(0);
    await mailsTo('karel.vermeulen@sint-jozef.example');
  });

  it('does not count an unconfirmed contact as done in "Mijn taken"', async () => {
    const agent = await janAgent();
    const start = await agent.get('/');
    expect(start.text).toContain('Er is nog geen bevestigde contactpersoon voor het thema ‘Prijzen’.');
    expect(start.text).toContain('Er is nog geen bevestigde contactpersoon voor het thema ‘Kwaliteit’.');
  });

  it('opening the link (GET and HEAD) confirms nothing: the page shows who, for which facility and themes, and "Bevestigen"', async () => {
    const [mail] = await mailsTo('sofie.wouters@sint-jozef.example');
    const path = confirmationPath(mail as ReceivedMail);
    const snapshot = async () => ({
      contacts: await db.prisma.contactPerson.findMany({ orderBy: { id: 'asc' } }),
      links: await db.prisma.contactConfirmation.findMany({ orderBy: { id: 'asc' } }),
    });
    const before = await snapshot();
    const head = await request(app).head(path);
    expect(head.status).toBe(200);
    const page = await request(app).get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Bevestig uw gegevens als contactpersoon');
    expect(page.text).toContain('<dd>Sofie Wouters</dd>');
    expect(page.text).toContain('<dd>WZC Sint-Jozef</dd>');
    expect(page.text).toContain('<dd>Kwaliteit, Prijzen</dd>');
    expect(page.text).toContain('<button type="submit" class="button">Bevestigen</button>');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses "Bevestigen" without the page\'s CSRF token', async () => {
    const [mail] = await mailsTo('sofie.wouters@sint-jozef.example');
    const path = confirmationPath(mail as ReceivedMail);
    const forged = await request(app).post(path).type('form').send({});
    expect(forged.status).toBe(403);
    expect((await db.prisma.contactPerson.findFirstOrThrow({ where: { surname: 'Wouters' } })).confirmedAt).toBeNull();
  });

  it('confirms with "Bevestigen", without login ("Uw bevestiging is in orde"), once', async () => {
    const [mail] = await mailsTo('sofie.wouters@sint-jozef.example');
    const path = confirmationPath(mail as ReceivedMail);
    const visitor = request.agent(app);
    const page = await visitor.get(path);
    const confirmed = await visitor.post(path).type('form').send({ _csrf: hiddenField(page.text, '_csrf') });
    expect(confirmed.status).toBe(200);
    expect(confirmed.text).toContain('Uw bevestiging is in orde');
    const again = await visitor.get(path);
    expect(again.status).toBe(404);
    expect(again.text).toContain('Deze link is niet (meer) geldig');
    expect(again.text).not.toContain('Wouters');
    const postAgain = await visitor.post(path).type('form').send({ _csrf: hiddenField(page.text, '_csrf') });
    expect(postAgain.status).toBe(404);

    const agent = await janAgent();
    const overview = await agent.get(PAGE);
    expect(overview.text).toMatch(/Wouters[\s\S]*?<span aria-hidden="true">✓<\/span>/);
    expect(overview.text.split('Contactpersonen per thema')[1]).toContain('Sofie Wouters (sofie.wouters@sint-jozef.example)');
    const start = await agent.get('/');
    expect(start.text).not.toContain('voor het thema ‘Prijzen’');
    expect(start.text).not.toContain('voor het thema ‘Kwaliteit’');
    expect(start.text).toContain('voor het thema ‘Brandveiligheid’');
  });

  it('shows a neutral page for a wrong link', async () => {
    for (const path of ['/bevestigen/abc', `/bevestigen/${'x'.repeat(43)}`]) {
      const response = await request(app).get(path);
      expect(response.status).toBe(404);
      expect(response.text).toContain('Deze link is niet (meer) geldig');
    }
  });

  it('opens the pencil ("Wijzig Sofie Wouters") with the same form ending in "wijzigen"; the change shows as "gewijzigd" and "bewaren" e-mails each changed field, old → new', async () => {
    const agent = await janAgent();
    const page = await agent.get(PAGE);
    expect(page.text).toContain('<span class="visually-hidden">Wijzig Sofie Wouters</span>');
    const index = rowOf(page.text, sofie.email);
    const form = await press(agent, page.text, `open-edit:${index}`);
    expect(form.text).toContain('<h3 id="contacts-step-title">Contactpersoon wijzigen</h3>');
    expect(form.text).toContain('value="015 28 90 01"');
    expect(form.text).toMatch(/name="contacts\[action\]" value="edit:\d+" data-staged-action>wijzigen</);
    const changed = await press(agent, form.text, `edit:${index}`, { 'contacts[draft][phone]': '015 28 90 02', 'contacts[draft][themes]': ['prijzen'] });
    expect(changed.text).toMatch(/015 28 90 02<span class="staged__before">eerder: 015 28 90 01<\/span>/);
    expect(changed.text).toContain('<span class="tag tag--pending">gewijzigd</span>');
    expect((await db.prisma.contactPerson.findFirstOrThrow({ where: { surname: 'Wouters' } })).phone).toBe('015 28 90 01');

    const saved = await save(agent, changed.text);
    expect(saved.status).toBe(303);
    const mails = await mailsTo('sofie.wouters@sint-jozef.example', 2);
    const change = mails.find((m) => m.subject === 'Uw gegevens als contactpersoon voor WZC Sint-Jozef werden gewijzigd');
    expect(change?.text).toContain('Telefoon: 015 28 90 01 → 015 28 90 02');
    expect(change?.text).toContain("Thema's: Prijzen, Kwaliteit → Prijzen");
    // Unchanged contacts get nothing; a confirmed contact stays confirmed after a phone change.
    expect(smtp.received.filter((m) => m.to.includes('karel.vermeulen@sint-jozef.example'))).toHaveLength(1);
    expect((await db.prisma.contactPerson.findFirstOrThrow({ where: { surname: 'Wouters' } })).confirmedAt).not.toBeNull();
  });

  it('makes a contact unconfirmed when the e-mail changes: confirmation to the new address, information to the old one', async () => {
    const agent = await janAgent();
    const html = await stageEdit(agent, (await agent.get(PAGE)).text, sofie.email, { email: 'sofie@wouters.example' });
    const saved = await save(agent, html);
    expect(saved.status).toBe(303);
    const sofieRow = await db.prisma.contactPerson.findFirstOrThrow({ where: { surname: 'Wouters' } });
    expect(sofieRow.confirmedAt).toBeNull();
    const toNew = await mailsTo('sofie@wouters.example', 2);
    expect(toNew.map((m) => m.subject).sort()).toEqual([
      'Bevestig dat u contactpersoon bent voor WZC Sint-Jozef',
      'Uw gegevens als contactpersoon voor WZC Sint-Jozef werden gewijzigd',
    ]);
    const old = await mailsTo('sofie.wouters@sint-jozef.example', 3);
    expect(old.some((m) => m.subject === 'Uw e-mailadres als contactpersoon voor WZC Sint-Jozef werd gewijzigd' && m.text.includes('naar sofie@wouters.example'))).toBe(true);
    const page = await agent.get(PAGE);
    // Not in the table per theme (the table of unconfirmed contacts below it may name them).
    expect(page.text.split('Contactpersonen per thema')[1]?.split('Nog niet bevestigd')[0]).not.toContain('Wouters');
  });

  it('asks "Bent u zeker …?" for the cross, shows the contact as "te verwijderen", and removes it with an e-mail on "bewaren"', async () => {
    const agent = await janAgent();
    const karelRow = await db.prisma.contactPerson.findFirstOrThrow({ where: { surname: 'Vermeulen' } });
    const page = await agent.get(PAGE);
    const index = rowOf(page.text, karel.email);
    expect(page.text).toContain('<span class="visually-hidden">Verwijder Karel Vermeulen</span>');
    const question = await press(agent, page.text, `ask-remove:${index}`);
    expect(question.text).toContain('Bent u zeker dat u Karel Vermeulen wilt verwijderen als contactpersoon?');
    // "Nee, behouden" leaves everything as it was.
    const kept = await press(agent, question.text, 'cancel');
    expect(kept.text).not.toContain('te verwijderen');
    const removed = await press(agent, question.text, `remove:${index}`);
    expect(removed.text).toContain('<span class="tag tag--removed">te verwijderen</span>');
    expect(removed.text).toContain('Karel Vermeulen staat in het overzicht als te verwijderen.');
    expect(await db.prisma.contactPerson.count({ where: { id: karelRow.id } })).toBe(1);
    const saved = await save(agent, removed.text);
    expect(saved.status).toBe(303);
    expect(await db.prisma.contactPerson.count({ where: { id: karelRow.id } })).toBe(0);
    const mails = await mailsTo('karel.vermeulen@sint-jozef.example', 2);
    const notice = mails.find((m) => m.subject === 'U bent geen contactpersoon meer voor WZC Sint-Jozef');
    expect(notice?.text).toContain('verwijderd als contactpersoon voor: Prijzen');
    expect(notice?.text).toContain(PRIVACY);
  });

  it('removes a contact that was only pending from the overview at once', async () => {
    const agent = await janAgent();
    const html = await stageNew(agent, (await agent.get(PAGE)).text, karel);
    const index = rowOf(html, karel.email);
    const removed = await press(agent, await press(agent, html, `ask-remove:${index}`).then((r) => r.text), `remove:${index}`);
    expect(removed.text).not.toContain(karel.email);
    expect(removed.text).toContain('Karel Vermeulen is uit het overzicht gehaald.');
  });

  it('validates every row again on "bewaren": a tampered row is refused with its line named, nothing stored', async () => {
    const agent = await janAgent();
    const page = await agent.get(PAGE);
    const before = await contactsInDb();
    const mailsBefore = await db.prisma.outboxMail.count();
    const fields = formFields(page.text, PAGE);
    const rows: Partial<StagedRow>[] = [{ surname: 'Peeters', givenName: '', email: 'geen-adres', phone: '016 12 34 56', themes: ['zorgaanbod'] }];
    const response = await agent
      .post(PAGE)
      .type('form')
      .send({ _csrf: fields._csrf, version: fields.version, facilityId: fields.facilityId, ...stagedFields('contacts', rows), action: 'save' });
    expect(response.status).toBe(400);
    expect(response.text).toContain('<a href="#contacts-0-givenName">Lijn 1, voornaam (Peeters): vul de voornaam in.</a>');
    expect(response.text).toContain('<a href="#contacts-0-email">Lijn 1, e-mail (Peeters): vul een geldig e-mailadres in');
    expect(response.text).toContain('<a href="#contacts-0-themes">Lijn 1, thema&#39;s (Peeters): kies enkel thema’s van uw voorziening.</a>');
    expect(response.text).toContain('id="contacts-0-email-error"');
    expect(response.text).toContain('value="geen-adres"');
    expect(await contactsInDb()).toEqual(before);
    expect(await db.prisma.outboxMail.count()).toBe(mailsBefore);
  });

  it('does not overwrite a save made meanwhile: "De contactpersonen werden intussen gewijzigd", with the staged changes kept on top of the current data', async () => {
    const first = await janAgent();
    const second = await janAgent();
    const firstPage = (await first.get(PAGE)).text;
    const secondPage = (await second.get(PAGE)).text;
    const sofieRow = await db.prisma.contactPerson.findFirstOrThrow({ where: { surname: 'Wouters' } });
    expect((await save(first, await stageEdit(first, firstPage, 'sofie@wouters.example', { phone: '015 11 11 11' }))).status).toBe(303);
    const secondStaged = await stageNew(second, await stageEdit(second, secondPage, 'sofie@wouters.example', { phone: '015 22 22 22' }), karel);
    const conflict = await save(second, secondStaged);
    expect(conflict.status).toBe(409);
    expect(conflict.text).toContain('De contactpersonen werden intussen gewijzigd');
    expect(conflict.text).toContain('value="015 22 22 22"');
    expect(conflict.text).toContain('eerder: 015 11 11 11');
    expect(conflict.text).toContain('value="karel.vermeulen@sint-jozef.example"');
    expect((await db.prisma.contactPerson.findUniqueOrThrow({ where: { id: sofieRow.id } })).phone).toBe('015 11 11 11');
    expect(await db.prisma.contactPerson.count({ where: { email: karel.email } })).toBe(0);
    // Saving again from the conflict page applies the second user's changes on top.
    expect((await save(second, conflict.text)).status).toBe(303);
    expect((await db.prisma.contactPerson.findUniqueOrThrow({ where: { id: sofieRow.id } })).phone).toBe('015 22 22 22');
    expect(await db.prisma.contactPerson.count({ where: { email: karel.email } })).toBe(1);
  });

  it('keeps a changed contact that was removed meanwhile as a new one, so saving again works', async () => {
    const first = await janAgent();
    const second = await janAgent();
    const secondStaged = await stageEdit(second, (await second.get(PAGE)).text, 'sofie@wouters.example', { phone: '015 33 33 33' });
    // The first user removes Sofie.
    const firstPage = (await first.get(PAGE)).text;
    const index = rowOf(firstPage, 'sofie@wouters.example');
    expect((await save(first, (await press(first, firstPage, `remove:${index}`)).text)).status).toBe(303);
    const conflict = await save(second, secondStaged);
    expect(conflict.status).toBe(409);
    expect(conflict.text).toMatch(/Wouters[\s\S]*?<span class="tag tag--pending">nieuw<\/span>/);
    expect((await save(second, conflict.text)).status).toBe(303);
    const recreated = await db.prisma.contactPerson.findFirstOrThrow({ where: { surname: 'Wouters' } });
    expect(recreated.phone).toBe('015 33 33 33');
    expect(recreated.confirmedAt).toBeNull();
  });

  it('saves nothing from a form opened for another facility (switched in another tab)', async () => {
    const agent = await janAgent();
    const page = (await agent.get(PAGE)).text;
    const html = await stageNew(agent, page, { ...karel, email: 'ander@sint-jozef.example' });
    const before = await db.prisma.contactPerson.count();
    const response = await agent
      .post(PAGE)
      .type('form')
      .send({ ...formFields(html, PAGE), facilityId: '999999', action: 'save' });
    expect(response.status).toBe(409);
    expect(response.text).toContain('Dit formulier hoorde bij een andere organisatie: u werkt nu voor WZC Sint-Jozef. Er werd niets bewaard.');
    expect(await db.prisma.contactPerson.count()).toBe(before);
  });

  it('keeps confirmation links valid for 14 days: 13 days 23 hours after sending it still confirms, 14 days and a minute after it is expired', async () => {
    const agent = await janAgent();
    const html = await stageNew(agent, (await agent.get(PAGE)).text, { ...karel, email: 'veertien@sint-jozef.example', surname: 'Veertien' });
    expect((await save(agent, html)).status).toBe(303);
    const [mail] = await mailsTo('veertien@sint-jozef.example');
    const link = confirmationPath(mail as ReceivedMail);
    const contact = await db.prisma.contactPerson.findFirstOrThrow({ where: { email: 'veertien@sint-jozef.example' } });
    const row = await db.prisma.contactConfirmation.findFirstOrThrow({ where: { contactPersonId: contact.id } });
    const hour = 3600_000;
    // The clock moves forward by moving the link's expiry back by the time passed.
    const aged = (ms: number) => db.prisma.contactConfirmation.update({ where: { id: row.id }, data: { expiresAt: new Date(row.expiresAt.getTime() - ms) } });
    await aged(13 * 24 * hour + 23 * hour);
    expect((await request(app).get(link)).text).toContain('Bevestig uw gegevens als contactpersoon');
    await aged(14 * 24 * hour + 60_000);
    const expired = await request(app).get(link);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('Deze bevestigingslink is verlopen');
  });

  it('offers a new link for an expired one, to the same address', async () => {
    const sofieRow = await db.prisma.contactPerson.findFirstOrThrow({ where: { surname: 'Wouters' } });
    const confirmations = (await mailsTo('sofie@wouters.example')).filter((m) => m.subject.startsWith('Bevestig'));
    const link = confirmationPath(confirmations.at(-1) as ReceivedMail);
    await db.prisma.contactConfirmation.updateMany({ where: { contactPersonId: sofieRow.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const visitor = request.agent(app);
    const expired = await visitor.get(link);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('Deze bevestigingslink is verlopen');
    await settle();
    const countBefore = smtp.received.filter((m) => m.to.includes('sofie@wouters.example')).length;
    const resent = await visitor.post(`${link}/opnieuw`).type('form').send({ _csrf: hiddenField(expired.text, '_csrf') });
    expect(resent.status).toBe(200);
    expect(resent.text).toContain('Er is een nieuwe bevestigingslink verstuurd');
    const all = await mailsTo('sofie@wouters.example', countBefore + 1);
    const newest = all.filter((m) => m.subject.startsWith('Bevestig')).at(-1) as ReceivedMail;
    expect(confirmationPath(newest)).not.toBe(link);
    const page = await visitor.get(confirmationPath(newest));
    const confirmed = await visitor.post(confirmationPath(newest)).type('form').send({ _csrf: hiddenField(page.text, '_csrf') });
    expect(confirmed.text).toContain('Uw bevestiging is in orde');
    expect((await request(app).get(link)).status).toBe(404);
  });
});

describe('a change and its e-mails commit or roll back together', () => {
  // A trigger makes one step of the transaction fail, as a full disk or a lost connection would.
  async function failInsertsInto(table: string, column: string, value: string): Promise<() => Promise<void>> {
    await db.prisma.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION test_refuse_insert() RETURNS trigger AS $$
      BEGIN
        IF NEW.${column}::text LIKE '%${value}%' THEN RAISE EXCEPTION 'refused by the test'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await db.prisma.$executeRawUnsafe(`CREATE TRIGGER test_refuse_insert BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION test_refuse_insert()`);
    return async () => {
      await db.prisma.$executeRawUnsafe(`DROP TRIGGER test_refuse_insert ON ${table}`);
    };
  }

  it('stores no contact when its confirmation e-mail cannot be queued', async () => {
    const agent = await janAgent();
    const html = await stageNew(agent, (await agent.get(PAGE)).text, { ...karel, email: 'mislukt@sint-jozef.example', surname: 'Mislukt' });
    const restore = await failInsertsInto('outbox_mail', 'recipients', 'mislukt@sint-jozef.example');
    try {
      const response = await save(agent, html);
      expect(response.status).toBe(500);
    } finally {
      await restore();
    }
    expect(await db.prisma.contactPerson.count({ where: { email: 'mislukt@sint-jozef.example' } })).toBe(0);
  });

  it('queues no e-mail when a later change of the same save fails', async () => {
    const agent = await janAgent();
    let html = await stageNew(agent, (await agent.get(PAGE)).text, { ...karel, email: 'eerste@sint-jozef.example', surname: 'Eerste' });
    html = await stageNew(agent, html, { ...karel, email: 'tweede@sint-jozef.example', surname: 'Tweede' });
    const mailsBefore = await db.prisma.outboxMail.count();
    const restore = await failInsertsInto('contact_person', 'email', 'tweede@sint-jozef.example');
    try {
      expect((await save(agent, html)).status).toBe(500);
    } finally {
      await restore();
    }
    expect(await db.prisma.contactPerson.count({ where: { email: { in: ['eerste@sint-jozef.example', 'tweede@sint-jozef.example'] } } })).toBe(0);
    expect(await db.prisma.outboxMail.count()).toBe(mailsBefore);
  });
});

describe('theme pages', () => {
  it('shows the information of a theme of the facility, and 404 for a theme of another type', async () => {
    const agent = await janAgent();
    const page = await agent.get('/themas/prijzen');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Prijzen</h1>');
    expect(page.text).toContain('Handleiding Berichten- en Contactenmodule e-loket');
    expect((await agent.get('/themas/zorgaanbod')).status).toBe(404);
    expect((await agent.get('/themas/bestaat-niet')).status).toBe(404);
  });
});
