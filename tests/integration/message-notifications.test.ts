// M19: when the department adds a message to a thread, the thread's contacts
// get an e-mail (through the outbox, in the same transaction) that only says a
// message is waiting; its link lands on the message after login, also when the
// user first has to choose the facility.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, loginAs } from '../helpers/login.js';
import { startMailDelivery } from '../helpers/outbox.js';
import { createContact, createThread, daysBefore } from '../helpers/messages.js';
import { createServices } from '../../src/services.js';
import { createLogger } from '../../src/logger.js';

const { app, db, config, identity } = await createTestApp();
const smtp = await startMailDelivery(db.pool);
const { messages } = createServices({ prisma: db.prisma, pool: db.pool, config, logger: createLogger({ level: 'silent' }), identity });
const AN = '78041215386'; // Hof ter Linden and De Wingerd
const linden = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
const wingerd = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '19555' } });
const els = await db.prisma.staffMember.findUniqueOrThrow({ where: { staffId: 'DZ10231' } });

describe('the department adds a message to a thread (M19)', () => {
  it('e-mails exactly the contacts the rule names, with a link to the message and nothing of its content', async () => {
    const thread = await createThread(db.prisma, {
      facilityId: linden.id,
      themeSlug: 'prijzen',
      title: 'Dagprijs 2026',
      messages: [{ direction: 'outgoing', sentAt: daysBefore(3) }],
    });
    const confirmed = await createContact(db.prisma, { facilityId: linden.id, themeSlugs: ['prijzen', 'kwaliteit'], email: 'bevestigd@linden.example', givenName: 'Bea' });
    await createContact(db.prisma, { facilityId: linden.id, themeSlugs: ['prijzen'], email: 'onbevestigd@linden.example', confirmed: false });
    const muted = await createContact(db.prisma, { facilityId: linden.id, themeSlugs: ['prijzen'], email: 'uitgezet@linden.example' });
    const pending = await createContact(db.prisma, { facilityId: linden.id, themeSlugs: ['prijzen'], email: 'nieuw-standaard@linden.example', confirmed: false });
    await createContact(db.prisma, { facilityId: linden.id, themeSlugs: ['kwaliteit'], email: 'ander-thema@linden.example' });
    await createContact(db.prisma, { facilityId: wingerd.id, themeSlugs: ['prijzen'], email: 'andere-voorziening@wingerd.example' });
    await db.prisma.thread.update({
      where: { id: thread.threadId },
      data: {
        mutedContacts: { create: [{ contactPersonId: muted.id }] },
        contacts: {
          create: [
            { surname: 'Enkel', givenName: 'Dit', email: 'enkel-dit-bericht@linden.example', phone: '016 00 00 00' },
            { contactPersonId: pending.id, surname: pending.surname, givenName: pending.givenName, email: pending.email, phone: pending.phone },
          ],
        },
      },
    });

    const added = await messages.addDepartmentMessage({ threadId: thread.threadId, staffMemberId: els.id, body: 'Vertrouwelijke inhoud van het antwoord.' });
    expect([...added.notified].sort()).toEqual(['bevestigd@linden.example', 'enkel-dit-bericht@linden.example', 'nieuw-standaard@linden.example']);
    const message = await db.prisma.message.findUniqueOrThrow({ where: { id: added.messageId } });
    expect(message).toMatchObject({ direction: 'incoming', authorName: 'Els Willems', counterpart: 'Els Willems (Team Prijzen)', facilityId: linden.id });

    const mails = await smtp.waitFor(3);
    expect(mails.flatMap((m) => m.to).sort()).toEqual(['bevestigd@linden.example', 'enkel-dit-bericht@linden.example', 'nieuw-standaard@linden.example']);
    const mail = mails.find((m) => m.to.includes(confirmed.email));
    expect(mail?.subject).toBe('Er staat een nieuw bericht voor WZC Hof ter Linden klaar in het e-loket');
    expect(mail?.text).toContain(`${config.baseUrl}/berichten/${added.messageId}`);
    expect(mail?.text).toContain(thread.reference);
    expect(mail?.html).toContain(`href="${config.baseUrl}/berichten/${added.messageId}"`);
    expect(mail?.text).not.toContain('Vertrouwelijke inhoud');
    expect(await db.prisma.outboxMail.count({ where: { causeType: 'message', causeId: String(added.messageId) } })).toBe(3);
  });

  it('adds nothing and queues nothing when the transaction fails', async () => {
    const thread = await createThread(db.prisma, { facilityId: linden.id, themeSlug: 'prijzen', title: 'Mislukt', messages: [{ direction: 'outgoing', sentAt: daysBefore(2) }] });
    const mailsBefore = await db.prisma.outboxMail.count();
    await expect(messages.addDepartmentMessage({ threadId: thread.threadId, staffMemberId: 999_999, body: 'Tekst' })).rejects.toThrow();
    expect(await db.prisma.message.count({ where: { threadId: thread.threadId } })).toBe(1);
    expect(await db.prisma.outboxMail.count()).toBe(mailsBefore);
  });

  it('brings the link through the login and the facility choice to the message', async () => {
    const thread = await createThread(db.prisma, { facilityId: linden.id, themeSlug: 'prijzen', title: 'Via de e-mail', messages: [{ direction: 'outgoing', sentAt: daysBefore(1) }] });
    const added = await messages.addDepartmentMessage({ threadId: thread.threadId, staffMemberId: els.id, body: 'Ons antwoord.' });
    const path = `/berichten/${added.messageId}`;
    const agent = request.agent(app);
    const visit = await agent.get(path);
    expect(visit.headers.location).toBe(`/auth/login?RelayState=${encodeURIComponent(path)}`);
    const login = await loginAs(agent, db.prisma, AN, path);
    expect(login.headers.location).toBe('/organisatie/kiezen');
    const choice = await agent.get('/organisatie/kiezen');
    const chosen = await agent.post('/organisatie/kiezen').type('form').send({ _csrf: hiddenField(choice.text, '_csrf'), facilityId: String(linden.id) });
    expect(chosen.status).toBe(303);
    expect(chosen.headers.location).toBe(path);
    const page = await agent.get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Detail ontvangen bericht</h1>');
    expect(page.text).toContain('Ons antwoord.');
  });
});
