// The team inbox's queries read index ranges of thread, never the whole table
// (issue 13, Speed): EXPLAIN of the page, the count and the counts of /beheer
// on a generated data set (the benchmark's generator, smaller), for one theme
// (Team Prijzen) and for all themes at once (a merge of the per-theme ranges).
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.js';
import { generateBenchData } from '../../bench/generate.js';
import { dashboardSql, inboxSql } from '../../src/modules/inbox/data.js';
import type { InboxFilters } from '../../src/modules/inbox/schemas.js';
import type { Prisma } from '../../src/db/client.js';

const db = await createTestDatabase();
const client = await db.pool.connect();
await generateBenchData(client, { facilities: 400, messages: 80_000, heavyFacility: { hcoNumber: '3634', messages: 4_000 } });
await client.query('ANALYZE');
client.release();
const themes = await db.prisma.theme.findMany({ orderBy: { id: 'asc' } });
const prijzen = themes.find((t) => t.slug === 'prijzen')?.id ?? -1;
const els = await db.prisma.staffMember.findUniqueOrThrow({ where: { staffId: 'DZ10231' } });
// Some threads assigned, as in real use.
await db.prisma.$executeRaw`UPDATE thread SET staff_member_id = ${els.id} WHERE id % 50 = 0`;
await db.prisma.$executeRaw`ANALYZE thread`;

async function plan(query: Prisma.Sql): Promise<string> {
  const { rows } = await db.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${query.text}`, query.values);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

const cases: [string, InboxFilters][] = [
  ['no filter', {}],
  ['ongelezen', { read: 'unread' }],
  ['gelezen', { read: 'read' }],
  ['aan mij toegewezen', { assignedToMe: true }],
  ['voorziening (HCO)', { facility: '3634' }],
  ['voorziening (naam)', { facility: 'Voorziening 12' }],
  ['datum van-tot', { from: { year: 2025, month: 3, day: 1 }, to: { year: 2025, month: 3, day: 31 } }],
  ['referentienummer (volledig)', { reference: 'DZ-2025-100042' }],
  ['referentienummer (deel)', { reference: '10004' }],
  ['everything at once', { read: 'unread', assignedToMe: true, facility: 'Voorziening', from: { year: 2024, month: 1, day: 1 }, reference: 'DZ-2025' }],
];

describe('EXPLAIN of the team inbox', () => {
  it.each(cases)('%s: index scans of thread only, on the page and (for a team\'s theme) the count', async (_name, filters) => {
    for (const themeIds of [[prijzen], themes.map((t) => t.id)]) {
      for (const page of [1, 4]) {
        const { pageQuery, countQuery } = inboxSql(themeIds, els.id, filters, page);
        // The count of every theme at once is the whole table (a sequential scan is right there); a team's themes are a part.
        for (const query of themeIds.length === 1 ? [pageQuery, countQuery] : [pageQuery]) {
          const text = await plan(query);
          expect(text, text).not.toMatch(/Seq Scan on thread/);
          expect(text, text).toMatch(/Index (Only )?Scan|Bitmap Index Scan/);
        }
      }
    }
  });

  it('merges the per-theme ranges instead of sorting every thread of the themes', async () => {
    const text = await plan(inboxSql(themes.map((t) => t.id), els.id, {}, 1).pageQuery);
    expect(text, text).toMatch(/Merge Append/);
    expect(text, text).toMatch(/thread_theme_id_last_activity_at_id_department_read_at_idx/);
  });

  it('counts the unread threads per theme and the assigned ones from indexes', async () => {
    const { unreadQuery, assignedQuery } = dashboardSql([prijzen], els.id);
    for (const query of [unreadQuery, assignedQuery]) {
      const text = await plan(query);
      expect(text, text).not.toMatch(/Seq Scan on thread/);
    }
    expect(await plan(unreadQuery)).toMatch(/(Index Only Scan using|Bitmap Index Scan on) thread_theme_id_last_activity_at_id_department_read_at_idx/);
  });
});
