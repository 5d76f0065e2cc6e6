// The whole journey of the Contactenmodule in Chromium as seed 000 shows it,
// axe on every page and every open dialog: add, change and remove contact
// persons in dialogs, "bewaren", find the e-mails in /dev/mail, confirm through
// the link (its page, then "Bevestigen"); and the same steps without JavaScript.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserPortal, expectNoAxeViolations, hasBrowser, openDevMail, scriptlessPage, signInAs } from '../helpers/browser.js';

describe.skipIf(!hasBrowser)('Contactenmodule in Chromium', () => {
  const portal = browserPortal({ mail: true });
  const signInAsJan = (page: Page) => signInAs(page, portal.baseUrl, 'Jan Claes', '/');
  const openMail = (page: Page, to: string, subject: RegExp) => openDevMail(page, portal.baseUrl, to, subject);

  /** Fills the open add/edit form (a dialog with JavaScript, a step without). */
  async function fillContact(scope: Page | ReturnType<Page['locator']>, contact: { surname: string; givenName: string; email: string; phone: string; themes: string[] }) {
    await scope.getByLabel('Naam', { exact: true }).fill(contact.surname);
    await scope.getByLabel('Voornaam', { exact: true }).fill(contact.givenName);
    await scope.getByLabel('E-mail', { exact: true }).fill(contact.email);
    await scope.getByLabel('Telefoon', { exact: true }).fill(contact.phone);
    for (const theme of contact.themes) await scope.getByLabel(theme, { exact: true }).check();
  }

  const row = (page: Page, text: string) => page.locator('.staged__table tbody tr', { hasText: text }).first();

  it('adds, changes and removes contact persons in dialogs, saves, and confirms from the e-mail', async () => {
    const page = await portal.browser.newPage();
    page.setDefaultTimeout(10_000);
    // Every button of the overview is answered in the background: the page itself is never posted.
    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.resourceType() === 'document' && r.url().endsWith('/contactpersonen')) posted.push(r.postData() ?? '');
    });
    await signInAsJan(page);
    expect(await page.textContent('main')).toContain('Er is nog geen bevestigde contactpersoon voor het thema ‘Prijzen’.');
    await expectNoAxeViolations(page);

    await page.locator('main').getByRole('link', { name: /Geef een contactpersoon op voor Prijzen/ }).click();
    await page.waitForURL(`${portal.baseUrl}/mijn-organisatie/contactpersonen`);
    await expectNoAxeViolations(page);

    // "Contactpersoon toevoegen" opens the form in a dialog, in place.
    await page.getByRole('button', { name: 'Contactpersoon toevoegen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Contactpersoon toevoegen' });
    await dialog.waitFor();
    expect(page.url()).toBe(`${portal.baseUrl}/mijn-organisatie/contactpersonen`);
    await expectNoAxeViolations(page);
    // Errors stay in the dialog, next to the fields and in its summary, with what was typed.
    await dialog.getByLabel('Naam', { exact: true }).fill('Wouters');
    await dialog.getByRole('button', { name: 'toevoegen' }).click();
    await page.getByRole('dialog', { name: 'Contactpersoon toevoegen' }).locator('.error-summary').waitFor();
    const withErrors = page.getByRole('dialog', { name: 'Contactpersoon toevoegen' });
    expect(await withErrors.locator('.error-summary').textContent()).toContain('Vul de voornaam in.');
    expect(await withErrors.getByLabel('Naam', { exact: true }).inputValue()).toBe('Wouters');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await expectNoAxeViolations(page);
    await fillContact(withErrors, { surname: 'Wouters', givenName: 'Sofie', email: 'sofie@sint-jozef.example', phone: '015 28 90 01', themes: ['Prijzen'] });
    await withErrors.getByRole('button', { name: 'toevoegen' }).click();
    await row(page, 'Wouters').getByText('nieuw', { exact: true }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);

    // A second one, then changed with the pencil before anything is stored.
    await page.getByRole('button', { name: 'Contactpersoon toevoegen' }).click();
    const second = page.getByRole('dialog', { name: 'Contactpersoon toevoegen' });
    await second.waitFor();
    await fillContact(second, { surname: 'Vermeulen', givenName: 'Karel', email: 'karel@sint-jozef.example', phone: '0470 12 34 56', themes: ['Kwaliteit'] });
    await second.getByLabel('E-mail', { exact: true }).press('Enter');
    await row(page, 'Vermeulen').waitFor();
    await page.getByRole('button', { name: 'Wijzig Karel Vermeulen' }).click();
    const edit = page.getByRole('dialog', { name: 'Contactpersoon wijzigen' });
    await edit.waitFor();
    expect(await edit.getByLabel('Telefoon', { exact: true }).inputValue()).toBe('0470 12 34 56');
    await edit.getByLabel('Telefoon', { exact: true }).fill('0470 99 99 99');
    await edit.getByRole('button', { name: 'wijzigen' }).click();
    await row(page, '0470 99 99 99').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/^contacts-\d+-edit$/);
    await expectNoAxeViolations(page);
    expect(posted).toEqual([]);
    await page.getByRole('button', { name: 'bewaren' }).click();
    await page.waitForURL(/bewaard=1/);
    expect(await row(page, 'Wouters').textContent()).toContain('–');
    expect(await page.locator('.staged__table').textContent()).not.toContain('nieuw');
    await expectNoAxeViolations(page);

    // Confirm through the link: its page first (nothing confirmed yet), then "Bevestigen".
    await openMail(page, 'sofie@sint-jozef.example', /^Bevestig dat u contactpersoon bent/);
    await expectNoAxeViolations(page);
    const href = await page.frameLocator('iframe').getByRole('link', { name: 'Ik bevestig' }).getAttribute('href');
    expect(href).toMatch(new RegExp(`^${portal.baseUrl}/bevestigen/`));
    expect(await page.frameLocator('iframe').locator('body').textContent()).toContain('Het Departement Zorg gebruikt uw persoonsgegevens');
    await page.goto(href ?? '');
    expect(await page.textContent('h1')).toBe('Bevestig uw gegevens als contactpersoon');
    expect(await page.textContent('main')).toContain('WZC Sint-Jozef');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await page.waitForSelector('h1:has-text("Uw bevestiging is in orde")');
    await expectNoAxeViolations(page);

    await page.goto(`${portal.baseUrl}/mijn-organisatie/contactpersonen`);
    expect(await row(page, 'Wouters').textContent()).toContain('✓');
    expect(await page.locator('table', { hasText: 'Sofie Wouters (sofie@sint-jozef.example)' }).count()).toBe(1);
    await page.goto(`${portal.baseUrl}/`);
    expect(await page.textContent('main')).not.toContain('voor het thema ‘Prijzen’');

    // The cross asks in a pop-up; the contact shows as "te verwijderen" until "bewaren", then gets its e-mail.
    await page.goto(`${portal.baseUrl}/mijn-organisatie/contactpersonen`);
    await page.getByRole('button', { name: 'Verwijder Karel Vermeulen' }).click();
    const question = page.getByRole('dialog', { name: 'Contactpersoon verwijderen' });
    await question.waitFor();
    expect(await question.textContent()).toContain('Bent u zeker dat u Karel Vermeulen wilt verwijderen als contactpersoon?');
    await expectNoAxeViolations(page);
    await question.getByRole('button', { name: 'Ja, verwijderen' }).click();
    await row(page, 'Vermeulen').getByText('te verwijderen').waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'bewaren' }).click();
    await page.waitForURL(/bewaard=1/);
    expect(await page.locator('.staged__table').textContent()).not.toContain('Vermeulen');
    await openMail(page, 'karel@sint-jozef.example', /^U bent geen contactpersoon meer/);
    await expectNoAxeViolations(page);

    // Escape closes a dialog as "Annuleren" does.
    await page.goto(`${portal.baseUrl}/mijn-organisatie/contactpersonen`);
    await page.getByRole('button', { name: 'Contactpersoon toevoegen' }).click();
    await page.getByRole('dialog', { name: 'Contactpersoon toevoegen' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Contactpersoon toevoegen' }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
  }, 120_000);

  it('works without JavaScript: each form is a step of the page', async () => {
    const scriptless = await scriptlessPage(portal.browser, portal.baseUrl);
    const { page } = scriptless;
    const checkWithoutScript = () => scriptless.expectNoAxeViolations();
    try {
      await page.goto(`${portal.baseUrl}/auth/login`);
      // Without script the identity provider's form waits for "Doorgaan".
      await page.getByRole('button', { name: 'Jan Claes', exact: true }).click();
      await page.getByRole('button', { name: 'Doorgaan' }).click();
      await page.waitForURL(`${portal.baseUrl}/`);
      await page.goto(`${portal.baseUrl}/mijn-organisatie/contactpersonen`);
      await page.getByRole('button', { name: 'Contactpersoon toevoegen' }).click();
      const step = page.locator('[data-staged-step]');
      await step.waitFor();
      expect(await page.getByRole('dialog').count()).toBe(0);
      await checkWithoutScript();
      await fillContact(step, { surname: 'Maes', givenName: 'Lien', email: 'lien@sint-jozef.example', phone: '016 12 34 56', themes: ['Subsidies'] });
      await step.getByRole('button', { name: 'toevoegen' }).click();
      await row(page, 'Maes').getByText('nieuw', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Wijzig Lien Maes' }).click();
      await page.locator('[data-staged-step]').getByLabel('Voornaam', { exact: true }).fill('Lien-Marie');
      await page.locator('[data-staged-step]').getByRole('button', { name: 'wijzigen' }).click();
      await row(page, 'Lien-Marie').waitFor();
      await page.getByRole('button', { name: 'Verwijder Lien-Marie Maes' }).click();
      expect(await page.locator('[data-staged-step]').textContent()).toContain('Bent u zeker dat u Lien-Marie Maes wilt verwijderen als contactpersoon?');
      await checkWithoutScript();
      await page.getByRole('button', { name: 'Nee, behouden' }).click();
      await page.getByRole('button', { name: 'bewaren' }).click();
      await page.waitForURL(/bewaard=1/);
      expect(await row(page, 'Maes').textContent()).toContain('Lien-Marie');
      expect(await row(page, 'Maes').textContent()).not.toContain('nieuw');
      await checkWithoutScript();
    } finally {
      await scriptless.close();
    }
  }, 120_000);

  it('shows the organisation data with "Bewerken", then "wijzigen", and errors accessibly', async () => {
    const page = await portal.browser.newPage();
    await signInAsJan(page);
    await page.goto(`${portal.baseUrl}/mijn-organisatie`);
    await page.getByRole('button', { name: 'Bewerken' }).click();
    await page.getByLabel('E-mail').fill('fout');
    await page.getByRole('button', { name: 'wijzigen' }).click();
    expect(await page.textContent('.error-summary')).toContain('Vul een geldig e-mailadres in');
    await expectNoAxeViolations(page);
    await page.goto(`${portal.baseUrl}/hulp#toegangsbeheer`);
    await expectNoAxeViolations(page);
    await page.goto(`${portal.baseUrl}/themas/prijzen`);
    await expectNoAxeViolations(page);
  });
});
