// The helpdesk's follow-up in Chromium, axe on every page: open the outbox,
// open a failed e-mail, retry it; then find that retry and a facility's
// change in the audit trail, filtered by kind.
import { actorFor } from '../../src/auth/actor.js';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { facilityScope } from '../../src/auth/facility-scope.js';
import { createLogger } from '../../src/logger.js';
import { createContactsService } from '../../src/modules/contacts/service.js';
import { browserPortal, expectNoAxeViolations, hasBrowser, signInAs } from '../helpers/browser.js';

describe.skipIf(!hasBrowser)('the outbox and the audit trail in Chromium', () => {
  const portal = browserPortal({
    async prepare(db) {
      const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
      await db.prisma.outboxMail.create({
        data: {
          messageId: '<mislukt-1@eloket.test>',
          recipients: ['onbestaand@sintjozef.example'],
          subject: 'Er staat een nieuw bericht voor WZC Sint-Jozef klaar in het e-loket',
          html: '<p>Hallo</p>',
          text: 'Hallo',
          template: 'notification',
          status: 'failed',
          attempts: 5,
          lastError: '550 5.1.1 Mailbox unavailable',
          facilityId: sintJozef.id,
        },
      });
    },
  });
  // A facility's change, through its service with the portal's configuration, for the trail.
  beforeAll(async () => {
    const { prisma } = portal.db;
    const sintJozef = await prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
    const jan = await prisma.user.findUniqueOrThrow({ where: { insz: '85092305734' } });
    const contacts = createContactsService({ prisma, config: portal.config, logger: createLogger({ level: 'silent' }) });
    await contacts.save(facilityScope(prisma, sintJozef.id), sintJozef, actorFor(jan), sintJozef.contactsVersion, {
      lines: [{ surname: 'Wouters', givenName: 'Lies', email: 'lies.wouters@sintjozef.example', phone: '016 12 34 57', themes: ['prijzen'] }],
      remove: [],
    });
  });

  const signIn = (page: Page, name: string) => signInAs(page, portal.baseUrl, name);

  it('opens the outbox, a failed e-mail, retries it, and finds the retry in the audit trail by kind', async () => {
    const page = await portal.browser.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await signIn(page, 'Lotte Janssens');
    await page.goto(`${portal.baseUrl}/beheer`);
    await page.getByRole('link', { name: 'E-mails van het e-loket' }).click();
    await page.waitForURL(`${portal.baseUrl}/beheer/mail`);
    expect(await page.textContent('h1')).toBe('E-mails van het e-loket');
    await expectNoAxeViolations(page);

    await page.getByLabel('Status').selectOption('failed');
    await page.getByRole('button', { name: 'Filteren' }).click();
    await page.waitForURL(/status=failed/);
    expect(await page.textContent('tbody')).toContain('onbestaand@sintjozef.example');
    await page.getByRole('link', { name: /Er staat een nieuw bericht voor WZC Sint-Jozef/ }).click();
    await page.waitForURL(/\/beheer\/mail\/\d+$/);
    expect(await page.textContent('.summary-list')).toContain('550 5.1.1 Mailbox unavailable');
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Opnieuw proberen' }).click();
    await page.waitForURL(/\?opnieuw=1$/);
    expect(await page.textContent('[role=status]')).toContain('De e-mail staat opnieuw in de wachtrij');
    expect(await page.textContent('.summary-list')).toContain('In de wachtrij');
    await expectNoAxeViolations(page);

    await page.goto(`${portal.baseUrl}/beheer`);
    await page.getByRole('link', { name: 'Audittrail' }).click();
    await page.waitForURL(`${portal.baseUrl}/beheer/audit`);
    expect(await page.textContent('tbody')).toContain('Contactpersoon Lies Wouters');
    await expectNoAxeViolations(page);

    await page.getByLabel('Soort wijziging').selectOption({ label: 'E-mail opnieuw verstuurd' });
    await page.getByRole('button', { name: 'Filteren' }).click();
    await page.waitForURL(/soort=mail\.retried/);
    const rows = await page.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('Lotte Janssens');
    expect(rows[0]).toContain('WZC Sint-Jozef');
    await expectNoAxeViolations(page);

    // The facility's name filters the trail to that facility.
    await page.getByRole('link', { name: 'WZC Sint-Jozef' }).first().click();
    await page.waitForURL(/voorziening=\d+/);
    expect(await page.textContent('.active-filters')).toContain('Voorziening: WZC Sint-Jozef');
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
  });
});
