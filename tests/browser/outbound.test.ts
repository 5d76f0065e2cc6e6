// A new thread from the department to one facility in Chromium, axe on every
// page: Els (Team Prijzen) finds WZC Sint-Jozef, writes about its dossier with
// an attachment, sees the confirmation; the e-mail reaches /dev/mail; Jan of
// Sint-Jozef reads the message and finds it under the dossier. Then a bulk
// message to all demo woonzorgcentra: preview, confirmation, progress until
// the worker is done, and one thread on each facility's side.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { browserPortal, expectNoAxeViolations, hasBrowser, signInAs } from '../helpers/browser.js';
import { createContact } from '../helpers/messages.js';
import { pdf } from '../helpers/sample-files.js';
import { createServices } from '../../src/services.js';
import { createBulkWorker, type BulkWorker } from '../../src/modules/outbound/worker.js';

describe.skipIf(!hasBrowser)('a new thread from the department in Chromium', () => {
  let dossierId = 0;
  let bulkWorker: BulkWorker;
  const file = join(mkdtempSync(join(tmpdir(), 'eloket-outbound-')), 'Toelichting.pdf');

  const portal = browserPortal({
    mail: true,
    async prepare(db) {
      const sintJozef = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
      const campaign = await db.prisma.campaign.findUniqueOrThrow({ where: { typeCode_year: { typeCode: 'meting-dagprijzen', year: 2026 } } });
      dossierId = (await db.prisma.dossier.create({ data: { facilityId: sintJozef.id, campaignId: campaign.id, reference: 'MD-2026-003634' } })).id;
      await createContact(db.prisma, { facilityId: sintJozef.id, themeSlugs: ['prijzen'], email: 'greet.prijs@sint-jozef.example', givenName: 'Greet', surname: 'Prijs' });
      writeFileSync(file, pdf());
    },
  });
  beforeAll(() => {
    const { db } = portal;
    const { messages } = createServices({ prisma: db.prisma, pool: db.pool, config: portal.config, logger: createLogger({ level: 'silent' }), identity: portal.identity });
    bulkWorker = createBulkWorker({ prisma: db.prisma, messages, logger: createLogger({ level: 'silent' }), pollMs: 100 });
  });
  afterAll(async () => {
    await bulkWorker?.stop();
  });

  const signIn = (page: Page, name: string) => signInAs(page, portal.baseUrl, name);

  it('finds the facility, writes about its dossier with an attachment, and the facility reads it', async () => {
    const page = await portal.browser.newPage();
    await signIn(page, 'Els Willems');
    await page.goto(`${portal.baseUrl}/beheer`);
    await page.getByRole('link', { name: 'Nieuw bericht aan een voorziening' }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('Naam of HCO-nummer van de voorziening').fill('3634');
    await page.getByRole('button', { name: 'Zoeken' }).click();
    await page.getByLabel(/WZC Sint-Jozef \(HCO-nummer 3634/).check();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Verder' }).click();
    await page.waitForURL(/\/beheer\/berichten\/nieuw\/\d+$/);
    expect(await page.textContent('h1')).toBe('Nieuw bericht aan WZC Sint-Jozef');

    // Sent without a title: the error is shown, the rest kept.
    await page.getByLabel('Thema').selectOption('prijzen');
    await page.getByLabel('Over dossier (niet verplicht)').selectOption(String(dossierId));
    await page.getByLabel('Tekst').fill('Wilt u de dagprijs van de tweepersoonskamer toelichten?');
    await page.getByRole('button', { name: 'Verzenden' }).click();
    await page.waitForLoadState();
    expect(await page.textContent('.error-summary')).toContain('Vul de titel van het bericht in.');
    await expectNoAxeViolations(page);
    await page.getByLabel('Titel').fill('Toelichting dagprijs');
    await page.locator('input[type="file"]').setInputFiles(file);
    await page.getByRole('button', { name: 'Verzenden' }).click();
    await page.waitForURL(/\/beheer\/berichten\/verstuurd\/\d+$/);
    const confirmation = (await page.textContent('main')) ?? '';
    expect(confirmation).toContain('Het bericht werd verzonden');
    expect(confirmation).toContain('Greet Prijs (greet.prijs@sint-jozef.example)');
    expect(confirmation).toContain('Toelichting.pdf');
    const reference = /referentienummer (DZ-\d{4}-\d{6})/.exec(confirmation)?.[1] ?? '';
    expect(reference).not.toBe('');
    await expectNoAxeViolations(page);

    await page.goto(`${portal.baseUrl}/dev/mail`);
    await expect.poll(async () => {
      await page.reload();
      return page.textContent('main');
    }, { timeout: 10_000 }).toContain('Er staat een nieuw bericht voor WZC Sint-Jozef klaar in het e-loket');
    await page.close();

    const facilityPage = await portal.browser.newPage();
    await signIn(facilityPage, 'Jan Claes');
    await facilityPage.goto(`${portal.baseUrl}/berichten`);
    await facilityPage.getByRole('link', { name: 'Toelichting dagprijs' }).first().click();
    await facilityPage.waitForURL(/\/berichten\/\d+$/);
    expect(await facilityPage.textContent('main')).toContain('Wilt u de dagprijs van de tweepersoonskamer toelichten?');
    expect(await facilityPage.textContent('main')).toContain('Toelichting.pdf');
    await facilityPage.goto(`${portal.baseUrl}/dossiers/${dossierId}`);
    expect(await facilityPage.textContent('#berichten + ul')).toContain(`${reference}: Toelichting dagprijs`);
    await expectNoAxeViolations(facilityPage);
    await facilityPage.close();
  }, 120_000);

  it('sends one message to all woonzorgcentra as one thread per facility, with a preview and the progress', async () => {
    const woonzorgcentra = await portal.db.prisma.facility.findMany({ where: { facilityType: { code: 'woonzorgcentrum' } }, select: { id: true } });
    const page = await portal.browser.newPage();
    await signIn(page, 'Els Willems');
    await page.goto(`${portal.baseUrl}/beheer`);
    await page.getByRole('link', { name: 'Bericht aan meerdere voorzieningen' }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel('Type voorziening').selectOption('woonzorgcentrum');
    await page.getByLabel('Thema').selectOption('prijzen');
    await page.getByLabel('Titel').fill('Start meting dagprijzen');
    await page.getByLabel('Tekst').fill('De meting dagprijzen van mei is geopend.');
    await page.getByRole('button', { name: 'Voorbeeld bekijken' }).click();
    await page.waitForLoadState();
    expect(await page.textContent('#aantal')).toContain(`Dit bericht gaat naar ${woonzorgcentra.length} voorzieningen`);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: `Versturen naar ${woonzorgcentra.length} voorzieningen` }).click();
    await page.waitForURL(/\/beheer\/berichten\/bulk\/\d+$/);
    expect(await page.textContent('main')).toContain(`0 van ${woonzorgcentra.length} voorzieningen`);
    await expectNoAxeViolations(page);

    bulkWorker.start();
    await expect.poll(async () => {
      await page.reload();
      return page.textContent('main');
    }, { timeout: 20_000 }).toContain(`Klaar: ${woonzorgcentra.length} van ${woonzorgcentra.length} voorzieningen`);
    await expectNoAxeViolations(page);
    const threads = await portal.db.prisma.thread.groupBy({ by: ['facilityId'], where: { title: 'Start meting dagprijzen' }, _count: { _all: true } });
    expect(threads.map((t) => t.facilityId).sort((a, b) => a - b)).toEqual(woonzorgcentra.map((f) => f.id).sort((a, b) => a - b));
    expect(threads.every((t) => t._count._all === 1)).toBe(true);
    await page.close();

    const facilityPage = await portal.browser.newPage();
    await signIn(facilityPage, 'Jan Claes');
    await facilityPage.goto(`${portal.baseUrl}/berichten`);
    await expect(facilityPage.getByRole('link', { name: 'Start meting dagprijzen' }).count()).resolves.toBe(1);
    await facilityPage.close();
  }, 120_000);
});
