// /beheer/mail (M28): counts per status, the filtered list, one e-mail with
// its attempts and last error, the helpdesk's "Opnieuw proberen" (recorded in
// the audit trail), and bodies shown masked: no page lets staff confirm a
// contact person on their behalf.
import { actorFor } from '../../src/auth/actor.js';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { facilityScope } from '../../src/auth/facility-scope.js';
import { createLogger } from '../../src/logger.js';
import { createContactsService } from '../../src/modules/contacts/service.js';
import { createMailWorker } from '../../src/mail/worker.js';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, logins } from '../helpers/login.js';
import { testMailConfig } from '../helpers/outbox.js';
import { startTestSmtpServer } from '../helpers/smtp.js';
import { rowsOf, text } from '../helpers/html.js';

const { app, db, config } = await createTestApp();
const prisma = db.prisma;
const JAN = '85092305734'; // facility user, WZC Sint-Jozef
const ELS = '80012724649'; // Team Prijzen
const LOTTE = '93110230219'; // Technische helpdesk
const lotte = await prisma.user.findUniqueOrThrow({ where: { insz: LOTTE } });
const sintJozef = await prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });

type Agent = ReturnType<typeof request.agent>;
const login = logins(app, prisma);

async function mail(values: { to: string; status: 'queued' | 'sending' | 'sent' | 'failed'; createdAt: string; template?: string; body?: string; subject?: string }) {
  return prisma.outboxMail.create({
    data: {
      messageId: `<${Math.random().toString(36).slice(2)}@eloket.test>`,
      recipients: [values.to],
      subject: values.subject ?? `Bericht aan ${values.to}`,
      html: `<p>${values.body ?? 'Hallo'}</p>`,
      text: values.body ?? 'Hallo',
      template: values.template ?? 'notification',
      status: values.status,
      attempts: values.status === 'failed' ? 5 : 1,
      lastError: values.status === 'failed' ? '550 Mailbox unavailable' : null,
      createdAt: new Date(values.createdAt),
      facilityId: sintJozef.id,
    },
  });
}

let els: Agent;
let lotteAgent: Agent;
let failed: Awaited<ReturnType<typeof mail>>;
beforeAll(async () => {
  await prisma.outboxMail.deleteMany();
  await mail({ to: 'an.peeters@zonnehof.example', status: 'sent', createdAt: '2026-03-01T10:00:00Z' });
  failed = await mail({ to: 'sofie.maes@pajottenland.example', status: 'failed', createdAt: '2026-03-03T10:00:00Z', template: 'helpdesk-question' });
  await mail({ to: 'jan.claes@rivierenland.example', status: 'queued', createdAt: '2026-03-05T10:00:00Z' });
  els = await login.as(ELS);
  lotteAgent = await login.as(LOTTE);
});

describe('who reaches the outbox pages', () => {
  it('refuses facility users (403) on the list, an e-mail and the retry', async () => {
    const jan = await login.as(JAN);
    expect((await jan.get('/beheer/mail')).status).toBe(403);
    expect((await jan.get(`/beheer/mail/${failed.id}`)).status).toBe(403);
    const token = hiddenField((await jan.get('/auth/logout')).text, '_csrf');
    expect((await jan.post(`/beheer/mail/${failed.id}/opnieuw`).type('form').send({ _csrf: token })).status).toBe(403);
    expect((await prisma.outboxMail.findUniqueOrThrow({ where: { id: failed.id } })).status).toBe('failed');
  });

  it('sends a visitor to the login', async () => {
    const response = await request(app).get('/beheer/mail');
    expect(response.status).toBe(302);
  });

  it('lets every staff member read, but only the helpdesk retry: Team Prijzen sees no button and gets 403', async () => {
    const page = await els.get(`/beheer/mail/${failed.id}`);
    expect(page.status).toBe(200);
    expect(text(page.text)).toContain('550 Mailbox unavailable');
    expect(page.text).not.toContain('Opnieuw proberen');
    const response = await els.post(`/beheer/mail/${failed.id}/opnieuw`).type('form').send({ _csrf: hiddenField(page.text, '_csrf') ?? hiddenField((await els.get('/auth/logout')).text, '_csrf') });
    expect(response.status).toBe(403);
    expect((await prisma.outboxMail.findUniqueOrThrow({ where: { id: failed.id } })).status).toBe('failed');
    expect(await prisma.auditEvent.count({ where: { kind: 'mail.retried' } })).toBe(0);
  });

  it('answers 404 for an e-mail that does not exist', async () => {
    expect((await els.get('/beheer/mail/999999')).status).toBe(404);
    expect((await els.get('/beheer/mail/abc')).status).toBe(404);
  });
});

describe('the list', () => {
  it('counts the e-mails per status, each count a link to its filter', async () => {
    const page = await els.get('/beheer/mail');
    expect(page.status).toBe(200);
    const shown = text(page.text);
    expect(shown).toContain('In de wachtrij : 1');
    expect(shown).toContain('Verstuurd : 1');
    expect(shown).toContain('Mislukt : 1');
    expect(shown).toContain('Wordt verstuurd : 0');
    expect(page.text).toContain('href="/beheer/mail?status=failed"');
  });

  it('filters on status, recipient, template and period', async () => {
    const rows = async (query: string) => {
      const page = await els.get(`/beheer/mail${query}`);
      return rowsOf(page.text, /^E-mails \(\d+\)$/).map((row) => row[1]);
    };
    expect(await rows('')).toEqual(['jan.claes@rivierenland.example', 'sofie.maes@pajottenland.example', 'an.peeters@zonnehof.example']);
    expect(await rows('?status=failed')).toEqual(['sofie.maes@pajottenland.example']);
    expect(await rows('?ontvanger=ZONNEHOF')).toEqual(['an.peeters@zonnehof.example']);
    expect(await rows('?sjabloon=helpdesk-question')).toEqual(['sofie.maes@pajottenland.example']);
    expect(await rows('?van=02%2F03%2F2026&tot=04%2F03%2F2026')).toEqual(['sofie.maes@pajottenland.example']);
    expect(await rows('?tot=03%2F03%2F2026&status=sent')).toEqual(['an.peeters@zonnehof.example']);
  });

  it('says how to write a date that is no date, and still lists', async () => {
    const page = await els.get('/beheer/mail?van=31%2F02%2F2026');
    expect(page.status).toBe(400);
    expect(text(page.text)).toContain('Vul een datum in als dd/mm/jjjj');
    expect(page.text).toContain('Bericht aan sofie.maes@pajottenland.example');
  });
});

describe('retrying a failed e-mail', () => {
  it('puts it back in the queue for the helpdesk and records who did it', async () => {
    const page = await lotteAgent.get(`/beheer/mail/${failed.id}`);
    expect(page.text).toContain('Opnieuw proberen');
    const response = await lotteAgent.post(`/beheer/mail/${failed.id}/opnieuw`).type('form').send({ _csrf: hiddenField(page.text, '_csrf') });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/beheer/mail/${failed.id}?opnieuw=1`);
    expect(await prisma.outboxMail.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ status: 'queued', attempts: 0 });
    const rows = await prisma.auditEvent.findMany({ where: { kind: 'mail.retried' } });
    expect(rows.map((r) => [r.actorUserId, r.actorName, r.teamCode, r.facilityId, r.recordType, r.recordId])).toEqual([
      [lotte.id, 'Lotte Janssens', 'helpdesk', sintJozef.id, 'OutboxMail', String(failed.id)],
    ]);
    const after = await lotteAgent.get(`/beheer/mail/${failed.id}?opnieuw=1`);
    expect(text(after.text)).toContain('De e-mail staat opnieuw in de wachtrij');
    expect(after.text).not.toContain('Opnieuw proberen');

    // A second retry of the same e-mail (a double click) changes and records nothing.
    const again = await lotteAgent.post(`/beheer/mail/${failed.id}/opnieuw`).type('form').send({ _csrf: hiddenField(page.text, '_csrf') });
    expect(again.headers.location).toBe(`/beheer/mail/${failed.id}?opnieuw=0`);
    expect(await prisma.auditEvent.count({ where: { kind: 'mail.retried' } })).toBe(1);
  });
});

describe('bodies with secret links', () => {
  const contacts = createContactsService({ prisma, config, logger: createLogger({ level: 'silent' }) });
  const scope = facilityScope(prisma, sintJozef.id);

  async function confirmationMail(email: string) {
    const jan = await prisma.user.findUniqueOrThrow({ where: { insz: JAN } });
    const version = (await prisma.facility.findUniqueOrThrow({ where: { id: sintJozef.id } })).contactsVersion;
    await contacts.save(scope, { id: sintJozef.id, name: sintJozef.name, facilityTypeId: sintJozef.facilityTypeId }, actorFor(jan), version, {
      lines: [{ surname: 'Wouters', givenName: 'Lies', email, phone: '016 12 34 57', themes: ['prijzen'] }],
      remove: [],
    });
    const contact = await prisma.contactPerson.findFirstOrThrow({ where: { email } });
    const queued = await prisma.outboxMail.findFirstOrThrow({ where: { recipients: { has: email }, causeId: String(contact.id) } });
    const token = Object.values((queued.secrets ?? {}) as Record<string, string>)[0] ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    return { contact, queued, token };
  }

  /** Posts every /bevestigen/ link the page shows, as someone who copied it would. */
  async function postShownLinks(html: string) {
    const shown = [...text(html).matchAll(/\/bevestigen\/[^\s<"]*/g)].map((m) => m[0]);
    expect(shown.length).toBeGreaterThan(0);
    // Someone logged in (a valid CSRF token), so that the POST reaches the confirmation itself.
    const visitor = await login.as(JAN);
    const token = hiddenField((await visitor.get('/auth/logout')).text, '_csrf');
    for (const link of shown) {
      const path = encodeURI(link.replace(/[.,]$/, ''));
      expect((await visitor.get(path)).status).toBe(404);
      const posted = await visitor.post(path).type('form').send({ _csrf: token });
      expect(posted.status).toBe(404);
      expect(text(posted.text)).not.toContain('bevestigd');
    }
  }

  it('shows a queued confirmation e-mail without its token: nothing on the page confirms the contact', async () => {
    const { contact, queued, token } = await confirmationMail('lies.wouters@sintjozef.example');
    for (const agent of [els, lotteAgent]) {
      const page = await agent.get(`/beheer/mail/${queued.id}`);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain(token);
      expect(text(page.text)).toContain('/bevestigen/••••');
      // Not even the placeholder's nonce: the page shows bullets only.
      expect(page.text).not.toMatch(/••••[0-9a-f]{16}/);
      await postShownLinks(page.text);
    }
    expect((await prisma.contactPerson.findUniqueOrThrow({ where: { id: contact.id } })).confirmedAt).toBeNull();
  });

  it('still shows it masked once sent (the sent bodies keep their placeholders)', async () => {
    const { contact, queued, token } = await confirmationMail('lies.wouters2@sintjozef.example');
    const smtp = await startTestSmtpServer();
    const worker = createMailWorker({ ...testMailConfig, pool: db.pool, smtpUrl: smtp.url, logger: createLogger({ level: 'silent' }) });
    try {
      await worker.runOnce();
      for (let i = 0; i < 100 && (await prisma.outboxMail.findUniqueOrThrow({ where: { id: queued.id } })).status !== 'sent'; i++) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await worker.stop();
      await smtp.close();
    }
    expect(smtp.received.some((m) => m.text.includes(token))).toBe(true);
    const page = await lotteAgent.get(`/beheer/mail/${queued.id}`);
    expect(text(page.text)).toContain('Verstuurd');
    expect(page.text).not.toContain(token);
    expect(page.text).not.toMatch(/••••[0-9a-f]{16}/);
    await postShownLinks(page.text);
    expect((await prisma.contactPerson.findUniqueOrThrow({ where: { id: contact.id } })).confirmedAt).toBeNull();
  });

  it('masks any token-looking link, also one that reached the table without a placeholder', async () => {
    const live = 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7dEf0hIj3';
    const reset = 'k9Z2x7Q4w1V8m5N3b6C0';
    const row = await mail({
      to: 'oud@sintjozef.example',
      status: 'sent',
      createdAt: '2026-03-06T10:00:00Z',
      subject: `Uw link /bevestigen/${live}`,
      body: `Bevestig via https://eloket.example.be/bevestigen/${live} of https://eloket.example.be/iets?token=${reset}#${reset}. Zie /berichten/42.`,
    });
    const page = await lotteAgent.get(`/beheer/mail/${row.id}`);
    expect(page.text).not.toContain(live);
    expect(page.text).not.toContain(reset);
    expect(text(page.text)).toContain('https://eloket.example.be/bevestigen/•••• of https://eloket.example.be/iets?token=••••#••••. Zie /berichten/42.');
    const list = await lotteAgent.get('/beheer/mail?ontvanger=oud%40');
    expect(list.text).not.toContain(live);
    expect(text(list.text)).toContain('Uw link /bevestigen/••••');
  });
});
