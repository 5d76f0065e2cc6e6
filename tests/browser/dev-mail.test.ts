import { describe, expect, it } from 'vitest';
import { browserPortal, expectNoAxeViolations, hasBrowser } from '../helpers/browser.js';

describe.skipIf(!hasBrowser)('/dev/mail in Chromium', () => {
  // The e-mails' absolute links point at this server: startTestServer sets BASE_URL to its port.
  const portal = browserPortal({ mail: true });

  it('sends a test e-mail, lists it, shows it with working links, and passes axe', async () => {
    const page = await portal.browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${portal.baseUrl}/dev/mail`);
    expect(await page.textContent('h1')).toBe('Ontwikkelmail');
    expect(await page.textContent('table')).toContain('Er werden nog geen e-mails verstuurd.');
    await expectNoAxeViolations(page);

    await page.click('text=Testbericht versturen');
    await page.waitForURL(`${portal.baseUrl}/dev/mail?testbericht=verstuurd`);
    expect(await page.textContent('[role=status]')).toContain('Het testbericht staat in de wachtrij');
    for (let i = 0; i < 50 && (await page.locator('text=Testbericht van het e-loket').count()) === 0; i++) {
      await page.waitForTimeout(100);
      await page.reload();
    }
    expect(await page.textContent('tbody')).toContain('an.peeters@zonnehof.example');
    await expectNoAxeViolations(page);

    await page.click('text=Testbericht van het e-loket');
    await page.waitForURL(/\/dev\/mail\/\d+$/);
    expect(await page.textContent('h1')).toBe('Testbericht van het e-loket');
    expect(await page.textContent('pre')).toContain('Naar het e-loket: ' + portal.baseUrl + '/');
    await expectNoAxeViolations(page);

    // The HTML version renders in its frame; its button leads to the portal.
    const frame = page.frameLocator('iframe[title="HTML-versie van de e-mail"]');
    await expect.poll(() => frame.locator('h1').textContent()).toBe('Testbericht');
    await frame.locator('a', { hasText: 'Naar het e-loket' }).click();
    await page.waitForURL(`${portal.baseUrl}/`);
    expect(await page.textContent('h1')).toContain('Welkom op het e-loket Departement Zorg');
    expect(errors).toEqual([]);
  });
});
