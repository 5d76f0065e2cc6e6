// The team inbox (M26): a staff member sees and answers the threads of their
// teams' themes only; filters and paging in the URL; a reply with files
// notifies the facility's contacts (real SMTP sink); assignment, read marker
// and the reply draft that survives an error and the end of the session.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, loginAs, logins } from '../helpers/login.js';
import { clearThreads, createContact, createThread, daysBefore } from '../helpers/messages.js';
import { startMailDelivery } from '../helpers/outbox.js';
import { elf, pdf } from '../helpers/sample-files.js';

const BASE_URL = 'https://eloket.example.be';
const { app, db } = await createTestApp({ env: { BASE_URL } });
const smtp = await startMailDelivery(db.pool);
const ELS = '80012724649'; // Team Prijzen
const PIETER = '88071413185'; // Team Eerstelijn
const JAN = '85092305734'; // WZC Sint-Jozef (facility user)
const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
const wingerd = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '19555' } });
const els = await db.prisma.staffMember.findUniqueOrThrow({ where: { staffId: 'DZ10231' }, include: { user: true } });
const pieter = await db.prisma.staffMember.findUniqueOrThrow({ where: { staffId: 'DZ10377' } });
const prijzen = await db.prisma.theme.findUniqueOrThrow({ where: { slug: 'prijzen' } });
const teamPrijzen = await db.prisma.team.findUniqueOrThrow({ where: { code: 'team-prijzen' } });

const login = logins(app, db.prisma);

/** A colleague in Team Prijzen, to assign threads to. */
const colleague = await db.prisma.staffMember.create({
  data: {
    staffId: 'DZ19999',
    user: { create: { insz: '90020199812', givenName: 'Wim', surname: 'Claes' } },
    teams: { create: { teamId: teamPrijzen.id } },
  },
});

let question: { threadId: number; reference: string };
beforeAll(async () => {
  await createContact(db.prisma, { facilityId: sintJozef.id, themeSlugs: ['prijzen'], email: 'prijzen@sint-jozef.example', givenName: 'Greet', surname: 'Peeters' });
  question = await createThread(db.prisma, {
    facilityId: sintJozef.id,
    themeSlug: 'prijzen',
    title: 'Vraag over de dagprijs',
    messages: [{ direction: 'outgoing', sentAt: daysBefore(1), body: 'Mag de dagprijs stijgen?' }],
  });
});

const linkOf = (html: string, threadId: number) => html.includes(`href="/beheer/berichten/${threadId}"`);

describe('who reaches the team inbox', () => {
  it('refuses facility users on /beheer and every inbox page (403)', async () => {
    const jan = await login.as(JAN);
    for (const path of ['/beheer', '/beheer/berichten', `/beheer/berichten/${question.threadId}`]) {
      expect((await jan.get(path)).status, path).toBe(403);
    }
  });

  it('shows another team’s member none of the team’s threads, and 404 on the thread, its attachment and its actions', async () => {
    const agent = await login.as(ELS);
    const page = await agent.get(`/beheer/berichten/${question.threadId}`);
    await agent
      .post(`/beheer/berichten/${question.threadId}/antwoorden`)
      .field('_csrf', hiddenField(page.text, '_csrf') ?? '')
      .field('body', 'Zie de bijlage.')
      .attach('bijlagen', pdf(), { filename: 'tarieven.pdf', contentType: 'application/pdf' });
    const file = await db.prisma.messageAttachment.findFirstOrThrow({ where: { message: { threadId: question.threadId } } });

    const other = await login.as(PIETER);
    const list = await other.get(`/beheer/berichten?voorziening=3634`);
    expect(list.status).toBe(200);
    expect(list.text).toContain('0 berichten');
    expect(linkOf((await other.get('/beheer/berichten')).text, question.threadId)).toBe(false);
    expect((await other.get(`/beheer/berichten/${question.threadId}`)).status).toBe(404);
    expect((await other.get(`/beheer/berichten/${question.threadId}/bijlagen/${file.storedFileId}`)).status).toBe(404);
    const token = hiddenField((await other.get('/beheer/berichten')).text, '_csrf') ?? hiddenField((await other.get('/auth/logout')).text, '_csrf') ?? '';
    expect((await other.post(`/beheer/berichten/${question.threadId}/ongelezen`).type('form').send({ _csrf: token })).status).toBe(404);
    expect((await other.post(`/beheer/berichten/${question.threadId}/toewijzen`).type('form').send({ _csrf: token, behandelaar: '' })).status).toBe(404);
    const reply = await other.post(`/beheer/berichten/${question.threadId}/antwoorden`).field('_csrf', token).field('body', 'Niet van mij');
    expect(reply.status).toBe(404);
    expect(await db.prisma.message.count({ where: { threadId: question.threadId, body: 'Niet van mij' } })).toBe(0);
    expect(await db.prisma.replyDraft.count({ where: { threadId: question.threadId, staffMemberId: pieter.id } })).toBe(0);
    // The owner team downloads it.
    const download = await agent.get(`/beheer/berichten/${question.threadId}/bijlagen/${file.storedFileId}`);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
  });
});

describe('the list', () => {
  let threads: { threadId: number; reference: string }[] = [];
  beforeAll(async () => {
    await clearThreads(db.prisma, wingerd.id);
    threads = [];
    for (let i = 0; i < 30; i++) {
      threads.push(
        await createThread(db.prisma, {
          facilityId: wingerd.id,
          themeSlug: 'prijzen',
          title: `Wingerd ${i}`,
          messages: [{ direction: 'outgoing', sentAt: daysBefore(100 + i) }],
        }),
      );
    }
  });

  it('pages the newest activity first, 25 a page, with the filters kept in the links', async () => {
    const agent = await login.as(ELS);
    const first = await agent.get('/beheer/berichten?voorziening=19555');
    expect(first.text).toContain('30 berichten');
    const order = [...first.text.matchAll(/Wingerd (\d+)</g)].map((m) => Number(m[1]));
    expect(order).toEqual([...Array(25).keys()]);
    expect(first.text).toContain('href="/beheer/berichten?voorziening=19555&amp;pagina=2"');
    const second = await agent.get('/beheer/berichten?voorziening=19555&pagina=2');
    expect([...second.text.matchAll(/Wingerd (\d+)</g)].map((m) => Number(m[1]))).toEqual([25, 26, 27, 28, 29]);
    // Beyond the end: the last page.
    expect([...(await agent.get('/beheer/berichten?voorziening=19555&pagina=9')).text.matchAll(/Wingerd (\d+)</g)].length).toBe(5);
  });

  it('filters on facility name, referentienummer (whole or part), date range, theme and assignee', async () => {
    const agent = await login.as(ELS);
    const count = async (query: string) => Number(/(\d+) (?:bericht|berichten)(?:<| \()/.exec((await agent.get(`/beheer/berichten?${query}`)).text)?.[1]);
    expect(await count('voorziening=de+wingerd')).toBe(30);
    const target = threads[3];
    if (!target) throw new Error('no thread');
    expect(await count(`referentienummer=${target.reference}`)).toBe(1);
    expect(await count(`referentienummer=${target.reference.slice(-4).toLowerCase()}&voorziening=19555`)).toBe(1);
    // Days 100 to 104 before the fixed moment: five threads.
    const day = (n: number) => daysBefore(n).toLocaleDateString('nl-BE', { timeZone: 'Europe/Brussels', day: '2-digit', month: '2-digit', year: 'numeric' });
    expect(await count(`voorziening=19555&van=${encodeURIComponent(day(104))}&tot=${encodeURIComponent(day(100))}`)).toBe(5);
    expect(await count('voorziening=19555&thema=prijzen')).toBe(30);
    await db.prisma.thread.update({ where: { id: target.threadId }, data: { staffMemberId: els.id } });
    expect(await count('voorziening=19555&toegewezen=mij')).toBe(1);
  });

  it('reports a filter it cannot use in Dutch, next to the field, and lists without it', async () => {
    const agent = await login.as(ELS);
    const wrongDate = await agent.get('/beheer/berichten?voorziening=19555&van=31-02');
    expect(wrongDate.status).toBe(400);
    expect(wrongDate.text).toContain('Vul de datum ‘Van’ in als dd/mm/jjjj, bijvoorbeeld 15/06/2026.');
    expect(wrongDate.text).toContain('href="#filter-van"');
    expect(wrongDate.text).toContain('30 berichten');
    const otherTheme = await agent.get('/beheer/berichten?thema=zorgaanbod&voorziening=19555');
    expect(otherTheme.status).toBe(400);
    expect(otherTheme.text).toContain('Kies een thema uit de lijst.');
    const reversed = await agent.get('/beheer/berichten?van=10/06/2026&tot=01/06/2026');
    expect(reversed.text).toContain('De datum ‘Tot en met’ moet op of na 10/06/2026 liggen.');
    expect((await agent.get('/beheer/berichten?status=allemaal')).text).toContain('Kies ‘Ongelezen’, ‘Gelezen’ of ‘Alle’.');
  });
});

describe('read and unread', () => {
  it('counts unread threads per theme on /beheer, marks a thread read when opened and unread on request', async () => {
    const thread = await createThread(db.prisma, { facilityId: sintJozef.id, themeSlug: 'prijzen', title: 'Nog niet gelezen', messages: [{ direction: 'outgoing', sentAt: new Date() }] });
    const agent = await login.as(ELS);
    const unreadCount = () =>
      db.prisma.thread.count({ where: { themeId: prijzen.id, OR: [{ departmentReadAt: null }, { departmentReadAt: { lt: db.prisma.thread.fields.lastActivityAt } }] } });
    const before = await unreadCount();
    const dashboard = await agent.get('/beheer');
    expect(dashboard.text).toContain(`href="/beheer/berichten?thema=prijzen&amp;status=ongelezen">${before} ongelezen`);
    expect(dashboard.text).toContain('href="/beheer/berichten?toegewezen=mij"');
    expect(dashboard.text).toContain('href="/beheer/campagnes"');
    expect(linkOf((await agent.get('/beheer/berichten?status=ongelezen&voorziening=3634')).text, thread.threadId)).toBe(true);

    await agent.get(`/beheer/berichten/${thread.threadId}`);
    expect((await db.prisma.thread.findUniqueOrThrow({ where: { id: thread.threadId } })).departmentReadAt).not.toBeNull();
    expect(await unreadCount()).toBe(before - 1);
    expect(linkOf((await agent.get('/beheer/berichten?status=gelezen&voorziening=3634')).text, thread.threadId)).toBe(true);
    expect(linkOf((await agent.get('/beheer/berichten?status=ongelezen&voorziening=3634')).text, thread.threadId)).toBe(false);

    const page = await agent.get(`/beheer/berichten/${thread.threadId}`);
    const marked = await agent.post(`/beheer/berichten/${thread.threadId}/ongelezen`).type('form').send({ _csrf: hiddenField(page.text, '_csrf') });
    expect(marked.status).toBe(303);
    expect(marked.headers.location).toBe('/beheer/berichten?gemarkeerd=ongelezen');
    expect((await db.prisma.thread.findUniqueOrThrow({ where: { id: thread.threadId } })).departmentReadAt).toBeNull();
  });
});

describe('a thread', () => {
  it('shows every message and names who is notified of a reply by the Berichtenmodule’s rule', async () => {
    const agent = await login.as(ELS);
    const page = await agent.get(`/beheer/berichten/${question.threadId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Mag de dagprijs stijgen?');
    expect(page.text).toContain('<strong>Greet Peeters</strong> van WZC Sint-Jozef een e-mail');
  });

  it('sends a reply with an attachment: the facility’s contacts get an e-mail, the facility reads the file, the trail records it', async () => {
    const agent = await login.as(ELS);
    const page = await agent.get(`/beheer/berichten/${question.threadId}`);
    const mailsBefore = await db.prisma.outboxMail.count({ where: { recipients: { has: 'prijzen@sint-jozef.example' } } });
    const sent = await agent
      .post(`/beheer/berichten/${question.threadId}/antwoorden`)
      .field('_csrf', hiddenField(page.text, '_csrf') ?? '')
      .field('body', 'Ja, binnen de grenzen van de index.')
      .field('actie', 'verzenden')
      .attach('bijlagen', pdf(), { filename: 'Omzendbrief.pdf', contentType: 'application/pdf' });
    expect(sent.status).toBe(303);
    const message = await db.prisma.message.findFirstOrThrow({ where: { body: 'Ja, binnen de grenzen van de index.' }, include: { attachments: { include: { storedFile: true } } } });
    expect(message).toMatchObject({ direction: 'incoming', authorStaffMemberId: els.id, facilityId: sintJozef.id });
    expect(message.attachments[0]?.storedFile).toMatchObject({ name: 'Omzendbrief.pdf', facilityId: sintJozef.id });
    expect(sent.headers.location).toBe(`/beheer/berichten/${question.threadId}?verzonden=1#bericht-${message.id}`);
    expect((await agent.get(`/beheer/berichten/${question.threadId}?verzonden=1`)).text).toContain('Uw antwoord is verzonden. Greet Peeters krijgt een e-mail.');

    const mails = await smtp.waitFor(mailsBefore + 1);
    const mail = mails.find((m) => m.to.includes('prijzen@sint-jozef.example') && m.text.includes(`/berichten/${message.id}`));
    expect(mail?.subject).toBe('Er staat een nieuw bericht voor WZC Sint-Jozef klaar in het e-loket');

    const jan = await login.as(JAN);
    const download = await jan.get(`/berichten/${message.id}/bijlagen/${message.attachments[0]?.storedFileId}`);
    expect(download.status).toBe(200);

    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { kind: 'message.sent', recordId: String(message.id) } });
    expect(audit).toMatchObject({ actorUserId: els.userId, actorName: 'Els Willems', facilityId: sintJozef.id, teamCode: 'team-prijzen', recordType: 'Message' });
  });

  it('assigns the thread to a dossierbehandelaar of its team, records it, and refuses anyone outside the team', async () => {
    const agent = await login.as(ELS);
    const page = await agent.get(`/beheer/berichten/${question.threadId}`);
    const token = hiddenField(page.text, '_csrf');
    const outsider = await agent.post(`/beheer/berichten/${question.threadId}/toewijzen`).type('form').send({ _csrf: token, behandelaar: String(pieter.id) });
    expect(outsider.status).toBe(400);
    expect(outsider.text).toContain('Kies een dossierbehandelaar van het team.');
    expect((await db.prisma.thread.findUniqueOrThrow({ where: { id: question.threadId } })).staffMemberId).toBeNull();

    const assigned = await agent.post(`/beheer/berichten/${question.threadId}/toewijzen`).type('form').send({ _csrf: token, behandelaar: String(colleague.id) });
    expect(assigned.status).toBe(303);
    expect((await db.prisma.thread.findUniqueOrThrow({ where: { id: question.threadId } })).staffMemberId).toBe(colleague.id);
    expect((await agent.get(assigned.headers.location ?? '')).text).toContain('Het bericht is toegewezen aan Wim Claes.');
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { kind: 'thread.assigned', recordId: String(question.threadId) }, orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ actorUserId: els.userId, facilityId: sintJozef.id, teamCode: 'team-prijzen', summary: `Bericht ${question.reference} toegewezen aan Wim Claes.` });

    await agent.post(`/beheer/berichten/${question.threadId}/toewijzen`).type('form').send({ _csrf: token, behandelaar: '' });
    expect((await db.prisma.thread.findUniqueOrThrow({ where: { id: question.threadId } })).staffMemberId).toBeNull();
  });
});

describe('the reply draft', () => {
  const draftOf = (threadId: number) => db.prisma.replyDraft.findUnique({ where: { threadId_staffMemberId: { threadId, staffMemberId: els.id } } });

  it('keeps the typed text and the accepted files when a file is refused, and the text as a draft', async () => {
    const thread = await createThread(db.prisma, { facilityId: sintJozef.id, themeSlug: 'prijzen', title: 'Concept na fout', messages: [{ direction: 'outgoing', sentAt: daysBefore(2) }] });
    const agent = await login.as(ELS);
    const page = await agent.get(`/beheer/berichten/${thread.threadId}`);
    const refused = await agent
      .post(`/beheer/berichten/${thread.threadId}/antwoorden`)
      .field('_csrf', hiddenField(page.text, '_csrf') ?? '')
      .field('body', 'Een lang antwoord dat niet verloren mag gaan.')
      .attach('bijlagen', pdf(), { filename: 'goed.pdf', contentType: 'application/pdf' })
      .attach('bijlagen', elf(), { filename: 'slecht.pdf', contentType: 'application/pdf' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Een lang antwoord dat niet verloren mag gaan.</textarea>');
    expect(refused.text).toContain('goed.pdf');
    expect((await draftOf(thread.threadId))?.body).toBe('Een lang antwoord dat niet verloren mag gaan.');
    // The staff member's staged file: owned by their user, with no facility, until a reply claims it.
    const staged = await db.prisma.storedFile.findFirstOrThrow({ where: { name: 'goed.pdf', uploadedById: els.userId, claimedAt: null } });
    expect(staged.facilityId).toBeNull();
    expect(await db.prisma.message.count({ where: { threadId: thread.threadId } })).toBe(1);

    // Later (another page load): the draft is in the form.
    const again = await agent.get(`/beheer/berichten/${thread.threadId}`);
    expect(again.text).toContain('Een lang antwoord dat niet verloren mag gaan.</textarea>');
    expect(again.text).toContain('Concept bewaard op');
    // An empty answer is not sent either, and the draft follows what was typed.
    const empty = await agent.post(`/beheer/berichten/${thread.threadId}/antwoorden`).field('_csrf', hiddenField(again.text, '_csrf') ?? '').field('body', '  ');
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Vul de tekst van uw antwoord in.');
  });

  it('is stored with “Concept bewaren” and gone once the reply is sent', async () => {
    const thread = await createThread(db.prisma, { facilityId: sintJozef.id, themeSlug: 'prijzen', title: 'Concept bewaren', messages: [{ direction: 'outgoing', sentAt: daysBefore(2) }] });
    const agent = await login.as(ELS);
    const page = await agent.get(`/beheer/berichten/${thread.threadId}`);
    const saved = await agent.post(`/beheer/berichten/${thread.threadId}/antwoorden`).field('_csrf', hiddenField(page.text, '_csrf') ?? '').field('body', 'Half af').field('actie', 'concept');
    expect(saved.status).toBe(303);
    expect((await draftOf(thread.threadId))?.body).toBe('Half af');
    expect(await db.prisma.message.count({ where: { threadId: thread.threadId } })).toBe(1);
    const sent = await agent.post(`/beheer/berichten/${thread.threadId}/antwoorden`).field('_csrf', hiddenField(page.text, '_csrf') ?? '').field('body', 'Helemaal af');
    expect(sent.status).toBe(303);
    expect(await draftOf(thread.threadId)).toBeNull();
  });

  it('survives the end of the session: the rescued reply lands in the draft and the form after the new login', async () => {
    const thread = await createThread(db.prisma, { facilityId: sintJozef.id, themeSlug: 'prijzen', title: 'Sessie verlopen', messages: [{ direction: 'outgoing', sentAt: daysBefore(2) }] });
    const agent = await login.as(ELS);
    const path = `/beheer/berichten/${thread.threadId}`;
    const page = await agent.get(path);
    await db.prisma.$executeRaw`UPDATE session SET expire = now() - interval '1 minute' WHERE (sess::jsonb ->> 'userId')::int = ${els.userId}`;
    const posted = await agent
      .post(`${path}/antwoorden`)
      .set('Origin', BASE_URL)
      .set('Referer', `${BASE_URL}${path}`)
      .field('_csrf', hiddenField(page.text, '_csrf') ?? '')
      .field('body', 'Getypt voor de time-out.');
    expect(posted.status).toBe(303);
    expect(posted.headers.location).toBe(`/auth/login?RelayState=${encodeURIComponent(path)}`);
    expect(await db.prisma.message.count({ where: { threadId: thread.threadId } })).toBe(1);

    const answer = await loginAs(agent, db.prisma, ELS, path);
    expect(answer.headers.location).toBe(path);
    const back = await agent.get(path);
    expect(back.text).toContain('Uw sessie was verlopen. We hebben wat u had ingevuld bewaard; controleer het en klik opnieuw op ‘Verzenden’.');
    expect(back.text).toContain('Getypt voor de time-out.</textarea>');
    expect((await draftOf(thread.threadId))?.body).toBe('Getypt voor de time-out.');
    // The rescue is used once; the draft stays.
    expect((await agent.get(path)).text).toContain('Getypt voor de time-out.</textarea>');
  });
});

describe('a theme with very many threads', () => {
  it('counts and pages up to 5,000 threads and says there are more', async () => {
    const linden = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
    await db.prisma.$executeRaw`
      INSERT INTO thread (reference, facility_id, theme_id, title, team_id, last_activity_at, department_read_at)
      SELECT 'DZ-2020-' || lpad(g::text, 6, '0'), ${linden.id}, ${prijzen.id}, 'Oud bericht ' || g, ${teamPrijzen.id}, now() - interval '3 years', now()
      FROM generate_series(1, 5001) g`;
    const agent = await login.as(ELS);
    const first = await agent.get('/beheer/berichten');
    expect(first.text).toContain('Meer dan 5000 berichten: de filters beperken de lijst.');
    expect(first.text).toContain('Pagina 1 van 200');
    const beyond = await agent.get('/beheer/berichten?pagina=500');
    expect(beyond.text).toContain('Pagina 200 van 200');
    expect((await agent.get('/beheer/berichten?voorziening=4085&referentienummer=DZ-2020-000042')).text).toMatch(/1 bericht(?:<| \()/);
  });
});
