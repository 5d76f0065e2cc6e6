// Steps the price dossier journeys in Chromium share (tests/browser/price-*-journey.test.ts).
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectNoAxeViolations } from './browser.js';

/** The page's main content as one line of text, as a user reads it. */
export async function mainText(page: Page): Promise<string> {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ');
}

/**
 * Indienen, then OK in the confirmation the price form shows (axe on both
 * pages, by `checkAxe`: a page without JavaScript passes its scriptless check);
 * ends on the submitted dossier at `dossierUrl` and returns its text.
 */
export async function submitPriceDossier(page: Page, dossierUrl: string, checkAxe: () => Promise<void> = () => expectNoAxeViolations(page)): Promise<string> {
  await page.getByRole('button', { name: 'Indienen', exact: true }).click();
  await page.waitForLoadState();
  const confirmation = page.locator('#indienen');
  expect(await confirmation.textContent()).toContain('U staat op het punt het dossier definitief in te dienen.');
  await checkAxe();
  await confirmation.getByRole('button', { name: 'OK' }).click();
  await page.waitForURL(`${dossierUrl}?ingediend=1`);
  const submitted = await mainText(page);
  expect(submitted).toContain('Uw dossier werd succesvol ingediend');
  expect(submitted).toContain('Status ingediend');
  await checkAxe();
  return submitted;
}

/** Indienen on a Meting dagprijzen, then OK in the dialog "Dossier indienen" (axe with the dialog open); ends on the page the portal answers. */
export async function confirmSubmitDialog(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Indienen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Dossier indienen' });
  await expect.poll(() => dialog.isVisible()).toBe(true);
  await expectNoAxeViolations(page);
  await dialog.getByRole('button', { name: 'OK' }).click();
  await page.waitForLoadState();
}
