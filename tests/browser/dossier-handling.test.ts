// The dossier lifecycle in Chromium, axe on every page: Team Prijzen finds a
// submitted dossier in /beheer/dossiers, takes it in behandeling and refuses
// it with a motivation (first forgetting the motivation); the facility reads
// the refusal in "Status en vooruitgang" and downloads the decision letter.
// Also the new pages of this round: the staff settings, the Richtlijnen page
// and /geen-toegang opened cold.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserPortal, expectNoAxeViolations, expectPdfAt, hasBrowser, openQueuedDossier } from '../helpers/browser.js';

describe.skipIf(!hasBrowser)('handling a dossier in Chromium', () => {
  let dossierId: number;
  let reference: string;
  const portal = browserPortal({
    async prepare(db) {
      // Last year's demo dossier of WZC Hof ter Linden, submitted and waiting for the department.
      ({ id: dossierId, reference } = await db.prisma.dossier.findFirstOrThrow({ where: { facility: { hcoNumber: '4085' }, status: 'ingediend' } }));
    },
  });

  it('lets Team Prijzen take the dossier in behandeling and refuse it with a motivation', async () => {
    const page = await portal.signedIn('Els Willems', '/beheer');
    await openQueuedDossier(page, portal.baseUrl, reference, dossierId);
    await page.getByRole('button', { name: 'In behandeling nemen' }).click();
    await page.waitForURL(/gedaan=in-behandeling/);
    expect(await page.locator('main').textContent()).toContain('U hebt het dossier in behandeling genomen.');

    await page.getByLabel('Weigeren').check();
    await page.getByRole('button', { name: 'Beslissing bewaren' }).click();
    await page.waitForLoadState();
    expect(await page.locator('main').textContent()).toContain('Vul de motivering in: een weigering wordt altijd gemotiveerd.');
    await expectNoAxeViolations(page);
    await page.getByLabel('Motivering').fill('De capaciteit van Luik 2 ontbreekt.');
    await page.getByRole('button', { name: 'Beslissing bewaren' }).click();
    await page.waitForURL(/gedaan=afgehandeld/);
    const main = await page.locator('main').textContent();
    expect(main).toContain('afgehandeld: geweigerd');
    expect(main).toContain('De capaciteit van Luik 2 ontbreekt.');
    await expectNoAxeViolations(page);

    await page.goto(`${portal.baseUrl}/beheer/instellingen`);
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('shows the facility the refusal in "Status en vooruitgang", with the decision letter', async () => {
    const page = await portal.actingFor('An Peeters', /WZC Hof ter Linden/);
    await page.goto(`${portal.baseUrl}/dossiers/${dossierId}`);
    const main = await page.locator('main').textContent();
    expect(main).toContain('Status en vooruitgang');
    expect(main).toContain('De capaciteit van Luik 2 ontbreekt.');
    await expectNoAxeViolations(page);
    const letterHref = await page.getByRole('link', { name: /beslissing/i }).first().getAttribute('href');
    expect(letterHref).toBe(`/dossiers/${dossierId}/beslissing.pdf`);
    await expectPdfAt(page, `${portal.baseUrl}${letterHref}`);

    await page.goto(`${portal.baseUrl}/dossiers/richtlijnen`);
    expect(await page.textContent('h1')).toContain('Richtlijnen en aandachtspunten');
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('explains /geen-toegang also when it is opened cold', async () => {
    const page: Page = await portal.browser.newPage();
    await page.goto(`${portal.baseUrl}/geen-toegang`);
    expect(await page.textContent('h1')).toBe('Toegang tot het e-loket');
    expect(await page.getByRole('link', { name: 'Meld u aan' }).getAttribute('href')).toBe('/auth/login');
    await expectNoAxeViolations(page);
    await page.close();
  });
});
