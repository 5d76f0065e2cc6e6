// Zorgaanbod (M25) end to end on the real app: the campaign's opening, the
// template, every refusal of an upload (each stores nothing), the validation
// report and the annotated file, submission with its e-mail, reopening by Team
// Eerstelijn, the department's pages and both exports parsed back.
import ExcelJS from 'exceljs';
import request from 'supertest';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { hiddenField, loggedInAgent, type Agent } from '../helpers/login.js';
import { ooxml } from '../helpers/sample-files.js';
import { dbDateOf } from '../../src/lib/dates.js';
import { declaredTooLarge, filledTemplate, gp, HEADERS, riziv, sheetWith, tooManyEntries, xls, zipBomb, zorgaanbodCampaign2026 } from '../helpers/zorgaanbod.js';
import { text } from '../helpers/html.js';

const SOFIE = '91030521416'; // Huisartsenkring Pajottenland
const PIETER = '88071413185'; // Team Eerstelijn
const ELS = '80012724649'; // Team Prijzen
const JAN = '85092305734'; // WZC Sint-Jozef

let now = new Date('2026-09-01T10:00:00Z');
const { app, db } = await createTestApp({ env: { BASE_URL: 'https://eloket.example.be' }, deps: { clock: () => now } });
const campaign = await zorgaanbodCampaign2026(db.prisma);
/** A kring's list: its dossier of type zorgaanbod. */
const listOf = (facilityId: number) => db.prisma.dossier.findFirstOrThrow({ where: { facilityId, typeCode: 'zorgaanbod' } });
const pajottenland = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '52011' } });
const gent = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '52044' } });
const theme = await db.prisma.theme.findUniqueOrThrow({ where: { slug: 'zorgaanbod' } });

const agentFor = (insz: string) => loggedInAgent(app, db.prisma, insz);
const binary = (res: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};

async function upload(agent: Agent, content: Buffer, filename = 'huisartsen.xlsx') {
  const page = await agent.get('/themas/zorgaanbod/lijst');
  return agent
    .post('/themas/zorgaanbod/lijst')
    .field('_csrf', hiddenField(page.text, '_csrf') ?? '')
    .attach('excel', content, { filename, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}
const counts = async () => ({
  files: await db.prisma.storedFile.count({ where: { facilityId: pajottenland.id } }),
  uploads: await db.prisma.zorgaanbodUpload.count({ where: { facilityId: pajottenland.id } }),
  lists: await db.prisma.dossier.count({ where: { facilityId: pajottenland.id, typeCode: 'zorgaanbod' } }),
  audit: await db.prisma.auditEvent.count({ where: { facilityId: pajottenland.id } }),
});

let sofie: Agent;
// A test that moves the clock cannot leave it moved for the next.
beforeEach(() => {
  now = new Date('2026-09-01T10:00:00Z');
});
beforeAll(async () => {
  sofie = await agentFor(SOFIE);
});

describe('before the opening date', () => {
  it('says from when, and refuses an upload storing nothing', async () => {
    now = new Date('2026-08-14T21:59:00Z'); // 14 August 23:59 in Brussels
    const page = await sofie.get('/themas/zorgaanbod');
    expect(text(page.text)).toContain('U kunt de Excel-lijst invullen en indienen vanaf 15 augustus 2026.');
    const before = await counts();
    const response = await upload(sofie, await filledTemplate([gp(1)]));
    expect(response.status).toBe(409);
    expect(text(response.text)).toContain('U kunt de lijst pas opladen vanaf 15 augustus 2026.');
    expect(await counts()).toEqual(before);
    now = new Date('2026-08-14T22:00:00Z'); // 15 August 00:00 in Brussels
    expect(text((await sofie.get('/themas/zorgaanbod/lijst')).text)).toContain('2. Laad de ingevulde lijst op');
    const themePage = await sofie.get('/themas/zorgaanbod');
    expect(themePage.text).toContain('action="/themas/zorgaanbod/lijst" enctype="multipart/form-data"');
    expect(themePage.text).not.toMatch(/id="excel"[^>]*multiple/);
    now = new Date('2026-09-01T10:00:00Z');
  });
});

describe('Mijn taken', () => {
  it('shows "contactpersoon toevoegen" first, then the list to submit', async () => {
    const t = text((await sofie.get('/')).text);
    const contact = t.indexOf('Er is nog geen bevestigde contactpersoon voor het thema ‘Zorgaanbod’');
    const list = t.indexOf('Vul de Excel-lijst ‘Zorgaanbod 2026’ met de aangesloten huisartsen in');
    expect(contact).toBeGreaterThan(-1);
    expect(list).toBeGreaterThan(contact);
  });
});

describe('the template', () => {
  it('downloads as an .xlsx with the header row of the columns module', async () => {
    const response = await sofie.get('/themas/zorgaanbod/sjabloon.xlsx').buffer(true).parse(binary);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toContain('Sjabloon zorgaanbod 2026.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Huisartsen', 'Instructies']);
    expect((workbook.worksheets[0]?.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
  });

  it('is not there for a facility without the theme Zorgaanbod', async () => {
    const jan = await agentFor(JAN);
    expect((await jan.get('/themas/zorgaanbod/sjabloon.xlsx')).status).toBe(404);
    expect((await jan.get('/themas/zorgaanbod/lijst')).status).toBe(404);
  });
});

describe('refused uploads: a clear Dutch error, and nothing stored', () => {
  const cases: [string, () => Promise<Buffer> | Buffer, string, string?][] = [
    ['a Word file renamed .xlsx', () => ooxml('docx'), 'is geen toegelaten type. Toegelaten is xlsx'],
    ['an Excel 97-2003 file (.xls)', () => xls(), 'is geen toegelaten type', 'oud.xls'],
    ['a text file', () => Buffer.from('RIZIV-nummer;Naam\n12345625004;Peeters\n'), 'is geen toegelaten type', 'lijst.csv'],
    ['a file larger than 5 MB', () => Buffer.concat([ooxml('xlsx'), Buffer.alloc(5 * 1024 * 1024)]), 'is groter dan 5 MB'],
    ['a zip bomb', () => zipBomb(), 'te veel of te grote onderdelen'],
    ['a zip declaring more than the unpacked limit', () => declaredTooLarge(), 'te veel of te grote onderdelen'],
    ['a zip with too many entries', () => tooManyEntries(), 'te veel of te grote onderdelen'],
    ['a sheet without the template\'s header', () => sheetWith(['Naam', 'RIZIV-nummer', 'Voornaam']), 'kolom ‘RIZIV-nummer’ staat in kolom B maar hoort in kolom A'],
    ['an empty list', () => filledTemplate([]), 'De lijst is leeg'],
    ['more than 5,000 lines', () => sheetWith(HEADERS, Array.from({ length: 5001 }, (_, i) => gp(i))), 'meer dan 5.000 lijnen'],
  ];
  it.each(cases)('refuses %s', async (_name, make, message, filename) => {
    const before = await counts();
    const response = await upload(sofie, await make(), filename);
    expect(response.status).toBe(400);
    expect(text(response.text)).toContain(message);
    expect(response.text).toContain('href="#excel"');
    expect(await counts()).toEqual(before);
  });
});

describe('the validation report', () => {
  it('shows per Excel line which errors and how many, the total, duplicates on both lines; paged', async () => {
    const lines = [
      gp(1, { riziv: '12345678901' }),
      gp(2, { riziv: Number(riziv(222222)), postcode: 1750, halveDagen: '9', nieuwePatienten: 'JA' }),
      gp(3, { riziv: riziv(333333), postcode: '12', praktijkvorm: 'duo' }),
      gp(4, { riziv: riziv(222222) }),
      ...Array.from({ length: 60 }, (_, i) => gp(10 + i, { halveDagen: 20 })),
    ];
    const response = await upload(sofie, await filledTemplate(lines), 'mijn lijst.xlsx');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/themas/zorgaanbod/lijst?opgeladen=1');
    const page = await sofie.get('/themas/zorgaanbod/lijst');
    const t = text(page.text);
    expect(t).toContain('Bestand ‘mijn lijst.xlsx’');
    expect(t).toContain('64 lijnen');
    expect(t).toContain('65 fouten op 64 lijnen');
    expect(t).toContain('Lijn 2: RIZIV-nummer 12345678901: controlecijfer klopt niet');
    expect(t).toContain(`Lijn 3: RIZIV-nummer ${riziv(222222)} staat meer dan eens in de lijst: ook op lijn 5`);
    expect(t).toContain(`Lijn 5: RIZIV-nummer ${riziv(222222)} staat meer dan eens in de lijst: ook op lijn 3`);
    expect(t).toContain('Lijn 4: Postcode praktijk 12: geef een Belgische postcode van 4 cijfers op (1000 tot 9999)');
    expect(t).toContain('Lijn 4: Praktijkvorm ‘duo’: kies solo, groep of wijkgezondheidscentrum');
    expect(page.text).toContain('href="#rij-4"');
    expect(page.text).toContain('id="rij-4"');
    expect(t).toContain('Pagina 1 van 2');
    expect(t).not.toContain('Indienen');
    const second = text((await sofie.get('/themas/zorgaanbod/lijst?pagina=2')).text);
    expect(second).toContain('Lijn 65: Aantal halve dagen consultatie per week 20: geef een geheel getal van 0 tot 14 op');
    expect(second).not.toContain('Lijn 2:');
  });

  it('downloads the user\'s own file with a column Fouten', async () => {
    const response = await sofie.get('/themas/zorgaanbod/lijst/fouten.xlsx').buffer(true).parse(binary);
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toContain('mijn lijst - met fouten.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getRow(1).getCell(9).value).toBe('Fouten');
    expect(String(sheet?.getRow(2).getCell(9).value)).toBe('1 fout: RIZIV-nummer 12345678901: controlecijfer klopt niet');
    expect(String(sheet?.getRow(4).getCell(9).value)).toMatch(/^2 fouten: /);
  });

  it('refuses to submit a list with errors', async () => {
    const upload = await db.prisma.zorgaanbodUpload.findFirstOrThrow({ where: { facilityId: pajottenland.id }, orderBy: { id: 'desc' } });
    expect((await sofie.get('/themas/zorgaanbod/indienen')).headers.location).toBe('/themas/zorgaanbod/lijst');
    const page = await sofie.get('/themas/zorgaanbod/lijst');
    const response = await sofie.post('/themas/zorgaanbod/indienen').type('form').send({ _csrf: hiddenField(page.text, '_csrf'), uploadId: String(upload.id) });
    expect(response.status).toBe(409);
    expect(text(response.text)).toContain('De lijst bevat nog fouten');
    expect((await listOf(pajottenland.id)).status).toBe('opmaak');
  });
});

describe('submission', () => {
  it('keeps only the latest upload; submits an error-free list after a confirmation, read-only, with who, when and an e-mail', async () => {
    await db.prisma.contactPerson.create({
      data: { facilityId: pajottenland.id, surname: 'Maes', givenName: 'Sofie', email: 'zorgaanbod@hak-pajottenland.example', phone: '02 532 11 22', confirmedAt: new Date(), themes: { create: [{ themeId: theme.id }] } },
    });
    const fixed = await upload(sofie, await filledTemplate([gp(1), gp(2, { nieuwePatienten: 'Nee', praktijkvorm: 'Solo' }), gp(3)]), 'verbeterd.xlsx');
    expect(fixed.status).toBe(303);
    expect(await db.prisma.zorgaanbodUpload.count({ where: { facilityId: pajottenland.id } })).toBe(1);
    const uploaded = await db.prisma.auditEvent.findFirstOrThrow({ where: { kind: 'zorgaanbod.uploaded', facilityId: pajottenland.id }, orderBy: { id: 'desc' } });
    expect(uploaded.summary).toBe('Zorgaanbod 2026: ‘verbeterd.xlsx’ opgeladen met 3 lijnen en 0 fouten');
    const page = text((await sofie.get('/themas/zorgaanbod/lijst')).text);
    expect(page).toContain('De lijst bevat geen fouten. U kunt ze nu indienen.');
    const confirm = await sofie.get('/themas/zorgaanbod/indienen');
    expect(confirm.status).toBe(200);
    expect(text(confirm.text)).toContain('Bent u zeker dat u de lijst wilt indienen?');
    const submitted = await sofie
      .post('/themas/zorgaanbod/indienen')
      .type('form')
      .send({ _csrf: hiddenField(confirm.text, '_csrf'), uploadId: hiddenField(confirm.text, 'uploadId') });
    expect(submitted.status).toBe(303);
    const list = await db.prisma.dossier.findFirstOrThrow({
      where: { facilityId: pajottenland.id, typeCode: 'zorgaanbod' },
      include: { zorgaanbodRows: { orderBy: { excelRow: 'asc' } }, submittedBy: true, history: true },
    });
    expect(list.status).toBe('ingediend');
    expect(list.reference).toBe('ZA-2026-052011');
    expect(`${list.submittedBy?.givenName} ${list.submittedBy?.surname}`).toBe('Sofie Maes');
    expect(list.history.map((e) => [e.fromStatus, e.toStatus, e.actorName])).toEqual([['opmaak', 'ingediend', 'Sofie Maes']]);
    expect(list.submittedAt?.toISOString()).toBe(now.toISOString());
    expect(list.zorgaanbodRows.map((r) => [r.excelRow, r.riziv, r.praktijkvorm, r.nieuwePatienten])).toEqual([
      [2, riziv(100001), 'groep', true],
      [3, riziv(100002), 'solo', false],
      [4, riziv(100003), 'groep', true],
    ]);
    const mail = await db.prisma.outboxMail.findFirstOrThrow({ where: { facilityId: pajottenland.id, causeType: 'dossier', subject: { contains: 'werd ingediend' } } });
    // The kring's contact and the submitter's copy.
    expect(mail.recipients).toEqual(['zorgaanbod@hak-pajottenland.example', 'sofie.maes@hak-pajottenland.example']);
    const done = text((await sofie.get('/themas/zorgaanbod/lijst?ingediend=1')).text);
    expect(done).toContain('Uw lijst is ingediend. Een bevestiging per e-mail gaat naar uw contactpersoon voor het thema Zorgaanbod: Sofie Maes.');
    expect(done).toContain('U krijgt een kopie op sofie.maes@hak-pajottenland.example.');
    expect(mail.subject).toBe(`Uw lijst Zorgaanbod 2026 werd ingediend (${list.reference})`);
    expect(mail.text).toContain('ingediend met 3 huisartsen');
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { kind: 'dossier.submitted', facilityId: pajottenland.id } });
    expect(audit.actorName).toBe('Sofie Maes');
    const readOnly = await sofie.get('/themas/zorgaanbod/lijst');
    expect(text(readOnly.text)).toContain('De lijst kan niet meer gewijzigd worden');
    expect(readOnly.text).not.toContain('enctype="multipart/form-data"');
    expect(text((await sofie.get('/')).text)).not.toContain('Vul de Excel-lijst');
  });

  it('refuses a new upload and a second submission once submitted, storing nothing', async () => {
    const before = await counts();
    const again = await upload(sofie, await filledTemplate([gp(7)]));
    expect(again.status).toBe(409);
    expect(text(again.text)).toContain('De lijst is al ingediend');
    expect(await counts()).toEqual(before);
  });

  it('answers 404 for another kring\'s upload', async () => {
    const gentList = await listOf(gent.id);
    const user = await db.prisma.user.findFirstOrThrow();
    const gentFile = await db.prisma.storedFile.create({
      data: { facilityId: gent.id, uploadedById: user.id, name: 'gent.xlsx', mediaType: 'x', size: 1, sha256: '0'.repeat(64), content: new Uint8Array([1]), claimedAt: new Date(), expiresAt: new Date() },
    });
    const gentUpload = await db.prisma.zorgaanbodUpload.create({
      data: { listId: gentList.id, facilityId: gent.id, storedFileId: gentFile.id, lineCount: 0, errorCount: 0, uploadedById: user.id },
    });
    const page = await sofie.get('/themas/zorgaanbod/lijst');
    expect(text(page.text)).not.toContain('De Smet');
    const response = await sofie.post('/themas/zorgaanbod/indienen').type('form').send({ _csrf: hiddenField(page.text, '_csrf'), uploadId: String(gentUpload.id) });
    expect(response.status).toBe(404);
    await db.prisma.storedFile.delete({ where: { id: gentUpload.storedFileId } });
  });
});

describe('the department at /beheer/zorgaanbod', () => {
  let pieter: Agent;
  let els: Agent;
  beforeAll(async () => {
    pieter = await agentFor(PIETER);
    els = await agentFor(ELS);
  });

  it('shows every huisartsenkring with its status and number of GPs, to any staff member', async () => {
    for (const agent of [pieter, els]) {
      const t = text((await agent.get('/beheer/zorgaanbod')).text);
      expect(t).toContain('Huisartsenkring Pajottenland 52011 ingediend 3');
      expect(t).toContain('Huisartsenvereniging Gent 52044 ingediend 4');
      expect(t).toContain('2 van 2 huisartsenkringen, samen 7 huisartsen');
    }
    const list = await listOf(pajottenland.id);
    const t = text((await els.get(`/beheer/zorgaanbod/lijsten/${list.id}`)).text);
    expect(t).toContain(riziv(100002));
    expect(t).toContain('door Sofie Maes');
    expect(t).not.toContain('Lijst heropenen');
  });

  it('is closed to facility users, and its changes to staff outside Team Eerstelijn', async () => {
    const jan = await agentFor(JAN);
    expect((await jan.get('/beheer/zorgaanbod')).status).toBe(403);
    expect((await els.get('/beheer/zorgaanbod/instellingen')).status).toBe(403);
    const list = await listOf(pajottenland.id);
    const page = await els.get(`/beheer/zorgaanbod/lijsten/${list.id}`);
    const csrf = hiddenField(page.text, '_csrf');
    expect((await els.post(`/beheer/zorgaanbod/lijsten/${list.id}/heropenen`).type('form').send({ _csrf: csrf, reason: 'Poging' })).status).toBe(403);
    expect((await els.post('/beheer/zorgaanbod/instellingen').type('form').send({ _csrf: csrf, year: '2026', openingDate: '01/01/2026' })).status).toBe(403);
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id: list.id } })).status).toBe('ingediend');
    expect((await db.prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).openingDate).toEqual(dbDateOf({ year: 2026, month: 8, day: 15 }));
  });

  it('lets Team Eerstelijn set the campaign dates, with the errors of the form', async () => {
    const form = await pieter.get('/beheer/zorgaanbod/instellingen');
    const csrf = hiddenField(form.text, '_csrf');
    const bad = await pieter.post('/beheer/zorgaanbod/instellingen').type('form').send({ _csrf: csrf, year: '2026', openingDate: '15/08/2026', closingDate: '31/07/2026' });
    expect(bad.status).toBe(400);
    expect(text(bad.text)).toContain('De sluitingsdatum mag niet voor de openingsdatum liggen.');
    const good = await pieter.post('/beheer/zorgaanbod/instellingen').type('form').send({ _csrf: csrf, year: '2026', openingDate: '15/08/2026', closingDate: '31/12/2026' });
    expect(good.status).toBe(303);
    expect((await db.prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } })).deadline).toEqual(dbDateOf({ year: 2026, month: 12, day: 31 }));
    expect(await db.prisma.auditEvent.count({ where: { kind: 'campaign.updated', recordType: 'Campaign', recordId: String(campaign.id) } })).toBe(1);
  });

  it('exports all lists as CSV (;, UTF-8 with BOM) and XLSX, formulas neutralised, and records each export', async () => {
    const row = await db.prisma.zorgaanbodRow.findFirstOrThrow({ where: { list: { facilityId: pajottenland.id } }, orderBy: { excelRow: 'asc' } });
    await db.prisma.zorgaanbodRow.update({ where: { id: row.id }, data: { naam: '=HYPERLINK("https://evil.example")', gemeente: 'Lennik; "centrum"' } });
    const csv = await pieter.get('/beheer/zorgaanbod/export.csv').buffer(true).parse(binary);
    expect(csv.status).toBe(200);
    const body = (csv.body as Buffer).toString('utf8');
    expect(body.startsWith('\uFEFFHuisartsenkring;HCO-nummer;Ingediend op;Rij in Excel;RIZIV-nummer;Naam;')).toBe(true);
    const lines = body.slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(1 + 7);
    const first = lines.find((l) => l.includes(riziv(100001)));
    expect(first).toContain(`Huisartsenkring Pajottenland;52011;01/09/2026 12:00;2;${riziv(100001)};"'=HYPERLINK(""https://evil.example"")";Voornaam1;1750;"Lennik; ""centrum""";groep;8;ja`);
    const xlsx = await pieter.get('/beheer/zorgaanbod/export.xlsx').buffer(true).parse(binary);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.rowCount).toBe(8);
    const values = Array.from({ length: 7 }, (_, i) => (sheet?.getRow(i + 2).values as unknown[]).slice(1));
    const mine = values.find((v) => v[4] === riziv(100001));
    expect(mine?.[5]).toBe('\'=HYPERLINK("https://evil.example")');
    expect(mine?.[10]).toBe(8);
    expect(await db.prisma.auditEvent.count({ where: { kind: 'export.downloaded', recordType: 'Campaign', recordId: String(campaign.id) } })).toBe(2);
  });

  it('lets Team Eerstelijn reopen a list with a reason; the kring is told and can upload again', async () => {
    const list = await listOf(pajottenland.id);
    const page = await pieter.get(`/beheer/zorgaanbod/lijsten/${list.id}`);
    expect(text(page.text)).toContain('Lijst heropenen');
    const csrf = hiddenField(page.text, '_csrf');
    const empty = await pieter.post(`/beheer/zorgaanbod/lijsten/${list.id}/heropenen`).type('form').send({ _csrf: csrf, reason: ' ' });
    expect(empty.status).toBe(400);
    expect(text(empty.text)).toContain('Vul de reden in waarom het dossier heropend wordt: wat moet de voorziening aanpassen?');
    const done = await pieter.post(`/beheer/zorgaanbod/lijsten/${list.id}/heropenen`).type('form').send({ _csrf: csrf, reason: 'Twee huisartsen ontbreken.' });
    expect(done.status).toBe(303);
    const reopened = await db.prisma.dossier.findUniqueOrThrow({ where: { id: list.id }, include: { reopenedBy: true } });
    expect(reopened).toMatchObject({ status: 'heropend', reopenReason: 'Twee huisartsen ontbreken.', reopenedBy: { givenName: 'Pieter', surname: 'Mertens' } });
    const mail = await db.prisma.outboxMail.findFirstOrThrow({ where: { facilityId: pajottenland.id, subject: 'Uw dossier Zorgaanbod werd heropend (ZA-2026-052011)' } });
    expect(mail.text).toContain('Reden: Twee huisartsen ontbreken.');
    expect(await db.prisma.auditEvent.count({ where: { kind: 'dossier.reopened', facilityId: pajottenland.id } })).toBe(1);
    expect((await upload(sofie, await filledTemplate([gp(1), gp(2), gp(3), gp(4)]))).status).toBe(303);
    expect(text((await sofie.get('/themas/zorgaanbod/lijst')).text)).toContain('Reden: Twee huisartsen ontbreken.');
  });
});

describe('a generated list of 5,000 lines', () => {
  it('is accepted and reported without errors', async () => {
    const response = await upload(sofie, await sheetWith(HEADERS, Array.from({ length: 5000 }, (_, i) => gp(i))));
    expect(response.status).toBe(303);
    const latest = await db.prisma.zorgaanbodUpload.findFirstOrThrow({ where: { facilityId: pajottenland.id }, orderBy: { id: 'desc' } });
    expect(latest).toMatchObject({ lineCount: 5000, errorCount: 0 });
  });
});

describe('kennisname by Team Eerstelijn (the dossier core)', () => {
  it('lets Team Eerstelijn take note of the submitted lists in bulk; the lists are dossiers of the queue and the kring reads their history and letter', async () => {
    const [pieter, els] = [await agentFor(PIETER), await agentFor(ELS)];
    // The list reopened above, submitted again with a short list.
    expect((await upload(sofie, await filledTemplate([gp(1), gp(2)]))).status).toBe(303);
    const confirm = await sofie.get('/themas/zorgaanbod/indienen');
    expect((await sofie.post('/themas/zorgaanbod/indienen').type('form').send({ _csrf: hiddenField(confirm.text, '_csrf'), uploadId: hiddenField(confirm.text, 'uploadId') })).status).toBe(303);
    const list = await listOf(pajottenland.id);
    const queue = text((await pieter.get('/beheer/dossiers')).text);
    expect(queue).toContain('ZA-2026-052011');
    expect(queue).toContain('Huisartsenkring Pajottenland');
    const handling = await pieter.get(`/beheer/dossiers/${list.id}`);
    expect(handling.status).toBe(200);
    expect(handling.text).toContain(`href="/beheer/zorgaanbod/lijsten/${list.id}"`);
    // Team Prijzen reads the page but takes no note of Team Eerstelijn's lists.
    const elsPage = await els.get('/beheer/zorgaanbod');
    expect(text(elsPage.text)).not.toContain('als verwerkt markeren');
    expect((await els.post('/beheer/zorgaanbod/kennisname').type('form').send({ _csrf: hiddenField(elsPage.text, '_csrf') })).status).toBe(403);
    expect((await listOf(pajottenland.id)).status).toBe('ingediend');

    const page = await pieter.get('/beheer/zorgaanbod');
    expect(text(page.text)).toContain('2 ingediende dossiers wachten op verwerking');
    const processed = await pieter.post('/beheer/zorgaanbod/kennisname').type('form').send({ _csrf: hiddenField(page.text, '_csrf') });
    expect(processed.status).toBe(303);
    expect(processed.headers.location).toBe('/beheer/zorgaanbod?verwerkt=2');
    expect(text((await pieter.get('/beheer/zorgaanbod?verwerkt=2')).text)).toContain('2 dossiers zijn als verwerkt gemarkeerd (kennis genomen)');
    for (const facilityId of [pajottenland.id, gent.id]) {
      const decided = await db.prisma.dossier.findFirstOrThrow({ where: { facilityId, typeCode: 'zorgaanbod' }, include: { _count: { select: { letters: true } } } });
      expect(decided).toMatchObject({ status: 'afgehandeld', outcome: 'aanvaard', _count: { letters: 1 } });
    }
    const mail = await db.prisma.outboxMail.findFirstOrThrow({ where: { facilityId: pajottenland.id, subject: 'Uw dossier Zorgaanbod werd afgehandeld: kennis genomen (ZA-2026-052011)' } });
    expect(mail.text).toContain('https://eloket.example.be/themas/zorgaanbod/lijst/beslissing.pdf');

    const own = text((await sofie.get('/themas/zorgaanbod/lijst')).text);
    expect(own).toContain('Status afgehandeld: kennis genomen');
    expect(own).toContain('Status en vooruitgang');
    expect(own).toContain('heropend Pieter Mertens Twee huisartsen ontbreken.');
    expect(own).toContain('afgehandeld: kennis genomen Pieter Mertens');
    expect(own).toContain('Beslissingsbrief (PDF) van ZA-2026-052011: kennis genomen');
    const letter = await sofie.get('/themas/zorgaanbod/lijst/beslissing.pdf').buffer(true).parse(binary);
    expect(letter.status).toBe(200);
    expect(letter.headers['content-type']).toBe('application/pdf');
    expect((letter.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    // A facility without the theme has no letter there.
    expect((await (await agentFor(JAN)).get('/themas/zorgaanbod/lijst/beslissing.pdf')).status).toBe(404);
  });
});
