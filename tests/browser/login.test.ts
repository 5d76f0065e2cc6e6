import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, browserPortal, hasBrowser } from '../helpers/browser.js';

describe.skipIf(!hasBrowser)('logging in with the development identity provider, in Chromium', () => {
  const portal = browserPortal();

  async function signInThroughHomePage(page: Page, name: string): Promise<void> {
    await page.goto(`${portal.baseUrl}/`);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Aanmelden', exact: true }).click();
    await page.waitForURL(/\/dev\/idp\/sso/);
    expect(await page.textContent('h1')).toBe('Aanmelden (ontwikkeling)');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name, exact: true }).first().click();
    // The identity provider's page posts the response to the portal by itself.
    await page.waitForURL((url) => !url.pathname.startsWith('/dev/idp'));
  }

  it('lets a user with two facilities choose one, switch, open Mijn organisatie from the menu and log out', async () => {
    const page = await portal.browser.newPage();
    await signInThroughHomePage(page, 'An Peeters');
    expect(new URL(page.url()).pathname).toBe('/organisatie/kiezen');
    expect(await page.textContent('h1')).toBe('Binnen de organisatie');
    await expectNoAxeViolations(page);

    await page.getByLabel('WZC De Wingerd').check();
    await page.getByRole('button', { name: 'Verder' }).click();
    await page.waitForURL(`${portal.baseUrl}/`);
    expect(await page.textContent('.site-header__facility-name')).toBe('WZC De Wingerd');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Wissel van organisatie' }).click();
    await page.waitForURL(`${portal.baseUrl}/organisatie/kiezen`);
    await page.getByLabel('WZC Hof ter Linden').check();
    await page.getByRole('button', { name: 'Verder' }).click();
    await page.waitForURL(`${portal.baseUrl}/`);
    expect(await page.textContent('.site-header__facility-name')).toBe('WZC Hof ter Linden');

    await page.getByText('An Peeters').click();
    await page.locator('.user-menu').getByRole('link', { name: 'Mijn organisatie' }).click();
    await page.waitForURL(`${portal.baseUrl}/mijn-organisatie`);
    expect(await page.textContent('h1')).toBe('Mijn organisatie');
    expect(await page.textContent('main')).toContain('Lindenlaan 12');
    await expectNoAxeViolations(page);

    await page.getByText('An Peeters').click();
    await page.getByRole('button', { name: 'Afmelden' }).click();
    await page.waitForURL(`${portal.baseUrl}/?afgemeld=1`);
    expect(await page.textContent('main')).toContain('U bent afgemeld.');
    await expectNoAxeViolations(page);
    await page.goto(`${portal.baseUrl}/mijn-organisatie`);
    expect(new URL(page.url()).pathname).toBe('/dev/idp/sso');
  });

  it('explains to a person without the e-loket right how to get access', async () => {
    const page = await portal.browser.newPage();
    await signInThroughHomePage(page, 'Tom Jacobs');
    expect(new URL(page.url()).pathname).toBe('/geen-toegang');
    expect(await page.textContent('h1')).toBe('U hebt (nog) geen toegang tot het e-loket');
    await expectNoAxeViolations(page);
    await page.reload();
    expect(await page.textContent('h1')).toBe('U hebt (nog) geen toegang tot het e-loket');
  });

  it('lands department staff on /beheer', async () => {
    const page = await portal.browser.newPage();
    await signInThroughHomePage(page, 'Els Willems');
    expect(new URL(page.url()).pathname).toBe('/beheer');
    expect(await page.textContent('main')).toContain('Team Prijzen');
    await expectNoAxeViolations(page);
  });

  it('has an accessible page to add a person to the identity provider', async () => {
    const page = await portal.browser.newPage();
    await page.goto(`${portal.baseUrl}/dev/idp/personen/nieuw`);
    await page.getByRole('button', { name: 'Toevoegen' }).click();
    await page.waitForLoadState();
    expect(await page.textContent('.error-summary')).toContain('Vul de voornaam in.');
    await expectNoAxeViolations(page);
  });
});
