// The Berichtenmodule as a facility user meets it: Mijn berichten with its
// filters and paging (M13), a message with its history (M14), a reply (M15),
// a new message (M16), the sent confirmation (M18), the startpagina (M7) and a
// theme page (M20).
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, loginAs } from '../helpers/login.js';
import { clearThreads, createContact, createThread, daysBefore } from '../helpers/messages.js';

const { app, db } = await createTestApp();
const JAN = '85092305734'; // WZC Sint-Jozef only
const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
const wingerd = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '19555' } });
const els = await db.prisma.staffMember.findUniqueOrThrow({ where: { staffId: 'DZ10231' } });

async function janAgent() {
  const agent = request.agent(app);
  await loginAs(agent, db.prisma, JAN);
  return agent;
}

/** The titles in a list component's table, in order. */
function titlesIn(html: string, sectionId: string): string[] {
  const section = html.split(`<section class="message-list" id="${sectionId}"`)[1]?.split('</section>')[0] ?? '';
  return [...section.matchAll(/<a href="\/berichten\/\d+">([^<]+)(?:<span class="visually-hidden"> \(ongelezen\)<\/span>)?<\/a>/g)].map((m) => m[1] ?? '');
}

const pad = (n: number) => String(n).padStart(2, '0');
let foreignMessageId = 0;

beforeAll(async () => {
  await clearThreads(db.prisma, sintJozef.id);
  // 23 received and 12 sent, "01" the newest of each.
  for (let i = 1; i <= 23; i++) {
    await createThread(db.prisma, {
      facilityId: sintJozef.id,
      themeSlug: i % 2 ? 'prijzen' : 'kwaliteit',
      title: `Ontvangen ${pad(i)}`,
      reference: `DZ-2026-1000${pad(i)}`,
      messages: [{ direction: 'incoming', sentAt: daysBefore(i), counterpart: i === 7 ? 'Karel De Smet (Team Kwaliteit)' : 'Els Willems (Team Prijzen)' }],
    });
  }
  for (let i = 1; i <= 12; i++) {
    await createThread(db.prisma, {
      facilityId: sintJozef.id,
      themeSlug: 'prijzen',
      title: `Verstuurd ${pad(i)}`,
      reference: `DZ-2026-2000${pad(i)}`,
      messages: [{ direction: 'outgoing', sentAt: daysBefore(i) }],
    });
  }
  const foreign = await createThread(db.prisma, {
    facilityId: wingerd.id,
    themeSlug: 'prijzen',
    title: 'Geheim van De Wingerd',
    messages: [{ direction: 'incoming', sentAt: daysBefore(1) }],
  });
  foreignMessageId = foreign.messageIds[0] ?? 0;
});

describe('Mijn berichten (M13)', () => {
  it('shows ten received and ten sent messages, newest first, with "Volgende"', async () => {
    const agent = await janAgent();
    const page = await agent.get('/berichten');
    expect(page.status).toBe(200);
    expect(titlesIn(page.text, 'ontvangen')).toEqual(Array.from({ length: 10 }, (_, i) => `Ontvangen ${pad(i + 1)}`));
    expect(titlesIn(page.text, 'verstuurd')).toEqual(Array.from({ length: 10 }, (_, i) => `Verstuurd ${pad(i + 1)}`));
    expect(page.text).toContain('Pagina 1 van 3');
    expect(page.text).toContain('href="/berichten?ontvangen-pagina=2#ontvangen" rel="next">Volgende</a>');
    expect(page.text).toContain('Stuur nieuw bericht');
    expect(page.text).not.toContain('Geheim van De Wingerd');
  });

  it('keeps each component\'s page in the URL: paging one leaves the other where it was', async () => {
    const agent = await janAgent();
    const page = await agent.get('/berichten?ontvangen-pagina=3&verstuurd-pagina=2');
    expect(titlesIn(page.text, 'ontvangen')).toEqual(['Ontvangen 21', 'Ontvangen 22', 'Ontvangen 23']);
    expect(titlesIn(page.text, 'verstuurd')).toEqual(['Verstuurd 11', 'Verstuurd 12']);
    // "Vorige" of the received list keeps the sent list on its page 2, and the other way round.
    expect(page.text).toContain('href="/berichten?verstuurd-pagina=2&amp;ontvangen-pagina=2#ontvangen" rel="prev">Vorige</a>');
    expect(page.text).toContain('href="/berichten?ontvangen-pagina=3#verstuurd" rel="prev">Vorige</a>');
  });

  it('shows the last page for a page number beyond the end', async () => {
    const agent = await janAgent();
    const page = await agent.get('/berichten?ontvangen-pagina=99');
    expect(titlesIn(page.text, 'ontvangen')).toEqual(['Ontvangen 21', 'Ontvangen 22', 'Ontvangen 23']);
  });

  it('filters on titel, referentienummer, thema, datum and afzender, each in SQL with paging of the result', async () => {
    const agent = await janAgent();
    expect(titlesIn((await agent.get('/berichten?ontvangen-titel=ontvangen 1')).text, 'ontvangen')).toEqual([
      'Ontvangen 10', 'Ontvangen 11', 'Ontvangen 12', 'Ontvangen 13', 'Ontvangen 14', 'Ontvangen 15', 'Ontvangen 16', 'Ontvangen 17', 'Ontvangen 18', 'Ontvangen 19',
    ]);
    expect(titlesIn((await agent.get('/berichten?ontvangen-referentienummer=100005')).text, 'ontvangen')).toEqual(['Ontvangen 05']);
    const kwaliteit = titlesIn((await agent.get('/berichten?ontvangen-thema=kwaliteit')).text, 'ontvangen');
    expect(kwaliteit).toEqual(['Ontvangen 02', 'Ontvangen 04', 'Ontvangen 06', 'Ontvangen 08', 'Ontvangen 10', 'Ontvangen 12', 'Ontvangen 14', 'Ontvangen 16', 'Ontvangen 18', 'Ontvangen 20']);
    const date = daysBefore(3);
    const dateText = `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
    expect(titlesIn((await agent.get(`/berichten?ontvangen-datum=${encodeURIComponent(dateText)}`)).text, 'ontvangen')).toEqual(['Ontvangen 03']);
    expect(titlesIn((await agent.get('/berichten?ontvangen-naam=karel')).text, 'ontvangen')).toEqual(['Ontvangen 07']);
    expect(titlesIn((await agent.get('/berichten?verstuurd-naam=team prijzen&verstuurd-titel=verstuurd 0')).text, 'verstuurd')).toHaveLength(9);
  });

  it('takes % and _ in a filter literally', async () => {
    const agent = await janAgent();
    const page = await agent.get('/berichten?ontvangen-titel=%25');
    expect(titlesIn(page.text, 'ontvangen')).toEqual([]);
    expect(page.text).toContain('Er zijn geen berichten die aan de filters voldoen.');
  });

  it('pages through a filtered list, keeping the filter in the links, and keeps the other list\'s state in the filter form', async () => {
    const agent = await janAgent();
    const page = await agent.get('/berichten?ontvangen-thema=prijzen&verstuurd-pagina=2');
    expect(page.text).toContain('href="/berichten?verstuurd-pagina=2&amp;ontvangen-thema=prijzen&amp;ontvangen-pagina=2#ontvangen" rel="next">Volgende</a>');
    const receivedForm = page.text.split('<section class="message-list" id="ontvangen"')[1]?.split('</form>')[0] ?? '';
    expect(receivedForm).toContain('<input type="hidden" name="verstuurd-pagina" value="2">');
    const next = await agent.get('/berichten?verstuurd-pagina=2&ontvangen-thema=prijzen&ontvangen-pagina=2');
    expect(titlesIn(next.text, 'ontvangen')).toEqual(['Ontvangen 21', 'Ontvangen 23']);
    expect(titlesIn(next.text, 'verstuurd')).toEqual(['Verstuurd 11', 'Verstuurd 12']);
  });

  it('says how to write a date that is no date, next to the field, and still shows the list', async () => {
    const agent = await janAgent();
    const page = await agent.get('/berichten?ontvangen-datum=31/02/2026');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Vul de datum in als dd/mm/jjjj, bijvoorbeeld 15/06/2026.');
    expect(page.text).toContain('value="31/02/2026"');
    expect(titlesIn(page.text, 'ontvangen')).toHaveLength(10);
  });

  it('shows every message of the facility to every user of it, whoever wrote it', async () => {
    const agent = await janAgent();
    const other = await createThread(db.prisma, {
      facilityId: sintJozef.id,
      themeSlug: 'subsidies',
      title: 'Door een collega verstuurd',
      messages: [{ direction: 'outgoing', sentAt: new Date(), authorName: 'Collega Van Jan' }],
    });
    const page = await agent.get('/berichten?verstuurd-titel=collega');
    expect(titlesIn(page.text, 'verstuurd')).toEqual(['Door een collega verstuurd']);
    await db.prisma.thread.delete({ where: { id: other.threadId } });
  });
});

describe('the startpagina (M7)', () => {
  it('shows the five latest received messages, each opening its message, and "Ga naar alle berichten"', async () => {
    const agent = await janAgent();
    const page = await agent.get('/');
    const aside = page.text.split('id="ontvangen-berichten"')[1] ?? '';
    const titles = [...aside.matchAll(/<a href="\/berichten\/(\d+)">([^<]+)(?:<span class="visually-hidden"> \(ongelezen\)<\/span>)?<\/a>/g)].map((m) => m[2]);
    expect(titles).toEqual(['Ontvangen 01', 'Ontvangen 02', 'Ontvangen 03', 'Ontvangen 04', 'Ontvangen 05']);
    expect(aside).toContain('<a href="/berichten">Ga naar alle berichten</a>');
  });
});

describe('a message with its history (M14)', () => {
  it('shows a received message, its data, and every other message of the thread expandable in place', async () => {
    const thread = await createThread(db.prisma, {
      facilityId: sintJozef.id,
      themeSlug: 'prijzen',
      title: 'Vraag over de dagprijs',
      messages: [
        { direction: 'outgoing', sentAt: daysBefore(40), body: 'Onze eerste vraag.' },
        { direction: 'incoming', sentAt: daysBefore(39), body: 'Het eerste antwoord.' },
        { direction: 'outgoing', sentAt: daysBefore(38), body: 'Een tweede vraag.' },
        { direction: 'incoming', sentAt: daysBefore(37), body: 'Het laatste antwoord.' },
      ],
    });
    const agent = await janAgent();
    const page = await agent.get(`/berichten/${thread.messageIds[3]}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Detail ontvangen bericht</h1>');
    expect(page.text).toContain(thread.reference);
    expect(page.text).toContain('Het laatste antwoord.');
    const history = page.text.split('id="berichthistoriek"')[1] ?? '';
    expect(history.match(/<details class="history__item">/g)).toHaveLength(3);
    expect(history).toContain('Uitgaand bericht');
    expect(history).toContain('Inkomend bericht');
    expect(history).toContain('Onze eerste vraag.');
    expect(history).not.toContain('Het laatste antwoord.');
    expect(history.indexOf('Een tweede vraag.')).toBeLessThan(history.indexOf('Onze eerste vraag.'));
    expect(page.text).toContain(`href="/berichten/${thread.messageIds[3]}/beantwoorden"`);

    const sent = await agent.get(`/berichten/${thread.messageIds[0]}`);
    expect(sent.text).toContain('<h1>Detail verstuurd bericht</h1>');
  });

  it('answers 404 for another facility\'s message, and for an id that is no number', async () => {
    const agent = await janAgent();
    for (const path of [`/berichten/${foreignMessageId}`, `/berichten/${foreignMessageId}/beantwoorden`, `/berichten/${foreignMessageId}/verzonden`, '/berichten/abc', '/berichten/99999999']) {
      const page = await agent.get(path);
      expect(page.status, path).toBe(404);
      expect(page.text).not.toContain('Geheim van De Wingerd');
    }
  });

  it('sends a visitor to the login, returning to the message', async () => {
    const page = await request(app).get('/berichten/12');
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe(`/auth/login?RelayState=${encodeURIComponent('/berichten/12')}`);
  });
});

describe('Bericht beantwoorden (M15) and the sent confirmation (M18)', () => {
  it('refuses an empty reply with the error next to the field and in the summary, and sends nothing', async () => {
    const thread = await createThread(db.prisma, { facilityId: sintJozef.id, themeSlug: 'brandveiligheid', title: 'Attest', messages: [{ direction: 'incoming', sentAt: daysBefore(2) }] });
    await createContact(db.prisma, { facilityId: sintJozef.id, themeSlugs: ['brandveiligheid'], email: 'brand@sint-jozef.example', givenName: 'Bart', surname: 'Brand' });
    const agent = await janAgent();
    const form = await agent.get(`/berichten/${thread.messageIds[0]}/beantwoorden`);
    expect(form.text).toContain('<h1>Bericht beantwoorden</h1>');
    expect(form.text).toContain('Bij elke reactie op dit bericht ontvangt Bart Brand een notificatie per e-mail.');
    // "Verzenden" comes before the text field.
    expect(form.text.indexOf('>Verzenden</button>')).toBeLessThan(form.text.indexOf('name="body"'));
    const response = await agent.post(`/berichten/${thread.messageIds[0]}/beantwoorden`).type('form').send({ _csrf: hiddenField(form.text, '_csrf'), body: '   ' });
    expect(response.status).toBe(400);
    expect(response.text).toContain('<a href="#body">Vul de tekst van uw bericht in.</a>');
    expect(response.text).toContain('id="body-error"><span class="visually-hidden">Fout:</span> Vul de tekst van uw bericht in.');
    expect(await db.prisma.message.count({ where: { threadId: thread.threadId } })).toBe(1);
  });

  it('refuses a reply nobody would be told the answer of, keeping the typed text', async () => {
    const thread = await createThread(db.prisma, { facilityId: sintJozef.id, themeSlug: 'subsidies', title: 'Voorschot', messages: [{ direction: 'incoming', sentAt: daysBefore(2) }] });
    const agent = await janAgent();
    const form = await agent.get(`/berichten/${thread.messageIds[0]}/beantwoorden`);
    expect(form.text).toContain('Er zijn geen contactpersonen opgegeven voor dit thema.');
    const response = await agent.post(`/berichten/${thread.messageIds[0]}/beantwoorden`).type('form').send({ _csrf: hiddenField(form.text, '_csrf'), body: 'Mijn getypte antwoord' });
    expect(response.status).toBe(400);
    expect(response.text).toContain('Er is geen contactpersoon die op de hoogte gehouden wordt wanneer het Departement Zorg antwoordt.');
    expect(response.text).toContain('Mijn getypte antwoord</textarea>');
    expect(await db.prisma.message.count({ where: { threadId: thread.threadId } })).toBe(1);
  });

  it('refuses text with invisible characters', async () => {
    const thread = await createThread(db.prisma, { facilityId: sintJozef.id, themeSlug: 'brandveiligheid', title: 'Onzichtbaar', messages: [{ direction: 'incoming', sentAt: daysBefore(2) }] });
    const agent = await janAgent();
    const form = await agent.get(`/berichten/${thread.messageIds[0]}/beantwoorden`);
    const response = await agent.post(`/berichten/${thread.messageIds[0]}/beantwoorden`).type('form').send({ _csrf: hiddenField(form.text, '_csrf'), body: 'Tekst\u202Emet omkering' });
    expect(response.status).toBe(400);
    expect(response.text).toContain('De tekst van uw bericht bevat tekens die niet toegelaten zijn');
  });

  it('adds the reply to the thread and says to whom it went, with the referentienummer', async () => {
    const thread = await createThread(db.prisma, { facilityId: sintJozef.id, themeSlug: 'brandveiligheid', title: 'Evacuatieplan', messages: [{ direction: 'incoming', sentAt: daysBefore(2) }] });
    const agent = await janAgent();
    const form = await agent.get(`/berichten/${thread.messageIds[0]}/beantwoorden`);
    const response = await agent.post(`/berichten/${thread.messageIds[0]}/beantwoorden`).type('form').send({ _csrf: hiddenField(form.text, '_csrf'), body: 'Hierbij ons plan.\r\nGroeten' });
    expect(response.status).toBe(303);
    const reply = await db.prisma.message.findFirstOrThrow({ where: { threadId: thread.threadId, direction: 'outgoing' } });
    expect(reply).toMatchObject({ body: 'Hierbij ons plan.\nGroeten', authorName: 'Jan Claes', counterpart: 'Team Brandveiligheid', facilityId: sintJozef.id });
    expect(response.headers.location).toBe(`/berichten/${reply.id}/verzonden`);
    const confirmation = await agent.get(response.headers.location ?? '');
    expect(confirmation.text).toContain('Uw bericht werd verzonden');
    expect(confirmation.text).toContain(`werd verzonden naar Team Brandveiligheid van het Departement Zorg, met referentienummer ${thread.reference}.`);
    expect((await db.prisma.thread.findUniqueOrThrow({ where: { id: thread.threadId } })).lastActivityAt).toEqual(reply.sentAt);
  });
});

describe('Stuur nieuw bericht (M16)', () => {
  it('prefills theme and addressee from "Hulp nodig?" links (team or dossierbehandelaar)', async () => {
    const agent = await janAgent();
    const byTeam = await agent.get('/berichten/nieuw?thema=prijzen&team=team-prijzen');
    expect(byTeam.text).toContain('<option value="prijzen" selected>Prijzen</option>');
    expect(byTeam.text).toContain('<option value="team:team-prijzen" selected>Team Prijzen – Prijzen</option>');
    const byStaff = await agent.get(`/berichten/nieuw?thema=prijzen&behandelaar=${els.id}`);
    expect(byStaff.text).toContain(`<option value="behandelaar:${els.id}" selected>Els Willems (Team Prijzen) – Prijzen</option>`);
    expect(byStaff.text.indexOf('>Verzenden</button>')).toBeLessThan(byStaff.text.indexOf('name="theme"'));
  });

  it('names every missing field, next to it and in the summary, and keeps what was typed', async () => {
    const agent = await janAgent();
    const form = await agent.get('/berichten/nieuw');
    const before = await db.prisma.thread.count();
    const response = await agent.post('/berichten/nieuw').type('form').send({ _csrf: hiddenField(form.text, '_csrf'), theme: '', addressee: '', title: '', body: 'Alleen tekst' });
    expect(response.status).toBe(400);
    for (const [field, text] of [
      ['theme', 'Kies het thema van uw bericht.'],
      ['addressee', 'Kies aan wie u het bericht stuurt: een team of een dossierbehandelaar van het thema.'],
      ['title', 'Vul de titel van uw bericht in.'],
    ]) {
      expect(response.text).toContain(`<a href="#${field}">${text}</a>`);
      expect(response.text).toContain(`id="${field}-error"><span class="visually-hidden">Fout:</span> ${text}`);
    }
    expect(response.text).toContain('Alleen tekst</textarea>');
    expect(await db.prisma.thread.count()).toBe(before);
  });

  it('refuses a title that is too long', async () => {
    const agent = await janAgent();
    const form = await agent.get('/berichten/nieuw');
    const response = await agent
      .post('/berichten/nieuw')
      .type('form')
      .send({ _csrf: hiddenField(form.text, '_csrf'), theme: 'prijzen', addressee: 'team:team-prijzen', title: 'x'.repeat(201), body: 'Tekst' });
    expect(response.status).toBe(400);
    expect(response.text).toContain('Gebruik voor de titel hoogstens 200 tekens.');
  });

  it('refuses an addressee that is not of the chosen theme, and a theme of another facility type', async () => {
    const agent = await janAgent();
    const form = await agent.get('/berichten/nieuw');
    const csrf = hiddenField(form.text, '_csrf');
    const wrongTeam = await agent.post('/berichten/nieuw').type('form').send({ _csrf: csrf, theme: 'prijzen', addressee: 'team:team-kwaliteit', title: 'Vraag', body: 'Tekst' });
    expect(wrongTeam.status).toBe(400);
    expect(wrongTeam.text).toContain('Kies een team of dossierbehandelaar van het thema ‘Prijzen’.');
    expect(wrongTeam.text).toContain('value="Vraag"');
    const pieter = await db.prisma.staffMember.findUniqueOrThrow({ where: { staffId: 'DZ10377' } });
    const wrongStaff = await agent.post('/berichten/nieuw').type('form').send({ _csrf: csrf, theme: 'prijzen', addressee: `behandelaar:${pieter.id}`, title: 'Vraag', body: 'Tekst' });
    expect(wrongStaff.text).toContain('Kies een team of dossierbehandelaar van het thema ‘Prijzen’.');
    const otherType = await agent.post('/berichten/nieuw').type('form').send({ _csrf: csrf, theme: 'zorgaanbod', addressee: 'team:team-eerstelijn', title: 'Vraag', body: 'Tekst' });
    expect(otherType.status).toBe(400);
    expect(otherType.text).toContain('Kies een thema uit de lijst.');
  });

  it('starts a thread with a new referentienummer addressed to the dossierbehandelaar, and confirms where it went', async () => {
    await createContact(db.prisma, { facilityId: sintJozef.id, themeSlugs: ['prijzen'], email: 'prijzen@sint-jozef.example' });
    const agent = await janAgent();
    const form = await agent.get('/berichten/nieuw');
    const response = await agent
      .post('/berichten/nieuw')
      .type('form')
      .send({ _csrf: hiddenField(form.text, '_csrf'), theme: 'prijzen', addressee: `behandelaar:${els.id}`, title: 'Nieuwe vraag', body: 'Wat is de termijn?' });
    expect(response.status).toBe(303);
    const thread = await db.prisma.thread.findFirstOrThrow({ where: { title: 'Nieuwe vraag' }, include: { messages: true } });
    expect(thread.reference).toMatch(/^DZ-\d{4}-\d{6}$/);
    expect(thread).toMatchObject({ facilityId: sintJozef.id, staffMemberId: els.id });
    expect(thread.messages).toHaveLength(1);
    expect(thread.messages[0]).toMatchObject({ direction: 'outgoing', counterpart: 'Els Willems (Team Prijzen)', body: 'Wat is de termijn?' });
    const confirmation = await agent.get(response.headers.location ?? '');
    expect(confirmation.text).toContain(`werd verzonden naar Els Willems (Team Prijzen) van het Departement Zorg, met referentienummer ${thread.reference}.`);

    const second = await agent
      .post('/berichten/nieuw')
      .type('form')
      .send({ _csrf: hiddenField(form.text, '_csrf'), theme: 'prijzen', addressee: 'team:team-prijzen', title: 'Nog een vraag', body: 'Tekst' });
    expect(second.status).toBe(303);
    const next = await db.prisma.thread.findFirstOrThrow({ where: { title: 'Nog een vraag' } });
    expect(Number(next.reference.slice(-6))).toBe(Number(thread.reference.slice(-6)) + 1);
  });
});

describe('a theme page (M20)', () => {
  it('shows received and sent messages of the theme in one list, with a filter In/Uit', async () => {
    const agent = await janAgent();
    const page = await agent.get('/themas/kwaliteit');
    expect(page.text).toMatch(/<h2 id="berichten-title">Berichten( <span class="message-list__unread">\(\d+ ongelezen\)<\/span>)?<\/h2>/);
    expect(titlesIn(page.text, 'berichten')).toEqual(['Ontvangen 02', 'Ontvangen 04', 'Ontvangen 06', 'Ontvangen 08', 'Ontvangen 10', 'Ontvangen 12', 'Ontvangen 14', 'Ontvangen 16', 'Ontvangen 18', 'Ontvangen 20']);
    expect(page.text).toContain('<option value="uit">Uit</option>');
    const prijzen = await agent.get('/themas/prijzen?berichten-richting=uit&berichten-titel=verstuurd');
    expect(titlesIn(prijzen.text, 'berichten')).toEqual(Array.from({ length: 10 }, (_, i) => `Verstuurd ${pad(i + 1)}`));
    expect(prijzen.text).toContain('<option value="uit" selected>Uit</option>');
    const incoming = await agent.get('/themas/prijzen?berichten-richting=in&berichten-titel=verstuurd');
    expect(titlesIn(incoming.text, 'berichten')).toEqual([]);
    expect(prijzen.text).toContain('href="/berichten/nieuw?thema=prijzen"');
  });
});
