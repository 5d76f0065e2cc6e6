// The service functions behind the department's outbox pages (M28).
import { beforeEach, describe, expect, it } from 'vitest';
import { countByStatus, getOutboxMail, listOutboxMails, retryFailedMail } from '../../src/mail/admin-service.js';
import { createMailWorker } from '../../src/mail/worker.js';
import { createLogger } from '../../src/logger.js';
import { createTestDatabase } from '../helpers/database.js';
import { startTestSmtpServer } from '../helpers/smtp.js';
import { testMailConfig } from '../helpers/outbox.js';
import { waitUntil } from '../helpers/processes.js';

const db = await createTestDatabase();
const facility = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
const helpdesk = { actor: { userId: null, name: 'Lotte Janssens' }, teamCode: 'helpdesk' };

async function mail(values: { to: string; status: 'queued' | 'sending' | 'sent' | 'failed'; createdAt: string; facility?: boolean }) {
  return db.prisma.outboxMail.create({
    data: {
      messageId: `<${Math.random().toString(36).slice(2)}@eloket.test>`,
      recipients: [values.to],
      subject: `Bericht aan ${values.to}`,
      html: '<p>Hallo</p>',
      text: 'Hallo',
      template: 'notification',
      status: values.status,
      attempts: values.status === 'failed' ? 5 : 1,
      lastError: values.status === 'failed' ? '550 Mailbox unavailable' : null,
      createdAt: new Date(values.createdAt),
      facilityId: values.facility ? facility.id : null,
    },
  });
}

describe('outbox service for the department', () => {
  beforeEach(async () => {
    await db.prisma.outboxMail.deleteMany();
    await mail({ to: 'an.peeters@zonnehof.example', status: 'sent', createdAt: '2026-03-01T10:00:00Z', facility: true });
    await mail({ to: 'jan.claes@rivierenland.example', status: 'sent', createdAt: '2026-03-02T10:00:00Z' });
    await mail({ to: 'sofie.maes@pajottenland.example', status: 'failed', createdAt: '2026-03-03T10:00:00Z' });
    await mail({ to: 'AN.Janssens@zonnehof.example', status: 'queued', createdAt: '2026-03-04T10:00:00Z', facility: true });
    await mail({ to: 'procent_100%@zorg.example', status: 'sending', createdAt: '2026-03-05T10:00:00Z' });
  });

  it('counts the e-mails per status, including empty ones', async () => {
    expect(await countByStatus(db.prisma)).toEqual({ queued: 1, sending: 1, sent: 2, failed: 1 });
    await db.prisma.outboxMail.deleteMany();
    expect(await countByStatus(db.prisma)).toEqual({ queued: 0, sending: 0, sent: 0, failed: 0 });
  });

  it('lists newest first, filtered by status, recipient, period and facility', async () => {
    const all = await listOutboxMails(db.prisma);
    expect(all.total).toBe(5);
    expect(all.items.map((m) => m.recipients[0])).toEqual([
      'procent_100%@zorg.example',
      'AN.Janssens@zonnehof.example',
      'sofie.maes@pajottenland.example',
      'jan.claes@rivierenland.example',
      'an.peeters@zonnehof.example',
    ]);
    expect(all.items[1]).toMatchObject({ status: 'queued', subject: 'Bericht aan AN.Janssens@zonnehof.example', facilityId: facility.id });
    expect(all.items[1]?.createdAt).toEqual(new Date('2026-03-04T10:00:00Z'));
    expect(all.items[1]).not.toHaveProperty('html');

    const recipients = async (filter: Parameters<typeof listOutboxMails>[1]) =>
      (await listOutboxMails(db.prisma, filter)).items.map((m) => m.recipients[0]);
    expect(await recipients({ status: 'failed' })).toEqual(['sofie.maes@pajottenland.example']);
    expect(await recipients({ recipient: 'zonnehof' })).toEqual(['AN.Janssens@zonnehof.example', 'an.peeters@zonnehof.example']);
    expect(await recipients({ recipient: ' AN.P ' })).toEqual(['an.peeters@zonnehof.example']);
    // LIKE wildcards in the search are taken literally.
    expect(await recipients({ recipient: '_100%' })).toEqual(['procent_100%@zorg.example']);
    expect(await recipients({ recipient: '%' })).toEqual(['procent_100%@zorg.example']);
    expect(
      await recipients({ createdFrom: new Date('2026-03-02T00:00:00Z'), createdBefore: new Date('2026-03-04T00:00:00Z') }),
    ).toEqual(['sofie.maes@pajottenland.example', 'jan.claes@rivierenland.example']);
    expect(await recipients({ facilityId: facility.id, status: 'sent' })).toEqual(['an.peeters@zonnehof.example']);
  });

  it('pages in SQL', async () => {
    const second = await listOutboxMails(db.prisma, {}, { page: 2, pageSize: 2 });
    expect(second).toMatchObject({ total: 5, page: 2, pageSize: 2, pageCount: 3 });
    expect(second.items.map((m) => m.recipients[0])).toEqual(['sofie.maes@pajottenland.example', 'jan.claes@rivierenland.example']);
    const beyond = await listOutboxMails(db.prisma, {}, { page: 9, pageSize: 2 });
    expect(beyond).toMatchObject({ total: 5, items: [] });
  });

  it('retries a failed e-mail: queued again with fresh attempts, then delivered by the worker', async () => {
    const failed = (await listOutboxMails(db.prisma, { status: 'failed' })).items[0];
    const sent = (await listOutboxMails(db.prisma, { status: 'sent' })).items[0];
    expect(await retryFailedMail(db.prisma, sent?.id ?? 0, helpdesk)).toBe(false);
    expect(await retryFailedMail(db.prisma, failed?.id ?? 0, helpdesk)).toBe(true);
    expect(await getOutboxMail(db.prisma, failed?.id ?? 0)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await retryFailedMail(db.prisma, failed?.id ?? 0, helpdesk)).toBe(false);

    const smtp = await startTestSmtpServer();
    const worker = createMailWorker({ ...testMailConfig, pool: db.pool, smtpUrl: smtp.url, logger: createLogger({ level: 'silent' }) });
    try {
      expect(await worker.runOnce()).toBe(2);
      await waitUntil(async () => (await getOutboxMail(db.prisma, failed?.id ?? 0))?.status === 'sent', 10_000, 'the retried e-mail');
      expect(smtp.received.map((m) => m.to[0])).toContain('sofie.maes@pajottenland.example');
      expect(await getOutboxMail(db.prisma, failed?.id ?? 0)).toMatchObject({ status: 'sent', attempts: 1 });
    } finally {
      await worker.stop();
      await smtp.close();
    }
  });
});
