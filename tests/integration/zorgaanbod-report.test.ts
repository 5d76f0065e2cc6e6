// Zorgaanbod (issue 23, items 2 and 4; issue 24, item 18): an upload nobody
// may make here is refused before its file is read; the report stores capped
// values and its pages read one page of it from the database; its tables are
// the portal's table macro; the migration keeps the reports that exist.
import { cp, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { createEmptyDatabase } from '../helpers/database.js';
import { hiddenField, loggedInAgent, type Agent } from '../helpers/login.js';
import { createDatabaseClients } from '../../src/db/client.js';
import { applyMigrations, listMigrationFolders, migrationsDir } from '../../src/db/migrations.js';
import { seedDemoData } from '../../src/db/seed.js';
import { filledTemplate, gp, HEADERS, sheetWith, zorgaanbodCampaign2026 } from '../helpers/zorgaanbod.js';
import { text } from '../helpers/html.js';

const SOFIE = '91030521416'; // Huisartsenkring Pajottenland
const ELS = '80012724649'; // department staff
const JAN = '85092305734'; // WZC Sint-Jozef: no theme Zorgaanbod

const { app, db } = await createTestApp({ deps: { clock: () => new Date('2026-09-01T10:00:00Z') } });
await zorgaanbodCampaign2026(db.prisma);
const pajottenland = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '52011' } });

const agentFor = (insz: string, on = app, prisma = db.prisma) => loggedInAgent(on, prisma, insz);
const rowIds = (html: string) => [...html.matchAll(/<tr id="rij-(\d+)"/g)].map((m) => Number(m[1]));

/** A form page's token, then the file posted as the browser does. */
async function upload(agent: Agent, content: Buffer, page = '/themas/zorgaanbod') {
  const form = await agent.get(page);
  return agent
    .post('/themas/zorgaanbod/lijst')
    .field('_csrf', hiddenField(form.text, '_csrf') ?? '')
    .attach('excel', content, { filename: 'huisartsen.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

/**
 * How many files were ever staged: an accepted file is staged (a stored_file
 * row, then discarded on a refusal), so an unchanged sequence means that no
 * file got as far as being read and judged.
 */
async function filesEverStaged(): Promise<number> {
  const [row] = await db.prisma.$queryRaw<{ n: bigint }[]>`SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM stored_file_id_seq`;
  return Number(row?.n ?? 0);
}

describe('cheap checks before the file is read', () => {
  it('refuses a woonzorgcentrum user (no theme Zorgaanbod) with 404 before the file is read, and checks the token first', async () => {
    const jan = await agentFor(JAN);
    const valid = await filledTemplate([gp(1)]);
    const before = await filesEverStaged();
    const response = await upload(jan, valid, '/');
    expect(response.status).toBe(404);
    expect(await filesEverStaged()).toBe(before);
    // Without a valid token the answer stays the CSRF refusal, as on every upload route.
    const forged = await jan.post('/themas/zorgaanbod/lijst').field('_csrf', 'vervalst').attach('excel', valid, 'huisartsen.xlsx');
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('Uw formulier is verlopen');
  });

  it('refuses an upload to a submitted list with the Dutch reason, before the file is read', async () => {
    const sofie = await agentFor(SOFIE);
    const campaign = await zorgaanbodCampaign2026(db.prisma);
    const list = await db.prisma.dossier.upsert({
      where: { facilityId_campaignId: { facilityId: pajottenland.id, campaignId: campaign.id } },
      create: { facilityId: pajottenland.id, campaignId: campaign.id, typeCode: 'zorgaanbod', reference: 'ZA-2026-052011', status: 'ingediend', submittedAt: new Date() },
      update: { status: 'ingediend' },
    });
    const before = await filesEverStaged();
    const response = await upload(sofie, await filledTemplate([gp(1)]), '/themas/zorgaanbod/lijst');
    expect(response.status).toBe(409);
    expect(text(response.text)).toContain('De lijst is al ingediend. Vraag Team Eerstelijn om ze te heropenen');
    expect(response.text).toContain('href="#excel"');
    expect(await filesEverStaged()).toBe(before);
    await db.prisma.dossier.update({ where: { id: list.id }, data: { status: 'opmaak' } });
    // Open again, the same file is read and staged.
    expect((await upload(sofie, await filledTemplate([gp(1)]), '/themas/zorgaanbod/lijst')).status).toBe(303);
    expect(await filesEverStaged()).toBe(before + 1);
  });
});

describe('a report that stores what a report needs', () => {
  const HUGE = 'x'.repeat(15_000);
  let sofie: Agent;
  let listId: number;
  beforeAll(async () => {
    sofie = await agentFor(SOFIE);
    // 120 lines pointing at one 15,000-character shared string: each line has an error (the name is too long).
    const response = await upload(sofie, await sheetWith(HEADERS, Array.from({ length: 120 }, (_, i) => gp(i, { naam: HUGE }))));
    expect(response.status).toBe(303);
    listId = (await db.prisma.dossier.findFirstOrThrow({ where: { facilityId: pajottenland.id, typeCode: 'zorgaanbod' } })).id;
  });

  it('stores every cell capped at 200 characters and the counts with the upload', async () => {
    const upload = await db.prisma.zorgaanbodUpload.findFirstOrThrow({ where: { listId }, orderBy: { id: 'desc' } });
    expect(upload).toMatchObject({ lineCount: 120, errorCount: 120, linesWithErrors: 120 });
    const [size] = await db.prisma.$queryRaw<{ lines: number; biggest: number; total: bigint; naam: number }[]>`
      SELECT count(*)::int AS lines, max(pg_column_size(r)) AS biggest, sum(pg_column_size(r)) AS total, max(length(r."values"->>'naam')) AS naam
      FROM zorgaanbod_report_line r WHERE r.upload_id = ${upload.id}`;
    expect(size?.lines).toBe(120);
    expect(size?.naam).toBe(200);
    expect(size?.biggest).toBeLessThan(1500);
    expect(Number(size?.total)).toBeLessThan(120 * 1500);
  });

  it('shows one page of the lines with errors, the value cut with an ellipsis; page 2 shows the next lines', async () => {
    const first = await sofie.get('/themas/zorgaanbod/lijst');
    expect(first.status).toBe(200);
    expect(text(first.text)).toContain('120 fouten op 120 lijnen');
    expect(text(first.text)).toContain('Lijnen met fouten (pagina 1 van 3)');
    expect(rowIds(first.text)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    expect(first.text).toContain(`${'x'.repeat(199)}…`);
    expect(first.text).not.toContain('x'.repeat(201));
    const second = await sofie.get('/themas/zorgaanbod/lijst?pagina=2');
    expect(rowIds(second.text)).toEqual(Array.from({ length: 50 }, (_, i) => i + 52));
    const last = await sofie.get('/themas/zorgaanbod/lijst?pagina=99');
    expect(rowIds(last.text)).toEqual(Array.from({ length: 20 }, (_, i) => i + 102));
  });

  it('shows the department the same report a page at a time, while the list is not submitted', async () => {
    const els = await agentFor(ELS);
    const page = await els.get(`/beheer/zorgaanbod/lijsten/${listId}?pagina=2`);
    expect(page.status).toBe(200);
    expect(text(page.text)).toContain('Lijnen met fouten (pagina 2 van 3)');
    expect(rowIds(page.text)).toEqual(Array.from({ length: 50 }, (_, i) => i + 52));
    expect(page.text).toContain(`href="/beheer/zorgaanbod/lijsten/${listId}?pagina=3"`);
  });

  it('draws "Lijnen met fouten" and "Ingediende huisartsen" with the portal\'s table macro', async () => {
    const report = await sofie.get('/themas/zorgaanbod/lijst');
    const reportTable = /<table class="table">\s*<caption[^>]*>Lijnen met fouten[\s\S]*?<\/table>/.exec(report.text)?.[0] ?? '';
    expect(reportTable).toContain('<th scope="col" class="table__header">Lijn in Excel</th>');
    expect(reportTable).toMatch(/<th scope="row" class="table__cell">2<\/th>/);
    expect(reportTable).toContain('<td class="table__cell"><ul class="error-list"><li class="error-message">');
    // Submitted: the kring's own list and the department's view of it.
    expect((await upload(sofie, await filledTemplate([gp(1), gp(2)]), '/themas/zorgaanbod/lijst')).status).toBe(303);
    const form = await sofie.get('/themas/zorgaanbod/indienen');
    const uploadId = hiddenField(form.text, 'uploadId') ?? '';
    expect((await sofie.post('/themas/zorgaanbod/indienen').type('form').send({ _csrf: hiddenField(form.text, '_csrf'), uploadId })).status).toBe(303);
    const submitted = await sofie.get('/themas/zorgaanbod/lijst');
    const submittedTable = /<table class="table">\s*<caption[^>]*>Ingediende huisartsen[\s\S]*?<\/table>/.exec(submitted.text)?.[0] ?? '';
    expect(submittedTable).toContain('<th scope="col" class="table__header">RIZIV-nummer</th>');
    expect(submittedTable).toContain('<td class="table__cell">Naam1</td>');
    const staff = await (await agentFor(ELS)).get(`/beheer/zorgaanbod/lijsten/${listId}`);
    expect(staff.text).toMatch(/<caption class="table__caption">Huisartsen \(2\)<\/caption>\s*<thead>\s*<tr>\s*<th scope="col" class="table__header">Rij<\/th>/);
  });
});

describe('the migration to report lines', () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  it('moves an existing report into lines (capped, counted) and the pages still show it', async () => {
    // A database with every migration but this one, so with a report in the old
    // JSON column (the later migrations, which do not touch the report, are
    // applied too, so that the demo data is written by today's client).
    const all = await listMigrationFolders();
    const mine = all.find((name) => name.endsWith('_zorgaanbod_report_lines'));
    expect(mine).toBeDefined();
    const earlier = await mkdtemp(join(tmpdir(), 'eloket-migrations-'));
    for (const entry of await readdir(migrationsDir)) {
      if (entry !== mine) await cp(join(migrationsDir, entry), join(earlier, entry), { recursive: true });
    }
    const old = await createEmptyDatabase();
    await applyMigrations(old.url, earlier);
    const seeding = createDatabaseClients(old.url, { max: 2 });
    await seedDemoData(seeding.prisma);
    const facility = await seeding.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '52011' } });
    const campaign = await seeding.prisma.campaign.findFirstOrThrow({ where: { typeCode: 'zorgaanbod' }, orderBy: { year: 'desc' } });
    const user = await seeding.prisma.user.findFirstOrThrow();
    const list = await seeding.prisma.dossier.create({ data: { facilityId: facility.id, campaignId: campaign.id, typeCode: 'zorgaanbod', reference: `ZA-${campaign.year}-052011` } });
    const file = await seeding.prisma.storedFile.create({
      data: { facilityId: facility.id, uploadedById: user.id, name: 'oud.xlsx', mediaType: 'x', size: 1, sha256: '0'.repeat(64), content: new Uint8Array([1]), claimedAt: new Date(), expiresAt: new Date() },
    });
    const values = (i: number, naam: string) => ({ riziv: `1000${i}`, naam, voornaam: `Voornaam${i}`, postcode: '1750', gemeente: 'Lennik', praktijkvorm: 'groep', halveDagen: '8', nieuwePatienten: 'ja' });
    const lines = [
      { row: 2, values: values(2, 'Goed'), errors: [] },
      { row: 3, values: values(3, 'y'.repeat(15_000)), errors: ['Naam is te lang: gebruik hoogstens 100 tekens'] },
      ...Array.from({ length: 55 }, (_, i) => ({ row: 4 + i, values: values(4 + i, `Naam${4 + i}`), errors: ['Postcode praktijk ontbreekt', 'Gemeente ontbreekt'] })),
    ];
    await seeding.pool.query(
      `INSERT INTO zorgaanbod_upload (list_id, facility_id, stored_file_id, line_count, error_count, lines, uploaded_by_id) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [list.id, facility.id, file.id, lines.length, 111, JSON.stringify(lines), user.id],
    );
    await seeding.close();

    expect(await applyMigrations(old.url)).toContain(mine);
    const clients = createDatabaseClients(old.url, { max: 3 });
    closers.push(() => clients.close());
    const stored = await clients.prisma.zorgaanbodUpload.findFirstOrThrow({ where: { listId: list.id } });
    expect(stored).toMatchObject({ lineCount: 57, errorCount: 111, linesWithErrors: 56 });
    expect(await clients.prisma.zorgaanbodReportLine.count({ where: { uploadId: stored.id } })).toBe(57);
    const long = await clients.prisma.zorgaanbodReportLine.findUniqueOrThrow({ where: { uploadId_excelRow: { uploadId: stored.id, excelRow: 3 } } });
    expect((long.values as Record<string, string>).naam).toBe(`${'y'.repeat(199)}…`);
    expect(long.errors).toEqual(['Naam is te lang: gebruik hoogstens 100 tekens']);

    const migrated = await createTestApp({ db: { ...clients, url: old.url, name: old.name } });
    const sofie = await agentFor(SOFIE, migrated.app, clients.prisma);
    const page = await sofie.get('/themas/zorgaanbod/lijst');
    expect(page.status).toBe(200);
    const t = text(page.text);
    expect(t).toContain('Bestand ‘oud.xlsx’');
    expect(t).toContain('111 fouten op 56 lijnen');
    expect(t).toContain('Lijn 3: Naam is te lang: gebruik hoogstens 100 tekens');
    expect(rowIds(page.text)).toEqual(Array.from({ length: 50 }, (_, i) => i + 3));
    expect(rowIds((await sofie.get('/themas/zorgaanbod/lijst?pagina=2')).text)).toEqual([53, 54, 55, 56, 57, 58]);
  });
});
