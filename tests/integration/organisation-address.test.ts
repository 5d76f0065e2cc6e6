// M39: when a theme has no confirmed contact person, the department's messages
// on it go to the organisation's e-mail address of Mijn organisatie (seed 000
// §3.1: the address the department uses for general communication), and the
// startpagina's task says so; once a contact is confirmed, only the contact.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, loginAs } from '../helpers/login.js';
import { startMailDelivery } from '../helpers/outbox.js';
import { createContact, createThread, daysBefore } from '../helpers/messages.js';
import { text } from '../helpers/html.js';

const { app, db } = await createTestApp();
const smtp = await startMailDelivery(db.pool);
const AN = '78041215386'; // Hof ter Linden and De Wingerd
const ELS = '80012724649'; // Team Prijzen
const wingerd = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '19555' } });
const organisationEmail = wingerd.email ?? '';

/** An, who works for two facilities, logged in for De Wingerd. */
async function anForWingerd() {
  const an = request.agent(app);
  await loginAs(an, db.prisma, AN);
  const choice = await an.get('/organisatie/kiezen');
  await an.post('/organisatie/kiezen').type('form').send({ _csrf: hiddenField(choice.text, '_csrf'), facilityId: String(wingerd.id) });
  return an;
}


async function replyAsEls(threadId: number, body: string) {
  const els = request.agent(app);
  await loginAs(els, db.prisma, ELS);
  const page = await els.get(`/beheer/berichten/${threadId}`);
  const sent = await els.post(`/beheer/berichten/${threadId}/antwoorden`).field('_csrf', hiddenField(page.text, '_csrf') ?? '').field('body', body);
  expect(sent.status).toBe(303);
  return { els, page };
}

describe('the organisation’s address stands in for a theme’s contact person', () => {
  it('e-mails a department reply to the organisation’s address while the theme has no confirmed contact, and says so on both sides', async () => {
    expect(organisationEmail).not.toBe('');
    expect(await db.prisma.contactPerson.count({ where: { facilityId: wingerd.id, confirmedAt: { not: null }, themes: { some: { theme: { slug: 'prijzen' } } } } })).toBe(0);
    await createContact(db.prisma, { facilityId: wingerd.id, themeSlugs: ['prijzen'], email: 'nog-niet-bevestigd@wingerd.example', confirmed: false });

    const an = await anForWingerd();
    const start = text((await an.get('/')).text);
    expect(start).toContain(`Er is nog geen bevestigde contactpersoon voor het thema ‘Prijzen’. Berichten over dit thema gaan intussen naar het e-mailadres van uw organisatie: ${organisationEmail}.`);

    const thread = await createThread(db.prisma, { facilityId: wingerd.id, themeSlug: 'prijzen', title: 'Vraag over de dagprijs', messages: [{ direction: 'outgoing', sentAt: daysBefore(2) }] });
    const { page } = await replyAsEls(thread.threadId, 'Het antwoord van Team Prijzen.');
    expect(text(page.text)).toContain(`Bij uw antwoord krijgt het algemene e-mailadres (${organisationEmail}) van WZC De Wingerd een e-mail: de voorziening heeft nog geen bevestigde contactpersoon voor het thema Prijzen.`);

    const [mail] = await smtp.waitFor(1);
    expect(mail?.to).toEqual([organisationEmail]);
    expect(mail?.text).toContain('op het e-mailadres van uw organisatie omdat er voor het thema Prijzen nog geen bevestigde contactpersoon is');
    expect(mail?.text).not.toContain('Het antwoord van Team Prijzen.');
    expect(await db.prisma.outboxMail.count({ where: { recipients: { has: 'nog-niet-bevestigd@wingerd.example' } } })).toBe(0);
  });

  it('e-mails only the confirmed contact once there is one, and the task is gone', async () => {
    await createContact(db.prisma, { facilityId: wingerd.id, themeSlugs: ['prijzen'], email: 'bevestigd@wingerd.example' });
    const before = await db.prisma.outboxMail.count({ where: { recipients: { has: organisationEmail } } });
    const thread = await createThread(db.prisma, { facilityId: wingerd.id, themeSlug: 'prijzen', title: 'Nog een vraag', messages: [{ direction: 'outgoing', sentAt: daysBefore(1) }] });
    await replyAsEls(thread.threadId, 'Een tweede antwoord.');
    const mails = await smtp.waitFor(2);
    expect(mails.at(-1)?.to).toEqual(['bevestigd@wingerd.example']);
    expect(await db.prisma.outboxMail.count({ where: { recipients: { has: organisationEmail } } })).toBe(before);

    const an = await anForWingerd();
    expect(text((await an.get('/')).text)).not.toContain('voor het thema ‘Prijzen’');
  });
});
