// Queues test e-mails and reads the outbox, for the mail worker tests.
import type { PrismaClient } from '../../src/db/client.js';
import { enqueueMail } from '../../src/mail/outbox.js';
import type { MailConfig } from '../../src/config.js';
import { afterAll } from 'vitest';
import { createMailWorker } from '../../src/mail/worker.js';
import { createLogger } from '../../src/logger.js';
import { startTestSmtpServer, type TestSmtpServer } from './smtp.js';
import { startMailSink, type MailSink } from '../../src/dev/mail-sink.js';

export const testMailConfig: Omit<MailConfig, 'worker'> = {
  from: 'e-loket Departement Zorg <noreply@eloket.test>',
  batchSize: 20,
  maxAttempts: 5,
  leaseMs: 2_000,
  retryBaseMs: 100,
  pollMs: 50,
  bodyRetentionMs: 30 * 24 * 3600_000,
};

/** Queues `count` notification e-mails to distinct addresses, in transactions of 100. */
export async function queueTestMails(prisma: PrismaClient, count: number, baseUrl = 'http://localhost:3000'): Promise<void> {
  for (let start = 0; start < count; start += 100) {
    const end = Math.min(count, start + 100);
    await prisma.$transaction(async (tx) => {
      for (let i = start; i < end; i++) {
        await enqueueMail(
          tx,
          {
            to: `ontvanger-${i}@zorg.example`,
            subject: `Testbericht ${i}`,
            template: 'notification',
            data: { title: `Testbericht ${i}`, paragraphs: ['Een bericht voor de test.'] },
          },
          { baseUrl },
        );
      }
    }, { timeout: 60_000 });
  }
}

export async function statusCounts(prisma: PrismaClient): Promise<Record<string, number>> {
  const groups = await prisma.outboxMail.groupBy({ by: ['status'], _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
}

/**
 * The real worker delivering this test database's outbox to a real SMTP
 * server in this process; stopped after the test file.
 */
export async function startMailDelivery(pool: import('pg').Pool): Promise<TestSmtpServer> {
  const smtp = await startTestSmtpServer();
  const worker = createMailWorker({ ...testMailConfig, pool, smtpUrl: smtp.url, logger: createLogger({ level: 'silent' }) });
  worker.start();
  afterAll(async () => {
    await worker.stop();
    await smtp.close();
  });
  return smtp;
}

/**
 * The development mail sink (the one behind /dev/mail) fed by the real worker
 * from this test database's outbox, for the browser journeys; `stop` ends
 * the worker, then the sink.
 */
export async function startDevMailDelivery(pool: import('pg').Pool): Promise<{ sink: MailSink; stop(): Promise<void> }> {
  const sink = await startMailSink();
  const worker = createMailWorker({ ...testMailConfig, pool, smtpUrl: sink.url, logger: createLogger({ level: 'silent' }) });
  worker.start();
  return {
    sink,
    async stop() {
      await worker.stop();
      await sink.close();
    },
  };
}
