// A price change of existing supplements (M37, issue 26 item 7) in Chromium,
// axe on every page: An Peeters (WZC Hof ter Linden) raises the Kapper's
// price with the minister's approval attached as a PDF; Els Willems (Team
// Prijzen) opens the attachment and refuses with a motivation; An reads it and
// the decision letter, takes the dossier back with "Dossier corrigeren", sets
// the approved price and submits again with the same file; Els approves it,
// and from the ingangsdatum "Mijn prijzen" shows the new price.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserPortal, expectNoAxeViolations, expectPdfAt, hasBrowser, openQueuedDossier, openTheme, startDossier, takeInHandAndDecide } from '../helpers/browser.js';
import { mainText, submitPriceDossier } from '../helpers/price-journey.js';
import { supplementEntry } from '../helpers/price-register.js';
import { pdf } from '../helpers/sample-files.js';

const LINK = 'Aanmaken prijswijziging van bestaande supplementen (bestaande voorziening)';
const MOTIVATION = 'De goedgekeurde prijs in de bijlage is 21,00 euro.';

// Each step signs in and runs axe on several pages: on the shared machines a step takes up to 15 s.
describe.skipIf(!hasBrowser)('a price change of existing supplements, refused, corrected and approved, in Chromium', () => {
  let dossierUrl = '';
  let dossierId = 0;
  let reference = '';
  let approvalFileId: number | null = null;
  let now = new Date('2026-03-02T10:00:00Z');

  const portal = browserPortal({
    clock: () => now,
    async prepare(db) {
      // The register the change starts from: two supplements since 01/01/2025.
      const hofTerLinden = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });
      await db.prisma.priceEntry.deleteMany({ where: { facilityId: hofTerLinden.id } });
      await db.prisma.priceEntry.createMany({ data: [supplementEntry(hofTerLinden.id, 'Kapper', 'prestatie', 1800), supplementEntry(hofTerLinden.id, 'Televisie', 'maand', 1500)] });
    },
  });
  const signInAn = () => portal.actingFor('An Peeters', /WZC Hof ter Linden/);
  /** The "Nieuwe prijs" field in the Kapper's row of the form. */
  const kapperPrice = (page: Page) => page.locator('#supplementen ~ .table-wrapper').first().locator('tbody tr', { hasText: 'Kapper' }).getByRole('textbox');
  /** The supplements table of "Mijn prijzen", as text. */
  const supplementsToday = async (page: Page) => (await page.getByRole('table', { name: /^Supplementen op / }).textContent()) ?? '';

  /** Els Willems opens the dossier from the queue, takes it in behandeling and decides; returns the page's text afterwards. */
  async function decide(decision: 'Goedkeuren' | 'Weigeren', motivation?: string): Promise<string> {
    const page = await portal.signedIn('Els Willems', '/beheer');
    await openQueuedDossier(page, portal.baseUrl, reference, dossierId);
    const opened = await mainText(page);
    expect(opened).toContain('Goedkeuring door de minister: KAB/2026/17 van 15/02/2026.');
    // The approval the facility attached, to check against the price asked.
    const attachment = page.getByRole('link', { name: 'Goedkeuring van de minister (PDF)' });
    await expectPdfAt(page, `${portal.baseUrl}${await attachment.getAttribute('href')}`);

    const decided = await takeInHandAndDecide(page, decision, motivation);
    await page.close();
    return decided;
  }

  it('lets An raise the Kapper with the approval attached and submit it', async () => {
    const page = await signInAn();
    await openTheme(page, 'Prijzen');
    ({ url: dossierUrl, id: dossierId } = await startDossier(page, LINK));
    reference = (await portal.db.prisma.dossier.findUniqueOrThrow({ where: { id: dossierId } })).reference;
    expect(await page.textContent('h1')).toBe('Prijswijziging van bestaande supplementen (bestaande voorziening)');
    const form = await mainText(page);
    expect(form).toContain('18,00');
    expect(form).toContain('15,00');
    await expectNoAxeViolations(page);

    await kapperPrice(page).fill('21,50');
    await page.getByLabel('Ingangsdatum').fill('01/04/2026');
    await page.getByLabel('Datum van de goedkeuring door de minister').fill('15/02/2026');
    await page.getByLabel('Referentie van de goedkeuring').fill('KAB/2026/17');
    await page.getByLabel('Goedkeuring van de minister (PDF)').setInputFiles({ name: 'goedkeuring minister.pdf', mimeType: 'application/pdf', buffer: pdf() });
    await submitPriceDossier(page, dossierUrl);
    const submitted = await mainText(page);
    expect(submitted).toContain('21,50');
    expect(submitted).toContain('Ingangsdatum: 01/04/2026');
    expect(await page.getByRole('link', { name: 'Goedkeuring van de minister (PDF)' }).count()).toBe(1);
    expect((await portal.db.prisma.dossier.findUniqueOrThrow({ where: { id: dossierId } })).status).toBe('ingediend');
    ({ approvalFileId } = await portal.db.prisma.priceDossier.findUniqueOrThrow({ where: { dossierId } }));
    expect(approvalFileId).not.toBeNull();
    await page.close();
  });

  it('lets Els open the attachment and refuse the dossier with a motivation', async () => {
    const decided = await decide('Weigeren', MOTIVATION);
    expect(decided).toContain('afgehandeld: geweigerd');
    expect(decided).toContain(MOTIVATION);
  });

  it('lets An read the motivation and the letter, correct the price and submit again with the same file', async () => {
    const page = await signInAn();
    await page.goto(dossierUrl);
    const refused = await mainText(page);
    expect(refused).toContain('afgehandeld: geweigerd');
    expect(refused).toContain(MOTIVATION);
    await expectNoAxeViolations(page);
    await expectPdfAt(page, `${portal.baseUrl}${await page.getByRole('link', { name: 'Beslissingsbrief (PDF)' }).getAttribute('href')}`);

    await page.getByRole('button', { name: 'Dossier corrigeren' }).click();
    await page.waitForURL(`${dossierUrl}?gecorrigeerd=1`);
    expect(await mainText(page)).toContain('Status heropend');
    await expectNoAxeViolations(page);
    // The approval uploaded before stays with the dossier: no need to choose it again.
    expect(await page.getByRole('link', { name: 'Goedkeuring van de minister (PDF)' }).count()).toBe(1);
    await kapperPrice(page).fill('21,00');
    await submitPriceDossier(page, dossierUrl);
    const resubmitted = await mainText(page);
    expect(resubmitted).toContain('21,00');
    expect(resubmitted).not.toContain('21,50');
    expect((await portal.db.prisma.priceDossier.findUniqueOrThrow({ where: { dossierId } })).approvalFileId).toBe(approvalFileId);
    await page.close();
  });

  it('lets Els approve the corrected dossier; from the ingangsdatum "Mijn prijzen" shows the new price', async () => {
    const decided = await decide('Goedkeuren');
    expect(decided).toContain('afgehandeld: goedgekeurd');

    const page = await signInAn();
    await page.goto(dossierUrl);
    expect(await mainText(page)).toContain('afgehandeld: goedgekeurd');
    await expectNoAxeViolations(page);

    // The day before the ingangsdatum, still the old price.
    now = new Date('2026-03-31T10:00:00Z');
    await page.goto(`${portal.baseUrl}/themas/prijzen/mijn-prijzen`);
    const before = await supplementsToday(page);
    expect(before).toContain('18,00');
    expect(before).not.toContain('21,00');

    now = new Date('2026-04-01T10:00:00Z');
    await page.goto(`${portal.baseUrl}/themas/prijzen/mijn-prijzen`);
    const after = await supplementsToday(page);
    expect(after).toContain('21,00');
    expect(after).toContain('01/04/2026');
    expect(after).toContain(reference);
    expect(after).not.toContain('18,00');
    expect(after).toContain('15,00'); // Televisie did not change
    await expectNoAxeViolations(page);
    await page.close();
  });
});
