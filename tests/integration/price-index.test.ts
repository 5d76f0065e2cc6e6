// The consumer price index (M34) on the real app: Team Prijzen adds a month
// and imports the official figures from a CSV file; every refusal stores
// nothing; the helpdesk reads; other staff and facility users are refused.
import { beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { text } from '../helpers/html.js';
import { hiddenField, logins, type Agent } from '../helpers/login.js';
import { pdf } from '../helpers/sample-files.js';
import { seedDemoPriceIndex } from '../../src/db/seed.js';
import { indexationPercentage, indexOf, lastPublishedMonth } from '../../src/modules/price-index/index.js';

const ELS = '80012724649'; // Team Prijzen
const PIETER = '88071413185'; // Team Eerstelijn
const HELPDESK = '93110230219'; // Technische helpdesk
const JAN = '85092305734'; // WZC Sint-Jozef
const PAGE = '/beheer/prijzen/index';

const now = new Date('2026-12-07T10:00:00Z');
const { app, db } = await createTestApp({ deps: { clock: () => now } });

const login = logins(app, db.prisma);
const agentFor = (insz: string) => login.as(insz);
const token = async (agent: Agent) => hiddenField((await agent.get(PAGE)).text, '_csrf') ?? '';

async function addMonth(agent: Agent, maand: string, index: string) {
  return agent.post(PAGE).type('form').send({ _csrf: await token(agent), maand, index });
}
async function importFile(agent: Agent, content: string | Buffer, filename = 'indexcijfers.csv') {
  return agent
    .post(`${PAGE}/import`)
    .field('_csrf', await token(agent))
    .attach('bestand', typeof content === 'string' ? Buffer.from(content, 'utf8') : content, { filename, contentType: 'text/csv' });
}
const figures = async () =>
  (await db.prisma.consumerPriceIndex.findMany({ orderBy: { month: 'asc' } })).map((r) => `${r.month.toISOString().slice(0, 7)}=${r.value.toFixed(2)}${r.demo ? ' demo' : ''}`);
const auditCount = () => db.prisma.auditEvent.count({ where: { kind: { startsWith: 'price-index.' } } });
const storedFiles = () => db.prisma.storedFile.count();

let els: Agent;
beforeEach(async () => {
  await db.prisma.consumerPriceIndex.deleteMany();
  els ??= await agentFor(ELS);
});

describe('adding a month (Team Prijzen)', () => {
  it('stores the figure, shows it on the page newest first, and audits it', async () => {
    expect((await addMonth(els, '2026-09', '132,18')).status).toBe(303);
    const added = await addMonth(els, '2026-10', '132,45');
    expect(added.status).toBe(303);
    expect(added.headers.location).toBe(`${PAGE}?toegevoegd=1`);
    expect(await figures()).toEqual(['2026-09=132.18', '2026-10=132.45']);
    const page = text((await els.get(added.headers.location ?? '')).text);
    expect(page).toContain('Het indexcijfer is bewaard.');
    expect(page.indexOf('oktober 2026 132,45')).toBeGreaterThan(-1);
    expect(page.indexOf('oktober 2026')).toBeLessThan(page.indexOf('september 2026'));
    expect(page).toContain('toegevoegd door Els');
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { kind: 'price-index.added' }, orderBy: { id: 'desc' } });
    expect(audit.summary).toBe('Indexcijfer 132,45 voor oktober 2026 toegevoegd');
    expect(audit.teamCode).toBe('team-prijzen');
  });

  it('shows Dutch errors beside the fields and keeps what was typed', async () => {
    const response = await addMonth(els, '2026-13', '132,456');
    expect(response.status).toBe(400);
    const page = text(response.text);
    expect(page).toContain('De maand “2026-13” bestaat niet');
    expect(page).toContain('Het indexcijfer heeft hoogstens twee cijfers na de komma.');
    expect(response.text).toContain('value="2026-13"');
    expect(response.text).toContain('value="132,456"');
    expect(await figures()).toEqual([]);
  });

  it('refuses a month whose figure is not published yet', async () => {
    const response = await addMonth(els, '2027-01', '133,00');
    expect(response.status).toBe(400);
    expect(text(response.text)).toContain('Deze maand ligt in de toekomst');
    expect(await figures()).toEqual([]);
  });

  it('refuses another figure for a month present, with the explanation, and keeps the stored one', async () => {
    await addMonth(els, '2026-10', '132,45');
    const audits = await auditCount();
    const response = await addMonth(els, '2026-10', '132,99');
    expect(response.status).toBe(409);
    expect(text(response.text)).toContain('Voor oktober 2026 is al het cijfer 132,45 bewaard. Een gepubliceerd indexcijfer verandert niet');
    expect(text(response.text)).toContain('technische helpdesk');
    expect(await figures()).toEqual(['2026-10=132.45']);
    expect(await auditCount()).toBe(audits);
  });
});

describe('importing the official figures from a CSV file', () => {
  it('adds the new months and skips and counts a month present with the same figure', async () => {
    await addMonth(els, '2026-10', '132,45');
    const audits = await auditCount();
    const response = await importFile(els, 'maand;index\n2026-08;131,90\n2026-09;132,18\n2026-10;132,45\n');
    expect(response.status).toBe(303);
    const page = text((await els.get(response.headers.location ?? '')).text);
    expect(page).toContain('2 maanden toegevoegd, 1 al aanwezig met hetzelfde cijfer en overgeslagen');
    expect(await figures()).toEqual(['2026-08=131.90', '2026-09=132.18', '2026-10=132.45']);
    expect(await auditCount()).toBe(audits + 1);
    // The file is read, never kept.
    expect(await db.prisma.storedFile.count({ where: { name: 'indexcijfers.csv' } })).toBe(0);
  });

  it('refuses the whole file when a month present has another figure, naming the line, and stores nothing', async () => {
    await addMonth(els, '2026-10', '132,45');
    const [audits, files] = [await auditCount(), await storedFiles()];
    const response = await importFile(els, 'maand;index\n2026-09;132,18\n2026-10;132,50\n');
    expect(response.status).toBe(409);
    const page = text(response.text);
    expect(page).toContain('Regel 3: Voor oktober 2026 is al het cijfer 132,45 bewaard. Een gepubliceerd indexcijfer verandert niet');
    expect(page).toContain('Het bestand werd niet geïmporteerd; er werd niets bewaard.');
    expect(await figures()).toEqual(['2026-10=132.45']);
    expect(await auditCount()).toBe(audits);
    expect(await storedFiles()).toBe(files);
  });

  it('lists malformed lines by number in Dutch and stores nothing, not even the good lines', async () => {
    const [audits, files] = [await auditCount(), await storedFiles()];
    const response = await importFile(els, 'maand;index\n2026-08;131,90\n2026-13;132,00\n2026-09\n2026-10;honderd\n');
    expect(response.status).toBe(400);
    const page = text(response.text);
    expect(page).toContain('Regel 3: de maand “2026-13” bestaat niet');
    expect(page).toContain('Regel 4: verwacht zijn twee velden');
    expect(page).toContain('Regel 5: schrijf het indexcijfer als een getal met een komma');
    expect(page).not.toContain('Regel 2');
    expect(await figures()).toEqual([]);
    expect(await auditCount()).toBe(audits);
    expect(await storedFiles()).toBe(files);
  });

  it('refuses a file that is not CSV by its content, whatever its name', async () => {
    const files = await storedFiles();
    const binary = await importFile(els, pdf(), 'indexcijfers.csv');
    expect(binary.status).toBe(400);
    expect(text(binary.text)).toContain('Het bestand ‘indexcijfers.csv’ is geen toegelaten type. Toegelaten is csv.');
    const nul = await importFile(els, Buffer.from('2026-10;132,45\n\u0000\u0001\u0002', 'utf8'));
    expect(nul.status).toBe(400);
    expect(text(nul.text)).toContain('is geen toegelaten type');
    expect(await figures()).toEqual([]);
    expect(await storedFiles()).toBe(files);
  });

  it('asks for a file when none is chosen', async () => {
    const response = await els.post(`${PAGE}/import`).field('_csrf', await token(els));
    expect(response.status).toBe(400);
    expect(text(response.text)).toContain('Kies het CSV-bestand met de indexcijfers.');
  });
});

describe('who may read and change the index', () => {
  it('lets the helpdesk read without the forms, and refuses its changes', async () => {
    await addMonth(els, '2026-10', '132,45');
    const helpdesk = await agentFor(HELPDESK);
    const page = await helpdesk.get(PAGE);
    expect(page.status).toBe(200);
    expect(text(page.text)).toContain('oktober 2026 132,45');
    expect(page.text).not.toContain('Maand toevoegen');
    const csrf = hiddenField(page.text, '_csrf') ?? hiddenField((await helpdesk.get('/auth/logout')).text, '_csrf') ?? '';
    expect((await helpdesk.post(PAGE).type('form').send({ _csrf: csrf, maand: '2026-09', index: '132,18' })).status).toBe(403);
    const upload = await helpdesk.post(`${PAGE}/import`).field('_csrf', csrf).attach('bestand', Buffer.from('2026-09;132,18\n'), { filename: 'i.csv', contentType: 'text/csv' });
    expect(upload.status).toBe(403);
    expect(await figures()).toEqual(['2026-10=132.45']);
  });

  it('refuses another team\'s staff member and a facility user', async () => {
    for (const insz of [PIETER, JAN]) {
      const agent = await agentFor(insz);
      expect((await agent.get(PAGE)).status).toBe(403);
      const csrf = hiddenField((await agent.get('/auth/logout')).text, '_csrf') ?? '';
      expect((await agent.post(PAGE).type('form').send({ _csrf: csrf, maand: '2026-09', index: '132,18' })).status).toBe(403);
      const upload = await agent.post(`${PAGE}/import`).field('_csrf', csrf).attach('bestand', Buffer.from('2026-09;132,18\n'), { filename: 'i.csv', contentType: 'text/csv' });
      expect(upload.status).toBe(403);
    }
    expect(await figures()).toEqual([]);
  });

  it('links the page from the department\'s start page for Team Prijzen and the helpdesk only', async () => {
    expect((await els.get('/beheer')).text).toContain('href="/beheer/prijzen/index"');
    expect((await (await agentFor(HELPDESK)).get('/beheer')).text).toContain('href="/beheer/prijzen/index"');
    expect((await (await agentFor(PIETER)).get('/beheer')).text).not.toContain('href="/beheer/prijzen/index"');
  });
});

describe('what the indexering reads', () => {
  it('gives a month\'s figure, the last published month and the percentage between them', async () => {
    await importFile(els, '2025-10;128,00\n2026-10;128,16\n');
    expect(await indexOf(db.prisma, { year: 2025, month: 10 })).toEqual({ month: { year: 2025, month: 10 }, hundredths: 12800, demo: false });
    expect(await indexOf(db.prisma, { year: 2025, month: 11 })).toBeUndefined();
    expect((await lastPublishedMonth(db.prisma))?.month).toEqual({ year: 2026, month: 10 });
    // 128,16 / 128,00 - 1 = 0,00125 -> 0,13 %
    expect((await indexationPercentage(db.prisma, { year: 2025, month: 10 }))?.percentage).toBe(13);
    expect(await indexationPercentage(db.prisma, { year: 2024, month: 1 })).toBeUndefined();
  });
});

describe('demo data', () => {
  it('holds 40 months of rising demonstration figures before the current month, marked on the page', async () => {
    await seedDemoPriceIndex(db.prisma, now);
    await seedDemoPriceIndex(db.prisma, now);
    const rows = await db.prisma.consumerPriceIndex.findMany({ orderBy: { month: 'asc' } });
    expect(rows).toHaveLength(40);
    expect(rows.every((r) => r.demo)).toBe(true);
    expect(rows[0]?.month.toISOString().slice(0, 10)).toBe('2023-08-01');
    expect(rows.at(-1)?.month.toISOString().slice(0, 10)).toBe('2026-11-01');
    const first = Number(rows[0]?.value.toFixed(2));
    const last = Number(rows.at(-1)?.value.toFixed(2));
    // About 0,2 % a month over 39 months.
    expect(last / first).toBeGreaterThan(1.06);
    expect(last / first).toBeLessThan(1.10);
    const page = text((await els.get(PAGE)).text);
    expect(page).toContain('november 2026');
    expect(page).toContain('demonstratiecijfer');
    expect(page).toContain('Pagina 1 van 2');
  });
});
