// The facility directory's queries (M28) on 5,000 facilities: EXPLAIN of the
// page and the count for every filter. HCO, KBO, postcode and the unfiltered
// pages read a btree index. A search on part of a name or gemeente can be
// served by the trigram indexes (shown with plain scans disabled); at
// 5,000 rows (about 60 pages) the planner often prefers to read the table
// once, which is as fast: every plan finishes well within the page's budget.
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.js';
import { generateDirectoryData } from '../../bench/directory.js';
import { directorySql } from '../../src/modules/directory/data.js';
import { directoryFilterSchema } from '../../src/modules/directory/schemas.js';
import type { Prisma } from '../../src/db/client.js';

const db = await createTestDatabase();
await generateDirectoryData(db.pool, 5_000);
const { rows: sample } = await db.pool.query<{ name: string; kbo: string }>(
  `SELECT f.name, e.kbo_number AS kbo FROM facility f JOIN enterprise e ON e.id = f.enterprise_id WHERE f.hco_number = 'DIR1234'`,
);
const rareName = sample[0]?.name.split(' ').slice(-2).join(' ') ?? '';
const kbo = sample[0]?.kbo ?? '';

async function explain(query: Prisma.Sql, options: { analyze?: boolean; withoutSeqScan?: boolean } = {}): Promise<string> {
  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    if (options.withoutSeqScan) await client.query('SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${options.analyze ? '(ANALYZE) ' : ''}${query.text}`, query.values);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

const selective: [string, Record<string, string>, RegExp][] = [
  ['no filter (the page)', {}, /Index Scan using facility_name_id_idx/],
  ['HCO-nummer', { hco: 'DIR4085' }, /Index Scan using facility_hco_number_key/],
  ['KBO-nummer', { kbo }, /enterprise_kbo_number_key/],
  ['postcode', { gemeente: '3000' }, /facility_postal_code_idx/],
];

const trigram: [string, Record<string, string>, RegExp][] = [
  ['a rare part of a name', { naam: rareName }, /Bitmap Index Scan on facility_name_trgm_idx/],
  ['a rare gemeente', { gemeente: 'roeselare-dorp' }, /Bitmap Index Scan on facility_municipality_trgm_idx/],
];

const every: [string, Record<string, string>][] = [
  ...[...selective, ...trigram].map(([name, query]) => [name, query] as [string, Record<string, string>]),
  ['a frequent part of a name', { naam: 'linden' }],
  ['a frequent gemeente', { gemeente: 'gent' }],
  ['type', { type: 'woonzorgcentrum' }],
  ['name and gemeente', { naam: 'anker', gemeente: 'gent' }],
  ['everything at once', { naam: 'WZC', type: 'woonzorgcentrum', gemeente: 'Leuven', kbo }],
];

const timings: string[] = [];
afterAll(() => {
  console.log(`Directory queries on 5,000 facilities (EXPLAIN ANALYZE, execution ms: page 1, page 3, count):\n${timings.join('\n')}`);
});

describe('EXPLAIN of the facility directory on 5,000 facilities', () => {
  it('finds a rare name in the generated data', () => {
    expect(rareName).toMatch(/ 1234$/);
  });

  it.each(selective)('%s: the page and the count read an index of facility, never the whole table', async (_name, query, index) => {
    const { pageQuery, countQuery } = directorySql(directoryFilterSchema.parse(query));
    const queries = Object.keys(query).length === 0 ? [pageQuery(1), pageQuery(3)] : [pageQuery(1), pageQuery(3), countQuery];
    for (const sql of queries) {
      const text = await explain(sql);
      expect(text, text).not.toMatch(/Seq Scan on facility\b/);
      expect(text, text).toMatch(index);
    }
  });

  it.each(trigram)('%s: the trigram index serves the page and the count', async (_name, query, index) => {
    const { pageQuery, countQuery } = directorySql(directoryFilterSchema.parse(query));
    for (const sql of [pageQuery(1), countQuery]) {
      const text = await explain(sql, { withoutSeqScan: true });
      expect(text, text).toMatch(index);
    }
  });

  it.each(every)('%s: the page and the count finish within 100 ms', async (name, query) => {
    const { pageQuery, countQuery } = directorySql(directoryFilterSchema.parse(query));
    const times: number[] = [];
    for (const sql of [pageQuery(1), pageQuery(3), countQuery]) {
      const text = await explain(sql, { analyze: true });
      const ms = Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1]);
      times.push(ms);
      expect(ms, text).toBeLessThan(100);
    }
    timings.push(`  ${name}: ${times.map((t) => t.toFixed(2)).join(', ')}`);
  });
});
