// Zorgaanbod in Chromium, axe on every page: a huisartsenkring downloads the
// template, uploads a file with errors, reads the report, downloads the
// annotated file, uploads the fixed file, submits and finds the e-mail; then
// Team Eerstelijn's list of kringen, one list, and the export.
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserPortal, expectNoAxeViolations, hasBrowser, openDevMail, signInAs } from '../helpers/browser.js';
import { createContact } from '../helpers/messages.js';
import { gp, riziv, zorgaanbodCampaign2026 } from '../helpers/zorgaanbod.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The downloaded template filled in with these lines, as a user would in Excel. */
async function fill(template: Buffer, lines: ExcelJS.CellValue[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Huisartsen');
  if (!sheet) throw new Error('the template has the sheet Huisartsen');
  lines.forEach((line, i) =>
    line.forEach((value, c) => {
      sheet.getRow(i + 2).getCell(c + 1).value = value;
    }),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe.skipIf(!hasBrowser)('Zorgaanbod in Chromium', () => {
  const portal = browserPortal({
    mail: true,
    clock: () => new Date('2026-09-01T10:00:00Z'),
    async prepare(db) {
      await zorgaanbodCampaign2026(db.prisma);
      const kring = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '52011' } });
      await createContact(db.prisma, { facilityId: kring.id, themeSlugs: ['zorgaanbod'], email: 'sofie.maes@hak-pajottenland.example', givenName: 'Sofie', surname: 'Maes' });
    },
  });
  const signIn = (page: Page, name: string) => signInAs(page, portal.baseUrl, name);

  async function download(page: Page, link: string): Promise<{ name: string; content: Buffer }> {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: link }).click()]);
    return { name: file.suggestedFilename(), content: await readFile(await file.path()) };
  }

  it('downloads the template, uploads a file with errors, reads the report, fixes the file, submits and gets the e-mail', async () => {
    const context = await portal.browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, 'Sofie Maes');
    await page.waitForURL(`${portal.baseUrl}/`);
    expect(await page.textContent('main')).toContain('Vul de Excel-lijst ‘Zorgaanbod 2026’');
    await page.getByRole('link', { name: 'Zorgaanbod', exact: true }).click();
    await expectNoAxeViolations(page);

    const template = await download(page, 'Download het Excel-sjabloon');
    expect(template.name).toBe('Sjabloon zorgaanbod 2026.xlsx');
    const withErrors = await fill(template.content, [gp(1, { riziv: '12345678901' }), gp(2), gp(3, { riziv: riziv(100002), nieuwePatienten: 'misschien' })]);
    // Uploaded on the theme page itself; the report opens on the list's page.
    await page.locator('#excel').setInputFiles({ name: 'kring.xlsx', mimeType: XLSX, buffer: withErrors });
    await page.getByRole('button', { name: 'Opladen en controleren' }).click();
    await page.waitForURL(/\/themas\/zorgaanbod\/lijst\?opgeladen=1/);
    const report = await page.textContent('main');
    expect(report).toContain('4 fouten op 3 lijnen');
    expect(report).toContain('Lijn 2: RIZIV-nummer 12345678901: controlecijfer klopt niet');
    expect(report).toContain('Lijn 4: Neemt nieuwe patiënten aan ‘misschien’: vul ja of nee in');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Lijn 2: RIZIV-nummer 12345678901: controlecijfer klopt niet' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('rij-2');

    const annotated = await download(page, 'Download uw bestand met de fouten (extra kolom ‘Fouten’)');
    expect(annotated.name).toBe('kring - met fouten.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(annotated.content as unknown as ArrayBuffer);
    expect(String(workbook.getWorksheet('Huisartsen')?.getRow(4).getCell(9).value)).toContain('2 fouten');

    // Fixed in "Excel": the annotated file itself, with the values corrected.
    const fixed = await fill(annotated.content, [gp(1), gp(2), gp(3, { nieuwePatienten: 'Ja' })]);
    await page.locator('#excel').setInputFiles({ name: 'kring.xlsx', mimeType: XLSX, buffer: fixed });
    await page.getByRole('button', { name: 'Opladen en controleren' }).click();
    await page.waitForURL(/opgeladen=1/);
    expect(await page.textContent('main')).toContain('De lijst bevat geen fouten');
    await page.getByRole('button', { name: 'Indienen' }).click();
    await page.waitForURL(/\/indienen$/);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Ja, indienen' }).click();
    await page.waitForURL(/ingediend=1/);
    expect(await page.textContent('main')).toContain('Uw lijst is ingediend');
    expect(await page.locator('table', { hasText: 'Ingediende huisartsen' }).locator('tbody tr').count()).toBe(3);
    await expectNoAxeViolations(page);

    await openDevMail(page, portal.baseUrl, 'sofie.maes@hak-pajottenland.example', /Zorgaanbod 2026 werd ingediend/);
    expect(await page.frameLocator('iframe').locator('body').textContent()).toContain('ingediend met 3 huisartsen');
    await context.close();
  });

  it('lets Team Eerstelijn follow the kringen, open a list and export all lists', async () => {
    const context = await portal.browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, 'Pieter Mertens');
    await page.goto(`${portal.baseUrl}/beheer/zorgaanbod`);
    expect(await page.textContent('main')).toContain('2 van 2 huisartsenkringen, samen 7 huisartsen');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Huisartsenkring Pajottenland' }).click();
    expect(await page.textContent('main')).toContain(riziv(100003));
    await expectNoAxeViolations(page);
    await page.goBack();
    const exported = await download(page, 'Excel (XLSX)');
    expect(exported.name).toBe('zorgaanbod-2026.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.content as unknown as ArrayBuffer);
    expect(workbook.worksheets[0]?.rowCount).toBe(8);
    await context.close();
  });
});
