// The price register's reads stay on their indexes (issue 26, Speed): EXPLAIN
// of the queries behind the average dagprijs on a date, "Mijn prijzen" (the
// register and its history) and the register of one facility, on the
// benchmark's generated data set (smaller: 800 woonzorgcentra with three years
// of history). The queries are taken from the data file's own functions
// through a client that records the SQL instead of running it, so the test
// explains exactly what the pages run.
import { describe, expect, it } from 'vitest';
import { generatePriceBenchData } from '../../bench/generate-prices.js';
import type { SqlClient } from '../../src/db/client.js';
import { Prisma } from '../../src/generated/prisma/client.js';
import { brusselsDateOf } from '../../src/lib/dates.js';
import { averagePageRows, historyRows, registerRows } from '../../src/modules/prices/data.js';
import { createTestDatabase } from '../helpers/database.js';

const db = await createTestDatabase();
const client = await db.pool.connect();
await generatePriceBenchData(client, { woonzorgcentra: 800, years: 3 });
await client.query('ANALYZE');
client.release();
const today = brusselsDateOf(new Date());
const facility = await db.prisma.facility.findFirstOrThrow({ where: { hcoNumber: { startsWith: 'BENCH' }, priceEntries: { some: {} } } });

/** The statement a data function runs: recorded, not run. */
async function statementOf(read: (recorder: SqlClient) => PromiseLike<unknown>): Promise<Prisma.Sql> {
  let recorded: Prisma.Sql | undefined;
  const record = (query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => {
    recorded = query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values);
    return Promise.resolve([] as never);
  };
  await read({ $queryRaw: record, $executeRaw: record });
  if (!recorded) throw new Error('the function ran no query');
  return recorded;
}

async function plan(query: Prisma.Sql): Promise<string> {
  const { rows } = await db.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${query.text}`, query.values);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

describe('EXPLAIN of the price register', () => {
  it('has a data set with three years of history per item', async () => {
    const [entries, current] = await Promise.all([db.prisma.priceEntry.count(), db.prisma.priceEntry.count({ where: { validTo: null } })]);
    expect(current).toBeGreaterThan(800 * 16 - 1);
    expect(entries).toBeGreaterThan(current * 3);
  });

  it('reads the average\'s current kamertypes from price_entry_kamertype_current_idx alone, not the whole history', async () => {
    const text = await plan(await statementOf((recorder) => averagePageRows(recorder, today, { limit: 50, offset: 0 }, 500)));
    expect(text, text).toMatch(/Index Only Scan using price_entry_kamertype_current_idx/);
    expect(text, text).not.toMatch(/Seq Scan on price_entry/);
  });

  it('reads one facility\'s register and history from its index range', async () => {
    for (const query of [
      await statementOf((recorder) => registerRows(recorder, [facility.id], today)),
      await statementOf((recorder) => historyRows(recorder, facility.id, today, { limit: 20, offset: 0 })),
    ]) {
      const text = await plan(query);
      expect(text, text).not.toMatch(/Seq Scan on price_entry/);
      expect(text, text).toMatch(/Index (Only )?Scan|Bitmap Index Scan/);
    }
  });

  it('reads an export batch of 200 facilities from the index, not by scanning every row', async () => {
    const batch = await db.prisma.facility.findMany({ where: { priceEntries: { some: {} } }, select: { id: true }, take: 200, orderBy: { id: 'asc' } });
    const text = await plan(await statementOf((recorder) => registerRows(recorder, batch.map((f) => f.id), today)));
    expect(text, text).not.toMatch(/Seq Scan on price_entry/);
  });
});
