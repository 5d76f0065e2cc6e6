// Issue 25's journey of a decision in Chromium, axe on every page: An Peeters
// (WZC Hof ter Linden, with the role) submits the Meting dagprijzen of 2026;
// Els Willems (Team Prijzen) assigns it to herself, takes it in behandeling
// and sends it back with a reason (heropend); the facility reads the reason in
// "Status en vooruitgang", corrects a price and submits again; Team Prijzen
// takes note (aanvaard) and the facility downloads the decision letter. The
// lifecycle has no way back from a refusal (TRANSITIONS: afgehandeld is final),
// so "correct and submit again" goes through heropend; the refusal with a
// motivation that the facility reads is last year's dossier. Pieter Mertens
// (Team Eerstelijn) cannot open the dossier: the 404 page.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserPortal, expectNoAxeViolations, expectPdfAt, hasBrowser, openQueuedDossier, openTheme, startDossier, takeInHandAndDecide } from '../helpers/browser.js';
import { metingDagprijzen2026 } from '../helpers/dagprijzen.js';
import { confirmSubmitDialog } from '../helpers/price-journey.js';

// Each step signs in and runs axe on several pages: on the shared machines a step takes up to 15 s.
describe.skipIf(!hasBrowser)('a dossier from submission to decision in Chromium', () => {
  let dossierId: number;
  let reference: string;
  let lastYear: { id: number; reference: string };
  const portal = browserPortal({
    clock: () => new Date('2026-05-10T10:00:00Z'),
    async prepare(db) {
      await metingDagprijzen2026(db.prisma);
      lastYear = await db.prisma.dossier.findFirstOrThrow({ where: { facility: { hcoNumber: '4085' }, status: 'ingediend' }, select: { id: true, reference: true } });
    },
  });

  /** An Peeters, acting for WZC Hof ter Linden. */
  const facilityPage = () => portal.actingFor('An Peeters', /WZC Hof ter Linden/);

  /** Indienen with the dialog, and the capacity confirmation where the lines count fewer places than the recognised capacity. */
  async function submit(page: Page): Promise<void> {
    await confirmSubmitDialog(page);
    const confirm = page.getByRole('button', { name: /klopt: indienen/ });
    if (await confirm.count()) {
      await expectNoAxeViolations(page);
      await confirm.click();
    }
    await page.waitForURL(/ingediend=1/);
    expect(await page.textContent('main')).toContain('Uw dossier werd succesvol ingediend');
    await expectNoAxeViolations(page);
  }

  /** The history table of "Status en vooruitgang", one string per row. */
  const historyRows = (page: Page) => page.getByRole('table', { name: 'Elke stap van het dossier, de oudste eerst' }).locator('tbody tr').allTextContents();

  it('lets the facility submit its Meting dagprijzen', async () => {
    const page = await facilityPage();
    await openTheme(page, 'Prijzen');
    ({ id: dossierId } = await startDossier(page, 'Aanmaken meting dagprijzen mei 2026'));
    await expectNoAxeViolations(page);
    await submit(page);
    reference = (await portal.db.prisma.dossier.findUniqueOrThrow({ where: { id: dossierId } })).reference;
    await page.close();
  });

  it('lets Team Prijzen assign it, take it in behandeling and send it back with a reason', async () => {
    const page = await portal.signedIn('Els Willems', '/beheer');
    await openQueuedDossier(page, portal.baseUrl, reference, dossierId);

    await page.getByLabel('Toewijzen aan').selectOption({ label: 'Els Willems' });
    await page.getByRole('button', { name: 'Toewijzen' }).click();
    await page.waitForURL(/gedaan=toegewezen/);
    expect(await page.textContent('main')).toContain('De dossierbehandelaar is bewaard.');
    await expectNoAxeViolations(page);
    await page.goto(`${portal.baseUrl}/beheer/dossiers?behandelaar=mij`);
    expect(await page.getByRole('link', { name: reference }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: reference }).click();

    await page.getByRole('button', { name: 'In behandeling nemen' }).click();
    await page.waitForURL(/gedaan=in-behandeling/);
    await expectNoAxeViolations(page);
    await page.getByLabel('Reden').fill('De prijs van de standaardkamer in Luik 1 is die van vorig jaar: vul de prijs van 2026 in.');
    await page.getByRole('button', { name: 'Dossier heropenen' }).click();
    await page.waitForURL(/gedaan=heropend/);
    expect(await page.textContent('main')).toContain('Het dossier is heropend.');
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('shows the facility the reason; the facility corrects and submits again', async () => {
    const page = await facilityPage();
    await page.goto(`${portal.baseUrl}/dossiers/${dossierId}`);
    expect(await page.textContent('main')).toContain('De prijs van de standaardkamer in Luik 1 is die van vorig jaar');
    const rows = await historyRows(page);
    expect(rows.at(-1)).toContain('heropend');
    expect(rows.at(-1)).toContain('Els Willems');
    expect(rows.at(-1)).toContain('vul de prijs van 2026 in.');
    await expectNoAxeViolations(page);
    await page.locator('#luik1-0-prijs').fill('71,50');
    await submit(page);
    expect(await page.textContent('main')).toContain('71,50');
    expect(await portal.db.prisma.dossier.findUniqueOrThrow({ where: { id: dossierId }, select: { status: true } })).toEqual({ status: 'ingediend' });
    await page.close();
  });

  /** Els Willems takes the dossier in behandeling and decides; returns the dossier page's text after the decision. */
  async function takeAndDecide(id: number, decision: 'Kennis genomen' | 'Weigeren', motivation?: string): Promise<string> {
    const page = await portal.signedIn('Els Willems', `/beheer/dossiers/${id}`);
    const main = await takeInHandAndDecide(page, decision, motivation);
    await page.close();
    return main;
  }

  it('lets Team Prijzen take the corrected dossier in behandeling and accept it', async () => {
    const main = await takeAndDecide(dossierId, 'Kennis genomen');
    expect(main).toContain('afgehandeld: kennis genomen');
    expect(main).toContain('Els Willems');
  });

  it('lets Team Prijzen refuse last year’s dossier with a motivation', async () => {
    const main = await takeAndDecide(lastYear.id, 'Weigeren', 'De meting kwam na de uiterste datum binnen.');
    expect(main).toContain('afgehandeld: geweigerd');
  });

  it('shows the facility both decisions in "Status en vooruitgang", each with its letter', async () => {
    const page = await facilityPage();
    await page.goto(`${portal.baseUrl}/dossiers/${dossierId}`);
    const rows = await historyRows(page);
    expect(rows.map((r) => /ingediend|in behandeling|heropend|afgehandeld/.exec(r)?.[0])).toEqual(['ingediend', 'in behandeling', 'heropend', 'ingediend', 'in behandeling', 'afgehandeld']);
    expect(rows.at(-1)).toContain('kennis genomen');
    await expectNoAxeViolations(page);
    expect(await page.getByRole('link', { name: 'Beslissingsbrief (PDF)' }).getAttribute('href')).toBe(`/dossiers/${dossierId}/beslissing.pdf`);
    await expectPdfAt(page, `${portal.baseUrl}/dossiers/${dossierId}/beslissing.pdf`);

    await page.goto(`${portal.baseUrl}/dossiers/${lastYear.id}`);
    const refused = await historyRows(page);
    expect(refused.at(-1)).toContain('geweigerd');
    expect(refused.at(-1)).toContain('De meting kwam na de uiterste datum binnen.');
    await expectNoAxeViolations(page);
    await expectPdfAt(page, `${portal.baseUrl}/dossiers/${lastYear.id}/beslissing.pdf`);
    await page.close();
  });

  it('lets the facility correct the refused dossier and submit it again; Team Prijzen accepts it', async () => {
    const page = await facilityPage();
    await page.goto(`${portal.baseUrl}/dossiers/${lastYear.id}`);
    expect(await page.textContent('main')).toContain('Corrigeren en opnieuw indienen');
    await page.getByRole('button', { name: 'Dossier corrigeren' }).click();
    await page.waitForURL(/gecorrigeerd=1/);
    await expectNoAxeViolations(page);
    const rows = await historyRows(page);
    expect(rows.at(-2)).toContain('geweigerd');
    expect(rows.at(-1)).toContain('heropend');
    expect(rows.at(-1)).toContain('An Peeters');
    await submit(page);
    await page.close();
    const main = await takeAndDecide(lastYear.id, 'Kennis genomen');
    expect(main).toContain('afgehandeld: kennis genomen');
  });

  it('answers a staff member of another team with the 404 page', async () => {
    const page = await portal.signedIn('Pieter Mertens');
    const response = await page.goto(`${portal.baseUrl}/beheer/dossiers/${dossierId}`);
    expect(response?.status()).toBe(404);
    expect(await page.textContent('h1')).toBe('Pagina niet gevonden');
    await expectNoAxeViolations(page);
    const letter = await page.request.get(`${portal.baseUrl}/beheer/dossiers/${dossierId}/beslissing.pdf`);
    expect(letter.status()).toBe(404);
    await page.goto(`${portal.baseUrl}/beheer/dossiers`);
    expect(await page.getByRole('link', { name: reference }).count()).toBe(0);
    await expectNoAxeViolations(page);
    await page.close();
  });
});
