// M39 on the department's side: a thread is open or afgehandeld (a button on
// the thread, a filter in the inbox that shows the open ones by default), a
// facility's new message opens it again, and that message is announced by
// e-mail, without its content, to the thread's dossierbehandelaar (unless they
// turned it off at /beheer/instellingen) or to the team's mailbox.
import type TestAgent from 'supertest/lib/agent.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, logins } from '../helpers/login.js';
import { createContact, createThread, daysBefore } from '../helpers/messages.js';
import { text } from '../helpers/html.js';

const { app, db } = await createTestApp();
const ELS = '80012724649'; // Team Prijzen
const JAN = '85092305734'; // WZC Sint-Jozef
const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
const els = await db.prisma.staffMember.findUniqueOrThrow({ where: { staffId: 'DZ10231' }, include: { user: true } });
const teamPrijzen = await db.prisma.team.findUniqueOrThrow({ where: { code: 'team-prijzen' } });
await createContact(db.prisma, { facilityId: sintJozef.id, themeSlugs: ['prijzen'], email: 'prijzen@sint-jozef.example' });
const thread = await createThread(db.prisma, { facilityId: sintJozef.id, themeSlug: 'prijzen', title: 'Vraag over de korting', messages: [{ direction: 'outgoing', sentAt: daysBefore(2) }] });

const login = logins(app, db.prisma);
let elsAgent: TestAgent;
let jan: TestAgent;
beforeAll(async () => {
  elsAgent = await login.as(ELS);
  jan = await login.as(JAN);
});

async function postOnThread(action: string) {
  const page = await elsAgent.get(`/beheer/berichten/${thread.threadId}`);
  return elsAgent.post(`/beheer/berichten/${thread.threadId}/${action}`).type('form').send({ _csrf: hiddenField(page.text, '_csrf') });
}
/** Jan answers on the thread; the e-mails to the department it queued. */
async function janReplies(body: string) {
  const form = await jan.get(`/berichten/${thread.messageIds[0]}/beantwoorden`);
  const sent = await jan.post(`/berichten/${thread.messageIds[0]}/beantwoorden`).type('form').send({ _csrf: hiddenField(form.text, '_csrf'), body });
  expect(sent.status).toBe(303);
  const message = await db.prisma.message.findFirstOrThrow({ where: { threadId: thread.threadId, body }, select: { id: true } });
  return db.prisma.outboxMail.findMany({ where: { causeType: 'message', causeId: String(message.id), NOT: { recipients: { has: 'prijzen@sint-jozef.example' } } } });
}
const listed = async (query: string) => text((await elsAgent.get(`/beheer/berichten${query}`)).text).includes(thread.reference);

describe('open and afgehandeld', () => {
  it('lists open threads by default; "Markeer als afgehandeld" moves one to the afgehandeld ones, "Heropenen" back', async () => {
    expect(await listed('')).toBe(true);
    const marked = await postOnThread('afhandelen');
    expect(marked.status).toBe(303);
    expect(marked.headers.location).toBe('/beheer/berichten?gemarkeerd=afgehandeld');
    expect(await listed('')).toBe(false);
    expect(await listed('?afhandeling=afgehandeld')).toBe(true);
    expect(await listed('?afhandeling=alle')).toBe(true);
    const page = text((await elsAgent.get(`/beheer/berichten/${thread.threadId}`)).text);
    expect(page).toContain('Afhandeling Afgehandeld');
    expect(page).toContain('Heropenen');
    expect(await db.prisma.auditEvent.count({ where: { kind: 'thread.handled', recordId: String(thread.threadId) } })).toBe(1);

    expect((await postOnThread('heropenen')).status).toBe(303);
    expect(await listed('')).toBe(true);
    expect(await listed('?afhandeling=afgehandeld')).toBe(false);
    expect((await elsAgent.get('/beheer/berichten?afhandeling=xx')).status).toBe(400);
  });

  it('is not for a staff member of another team: 404', async () => {
    const pieter = await login.as('88071413185');
    const page = await pieter.get('/beheer/berichten');
    const response = await pieter.post(`/beheer/berichten/${thread.threadId}/afhandelen`).type('form').send({ _csrf: hiddenField(page.text, '_csrf') });
    expect(response.status).toBe(404);
    expect((await db.prisma.thread.findUniqueOrThrow({ where: { id: thread.threadId } })).handledAt).toBeNull();
  });

  it('opens an afgehandeld thread again when the facility writes on it, and tells the team’s mailbox when nobody is assigned', async () => {
    await postOnThread('afhandelen');
    const mails = await janReplies('Nog een vraag over de korting, met vertrouwelijke details.');
    expect((await db.prisma.thread.findUniqueOrThrow({ where: { id: thread.threadId } })).handledAt).toBeNull();
    expect(mails.map((m) => m.recipients)).toEqual([[teamPrijzen.email]]);
    const [mail] = mails;
    expect(mail?.subject).toContain('Er is een nieuw bericht van WZC Sint-Jozef over Prijzen');
    expect(mail?.text).toContain(`/beheer/berichten/${thread.threadId}`);
    expect(mail?.text).not.toContain('vertrouwelijke details');
    expect(mail?.html).not.toContain('vertrouwelijke details');
  });

  it('tells the assigned dossierbehandelaar instead, unless they turned it off at /beheer/instellingen', async () => {
    await db.prisma.thread.update({ where: { id: thread.threadId }, data: { staffMemberId: els.id } });
    expect((await janReplies('Een derde vraag.')).map((m) => m.recipients)).toEqual([[els.user.email]]);

    const settings = await elsAgent.get('/beheer/instellingen');
    expect(settings.status).toBe(200);
    expect(settings.text).toMatch(/name="meldingen" type="checkbox" value="ja" checked/);
    const saved = await elsAgent.post('/beheer/instellingen').type('form').send({ _csrf: hiddenField(settings.text, '_csrf') });
    expect(saved.status).toBe(303);
    expect((await elsAgent.get('/beheer/instellingen')).text).not.toMatch(/value="ja" checked/);
    expect(await janReplies('Een vierde vraag.')).toEqual([]);

    const again = await elsAgent.get('/beheer/instellingen');
    await elsAgent.post('/beheer/instellingen').type('form').send({ _csrf: hiddenField(again.text, '_csrf'), meldingen: 'ja' });
    expect((await janReplies('Een vijfde vraag.')).map((m) => m.recipients)).toEqual([[els.user.email]]);
  });

  it('keeps the settings page for staff: a facility user gets 403', async () => {
    expect((await jan.get('/beheer/instellingen')).status).toBe(403);
  });
});
