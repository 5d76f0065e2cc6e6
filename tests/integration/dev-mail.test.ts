// /dev/mail and /dev/mail.json: the e-mails the development mail sink received
// from the real worker over SMTP; absent in production.
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { startMailSink } from '../../src/dev/mail-sink.js';
import { createMailWorker } from '../../src/mail/worker.js';
import { createLogger } from '../../src/logger.js';
import { productionEnv, createTestApp } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { queueTestMails, testMailConfig } from '../helpers/outbox.js';
import { waitUntil } from '../helpers/processes.js';

const db = await createTestDatabase();
const sink = await startMailSink({ limit: 5 });
const worker = createMailWorker({ ...testMailConfig, pool: db.pool, smtpUrl: sink.url, logger: createLogger({ level: 'silent' }) });
worker.start();
afterAll(async () => {
  await worker.stop();
  await sink.close();
});
const { app } = await createTestApp({ db, deps: { mailSink: sink }, env: { BASE_URL: 'https://eloket.example.be' } });

interface JsonMail {
  id: number;
  to: string[];
  subject: string;
  text: string;
  html: string;
  sentAt: string;
}

const mailsAsJson = async (): Promise<JsonMail[]> => (await request(app).get('/dev/mail.json').expect(200)).body as JsonMail[];

describe('/dev/mail', () => {
  it('lists what the worker delivered over SMTP, newest first, and keeps only the last ones', async () => {
    await queueTestMails(db.prisma, 7, 'https://eloket.example.be');
    await waitUntil(async () => (await db.prisma.outboxMail.count({ where: { status: 'sent' } })) === 7, 10_000, 'seven e-mails');

    const mails = await mailsAsJson();
    expect(mails).toHaveLength(5);
    const ids = mails.map((mail) => mail.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const first = mails[0];
    expect(first).toMatchObject({ to: [expect.stringMatching(/^ontvanger-\d@zorg\.example$/)], subject: expect.stringMatching(/^Testbericht \d$/) });
    expect(first?.text).toContain('Een bericht voor de test.');
    expect(first?.html).toContain('href="https://eloket.example.be/hulp"');
    expect(new Date(first?.sentAt ?? '').getTime()).toBeGreaterThan(Date.now() - 60_000);

    const page = await request(app).get('/dev/mail').expect(200);
    expect(page.text).toContain('<h1>Ontwikkelmail</h1>');
    expect(page.text).toContain(`<a href="/dev/mail/${first?.id}">${first?.subject}</a>`);
    expect(page.text.indexOf(`/dev/mail/${ids[0]}"`)).toBeLessThan(page.text.indexOf(`/dev/mail/${ids[1]}"`));
  });

  it('shows one e-mail with its text and its HTML in a sandboxed frame that cannot run script', async () => {
    const [mail] = await mailsAsJson();
    const page = await request(app).get(`/dev/mail/${mail?.id}`).expect(200);
    expect(page.text).toContain(`<h1>${mail?.subject}</h1>`);
    expect(page.text).toContain('Een bericht voor de test.');
    expect(page.text).toMatch(/<iframe[^>]+src="\/dev\/mail\/\d+\/html"[^>]*sandbox="allow-popups/);

    const html = await request(app).get(`/dev/mail/${mail?.id}/html`).expect(200);
    expect(html.headers['content-type']).toContain('text/html');
    const policy = html.headers['content-security-policy'] ?? '';
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("frame-ancestors 'self'");
    expect(policy).toContain('sandbox');
    expect(policy).not.toContain('script-src');
    // Links leave the frame for the top window.
    expect(html.text).toContain('<base target="_top">');

    await request(app).get('/dev/mail/999999').expect(404);
    await request(app).get('/dev/mail/abc/html').expect(404);
  });

  it('sends a test e-mail through the outbox from the page (with CSRF protection)', async () => {
    const agent = request.agent(app);
    const page = await agent.get('/dev/mail').expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    await request(app).post('/dev/mail/testbericht').type('form').send({ _csrf: token }).expect(403);
    const posted = await agent.post('/dev/mail/testbericht').type('form').send({ _csrf: token }).expect(303);
    expect(posted.headers.location).toBe('/dev/mail?testbericht=verstuurd');
    await waitUntil(async () => (await mailsAsJson()).some((m) => m.subject === 'Testbericht van het e-loket'), 10_000, 'the test e-mail');
    const queued = await db.prisma.outboxMail.findFirstOrThrow({ where: { causeType: 'dev-mail' } });
    expect(queued).toMatchObject({ status: 'sent', recipients: ['an.peeters@zonnehof.example'], template: 'notification' });
  });
});

describe('/dev/mail in production', () => {
  it('does not exist, even with a mail sink at hand', async () => {
    const production = await createTestApp({
      db,
      deps: { mailSink: sink },
      env: await productionEnv(),
    });
    for (const path of ['/dev/mail', '/dev/mail.json', '/dev/mail/1', '/dev/mail/1/html']) {
      await request(production.app).get(path).expect(404);
    }
  });
});
