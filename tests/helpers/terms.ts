// Dossiers waiting for the department whose term ends on a given day, for the
// term job's tests. No dossier type has a term yet, so the rows are written
// directly: one campaign per dossier (a facility has one dossier per campaign).
import type { PrismaClient } from '../../src/db/client.js';

export const TERM_FACILITY_HCO = '4085'; // WZC Hof ter Linden
export const TERM_CONTACT = 'termijn.prijzen@hofterlinden.example';

/** A confirmed Prijzen contact of the facility, so every decision sends one e-mail. */
export async function addPrijzenContact(prisma: PrismaClient): Promise<number> {
  const facility = await prisma.facility.findUniqueOrThrow({ where: { hcoNumber: TERM_FACILITY_HCO } });
  const prijzen = await prisma.theme.findUniqueOrThrow({ where: { slug: 'prijzen' } });
  await prisma.contactPerson.create({
    data: { facilityId: facility.id, surname: 'Termijn', givenName: 'Tine', email: TERM_CONTACT, phone: '016 12 34 99', confirmedAt: new Date(), themes: { create: [{ themeId: prijzen.id }] } },
  });
  return facility.id;
}

/** `count` dossiers with status `status` whose last day of the term is `lastDay` (YYYY-MM-DD); their ids. */
export async function createTermDossiers(prisma: PrismaClient, count: number, lastDay: string, status = 'ingediend', firstYear = 3000): Promise<number[]> {
  const facility = await prisma.facility.findUniqueOrThrow({ where: { hcoNumber: TERM_FACILITY_HCO } });
  await prisma.$executeRaw`
    INSERT INTO campaign (year, opening_date, deadline, korting_cents, facility_type_codes, updated_at)
    SELECT ${firstYear}::int + g, DATE '2026-01-01', DATE '2026-02-01', 0, ARRAY['woonzorgcentrum'], now() FROM generate_series(0, ${count}::int - 1) g`;
  const rows = await prisma.$queryRaw<{ id: number }[]>`
    INSERT INTO dossier (facility_id, campaign_id, status, term_ends_on, reference, submitted_at, updated_at)
    SELECT ${facility.id}::int, c.id, ${status}::dossier_status, ${lastDay}::date, 'TERM-' || c.year, now(), now()
    FROM campaign c WHERE c.year >= ${firstYear}::int AND c.year < ${firstYear}::int + ${count}::int
    RETURNING id`;
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** Per dossier: its afgehandeld history rows, its decision trail rows and its e-mails. */
export async function decisionsPerDossier(prisma: PrismaClient, ids: number[]): Promise<{ events: number[]; audits: number[]; mails: number[] }> {
  const count = async (rows: { key: number | string | null }[]) => {
    const per = new Map<number, number>();
    for (const row of rows) per.set(Number(row.key), (per.get(Number(row.key)) ?? 0) + 1);
    return ids.map((id) => per.get(id) ?? 0);
  };
  const events = await prisma.dossierEvent.findMany({ where: { dossierId: { in: ids }, toStatus: 'afgehandeld' }, select: { dossierId: true } });
  const audits = await prisma.auditEvent.findMany({ where: { kind: 'dossier.decided', recordId: { in: ids.map(String) } }, select: { recordId: true } });
  const mails = await prisma.outboxMail.findMany({ where: { causeType: 'dossier', causeId: { in: ids.map(String) } }, select: { causeId: true } });
  return {
    events: await count(events.map((e) => ({ key: e.dossierId }))),
    audits: await count(audits.map((a) => ({ key: a.recordId }))),
    mails: await count(mails.map((m) => ({ key: m.causeId }))),
  };
}

/**
 * The demo's waiting indexering (WZC Ter Nethe, submitted a few days before
 * the template was seeded) would be approved by the first run of the term job
 * at a fixed later date: files that count the job's approvals take its term
 * away first, so the job sees their own dossiers only.
 */
export async function withoutDemoTerms(prisma: PrismaClient): Promise<void> {
  await prisma.dossier.updateMany({ where: { status: { in: ['ingediend', 'in_behandeling'] }, termEndsOn: { not: null } }, data: { termEndsOn: null } });
}
