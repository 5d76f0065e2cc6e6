// A new kamertype in a wijziging van dagprijzen (M38, issue 26) in Chromium,
// axe on every page: An Peeters (WZC Hof ter Linden) starts the wijziging from
// the theme Prijzen and adds a line to "Nieuwe kamertypes", with JavaScript and
// without it (the "Voeg toe" button is a plain post); without JavaScript she
// first names the line as a kamertype of her register, reads the error next to
// the field while nothing is stored, corrects the name, attaches the
// minister's approval and submits; Els Willems (Team Prijzen) takes it in
// behandeling and approves it, and from the ingangsdatum "Mijn prijzen" shows
// the new kamertype.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserPortal, expectNoAxeViolations, hasBrowser, openQueuedDossier, openTheme, scriptlessPage, startDossier, takeInHandAndDecide } from '../helpers/browser.js';
import { mainText, submitPriceDossier } from '../helpers/price-journey.js';
import { kamertypeEntry } from '../helpers/price-register.js';
import { pdf } from '../helpers/sample-files.js';

const LINK = 'Aanmaken wijziging van dagprijzen/uurprijzen of van capaciteit per type (bestaande voorziening)';
const ADD = 'Voeg toe aan ‘Nieuwe kamertypes’';
const MY_PRICES = '/themas/prijzen/mijn-prijzen';

describe.skipIf(!hasBrowser)('a new kamertype in a wijziging van dagprijzen, refused by its name, corrected and approved, in Chromium', () => {
  let dossierUrl = '';
  let dossierId = 0;
  let reference = '';
  let now = new Date('2026-03-02T10:00:00Z');

  const portal = browserPortal({
    clock: () => now,
    async prepare(db) {
      // 56 of the 60 recognised places in the register since 01/01/2025: a new kamertype may have 4.
      const hofTerLinden = await db.prisma.facility.update({ where: { hcoNumber: '4085' }, data: { recognizedCapacity: 60 } });
      await db.prisma.priceEntry.deleteMany({ where: { facilityId: hofTerLinden.id } });
      await db.prisma.priceEntry.createMany({
        data: [kamertypeEntry(hofTerLinden.id, 'WZC éénpersoonskamer', 'standaardkamer', 40, 6250), kamertypeEntry(hofTerLinden.id, 'WZC tweepersoonskamer', '', 16, 5800)],
      });
    },
  });
  const signInAn = () => portal.actingFor('An Peeters', /WZC Hof ter Linden/);
  const newKamertypes = (page: Page) => page.getByRole('table', { name: 'Nieuwe kamertypes', exact: true });
  /** The kamertypes of "Mijn prijzen" today, as text. */
  const kamertypesToday = async (page: Page) => (await page.getByRole('table', { name: /^Kamertypes op / }).textContent()) ?? '';
  /** The dossier's lines as stored: [name, capacity, price in cents]. */
  const storedLines = async () =>
    (await portal.db.prisma.priceDossierLine.findMany({ where: { dossierId }, orderBy: { position: 'asc' } })).map((l) => [l.name, l.capacity, l.priceCents]);
  const REGISTER_LINES = [
    ['WZC éénpersoonskamer', 40, 6250],
    ['WZC tweepersoonskamer', 16, 5800],
  ];

  /** "Voeg toe" of the group "Nieuwe kamertypes": the server draws the form again with one more (empty) line. */
  async function addLine(page: Page, lines: number): Promise<void> {
    const drawn = page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document');
    await page.getByRole('button', { name: ADD }).click();
    expect((await drawn).status()).toBe(200);
    await page.waitForLoadState();
    expect(await newKamertypes(page).locator('tbody tr').count()).toBe(lines);
    expect(await newKamertypes(page).getByLabel(`Naam (lijn ${lines})`).inputValue()).toBe('');
  }

  /** Fills line 1 of "Nieuwe kamertypes". */
  async function fillNewKamertype(page: Page, name: string): Promise<void> {
    const table = newKamertypes(page);
    await table.getByLabel('Naam (lijn 1)').fill(name);
    await table.getByLabel('Beschrijving (lijn 1)').fill('met terras');
    await table.getByLabel('Eenheid (lijn 1)').selectOption('dag');
    await table.getByLabel('Capaciteit (lijn 1)').fill('4');
    await table.getByLabel('Prijs (lijn 1)').fill('71,00');
  }

  it('lets An start the wijziging from Prijzen and add a line to "Nieuwe kamertypes" with JavaScript', async () => {
    const page = await signInAn();
    await openTheme(page, 'Prijzen');
    await page.getByRole('link', { name: 'Mijn prijzen', exact: true }).click();
    await page.waitForURL(`${portal.baseUrl}${MY_PRICES}`);
    const register = await kamertypesToday(page);
    expect(register).toContain('WZC éénpersoonskamer');
    expect(register).toContain('WZC tweepersoonskamer');
    await expectNoAxeViolations(page);
    await page.goBack();
    await page.waitForURL(`${portal.baseUrl}/themas/prijzen`);

    ({ url: dossierUrl, id: dossierId } = await startDossier(page, LINK));
    reference = (await portal.db.prisma.dossier.findUniqueOrThrow({ where: { id: dossierId } })).reference;
    expect(await page.textContent('h1')).toBe('Wijziging van dagprijzen/uurprijzen of van capaciteit per type (bestaande voorziening)');
    expect(await newKamertypes(page).textContent()).toContain('Nog geen lijnen.');
    // With script, the file field shows the portal's button (public/js/file-field.js ran).
    expect(await page.locator('.file-field__control').isVisible()).toBe(true);
    await expectNoAxeViolations(page);

    await page.getByLabel('Motivering').fill('De nieuwe vleugel heeft kamers met terras.');
    await addLine(page, 1);
    expect(await page.getByLabel('Motivering').inputValue()).toBe('De nieuwe vleugel heeft kamers met terras.');
    await expectNoAxeViolations(page);
    // Drawing a line stores nothing: An leaves the page and the draft has only the register's kamertypes.
    expect(await storedLines()).toEqual(REGISTER_LINES);
    await page.close();
  });

  it('without JavaScript, refuses a new kamertype named as one of the register next to its field and stores nothing; corrected, it is submitted', async () => {
    const an = await signInAn();
    const scriptless = await scriptlessPage(portal.browser, portal.baseUrl, an);
    await an.close();
    const { page } = scriptless;
    try {
      await page.goto(dossierUrl);
      // No script ran: the file field is the browser's own input, without the portal's button and its "Geen bestand gekozen".
      expect(await page.locator('.file-field__control').isHidden()).toBe(true);
      await scriptless.expectNoAxeViolations();
      await addLine(page, 1);
      await scriptless.expectNoAxeViolations();

      await fillNewKamertype(page, 'wzc Éénpersoonskamer');
      await page.getByLabel('Ingangsdatum').fill('01/04/2026');
      await page.getByLabel('Motivering').fill('De nieuwe vleugel heeft kamers met terras.');
      await page.getByLabel('Datum van de goedkeuring door de minister').fill('15/02/2026');
      await page.getByLabel('Referentie van de goedkeuring').fill('KAB/2026/31');
      await page.getByLabel('Goedkeuring van de minister (PDF)').setInputFiles({ name: 'goedkeuring minister.pdf', mimeType: 'application/pdf', buffer: pdf() });
      expect(await page.getByText('Geen bestand gekozen').isVisible()).toBe(false);
      await page.getByRole('button', { name: 'Indienen', exact: true }).click();
      // Without JavaScript the confirmation is a step of the form.
      await page.locator('#indienen').waitFor();
      await scriptless.expectNoAxeViolations();
      const refusal = page.waitForResponse((r) => r.request().method() === 'POST' && r.request().resourceType() === 'document');
      await page.locator('#indienen').getByRole('button', { name: 'OK' }).click();
      expect((await refusal).status()).toBe(400);
      await page.waitForLoadState();

      const error = 'Uw prijzenregister heeft al een kamertype ‘wzc Éénpersoonskamer’: wijzig het bij ‘Kamertypes’ hierboven of kies een andere naam.';
      expect((await page.locator('#nieuwekamertypes-0-name-error').innerText()).replace(/\s+/g, ' ')).toBe(`Fout: ${error}`);
      expect(await page.locator('#nieuwekamertypes-0-name').getAttribute('aria-invalid')).toBe('true');
      expect((await page.locator('.error-summary').innerText()).replace(/\s+/g, ' ')).toContain(`Nieuwe kamertypes, lijn 1, naam: ${error}`);
      expect(await newKamertypes(page).getByLabel('Naam (lijn 1)').inputValue()).toBe('wzc Éénpersoonskamer');
      // The approval chosen before is kept for the next attempt, not stored with the dossier.
      expect(await page.getByLabel(/^goedkeuring minister\.pdf /).isChecked()).toBe(true);
      await scriptless.expectNoAxeViolations();
      // Nothing stored: still a draft with the register's kamertypes, no approval, no register row.
      expect((await portal.db.prisma.dossier.findUniqueOrThrow({ where: { id: dossierId } })).status).toBe('opmaak');
      expect(await storedLines()).toEqual(REGISTER_LINES);
      expect((await portal.db.prisma.priceDossier.findUniqueOrThrow({ where: { dossierId } })).approvalFileId).toBeNull();
      expect(await portal.db.prisma.priceEntry.count({ where: { dossierId } })).toBe(0);

      await newKamertypes(page).getByLabel('Naam (lijn 1)').fill('Studio');
      const submitted = await submitPriceDossier(page, dossierUrl, () => scriptless.expectNoAxeViolations());
      expect(submitted).toContain('Ingangsdatum: 01/04/2026');
      expect(submitted).toMatch(/Nieuwe kamertypes Naam Beschrijving Eenheid Capaciteit Huidige prijs \(euro\) Nieuwe prijs \(euro\) Studio met terras per dag 4 – 71,00/);
      expect(submitted).toContain('Goedkeuring door de minister: KAB/2026/31');
      expect(await page.getByRole('link', { name: 'Goedkeuring van de minister (PDF)' }).count()).toBe(1);
      expect(await page.getByRole('link', { name: 'Ontvangstbewijs (PDF)' }).count()).toBe(1);

      expect((await portal.db.prisma.dossier.findUniqueOrThrow({ where: { id: dossierId } })).status).toBe('ingediend');
      expect(await storedLines()).toEqual([...REGISTER_LINES, ['Studio', 4, 7100]]);
      expect((await portal.db.prisma.priceDossier.findUniqueOrThrow({ where: { dossierId } })).approvalFileId).not.toBeNull();
    } finally {
      await scriptless.close();
    }
  });

  it('lets Els take it in behandeling and approve it; the register has the new kamertype from the ingangsdatum', async () => {
    const page = await portal.signedIn('Els Willems', '/beheer');
    await openQueuedDossier(page, portal.baseUrl, reference, dossierId);
    expect(await mainText(page)).toMatch(/Nieuwe kamertypes .*Studio: met terras per dag 4 71,00/);
    const decided = await takeInHandAndDecide(page, 'Goedkeuren');
    expect(decided).toContain('afgehandeld: goedgekeurd');
    await page.close();

    const dossier = await portal.db.prisma.dossier.findUniqueOrThrow({ where: { id: dossierId } });
    expect([dossier.status, dossier.outcome]).toEqual(['afgehandeld', 'aanvaard']);
    const written = await portal.db.prisma.priceEntry.findMany({ where: { dossierId } });
    expect(written.map((e) => [e.kind, e.name, e.description, e.unit, e.capacity, e.priceCents, e.validFrom.toISOString().slice(0, 10), e.removed])).toEqual([
      ['kamertype', 'Studio', 'met terras', 'dag', 4, 7100, '2026-04-01', false],
    ]);
  });

  it('shows An the new kamertype in "Mijn prijzen" from the ingangsdatum, not the day before', async () => {
    const page = await signInAn();
    await page.goto(dossierUrl);
    expect(await mainText(page)).toContain('afgehandeld: goedgekeurd');
    await expectNoAxeViolations(page);

    now = new Date('2026-03-31T21:59:00Z'); // 23:59 on 31 March in Brussels
    await page.goto(`${portal.baseUrl}${MY_PRICES}`);
    expect(await kamertypesToday(page)).not.toContain('Studio');
    await expectNoAxeViolations(page);

    now = new Date('2026-03-31T22:00:00Z'); // midnight, 1 April in Brussels
    await page.goto(`${portal.baseUrl}${MY_PRICES}`);
    const studio = page.getByRole('table', { name: /^Kamertypes op / }).locator('tbody tr', { hasText: 'Studio' });
    expect((await studio.locator('td, th').allInnerTexts()).map((c) => c.trim())).toEqual(['Studio', 'met terras', '4', '€ 71,00 per dag', '01/04/2026', reference]);
    const today = await kamertypesToday(page);
    expect(today).toContain('WZC éénpersoonskamer');
    expect(today).toContain('WZC tweepersoonskamer');
    await expectNoAxeViolations(page);
    await page.close();
  });
});
