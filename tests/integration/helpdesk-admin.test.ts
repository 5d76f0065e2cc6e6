// The technical helpdesk's tickets (M28): helpdesk staff only, the list open
// first with its filter and pages, answering by e-mail (read from a real SMTP
// server), closing, and the audit rows written with each change.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, loginAs, logins } from '../helpers/login.js';
import { startMailDelivery } from '../helpers/outbox.js';
import { PAGE_SIZE } from '../../src/modules/helpdesk-admin/schemas.js';
import { fieldValue, page, text } from '../helpers/html.js';

const ELS = '80012724649'; // Team Prijzen
const LOTTE = '93110230219'; // Technische helpdesk
const JAN = '85092305734'; // a facility user (WZC Sint-Jozef)

const { app, db } = await createTestApp({ env: { BASE_URL: 'https://eloket.example.be' } });
const smtp = await startMailDelivery(db.pool);
const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
const jan = await db.prisma.user.findUniqueOrThrow({ where: { insz: JAN } });
const lotteUser = await db.prisma.user.findUniqueOrThrow({ where: { insz: LOTTE } });

const ticket = await db.prisma.helpdeskTicket.create({
  data: { email: 'jan.claes@sintjozef.example', question: 'Ik kan niet aanmelden.\nWat moet ik doen?', userId: jan.id, facilityId: sintJozef.id, page: '/berichten', createdAt: new Date('2026-03-02T09:00:00Z') },
});

type Agent = ReturnType<typeof request.agent>;
const login = logins(app, db.prisma);
/** The status tag of each listed ticket, in order. */
const statusTags = (html: string) => {
  const $ = page(html);
  return $('table tbody span.tag').toArray().map((tag) => ($(tag).hasClass('tag--open') ? 'open' : $(tag).hasClass('tag--closed') ? 'closed' : $(tag).attr('class')));
};

/** Posts a form of the ticket's page as the browser would (with the page's CSRF token). */
async function post(agent: Agent, id: number, action: 'antwoord' | 'sluiten', fields: Record<string, string> = {}) {
  const page = await agent.get(`/beheer/helpdesk/${id}`);
  const token = hiddenField(page.text, '_csrf') ?? hiddenField((await agent.get('/auth/logout')).text, '_csrf');
  return agent.post(`/beheer/helpdesk/${id}/${action}`).type('form').send({ _csrf: token, ...fields });
}

async function mailTo(address: string, subject: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = smtp.received.find((m) => m.to.includes(address) && m.subject === subject);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`expected an e-mail "${subject}" to ${address}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const lotte = await login.as(LOTTE);

describe('who may use the helpdesk pages', () => {
  it('refuses staff of other teams with 403, on every page and form, and changes nothing', async () => {
    const els = await login.as(ELS);
    expect((await els.get('/beheer/helpdesk')).status).toBe(403);
    expect((await els.get(`/beheer/helpdesk/${ticket.id}`)).status).toBe(403);
    const answered = await post(els, ticket.id, 'antwoord', { answer: 'Een antwoord van Team Prijzen' });
    expect(answered.status).toBe(403);
    expect((await post(els, ticket.id, 'sluiten')).status).toBe(403);
    expect(await db.prisma.helpdeskAnswer.count()).toBe(0);
    expect((await db.prisma.helpdeskTicket.findUniqueOrThrow({ where: { id: ticket.id } })).status).toBe('open');
    expect(await db.prisma.outboxMail.count({ where: { template: 'helpdesk-answer' } })).toBe(0);
  });

  it('refuses a facility user with 403 and sends someone not logged in to the login', async () => {
    const janAgent = await login.as(JAN);
    expect((await janAgent.get('/beheer/helpdesk')).status).toBe(403);
    expect((await janAgent.get(`/beheer/helpdesk/${ticket.id}`)).status).toBe(403);
    const anonymous = await request(app).get('/beheer/helpdesk');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toContain('/auth/login');
  });

  it('answers 404 for an unknown ticket', async () => {
    expect((await lotte.get('/beheer/helpdesk/999999')).status).toBe(404);
    expect((await lotte.get('/beheer/helpdesk/abc')).status).toBe(404);
  });
});

describe('the list of tickets', () => {
  it('shows open tickets first, newest first, with a filter on open and closed, in pages', async () => {
    const start = Date.parse('2026-01-01T08:00:00Z');
    await db.prisma.helpdeskTicket.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({
        email: `vrager${i}@zorg.example`,
        question: `Lijstvraag ${String(i).padStart(2, '0')}`,
        createdAt: new Date(start + i * 3600_000),
        ...(i % 3 === 0 ? { status: 'closed' as const, closedAt: new Date(start + i * 3600_000 + 60_000) } : {}),
      })),
    });
    const openCount = await db.prisma.helpdeskTicket.count({ where: { status: 'open' } });
    const closedCount = await db.prisma.helpdeskTicket.count({ where: { status: 'closed' } });
    const page = await lotte.get('/beheer/helpdesk');
    expect(page.status).toBe(200);
    const t = text(page.text);
    expect(t).toContain(`Open tickets: ${openCount}.`);
    expect(t).toContain(`Tickets (${openCount + closedCount})`);
    // The open ticket of March comes before January's; every open one before any closed one.
    const order = statusTags(page.text);
    expect(order).toHaveLength(PAGE_SIZE);
    expect(order.slice(0, openCount)).toEqual(Array(openCount).fill('open'));
    expect(t.indexOf('Ik kan niet aanmelden.')).toBeLessThan(t.indexOf('Lijstvraag 29'));
    expect(t.indexOf('Lijstvraag 29')).toBeLessThan(t.indexOf('Lijstvraag 28'));
    expect(page.text).toContain('href="/beheer/helpdesk?pagina=2"');

    const second = await lotte.get('/beheer/helpdesk?pagina=2');
    expect(statusTags(second.text)).toHaveLength(openCount + closedCount - PAGE_SIZE);

    const closed = await lotte.get('/beheer/helpdesk?status=gesloten');
    expect(statusTags(closed.text)).toEqual(Array(closedCount).fill('closed'));
    expect(fieldValue(closed.text, 'status')).toBe('gesloten');
    const open = await lotte.get('/beheer/helpdesk?status=open');
    expect(text(open.text)).toContain(`Tickets (${openCount})`);
    expect(text(open.text)).not.toContain('Lijstvraag 27');
  });
});

describe('a half-written answer', () => {
  it('survives the end of the session: posted after it, it is not sent but shown again after the new login', async () => {
    const agent = await login.as(LOTTE);
    const open = await agent.get(`/beheer/helpdesk/${ticket.id}`);
    await db.prisma.$executeRaw`UPDATE session SET expire = now() - interval '1 minute' WHERE (sess::jsonb ->> 'userId')::int = ${lotteUser.id}`;
    const posted = await agent
      .post(`/beheer/helpdesk/${ticket.id}/antwoord`)
      .set('Origin', 'https://eloket.example.be')
      .set('Referer', `https://eloket.example.be/beheer/helpdesk/${ticket.id}`)
      .type('form')
      .send({ _csrf: hiddenField(open.text, '_csrf'), answer: 'Een lang antwoord dat niet verloren mag gaan.' });
    expect(posted.status).toBe(303);
    expect(await db.prisma.helpdeskAnswer.count()).toBe(0);
    const relayState = new URL(posted.headers.location ?? '', 'https://eloket.example.be').searchParams.get('RelayState') ?? undefined;
    await loginAs(agent, db.prisma, LOTTE, relayState);
    const again = await agent.get(`/beheer/helpdesk/${ticket.id}`);
    expect(again.text).toContain('Uw sessie was verlopen. We hebben wat u had ingevuld bewaard; controleer het en klik opnieuw op ‘Antwoord versturen’.');
    expect(again.text).toContain('>Een lang antwoord dat niet verloren mag gaan.</textarea>');
    expect(await db.prisma.helpdeskAnswer.count()).toBe(0);
    // Every session of Lotte ended: the other tests' agent logs in again.
    await loginAs(lotte, db.prisma, LOTTE);
  });
});

describe('answering and closing a ticket', () => {
  it('shows the question with who asked it, from which facility and page', async () => {
    const page = await lotte.get(`/beheer/helpdesk/${ticket.id}`);
    expect(page.status).toBe(200);
    const t = text(page.text);
    expect(t).toContain('Ik kan niet aanmelden. Wat moet ik doen?');
    expect(t).toContain('jan.claes@sintjozef.example');
    expect(t).toContain('Jan Claes');
    expect(page.text).toContain(`<a href="/beheer/voorzieningen/${sintJozef.id}">WZC Sint-Jozef</a>`);
    expect(t).toContain('Dit ticket is nog niet beantwoord.');
  });

  it('refuses an empty answer with a Dutch error, and stores and sends nothing', async () => {
    const response = await post(lotte, ticket.id, 'antwoord', { answer: '   ' });
    expect(response.status).toBe(400);
    expect(response.text).toContain('Vul uw antwoord in.');
    expect(response.text).toContain('href="#answer"');
    expect(await db.prisma.helpdeskAnswer.count()).toBe(0);
  });

  it('stores the answer, e-mails it to the asker with the question quoted, and records it in the audit trail', async () => {
    const answer = 'Beste Jan,\n\nVraag een hoofdtoegangsbeheerder om u het recht te geven.\nDaarna kunt u aanmelden.';
    const response = await post(lotte, ticket.id, 'antwoord', { answer });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/beheer/helpdesk/${ticket.id}?beantwoord=1`);

    const stored = await db.prisma.helpdeskAnswer.findMany({ where: { ticketId: ticket.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ authorUserId: lotteUser.id, authorName: 'Lotte Janssens', body: answer });

    const mail = await mailTo('jan.claes@sintjozef.example', `Antwoord van de technische helpdesk (ticket ${ticket.id})`);
    expect(mail.text).toContain('Vraag een hoofdtoegangsbeheerder om u het recht te geven.');
    expect(mail.text).toContain('jan.claes@sintjozef.example schreef:\n> Ik kan niet aanmelden.\n> Wat moet ik doen?');
    expect(mail.text).toContain('Lotte Janssens');
    expect(mail.html).toContain('Vraag een hoofdtoegangsbeheerder om u het recht te geven.');

    const audit = await db.prisma.auditEvent.findMany({ where: { kind: 'helpdesk.answered' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: lotteUser.id, actorName: 'Lotte Janssens', facilityId: sintJozef.id, teamCode: 'helpdesk', recordType: 'HelpdeskTicket', recordId: String(ticket.id) });
    // No message body in the trail.
    expect(`${audit[0]?.summary} ${JSON.stringify(audit[0]?.details)}`).not.toContain('hoofdtoegangsbeheerder');

    const page = await lotte.get(`/beheer/helpdesk/${ticket.id}?beantwoord=1`);
    expect(text(page.text)).toContain('Uw antwoord is bewaard en wordt per e-mail verstuurd naar jan.claes@sintjozef.example.');
    expect(text(page.text)).toContain('Lotte Janssens,');
  });

  it('closes the ticket once, with an audit row, after which it takes no more answers', async () => {
    const closed = await post(lotte, ticket.id, 'sluiten');
    expect(closed.status).toBe(303);
    const row = await db.prisma.helpdeskTicket.findUniqueOrThrow({ where: { id: ticket.id } });
    expect(row.status).toBe('closed');
    expect(row.closedAt).not.toBeNull();
    const audit = await db.prisma.auditEvent.findMany({ where: { kind: 'helpdesk.closed' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: lotteUser.id, facilityId: sintJozef.id, teamCode: 'helpdesk', recordId: String(ticket.id) });

    const page = await lotte.get(`/beheer/helpdesk/${ticket.id}`);
    expect(page.text).not.toContain(`action="/beheer/helpdesk/${ticket.id}/antwoord"`);
    expect(text(page.text)).toContain('Afgesloten');

    // Closing again changes nothing; an answer posted from a page opened before the closing is refused.
    expect((await post(lotte, ticket.id, 'sluiten')).status).toBe(303);
    expect(await db.prisma.auditEvent.count({ where: { kind: 'helpdesk.closed' } })).toBe(1);
    const late = await post(lotte, ticket.id, 'antwoord', { answer: 'Nog iets' });
    expect(late.status).toBe(409);
    expect(late.text).toContain('Dit ticket is afgesloten: u kunt er niet meer op antwoorden.');
    expect(await db.prisma.helpdeskAnswer.count({ where: { ticketId: ticket.id } })).toBe(1);
    expect(await db.prisma.outboxMail.count({ where: { template: 'helpdesk-answer' } })).toBe(1);
  });
});
