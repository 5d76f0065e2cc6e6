// The department's export of a dossier type's submitted dossiers (M32): the
// queue's type filter chooses the type, Team Prijzen downloads the price
// types as CSV and XLSX with the campaign exports' conventions (`;`, BOM,
// decimal comma, dates dd/mm/yyyy, formulas neutralised), every download is in
// the audit trail, and a team that does not handle the type finds nothing.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { download } from '../helpers/download.js';
import { fieldError, text } from '../helpers/html.js';
import { logins } from '../helpers/login.js';
import { dbDateOf } from '../../src/lib/dates.js';

const { app, db } = await createTestApp();
const login = logins(app, db.prisma);
const hofTerLinden = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });

// The demo's indexeringen are not this file's: one dossier of our own, decided, and a draft that is never exported.
await db.prisma.dossier.deleteMany({ where: { typeCode: 'indexering' } });
await db.prisma.dossier.create({
  data: {
    facilityId: hofTerLinden.id,
    typeCode: 'indexering',
    reference: 'IX-2027-900001',
    status: 'afgehandeld',
    outcome: 'aanvaard',
    // 3 March 2027 at 00:30 in Brussels (still 2 March in UTC): the date is Brussels'.
    submittedAt: new Date('2027-03-02T23:30:00Z'),
    decidedAt: new Date('2027-04-01T10:00:00Z'),
    priceDossier: { create: { facilityId: hofTerLinden.id, validFrom: dbDateOf({ year: 2027, month: 5, day: 1 }) } },
    priceLines: {
      create: [
        { facilityId: hofTerLinden.id, kind: 'kamertype', position: 0, name: 'Eenpersoonskamer', unit: 'dag', currentCapacity: 40, currentPriceCents: 6250, capacity: 40, priceCents: 6469 },
        { facilityId: hofTerLinden.id, kind: 'kamertype', position: 1, name: '=HYPERLINK("https://evil.example")', unit: 'dag', currentCapacity: 10, currentPriceCents: 5500, capacity: 10, priceCents: 5693 },
      ],
    },
  },
});
await db.prisma.dossier.create({
  data: {
    facilityId: hofTerLinden.id,
    typeCode: 'indexering',
    reference: 'IX-2027-900002',
    status: 'opmaak',
    priceLines: { create: [{ facilityId: hofTerLinden.id, kind: 'kamertype', position: 0, name: 'Nog in opmaak', unit: 'dag', currentPriceCents: 6250 }] },
  },
});

const HEADER =
  'Referentie;Voorziening;HCO-nummer;Type dossier;Status;Beslissing;Ingediend op;Beslist op;Ingangsdatum;Soort;Naam;Eenheid;Huidige capaciteit;Huidige prijs;Nieuwe capaciteit;Nieuwe prijs;Geschrapt';
const TYPE = 'Indexering van de dagprijs/uurprijs (bestaande voorziening)';

describe('the export of a dossier type', () => {
  it('offers the download on the queue once a type is chosen', async () => {
    const els = await login.staffMember('team-prijzen');
    const all = await els.get('/beheer/dossiers');
    expect(all.text).not.toContain('/beheer/dossiers/export.csv');
    const filtered = await els.get('/beheer/dossiers?type=indexering');
    expect(filtered.text).toContain('href="/beheer/dossiers/export.csv?type=indexering"');
    expect(filtered.text).toContain('href="/beheer/dossiers/export.xlsx?type=indexering"');
  });

  it('writes the CSV of an indexering: one row per line, decimal comma, dates dd/mm/yyyy, a formula-looking name neutralised', async () => {
    const els = await login.staffMember('team-prijzen');
    const csv = await download(els, '/beheer/dossiers/export.csv?type=indexering');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="dossiers-indexering.csv"');
    const body = csv.body.toString('utf8');
    expect(body.startsWith('\uFEFF')).toBe(true);
    expect(body.slice(1).split('\r\n')).toEqual([
      HEADER,
      `IX-2027-900001;WZC Hof ter Linden;4085;${TYPE};afgehandeld;goedgekeurd;03/03/2027;01/04/2027;01/05/2027;Kamertype;Eenpersoonskamer;per dag;40;62,50;40;64,69;nee`,
      `IX-2027-900001;WZC Hof ter Linden;4085;${TYPE};afgehandeld;goedgekeurd;03/03/2027;01/04/2027;01/05/2027;Kamertype;"'=HYPERLINK(""https://evil.example"")";per dag;10;55,00;10;56,93;nee`,
      '',
    ]);
  });

  it('writes the same rows as XLSX, with amounts as numbers and the name neutralised', async () => {
    const els = await login.staffMember('team-prijzen');
    const xlsx = await download(els, '/beheer/dossiers/export.xlsx?type=indexering');
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.rowCount).toBe(3);
    expect((sheet?.getRow(1).values as unknown[]).slice(1).join(';')).toBe(HEADER);
    const second = (sheet?.getRow(3).values as unknown[]).slice(1);
    expect(second[10]).toBe('\'=HYPERLINK("https://evil.example")');
    expect(second[13]).toBe(55);
    expect(second[15]).toBe(56.93);
  });

  it('records every download in the audit trail', async () => {
    const before = await db.prisma.auditEvent.count({ where: { kind: 'export.downloaded', recordType: 'DossierType', recordId: 'indexering' } });
    const els = await login.staffMember('team-prijzen');
    expect((await download(els, '/beheer/dossiers/export.csv?type=indexering')).status).toBe(200);
    const events = await db.prisma.auditEvent.findMany({ where: { kind: 'export.downloaded', recordType: 'DossierType', recordId: 'indexering' }, orderBy: { id: 'desc' } });
    expect(events).toHaveLength(before + 1);
    expect(events[0]).toMatchObject({ teamCode: 'team-prijzen', summary: `Ingediende dossiers van het type ${TYPE} gedownload als CSV.` });
  });

  it('finds nothing for a team that does not handle the type, and for the helpdesk', async () => {
    const pieter = await login.staffMember('team-eerstelijn');
    for (const path of ['/beheer/dossiers/export.csv?type=indexering', '/beheer/dossiers/export.xlsx?type=nieuwe-supplementen']) {
      const response = await pieter.get(path);
      expect(response.status).toBe(404);
      expect(response.text).not.toContain('IX-2027-900001');
    }
    expect((await pieter.get('/beheer/dossiers?type=zorgaanbod')).text).toContain('href="/beheer/dossiers/export.csv?type=zorgaanbod"');
    const helpdesk = await login.helpdesk();
    expect((await helpdesk.get('/beheer/dossiers/export.csv?type=indexering')).status).toBe(404);
    expect((await helpdesk.get('/beheer/dossiers?type=indexering')).text).not.toContain('/beheer/dossiers/export.csv');
  });

  it('asks for a type from the list when the type is unknown or missing, on the queue', async () => {
    const els = await login.staffMember('team-prijzen');
    const unknown = await els.get('/beheer/dossiers/export.csv?type=onbekend');
    expect(unknown.status).toBe(400);
    expect(fieldError(unknown.text, 'type')).toContain('Kies een type dossier uit de lijst.');
    expect(text(unknown.text)).toContain('Dossiers');
    const missing = await els.get('/beheer/dossiers/export.xlsx');
    expect(missing.status).toBe(400);
    expect(fieldError(missing.text, 'type')).toContain('Kies een type dossier: de export bevat de ingediende dossiers van één type.');
  });

  it('does not know another format', async () => {
    const els = await login.staffMember('team-prijzen');
    expect((await els.get('/beheer/dossiers/export.pdf?type=indexering')).status).toBe(404);
  });
});
