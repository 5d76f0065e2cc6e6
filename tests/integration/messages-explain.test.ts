// The list queries of the Berichtenmodule read index ranges, never a whole
// table (issue 10, Speed): EXPLAIN of every list query, on a generated data
// set (the benchmark's generator, smaller), for a facility with many messages
// and one with few.
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.js';
import { generateBenchData } from '../../bench/generate.js';
import { listSql } from '../../src/modules/messages/data.js';
import { RECEIVED, SENT, THEME_MESSAGES, type ListComponent, type ListFilters } from '../../src/modules/messages/schemas.js';
import type { Prisma } from '../../src/db/client.js';

const db = await createTestDatabase();
const client = await db.pool.connect();
await generateBenchData(client, { facilities: 400, messages: 80_000, heavyFacility: { hcoNumber: '3634', messages: 4_000 } });
client.release();
const heavy = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
const light = await db.prisma.facility.findUniqueOrThrow({ where: { hcoNumber: 'BENCH7' } });
const prijzen = await db.prisma.theme.findUniqueOrThrow({ where: { slug: 'prijzen' } });

async function plan(query: Prisma.Sql): Promise<string> {
  const { rows } = await db.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${query.text}`, query.values);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

const cases: [string, ListComponent, ListFilters, number | undefined][] = [
  ['received, no filter', RECEIVED, {}, undefined],
  ['sent, no filter', SENT, {}, undefined],
  ['received by titel', RECEIVED, { title: 'dagprijzen' }, undefined],
  ['received by referentienummer', RECEIVED, { reference: '8001' }, undefined],
  ['received by datum', RECEIVED, { date: { year: 2025, month: 3, day: 14 } }, undefined],
  ['sent by ontvanger', SENT, { counterpart: 'prijzen' }, undefined],
  ['received by thema', RECEIVED, {}, prijzen.id],
  ['everything at once', SENT, { title: 'attest', reference: '2025', counterpart: 'team', date: { year: 2025, month: 3, day: 14 } }, prijzen.id],
  ['a theme page', THEME_MESSAGES, {}, prijzen.id],
  ['a theme page, Uit, by titel', THEME_MESSAGES, { direction: 'outgoing', title: 'kwaliteit' }, prijzen.id],
];

describe('EXPLAIN of the message lists', () => {
  it.each(cases)('%s: index scans only, on the page and the count', async (_name, component, filters, themeId) => {
    // Without and with a reader (the unread markers' anti-join on message_read's primary key).
    for (const [facility, readerId] of [[heavy, undefined], [light, undefined], [heavy, 1], [light, 1]] as const) {
      const { countQuery, pageQuery } = listSql(facility.id, component, filters, themeId, readerId);
      for (const query of [pageQuery(1), pageQuery(5), countQuery]) {
        const text = await plan(query);
        expect(text, text).not.toMatch(/Seq Scan/);
        expect(text, text).toMatch(/(Index (Only )?Scan using|Bitmap Index Scan on) message_(facility_id_(direction|theme_id)_sent_at_id|thread_id_sent_at)_idx/);
      }
    }
  });
});
