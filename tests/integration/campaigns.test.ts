// The department's follow-up of the Meting dagprijzen (M27): the status per
// facility, filters and pages, a dossier read-only, reopening, and both
// exports parsed back and compared with the database.
import ExcelJS from 'exceljs';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, logins } from '../helpers/login.js';
import { dbDateOf } from '../../src/lib/dates.js';
import { text } from '../helpers/html.js';
import { download as downloadAs } from '../helpers/download.js';
import { metingDagprijzen2026 } from '../helpers/dagprijzen.js';

const ELS = '80012724649'; // Team Prijzen
const PIETER = '88071413185'; // Team Eerstelijn
const JAN = '85092305734'; // a facility user

let now = new Date('2026-05-20T10:00:00Z');
const { app, db } = await createTestApp({ env: { BASE_URL: 'https://eloket.example.be' }, deps: { clock: () => now } });
const campaign = await metingDagprijzen2026(db.prisma);
const facility = (hco: string) => db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: hco } });
const hofTerLinden = await facility('4085');
const wingerd = await facility('19555');
const prijzen = await db.prisma.theme.findUniqueOrThrow({ where: { slug: 'prijzen' } });
const an = await db.prisma.user.findUniqueOrThrow({ where: { insz: '78041215386' } });

const submitted = await db.prisma.dossier.create({
  data: {
    facilityId: hofTerLinden.id,
    campaignId: campaign.id,
    reference: 'MD-2026-004085',
    status: 'ingediend',
    submittedAt: new Date('2026-05-12T08:00:00Z'),
    submittedById: an.id,
    lines: {
      create: [
        { luik: 1, position: 0, kamertype: 'WZC éénpersoonskamer', beschrijving: '=HYPERLINK("https://evil.example")', capaciteit: 70, priceCents: 6250 },
        { luik: 1, position: 1, kamertype: 'WZC tweepersoonskamer', beschrijving: 'Kamer; met "quotes"', capaciteit: 2, priceCents: 123456 },
        { luik: 2, position: 0, kamertype: 'WZC éénpersoonskamer', beschrijving: '+nieuwbouw', capaciteit: 24, priceCents: 6629 },
      ],
    },
  },
});
await db.prisma.dossier.create({
  data: { facilityId: wingerd.id, campaignId: campaign.id, reference: 'MD-2026-019555', lines: { create: [{ luik: 1, position: 0, kamertype: 'WZC éénpersoonskamer', beschrijving: 'Ontwerp', capaciteit: 4, priceCents: 5000 }] } },
});
await db.prisma.contactPerson.create({
  data: { facilityId: hofTerLinden.id, surname: 'Wouters', givenName: 'Lies', email: 'lies.wouters@hofterlinden.example', phone: '016 12 34 57', confirmedAt: new Date(), themes: { create: [{ themeId: prijzen.id }] } },
});

type Agent = ReturnType<typeof request.agent>;
const login = logins(app, db.prisma);
/** The audit trail's rows of one kind (M28), oldest first. */
const auditRows = (kind: string, recordId?: number) =>
  db.prisma.auditEvent.findMany({ where: { kind, ...(recordId === undefined ? {} : { recordId: String(recordId) }) }, orderBy: { id: 'asc' } });

let els: Agent;
beforeAll(async () => {
  els = await login.as(ELS);
});

describe('the status per facility (M27)', () => {
  it('counts every woonzorgcentrum in scope per status, as a bar and as text', async () => {
    now = new Date('2026-05-20T10:00:00Z');
    const page = await els.get('/beheer/campagnes/2026');
    expect(page.status).toBe(200);
    const t = text(page.text);
    // The seven demo woonzorgcentra.
    expect(t).toContain('niet gestart: 5 (71,4%)');
    expect(t).toContain('in opmaak: 1 (14,3%)');
    expect(t).toContain('ingediend: 1 (14,3%)');
    expect(t).toContain('te laat: 0 (0%)');
    expect(page.text).toContain('class="status-bar__part--ingediend"');
    expect(t).not.toContain('Huisartsenkring Pajottenland');
    expect(page.text).toContain(`href="/beheer/campagnes/2026/dossiers/${submitted.id}"`);
  });

  it('marks every facility that has not submitted as te laat once 31 May has passed in Brussels', async () => {
    now = new Date('2026-05-31T21:59:59Z');
    expect(text((await els.get('/beheer/campagnes/2026')).text)).toContain('te laat: 0');
    now = new Date('2026-05-31T22:00:00Z');
    const t = text((await els.get('/beheer/campagnes/2026')).text);
    expect(t).toContain('te laat: 6 (85,7%)');
    expect(t).toContain('ingediend: 1 (14,3%)');
    now = new Date('2026-05-20T10:00:00Z');
  });

  it('filters by status and by name or HCO number, in SQL', async () => {
    const draft = text((await els.get('/beheer/campagnes/2026?status=in-opmaak')).text);
    expect(draft).toContain('WZC De Wingerd');
    expect(draft).not.toContain('WZC Sint-Jozef');
    expect(draft).toContain('Voorzieningen (1)');
    const byName = text((await els.get('/beheer/campagnes/2026?zoek=linden')).text);
    expect(byName).toContain('WZC Hof ter Linden');
    expect(byName).not.toContain('WZC De Wingerd');
    const byHco = text((await els.get('/beheer/campagnes/2026?zoek=3634')).text);
    expect(byHco).toContain('WZC Sint-Jozef');
    expect(byHco).toContain('Voorzieningen (1)');
  });

  it('pages the list 50 at a time', async () => {
    const type = await db.prisma.facilityType.findUniqueOrThrow({ where: { code: 'woonzorgcentrum' } });
    const enterprise = await db.prisma.enterprise.findFirstOrThrow();
    await db.prisma.facility.createMany({
      data: Array.from({ length: 55 }, (_, i) => ({
        hcoNumber: `9${String(i).padStart(4, '0')}`,
        name: `WZC Paging ${String(i).padStart(2, '0')}`,
        enterpriseId: enterprise.id,
        facilityTypeId: type.id,
        street: 'Straat 1',
        postalCode: '1000',
        municipality: 'Brussel',
      })),
    });
    try {
      const first = await els.get('/beheer/campagnes/2026?status=niet-gestart');
      expect(text(first.text)).toContain('Pagina 1 van 2');
      expect(first.text).toContain('href="/beheer/campagnes/2026?status=niet-gestart&amp;pagina=2"');
      const second = text((await els.get('/beheer/campagnes/2026?status=niet-gestart&pagina=2')).text);
      expect(second).toContain('Pagina 2 van 2');
      expect(second).toContain('WZC Sint-Jozef');
      expect(second).not.toContain('WZC Paging 00');
    } finally {
      await db.prisma.facility.deleteMany({ where: { name: { startsWith: 'WZC Paging' } } });
    }
  });

  it('is for department staff only', async () => {
    const jan = await login.as(JAN);
    expect((await jan.get('/beheer/campagnes/2026')).status).toBe(403);
    expect((await jan.get('/beheer/campagnes/2026/export.csv')).status).toBe(403);
    expect((await request(app).get('/beheer/campagnes')).status).toBe(302);
  });
});

describe('a dossier for the department', () => {
  it('opens read-only with its lines and netto prices', async () => {
    const page = await els.get(`/beheer/campagnes/2026/dossiers/${submitted.id}`);
    expect(page.status).toBe(200);
    const t = text(page.text);
    expect(t).toContain('Meting dagprijzen mei 2026: WZC Hof ter Linden');
    expect(t).toContain('+nieuwbouw 24 66,29 60,00');
    expect(page.text).not.toContain('name="luik1[0][prijs]"');
  });

  it('offers "Nieuw bericht over dit dossier" only to staff who may write on the theme Prijzen, and that link opens', async () => {
    const link = `href="/beheer/berichten/nieuw/${submitted.facilityId}?dossier=${submitted.id}"`;
    const page = await els.get(`/beheer/campagnes/2026/dossiers/${submitted.id}`);
    expect(page.text).toContain(link);
    expect((await els.get(`/beheer/berichten/nieuw/${submitted.facilityId}?dossier=${submitted.id}`)).status).toBe(200);

    const pieter = await login.as(PIETER);
    const other = await pieter.get(`/beheer/campagnes/2026/dossiers/${submitted.id}`);
    expect(other.status).toBe(200);
    expect(other.text).not.toContain('Nieuw bericht over dit dossier');
    expect(other.text).not.toContain('/beheer/berichten/nieuw/');
    // What the link would have led to.
    expect((await pieter.get(`/beheer/berichten/nieuw/${submitted.facilityId}?dossier=${submitted.id}`)).status).toBe(403);
  });

  it('is reopened only by Team Prijzen, with a reason, recorded with who and when, and an e-mail to the contacts', async () => {
    const pieter = await login.as(PIETER);
    const readable = await pieter.get(`/beheer/campagnes/2026/dossiers/${submitted.id}`);
    expect(readable.status).toBe(200);
    expect(readable.text).not.toContain('Dossier heropenen');
    const refused = await pieter.post(`/beheer/campagnes/2026/dossiers/${submitted.id}/heropenen`).type('form').send({ _csrf: hiddenField(readable.text, '_csrf'), reason: 'Waarom niet' });
    expect(refused.status).toBe(403);
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id: submitted.id } })).status).toBe('ingediend');

    const page = await els.get(`/beheer/campagnes/2026/dossiers/${submitted.id}`);
    const empty = await els.post(`/beheer/campagnes/2026/dossiers/${submitted.id}/heropenen`).type('form').send({ _csrf: hiddenField(page.text, '_csrf'), reason: '  ' });
    expect(empty.status).toBe(400);
    expect(text(empty.text)).toContain('Vul de reden in waarom het dossier heropend wordt: wat moet de voorziening aanpassen?');
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id: submitted.id } })).status).toBe('ingediend');

    const done = await els
      .post(`/beheer/campagnes/2026/dossiers/${submitted.id}/heropenen`)
      .type('form')
      .send({ _csrf: hiddenField(page.text, '_csrf'), reason: 'Op vraag van de voorziening: capaciteit Luik 2 fout' });
    expect(done.status).toBe(303);
    const dossier = await db.prisma.dossier.findUniqueOrThrow({ where: { id: submitted.id }, include: { reopenedBy: true } });
    expect(dossier.status).toBe('heropend');
    expect(dossier.reopenReason).toBe('Op vraag van de voorziening: capaciteit Luik 2 fout');
    expect(dossier.reopenedBy?.surname).toBe('Willems');
    expect(dossier.reopenedAt).toEqual(now);
    const mail = await db.prisma.outboxMail.findFirstOrThrow({ where: { causeType: 'dossier', causeId: String(submitted.id) } });
    expect(mail.recipients).toEqual(['lies.wouters@hofterlinden.example']);
    expect(mail.text).toContain('Reden: Op vraag van de voorziening: capaciteit Luik 2 fout');
    // One trail row, written with the change: the refused attempts above wrote none.
    const trail = await auditRows('dossier.reopened', submitted.id);
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ actorName: 'Els Willems', teamCode: 'team-prijzen', facilityId: hofTerLinden.id, recordType: 'Dossier' });
    expect(trail[0]?.details).toMatchObject({ reference: 'MD-2026-004085', reason: 'Op vraag van de voorziening: capaciteit Luik 2 fout' });
    // Back to submitted for the export tests below.
    await db.prisma.dossier.update({ where: { id: submitted.id }, data: { status: 'ingediend' } });
  });
});

async function download(path: string): Promise<Buffer> {
  const response = await downloadAs(els, path);
  expect(response.status).toBe(200);
  return response.body;
}

async function expectedRows() {
  const lines = await db.prisma.dagprijzenLine.findMany({
    where: { dossier: { campaignId: campaign.id, status: 'ingediend' } },
    include: { dossier: { include: { facility: { include: { enterprise: true } } } } },
    orderBy: { id: 'asc' },
  });
  return lines.map((l) => ({
    facility: l.dossier.facility.name,
    hco: l.dossier.facility.hcoNumber,
    kbo: l.dossier.facility.enterprise.kboNumber,
    luik: l.luik,
    kamertype: l.kamertype,
    beschrijving: l.beschrijving,
    capaciteit: l.capaciteit,
    price: l.priceCents,
    netto: l.luik === 2 && l.priceCents !== null ? l.priceCents - (campaign.kortingCents ?? 0) : null,
  }));
}

/** A `;`-separated CSV with quoted fields, parsed back. */
function parseCsv(content: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < content.length; i++) {
    const ch = content[i];
    if (quoted) {
      if (ch === '"' && content[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && content[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

const cents = (text: string) => (text === '' ? null : Number(text.replace(',', '')));
const neutral = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

describe('the exports of all submitted lines', () => {
  it('records every download in the audit trail, before the file streams', async () => {
    const before = (await auditRows('export.downloaded', campaign.id)).length;
    await download('/beheer/campagnes/2026/export.csv');
    await download('/beheer/campagnes/2026/export.xlsx');
    const rows = (await auditRows('export.downloaded', campaign.id)).slice(before);
    expect(rows.map((r) => r.details)).toEqual([
      { year: 2026, format: 'csv' },
      { year: 2026, format: 'xlsx' },
    ]);
    expect(rows[0]).toMatchObject({ actorName: 'Els Willems', teamCode: 'team-prijzen', recordType: 'Campaign' });
    // Another team's download is recorded with that team.
    const pieter = await login.as(PIETER);
    expect((await pieter.get('/beheer/campagnes/2026/export.csv')).status).toBe(200);
    expect((await auditRows('export.downloaded', campaign.id)).at(-1)).toMatchObject({ actorName: 'Pieter Mertens', teamCode: 'team-eerstelijn', details: { year: 2026, format: 'csv' } });
  });

  it('CSV: UTF-8 with BOM, `;`, decimal comma, formulas neutralised, the same lines as the database', async () => {
    const body = await download('/beheer/campagnes/2026/export.csv');
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(body.subarray(3).toString('utf8'));
    expect(rows[0]).toEqual(['Voorziening', 'HCO-nummer', 'KBO-nummer', 'Referentie', 'Ingediend op', 'Luik', 'Kamertype', 'Beschrijving kamertype', 'Capaciteit', 'Prijs per bewoner (bruto)', 'Nettoprijs per bewoner']);
    const data = rows.slice(1);
    const expected = await expectedRows();
    expect(data).toHaveLength(expected.length);
    expect(data.map((r) => ({ facility: r[0], hco: r[1], kbo: r[2], luik: Number(r[5]), kamertype: r[6], beschrijving: r[7], capaciteit: Number(r[8]), price: cents(r[9] ?? ''), netto: cents(r[10] ?? '') }))).toEqual(
      expected.map((e) => ({ ...e, beschrijving: neutral(e.beschrijving) })),
    );
    expect(data.find((r) => r[1] === '4085')?.[4]).toBe('12/05/2026 10:00');
    const text = body.toString('utf8');
    expect(text).toContain(`;"'=HYPERLINK(""https://evil.example"")";`);
    expect(text).toContain(";'+nieuwbouw;");
    expect(text).toContain(';1234,56;');
  });

  it('XLSX: streamed, read back with ExcelJS, the same lines as the database, text never a formula', async () => {
    const body = await download('/beheer/campagnes/2026/export.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.name).toBe('Dagprijzen 2026');
    const values: unknown[][] = [];
    sheet?.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    expect(values[0]?.[0]).toBe('Voorziening');
    const expected = await expectedRows();
    const data = values.slice(1);
    expect(data.map((r) => ({ facility: r[0], hco: r[1], kbo: r[2], luik: r[5], kamertype: r[6], beschrijving: r[7], capaciteit: r[8], price: r[9] === undefined ? null : Math.round(Number(r[9]) * 100), netto: r[10] === undefined ? null : Math.round(Number(r[10]) * 100) }))).toEqual(
      expected.map((e) => ({ ...e, beschrijving: neutral(e.beschrijving) })),
    );
    for (const row of data) for (const cell of row) expect(typeof cell === 'object' && cell !== null && !(cell instanceof Date) && 'formula' in cell).toBe(false);
  });

  it('XLSX: amounts are numbers shown with two decimals, the submission a real date in Brussels time', async () => {
    const body = await download('/beheer/campagnes/2026/export.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const row = [...Array(sheet?.rowCount ?? 0).keys()].map((i) => sheet?.getRow(i + 1)).find((r) => r?.getCell(2).value === '4085' && r.getCell(10).value === 1234.56);
    expect(row).toBeDefined();
    const price = row?.getCell(10);
    expect(price?.value).toBe(1234.56);
    expect(price?.numFmt).toBe('0.00');
    expect(row?.getCell(11).numFmt).toBe('0.00');
    // Submitted 2026-05-12T08:00Z: 10:00 on the Brussels clock, as Excel has no time zone.
    const submittedAt = row?.getCell(5);
    expect(submittedAt?.value).toEqual(new Date(Date.UTC(2026, 4, 12, 10, 0)));
    expect(submittedAt?.numFmt).toBe('dd/mm/yyyy hh:mm');
    // Text cells keep the General format.
    expect(row?.getCell(7).numFmt).toBeUndefined();
  });
});

describe('campaign settings and the erkende capaciteit (Team Prijzen edits, other staff read)', () => {
  it('creates a campaign with the capacities of the facilities in scope, and refuses a year twice', async () => {
    const form = await els.get('/beheer/campagnes/nieuw');
    expect(form.status).toBe(200);
    const fields = { _csrf: hiddenField(form.text, '_csrf') ?? '', year: '2027', openingDate: '15/04/2027', deadline: '31/05/2027', korting: '6,45' };
    const early = await els.post('/beheer/campagnes').type('form').send({ ...fields, deadline: '14/04/2027' });
    expect(early.status).toBe(400);
    expect(text(early.text)).toContain('De uiterste datum mag niet voor de openingsdatum liggen.');
    const bad = await els.post('/beheer/campagnes').type('form').send({ ...fields, openingDate: '31/02/2027', korting: '6,455' });
    expect(bad.status).toBe(400);
    expect(text(bad.text)).toContain('Vul de openingsdatum in als dd/mm/jjjj, bijvoorbeeld 15/04/2026.');
    expect(text(bad.text)).toContain('Korting: Gebruik hoogstens twee cijfers na de komma.');
    expect(bad.text).toContain('value="6,455"');
    expect(await db.prisma.campaign.count({ where: { year: 2027 } })).toBe(0);
    expect(await auditRows('campaign.created')).toHaveLength(0);
    expect((await els.post('/beheer/campagnes').type('form').send(fields)).status).toBe(303);
    const created = await db.prisma.campaign.findUniqueOrThrow({ where: { typeCode_year: { typeCode: 'meting-dagprijzen', year: 2027 } }, include: { capacities: true } });
    expect(created.kortingCents).toBe(645);
    expect(created.deadline).toEqual(dbDateOf({ year: 2027, month: 5, day: 31 }));
    expect(created.capacities.find((c) => c.facilityId === hofTerLinden.id)?.recognizedCapacity).toBe(96);
    expect(created.capacities).toHaveLength(7);
    const again = await els.post('/beheer/campagnes').type('form').send(fields);
    expect(again.status).toBe(400);
    expect(text(again.text)).toContain('Er bestaat al een campagne voor 2027.');
    // One trail row for the one campaign: the refused attempts (and the rolled-back second 2027) wrote none.
    const trail = await auditRows('campaign.created');
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ recordId: String(created.id), actorName: 'Els Willems', teamCode: 'team-prijzen' });
    expect(trail[0]?.details).toEqual({ year: 2027, openingDate: '15/04/2027', deadline: '31/05/2027', kortingCents: 645, facilities: 7 });
  });

  it('changes the settings and a facility\'s erkende capaciteit; another team only reads', async () => {
    const form = await els.get('/beheer/campagnes/2027/instellingen');
    expect(form.text).toContain('value="31/05/2027"');
    const saved = await els.post('/beheer/campagnes/2027/instellingen').type('form').send({ _csrf: hiddenField(form.text, '_csrf'), openingDate: '1/4/2027', deadline: '01/06/2027', korting: '6,50' });
    expect(saved.status).toBe(303);
    expect((await db.prisma.campaign.findUniqueOrThrow({ where: { typeCode_year: { typeCode: 'meting-dagprijzen', year: 2027 } } })).kortingCents).toBe(650);
    const campaign2027 = await db.prisma.campaign.findUniqueOrThrow({ where: { typeCode_year: { typeCode: 'meting-dagprijzen', year: 2027 } } });
    expect((await auditRows('campaign.updated', campaign2027.id)).map((r) => r.details)).toEqual([{ year: 2027, openingDate: '01/04/2027', deadline: '01/06/2027', kortingCents: 650 }]);

    const page = await els.get('/beheer/campagnes/2027/capaciteit');
    const bad = await els.post('/beheer/campagnes/2027/capaciteit').type('form').send({ _csrf: hiddenField(page.text, '_csrf'), [`capacity[${hofTerLinden.id}]`]: 'veel' });
    expect(bad.status).toBe(400);
    expect(text(bad.text)).toContain('Vul de erkende capaciteit in als een geheel getal, bijvoorbeeld 96.');
    expect(bad.text).toContain('value="veel"');
    expect((await els.post('/beheer/campagnes/2027/capaciteit').type('form').send({ _csrf: hiddenField(page.text, '_csrf'), [`capacity[${hofTerLinden.id}]`]: '90' })).status).toBe(303);
    const capacity = await db.prisma.campaignCapacity.findFirstOrThrow({ where: { facilityId: hofTerLinden.id, campaign: { year: 2027 } } });
    expect(capacity.recognizedCapacity).toBe(90);
    const updates = await auditRows('campaign.updated', campaign2027.id);
    expect(updates).toHaveLength(2);
    expect(updates[1]?.summary).toBe('Erkende capaciteit van 1 voorziening gewijzigd in de campagne Meting dagprijzen 2027.');
    expect(updates[1]?.details).toEqual({ year: 2027, capacities: { [hofTerLinden.id]: 90 } });

    const pieter = await login.as(PIETER);
    const read = await pieter.get('/beheer/campagnes/2027/capaciteit');
    expect(read.status).toBe(200);
    expect(read.text).not.toContain('name="capacity[');
    expect((await pieter.get('/beheer/campagnes/2027/instellingen')).status).toBe(403);
    const refused = await pieter.post('/beheer/campagnes/2027/capaciteit').type('form').send({ _csrf: hiddenField(read.text, '_csrf'), [`capacity[${hofTerLinden.id}]`]: '1' });
    expect(refused.status).toBe(403);
    const refusedSettings = await pieter.post('/beheer/campagnes/2027/instellingen').type('form').send({ _csrf: hiddenField(read.text, '_csrf'), openingDate: '1/4/2027', deadline: '01/06/2027', korting: '1,00' });
    expect(refusedSettings.status).toBe(403);
    expect((await db.prisma.campaignCapacity.findFirstOrThrow({ where: { facilityId: hofTerLinden.id, campaign: { year: 2027 } } })).recognizedCapacity).toBe(90);
    expect((await db.prisma.campaign.findUniqueOrThrow({ where: { typeCode_year: { typeCode: 'meting-dagprijzen', year: 2027 } } })).kortingCents).toBe(650);
    // The refused changes of another team wrote nothing in the trail.
    expect(await auditRows('campaign.updated', campaign2027.id)).toHaveLength(2);
  });
});

describe('marking the submitted dossiers as processed (kennisname, M31)', () => {
  it('is Team Prijzen\'s: another team gets 403 and nothing changes', async () => {
    await db.prisma.dossier.update({ where: { id: submitted.id }, data: { status: 'ingediend', outcome: null } });
    const pieter = await login.as(PIETER);
    const page = await pieter.get('/beheer/campagnes/2026');
    expect(page.text).not.toContain('/kennisname');
    const refused = await pieter.post('/beheer/campagnes/2026/kennisname').type('form').send({ _csrf: hiddenField(page.text, '_csrf') });
    expect(refused.status).toBe(403);
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id: submitted.id } })).status).toBe('ingediend');
  });

  it('makes every waiting dossier afgehandeld "kennis genomen" once, with its history and e-mail; a second click finds none', async () => {
    const page = await els.get('/beheer/campagnes/2026');
    expect(text(page.text)).toContain('1 ingediende dossier wacht op verwerking.');
    const done = await els.post('/beheer/campagnes/2026/kennisname').type('form').send({ _csrf: hiddenField(page.text, '_csrf') });
    expect(done.status).toBe(303);
    expect(await db.prisma.dossier.findUniqueOrThrow({ where: { id: submitted.id } })).toMatchObject({ status: 'afgehandeld', outcome: 'aanvaard' });
    const after = text((await els.get(done.headers.location ?? '')).text);
    expect(after).toContain('1 dossier is als verwerkt gemarkeerd (kennis genomen).');
    expect(after).toContain('Er wachten geen ingediende dossiers op verwerking.');
    // Still counted as submitted on the status page, and in the exports.
    expect(after).toContain('ingediend: 1 (14,3%)');
    const event = await db.prisma.dossierEvent.findFirstOrThrow({ where: { dossierId: submitted.id }, orderBy: { id: 'desc' } });
    expect(event).toMatchObject({ toStatus: 'afgehandeld', outcome: 'aanvaard', actorName: 'Els Willems' });
    const mail = await db.prisma.outboxMail.findFirstOrThrow({ where: { causeType: 'dossier', causeId: String(submitted.id) }, orderBy: { id: 'desc' } });
    expect(mail.subject).toBe('Uw dossier Meting dagprijzen werd afgehandeld: kennis genomen (MD-2026-004085)');
    expect(await db.prisma.dossierLetter.count({ where: { dossierId: submitted.id } })).toBe(1);
    const again = await els.post('/beheer/campagnes/2026/kennisname').type('form').send({ _csrf: hiddenField(page.text, '_csrf') });
    expect(again.headers.location).toContain('verwerkt=0');
    expect(await db.prisma.dossierEvent.count({ where: { dossierId: submitted.id, toStatus: 'afgehandeld' } })).toBe(1);
  });
});
