// The average dagprijs per woonzorgcentrum on a date (M33, issue 26 item 5):
// hand-computed capacity-weighted averages (a half cent rounded up), the
// date boundary of an ingangsdatum, facilities without kamertypes left out,
// the Meting fallback, the distribution chart with its figures, access, and
// the CSV export with the exports' conventions.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { loggedInAgent } from '../helpers/login.js';
import { download } from '../helpers/download.js';
import { writeRegister, type RegisterEntryInput } from '../../src/modules/prices/index.js';
import type { CalendarDate } from '../../src/lib/dates.js';
import { text } from '../helpers/html.js';

const JAN = '85092305734'; // WZC Sint-Jozef, a facility user
const ELS = '80012724649'; // Team Prijzen
const PIETER = '88071413185'; // Team Eerstelijn
const LOTTE = '93110230219'; // helpdesk
const PAGE = '/beheer/prijzen/gemiddelde';

const { app, db } = await createTestApp();
const agentFor = (insz: string) => loggedInAgent(app, db.prisma, insz);
const day = (year: number, month: number, d: number): CalendarDate => ({ year, month, day: d });

const model = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
async function facility(hcoNumber: string, name: string) {
  return db.prisma.facility.create({
    data: { hcoNumber, name, enterpriseId: model.enterpriseId, facilityTypeId: model.facilityTypeId, street: 'Dorpsstraat 1', postalCode: '3000', municipality: 'Leuven' },
  });
}
async function register(facilityId: number, validFrom: CalendarDate, entries: RegisterEntryInput[]) {
  await db.prisma.$transaction((tx) => writeRegister(tx, { facilityId, dossierId: null, validFrom, entries }));
}
const kamer = (name: string, capacity: number, priceCents: number, unit: 'dag' | 'uur' = 'dag'): RegisterEntryInput => ({ kind: 'kamertype', name, unit, capacity, priceCents });

// Alfa: (10 × 60,00 + 30 × 64,00 + 5 × 99,99) ÷ 45 = 3019,95 ÷ 45 = 67,11 until 30/06/2030; from 01/07/2030
// its third kamertype ends, the first costs 60,01 for 1 place, the second 60,00 for 1 place:
// 120,01 ÷ 2 = 60,005, rounded half up to 60,01. Its uurprijs and its supplement never count.
const alfa = await facility('990001', 'Gemiddelde Alfa');
await register(alfa.id, day(2030, 1, 1), [
  kamer('Kamer A', 10, 6000),
  kamer('Kamer B', 30, 6400),
  kamer('Kamer C', 5, 9999),
  kamer('Kortverblijf per uur', 50, 900, 'uur'),
  { kind: 'supplement', name: 'Televisie', unit: 'maand', priceCents: 50000 },
]);
await register(alfa.id, day(2030, 7, 1), [kamer('Kamer A', 1, 6001), kamer('Kamer B', 1, 6000), { kind: 'kamertype', name: 'Kamer C', unit: 'dag', removed: true }]);
// Beta has supplements only: no dagprijs to average.
const beta = await facility('990002', 'Gemiddelde Beta');
await register(beta.id, day(2030, 1, 1), [{ kind: 'supplement', name: 'Kapper', unit: 'prestatie', priceCents: 2000 }]);
// Gamma has nothing at all (no register, no Meting).
await facility('990003', 'Gemiddelde Gamma');
// A name that would be a formula in a spreadsheet, and an average far above the rest: (3 × 200,00 + 1 × 210,00) ÷ 4 = 202,50.
const hostile = await facility('990004', '=HYPERLINK("https://evil.example")');
await register(hostile.id, day(2030, 1, 1), [kamer('Luxe', 3, 20000), kamer('Suite', 1, 21000)]);

describe('the average dagprijs per woonzorgcentrum', () => {
  it('weighs each kamertype\'s price per dag by its capacity, and rounds a half cent up', async () => {
    const els = await agentFor(ELS);
    const before = text((await els.get(`${PAGE}?datum=30/06/2030`)).text);
    expect(before).toContain('Gemiddelde Alfa 990001 3 45 € 67,11');
    const on = await els.get(`${PAGE}?datum=01/07/2030`);
    expect(on.status).toBe(200);
    const t = text(on.text);
    expect(t).toContain('Gemiddelde Alfa 990001 2 2 € 60,01');
    expect(t).toContain('990004 2 4 € 202,50');
    // Sint-Jozef has no register: its last Meting dagprijzen, (100 × 64,00 + 20 × 57,50) ÷ 120 = 62,9166…
    expect(t).toContain('WZC Sint-Jozef 3634 2 120 € 62,92');
    expect(on.text).toContain(`href="/beheer/voorzieningen/${alfa.id}/prijzen"`);
  });

  it('applies a price from its ingangsdatum on, not the day before', async () => {
    const els = await agentFor(ELS);
    expect(text((await els.get(`${PAGE}?datum=30/06/2030`)).text)).not.toContain('€ 60,01');
    expect(text((await els.get(`${PAGE}?datum=01/07/2030`)).text)).not.toContain('€ 67,11');
    // Before its first ingangsdatum Alfa has no register and no Meting: not on the list.
    expect(text((await els.get(`${PAGE}?datum=31/12/2029`)).text)).not.toContain('Gemiddelde Alfa');
  });

  it('leaves out a woonzorgcentrum without kamertypes', async () => {
    const t = text((await (await agentFor(ELS)).get(`${PAGE}?datum=01/07/2030`)).text);
    expect(t).not.toContain('Gemiddelde Beta');
    expect(t).not.toContain('Gemiddelde Gamma');
  });

  it('draws the distribution per 5 euro without JavaScript, with the same figures in a table', async () => {
    const page = await (await agentFor(ELS)).get(`${PAGE}?datum=01/07/2030`);
    expect(page.text).toContain('<svg class="chart"');
    expect(page.text).toMatch(/role="img" aria-labelledby="verdeling-titel"/);
    expect(page.text).not.toMatch(/<script(?![^>]*src="\/public\/)/);
    const total = Number(/Verdeling van de gemiddelde dagprijs over (\d+) woonzorgcentra/.exec(page.text)?.[1]);
    const bands = [...page.text.matchAll(/<th scope="row"[^>]*>€ ([\d.,]+) – € ([\d.,]+)<\/th>\s*<td[^>]*>(\d+)<\/td>/g)].map((m) => [m[1], m[2], Number(m[3])] as const);
    expect(bands.length).toBeGreaterThan(2);
    expect(bands.reduce((sum, b) => sum + b[2], 0)).toBe(total);
    expect(bands).toContainEqual(['60,00', '64,99', expect.any(Number)]);
    expect(bands).toContainEqual(['200,00', '204,99', 1]);
    // The bands between are there too, empty: the gap is what the eye should see.
    expect(bands).toContainEqual(['150,00', '154,99', 0]);
    // One bar per band in the chart.
    expect([...page.text.matchAll(/<rect /g)]).toHaveLength(bands.length);
  });

  it('asks for a real date', async () => {
    const wrong = await (await agentFor(ELS)).get(`${PAGE}?datum=31/02/2030`);
    expect(wrong.status).toBe(400);
    expect(text(wrong.text)).toContain('Vul een datum in als dd/mm/jjjj');
  });

  it('is for Team Prijzen and the helpdesk only', async () => {
    expect((await (await agentFor(LOTTE)).get(PAGE)).status).toBe(200);
    const pieter = await agentFor(PIETER);
    expect((await pieter.get(PAGE)).status).toBe(403);
    expect((await pieter.get(`${PAGE}/export.csv`)).status).toBe(403);
    const jan = await agentFor(JAN);
    expect((await jan.get(PAGE)).status).toBe(403);
    expect((await jan.get(`${PAGE}/export.csv`)).status).toBe(403);
    expect((await (await agentFor(ELS)).get('/beheer/prijzen')).text).toContain(`href="${PAGE}`);
  });

  it('exports the averages as CSV for a Belgian Excel, and records the download', async () => {
    const auditBefore = await db.prisma.auditEvent.count({ where: { kind: 'export.downloaded', recordType: 'PriceAverage' } });
    const csv = await download(await agentFor(ELS), `${PAGE}/export.csv?datum=01/07/2030`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('gemiddelde-dagprijs-2030-07-01.csv');
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.body.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('Voorziening;HCO-nummer;Kamertypes;Capaciteit;Gemiddelde dagprijs');
    expect(lines).toContain('Gemiddelde Alfa;990001;2;2;60,01');
    expect(lines).toContain('WZC Sint-Jozef;3634;2;120;62,92');
    expect(lines).toContain(`"'=HYPERLINK(""https://evil.example"")";990004;2;4;202,50`);
    expect(lines.some((l) => l.startsWith('Gemiddelde Beta') || l.startsWith('Gemiddelde Gamma'))).toBe(false);
    const audit = await db.prisma.auditEvent.findMany({ where: { kind: 'export.downloaded', recordType: 'PriceAverage' }, orderBy: { id: 'asc' } });
    expect(audit).toHaveLength(auditBefore + 1);
    expect(audit.at(-1)).toMatchObject({ actorName: 'Els Willems', teamCode: 'team-prijzen', details: { format: 'csv', date: '01/07/2030' } });
  });
});
