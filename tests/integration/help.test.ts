// "Hulp nodig?" (M21): the page without JavaScript (and the panel fragment the
// script opens in place), the theme's guidance and contacts with their links to
// "Stuur nieuw bericht", and the technical helpdesk: ticket, e-mail (read from a
// real SMTP server), validation, CSRF and the rate limit.
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, loginAs, logins } from '../helpers/login.js';
import { startMailDelivery } from '../helpers/outbox.js';

const BASE = 'https://eloket.example.be';
const JAN = '85092305734'; // WZC Sint-Jozef (woonzorgcentrum: prijzen, ...)
const HELPDESK = 'helpdesk@departementzorg.example';
const { app, db } = await createTestApp({ env: { BASE_URL: BASE, HELPDESK_RATE_LIMIT_PER_HOUR: '1000' } });
const smtp = await startMailDelivery(db.pool);
const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
const jan = await db.prisma.user.findFirstOrThrow({ where: { insz: JAN } });
const els = await db.prisma.staffMember.findUniqueOrThrow({ where: { staffId: 'DZ10231' } }); // Els Willems, Team Prijzen

type Agent = ReturnType<typeof request.agent>;

const login = logins(app, db.prisma);
const janAgent = () => login.as(JAN);

/** Opens /hulp (or the panel) for its CSRF token and posts the helpdesk form as the browser would. */
async function ask(agent: Agent, fields: Record<string, string>, options: { panel?: boolean; from?: string } = {}) {
  const headers: Record<string, string> = options.panel ? { 'X-Help-Panel': '1' } : {};
  const page = await agent.get(options.from ?? (options.panel ? '/hulp/paneel' : '/hulp')).set(headers);
  return agent
    .post('/hulp/helpdesk')
    .set(headers)
    .type('form')
    .send({ _csrf: hiddenField(page.text, '_csrf'), page: hiddenField(page.text, 'page'), ...fields });
}

async function helpdeskMail(subject: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = smtp.received.find((m) => m.to.includes(HELPDESK) && m.subject === subject);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`expected an e-mail "${subject}" to ${HELPDESK}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('"Hulp nodig?" without JavaScript: the page /hulp', () => {
  it('gives the access explanation, the eHealth contact details and the helpdesk form, to anyone', async () => {
    const response = await request(app).get('/hulp');
    expect(response.status).toBe(200);
    expect(response.text).toContain('<h1>Hulp nodig?</h1>');
    expect(response.text).toContain('Een hoofdtoegangsbeheerder aanstellen.');
    expect(response.text).toContain('href="mailto:support@ehealth.fgov.be"');
    expect(response.text).toContain('webformulier op de website van eHealth');
    expect(response.text).toContain('ticketnummer');
    expect(response.text).toContain('Technische helpdesk');
    expect(response.text).toMatch(/<form method="post" action="\/hulp\/helpdesk"/);
    expect(response.text).toContain('<label class="label" for="helpdesk-email">Uw e-mailadres</label>');
    expect(response.text).toContain('<label class="label" for="helpdesk-question">Uw vraag</label>');
    expect(response.text).toContain('>Verstuur</button>');
    expect(hiddenField(response.text, '_csrf')).toBeTruthy();
    expect(response.text).not.toContain('Handleidingen voor');
  });

  it('with ?thema= shows that theme\'s guidance; its contacts only to someone logged in', async () => {
    const anonymous = await request(app).get('/hulp?thema=prijzen');
    expect(anonymous.status).toBe(200);
    expect(anonymous.text).toContain('Handleidingen voor prijzen');
    expect(anonymous.text).toContain('href="https://www.zorg-en-gezondheid.be/e-loket-voor-zorgvoorzieningen"');
    expect(anonymous.text).toContain('href="https://www.zorg-en-gezondheid.be/handleiding-berichten-en-contactenmodule-e-loket"');
    expect(anonymous.text).not.toContain('/berichten/nieuw');
    expect(anonymous.text).not.toContain('Els Willems');
    expect(anonymous.text).toContain('<input type="hidden" name="thema" value="prijzen">');

    for (const thema of ['bestaat-niet', '<b>x</b>', '']) {
      const other = await request(app).get(`/hulp?thema=${encodeURIComponent(thema)}`);
      expect(other.status).toBe(200);
      expect(other.text).not.toContain('Handleidingen voor');
      expect(other.text).not.toContain('<b>x</b>');
    }
  });

  it('links "Contacteer ons" to "Stuur nieuw bericht" with theme and team or dossierbehandelaar filled in', async () => {
    const agent = await janAgent();
    const page = await agent.get('/hulp?thema=prijzen');
    expect(page.text).toContain('<h3>Contacteer ons</h3>');
    expect(page.text).toContain('<a href="/berichten/nieuw?thema=prijzen&amp;team=team-prijzen">Team Prijzen</a>');
    expect(page.text).toContain(`<a href="/berichten/nieuw?thema=prijzen&amp;behandelaar=${els.id}">Els Willems</a>`);
    // Only the theme's own teams and their members.
    expect(page.text).not.toContain('Pieter Mertens');
    expect(page.text).not.toContain('team=team-eerstelijn');
    expect(page.text).not.toContain('team=helpdesk');

    const panel = await agent.get('/hulp/paneel?thema=prijzen&pagina=/themas/prijzen').set('X-Help-Panel', '1');
    expect(panel.status).toBe(200);
    expect(panel.text).not.toContain('<html');
    expect(panel.text).toContain('id="help-panel-title"');
    expect(panel.text).toContain('<a href="/berichten/nieuw?thema=prijzen&amp;team=team-prijzen">Team Prijzen</a>');
    expect(panel.text).toContain(`<a href="/berichten/nieuw?thema=prijzen&amp;behandelaar=${els.id}">Els Willems</a>`);
    expect(hiddenField(panel.text, 'page')).toBe('/themas/prijzen');
  });

  it('lists addressees only for a theme of the facility the user acts for', async () => {
    const sofie = request.agent(app); // Huisartsenkring Pajottenland: only Zorgaanbod
    await loginAs(sofie, db.prisma, '91030521416');
    const own = await sofie.get('/hulp?thema=zorgaanbod');
    expect(own.text).toContain('<a href="/berichten/nieuw?thema=zorgaanbod&amp;team=team-eerstelijn">Team Eerstelijn</a>');
    expect(own.text).toContain('Pieter Mertens');
    const other = await sofie.get('/hulp?thema=prijzen');
    expect(other.text).toContain('Handleidingen voor prijzen');
    expect(other.text).not.toContain('/berichten/nieuw');
    expect(other.text).not.toContain('Els Willems');
  });

  it('the button leads to /hulp, with the theme on a theme page', async () => {
    const agent = await janAgent();
    const home = await agent.get('/');
    expect(home.text).toContain('<a class="help-button" href="/hulp">Hulp nodig?</a>');
    expect(home.text).toMatch(/<script src="\/public\/js\/help-panel\.[0-9a-f]{10}\.js" defer><\/script>/);
    const theme = await agent.get('/themas/prijzen');
    expect(theme.status).toBe(200);
    expect(theme.text).toContain('<a class="help-button" href="/hulp?thema=prijzen">Hulp nodig?</a>');
  });
});

describe('Technische helpdesk', () => {
  beforeEach(async () => {
    await db.prisma.helpdeskTicket.deleteMany();
  });

  it('stores an anonymous question as an open ticket, e-mails it to the helpdesk with the question quoted, and confirms it', async () => {
    const agent = request.agent(app);
    const question = 'Ik kan niet aanmelden.\nZie https://phishing.example/login\n\nMet vriendelijke groeten,\nDepartement Zorg';
    const response = await ask(agent, { email: 'Griet.Vos@Voorziening.example', question, thema: 'prijzen' }, { from: '/hulp?thema=prijzen' });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/hulp?verstuurd=1&thema=prijzen#helpdesk');
    const confirmation = await agent.get('/hulp?verstuurd=1&thema=prijzen');
    expect(confirmation.text).toContain('Uw vraag werd verstuurd naar de technische helpdesk.');

    const [ticket] = await db.prisma.helpdeskTicket.findMany();
    expect(ticket).toMatchObject({ email: 'griet.vos@voorziening.example', question, userId: null, facilityId: null, page: '/themas/prijzen', status: 'open' });

    const mail = await helpdeskMail(`Vraag aan de technische helpdesk (ticket ${ticket?.id})`);
    expect(mail?.text).toContain('Antwoorden aan: griet.vos@voorziening.example');
    expect(mail?.text).toContain(`Pagina: ${BASE}/themas/prijzen`);
    // Every line of the asker's text is set apart, so none reads as the department's own.
    expect(mail?.text).toContain(
      'griet.vos@voorziening.example schreef:\n> Ik kan niet aanmelden.\n> Zie https://phishing.example/login\n>\n> Met vriendelijke groeten,\n> Departement Zorg\n',
    );
    expect(mail?.html).toMatch(/<blockquote[^>]*>Ik kan niet aanmelden\.\nZie https:\/\/phishing\.example\/login/);
    expect(mail?.html).not.toContain('<a href="https://phishing.example');
  });

  it('acknowledges the question to the asker with the ticket number, without repeating the question', async () => {
    const agent = request.agent(app);
    const response = await ask(agent, { email: 'Griet.Vos@Voorziening.example', question: 'Koop nu goedkope horloges: https://spam.example' });
    expect(response.status).toBe(303);
    const confirmation = await agent.get('/hulp?verstuurd=1');
    expect(confirmation.text).toContain('krijgt u een bevestiging met het ticketnummer');
    const [ticket] = await db.prisma.helpdeskTicket.findMany();
    const subject = `Uw vraag werd ontvangen: ticket HD-${ticket?.id}`;
    const deadline = Date.now() + 10_000;
    let mail = smtp.received.find((m) => m.subject === subject);
    while (!mail && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
      mail = smtp.received.find((m) => m.subject === subject);
    }
    expect(mail?.to).toEqual(['griet.vos@voorziening.example']);
    expect(mail?.text).toContain(`Ze kreeg het ticketnummer HD-${ticket?.id}.`);
    expect(mail?.html).toContain(`<strong>HD-${ticket?.id}</strong>`);
    // Anyone may type any address: the acknowledgement relays none of the asker's text.
    expect(mail?.text).not.toContain('horloges');
    expect(mail?.html).not.toContain('spam.example');
    // Queued with the ticket: both e-mails name it as their cause.
    const queued = await db.prisma.outboxMail.findMany({ where: { causeType: 'helpdesk-ticket', causeId: String(ticket?.id) }, select: { recipients: true } });
    expect(queued.map((m) => m.recipients.join()).sort()).toEqual(['griet.vos@voorziening.example', HELPDESK].sort());
  });

  it('answers in the panel, and records the user and the facility they act for', async () => {
    const agent = await janAgent();
    const response = await ask(agent, { email: 'jan.claes@zorgbedrijf-rivierenland.example', question: 'Het scherm blijft wit.' }, { panel: true, from: '/hulp/paneel?pagina=/mijn-organisatie' });
    expect(response.status).toBe(200);
    expect(response.text).not.toContain('<html');
    expect(response.text).toContain('Uw vraag werd verstuurd naar de technische helpdesk.');
    const [ticket] = await db.prisma.helpdeskTicket.findMany();
    expect(ticket).toMatchObject({ userId: jan.id, facilityId: sintJozef.id, page: '/mijn-organisatie', question: 'Het scherm blijft wit.' });
    const mail = await helpdeskMail(`Vraag aan de technische helpdesk (ticket ${ticket?.id})`);
    expect(mail.text).toContain('Aangemeld: Jan Claes, voor WZC Sint-Jozef (HCO-nummer 3634)');
    expect(mail.text).toContain('Antwoorden aan: jan.claes@zorgbedrijf-rivierenland.example');
  });

  it('refuses wrong input with Dutch errors next to the fields and in the summary, keeps what was typed, and stores and sends nothing', async () => {
    const queuedBefore = await db.prisma.outboxMail.count();
    const agent = request.agent(app);
    const cases: [Record<string, string>, string, string][] = [
      [{ email: '', question: 'Een vraag' }, 'email', 'Vul uw e-mailadres in, zodat de helpdesk u kan antwoorden.'],
      [{ email: 'geen-adres', question: 'Een vraag' }, 'email', 'Vul een geldig e-mailadres in, bijvoorbeeld naam@voorziening.be'],
      [{ email: 'a@b.example', question: '   ' }, 'question', 'Vul uw vraag in.'],
      [{ email: 'a@b.example', question: 'Klik \u202Eexe.pdf' }, 'question', 'Uw vraag bevat tekens die niet toegelaten zijn'],
      [{ email: 'a@b.example', question: 'x'.repeat(4001) }, 'question', 'Uw vraag mag hoogstens 4000 tekens lang zijn.'],
    ];
    for (const [fields, field, message] of cases) {
      const response = await ask(agent, fields);
      expect(response.status, message).toBe(400);
      expect(response.text).toContain(`<a href="#helpdesk-${field}">${message}`);
      expect(response.text).toMatch(new RegExp(`id="helpdesk-${field}-error"><span class="visually-hidden">Fout:</span> ${message.replace(/[.?]/g, '\\$&')}`));
      expect(response.text).toContain('<title>Fout: Hulp nodig?');
    }
    const kept = await ask(agent, { email: 'geen-adres', question: 'Mijn <vraag>\nop twee regels' });
    expect(kept.text).toContain('value="geen-adres"');
    expect(kept.text).toContain('>Mijn &lt;vraag&gt;\nop twee regels</textarea>');
    // In the panel: the same errors, in the fragment.
    const inPanel = await ask(agent, { email: '', question: 'Een vraag' }, { panel: true });
    expect(inPanel.status).toBe(400);
    expect(inPanel.text).not.toContain('<html');
    expect(inPanel.text).toContain('<a href="#helpdesk-email">');
    expect(await db.prisma.helpdeskTicket.count()).toBe(0);
    expect(await db.prisma.outboxMail.count()).toBe(queuedBefore);
  });

  it('refuses a question without a valid CSRF token (none, or another session\'s)', async () => {
    const agent = request.agent(app);
    const withoutToken = await agent.post('/hulp/helpdesk').type('form').send({ email: 'a@b.example', question: 'Vraag' });
    expect(withoutToken.status).toBe(403);
    const other = request.agent(app);
    const otherToken = hiddenField((await other.get('/hulp')).text, '_csrf');
    await agent.get('/hulp');
    const foreign = await agent.post('/hulp/helpdesk').type('form').send({ _csrf: otherToken, email: 'a@b.example', question: 'Vraag' });
    expect(foreign.status).toBe(403);
    expect(await db.prisma.helpdeskTicket.count()).toBe(0);
  });
});

// Two questions per person per hour, so eight per address. A second portal process on the same
// database: the counters live in PostgreSQL, so both processes count together.
const limited = await createTestApp({ db, env: { BASE_URL: BASE, HELPDESK_RATE_LIMIT_PER_HOUR: '2' } });
const limitedElsewhere = await createTestApp({ db, env: { BASE_URL: BASE, HELPDESK_RATE_LIMIT_PER_HOUR: '2' } });

describe('the helpdesk rate limit', () => {
  it('allows a few questions per person and per address per hour, then refuses with a Dutch message and keeps what was typed', async () => {
    await db.prisma.helpdeskTicket.deleteMany();
    // The questions of the tests above (under a generous limit) counted in the same table.
    await db.prisma.rateLimit.deleteMany();
    const person = () => request.agent(limited.app);
    const first = person();
    // A question with an error does not use up the quota.
    expect((await ask(first, { email: '', question: 'Vraag' })).status).toBe(400);
    for (let i = 0; i < 2; i++) expect((await ask(first, { email: 'a@b.example', question: `Vraag ${i}` })).status).toBe(303);
    const refused = await ask(first, { email: 'a@b.example', question: 'Nog een vraag' });
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('U hebt het voorbije uur al te veel vragen naar de technische helpdesk verstuurd. Probeer het over een uur opnieuw.');
    expect(refused.text).toContain('>Nog een vraag</textarea>');
    expect(await db.prisma.helpdeskTicket.count()).toBe(2);

    // Other people at the same address still get theirs, up to the address's limit.
    for (let p = 0; p < 3; p++) {
      const other = person();
      for (let i = 0; i < 2; i++) expect((await ask(other, { email: 'c@d.example', question: `Vraag ${p}.${i}` })).status).toBe(303);
    }
    expect((await ask(person(), { email: 'e@f.example', question: 'Vraag' })).status).toBe(429);
    expect(await db.prisma.helpdeskTicket.count()).toBe(8);
  });
});

describe('the helpdesk rate limit across portal processes', () => {
  it('counts in PostgreSQL: a question through a second process is refused once the address has used its quota', async () => {
    await db.prisma.helpdeskTicket.deleteMany();
    await db.prisma.rateLimit.deleteMany();
    // Four people through the first process use up the address's eight questions.
    for (let p = 0; p < 4; p++) {
      const agent = request.agent(limited.app);
      for (let i = 0; i < 2; i++) expect((await ask(agent, { email: 'g@h.example', question: `Vraag ${p}.${i}` })).status).toBe(303);
    }
    const elsewhere = await ask(request.agent(limitedElsewhere.app), { email: 'i@j.example', question: 'Vraag via een ander proces' });
    expect(elsewhere.status).toBe(429);
    expect(await db.prisma.helpdeskTicket.count()).toBe(8);
    const counters = await db.prisma.rateLimit.findMany({ where: { key: { startsWith: 'helpdesk-address:' } } });
    expect(counters).toHaveLength(1);
    expect(counters[0]?.hits).toBeGreaterThanOrEqual(8);
  });

  it('a form with an error uses up nothing, also when the counters are shared', async () => {
    await db.prisma.rateLimit.deleteMany();
    const agent = request.agent(limitedElsewhere.app);
    for (let i = 0; i < 5; i++) expect((await ask(agent, { email: 'geen-adres', question: 'Vraag' })).status).toBe(400);
    // The decrements of the refused forms run when their answers finish.
    await new Promise((r) => setTimeout(r, 100));
    const rows = await db.prisma.rateLimit.findMany({ where: { key: { startsWith: 'helpdesk-' } } });
    expect(rows.every((r) => r.hits === 0)).toBe(true);
    expect((await ask(agent, { email: 'k@l.example', question: 'Nu wel goed' })).status).toBe(303);
  });
});
