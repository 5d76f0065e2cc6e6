// The Berichtenmodule in Chromium, axe on every page: filter the received
// messages and page back and forth, open a thread and expand its history,
// reply with two attachments and a thread-only contact (the Contactdetails in
// a dialog), then read the department's notification in /dev/mail and follow
// its link through the login and the facility choice to the message.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createServices } from '../../src/services.js';
import { browserPortal, expectNoAxeViolations, hasBrowser, waitForPage } from '../helpers/browser.js';
import { clearThreads, createThread, daysBefore } from '../helpers/messages.js';
import { pdf } from '../helpers/sample-files.js';

describe.skipIf(!hasBrowser)('Berichtenmodule in Chromium', () => {
  let messages: ReturnType<typeof createServices>['messages'];
  let linden: { id: number };
  let threadId = 0;

  const portal = browserPortal({ mail: true });
  beforeAll(async () => {
    const { db } = portal;
    messages = createServices({ prisma: db.prisma, pool: db.pool, config: portal.config, logger: createLogger({ level: 'silent' }), identity: portal.identity }).messages;
    linden = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
    await clearThreads(db.prisma, linden.id);
    for (let i = 1; i <= 14; i++) {
      await createThread(db.prisma, {
        facilityId: linden.id,
        themeSlug: i <= 7 ? 'prijzen' : 'kwaliteit',
        title: `Bericht ${String(i).padStart(2, '0')}`,
        messages: [{ direction: 'incoming', sentAt: daysBefore(i + 10) }],
      });
    }
    const thread = await createThread(db.prisma, {
      facilityId: linden.id,
      themeSlug: 'prijzen',
      title: 'Dagprijzen 2026',
      messages: [
        { direction: 'outgoing', sentAt: daysBefore(3), body: 'Onze vraag over de dagprijzen.' },
        { direction: 'incoming', sentAt: daysBefore(2), body: 'Een eerste antwoord van het departement.' },
        { direction: 'incoming', sentAt: daysBefore(1), body: 'Het nieuwste antwoord.' },
      ],
    });
    threadId = thread.threadId;
  });

  /** Signs in as An Peeters, who chooses WZC Hof ter Linden; lands where the login was asked for. */
  async function signInAsAn(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'An Peeters', exact: true }).first().click();
    await page.waitForURL(`${portal.baseUrl}/organisatie/kiezen`);
    await expectNoAxeViolations(page);
    await page.getByLabel(/WZC Hof ter Linden/).check();
    await page.getByRole('button', { name: 'Verder' }).click();
  }

  it('filters the received messages and pages back and forth, the URL keeping the view', async () => {
    const page = await portal.browser.newPage();
    await page.goto(`${portal.baseUrl}/berichten`);
    await signInAsAn(page);
    await waitForPage(page, `${portal.baseUrl}/berichten`);
    await expectNoAxeViolations(page);
    const received = page.locator('#ontvangen');
    expect(await received.locator('tbody tr').count()).toBe(10);
    await received.getByLabel('Filter op titel').fill('bericht');
    await received.getByRole('button', { name: 'Filteren' }).click();
    await page.waitForURL(/ontvangen-titel=bericht/);
    expect(await received.locator('tbody tr').first().textContent()).toContain('Bericht 01');
    await received.getByRole('link', { name: 'Volgende' }).click();
    await page.waitForURL(/ontvangen-pagina=2/);
    expect(await received.locator('tbody tr').count()).toBe(4);
    expect(await received.locator('tbody tr').first().textContent()).toContain('Bericht 11');
    await expectNoAxeViolations(page);
    await received.getByRole('link', { name: 'Vorige' }).click();
    await page.waitForURL((url) => !url.search.includes('pagina'));
    expect(await received.getByLabel('Filter op titel').inputValue()).toBe('bericht');
    await page.goBack();
    await page.waitForURL(/ontvangen-pagina=2/);
    expect(await received.locator('tbody tr').first().textContent()).toContain('Bericht 11');
    await page.close();
  });

  it('opens a thread, expands its history, and replies with two attachments and a thread-only contact', async () => {
    const page = await portal.browser.newPage();
    await page.goto(`${portal.baseUrl}/berichten`);
    await signInAsAn(page);
    await page.getByRole('link', { name: 'Dagprijzen 2026' }).first().click();
    await page.waitForURL(/\/berichten\/\d+$/);
    expect(await page.textContent('h1')).toBe('Detail ontvangen bericht');
    await expectNoAxeViolations(page);
    const history = page.locator('.history__item', { hasText: 'Uitgaand bericht' });
    expect(await history.getByText('Onze vraag over de dagprijzen.').isVisible()).toBe(false);
    await history.locator('summary').click();
    expect(await history.getByText('Onze vraag over de dagprijzen.').isVisible()).toBe(true);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Bericht beantwoorden' }).click();
    await page.waitForURL(/beantwoorden$/);
    expect(await page.textContent('#recipients')).toContain('Er zijn geen contactpersonen opgegeven voor dit thema.');
    await page.getByLabel('Tekst').fill('Hierbij de gevraagde stukken.');
    await page.getByLabel('Bijlagen').setInputFiles([
      { name: 'dagprijzen.pdf', mimeType: 'application/pdf', buffer: pdf() },
      { name: 'toelichting.txt', mimeType: 'text/plain', buffer: Buffer.from('Toelichting bij de dagprijzen.\n') },
    ]);
    await page.getByText('Ontvangers voor Dagprijzen 2026').click();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Voeg toe' }).click();
    const dialog = page.locator('dialog[open]');
    await dialog.waitFor();
    await dialog.getByLabel('Naam', { exact: true }).fill('Verhoeven');
    await dialog.getByLabel('Voornaam').fill('Lies');
    await dialog.getByLabel('E-mailadres').fill('lies@hofterlinden.example');
    await dialog.getByLabel('Telefoonnummer').fill('016 12 34 99');
    await dialog.getByLabel('Nee').check();
    await expectNoAxeViolations(page);
    await dialog.getByRole('button', { name: 'toevoegen' }).click();
    await page.locator('dialog[open]').waitFor({ state: 'detached' });
    expect(await page.locator('.staged__table').textContent()).toContain('lies@hofterlinden.example');
    // The files chosen before are still in the form.
    expect(await page.getByLabel('Bijlagen').evaluate((input) => (input as HTMLInputElement).files?.length)).toBe(2);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Verzenden' }).click();
    await page.waitForURL(/\/verzonden$/);
    const thread = await portal.db.prisma.thread.findUniqueOrThrow({ where: { id: threadId } });
    expect(await page.textContent('main')).toContain(`werd verzonden naar Team Prijzen van het Departement Zorg, met referentienummer ${thread.reference}.`);
    await expectNoAxeViolations(page);
    const reply = await portal.db.prisma.message.findFirstOrThrow({ where: { threadId, direction: 'outgoing', body: 'Hierbij de gevraagde stukken.' }, include: { attachments: { include: { storedFile: true } } } });
    expect(reply.attachments.map((a) => a.storedFile.name).sort()).toEqual(['dagprijzen.pdf', 'toelichting.txt']);
    expect(await portal.db.prisma.threadContact.findMany({ where: { threadId }, select: { email: true } })).toEqual([{ email: 'lies@hofterlinden.example' }]);
    await page.close();
  });

  it('follows the notification from /dev/mail through the login and the facility choice to the message', async () => {
    const els = await portal.db.prisma.staffMember.findUniqueOrThrow({ where: { staffId: 'DZ10231' } });
    const added = await messages.addDepartmentMessage({ threadId, staffMemberId: els.id, body: 'Bedankt, alles is in orde.' });
    expect(added.notified).toEqual(['lies@hofterlinden.example']);
    const context = await portal.browser.newContext();
    const page = await context.newPage();
    for (let attempt = 0; attempt < 100; attempt++) {
      await page.goto(`${portal.baseUrl}/dev/mail`);
      if ((await page.locator('tr', { hasText: 'lies@hofterlinden.example' }).count()) > 0) break;
      await page.waitForTimeout(100);
    }
    await page.locator('tr', { hasText: 'lies@hofterlinden.example' }).getByRole('link').first().click();
    await expectNoAxeViolations(page);
    const link = page.frameLocator('iframe').getByRole('link', { name: 'Bericht bekijken' });
    const href = await link.getAttribute('href');
    expect(href).toBe(`${portal.baseUrl}/berichten/${added.messageId}`);
    await page.goto(href ?? '');
    await signInAsAn(page);
    await waitForPage(page, `${portal.baseUrl}/berichten/${added.messageId}`);
    expect(await page.textContent('main')).toContain('Bedankt, alles is in orde.');
    await expectNoAxeViolations(page);
    await context.close();
  });
});
