// The register read by validity interval (price_entry.valid_to, issue 26 Speed):
// a history with same-day, future-dated and out-of-order changes, a removal and
// an item offered again, written by writeRegister as the dossiers write it.
// On the day before, on and after every ingangsdatum, the average dagprijs, the
// register and its history are what the register's definition gives ("per
// item the newest row on or before the date", computed here independently with
// DISTINCT ON over the rows) and what a hand computation gives.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { generatePriceBenchData } from '../../bench/generate-prices.js';
import { Prisma } from '../../src/generated/prisma/client.js';
import { createTestApp } from '../helpers/app.js';
import { loggedInAgent } from '../helpers/login.js';
import { text } from '../helpers/html.js';
import { closeRegisterRows, createAveragePriceService, registerAt, registerHistory, writeRegister, type RegisterEntryInput } from '../../src/modules/prices/index.js';
import { addCalendarDays, type CalendarDate } from '../../src/lib/dates.js';

const ELS = '80012724649'; // Team Prijzen

const { app, db } = await createTestApp();
const day = (year: number, month: number, d: number): CalendarDate => ({ year, month, day: d });
const iso = (date: CalendarDate) => `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;

const model = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
const facility = (hcoNumber: string, name: string) =>
  db.prisma.facility.create({
    data: { hcoNumber, name, enterpriseId: model.enterpriseId, facilityTypeId: model.facilityTypeId, street: 'Dorpsstraat 1', postalCode: '3000', municipality: 'Leuven' },
  });
const write = (facilityId: number, validFrom: CalendarDate, entries: RegisterEntryInput[]) =>
  db.prisma.$transaction((tx) => writeRegister(tx, { facilityId, dossierId: null, validFrom, entries }));
const kamer = (name: string, capacity: number, priceCents: number): RegisterEntryInput => ({ kind: 'kamertype', name, unit: 'dag', capacity, priceCents });
const removed = (name: string): RegisterEntryInput => ({ kind: 'kamertype', name, unit: 'dag', removed: true });

// Alfa, in the order written: A and B from 1/1/2030; A twice on 1/7/2030 (the second
// write wins); B removed from 1/1/2031 written before B's change of 1/10/2030.
const alfa = await facility('991001', 'Geldig Alfa');
await write(alfa.id, day(2030, 1, 1), [kamer('Kamer A', 10, 6000), kamer('Kamer B', 20, 7000), { kind: 'supplement', name: 'Kapper', unit: 'prestatie', priceCents: 2000 }]);
await write(alfa.id, day(2030, 7, 1), [kamer('Kamer A', 10, 6200)]);
await write(alfa.id, day(2030, 7, 1), [kamer('Kamer A', 10, 6300)]);
await write(alfa.id, day(2031, 1, 1), [removed('Kamer B')]);
await write(alfa.id, day(2030, 10, 1), [kamer('Kamer B', 20, 7200)]);
// Beta: C removed on 1/7/2030 and offered again on 1/10/2030; D unchanged.
const beta = await facility('991002', 'Geldig Beta');
await write(beta.id, day(2030, 1, 1), [kamer('Kamer C', 5, 8000), kamer('Kamer D', 2, 9000)]);
await write(beta.id, day(2030, 7, 1), [removed('Kamer C')]);
await write(beta.id, day(2030, 10, 1), [kamer('Kamer C', 4, 8500)]);

const ingangsdata = [day(2030, 1, 1), day(2030, 7, 1), day(2030, 10, 1), day(2031, 1, 1)];
const boundaries = ingangsdata.flatMap((d) => [addCalendarDays(d, -1), d, addCalendarDays(d, 1)]);
const ids = [alfa.id, beta.id];

/** The register's definition, independent of valid_to: per item the newest row (valid_from, then id) on or before the date. */
function definedCurrent(date: CalendarDate) {
  return db.prisma.$queryRaw<{ facilityId: number; kind: string; name: string; capacity: number | null; priceCents: number | null; removed: boolean }[]>`
    SELECT "facilityId", kind, name, capacity, "priceCents", removed FROM (
      SELECT DISTINCT ON (facility_id, kind, item_key) facility_id AS "facilityId", kind::text AS kind, name, capacity, price_cents AS "priceCents", removed
      FROM price_entry WHERE facility_id IN (${Prisma.join(ids)}) AND valid_from <= ${iso(date)}::date
      ORDER BY facility_id, kind, item_key, valid_from DESC, id DESC
    ) c ORDER BY "facilityId", kind, name`;
}

/** The averages by that definition: Σ capacity × price ÷ Σ capacity over the kamertypes per dag, half up. */
async function definedAverages(date: CalendarDate) {
  const current = (await definedCurrent(date)).filter((r) => r.kind === 'kamertype' && !r.removed);
  return ids.flatMap((id) => {
    const rows = current.filter((r) => r.facilityId === id);
    const capacity = rows.reduce((s, r) => s + (r.capacity ?? 0), 0);
    if (capacity === 0) return [];
    const weighted = rows.reduce((s, r) => s + (r.capacity ?? 0) * (r.priceCents ?? 0), 0);
    return [{ id, capacity, kamertypes: rows.length, averageCents: Math.floor(weighted / capacity + 0.5) }];
  });
}

const averages = createAveragePriceService({ prisma: db.prisma, now: () => new Date() });
async function portalAverages(date: CalendarDate) {
  const all = [];
  for await (const batch of averages.exportLines(date)) all.push(...batch);
  return all.filter((a) => ids.includes(a.id)).map(({ id, capacity, kamertypes, averageCents }) => ({ id, capacity, kamertypes, averageCents }));
}

describe('the register read by validity interval', () => {
  it('gives the averages the register defines on the day before, on and after every ingangsdatum', async () => {
    for (const date of boundaries) expect({ date: iso(date), averages: await portalAverages(date) }).toEqual({ date: iso(date), averages: await definedAverages(date) });
  });

  it('gives the hand-computed averages: the same-day write, the change written after a later one, the item offered again', async () => {
    const cents = async (date: CalendarDate) => (await portalAverages(date)).map((a) => [a.id === alfa.id ? 'alfa' : 'beta', a.kamertypes, a.capacity, a.averageCents]);
    expect(await cents(day(2029, 12, 31))).toEqual([]);
    // Alfa (10 × 60,00 + 20 × 70,00) ÷ 30 = 66,666…; Beta (5 × 80,00 + 2 × 90,00) ÷ 7 = 82,857…
    expect(await cents(day(2030, 6, 30))).toEqual([['alfa', 2, 30, 6667], ['beta', 2, 7, 8286]]);
    // Alfa (10 × 63,00 + 20 × 70,00) ÷ 30 = 67,666…: 62,00 of the same day never applies; Beta only D.
    expect(await cents(day(2030, 7, 1))).toEqual([['alfa', 2, 30, 6767], ['beta', 1, 2, 9000]]);
    // Alfa (10 × 63,00 + 20 × 72,00) ÷ 30 = 69,00; Beta (4 × 85,00 + 2 × 90,00) ÷ 6 = 86,666…
    expect(await cents(day(2030, 10, 1))).toEqual([['alfa', 2, 30, 6900], ['beta', 2, 6, 8667]]);
    expect(await cents(day(2030, 12, 31))).toEqual([['alfa', 2, 30, 6900], ['beta', 2, 6, 8667]]);
    expect(await cents(day(2031, 1, 1))).toEqual([['alfa', 1, 10, 6300], ['beta', 2, 6, 8667]]);
  });

  it('shows the register and its history as the register defines them on every boundary', async () => {
    for (const date of boundaries) {
      const defined = (await definedCurrent(date)).filter((r) => !r.removed);
      for (const id of ids) {
        const register = await registerAt(db.prisma, id, date);
        const shown = [...register.kamertypes, ...register.supplements].map((i) => `${i.kind}:${i.name}:${i.priceCents}`).sort();
        const expected = defined.filter((r) => r.facilityId === id).map((r) => `${r.kind}:${r.name}:${r.priceCents ?? 0}`).sort();
        expect({ date: iso(date), id, shown }).toEqual({ date: iso(date), id, shown: expected });
        // Every row that is not current (removals included) is in the history, once.
        const rows = await db.prisma.priceEntry.count({ where: { facilityId: id } });
        const current = (await definedCurrent(date)).filter((r) => r.facilityId === id).length;
        const history = await registerHistory(db.prisma, id, date);
        expect({ date: iso(date), id, history: history.items.length }).toEqual({ date: iso(date), id, history: rows - current });
      }
    }
  });

  it('shows the department the averages on the page, from the ingangsdatum on', async () => {
    const els = await loggedInAgent(app, db.prisma, ELS);
    const page = async (date: string) => text((await els.get(`/beheer/prijzen/gemiddelde?datum=${date}`)).text);
    expect(await page('30/06/2030')).toContain('Geldig Alfa 991001 2 30 € 66,67');
    expect(await page('01/07/2030')).toContain('Geldig Alfa 991001 2 30 € 67,67');
    expect(await page('01/07/2030')).toContain('Geldig Beta 991002 1 2 € 90,00');
    expect(await page('01/01/2031')).toContain('Geldig Alfa 991001 1 10 € 63,00');
  });

  // Last: it adds benchmark facilities to this file's database.
  it('finds every row written by the demo seed and the benchmark generator ended where the writers end it', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await generatePriceBenchData(client, { woonzorgcentra: 5, years: 2 });
    } finally {
      await client.end();
    }
    const facilities = (await db.prisma.priceEntry.findMany({ distinct: ['facilityId'], select: { facilityId: true } })).map((e) => e.facilityId);
    expect(await db.prisma.priceEntry.count({ where: { validTo: { not: null } } })).toBeGreaterThan(20);
    expect(await db.prisma.$transaction(async (tx) => closeRegisterRows(tx, facilities))).toBe(0);
  });
});
