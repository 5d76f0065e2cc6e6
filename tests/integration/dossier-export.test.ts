// The department's export of a dossier type's submitted dossiers (M32): the
// queue's type filter chooses the type and its other filters (status,
// voorziening, behandelaar, termijn) choose the dossiers, as on the queue's
// pages; Team Prijzen downloads the price types as CSV and XLSX with the
// campaign exports' conventions (`;`, BOM, decimal comma, dates dd/mm/yyyy,
// formulas neutralised), every download is in the audit trail with its
// filters, and a team that does not handle the type finds nothing.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { download } from '../helpers/download.js';
import { fieldError, page, rowsOf, text } from '../helpers/html.js';
import { logins } from '../helpers/login.js';
import { addCalendarDays, brusselsDateOf, dbDateOf } from '../../src/lib/dates.js';

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

// Three waiting dossiers, one per filter value: ingediend at Hof ter Linden, unassigned, its term ending within 7 days;
// in behandeling at another facility with Els, its term in 20 days; ingediend there with a colleague, its term passed.
const ELS = '80012724649'; // Team Prijzen
const elsUser = await db.prisma.user.findUniqueOrThrow({ where: { insz: ELS } });
const colleague = await db.prisma.user.findFirstOrThrow({ where: { insz: { not: ELS }, staffMember: { isNot: null } } });
const other = await db.prisma.facility.findFirstOrThrow({ where: { hcoNumber: { not: '4085' }, name: { not: { contains: 'Hof ter Linden' } } }, orderBy: { id: 'asc' } });
const today = brusselsDateOf(new Date());
const waiting = [
  { reference: 'IX-2027-900003', facilityId: hofTerLinden.id, status: 'ingediend', handlerId: null, termEndsOn: dbDateOf(addCalendarDays(today, 3)) },
  { reference: 'IX-2027-900004', facilityId: other.id, status: 'in_behandeling', handlerId: elsUser.id, termEndsOn: dbDateOf(addCalendarDays(today, 20)) },
  { reference: 'IX-2027-900005', facilityId: other.id, status: 'ingediend', handlerId: colleague.id, termEndsOn: dbDateOf(addCalendarDays(today, -2)) },
] as const;
for (const w of waiting) {
  await db.prisma.dossier.create({
    data: {
      ...w,
      typeCode: 'indexering',
      submittedAt: new Date('2027-03-10T09:00:00Z'),
      priceLines: { create: [{ facilityId: w.facilityId, kind: 'kamertype', position: 0, name: `Kamer van ${w.reference}`, unit: 'dag', currentCapacity: 5, currentPriceCents: 6000, capacity: 5, priceCents: 6100 }] },
    },
  });
}

// Sent back to Hof ter Linden for a correction after its submission: heropend, submitted once, waiting for the facility.
await db.prisma.dossier.create({
  data: {
    facilityId: hofTerLinden.id,
    typeCode: 'indexering',
    reference: 'IX-2027-900006',
    status: 'heropend',
    submittedAt: new Date('2027-03-05T09:00:00Z'),
    reopenedAt: new Date('2027-03-08T09:00:00Z'),
    reopenReason: 'De nieuwe prijs ontbreekt.',
    priceLines: { create: [{ facilityId: hofTerLinden.id, kind: 'kamertype', position: 0, name: 'Heropende kamer', unit: 'dag', currentCapacity: 5, currentPriceCents: 6000, capacity: 5, priceCents: 6100 }] },
  },
});
/** Every dossier of the type that was submitted once: all but the draft IX-2027-900002. */
const ALL_SUBMITTED = ['IX-2027-900001', 'IX-2027-900003', 'IX-2027-900004', 'IX-2027-900005', 'IX-2027-900006'];

/** The references of a CSV export's rows, once each, in the file's order. */
function referencesOf(csv: Buffer): string[] {
  const lines = csv.toString('utf8').slice(1).split('\r\n').slice(1).filter(Boolean);
  return [...new Set(lines.map((line) => line.split(';')[0] ?? ''))];
}

/** The references the queue shows for the same filters (every page: the test's dossiers fit on one). */
async function queueReferences(agent: Awaited<ReturnType<typeof login.as>>, query: string): Promise<string[]> {
  const response = await agent.get(`/beheer/dossiers?${query}`);
  expect(response.status).toBe(200);
  return rowsOf(response.text, /^Dossiers \(\d+\)$/).map((row) => row[0] ?? '');
}

/** The first sheet of an XLSX export, once its download answered 200. */
async function sheetOf(agent: Awaited<ReturnType<typeof login.as>>, path: string) {
  const xlsx = await download(agent, path);
  expect(xlsx.status).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
  return workbook.worksheets[0];
}

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

  it('without other filters holds what the queue shows of the type: the dossiers that wait for the department, never a draft or a decided one', async () => {
    const els = await login.as(ELS);
    const csv = await download(els, '/beheer/dossiers/export.csv?type=indexering');
    expect(csv.status).toBe(200);
    expect(referencesOf(csv.body).sort()).toEqual(['IX-2027-900003', 'IX-2027-900004', 'IX-2027-900005']);
    expect((await queueReferences(els, 'type=indexering')).sort()).toEqual(referencesOf(csv.body).sort());
  });

  it.each([
    ['status in behandeling', 'status=in_behandeling', ['IX-2027-900004']],
    ['status ingediend', 'status=ingediend', ['IX-2027-900003', 'IX-2027-900005']],
    ['status afgehandeld', 'status=afgehandeld', ['IX-2027-900001']],
    ['status in opmaak (never exported)', 'status=opmaak', []],
    ['status heropend', 'status=heropend', ['IX-2027-900006']],
    ['alle ingediende dossiers', 'status=alle', ALL_SUBMITTED],
    ['alle ingediende dossiers of a facility', 'status=alle&voorziening=4085', ['IX-2027-900001', 'IX-2027-900003', 'IX-2027-900006']],
    ['voorziening by HCO number', 'voorziening=4085', ['IX-2027-900003']],
    ['voorziening by HCO number and status afgehandeld', 'voorziening=4085&status=afgehandeld', ['IX-2027-900001']],
    ['behandelaar mij', 'behandelaar=mij', ['IX-2027-900004']],
    ['behandelaar niemand', 'behandelaar=niemand', ['IX-2027-900003']],
    ['termijn binnen 7 dagen', 'termijn=binnen-7-dagen', ['IX-2027-900003']],
    ['termijn verlopen', 'termijn=verlopen', ['IX-2027-900005']],
  ] as const)('with the filter %s holds exactly the matching dossiers', async (_name, query, expected) => {
    const els = await login.as(ELS);
    const csv = await download(els, `/beheer/dossiers/export.csv?type=indexering&${query}`);
    expect(csv.status).toBe(200);
    expect(referencesOf(csv.body).sort()).toEqual([...expected]);
  });

  it('with the voorziening filter on part of a name, and a colleague as behandelaar, holds the rows the queue shows', async () => {
    const els = await login.as(ELS);
    const name = encodeURIComponent(other.name.slice(1, -1));
    const csv = await download(els, `/beheer/dossiers/export.csv?type=indexering&voorziening=${name}`);
    expect(referencesOf(csv.body)).toEqual(['IX-2027-900004', 'IX-2027-900005']);
    expect(csv.body.toString('utf8')).toContain(`IX-2027-900004;${other.name};${other.hcoNumber};`);
    expect((await queueReferences(els, `type=indexering&voorziening=${name}`)).sort()).toEqual(['IX-2027-900004', 'IX-2027-900005']);
    const byColleague = await download(els, `/beheer/dossiers/export.csv?type=indexering&behandelaar=${colleague.id}`);
    expect(referencesOf(byColleague.body)).toEqual(['IX-2027-900005']);
  });

  it('applies the filters to the XLSX too', async () => {
    const els = await login.as(ELS);
    const sheet = await sheetOf(els, '/beheer/dossiers/export.xlsx?type=indexering&behandelaar=mij');
    expect(sheet?.rowCount).toBe(2);
    expect((sheet?.getRow(2).values as unknown[])[1]).toBe('IX-2027-900004');
  });

  it('refuses an unknown filter value with the queue\'s Dutch error, and no download', async () => {
    const els = await login.as(ELS);
    for (const [query, field, message] of [
      ['status=bijna', 'status', 'Kies een status uit de lijst.'],
      ['termijn=morgen', 'termijn', 'Kies een termijn uit de lijst.'],
      ['behandelaar=iemand', 'behandelaar', 'Kies een dossierbehandelaar uit de lijst.'],
    ] as const) {
      for (const format of ['csv', 'xlsx']) {
        const response = await els.get(`/beheer/dossiers/export.${format}?type=indexering&${query}`);
        expect(response.status).toBe(400);
        expect(response.headers['content-type']).toMatch(/^text\/html/);
        expect(fieldError(response.text, field)).toContain(message);
        expect(page(response.text)('#export').length).toBe(0);
      }
    }
  });

  it('links the export with the queue\'s filters and without its page number, and says so', async () => {
    const els = await login.as(ELS);
    const queue = await els.get(`/beheer/dossiers?type=indexering&status=ingediend&voorziening=Hof&behandelaar=niemand&termijn=binnen-7-dagen&pagina=2`);
    const $ = page(queue.text);
    const hrefs = $('#export a').toArray().map((a) => $(a).attr('href'));
    expect(hrefs).toEqual([
      '/beheer/dossiers/export.csv?type=indexering&status=ingediend&voorziening=Hof&behandelaar=niemand&termijn=binnen-7-dagen',
      '/beheer/dossiers/export.xlsx?type=indexering&status=ingediend&voorziening=Hof&behandelaar=niemand&termijn=binnen-7-dagen',
    ]);
    expect(text($('#export').html() ?? '')).toContain('De export bevat alle ingediende dossiers van dit type die aan de filters voldoen, op alle pagina’s.');
    const csv = await download(els, hrefs[0] ?? '');
    expect(referencesOf(csv.body)).toEqual(['IX-2027-900003']);
  });

  it('with "Alle ingediende dossiers" gives in one download every submitted dossier of the type, whatever its status, as the queue lists them', async () => {
    const els = await login.as(ELS);
    const queue = await els.get('/beheer/dossiers?type=indexering&status=alle');
    const rows = rowsOf(queue.text, /^Dossiers \(\d+\)$/);
    expect(rows.map((r) => `${r[0]} ${r[3]}`).sort()).toEqual([
      'IX-2027-900001 afgehandeld',
      'IX-2027-900003 ingediend',
      'IX-2027-900004 in behandeling',
      'IX-2027-900005 ingediend',
      'IX-2027-900006 heropend',
    ]);
    const $ = page(queue.text);
    const hrefs = $('#export a').toArray().map((a) => $(a).attr('href'));
    expect(hrefs).toEqual(['/beheer/dossiers/export.csv?type=indexering&status=alle', '/beheer/dossiers/export.xlsx?type=indexering&status=alle']);
    const csv = await download(els, hrefs[0] ?? '');
    expect(csv.status).toBe(200);
    expect(referencesOf(csv.body).sort()).toEqual(ALL_SUBMITTED);
    expect(csv.body.toString('utf8')).not.toContain('Nog in opmaak');
    const sheet = await sheetOf(els, hrefs[1] ?? '');
    // The header and one row per line: two lines of IX-2027-900001, one of each other dossier.
    expect(sheet?.rowCount).toBe(1 + 2 + 4);
  });

  it('writes the CSV of an indexering: one row per line, decimal comma, dates dd/mm/yyyy, a formula-looking name neutralised', async () => {
    const els = await login.staffMember('team-prijzen');
    const csv = await download(els, '/beheer/dossiers/export.csv?type=indexering&status=afgehandeld');
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
    const sheet = await sheetOf(els, '/beheer/dossiers/export.xlsx?type=indexering&status=afgehandeld');
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

  it('records the filters of a download in the audit trail', async () => {
    const els = await login.as(ELS);
    expect((await download(els, '/beheer/dossiers/export.xlsx?type=indexering&status=in_behandeling&voorziening=4085&behandelaar=mij&termijn=verlopen')).status).toBe(200);
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { kind: 'export.downloaded', recordType: 'DossierType', recordId: 'indexering' }, orderBy: { id: 'desc' } });
    expect(event.summary).toBe(`Ingediende dossiers van het type ${TYPE} gedownload als XLSX (filters: status in behandeling, voorziening ‘4085’, aan mij toegewezen, termijn verlopen).`);
    expect(event.details).toEqual({ typeCode: 'indexering', format: 'xlsx', filter: { status: 'in_behandeling', facility: '4085', handler: 'mij', term: 'verlopen' } });
  });

  it('names "Alle ingediende dossiers" among the filters of a download in the audit trail', async () => {
    const els = await login.as(ELS);
    expect((await download(els, '/beheer/dossiers/export.csv?type=indexering&status=alle&termijn=verlopen')).status).toBe(200);
    const event = await db.prisma.auditEvent.findFirstOrThrow({ where: { kind: 'export.downloaded', recordType: 'DossierType', recordId: 'indexering' }, orderBy: { id: 'desc' } });
    expect(event.summary).toBe(`Ingediende dossiers van het type ${TYPE} gedownload als CSV (filters: alle ingediende dossiers, termijn verlopen).`);
    expect(event.details).toEqual({ typeCode: 'indexering', format: 'csv', filter: { status: 'alle', term: 'verlopen' } });
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
