// /beheer/audit (M28): the Technische helpdesk reads the trail, filtered by
// facility, person, kind and period, a page at a time; every other user is
// refused. The page's queries walk the trail's indexes (EXPLAIN on a
// generated trail).
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.js';
import { logins } from '../helpers/login.js';
import { auditPageSql, type AuditFilter } from '../../src/modules/audit/data.js';
import type { Prisma } from '../../src/db/client.js';
import { text } from '../helpers/html.js';

const { app, db } = await createTestApp();
const prisma = db.prisma;
const JAN = '85092305734';
const ELS = '80012724649'; // Team Prijzen
const jan = await prisma.user.findUniqueOrThrow({ where: { insz: JAN } });
const els = await prisma.user.findUniqueOrThrow({ where: { insz: ELS } });
const sintJozef = await prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '3634' } });
const hofTerLinden = await prisma.facility.findUniqueOrThrow({ where: { hcoNumber: '4085' } });

type Agent = ReturnType<typeof request.agent>;
const login = logins(app, prisma);

let lotte: Agent;
/** The demo data's own rows (its price dossiers' transitions), written at seeding: newer than this file's, so they come first. */
let demoRows = 0;
beforeAll(async () => {
  demoRows = await prisma.auditEvent.count();
  const row = (summary: string, values: Partial<Prisma.AuditEventCreateManyInput>): Prisma.AuditEventCreateManyInput => ({
    actorUserId: jan.id,
    actorName: 'Jan Claes',
    facilityId: sintJozef.id,
    kind: 'contact.created',
    recordType: 'ContactPerson',
    recordId: '1',
    summary,
    ...values,
  });
  await prisma.auditEvent.createMany({
    data: [
      row('Proef A: contactpersoon toegevoegd.', { occurredAt: new Date('2026-03-01T10:00:00Z') }),
      row('Proef B: organisatie gewijzigd.', { kind: 'organisation.updated', recordType: 'Facility', occurredAt: new Date('2026-03-02T10:00:00Z') }),
      row('Proef C: bericht van Hof ter Linden.', { kind: 'message.sent', facilityId: hofTerLinden.id, actorUserId: null, actorName: 'An Peeters', occurredAt: new Date('2026-03-03T10:00:00Z') }),
      row('Proef D: e-mail opnieuw verstuurd.', { kind: 'mail.retried', actorUserId: els.id, actorName: 'Els Willems', teamCode: 'helpdesk', facilityId: null, occurredAt: new Date('2026-03-04T10:00:00Z') }),
      // 60 more, for the pages.
      ...Array.from({ length: 60 }, (_, i) => row(`Reeks ${i + 1}.`, { kind: 'thread.contacts', occurredAt: new Date(Date.UTC(2026, 0, 1, 0, i)) })),
    ],
  });
  lotte = await login.helpdesk();
});

async function summaries(query: string): Promise<string[]> {
  const page = await lotte.get(`/beheer/audit${query}`);
  expect(page.status).toBe(200);
  return [...text(page.text).matchAll(/(Proef [A-D]|Reeks \d+)/g)].map((m) => m[1] ?? '');
}

describe('who reads the audit trail', () => {
  it('refuses facility users and staff outside the Technische helpdesk (403), and sends visitors to the login', async () => {
    expect((await (await login.facilityUser(sintJozef.hcoNumber)).get('/beheer/audit')).status).toBe(403);
    expect((await (await login.staffMember('team-prijzen')).get('/beheer/audit')).status).toBe(403);
    expect((await request(app).get('/beheer/audit')).status).toBe(302);
  });

  it('links it from the Beheer page for the helpdesk only', async () => {
    expect((await lotte.get('/beheer')).text).toContain('href="/beheer/audit"');
    expect((await (await login.staffMember('team-prijzen')).get('/beheer')).text).not.toContain('href="/beheer/audit"');
  });
});

describe('the filters', () => {
  it('lists newest first, 50 a page, with Volgende and Vorige', async () => {
    const first = await summaries('');
    expect(first.slice(0, 4)).toEqual(['Proef D', 'Proef C', 'Proef B', 'Proef A']);
    expect(first).toHaveLength(50 - demoRows);
    const page = await lotte.get('/beheer/audit');
    expect(page.text).toContain('href="/beheer/audit?pagina=2"');
    const second = await summaries('?pagina=2');
    expect(second).toHaveLength(14 + demoRows);
    expect(second.at(-1)).toBe('Reeks 1');
  });

  it('filters by kind', async () => {
    expect(await summaries('?soort=organisation.updated')).toEqual(['Proef B']);
    expect(await summaries('?soort=mail.retried')).toEqual(['Proef D']);
    // An unknown kind is no filter, and the page says so.
    const unknown = await lotte.get('/beheer/audit?soort=drop%20table');
    expect(unknown.status).toBe(400);
    expect(text(unknown.text)).toContain('Kies een soort uit de lijst.');
    expect([...text(unknown.text).matchAll(/(Proef [A-D]|Reeks \d+)/g)].length).toBe(50 - demoRows);
  });

  it('filters by facility (?voorziening=<id>), naming it, with a link to clear the filter', async () => {
    expect(await summaries(`?voorziening=${hofTerLinden.id}`)).toEqual(['Proef C']);
    const page = await lotte.get(`/beheer/audit?voorziening=${hofTerLinden.id}&soort=message.sent`);
    expect(text(page.text)).toContain(`Voorziening: ${hofTerLinden.name} (HCO 4085)`);
    expect(page.text).toContain('href="/beheer/audit?soort=message.sent"');
  });

  it('filters by person, each name a link to their changes', async () => {
    expect(await summaries(`?persoon=${els.id}`)).toEqual(['Proef D']);
    const page = await lotte.get('/beheer/audit?soort=mail.retried');
    expect(page.text).toContain(`href="/beheer/audit?persoon=${els.id}&amp;soort=mail.retried"`);
  });

  it('filters by period, "tot en met" including its day, and says how to write a date that is no date', async () => {
    expect(await summaries('?van=02%2F03%2F2026&tot=03%2F03%2F2026')).toEqual(['Proef C', 'Proef B']);
    const wrong = await lotte.get('/beheer/audit?van=2026-03-02');
    expect(wrong.status).toBe(400);
    expect(text(wrong.text)).toContain('Vul een datum in als dd/mm/jjjj');
    expect(text(wrong.text)).toContain('Proef D');
  });
});

describe('EXPLAIN of the trail page', () => {
  async function plan(query: Prisma.Sql): Promise<string> {
    const { rows } = await db.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${query.text}`, query.values);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  }

  it.each<[string, AuditFilter, RegExp]>([
    ['no filter', {}, /audit_event_occurred_at_idx/],
    ['by facility', { facilityId: 1 }, /audit_event_facility_id_occurred_at_idx/],
    ['by person', { actorUserId: 1 }, /audit_event_actor_user_id_occurred_at_idx/],
    ['by a rare kind', { kind: 'mail.retried' }, /audit_event_kind_occurred_at_idx/],
    // A common kind walks the time index and skips the others: also an index range, stopping at the page's end.
    ['by a common kind', { kind: 'contact.created' }, /audit_event_(kind_)?occurred_at_idx/],
    ['by period', { from: new Date('2026-01-01T00:00:00Z'), before: new Date('2026-02-01T00:00:00Z') }, /audit_event_occurred_at_idx/],
  ])('%s: an index scan, no sequential scan of the trail', async (_name, filter, index) => {
    // A trail of 200,000 rows over 2,000 facilities, once.
    if ((await prisma.auditEvent.count()) < 200_000) {
      await db.pool.query(`
        INSERT INTO audit_event (occurred_at, actor_user_id, actor_name, facility_id, kind, record_type, record_id, summary)
        SELECT now() - (g || ' minutes')::interval, g % 5000, 'Generated', g % 2000,
               (ARRAY['contact.created','contact.updated','message.sent','organisation.updated','dossier.saved'])[1 + g % 5],
               'Generated', g::text, 'Gegenereerd.'
        FROM generate_series(1, 200000) g`);
      await db.pool.query('ANALYZE audit_event');
    }
    for (const page of [1, 5]) {
      const text = await plan(auditPageSql(filter, page));
      expect(text, text).not.toMatch(/Seq Scan on audit_event/);
      expect(text, text).toMatch(index);
    }
  });
});
