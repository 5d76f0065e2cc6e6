// The department's operations pages in Chromium, axe on every page: a staff
// member searches the facility directory and opens a facility; the helpdesk
// answers a ticket (the e-mail arrives in /dev/mail) and closes it.
import { describe, expect, it } from 'vitest';
import { browserPortal, expectNoAxeViolations, hasBrowser } from '../helpers/browser.js';

describe.skipIf(!hasBrowser)('facility directory and helpdesk tickets in Chromium', () => {
  let ticketId: number;
  const portal = browserPortal({
    mail: true,
    async prepare(db) {
      const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
      const prijzen = await db.prisma.theme.findUniqueOrThrow({ where: { slug: 'prijzen' } });
      await db.prisma.contactPerson.create({
        data: { facilityId: sintJozef.id, surname: 'Wouters', givenName: 'Lies', email: 'lies@sintjozef.example', phone: '015 12 34 57', themes: { create: [{ themeId: prijzen.id }] } },
      });
      ticketId = (await db.prisma.helpdeskTicket.create({ data: { email: 'vrager@zorg.example', question: 'Ik zie mijn voorziening niet na het aanmelden.', facilityId: sintJozef.id } })).id;
    },
  });

  it('searches the directory by name and gemeente and opens the facility', async () => {
    const page = await portal.signedIn('Els Willems', '/beheer');
    await page.getByRole('link', { name: 'Voorzieningen zoeken' }).click();
    await page.waitForURL(`${portal.baseUrl}/beheer/voorzieningen`);
    await expectNoAxeViolations(page);
    await page.getByLabel('Naam', { exact: true }).fill('jozef');
    await page.getByLabel('Gemeente of postcode').fill('Mechelen');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.waitForURL(/\/beheer\/voorzieningen\?naam=jozef/);
    expect(await page.locator('caption').textContent()).toContain('Voorzieningen (1)');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'WZC Sint-Jozef' }).click();
    await page.waitForURL(/\/beheer\/voorzieningen\/\d+$/);
    expect(await page.textContent('h1')).toBe('WZC Sint-Jozef');
    expect(await page.locator('main').textContent()).toContain('Niet bevestigd');
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('answers a ticket by e-mail, the e-mail arrives, and closes the ticket', async () => {
    const page = await portal.signedIn('Lotte Janssens', '/beheer');
    await page.getByRole('link', { name: 'Helpdesktickets' }).click();
    await page.waitForURL(`${portal.baseUrl}/beheer/helpdesk`);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: `Ticket ${ticketId}` }).click();
    await page.waitForURL(`${portal.baseUrl}/beheer/helpdesk/${ticketId}`);
    await expectNoAxeViolations(page);

    // Without an answer: the error in the summary and at the field.
    await page.getByRole('button', { name: 'Antwoord versturen' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.error-summary').textContent()).toContain('Vul uw antwoord in.');
    await expectNoAxeViolations(page);

    await page.getByLabel('Uw antwoord').fill('Kies na het aanmelden de juiste voorziening.\n\nMet vriendelijke groeten');
    await page.getByRole('button', { name: 'Antwoord versturen' }).click();
    await page.waitForURL(`${portal.baseUrl}/beheer/helpdesk/${ticketId}?beantwoord=1`);
    expect(await page.getByRole('status').textContent()).toContain('Uw antwoord is bewaard en wordt per e-mail verstuurd naar vrager@zorg.example.');
    await expectNoAxeViolations(page);

    const subject = `Antwoord van de technische helpdesk (ticket ${ticketId})`;
    const deadline = Date.now() + 10_000;
    while (!portal.sink.list().some((m) => m.subject === subject) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await page.goto(`${portal.baseUrl}/dev/mail`);
    expect(await page.locator('main').textContent()).toContain(subject);

    await page.goto(`${portal.baseUrl}/beheer/helpdesk/${ticketId}`);
    await page.getByRole('button', { name: 'Ticket afsluiten' }).click();
    await page.waitForURL(`${portal.baseUrl}/beheer/helpdesk/${ticketId}?gesloten=1`);
    expect(await page.getByRole('status').textContent()).toContain('Het ticket is afgesloten.');
    expect(await page.getByRole('button', { name: 'Antwoord versturen' }).count()).toBe(0);
    await expectNoAxeViolations(page);
    await page.close();
  });
});
