// `npm start` without SMTP_URL: the portal runs the mail worker and the
// development mail sink, and shows what it sent at /dev/mail.json.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded-postgres.js';
import { createDatabaseClients } from '../../src/db/client.js';
import { enqueueMail } from '../../src/mail/outbox.js';
import { exitOf, postmasterOf, spawnTs, waitUntil, waitForPortal } from '../helpers/processes.js';

const dataDir = await mkdtemp(join(tmpdir(), 'eloket-portal-mail-'));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('the portal process without SMTP_URL', () => {
  it('delivers a queued e-mail over SMTP to its development mail sink, shown at /dev/mail.json', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const portal = spawnTs('src/server.ts', [], {
      ELOKET_DATA_DIR: dataDir,
      PORT: String(port),
      BASE_URL: base,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      SMTP_URL: '',
      MAIL_POLL_SECONDS: '0.1',
    });
    try {
      await waitForPortal(portal, base);
      expect(portal.output()).toContain('development mail sink started');

      const postmaster = postmasterOf(join(dataDir, 'postgres'));
      const password = (await readFile(join(dataDir, 'postgres-password'), 'utf8')).trim();
      const clients = createDatabaseClients(`postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${postmaster?.port}/eloket`, { max: 1 });
      try {
        await clients.prisma.$transaction((tx) =>
          enqueueMail(
            tx,
            { to: 'jan.claes@zorgbedrijf-rivierenland.example', subject: 'Welkom', template: 'notification', data: { title: 'Welkom', paragraphs: ['Hallo.'] } },
            { baseUrl: base },
          ),
        );
        await waitUntil(
          async () => {
            const mails = (await (await fetch(`${base}/dev/mail.json`)).json()) as { subject: string }[];
            return mails.some((mail) => mail.subject === 'Welkom');
          },
          10_000,
          () => `the e-mail at /dev/mail.json\n${portal.output()}`,
        );
        const row = await clients.prisma.outboxMail.findFirstOrThrow({ where: { subject: 'Welkom' } });
        expect(row.status).toBe('sent');
      } finally {
        await clients.close();
      }
      expect(await (await fetch(`${base}/dev/mail`)).text()).toContain('jan.claes@zorgbedrijf-rivierenland.example');

      portal.kill('SIGTERM');
      expect(await exitOf(portal)).toBe(0);
      expect(portal.output()).toContain('mail worker stopped');
    } finally {
      if (portal.exitCode === null) portal.kill('SIGKILL');
    }
  });
});
