// The whole journey of the Contactenmodule in Chromium, axe on every page:
// add a contact, confirm from /dev/mail, see ✓ and "Contactpersonen per thema",
// the task gone; change the e-mail address and see "–" again.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailSink, type MailSink } from '../../src/dev/mail-sink.js';
import { createMailWorker } from '../../src/mail/worker.js';
import { createLogger } from '../../src/logger.js';
import { expectNoAxeViolations, hasBrowser, launchBrowser } from '../helpers/browser.js';
import { startTestServer } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { testMailConfig } from '../helpers/outbox.js';

describe.skipIf(!hasBrowser)('Contactenmodule in Chromium', () => {
  let browser: Browser;
  let baseUrl: string;
  let sink: MailSink;
  let stopWorker: () => Promise<void>;

  beforeAll(async () => {
    const db = await createTestDatabase();
    sink = await startMailSink();
    const worker = createMailWorker({ ...testMailConfig, pool: db.pool, smtpUrl: sink.url, logger: createLogger({ level: 'silent' }) });
    worker.start();
    stopWorker = () => worker.stop();
    ({ baseUrl } = await startTestServer({ db, deps: { mailSink: sink } }));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await stopWorker?.();
    await sink?.close();
  });

  async function signInAsJan(page: Page): Promise<void> {
    await page.goto(`${baseUrl}/auth/login`);
    await page.getByRole('button', { name: 'Jan Claes', exact: true }).click();
    await page.waitForURL(`${baseUrl}/`);
  }

  async function openConfirmationMail(page: Page, to: string): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      await page.goto(`${baseUrl}/dev/mail`);
      const link = page.locator('tr', { hasText: to }).getByRole('link', { name: /^Bevestig dat u contactpersoon bent/ });
      if ((await link.count()) > 0) {
        await link.first().click();
        return;
      }
      await page.waitForTimeout(100);
    }
    throw new Error(`no confirmation e-mail to ${to}`);
  }

  it('adds a contact, confirms it from /dev/mail, and sees it go back to "–" when its e-mail changes', async () => {
    const page = await browser.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await signInAsJan(page);
    expect(await page.textContent('main')).toContain('Er is nog geen bevestigde contactpersoon voor het thema ‘Prijzen’.');
    await expectNoAxeViolations(page);

    await page.locator('main').getByRole('link', { name: /Geef een contactpersoon op voor Prijzen/ }).click();
    await page.waitForURL(`${baseUrl}/mijn-organisatie/contactpersonen`);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Bewerken' }).click();
    await page.getByRole('button', { name: 'Voeg een nieuwe lijn toe' }).click();
    await page.getByLabel('Naam (lijn 1)', { exact: true }).fill('Wouters');
    await page.getByLabel('Voornaam (lijn 1)').fill('Sofie');
    await page.getByLabel('E-mail (lijn 1)', { exact: true }).fill('sofie@sint-jozef.example');
    await page.getByLabel('Telefoon (lijn 1)').fill('015 28 90 01');
    await page.locator('#lines-0-theme-prijzen').check();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Bewaren', exact: true }).click();
    await page.waitForURL(/bewaard=1/);
    expect(await page.locator('tbody tr', { hasText: 'Wouters' }).first().textContent()).toContain('–');
    await expectNoAxeViolations(page);

    await openConfirmationMail(page, 'sofie@sint-jozef.example');
    await expectNoAxeViolations(page);
    const frame = page.frameLocator('iframe');
    const confirm = frame.getByRole('link', { name: 'Ik bevestig' });
    const href = await confirm.getAttribute('href');
    expect(href).toMatch(new RegExp(`^${baseUrl}/bevestigen/`));
    await page.goto(href ?? '');
    expect(await page.textContent('h1')).toBe('Uw bevestiging is in orde');
    await expectNoAxeViolations(page);

    await page.goto(`${baseUrl}/mijn-organisatie/contactpersonen`);
    expect(await page.locator('tbody tr', { hasText: 'Wouters' }).first().textContent()).toContain('✓');
    expect(await page.locator('table', { hasText: 'Sofie Wouters (sofie@sint-jozef.example)' }).count()).toBe(1);
    await page.goto(`${baseUrl}/`);
    expect(await page.textContent('main')).not.toContain('voor het thema ‘Prijzen’');

    await page.goto(`${baseUrl}/mijn-organisatie/contactpersonen?bewerken=1`);
    await page.getByLabel('E-mail (lijn 1)', { exact: true }).fill('sofie.wouters@sint-jozef.example');
    await page.getByRole('button', { name: 'Bewaren', exact: true }).click();
    await page.waitForURL(/bewaard=1/);
    expect(await page.locator('tbody tr', { hasText: 'Wouters' }).first().textContent()).toContain('–');
  });

  it('asks "Bent u zeker …?" in a dialog before removing a line', async () => {
    const page = await browser.newPage();
    await signInAsJan(page);
    await page.goto(`${baseUrl}/mijn-organisatie/contactpersonen?bewerken=1`);
    let question = '';
    page.on('dialog', (dialog) => {
      question = dialog.message();
      void dialog.accept();
    });
    await page.getByRole('button', { name: /Verwijder lijn 1/ }).click();
    await page.waitForLoadState();
    expect(question).toBe('Bent u zeker dat u Sofie Wouters wilt verwijderen als contactpersoon?');
    expect(await page.locator('#lines-0-email').count()).toBe(0);
    await expectNoAxeViolations(page);
  });

  it('shows errors accessibly when a line is incomplete', async () => {
    const page = await browser.newPage();
    await signInAsJan(page);
    await page.goto(`${baseUrl}/mijn-organisatie/contactpersonen?bewerken=1`);
    await page.getByRole('button', { name: 'Voeg een nieuwe lijn toe' }).click();
    await page.locator('#lines-1-givenName').fill('Piet');
    await page.getByRole('button', { name: 'Bewaren', exact: true }).click();
    expect(await page.textContent('.error-summary')).toContain('Lijn 2, naam: vul de naam in.');
    await expectNoAxeViolations(page);
    await page.goto(`${baseUrl}/mijn-organisatie?bewerken=1`);
    await page.getByLabel('E-mail').fill('fout');
    await page.getByRole('button', { name: 'Bewaren' }).click();
    expect(await page.textContent('.error-summary')).toContain('Vul een geldig e-mailadres in');
    await expectNoAxeViolations(page);
    await page.goto(`${baseUrl}/themas/prijzen`);
    await expectNoAxeViolations(page);
  });
});
