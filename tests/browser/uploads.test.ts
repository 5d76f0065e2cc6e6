// The file field in Chromium, axe on every page: a form with an error keeps
// the accepted files ("Al toegevoegd"), shows the refusal next to the field
// and in the summary, and sends the kept files with the next submit.
import { describe, expect, it } from 'vitest';
import { browserPortal, expectNoAxeViolations, hasBrowser } from '../helpers/browser.js';
import { uploadTestRoutes } from '../helpers/upload-route.js';
import { elf, pdf } from '../helpers/sample-files.js';

describe.skipIf(!hasBrowser)('the file field in Chromium', () => {
  const portal = browserPortal({ extraRoutes: (db) => [uploadTestRoutes(db.prisma)] });

  it('keeps the accepted files across an error and sends them with the next submit', async () => {
    const page = await portal.signedIn('Jan Claes', '/');

    await page.goto(`${portal.baseUrl}/test/upload`);
    await expectNoAxeViolations(page);
    await page.getByLabel('Bijlagen').setInputFiles([
      { name: 'Verslag été.pdf', mimeType: 'application/pdf', buffer: pdf() },
      { name: 'rapport.pdf', mimeType: 'application/pdf', buffer: elf() },
    ]);
    await page.getByRole('button', { name: 'Verzenden' }).click();
    await page.waitForLoadState();
    const summary = await page.locator('.error-summary').textContent();
    expect(summary).toContain('Vul de titel in.');
    expect(summary).toContain('Het bestand ‘rapport.pdf’ is geen toegelaten type.');
    expect(await page.locator('#bijlagen-error').textContent()).toContain('Het bestand ‘rapport.pdf’ is geen toegelaten type.');
    const kept = page.getByRole('checkbox', { name: 'Verslag été.pdf (1 kB)' });
    expect(await kept.isChecked()).toBe(true);
    await expectNoAxeViolations(page);

    await page.getByLabel('Titel').fill('Met de bewaarde bijlage');
    await page.getByRole('button', { name: 'Verzenden' }).click();
    await page.waitForLoadState();
    const answer = JSON.parse((await page.locator('body').textContent()) ?? '{}') as { titel: string; claimed: { name: string }[] };
    expect(answer).toMatchObject({ titel: 'Met de bewaarde bijlage', claimed: [{ name: 'Verslag été.pdf' }] });
    expect(await portal.db.prisma.storedFile.count({ where: { name: 'Verslag été.pdf', claimedAt: { not: null } } })).toBe(1);
  });
});
