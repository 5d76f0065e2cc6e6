// The team inbox in Chromium, axe on every page: a member of Team Prijzen
// opens /beheer, goes to the unread messages, filters by facility with the
// keyboard, opens a thread, answers it with an attachment and sees it sent.
import { describe, expect, it } from 'vitest';
import { browserPortal, expectNoAxeViolations, hasBrowser } from '../helpers/browser.js';
import { createContact, createThread } from '../helpers/messages.js';
import { pdf } from '../helpers/sample-files.js';

describe.skipIf(!hasBrowser)('the team inbox in Chromium', () => {
  let reference = '';
  const portal = browserPortal({
    async prepare(db) {
      const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
      await createContact(db.prisma, { facilityId: sintJozef.id, themeSlugs: ['prijzen'], email: 'prijzen@sint-jozef.example', givenName: 'Greet', surname: 'Peeters' });
      ({ reference } = await createThread(db.prisma, {
        facilityId: sintJozef.id,
        themeSlug: 'prijzen',
        title: 'Vraag over de korting',
        messages: [{ direction: 'outgoing', sentAt: new Date(), body: 'Geldt de korting ook voor kortverblijf?' }],
      }));
    },
  });

  it('opens the inbox, filters, opens a thread and answers it with an attachment', async () => {
    const page = await portal.signedIn('Els Willems', '/beheer');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: /ongelezen over Prijzen/ }).click();
    await page.waitForURL(/\/beheer\/berichten\?thema=prijzen&status=ongelezen/);
    await expectNoAxeViolations(page);
    await page.getByLabel('Voorziening').fill('3634');
    await page.getByLabel('Voorziening').press('Enter');
    await page.waitForURL(/voorziening=3634/);
    expect(await page.getByRole('status').first().textContent()).toMatch(/\d+ berichte?n?/);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: reference }).click();
    await page.waitForLoadState();
    expect(await page.locator('h1').textContent()).toBe('Vraag over de korting');
    expect(await page.locator('#ontvangers').textContent()).toContain('Greet Peeters');
    await expectNoAxeViolations(page);

    await page.getByLabel('Tekst').fill('Nee, enkel voor de erkende woongelegenheden.');
    await page.getByLabel('Bijlagen').setInputFiles([{ name: 'Omzendbrief.pdf', mimeType: 'application/pdf', buffer: pdf() }]);
    await page.getByRole('button', { name: 'Verzenden' }).click();
    await page.waitForURL(/verzonden=1/);
    expect(await page.locator('.notice').textContent()).toContain('Uw antwoord is verzonden. Greet Peeters krijgt een e-mail.');
    expect(await page.locator('.thread').textContent()).toContain('Nee, enkel voor de erkende woongelegenheden.');
    expect(await page.getByRole('link', { name: 'Omzendbrief.pdf' }).count()).toBe(1);
    await expectNoAxeViolations(page);
    expect(await portal.db.prisma.outboxMail.count({ where: { recipients: { has: 'prijzen@sint-jozef.example' } } })).toBe(1);
  });
});
