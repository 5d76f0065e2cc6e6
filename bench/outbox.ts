// npm run bench:outbox — queues 10,000 e-mails through enqueueMail, delivers
// them with the real mail worker (production defaults) to a local SMTP server,
// and checks that every one arrived exactly once. Target: >= 300 e-mails/s,
// lost 0, duplicates 0. Runs its own embedded PostgreSQL in a temporary
// directory. The last line is the result:
//   outbox: <n> sent, <rate> e-mails/s, lost <n>, duplicates <n>
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SMTPServer } from 'smtp-server';
import { LOCAL_SMTP_OPTIONS } from '../src/dev/mail-sink.js';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { applyMigrations } from '../src/db/migrations.js';
import { createDatabaseClients, ensureDatabase } from '../src/db/client.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { enqueueMail } from '../src/mail/outbox.js';
import { createMailWorker } from '../src/mail/worker.js';

const TOTAL = Number(process.env.BENCH_MAILS ?? 10_000);
const config = loadConfig({ NODE_ENV: 'development', BASE_URL: 'https://eloket.example.be', LOG_LEVEL: 'warn' });

/**
 * A real SMTP server that only records each message's Message-ID (counting
 * every delivery). It runs in a child process, as a mail server would: on the
 * worker's event loop it would halve what the worker can do.
 */
function runCountingSmtpServer(): void {
  const deliveries = new Map<string, number>();
  const server = new SMTPServer({
    ...LOCAL_SMTP_OPTIONS,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const message = Buffer.concat(chunks).toString('utf8');
        const headers = message.slice(0, message.indexOf('\r\n\r\n'));
        const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(headers)?.[1] ?? 'missing';
        deliveries.set(messageId, (deliveries.get(messageId) ?? 0) + 1);
        callback();
      });
    },
  });
  server.on('error', () => {});
  server.listen(0, '127.0.0.1', () => {
    const address = server.server.address();
    process.send?.({ port: address && typeof address === 'object' ? address.port : 0 });
  });
  process.on('message', () => {
    process.send?.({ deliveries: [...deliveries.entries()] }, () => process.exit(0));
  });
}

interface CountingSmtpServer {
  url: string;
  /** Stops the server; how often each Message-ID arrived. */
  finish(): Promise<Map<string, number>>;
}

async function startCountingSmtpServer(): Promise<CountingSmtpServer> {
  const child = fork(fileURLToPath(import.meta.url), ['smtp-server'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  return {
    url: `smtp://127.0.0.1:${port}`,
    finish: () =>
      new Promise((resolve) => {
        child.once('message', (m: { deliveries: [string, number][] }) => resolve(new Map(m.deliveries)));
        child.send('report');
      }),
  };
}

if (process.argv[2] === 'smtp-server') {
  runCountingSmtpServer();
} else {
  await main();
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'eloket-bench-outbox-'));
  const postgres = await startEmbeddedPostgres({ dataDir });
  try {
    await ensureDatabase(postgres.adminUrl, 'bench');
    const url = postgres.urlFor('bench');
    await applyMigrations(url);
    const clients = createDatabaseClients(url);
    const smtp = await startCountingSmtpServer();

    const queueStarted = performance.now();
    for (let start = 0; start < TOTAL; start += 500) {
      await clients.prisma.$transaction(async (tx) => {
        for (let i = start; i < Math.min(TOTAL, start + 500); i++) {
          await enqueueMail(
            tx,
            {
              to: `ontvanger-${i}@zorg.example`,
              subject: `Bericht ${i}`,
              template: 'notification',
              data: { title: `Bericht ${i}`, greeting: 'Beste,', paragraphs: ['Er is een nieuw bericht voor uw voorziening.'], action: { text: 'Bekijk het bericht', path: `/berichten/${i}` } },
            },
            config,
          );
        }
      }, { timeout: 120_000 });
    }
    const queueSeconds = (performance.now() - queueStarted) / 1000;
    console.log(`outbox: queued ${TOTAL} e-mails in ${queueSeconds.toFixed(1)} s (${Math.round(TOTAL / queueSeconds)} e-mails/s, rendering included)`);

    const logger = createLogger({ level: 'warn' });
    const worker = createMailWorker({ ...config.mail, pool: clients.pool, smtpUrl: smtp.url, logger });
    const started = performance.now();
    worker.start();
    let sent = 0;
    for (;;) {
      const { rows } = await clients.pool.query<{ open: number; sent: number }>(
        `SELECT count(*) FILTER (WHERE status IN ('queued', 'sending'))::int AS open, count(*) FILTER (WHERE status = 'sent')::int AS sent FROM outbox_mail`,
      );
      sent = rows[0]?.sent ?? 0;
      if ((rows[0]?.open ?? 0) === 0) break;
      if (performance.now() - started > 10 * 60_000) {
        console.log('outbox: gave up after 10 minutes');
        break;
      }
      await sleep(100);
    }
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();

    const { rows: ids } = await clients.pool.query<{ message_id: string }>('SELECT message_id FROM outbox_mail');
    const deliveries = await smtp.finish();
    const lost = ids.filter((row) => !deliveries.has(row.message_id)).length;
    const received = [...deliveries.values()].reduce((sum, n) => sum + n, 0);
    const duplicates = received - deliveries.size;
    console.log(
      `outbox: worker with batch size ${config.mail.batchSize}, 8 lanes on pooled SMTP connections, ${received} SMTP deliveries in ${seconds.toFixed(2)} s`,
    );
    await clients.close();
    console.log(`outbox: ${sent} sent, ${Math.round(sent / seconds)} e-mails/s, lost ${lost}, duplicates ${duplicates}`);
  } finally {
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
