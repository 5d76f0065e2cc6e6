// The department's dossier queue reads index ranges of dossier, never the
// whole table (issue 25, Speed): EXPLAIN of the count and of a page for each
// filter of /beheer/dossiers, on the benchmark's generated data set (smaller:
// 800 facilities over 18 campaign years, 14,400 dossiers, most of them decided).
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.js';
import { generateDossierBenchData } from '../../bench/generate-dossiers.js';
import { queueSql, type QueueFilter } from '../../src/modules/dossier-core/data.js';
import { brusselsDateOf } from '../../src/lib/dates.js';
import type { Prisma } from '../../src/db/client.js';

const db = await createTestDatabase();
const client = await db.pool.connect();
await generateDossierBenchData(client, { facilities: 800, years: 18 });
client.release();
const els = await db.prisma.staffMember.findUniqueOrThrow({ where: { staffId: 'DZ10231' } });
const { hcoNumber } = await db.prisma.facility.findFirstOrThrow({ where: { hcoNumber: { startsWith: 'BENCH' }, dossiers: { some: { status: 'in_behandeling' } } } });
const today = brusselsDateOf(new Date());

async function plan(query: Prisma.Sql): Promise<string> {
  const { rows } = await db.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${query.text}`, query.values);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

const queryOf = (filter: Omit<QueueFilter, 'page'>) => queueSql({ codes: ['meting-dagprijzen'], viewerId: els.userId, filter, today });

const cases: [string, Omit<QueueFilter, 'page'>][] = [
  ['no filter', {}],
  ['type', { type: 'meting-dagprijzen' }],
  ['status in behandeling', { status: 'in_behandeling' }],
  ['voorziening (naam)', { facility: 'Voorziening 12' }],
  ['voorziening (HCO)', { facility: hcoNumber }],
  ['behandelaar mij', { handler: 'mij' }],
  ['behandelaar niemand', { handler: 'niemand' }],
  ['termijn binnen 7 dagen', { term: 'binnen-7-dagen' }],
  ['termijn verlopen', { term: 'verlopen' }],
];

describe('EXPLAIN of the dossier queue', () => {
  it('has a data set where the waiting dossiers are a small part of all', async () => {
    const [all, waiting] = await Promise.all([db.prisma.dossier.count(), db.prisma.dossier.count({ where: { status: { in: ['ingediend', 'in_behandeling'] } } })]);
    expect(all).toBeGreaterThan(14_000);
    expect(waiting).toBeGreaterThan(300);
    expect(waiting).toBeLessThan(all / 10);
  });

  it.each(cases)('%s: index scans of dossier only, on the count and on a first and a later page', async (_name, filter) => {
    const sql = queryOf(filter);
    for (const query of [sql.count, sql.page(1), sql.page(4)]) {
      const text = await plan(query);
      expect(text, text).not.toMatch(/Seq Scan on dossier/);
      expect(text, text).toMatch(/Index (Only )?Scan|Bitmap Index Scan/);
    }
  });

  it('reads a page of the waiting dossiers in the queue\'s order from the partial index instead of sorting them all', async () => {
    // (A later page of this small set is sorted: reading 636 rows in order costs more than a sort of them.)
    const text = await plan(queryOf({}).page(1));
    expect(text, text).toMatch(/Index Scan using dossier_waiting_queue_idx/);
    expect(text, text).not.toMatch(/Sort Key: d\.term_ends_on/);
  });

  it('reads a page of every submitted dossier ("alle") in the queue\'s order from its partial index instead of sorting them all, and counts them from an index alone', async () => {
    const sql = queryOf({ status: 'alle' });
    for (const query of [sql.page(1), sql.page(4)]) {
      const text = await plan(query);
      expect(text, text).toMatch(/Index Scan using dossier_submitted_queue_idx on dossier/);
      expect(text, text).not.toMatch(/Sort Key: d\.term_ends_on/);
    }
    // Nearly every dossier is counted: from the narrow partial index alone, not the table.
    const count = await plan(sql.count);
    expect(count, count).toMatch(/Index Only Scan using dossier_submitted_type_idx on dossier/);
  });

  it('reads only the range of the term from the partial index for the term filters', async () => {
    for (const term of ['binnen-7-dagen', 'verlopen'] as const) {
      const text = await plan(queryOf({ term }).count);
      expect(text, text).toMatch(/dossier_waiting_queue_idx/);
      expect(text, text).toMatch(/Index Cond: .*term_ends_on/);
    }
  });
});
