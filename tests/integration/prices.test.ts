// The price register (M33): "Mijn prijzen" as a facility user sees it (its
// own register, or its last Meting dagprijzen), the department's register of
// one facility and of all facilities with both exports, and writeRegister
// read back with registerAt before, on and after the ingangsdatum.
import ExcelJS from 'exceljs';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { createTestApp } from '../helpers/app.js';
import { loggedInAgent } from '../helpers/login.js';
import { download } from '../helpers/download.js';
import { registerAt, registerHistory, writeRegister, type Register } from '../../src/modules/prices/index.js';
import { brusselsDateOf, type CalendarDate } from '../../src/lib/dates.js';
import { text } from '../helpers/html.js';

const JAN = '85092305734'; // WZC Sint-Jozef, no role
const SOFIE = '91030521416'; // Huisartsenkring Pajottenland
const ELS = '80012724649'; // Team Prijzen
const PIETER = '88071413185'; // Team Eerstelijn
const LOTTE = '93110230219'; // helpdesk

const { app, db } = await createTestApp();
const facility = (hco: string) => db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: hco } });
const sintJozef = await facility('3634');
const wingerd = await facility('19555');
const terNethe = await facility('7166');
const hofTerLinden = await facility('4085');
const kring = await facility('52011');
// The demo's Meting of last year (src/db/demo-data.ts): Sint-Jozef submitted it.
const metingYear = brusselsDateOf(new Date()).year - 1;

const agentFor = (insz: string) => loggedInAgent(app, db.prisma, insz);
const day = (year: number, month: number, d: number): CalendarDate => ({ year, month, day: d });
const prices = (register: Register) => [...register.kamertypes, ...register.supplements].map((i) => `${i.kind}:${i.name}:${i.priceCents}`);

describe('"Mijn prijzen" for a facility user', () => {
  it('shows the last Meting dagprijzen, marked as such, while the facility has no register, to a user without any role', async () => {
    const jan = await agentFor(JAN);
    const page = await jan.get('/themas/prijzen/mijn-prijzen');
    expect(page.status).toBe(200);
    const t = text(page.text);
    expect(t).toContain('Mijn prijzen');
    expect(t).toContain(`volgens meting dagprijzen ${metingYear}`);
    expect(t).toContain(`volgens meting dagprijzen ${metingYear} (MD-${metingYear}-003634)`);
    expect(t).toMatch(/WZC éénpersoonskamer Standaardkamer 100 € 64,00 per dag 01\/05\/\d{4}/);
    expect(t).toContain('WZC tweepersoonskamer – 20 € 57,50 per dag');
    expect(t).toContain('Er zijn geen supplementen.');
    expect(page.text).toContain('href="/themas/prijzen"');
    // Nothing of another facility's register (De Wingerd's demo supplements).
    expect(t).not.toContain('Televisie op de kamer');
    expect(text((await jan.get(`/themas/prijzen/mijn-prijzen?facilityId=${wingerd.id}&id=${wingerd.id}`)).text)).not.toContain('Televisie op de kamer');
  });

  it('is not there for a facility without the theme Prijzen', async () => {
    const sofie = await agentFor(SOFIE);
    expect((await sofie.get('/themas/prijzen/mijn-prijzen')).status).toBe(404);
  });

  it('asks to log in first', async () => {
    expect((await request(app).get('/themas/prijzen/mijn-prijzen')).status).toBe(302);
  });
});

describe('writeRegister and registerAt', () => {
  const dossierFor = async (facilityId: number, reference: string) => {
    const campaign = await db.prisma.campaign.findFirstOrThrow({ orderBy: { year: 'desc' } });
    return db.prisma.dossier.create({ data: { facilityId, campaignId: campaign.id, typeCode: 'prijswijziging-test', status: 'afgehandeld', outcome: 'aanvaard', reference } });
  };

  it('applies prices from their ingangsdatum on, starting from the Meting, and keeps the prices before', async () => {
    const dossier = await dossierFor(terNethe.id, 'PW-TEST-007166');
    const before = await registerAt(db.prisma, terNethe.id, day(2030, 6, 30));
    expect(before.basis).toEqual({ kind: 'meting', year: metingYear, reference: `MD-${metingYear}-007166` });
    expect(prices(before)).toEqual(['kamertype:WZC éénpersoonskamer:6120']);

    const result = await db.prisma.$transaction((tx) =>
      writeRegister(tx, {
        facilityId: terNethe.id,
        dossierId: dossier.id,
        validFrom: day(2030, 7, 1),
        entries: [
          { kind: 'kamertype', name: 'WZC éénpersoonskamer', unit: 'dag', capacity: 80, priceCents: 6300 },
          { kind: 'supplement', name: 'Kapper', description: 'Per beurt', unit: 'prestatie', priceCents: 2000 },
        ],
      }),
    );
    expect(result).toEqual({ written: 2, fromMeting: 1 });

    const dayBefore = await registerAt(db.prisma, terNethe.id, day(2030, 6, 30));
    expect(dayBefore.basis).toEqual({ kind: 'register' });
    expect(prices(dayBefore)).toEqual(['kamertype:WZC éénpersoonskamer:6120']);
    expect(dayBefore.kamertypes[0]?.source).toEqual({ kind: 'meting', year: metingYear, reference: `MD-${metingYear}-007166` });

    const onTheDay = await registerAt(db.prisma, terNethe.id, day(2030, 7, 1));
    expect(prices(onTheDay)).toEqual(['kamertype:WZC éénpersoonskamer:6300', 'supplement:Kapper:2000']);
    expect(onTheDay.kamertypes[0]).toMatchObject({ capacity: 80, unit: 'dag', validFrom: day(2030, 7, 1), source: { kind: 'dossier', reference: 'PW-TEST-007166' } });
    expect(prices(await registerAt(db.prisma, terNethe.id, day(2031, 1, 1)))).toEqual(prices(onTheDay));

    // Before the Meting's 1 May the register has no row yet: the Meting is still the best there is.
    expect((await registerAt(db.prisma, terNethe.id, day(metingYear, 4, 30))).basis.kind).toBe('meting');

    const history = await registerHistory(db.prisma, terNethe.id, day(2030, 7, 1));
    expect(history.items.map((h) => [h.name, h.priceCents, h.upcoming])).toEqual([['WZC éénpersoonskamer', 6120, false]]);
    const seenBefore = await registerHistory(db.prisma, terNethe.id, day(2030, 6, 30));
    expect(seenBefore.items.map((h) => [h.name, h.priceCents, h.upcoming])).toEqual([
      ['WZC éénpersoonskamer', 6300, true],
      ['Kapper', 2000, true],
    ]);
  });

  it('ends an item with a removal, and takes a price for the same item whatever its case and spaces', async () => {
    await db.prisma.$transaction((tx) =>
      writeRegister(tx, {
        facilityId: terNethe.id,
        dossierId: null,
        validFrom: day(2030, 9, 1),
        entries: [
          { kind: 'supplement', name: ' kapper ', unit: 'prestatie', removed: true },
          { kind: 'kamertype', name: 'WZC  ÉÉNPERSOONSKAMER', unit: 'dag', capacity: 78, priceCents: 6350 },
        ],
      }),
    );
    const after = await registerAt(db.prisma, terNethe.id, day(2030, 9, 1));
    expect(prices(after)).toEqual(['kamertype:WZC  ÉÉNPERSOONSKAMER:6350']);
    expect(after.kamertypes[0]?.source).toEqual({ kind: 'none' });
    expect(prices(await registerAt(db.prisma, terNethe.id, day(2030, 8, 31)))).toEqual(['kamertype:WZC éénpersoonskamer:6300', 'supplement:Kapper:2000']);
  });

  it('refuses an entry that does not fit its kind, and writes nothing', async () => {
    const count = () => db.prisma.priceEntry.count({ where: { facilityId: terNethe.id } });
    const before = await count();
    const write = (entries: Parameters<typeof writeRegister>[1]['entries']) =>
      db.prisma.$transaction((tx) => writeRegister(tx, { facilityId: terNethe.id, dossierId: null, validFrom: day(2031, 1, 1), entries }));
    await expect(write([{ kind: 'supplement', name: 'Televisie', unit: 'maand', capacity: 3, priceCents: 1000 }])).rejects.toThrow(ZodError);
    await expect(write([{ kind: 'kamertype', name: 'WZC éénpersoonskamer', unit: 'maand', capacity: 3, priceCents: 1000 }])).rejects.toThrow(ZodError);
    await expect(write([{ kind: 'kamertype', name: 'WZC éénpersoonskamer', unit: 'dag', capacity: 3 }])).rejects.toThrow(ZodError);
    await expect(write([{ kind: 'kamertype', name: 'WZC éénpersoonskamer', unit: 'dag', capacity: 3, priceCents: 12.5 }])).rejects.toThrow(ZodError);
    expect(await count()).toBe(before);
  });
});

describe('the department', () => {
  it('reads one facility\'s register in the directory, with its previous prices', async () => {
    const els = await agentFor(ELS);
    const page = await els.get(`/beheer/voorzieningen/${wingerd.id}/prijzen`);
    expect(page.status).toBe(200);
    const t = text(page.text);
    expect(t).toContain('Prijzen van WZC De Wingerd');
    expect(t).toContain('WZC éénpersoonskamer Standaardkamer 48 € 61,20 per dag');
    expect(t).toContain('Televisie op de kamer Aansluiting en toestel per maand € 12,00 per maand');
    // Vorige prijzen: the two older éénpersoonskamer prices, newest first.
    const history = t.slice(t.indexOf('Vorige prijzen'));
    expect(history.indexOf('€ 59,74 per dag')).toBeGreaterThan(-1);
    expect(history.indexOf('€ 59,74 per dag')).toBeLessThan(history.indexOf('€ 58,00 per dag'));
    expect(history).not.toContain('€ 61,20');
    expect((await els.get(`/beheer/voorzieningen/${wingerd.id}`)).text).toContain(`href="/beheer/voorzieningen/${wingerd.id}/prijzen"`);
    expect((await els.get(`/beheer/voorzieningen/${kring.id}`)).text).not.toContain('/prijzen"');
    const pieter = await agentFor(PIETER);
    expect((await pieter.get(`/beheer/voorzieningen/${wingerd.id}/prijzen`)).status).toBe(200);
    expect((await els.get(`/beheer/voorzieningen/${kring.id}/prijzen`)).status).toBe(404);
    expect((await els.get('/beheer/voorzieningen/99999999/prijzen')).status).toBe(404);
    expect((await (await agentFor(JAN)).get(`/beheer/voorzieningen/${sintJozef.id}/prijzen`)).status).toBe(403);
  });

  it('reads every register on a date, for Team Prijzen and the helpdesk only', async () => {
    const els = await agentFor(ELS);
    const page = await els.get('/beheer/prijzen');
    expect(page.status).toBe(200);
    const t = text(page.text);
    expect(t).toContain('WZC De Wingerd');
    expect(t).toContain(`Volgens meting dagprijzen ${metingYear}`);
    expect(t).not.toContain('Huisartsenkring Pajottenland');
    const earlier = text((await els.get(`/beheer/prijzen?datum=01/02/${metingYear - 2}`)).text);
    expect(earlier).toContain('WZC éénpersoonskamer Standaardkamer 48 € 58,00 per dag');
    expect(earlier).not.toContain('Televisie op de kamer');
    const wrong = await els.get('/beheer/prijzen?datum=31/02/2026');
    expect(wrong.status).toBe(400);
    expect(text(wrong.text)).toContain('Vul een datum in als dd/mm/jjjj');
    expect((await (await agentFor(LOTTE)).get('/beheer/prijzen')).status).toBe(200);
    const pieter = await agentFor(PIETER);
    expect((await pieter.get('/beheer/prijzen')).status).toBe(403);
    expect((await pieter.get('/beheer/prijzen/export.csv')).status).toBe(403);
    expect((await (await agentFor(JAN)).get('/beheer/prijzen')).status).toBe(403);
  });

  it('exports every register as CSV for a Belgian Excel: BOM, `;`, decimal comma, formulas neutralised, and records the download', async () => {
    await db.prisma.$transaction((tx) =>
      writeRegister(tx, {
        facilityId: hofTerLinden.id,
        dossierId: null,
        validFrom: day(2020, 1, 1),
        entries: [{ kind: 'supplement', name: '=HYPERLINK("https://evil.example")', description: 'Kamer; met "quotes"', unit: 'maand', priceCents: 123456 }],
      }),
    );
    const els = await agentFor(ELS);
    const auditBefore = await db.prisma.auditEvent.count({ where: { kind: 'export.downloaded', recordType: 'PriceRegister' } });
    const csv = await download(els, '/beheer/prijzen/export.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.body.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('Voorziening;HCO-nummer;Soort;Naam;Beschrijving;Capaciteit;Eenheid;Prijs per bewoner;Ingangsdatum;Bron');
    expect(lines).toContain('WZC De Wingerd;19555;Kamertype;WZC éénpersoonskamer;Standaardkamer;48;per dag;61,20;' + `01/03/${metingYear};`);
    expect(lines).toContain(`WZC Hof ter Linden;4085;Supplement;"'=HYPERLINK(""https://evil.example"")";"Kamer; met ""quotes""";;per maand;1234,56;01/01/2020;`);
    // Sint-Jozef has no register: its Meting's lines, with the Meting as source.
    expect(lines).toContain(`WZC Sint-Jozef;3634;Kamertype;WZC éénpersoonskamer;Standaardkamer;100;per dag;64,00;01/05/${metingYear};volgens meting dagprijzen ${metingYear} (MD-${metingYear}-003634)`);
    expect(lines.some((l) => l.startsWith('Huisartsen'))).toBe(false);
    const audit = await db.prisma.auditEvent.findMany({ where: { kind: 'export.downloaded', recordType: 'PriceRegister' }, orderBy: { id: 'asc' } });
    expect(audit).toHaveLength(auditBefore + 1);
    expect(audit.at(-1)).toMatchObject({ actorName: 'Els Willems', teamCode: 'team-prijzen', details: { format: 'csv' } });
  });

  it('exports every register as XLSX: amounts as numbers with two decimals, dates as dates, text never a formula', async () => {
    const lotte = await agentFor(LOTTE);
    const xlsx = await download(lotte, `/beheer/prijzen/export.xlsx?datum=01/06/${metingYear}`);
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const rows: ExcelJS.Row[] = [];
    sheet?.eachRow((row) => rows.push(row));
    expect(rows[0]?.getCell(1).value).toBe('Voorziening');
    const wingerdRow = rows.find((r) => r.getCell(2).value === '19555' && r.getCell(4).value === 'WZC éénpersoonskamer');
    expect(wingerdRow?.getCell(8).value).toBe(61.2);
    expect(wingerdRow?.getCell(8).numFmt).toBe('0.00');
    expect(wingerdRow?.getCell(9).value).toEqual(new Date(Date.UTC(metingYear, 2, 1)));
    const hostile = rows.find((r) => r.getCell(2).value === '4085' && r.getCell(3).value === 'Supplement');
    expect(hostile?.getCell(4).value).toBe(`'=HYPERLINK("https://evil.example")`);
    for (const row of rows) row.eachCell((cell) => expect(cell.formula).toBeUndefined());
    expect(await db.prisma.auditEvent.findFirst({ where: { kind: 'export.downloaded', recordType: 'PriceRegister' }, orderBy: { id: 'desc' } })).toMatchObject({
      actorName: 'Lotte Janssens',
      teamCode: 'helpdesk',
      details: { format: 'xlsx', date: `01/06/${metingYear}` },
    });
  });
});
