// M34 "Indexering van de dagprijs/uurprijs (bestaande voorziening)" at its
// boundaries: 36 months back, one month before the last price change, twelve
// months since the last aanvaard indexering, the percentage and the highest
// prices against hand-computed figures, the role, the approval by the term
// (which writes the register from 30 days after it) and a refusal (which
// writes nothing).
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { text } from '../helpers/html.js';
import { hiddenField, type Agent } from '../helpers/login.js';
import { createPriceDossier, personas, postPriceDossier } from '../helpers/price-dossiers.js';
import { approveExpiredTerms, dossierType, type PriceDossierType } from '../../src/modules/dossier-core/index.js';

const AN = '78041215386'; // role "Beheer Financiële gegevens" for WZC Hof ter Linden
const JAN = '85092305734'; // WZC Sint-Jozef, without the role
const ELS = '80012724649'; // Team Prijzen
const LINK = 'Aanmaken indexering van de dagprijs/uurprijs (bestaande voorziening)';
let now = new Date('2027-07-15T08:00:00Z');
const { app, db, config } = await createTestApp({ deps: { clock: () => now } });
const hofTerLinden = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });

// Our own figures instead of the demo's: 120,00 for every month from January
// 2024, except August 2024 (123,00) and the last published month, June 2027 (124,20).
await db.prisma.consumerPriceIndex.deleteMany({});
// The demo's indexeringen: they are not this file's.
await db.prisma.dossier.deleteMany({ where: { typeCode: 'indexering' } });
async function addFigures(from: [number, number], to: [number, number], special: Record<string, string>) {
  const data = [];
  for (let n = from[0] * 12 + from[1] - 1; n <= to[0] * 12 + to[1] - 1; n++) {
    const key = `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
    data.push({ month: new Date(`${key}-01T00:00:00Z`), value: special[key] ?? '120.00', demo: false, addedByName: 'Test' });
  }
  await db.prisma.consumerPriceIndex.createMany({ data });
}
await addFigures([2024, 1], [2027, 6], { '2024-08': '123.00', '2027-06': '124.20' });

const agentFor = personas(app, db.prisma);

const create = (agent: Agent) => createPriceDossier(agent, 'indexering');
const post = postPriceDossier;
const linesOf = (id: number) => db.prisma.priceDossierLine.findMany({ where: { dossierId: id }, orderBy: { position: 'asc' } });
/** The new prices, per line, by the line's current price. */
async function prices(id: number, byCurrent: Record<number, string>) {
  return Object.fromEntries((await linesOf(id)).map((l, i) => [`kamertypes[${i}][price]`, byCurrent[l.currentPriceCents ?? 0] ?? '']));
}

// Hand-computed: 124,20 / 120,00 - 1 = 0,035 -> 3,50 %. 62,50 x 1,035 = 64,6875 -> 64,69;
// 55,00 x 1,035 = 56,925 -> 56,93 (a half cent, rounded up); 66,29 x 1,035 = 68,61015 -> 68,61.
const MAXIMA: Record<number, string> = { 6250: '64,69', 5500: '56,93', 6629: '68,61' };

describe('the indexering (M34)', () => {
  let id = 0;

  it('is offered to the role only; created with every kamertype of the register and its current price', async () => {
    const jan = await agentFor(JAN);
    const refused = await create(jan);
    expect(refused.response.status).toBe(403);
    const an = await agentFor(AN, '4085');
    expect(text((await an.get('/themas/prijzen')).text)).toContain(LINK);
    const created = await create(an);
    expect(created.response.status).toBe(303);
    id = created.id;
    const lines = await linesOf(id);
    expect(lines.map((l) => [l.kind, l.currentPriceCents, l.priceCents]).sort()).toEqual([
      ['kamertype', 5500, null],
      ['kamertype', 6250, null],
      ['kamertype', 6629, null],
    ]);
    const row = await db.prisma.dossier.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ facilityId: hofTerLinden.id, status: 'opmaak' });
    expect(row.reference).toMatch(/^IX-2027-/);
  });

  it('lists the start months from 36 months back, and "Berekenen" shows both months, figures, the percentage and the highest prices', async () => {
    const an = await agentFor(AN, '4085');
    const page = await an.get(`/dossiers/prijzen/${id}`);
    expect(page.text).toContain('<option value="2024-07"');
    expect(page.text).not.toContain('<option value="2024-06"');
    expect(page.text).not.toContain('<option value="2027-06"');
    const calculated = await post(an, id, { action: 'calculate', startMonth: '2024-07' });
    expect(calculated.status).toBe(303);
    const t = text((await an.get(`/dossiers/prijzen/${id}`)).text);
    expect(t).toContain('Beginmaand juli 2024: index 120,00');
    expect(t).toContain('Laatst gepubliceerde maand juni 2027: index 124,20');
    expect(t).toContain('Toegelaten percentage 3,50 %');
    for (const max of Object.values(MAXIMA)) expect(t).toContain(max);
    // 124,20 / 123,00 - 1 = 0,0097560... -> 0,98 %
    await post(an, id, { action: 'calculate', startMonth: '2024-08' });
    expect(text((await an.get(`/dossiers/prijzen/${id}`)).text)).toContain('Toegelaten percentage 0,98 %');
  });

  it('refuses a start month 37 months back, and a price above the maximum, naming it; stores nothing', async () => {
    const an = await agentFor(AN, '4085');
    const old = await post(an, id, { action: 'confirmSubmit', startMonth: '2024-06', ...(await prices(id, MAXIMA)) });
    expect(old.status).toBe(400);
    expect(text(old.text)).toContain('De beginmaand ligt hoogstens 36 maanden terug: kies juli 2024 of later.');
    const tooHigh = await post(an, id, { action: 'confirmSubmit', startMonth: '2024-07', ...(await prices(id, { ...MAXIMA, 5500: '56,94' })) });
    expect(tooHigh.status).toBe(400);
    expect(text(tooHigh.text)).toContain('De nieuwe prijs is ten hoogste 56,93 euro (55,00 euro verhoogd met 3,50 %).');
    expect((await db.prisma.dossier.findUniqueOrThrow({ where: { id } })).status).toBe('opmaak');
  });

  it('is submitted 36 months back at the maximum or less, with its figures stored', async () => {
    const an = await agentFor(AN, '4085');
    const submitted = await post(an, id, { action: 'confirmSubmit', startMonth: '2024-07', ...(await prices(id, { ...MAXIMA, 6250: '64,00' })) });
    expect(submitted.status).toBe(303);
    const facts = await db.prisma.priceDossier.findUniqueOrThrow({ where: { dossierId: id } });
    expect([facts.startMonth, facts.lastMonth].map((d) => d?.toISOString().slice(0, 10))).toEqual(['2024-07-01', '2027-06-01']);
    expect([facts.startIndex, facts.lastIndex, facts.percentage].map((d) => d?.toFixed(2))).toEqual(['120.00', '124.20', '3.50']);
    expect((await linesOf(id)).map((l) => l.priceCents).sort()).toEqual([5693, 6400, 6861]);
  });

  it('is approved by the term when the department does not decide, writing the register from 30 days after the approval', async () => {
    const row = await db.prisma.dossier.findUniqueOrThrow({ where: { id } });
    expect(row.termEndsOn?.toISOString().slice(0, 10)).toBe('2027-08-14');
    expect(await approveExpiredTerms(db.prisma, config, new Date('2027-08-14T21:59:59Z'))).toBe(0);
    expect(await db.prisma.priceEntry.count({ where: { dossierId: id } })).toBe(0);
    // 15/08/2027 00:00 in Brussels: approved that day, so the prices apply from 14/09/2027.
    expect(await approveExpiredTerms(db.prisma, config, new Date('2027-08-14T22:00:00Z'))).toBe(1);
    expect(await db.prisma.dossier.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'afgehandeld', outcome: 'aanvaard' });
    const entries = await db.prisma.priceEntry.findMany({ where: { dossierId: id } });
    expect(entries.map((e) => [e.priceCents, e.validFrom.toISOString().slice(0, 10)]).sort()).toEqual([
      [5693, '2027-09-14'],
      [6400, '2027-09-14'],
      [6861, '2027-09-14'],
    ]);
  });

  it('is refused until twelve months after the last aanvaard indexering\'s submission, and allowed on that day', async () => {
    await addFigures([2027, 7], [2028, 6], { '2027-08': '125.00', '2028-06': '130.00' });
    now = new Date('2028-07-14T21:59:00Z'); // 14/07/2028 in Brussels
    const an = await agentFor(AN, '4085');
    expect(text((await an.get('/themas/prijzen')).text)).toContain('een nieuwe indexering kan vanaf 15/07/2028.');
    const early = await create(an);
    expect(early.response.status).toBe(409);
    now = new Date('2028-07-14T22:00:00Z'); // 15/07/2028 in Brussels
    const onTime = await create(an);
    expect(onTime.response.status).toBe(303);
    id = onTime.id;
  });

  it('allows a start month one month before the last price change, and refuses two months before', async () => {
    const an = await agentFor(AN, '4085');
    const current = { 5693: '57,00', 6400: '64,00', 6861: '68,61' };
    const page = await an.get(`/dossiers/prijzen/${id}`);
    expect(page.text).toContain('<option value="2027-08"');
    expect(page.text).not.toContain('<option value="2027-07"');
    const early = await post(an, id, { action: 'confirmSubmit', startMonth: '2027-07', ...(await prices(id, current)) });
    expect(early.status).toBe(400);
    expect(text(early.text)).toContain('Uw laatste prijswijziging ging in op 14/09/2027: kies als beginmaand augustus 2027 of later.');
    const ok = await post(an, id, { action: 'confirmSubmit', startMonth: '2027-08', ...(await prices(id, current)) });
    expect(ok.status).toBe(303);
  });

  it('refused by the department with a motivation, writes nothing to the register', async () => {
    const els = await agentFor(ELS);
    const page = await els.get(`/beheer/dossiers/${id}`);
    expect(page.status).toBe(200);
    const decided = await els.post(`/beheer/dossiers/${id}/beslissen`).type('form').send({ _csrf: hiddenField(page.text, '_csrf'), outcome: 'geweigerd', motivation: 'De beginmaand klopt niet met uw laatste prijsverhoging.' });
    expect(decided.status).toBe(303);
    expect(await db.prisma.dossier.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'afgehandeld', outcome: 'geweigerd' });
    expect(await db.prisma.priceEntry.count({ where: { dossierId: id } })).toBe(0);
  });

  it('cannot be started by a facility without kamertypes in its register', async () => {
    const type = dossierType('indexering') as PriceDossierType;
    const wingerdless = await db.prisma.facility.findFirstOrThrow({ where: { facilityType: { code: { not: 'woonzorgcentrum' } } } });
    const refusal = await db.prisma.$transaction((tx) => type.price.startRefusal?.({ db: tx, facilityId: wingerdless.id, now }) ?? Promise.resolve(undefined));
    expect(refusal).toBe('uw prijzenregister heeft geen kamertypes: er is geen dagprijs om te indexeren.');
  });
});
