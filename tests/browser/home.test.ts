import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, browserPortal, hasBrowser } from '../helpers/browser.js';

describe.skipIf(!hasBrowser)('home page in Chromium', () => {
  const portal = browserPortal();

  it('opens the home page in Dutch, with the help button, and passes axe', async () => {
    const page = await portal.browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${portal.baseUrl}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('nl-BE');
    expect(await page.textContent('h1')).toContain('Welkom op het e-loket Departement Zorg');
    await expectNoAxeViolations(page);
    // The stylesheet applies: the header is yellow.
    const headerColour = await page.$eval('.site-header', (el) => getComputedStyle(el).backgroundColor);
    expect(headerColour).toBe('rgb(255, 230, 21)');
    expect(errors).toEqual([]);
  });

  it('leads from "Hulp nodig?" to the help page, which passes axe', async () => {
    const page = await portal.browser.newPage();
    await page.goto(`${portal.baseUrl}/`);
    await page.click('text=Hulp nodig?');
    await page.waitForURL(`${portal.baseUrl}/hulp`);
    expect(await page.textContent('h1')).toBe('Hulp nodig?');
    await expectNoAxeViolations(page);
  });

  it('shows a 404 page that passes axe', async () => {
    const page = await portal.browser.newPage();
    const response = await page.goto(`${portal.baseUrl}/bestaat-niet`);
    expect(response?.status()).toBe(404);
    expect(await page.textContent('h1')).toBe('Pagina niet gevonden');
    await expectNoAxeViolations(page);
  });

  it('lets a keyboard user skip to the content', async () => {
    const page = await portal.browser.newPage();
    await page.goto(`${portal.baseUrl}/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Naar de inhoud');
  });
});
