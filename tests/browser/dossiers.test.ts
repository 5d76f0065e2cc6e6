// The Meting dagprijzen in Chromium, axe on every page: start from the theme
// Prijzen, change lines in both Luiken (netto price live), save, come back,
// submit with the dialog and the capacity confirmation, read-only, receipt,
// e-mail in /dev/mail; then Team Prijzen's status list, filter and export.
import { describe, expect, it } from 'vitest';
import { browserPortal, expectNoAxeViolations, hasBrowser, openDevMail, openTheme, signInAs, startDossier } from '../helpers/browser.js';
import { metingDagprijzen2026 } from '../helpers/dagprijzen.js';
import { createContact } from '../helpers/messages.js';
import { confirmSubmitDialog } from '../helpers/price-journey.js';

describe.skipIf(!hasBrowser)('Meting dagprijzen in Chromium', () => {
  const portal = browserPortal({
    mail: true,
    clock: () => new Date('2026-05-10T10:00:00Z'),
    async prepare(db) {
      await metingDagprijzen2026(db.prisma);
      const hof = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
      await createContact(db.prisma, { facilityId: hof.id, themeSlugs: ['prijzen'], email: 'lies.wouters@hofterlinden.example', givenName: 'Lies', surname: 'Wouters' });
    },
  });

  it('starts, edits both Luiken, saves, comes back, submits with the capacity confirmation, and gets the receipt and the e-mail', async () => {
    const page = await portal.actingFor('An Peeters', /WZC Hof ter Linden/);
    await openTheme(page, 'Prijzen');
    const { url: dossierUrl } = await startDossier(page, 'Aanmaken meting dagprijzen mei 2026');
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
    await page.goto(`${portal.baseUrl}/`);
    await page.getByRole('link', { name: /Open het dossier/ }).click();
    expect(await page.locator('#luik2-1-prijs').inputValue()).toBe('70,00');
    await confirmSubmitDialog(page);
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

    await openDevMail(page, portal.baseUrl, 'lies.wouters@hofterlinden.example', /werd ingediend/);
    await expectNoAxeViolations(page);
    const mail = page.frameLocator('iframe');
    expect(await mail.locator('body').textContent()).toContain('WZC tweepersoonskamer');
    expect(await mail.getByRole('link', { name: 'Ontvangstbewijs (PDF)' }).getAttribute('href')).toBe(`${dossierUrl}/ontvangstbewijs.pdf`);
  });

  it('lets Team Prijzen follow the campaign: status list, filter, export', async () => {
    const context = await portal.browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await signInAs(page, portal.baseUrl, 'Els Willems');
    await page.goto(`${portal.baseUrl}/beheer/campagnes`);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Meting dagprijzen mei 2026' }).click();
    expect(await page.textContent('main')).toContain('ingediend: 1 (14,3%)');
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
  });
});
