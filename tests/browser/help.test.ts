// "Hulp nodig?" in Chromium, axe on every page and state: the panel opens in
// place on a theme page (keyboard and Escape), "Contacteer ons" opens "Stuur
// nieuw bericht" for the team, and the helpdesk form answers in the panel.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserPortal, expectNoAxeViolations, hasBrowser } from '../helpers/browser.js';

describe.skipIf(!hasBrowser)('"Hulp nodig?" in Chromium', () => {
  const portal = browserPortal();

  const helpButton = (page: Page) => page.getByRole('button', { name: 'Hulp nodig?', exact: true });

  it('opens in place on a theme page, closes with Escape, and leads to "Stuur nieuw bericht" for the team', async () => {
    const page = await portal.signedIn('Jan Claes', '/');
    await page.goto(`${portal.baseUrl}/themas/prijzen`);
    await expectNoAxeViolations(page);

    await helpButton(page).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => helpButton(page).getAttribute('aria-expanded')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('help-panel-title');
    const panel = page.locator('#help-panel');
    expect(await panel.textContent()).toContain('Handleidingen voor prijzen');
    expect(page.url()).toBe(`${portal.baseUrl}/themas/prijzen`);
    await expectNoAxeViolations(page);

    await page.keyboard.press('Escape');
    expect(await panel.isHidden()).toBe(true);
    expect(await helpButton(page).getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Hulp nodig?');

    await helpButton(page).click();
    await panel.getByRole('link', { name: 'Team Prijzen' }).click();
    await page.waitForURL(`${portal.baseUrl}/berichten/nieuw?thema=prijzen&team=team-prijzen`);
    await expectNoAxeViolations(page);
  });

  it('sends a question to the technical helpdesk from the panel, showing errors and the confirmation in place', async () => {
    const page = await portal.browser.newPage();
    await page.goto(`${portal.baseUrl}/`);
    await helpButton(page).click();
    const panel = page.locator('#help-panel');
    await panel.getByText('Technische helpdesk', { exact: true }).click();
    await panel.getByLabel('Uw e-mailadres').fill('griet.vos@voorziening.example');
    await panel.getByRole('button', { name: 'Verstuur' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
    expect(await panel.locator('.error-summary').textContent()).toContain('Vul uw vraag in.');
    expect(await panel.getByLabel('Uw e-mailadres').inputValue()).toBe('griet.vos@voorziening.example');
    await expectNoAxeViolations(page);

    await panel.getByLabel('Uw vraag').fill('Ik kan niet aanmelden met itsme.');
    await panel.getByRole('button', { name: 'Verstuur' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('helpdesk-sent');
    expect(await panel.textContent()).toContain('Uw vraag werd verstuurd naar de technische helpdesk.');
    expect(page.url()).toBe(`${portal.baseUrl}/`);
    await expectNoAxeViolations(page);

    const ticket = await portal.db.prisma.helpdeskTicket.findFirstOrThrow({ where: { email: 'griet.vos@voorziening.example' } });
    expect(ticket).toMatchObject({ question: 'Ik kan niet aanmelden met itsme.', page: '/', status: 'open' });
  });
});
