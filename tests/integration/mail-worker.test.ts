// The mail worker in this process against a real SMTP server (smtp-server):
// delivery, retries with backoff, permanent failures, leases, graceful stop.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailWorker, isPermanentFailure, retryDelayMs, type MailWorker } from '../../src/mail/worker.js';
import { createLogger } from '../../src/logger.js';
import { freePort } from '../../src/db/embedded-postgres.js';
import { createTestDatabase } from '../helpers/database.js';
import { startTestSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';
import { queueTestMails, statusCounts, testMailConfig } from '../helpers/outbox.js';
import { waitUntil } from '../helpers/processes.js';

const db = await createTestDatabase();
const logger = createLogger({ level: 'silent' });
let workers: MailWorker[] = [];
let servers: TestSmtpServer[] = [];

function startWorker(smtpUrl: string, overrides: Partial<typeof testMailConfig> = {}): MailWorker {
  const worker = createMailWorker({ ...testMailConfig, ...overrides, pool: db.pool, smtpUrl, logger });
  workers.push(worker);
  worker.start();
  return worker;
}

async function smtpServer(options: Parameters<typeof startTestSmtpServer>[0] = {}): Promise<TestSmtpServer> {
  const server = await startTestSmtpServer(options);
  servers.push(server);
  return server;
}

const allSent = async (count: number) => (await statusCounts(db.prisma)).sent === count;

describe('the mail worker', () => {
  beforeEach(async () => {
    await db.prisma.outboxMail.deleteMany();
  });
  afterEach(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await Promise.all(servers.map((s) => s.close()));
    workers = [];
    servers = [];
  });

  it('delivers queued e-mails over SMTP exactly as stored, with their Message-ID, and marks them sent', async () => {
    const smtp = await smtpServer();
    await queueTestMails(db.prisma, 3);
    startWorker(smtp.url);
    await waitUntil(() => allSent(3), 10_000, 'three e-mails sent');
    const rows = await db.prisma.outboxMail.findMany({ orderBy: { id: 'asc' } });
    expect(smtp.received).toHaveLength(3);
    for (const row of rows) {
      const mail = smtp.received.find((m) => m.messageId === row.messageId);
      expect(mail?.to).toEqual(row.recipients);
      expect(mail?.subject).toBe(row.subject);
      expect(mail?.from).toBe('noreply@eloket.test');
      expect(mail?.text.trim()).toBe(row.text.trim());
      expect(mail?.html.trim()).toBe(row.html.trim());
      expect(row).toMatchObject({ status: 'sent', attempts: 1, lockedBy: null, leaseUntil: null });
      expect(row.sentAt).toBeInstanceOf(Date);
    }
  });

  it('keeps retrying while the SMTP server is down and delivers everything once it is back', async () => {
    const port = await freePort();
    await queueTestMails(db.prisma, 30);
    startWorker(`smtp://127.0.0.1:${port}`, { maxAttempts: 50 });
    // Down: attempts fail, the e-mails wait in the queue with the connection error.
    await waitUntil(async () => (await db.prisma.outboxMail.count({ where: { attempts: { gte: 2 } } })) === 30, 10_000, 'failed attempts');
    const waiting = await db.prisma.outboxMail.findFirstOrThrow();
    expect(['queued', 'sending']).toContain(waiting.status);
    expect(waiting.lastError).toMatch(/ECONNREFUSED|ECONNECTION|connect/i);
    // Back up on the same address.
    const smtp = await smtpServer({ port });
    await waitUntil(() => allSent(30), 20_000, 'thirty e-mails sent');
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(30);
    expect(smtp.received).toHaveLength(30);
  });

  it('retries a temporary rejection (4xx) with backoff, and fails after the last attempt', async () => {
    const smtp = await smtpServer();
    smtp.rejectWith(451, 'Try again later');
    await queueTestMails(db.prisma, 1);
    startWorker(smtp.url, { maxAttempts: 3, retryBaseMs: 200 });
    await waitUntil(async () => (await statusCounts(db.prisma)).failed === 1, 10_000, 'the e-mail to fail');
    const mail = await db.prisma.outboxMail.findFirstOrThrow();
    expect(mail).toMatchObject({ status: 'failed', attempts: 3, sentAt: null });
    expect(mail.lastError).toContain('451');
    // Two waits of at least half the backoff (100 ms, then 200 ms) separate the three attempts.
    expect(mail.updatedAt.getTime() - mail.createdAt.getTime()).toBeGreaterThanOrEqual(300);
  });

  it('fails an e-mail at once on a permanent rejection (5xx)', async () => {
    const smtp = await smtpServer();
    smtp.rejectWith(550, 'Mailbox unavailable');
    await queueTestMails(db.prisma, 2);
    startWorker(smtp.url, { maxAttempts: 10 });
    await waitUntil(async () => (await statusCounts(db.prisma)).failed === 2, 10_000, 'both e-mails to fail');
    const mails = await db.prisma.outboxMail.findMany();
    expect(mails.map((m) => m.attempts)).toEqual([1, 1]);
    expect(mails[0]?.lastError).toContain('550 Mailbox unavailable');
  });

  it('claims again the e-mails of a worker whose lease ran out, with the same Message-ID', async () => {
    const smtp = await smtpServer();
    await queueTestMails(db.prisma, 5);
    // A worker that claimed the e-mails and died: status sending, lease in the past.
    await db.pool.query(
      `UPDATE outbox_mail SET status = 'sending', attempts = 1, locked_by = 'gone:1:abc', lease_until = now() - interval '1 second'`,
    );
    const messageIds = (await db.prisma.outboxMail.findMany()).map((m) => m.messageId).sort();
    startWorker(smtp.url);
    await waitUntil(() => allSent(5), 10_000, 'five e-mails sent');
    expect(smtp.received.map((m) => m.messageId).sort()).toEqual(messageIds);
    expect((await db.prisma.outboxMail.findMany()).every((m) => m.attempts === 2)).toBe(true);
  });

  it('does not claim e-mails another worker holds under a valid lease', async () => {
    const smtp = await smtpServer();
    await queueTestMails(db.prisma, 3);
    await db.pool.query(`UPDATE outbox_mail SET status = 'sending', attempts = 1, locked_by = 'other:1:abc', lease_until = now() + interval '1 hour'`);
    const worker = createMailWorker({ ...testMailConfig, pool: db.pool, smtpUrl: smtp.url, logger });
    workers.push(worker);
    expect(await worker.runOnce()).toBe(0);
    expect(smtp.received).toHaveLength(0);
  });

  it('finishes the e-mails being sent when stopped and releases the rest of its batch', async () => {
    const smtp = await smtpServer({ beforeAccept: () => new Promise((resolve) => setTimeout(resolve, 100)) });
    await queueTestMails(db.prisma, 20);
    const worker = startWorker(smtp.url, { batchSize: 20 });
    await waitUntil(() => smtp.received.length >= 1, 10_000, 'a first e-mail');
    await worker.stop();
    const counts = await statusCounts(db.prisma);
    expect(counts.sending).toBeUndefined();
    expect(counts.sent).toBe(smtp.received.length);
    expect(counts.queued).toBe(20 - smtp.received.length);
    // Released e-mails lose the attempt the claim counted.
    expect(await db.prisma.outboxMail.count({ where: { status: 'queued', attempts: { not: 0 } } })).toBe(0);
  });
});

describe('retry policy', () => {
  it('doubles the delay with each attempt, with jitter, up to an hour', () => {
    expect(retryDelayMs(1, 1000, () => 0)).toBe(500);
    expect(retryDelayMs(1, 1000, () => 1)).toBe(1000);
    expect(retryDelayMs(3, 1000, () => 1)).toBe(4000);
    expect(retryDelayMs(30, 1000, () => 1)).toBe(60 * 60 * 1000);
  });

  it('treats only 5xx answers as permanent', () => {
    expect(isPermanentFailure({ responseCode: 550 })).toBe(true);
    expect(isPermanentFailure({ responseCode: 451 })).toBe(false);
    expect(isPermanentFailure({ code: 'ECONNECTION' })).toBe(false);
  });
});
