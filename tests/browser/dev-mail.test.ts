import { createServer } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, hasBrowser, launchBrowser } from '../helpers/browser.js';
import { createTestApp } from '../helpers/app.js';
import { startMailSink, type MailSink } from '../../src/dev/mail-sink.js';
import { createMailWorker, type MailWorker } from '../../src/mail/worker.js';
import { createLogger } from '../../src/logger.js';
import { freePort } from '../../src/db/embedded-postgres.js';
import { testMailConfig } from '../helpers/outbox.js';

describe.skipIf(!hasBrowser)('/dev/mail in Chromium', () => {
  let browser: Browser;
  let baseUrl: string;
  let sink: MailSink;
  let worker: MailWorker;

  beforeAll(async () => {
    // The e-mails' absolute links must point at this server.
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    sink = await startMailSink();
    const { app, db } = await createTestApp({ deps: { mailSink: sink }, env: { BASE_URL: baseUrl } });
    worker = createMailWorker({ ...testMailConfig, pool: db.pool, smtpUrl: sink.url, logger: createLogger({ level: 'silent' }) });
    worker.start();
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    browser = await launchBrowser();
    return async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await worker.stop();
      await sink.close();
    };
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('sends a test e-mail, lists it, shows it with working links, and passes axe', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${baseUrl}/dev/mail`);
    expect(await page.textContent('h1')).toBe('Ontwikkelmail');
    expect(await page.textContent('table')).toContain('Er werden nog geen e-mails verstuurd.');
    await expectNoAxeViolations(page);

    await page.click('text=Testbericht versturen');
    await page.waitForURL(`${baseUrl}/dev/mail?testbericht=verstuurd`);
    expect(await page.textContent('[role=status]')).toContain('Het testbericht staat in de wachtrij');
    for (let i = 0; i < 50 && (await page.locator('text=Testbericht van het e-loket').count()) === 0; i++) {
      await page.waitForTimeout(100);
      await page.reload();
    }
    expect(await page.textContent('tbody')).toContain('an.peeters@zonnehof.example');
    await expectNoAxeViolations(page);

    await page.click('text=Testbericht van het e-loket');
    await page.waitForURL(/\/dev\/mail\/\d+$/);
    expect(await page.textContent('h1')).toBe('Testbericht van het e-loket');
    expect(await page.textContent('pre')).toContain('Naar het e-loket: ' + baseUrl + '/');
    await expectNoAxeViolations(page);

    // The HTML version renders in its frame; its button leads to the portal.
    const frame = page.frameLocator('iframe[title="HTML-versie van de e-mail"]');
    await expect.poll(() => frame.locator('h1').textContent()).toBe('Testbericht');
    await frame.locator('a', { hasText: 'Naar het e-loket' }).click();
    await page.waitForURL(`${baseUrl}/`);
    expect(await page.textContent('h1')).toContain('Welkom op het e-loket Departement Zorg');
    expect(errors).toEqual([]);
  });
});
