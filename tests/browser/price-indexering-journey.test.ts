// The indexering (M34) in Chromium, axe on every page: An Peeters reads "Mijn
// prijzen", starts the indexering from the theme Prijzen, picks the start
// month, lets the portal compute the percentage and the highest prices, lowers
// one price, submits and downloads the receipt. Nobody at Team Prijzen
// decides: after the 30-day term the term job approves it, An reads the
// decision with its letter, and from the ingangsdatum "Mijn prijzen" shows the
// new prices.
import { describe, expect, it } from 'vitest';
import { approveExpiredTerms } from '../../src/modules/dossier-core/index.js';
import { browserPortal, expectNoAxeViolations, expectPdfAt, hasBrowser, openTheme, startDossier } from '../helpers/browser.js';
import { mainText, submitPriceDossier } from '../helpers/price-journey.js';

const LINK = 'Aanmaken indexering van de dagprijs/uurprijs (bestaande voorziening)';
// Hand-computed as in tests/integration/price-indexering.test.ts: 124,20 / 120,00 - 1 = 3,50 %;
// per current price (cents) the highest new price, and what An enters (one lowered).
const MAXIMA: Record<string, string> = { '62,50': '64,69', '55,00': '56,93', '66,29': '68,61' };
const ENTERED: Record<string, string> = { '62,50': '64,00', '55,00': '56,93', '66,29': '68,61' };

describe.skipIf(!hasBrowser)('the indexering in Chromium', () => {
  let dossierUrl = '';
  let now = new Date('2027-07-15T08:00:00Z');
  const portal = browserPortal({
    clock: () => now,
    async prepare(db) {
      // Our own index figures: 120,00 for every month from January 2024, the last published month June 2027 at 124,20.
      await db.prisma.consumerPriceIndex.deleteMany({});
      await db.prisma.dossier.deleteMany({ where: { typeCode: 'indexering' } });
      const data = [];
      for (let n = 2024 * 12; n <= 2027 * 12 + 5; n++) {
        const key = `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
        data.push({ month: new Date(`${key}-01T00:00:00Z`), value: key === '2027-06' ? '124.20' : '120.00', demo: false, addedByName: 'Test' });
      }
      await db.prisma.consumerPriceIndex.createMany({ data });
    },
  });
  const signInAn = () => portal.actingFor('An Peeters', /WZC Hof ter Linden/);

  it('reads "Mijn prijzen", computes the indexering, lowers one price, submits and downloads the receipt', async () => {
    const page = await signInAn();
    await openTheme(page, 'Prijzen');

    await page.getByRole('link', { name: 'Mijn prijzen', exact: true }).click();
    await page.waitForURL(`${portal.baseUrl}/themas/prijzen/mijn-prijzen`);
    const mine = page.locator('table').first();
    for (const current of Object.keys(MAXIMA)) expect(await mine.textContent()).toContain(current);
    expect(await mainText(page)).toContain('volgens meting dagprijzen');
    await expectNoAxeViolations(page);
    await page.goBack();
    await page.waitForURL(`${portal.baseUrl}/themas/prijzen`);

    ({ url: dossierUrl } = await startDossier(page, LINK));
    expect(await page.textContent('h1')).toBe('Indexering van de dagprijs/uurprijs (bestaande voorziening)');
    await expectNoAxeViolations(page);

    await page.getByLabel('Beginmaand van uw huidige prijs').selectOption('2024-07');
    await page.getByRole('button', { name: 'Berekenen' }).click();
    await page.waitForURL(`${dossierUrl}#indexering`);
    const computed = await mainText(page);
    expect(computed).toContain('Beginmaand juli 2024: index 120,00');
    expect(computed).toContain('Laatst gepubliceerde maand juni 2027: index 124,20');
    expect(computed).toContain('Toegelaten percentage 3,50 %');
    await expectNoAxeViolations(page);

    // Each kamertype's row: its current price, its maximum, and the price An enters.
    const rows = page.locator('#kamertypes ~ .table-wrapper').first().locator('tbody tr');
    expect(await rows.count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      const row = rows.nth(i);
      const cells = (await row.locator('td').allTextContents()).map((c) => c.trim());
      const current = Object.keys(MAXIMA).find((price) => cells.includes(price));
      expect(current, `row ${i + 1}: ${cells.join(' | ')}`).toBeDefined();
      expect(cells).toContain(MAXIMA[current ?? '']);
      await page.getByLabel(`Prijs (lijn ${i + 1})`).fill(ENTERED[current ?? ''] ?? '');
    }

    const submitted = await submitPriceDossier(page, dossierUrl);
    expect(submitted).toContain('Beslist het Departement Zorg niet uiterlijk op 14/08/2027');
    expect(await page.locator('main input:not([type="hidden"]), main select').count()).toBe(0);
    for (const price of Object.values(ENTERED)) expect(submitted).toContain(price);

    const receiptHref = await page.getByRole('link', { name: 'Ontvangstbewijs (PDF)' }).getAttribute('href');
    await expectPdfAt(page, `${portal.baseUrl}${receiptHref}`);
    await page.close();
  });

  it('is approved by the term; An reads the decision and its letter, and from the ingangsdatum "Mijn prijzen" shows the new prices', async () => {
    // 15/08/2027 in Brussels: the day after the term's last day; the job runs as the scheduler runs it.
    now = new Date('2027-08-15T08:00:00Z');
    expect(await approveExpiredTerms(portal.db.prisma, portal.config, now)).toBe(1);

    const page = await signInAn();
    await page.goto(dossierUrl);
    const decided = await mainText(page);
    expect(decided).toContain('afgehandeld: goedgekeurd');
    await expectNoAxeViolations(page);
    const letterHref = await page.getByRole('link', { name: 'Beslissingsbrief (PDF)' }).getAttribute('href');
    await expectPdfAt(page, `${portal.baseUrl}${letterHref}`);

    // Approved on 15/08/2027: the new prices apply 30 days later, from 14/09/2027; the day before, still the old ones.
    now = new Date('2027-09-13T08:00:00Z');
    await page.goto(`${portal.baseUrl}/themas/prijzen/mijn-prijzen`);
    const before = (await page.locator('table').first().textContent()) ?? '';
    expect(before).toContain('62,50');
    expect(before).not.toContain('64,00');

    now = new Date('2027-09-14T08:00:00Z');
    await page.goto(`${portal.baseUrl}/themas/prijzen/mijn-prijzen`);
    const after = (await page.locator('table').first().textContent()) ?? '';
    for (const price of Object.values(ENTERED)) expect(after).toContain(price);
    expect(after).toContain('14/09/2027');
    for (const old of Object.keys(MAXIMA)) expect(after).not.toContain(old);
    await expectNoAxeViolations(page);
    await page.close();
  });
});
