// The mail worker as its own process (`npm run worker`'s entry), killed and
// restarted, against a real SMTP server in this process.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.js';
import { startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from '../helpers/smtp.js';
import { queueTestMails, statusCounts } from '../helpers/outbox.js';
import { exitOf, spawnTs, waitForOutput, waitUntil, type ProjectProcess } from '../helpers/processes.js';

const db = await createTestDatabase();
let children: ProjectProcess[] = [];
let smtp: TestSmtpServer | undefined;

/** A short lease makes a crashed worker's e-mails come back quickly; a live worker's must not expire under load. */
function startWorkerProcess(smtpUrl: string, leaseSeconds = 2): ProjectProcess {
  const child = spawnTs('src/mail/worker-main.ts', [], {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATABASE_URL: db.url,
    SMTP_URL: smtpUrl,
    MAIL_BATCH_SIZE: '20',
    MAIL_LEASE_SECONDS: String(leaseSeconds),
    MAIL_RETRY_SECONDS: '0.1',
    MAIL_POLL_SECONDS: '0.05',
  });
  children.push(child);
  return child;
}

const started = (child: ProjectProcess) => waitForOutput(child, 'mail worker started', 20_000);

function deliveriesPerMessageId(received: ReceivedMail[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of received) counts.set(mail.messageId, (counts.get(mail.messageId) ?? 0) + 1);
  return counts;
}

async function expectEveryMailDelivered(total: number, timeoutMs = 20_000): Promise<Map<string, number>> {
  await waitUntil(async () => (await statusCounts(db.prisma)).sent === total, timeoutMs, `all ${total} e-mails sent`);
  const deliveries = deliveriesPerMessageId(smtp?.received ?? []);
  const rows = await db.prisma.outboxMail.findMany({ select: { messageId: true } });
  const lost = rows.filter((row) => !deliveries.has(row.messageId));
  expect(lost).toEqual([]);
  expect(deliveries.size).toBe(total);
  return deliveries;
}

describe('the mail worker process', () => {
  beforeEach(async () => {
    await db.prisma.outboxMail.deleteMany();
  });
  afterEach(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    children = [];
    await smtp?.close();
    smtp = undefined;
  });

  it('killed with SIGKILL in the middle of a batch and restarted: every e-mail delivered, none lost', { timeout: 60_000 }, async () => {
    smtp = await startTestSmtpServer({ beforeAccept: () => new Promise((resolve) => setTimeout(resolve, 10)) });
    await queueTestMails(db.prisma, 200);
    const first = startWorkerProcess(smtp.url);
    await waitUntil(() => (smtp?.received.length ?? 0) >= 30, 20_000, () => `30 e-mails\n${first.output()}`);
    first.kill('SIGKILL');
    await exitOf(first);
    expect((await statusCounts(db.prisma)).sent ?? 0).toBeLessThan(200);

    startWorkerProcess(smtp.url);
    const deliveries = await expectEveryMailDelivered(200);
    // Only e-mails in flight at the kill (at most one per lane, 8) can arrive twice.
    const extra = smtp.received.length - 200;
    expect(extra).toBeLessThanOrEqual(8);
    expect(Math.max(...deliveries.values())).toBeLessThanOrEqual(2);
  });

  it('crashing after the SMTP server accepted an e-mail but before marking it sent: one extra delivery, same Message-ID', { timeout: 60_000 }, async () => {
    let crashed: ReceivedMail | undefined;
    const crash: { worker?: ProjectProcess } = {};
    smtp = await startTestSmtpServer({
      async beforeAccept(mail) {
        const worker = crash.worker;
        if (crashed || !worker || (smtp?.received.length ?? 0) < 10) return;
        // The server has the e-mail; the worker dies before it hears "250".
        crashed = mail;
        worker.kill('SIGKILL');
        await exitOf(worker);
      },
    });
    await queueTestMails(db.prisma, 50);
    crash.worker = startWorkerProcess(smtp.url);
    await waitUntil(() => crashed !== undefined, 20_000, () => `the crash\n${crash.worker?.output()}`);
    const row = await db.prisma.outboxMail.findUniqueOrThrow({ where: { messageId: crashed?.messageId ?? '' } });
    expect(row.status).toBe('sending');

    startWorkerProcess(smtp.url);
    const deliveries = await expectEveryMailDelivered(50);
    expect(deliveries.get(row.messageId)).toBe(2);
    const twice = smtp.received.filter((mail) => mail.messageId === row.messageId);
    expect(twice.map((mail) => mail.subject)).toEqual([row.subject, row.subject]);
    expect(Math.max(...deliveries.values())).toBeLessThanOrEqual(2);
  });

  it('two workers on 1,000 e-mails deliver each exactly once', { timeout: 60_000 }, async () => {
    smtp = await startTestSmtpServer();
    const workers = [startWorkerProcess(smtp.url, 60), startWorkerProcess(smtp.url, 60)];
    await Promise.all(workers.map(started));
    const claimedBy = new Set<string>();
    const watch = setInterval(() => {
      db.pool
        .query<{ pid: string }>(`SELECT DISTINCT split_part(locked_by, ':', 2) AS pid FROM outbox_mail WHERE status = 'sending'`)
        .then(({ rows }) => rows.forEach((r) => claimedBy.add(r.pid)), () => {});
    }, 20);
    try {
      await queueTestMails(db.prisma, 1000);
      const deliveries = await expectEveryMailDelivered(1000, 40_000);
      expect(smtp.received).toHaveLength(1000);
      expect(Math.max(...deliveries.values())).toBe(1);
    } finally {
      clearInterval(watch);
    }
    // Both processes took part.
    expect([...claimedBy].sort()).toEqual(workers.map((w) => String(w.pid)).sort());

    for (const worker of workers) worker.kill('SIGTERM');
    expect(await Promise.all(workers.map(exitOf))).toEqual([0, 0]);
  });
});
