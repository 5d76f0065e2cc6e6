// Attachments of a reply and a new message (M15, M16) through the portal's one
// upload pipeline: several files committed with the message, a refused file
// reported in Dutch with the text and the other files kept, and downloads only
// through the facility's own messages.
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, loginAs, logins } from '../helpers/login.js';
import { createContact, createThread, daysBefore } from '../helpers/messages.js';
import { elf, pdf } from '../helpers/sample-files.js';

const { app, db } = await createTestApp();
const JAN = '85092305734'; // WZC Sint-Jozef
const AN = '78041215386'; // Hof ter Linden and De Wingerd
const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
const linden = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
let threadMessageId = 0;

beforeAll(async () => {
  await createContact(db.prisma, { facilityId: sintJozef.id, themeSlugs: ['prijzen'], email: 'prijzen@sint-jozef.example' });
  const thread = await createThread(db.prisma, { facilityId: sintJozef.id, themeSlug: 'prijzen', title: 'Met bijlagen', messages: [{ direction: 'incoming', sentAt: daysBefore(1) }] });
  threadMessageId = thread.messageIds[0] ?? 0;
});

const login = logins(app, db.prisma);

describe('attachments of a reply', () => {
  it('commits two files with the reply, listed on the message and downloadable with their names and types', async () => {
    const agent = await login.as(JAN);
    const form = await agent.get(`/berichten/${threadMessageId}/beantwoorden`);
    expect(form.text).toContain('enctype="multipart/form-data"');
    const response = await agent
      .post(`/berichten/${threadMessageId}/beantwoorden`)
      .field('_csrf', hiddenField(form.text, '_csrf') ?? '')
      .field('body', 'Zie bijlagen.')
      .attach('bijlagen', pdf(), { filename: 'Prijslijst 2026.pdf', contentType: 'application/pdf' })
      .attach('bijlagen', Buffer.from('kamer;prijs\néénpersoonskamer;62,50\n', 'utf8'), { filename: 'prijzen é.csv', contentType: 'text/csv' });
    expect(response.status).toBe(303);
    const reply = await db.prisma.message.findFirstOrThrow({ where: { body: 'Zie bijlagen.' }, include: { attachments: { include: { storedFile: true }, orderBy: { position: 'asc' } } } });
    expect(reply.attachments.map((a) => a.storedFile.name)).toEqual(['Prijslijst 2026.pdf', 'prijzen é.csv']);
    expect(reply.attachments.every((a) => a.storedFile.claimedAt !== null)).toBe(true);

    const detail = await agent.get(`/berichten/${reply.id}`);
    const [pdfFile, csvFile] = reply.attachments.map((a) => a.storedFile);
    expect(detail.text).toContain(`href="/berichten/${reply.id}/bijlagen/${pdfFile?.id}" download>Prijslijst 2026.pdf</a>`);
    const download = await agent.get(`/berichten/${reply.id}/bijlagen/${csvFile?.id}`).buffer(true);
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="prijzen ?.csv"; filename*=UTF-8''prijzen%20%C3%A9.csv`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-type']).toMatch(/^text\/csv/);
    // The history of a later message links the files too.
    const original = await agent.get(`/berichten/${threadMessageId}`);
    expect(original.text).toContain(`/berichten/${reply.id}/bijlagen/${pdfFile?.id}`);
  });

  it('refuses a renamed executable, keeps the typed text and the accepted file, and sends it with the next attempt', async () => {
    const agent = await login.as(JAN);
    const form = await agent.get(`/berichten/${threadMessageId}/beantwoorden`);
    const csrf = hiddenField(form.text, '_csrf') ?? '';
    const before = await db.prisma.message.count();
    const refused = await agent
      .post(`/berichten/${threadMessageId}/beantwoorden`)
      .field('_csrf', csrf)
      .field('body', 'Mijn tekst blijft staan')
      .attach('bijlagen', pdf(), { filename: 'goed.pdf', contentType: 'application/pdf' })
      .attach('bijlagen', elf(), { filename: 'factuur.pdf', contentType: 'application/pdf' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Het bestand ‘factuur.pdf’ is geen toegelaten type.');
    expect(refused.text).toContain('<a href="#bijlagen">Het bestand ‘factuur.pdf’ is geen toegelaten type.');
    expect(refused.text).toContain('Mijn tekst blijft staan</textarea>');
    expect(await db.prisma.message.count()).toBe(before);
    const kept = /name="bijlagenKept" type="checkbox" value="(\d+)" checked>\s*<label[^>]*>goed\.pdf/.exec(refused.text)?.[1];
    expect(kept).toBeDefined();

    const sent = await agent
      .post(`/berichten/${threadMessageId}/beantwoorden`)
      .field('_csrf', csrf)
      .field('body', 'Mijn tekst blijft staan')
      .field('bijlagenKept', kept ?? '');
    expect(sent.status).toBe(303);
    const reply = await db.prisma.message.findFirstOrThrow({ where: { body: 'Mijn tekst blijft staan' }, include: { attachments: { include: { storedFile: true } } } });
    expect(reply.attachments.map((a) => a.storedFile.name)).toEqual(['goed.pdf']);
  });

  it('keeps the files when the text is missing, and links nothing when nothing is sent', async () => {
    const agent = await login.as(JAN);
    const form = await agent.get(`/berichten/${threadMessageId}/beantwoorden`);
    const response = await agent
      .post(`/berichten/${threadMessageId}/beantwoorden`)
      .field('_csrf', hiddenField(form.text, '_csrf') ?? '')
      .field('body', '')
      .attach('bijlagen', pdf(), { filename: 'bewaard.pdf', contentType: 'application/pdf' });
    expect(response.status).toBe(400);
    expect(response.text).toContain('Vul de tekst van uw bericht in.');
    expect(response.text).toMatch(/name="bijlagenKept" type="checkbox" value="\d+" checked>\s*<label[^>]*>bewaard\.pdf/);
    const file = await db.prisma.storedFile.findFirstOrThrow({ where: { name: 'bewaard.pdf' }, include: { messageAttachments: true } });
    expect(file.claimedAt).toBeNull();
    expect(file.messageAttachments).toEqual([]);
  });

  it('refuses a multipart reply without a valid CSRF token, and stores nothing', async () => {
    const agent = await login.as(JAN);
    const before = await db.prisma.storedFile.count();
    const response = await agent
      .post(`/berichten/${threadMessageId}/beantwoorden`)
      .field('body', 'Zonder token')
      .attach('bijlagen', pdf(), { filename: 'x.pdf', contentType: 'application/pdf' });
    expect(response.status).toBe(403);
    expect(await db.prisma.storedFile.count()).toBe(before);
    expect(await db.prisma.message.count({ where: { body: 'Zonder token' } })).toBe(0);
  });
});

describe('attachments of a new message', () => {
  it('sends a new message with a file', async () => {
    const agent = await login.as(JAN);
    const form = await agent.get('/berichten/nieuw?thema=prijzen&team=team-prijzen');
    const response = await agent
      .post('/berichten/nieuw')
      .field('_csrf', hiddenField(form.text, '_csrf') ?? '')
      .field('theme', 'prijzen')
      .field('addressee', 'team:team-prijzen')
      .field('title', 'Nieuw met bijlage')
      .field('body', 'Zie bijlage.')
      .attach('bijlagen', pdf(), { filename: 'nieuw.pdf', contentType: 'application/pdf' });
    expect(response.status).toBe(303);
    const thread = await db.prisma.thread.findFirstOrThrow({ where: { title: 'Nieuw met bijlage' }, include: { messages: { include: { attachments: { include: { storedFile: true } } } } } });
    expect(thread.messages[0]?.attachments.map((a) => a.storedFile.name)).toEqual(['nieuw.pdf']);
  });
});

describe('downloads', () => {
  it('answers 404 for another facility\'s attachment, for a file of another message and for a file not yet sent', async () => {
    const jan = await login.as(JAN);
    const reply = await db.prisma.message.findFirstOrThrow({ where: { body: 'Zie bijlagen.' }, include: { attachments: true } });
    const fileId = reply.attachments[0]?.storedFileId;
    expect((await jan.get(`/berichten/${reply.id}/bijlagen/${fileId}`)).status).toBe(200);
    // Another message of the same facility does not serve it.
    expect((await jan.get(`/berichten/${threadMessageId}/bijlagen/${fileId}`)).status).toBe(404);
    const staged = await db.prisma.storedFile.findFirstOrThrow({ where: { name: 'bewaard.pdf' } });
    expect((await jan.get(`/berichten/${reply.id}/bijlagen/${staged.id}`)).status).toBe(404);
    expect((await jan.get(`/berichten/${reply.id}/bijlagen/abc`)).status).toBe(404);

    // An Peeters acts for Hof ter Linden: Sint-Jozef's file is not there.
    const an = request.agent(app);
    await loginAs(an, db.prisma, AN);
    const choice = await an.get('/organisatie/kiezen');
    await an.post('/organisatie/kiezen').type('form').send({ _csrf: hiddenField(choice.text, '_csrf'), facilityId: String(linden.id) });
    const foreign = await an.get(`/berichten/${reply.id}/bijlagen/${fileId}`);
    expect(foreign.status).toBe(404);
    expect(foreign.text).not.toContain('PDF');
  });
});
