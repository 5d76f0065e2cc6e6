// The Meting dagprijzen in Chromium, axe on every page: start from the theme
// Prijzen, change lines in both Luiken (netto price live), save, come back,
// submit with the dialog and the capacity confirmation, read-only, receipt,
// e-mail in /dev/mail; then Team Prijzen's status list, filter and export.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailSink } from '../../src/dev/mail-sink.js';
import { dbDateOf } from '../../src/lib/dates.js';
import { expectNoAxeViolations, hasBrowser, launchBrowser, signInAs } from '../helpers/browser.js';
import { startTestServer } from '../helpers/app.js';
import { createTestDatabase } from '../helpers/database.js';
import { startDevMailDelivery } from '../helpers/outbox.js';

describe.skipIf(!hasBrowser)('Meting dagprijzen in Chromium', () => {
  let browser: Browser;
  let baseUrl: string;
  let sink: MailSink;
  let mail: Awaited<ReturnType<typeof startDevMailDelivery>> | undefined;

  beforeAll(async () => {
    const db = await createTestDatabase();
    await db.prisma.campaign.update({ where: { typeCode_year: { typeCode: 'meting-dagprijzen', year: 2026 } }, data: { openingDate: dbDateOf({ year: 2026, month: 4, day: 15 }), deadline: dbDateOf({ year: 2026, month: 5, day: 31 }), kortingCents: 629 } });
    const hof = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
    const prijzen = await db.prisma.theme.findUniqueOrThrow({ where: { slug: 'prijzen' } });
    await db.prisma.contactPerson.create({
      data: { facilityId: hof.id, surname: 'Wouters', givenName: 'Lies', email: 'lies.wouters@hofterlinden.example', phone: '016 12 34 57', confirmedAt: new Date(), themes: { create: [{ themeId: prijzen.id }] } },
    });
    mail = await startDevMailDelivery(db.pool);
    sink = mail.sink;
    ({ baseUrl } = await startTestServer({ db, deps: { mailSink: sink, clock: () => new Date('2026-05-10T10:00:00Z') } }));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await mail?.stop();
  });

  const signIn = (page: Page, name: string) => signInAs(page, baseUrl, name);

  it('starts, edits both Luiken, saves, comes back, submits with the capacity confirmation, and gets the receipt and the e-mail', async () => {
    const page = await browser.newPage();
    await signIn(page, 'An Peeters');
    await page.getByLabel(/WZC Hof ter Linden/).check();
    await page.getByRole('button', { name: 'Verder' }).click();
    await page.waitForURL(`${baseUrl}/`);
    await page.getByRole('link', { name: 'Prijzen', exact: true }).click();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Aanmaken meting dagprijzen mei 2026' }).click();
    await page.waitForURL(/\/dossiers\/\d+$/);
    const dossierUrl = page.url();
    expect(await page.textContent('h1')).toBe('Meting dagprijzen mei 2026');
    expect(await page.locator('#luik1-0-beschrijving').inputValue()).toBe('Standaardkamer');
    expect(await page.textContent('#luik2-0-netto')).toBe('60,00');
    await expectNoAxeViolations(page);

    // Luik 2: a new line, the netto price follows the typing.
    await page.getByRole('button', { name: 'Voeg toe aan Luik 2' }).click();
    expect(await page.locator('#luik2-1-kamertype').inputValue()).toBe('WZC éénpersoonskamer');
    await page.locator('#luik2-1-kamertype').selectOption('WZC tweepersoonskamer');
    await page.locator('#luik2-1-capaciteit').fill('2');
    await page.locator('#luik2-1-prijs').fill('70,00');
    expect(await page.textContent('#luik2-1-netto')).toBe('63,71');
    // Luik 1: the cross asks first.
    let question = '';
    page.once('dialog', (dialog) => {
      question = dialog.message();
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Verwijder lijn 2 van Luik 1' }).click();
    await page.waitForLoadState();
    expect(question).toBe('Bent u zeker dat u lijn 2 van Luik 1 wilt verwijderen?');
    expect(await page.locator('#luik1-1-capaciteit').count()).toBe(0);
    expect(await page.locator('#luik2-1-prijs').inputValue()).toBe('70,00');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Bewaren', exact: true }).click();
    await page.waitForURL(/bewaard=1/);
    await expectNoAxeViolations(page);

    // Coming back later.
    await page.goto(`${baseUrl}/`);
    await page.getByRole('link', { name: /Open het dossier/ }).click();
    expect(await page.locator('#luik2-1-prijs').inputValue()).toBe('70,00');
    await page.getByRole('button', { name: 'Indienen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Dossier indienen' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await dialog.getByRole('button', { name: 'OK' }).click();
    await page.waitForLoadState();
    expect(await page.textContent('#capaciteit-bevestigen')).toContain('De som van de capaciteit in Luik 1 en Luik 2 (86) is lager dan de erkende capaciteit van uw woonzorgcentrum op 1 mei 2026 (96).');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Ja, 86 van 96 woongelegenheden klopt: indienen' }).click();
    await page.waitForURL(/ingediend=1/);
    expect(await page.textContent('main')).toContain('Uw dossier werd succesvol ingediend');
    expect(await page.locator('main input:not([type="hidden"]), main select').count()).toBe(0);
    await expectNoAxeViolations(page);

    const receipt = await page.request.get(`${dossierUrl}/ontvangstbewijs.pdf`);
    expect(receipt.status()).toBe(200);
    expect(receipt.headers()['content-type']).toBe('application/pdf');

    for (let attempt = 0; attempt < 100 && (await page.goto(`${baseUrl}/dev/mail`), (await page.locator('tr', { hasText: 'werd ingediend' }).count()) === 0); attempt++) {
      await page.waitForTimeout(100);
    }
    await page.locator('tr', { hasText: 'lies.wouters@hofterlinden.example' }).getByRole('link', { name: /werd ingediend/ }).first().click();
    await expectNoAxeViolations(page);
    const mail = page.frameLocator('iframe');
    expect(await mail.locator('body').textContent()).toContain('WZC tweepersoonskamer');
    expect(await mail.getByRole('link', { name: 'Ontvangstbewijs (PDF)' }).getAttribute('href')).toBe(`${dossierUrl}/ontvangstbewijs.pdf`);
  });

  it('lets Team Prijzen follow the campaign: status list, filter, export', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, 'Els Willems');
    await page.goto(`${baseUrl}/beheer/campagnes`);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Meting dagprijzen mei 2026' }).click();
    expect(await page.textContent('main')).toContain('ingediend: 1 (25%)');
    await expectNoAxeViolations(page);
    await page.getByLabel('Status').selectOption('ingediend');
    await page.getByRole('button', { name: 'Filteren' }).click();
    await page.waitForURL(/status=ingediend/);
    expect(await page.locator('tbody tr').count()).toBe(1);
    await page.getByRole('link', { name: 'WZC Hof ter Linden' }).click();
    expect(await page.textContent('main')).toContain('63,71');
    await expectNoAxeViolations(page);
    await page.goBack();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'als Excel (XLSX)' }).click()]);
    expect(download.suggestedFilename()).toBe('meting-dagprijzen-2026.xlsx');
    await context.close();
  }, 60_000);
});
