// Nothing typed is lost when a session ends, in Chromium with axe: the idle
// warning two minutes before the end ("Aangemeld blijven"), the page saying
// the session ended, and a form posted after the end coming back filled in
// after a new login through the development IdP.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserPortal, expectNoAxeViolations, hasBrowser, signInAs } from '../helpers/browser.js';

// A short idle timeout: the warning is due after one minute. The page's clock
// is fast-forwarded; the server's session is real.
const IDLE_MINUTES = 3;

describe.skipIf(!hasBrowser)('session end in Chromium', () => {
  const portal = browserPortal({ env: { SESSION_IDLE_MINUTES: String(IDLE_MINUTES) } });

  const signInAsJan = (page: Page) => signInAs(page, portal.baseUrl, 'Jan Claes', '/');

  async function sessionExpiry(): Promise<number> {
    const rows = await portal.db.prisma.$queryRaw<{ expire: Date }[]>`SELECT expire FROM session WHERE (sess::jsonb) ? 'userId' ORDER BY expire DESC LIMIT 1`;
    return rows[0]?.expire.getTime() ?? 0;
  }

  it('warns two minutes before the end, with the focus in the warning; "Aangemeld blijven" keeps the user logged in', async () => {
    const page = await portal.browser.newPage();
    await page.clock.install();
    await signInAsJan(page);
    await page.goto(`${portal.baseUrl}/mijn-organisatie?bewerken=1`);
    await page.getByLabel('Telefoon').fill('011 98 76 54');
    const warning = page.getByRole('alertdialog', { name: 'Uw sessie verloopt bijna' });
    expect(await warning.isVisible()).toBe(false);

    await page.clock.fastForward((IDLE_MINUTES - 2) * 60_000 + 1_000);
    await warning.waitFor();
    expect(await warning.textContent()).toContain('Over twee minuten wordt u automatisch afgemeld. Wat u hebt ingevuld maar nog niet bewaard, kan dan verloren gaan.');
    expect(await page.evaluate(() => document.activeElement?.closest('[role="alertdialog"]') !== null)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aangemeld blijven');
    await expectNoAxeViolations(page);

    const expiryBefore = await sessionExpiry();
    // The store keeps the expiry in whole seconds: an extension within the same
    // second as the page's own request would not move it. Let a real second pass
    // (the page's clock is fake; the test's and the server's are not).
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await page.keyboard.press('Enter');
    await warning.waitFor({ state: 'hidden' });
    expect(await sessionExpiry()).toBeGreaterThan(expiryBefore);
    // The typing is still there, and the focus is back where it was.
    expect(await page.getByLabel('Telefoon').inputValue()).toBe('011 98 76 54');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('phone');
    await page.getByRole('button', { name: 'wijzigen', exact: true }).click();
    await page.waitForURL(/bewaard=1/);
    expect(await page.textContent('main')).toContain('De organisatiegegevens zijn bewaard.');
    await page.close();
  });

  it('says the session has ended when the time is up', async () => {
    const page = await portal.browser.newPage();
    await page.clock.install();
    await signInAsJan(page);
    await page.goto(`${portal.baseUrl}/mijn-organisatie`);
    await page.clock.fastForward(IDLE_MINUTES * 60_000 + 1_000);
    const ended = page.getByRole('alertdialog', { name: 'Uw sessie is verlopen' });
    await ended.waitFor();
    expect(await ended.textContent()).toContain('U bent afgemeld. Meld u opnieuw aan om verder te werken.');
    expect(await ended.getByRole('link', { name: 'Opnieuw aanmelden' }).getAttribute('href')).toBe('/auth/login?RelayState=%2Fmijn-organisatie');
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('brings a form posted after the session ended back, filled in, after the new login', async () => {
    const page = await portal.browser.newPage();
    await signInAsJan(page);
    await page.goto(`${portal.baseUrl}/mijn-organisatie/contactpersonen`);
    // A new contact person, staged in the overview (not stored before "bewaren").
    await page.getByRole('button', { name: 'Contactpersoon toevoegen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Contactpersoon toevoegen' });
    await dialog.waitFor();
    await dialog.getByLabel('Naam', { exact: true }).fill('Peeters');
    await dialog.getByLabel('Voornaam', { exact: true }).fill('Lien');
    await dialog.getByLabel('E-mail', { exact: true }).fill('lien.peeters@sint-jozef.example');
    await dialog.getByLabel('Telefoon', { exact: true }).fill('015 28 90 02');
    await dialog.getByLabel('Prijzen', { exact: true }).check();
    await dialog.getByRole('button', { name: 'toevoegen', exact: true }).click();
    const staged = page.locator('.staged__table tbody tr', { hasText: 'Peeters' });
    await staged.getByText('nieuw', { exact: true }).waitFor();
    // The session ends on the server meanwhile.
    await portal.db.prisma.$executeRaw`UPDATE session SET expire = now() - interval '1 minute' WHERE (sess::jsonb) ? 'userId'`;
    await page.getByRole('button', { name: 'bewaren', exact: true }).click();
    await page.getByRole('button', { name: 'Jan Claes', exact: true }).click();
    await page.waitForURL(`${portal.baseUrl}/mijn-organisatie/contactpersonen`);
    expect(await page.getByRole('alert').first().textContent()).toContain(
      'Uw sessie was verlopen. We hebben wat u had ingevuld bewaard; controleer het en klik opnieuw op ‘bewaren’.',
    );
    // The staged contact is back, with what was typed.
    expect(await staged.count()).toBe(1);
    expect(await staged.locator('input[name$="[surname]"]').inputValue()).toBe('Peeters');
    expect(await staged.locator('input[name$="[givenName]"]').inputValue()).toBe('Lien');
    expect(await staged.locator('input[name$="[email]"]').inputValue()).toBe('lien.peeters@sint-jozef.example');
    expect(await staged.locator('input[name$="[phone]"]').inputValue()).toBe('015 28 90 02');
    expect(await staged.locator('input[name$="[themes]"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(['prijzen']);
    expect(await staged.textContent()).toContain('lien.peeters@sint-jozef.example');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'bewaren', exact: true }).click();
    await page.waitForURL(/bewaard=1/);
    expect(await page.locator('tbody tr', { hasText: 'Peeters' }).count()).toBeGreaterThan(0);
    expect(await page.locator('.staged__table').textContent()).not.toContain('nieuw');
    await page.close();
  });
});
