// No live token at rest (issue 9, item 2): secret links reach the recipient
// but never stay in outbox_mail, and bodies of sent e-mails are emptied after
// the retention. Real worker, real SMTP server, real confirmation page.
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createMailWorker } from '../../src/mail/worker.js';
import { getOutboxMail } from '../../src/mail/admin-service.js';
import { enqueueMail, LiveSecretInMail, secretLink } from '../../src/mail/outbox.js';
import { createLogger } from '../../src/logger.js';
import { createTestApp } from '../helpers/app.js';
import { loginAs } from '../helpers/login.js';
import { formFields } from '../helpers/forms.js';
import { testMailConfig } from '../helpers/outbox.js';
import { startTestSmtpServer } from '../helpers/smtp.js';

const BASE = 'https://eloket.example.be';
const JAN = '85092305734'; // WZC Sint-Jozef
const { app, db } = await createTestApp({ env: { BASE_URL: BASE } });
const smtp = await startTestSmtpServer();
const worker = createMailWorker({ ...testMailConfig, pool: db.pool, smtpUrl: smtp.url, logger: createLogger({ level: 'silent' }) });
afterAll(async () => {
  await worker.stop();
  await smtp.close();
});

const token = () => randomBytes(32).toString('base64url');

function queueConfirmationLike(secret: string, subject = 'Bevestig uw gegevens') {
  return db.prisma.$transaction((tx) =>
    enqueueMail(
      tx,
      {
        to: 'sofie.wouters@sint-jozef.example',
        subject,
        template: 'notification',
        data: { title: 'Bevestig', paragraphs: ['Klik op de knop.'], action: { text: 'Ik bevestig', path: secretLink('/bevestigen/', secret) } },
      },
      { baseUrl: BASE },
    ),
  );
}

/** Sends everything due now (the worker's claim ignores e-mails waiting for a retry). */
async function sendDue(): Promise<void> {
  await db.prisma.outboxMail.updateMany({ where: { status: 'queued' }, data: { nextAttemptAt: new Date() } });
  while ((await worker.runOnce()) > 0);
}

describe('secret links in e-mails', () => {
  beforeEach(async () => {
    await db.prisma.outboxMail.deleteMany();
    smtp.received.length = 0;
    smtp.rejectWith(undefined);
  });

  it('queues a placeholder, sends the working link, and keeps only the mask once sent', async () => {
    const secret = token();
    const queued = await queueConfirmationLike(secret);
    expect(queued.text).not.toContain(secret);
    expect(queued.html).not.toContain(secret);
    expect(queued.text).toMatch(/\/bevestigen\/••••[0-9a-f]{16}/);
    expect(Object.values(queued.secrets as Record<string, string>)).toEqual([secret]);

    await sendDue();
    const [mail] = await smtp.waitFor(1);
    expect(mail?.text).toContain(`${BASE}/bevestigen/${secret}`);
    expect(mail?.html).toContain(`href="${BASE}/bevestigen/${secret}"`);
    expect(mail?.text).not.toContain('••••');

    const sent = await db.prisma.outboxMail.findUniqueOrThrow({ where: { id: queued.id } });
    expect(sent.status).toBe('sent');
    expect(sent.secrets).toBeNull();
    const stored = JSON.stringify(sent);
    expect(stored).not.toContain(secret);
    expect(sent.text).toContain('/bevestigen/••••');
  });

  it('refuses a body with a live secret link, and the transaction of the change queues nothing', async () => {
    const secret = token();
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.outboxMail.count();
        return enqueueMail(
          tx,
          { to: 'a@zorg.example', subject: 'Bevestig', template: 'notification', data: { title: 'Bevestig', paragraphs: [], action: { text: 'Ik bevestig', path: `/bevestigen/${secret}` } } },
          { baseUrl: BASE },
        );
      }),
    ).rejects.toBeInstanceOf(LiveSecretInMail);
    // The value of a secret shown elsewhere in the e-mail is refused too.
    await expect(
      db.prisma.$transaction((tx) =>
        enqueueMail(
          tx,
          { to: 'a@zorg.example', subject: 'Bevestig', template: 'notification', data: { title: secret, paragraphs: [], action: { text: 'Ik bevestig', path: secretLink('/bevestigen/', secret) } } },
          { baseUrl: BASE },
        ),
      ),
    ).rejects.toBeInstanceOf(LiveSecretInMail);
    expect(await db.prisma.outboxMail.count()).toBe(0);
  });

  it('keeps the secret through a failed attempt, so the retried e-mail still carries its link', async () => {
    const secret = token();
    const queued = await queueConfirmationLike(secret);
    smtp.rejectWith(451, 'Try again later');
    await sendDue();
    const failed = await db.prisma.outboxMail.findUniqueOrThrow({ where: { id: queued.id } });
    expect(failed).toMatchObject({ status: 'queued', attempts: 1 });
    expect(Object.values(failed.secrets as Record<string, string>)).toEqual([secret]);

    smtp.rejectWith(undefined);
    await sendDue();
    const delivered = smtp.received.filter((m) => m.messageId === queued.messageId);
    expect(delivered.at(-1)?.text).toContain(`${BASE}/bevestigen/${secret}`);
    expect((await db.prisma.outboxMail.findUniqueOrThrow({ where: { id: queued.id } })).secrets).toBeNull();
  });

  it('empties the bodies of e-mails sent longer ago than the retention and keeps the row with its metadata', async () => {
    const old = await queueConfirmationLike(token(), 'Oud');
    const recent = await queueConfirmationLike(token(), 'Recent');
    await sendDue();
    const day = 24 * 3600_000;
    await db.prisma.outboxMail.update({ where: { id: old.id }, data: { sentAt: new Date(Date.now() - testMailConfig.bodyRetentionMs - day) } });
    await db.prisma.outboxMail.update({ where: { id: recent.id }, data: { sentAt: new Date(Date.now() - testMailConfig.bodyRetentionMs + day) } });

    expect(await worker.purgeOnce()).toBe(1);
    const purged = await db.prisma.outboxMail.findUniqueOrThrow({ where: { id: old.id } });
    expect(purged).toMatchObject({ html: '', text: '', status: 'sent', subject: 'Oud', recipients: ['sofie.wouters@sint-jozef.example'], messageId: old.messageId });
    expect(purged.bodyPurgedAt).toBeInstanceOf(Date);
    const kept = await db.prisma.outboxMail.findUniqueOrThrow({ where: { id: recent.id } });
    expect(kept.text).toContain('Klik op de knop.');
    expect(kept.bodyPurgedAt).toBeNull();
    expect(await worker.purgeOnce()).toBe(0);
  });

  it('clears the secret of a failed e-mail after the retention, and never shows it to the outbox pages', async () => {
    const secret = token();
    const queued = await queueConfirmationLike(secret);
    const shown = await getOutboxMail(db.prisma, queued.id);
    expect(shown).not.toHaveProperty('secrets');
    expect(JSON.stringify(shown)).not.toContain(secret);

    await db.prisma.outboxMail.update({ where: { id: queued.id }, data: { status: 'failed' } });
    await db.prisma.$executeRaw`UPDATE outbox_mail SET updated_at = now() - interval '29 days' WHERE id = ${queued.id}`;
    await worker.purgeOnce();
    expect((await db.prisma.outboxMail.findUniqueOrThrow({ where: { id: queued.id } })).secrets).not.toBeNull();
    await db.prisma.$executeRaw`UPDATE outbox_mail SET updated_at = now() - interval '31 days' WHERE id = ${queued.id}`;
    await worker.purgeOnce();
    expect((await db.prisma.outboxMail.findUniqueOrThrow({ where: { id: queued.id } })).secrets).toBeNull();
  });
});

describe('a contact person confirmation e-mail', () => {
  it('reaches the contact with a working link, while the link stored in the outbox confirms nothing', async () => {
    await db.prisma.outboxMail.deleteMany();
    smtp.received.length = 0;
    const agent = request.agent(app);
    await loginAs(agent, db.prisma, JAN);
    const page = (await agent.get('/mijn-organisatie/contactpersonen')).text;
    const fields = formFields(page, '/mijn-organisatie/contactpersonen');
    const n = Object.keys(fields).filter((key) => /^contacts\[\d+\]\[ref\]$/.test(key)).length;
    const saved = await agent.post('/mijn-organisatie/contactpersonen').type('form').send({
      ...fields,
      [`contacts[${n}][ref]`]: '',
      [`contacts[${n}][surname]`]: 'Geheim',
      [`contacts[${n}][givenName]`]: 'Greet',
      [`contacts[${n}][email]`]: 'greet.geheim@sint-jozef.example',
      [`contacts[${n}][phone]`]: '015 28 90 01',
      [`contacts[${n}][themes]`]: ['prijzen'],
      action: 'save',
    });
    expect(saved.status).toBe(303);
    await sendDue();
    const mail = smtp.received.find((m) => m.to.includes('greet.geheim@sint-jozef.example'));
    const sentLink = /https:\/\/eloket\.example\.be(\/bevestigen\/[A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[1];
    expect(sentLink).toBeDefined();

    const row = await db.prisma.outboxMail.findFirstOrThrow({ where: { recipients: { has: 'greet.geheim@sint-jozef.example' } } });
    expect(row.status).toBe('sent');
    const storedLink = /https:\/\/eloket\.example\.be(\/bevestigen\/\S+?)["\s]/.exec(row.text)?.[1];
    expect(storedLink).toMatch(/^\/bevestigen\/••••/);
    expect(row.text).not.toContain(sentLink);
    expect(row.html).not.toContain(sentLink);

    const visitor = request(app);
    expect((await visitor.get(encodeURI(storedLink ?? ''))).status).toBe(404);
    expect((await visitor.get(sentLink ?? '')).status).toBe(200);
  });
});
