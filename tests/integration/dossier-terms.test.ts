// Stilzwijgende goedkeuring (issue 25 item 4): a dossier whose term ended
// without a decision is approved by the portal, at the end of its last day in
// Brussels, exactly once, by a job on the job library (graphile-worker).
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.js';
import { createDatabaseClients } from '../../src/db/client.js';
import { createLogger } from '../../src/logger.js';
import { approveExpiredTerms } from '../../src/modules/dossier-core/index.js';
import { startJobRunner } from '../../src/jobs/index.js';
import { portalJobs } from '../../src/background-jobs.js';
import { waitUntil } from '../helpers/processes.js';
import { TERM_CONTACT, addPrijzenContact, createTermDossiers, decisionsPerDossier, withoutDemoTerms } from '../helpers/terms.js';

const config = { baseUrl: 'https://eloket.example.be' };
const db = await createTestDatabase();
await addPrijzenContact(db.prisma);
await withoutDemoTerms(db.prisma);
const logger = createLogger({ level: 'silent' });
let year = 3000;
/** Dossiers of their own for each test: campaigns of unused years. */
async function dossiers(count: number, lastDay: string, status?: string): Promise<number[]> {
  const ids = await createTermDossiers(db.prisma, count, lastDay, status, year);
  year += count;
  return ids;
}
async function oneDossier(lastDay: string, status?: string): Promise<number> {
  const [id] = await dossiers(1, lastDay, status);
  if (id === undefined) throw new Error('no dossier made');
  return id;
}
const statusOf = async (id: number) => (await db.prisma.dossier.findUniqueOrThrow({ where: { id } })).status;

describe('the term of a dossier (stilzwijgende goedkeuring)', () => {
  it('is not approved at 23:59:59 of its last day in Brussels, and approved at 00:00:00 the next day, with history, trail and e-mail', async () => {
    // 15 January 2027: winter time, UTC+1.
    const id = await oneDossier('2027-01-15');
    expect(await approveExpiredTerms(db.prisma, config, new Date('2027-01-15T22:59:59Z'))).toBe(0);
    expect(await statusOf(id)).toBe('ingediend');
    expect(await approveExpiredTerms(db.prisma, config, new Date('2027-01-15T23:00:00Z'))).toBe(1);
    const row = await db.prisma.dossier.findUniqueOrThrow({ where: { id: id } });
    expect(row).toMatchObject({ status: 'afgehandeld', outcome: 'aanvaard', decidedAt: new Date('2027-01-15T23:00:00Z') });
    const events = await db.prisma.dossierEvent.findMany({ where: { dossierId: id } });
    expect(events).toEqual([expect.objectContaining({ fromStatus: 'ingediend', toStatus: 'afgehandeld', outcome: 'aanvaard', actorName: 'het e-loket', actorUserId: null })]);
    const mail = await db.prisma.outboxMail.findFirstOrThrow({ where: { causeType: 'dossier', causeId: String(id) } });
    expect(mail.recipients).toEqual([TERM_CONTACT]);
    expect(mail.text).toContain('stilzwijgend');
    expect(await db.prisma.auditEvent.count({ where: { kind: 'dossier.decided', recordId: String(id) } })).toBe(1);
    // The decision letter, stored with the decision.
    expect(await db.prisma.dossierLetter.count({ where: { dossierId: id } })).toBe(1);
  });

  it('ends at midnight Brussels time across the change to summer time (28 March 2027, UTC+2 from 03:00)', async () => {
    const id = await oneDossier('2027-03-28', 'in_behandeling');
    // A clock that took Brussels for UTC+1 all year would approve at 22:59:59 UTC: one hour late, on the 29th.
    expect(await approveExpiredTerms(db.prisma, config, new Date('2027-03-28T21:59:59Z'))).toBe(0);
    expect(await statusOf(id)).toBe('in_behandeling');
    expect(await approveExpiredTerms(db.prisma, config, new Date('2027-03-28T22:00:00Z'))).toBe(1);
    expect(await statusOf(id)).toBe('afgehandeld');
  });

  it('leaves dossiers alone that do not wait for the department (opmaak, heropend, afgehandeld) or have no term', async () => {
    const ids = [...(await dossiers(1, '2027-02-01', 'opmaak')), ...(await dossiers(1, '2027-02-01', 'heropend'))];
    const noTerm = await oneDossier('2027-02-01');
    await db.prisma.dossier.update({ where: { id: noTerm }, data: { termEndsOn: null } });
    await approveExpiredTerms(db.prisma, config, new Date('2027-06-01T10:00:00Z'));
    expect(await Promise.all([...ids, noTerm].map(statusOf))).toEqual(['opmaak', 'heropend', 'ingediend']);
  });

  it('approves each dossier once when two workers run the job at the same moment: one history row, one trail row, one e-mail', { timeout: 60_000 }, async () => {
    const ids = await dossiers(16, '2027-04-10');
    // Two workers: two connection pools, as two processes would have.
    const other = createDatabaseClients(db.url, { max: 2 });
    try {
      const at = new Date('2027-04-11T06:00:00Z');
      const [a, b] = await Promise.all([approveExpiredTerms(db.prisma, config, at), approveExpiredTerms(other.prisma, config, at)]);
      expect(a + b).toBe(16);
    } finally {
      await other.close();
    }
    const per = await decisionsPerDossier(db.prisma, ids);
    expect(per.events.every((n) => n === 1)).toBe(true);
    expect(per.audits.every((n) => n === 1)).toBe(true);
    expect(per.mails.every((n) => n === 1)).toBe(true);
    // One letter each: the letter of the worker whose decision was stale was not stored.
    expect(await db.prisma.dossierLetter.count({ where: { dossierId: { in: ids } } })).toBe(16);
  });
});

describe('the job runner (graphile-worker)', () => {
  const runners: { stop(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const runner of runners) await runner.stop();
  });

  it('installs its own schema on the test database and approves expired terms once at start', { timeout: 60_000 }, async () => {
    const ids = await dossiers(3, '2026-01-10');
    const clock = () => new Date('2026-01-11T00:00:00+01:00');
    const start = () => startJobRunner({ connectionString: db.url, logger, pollIntervalMs: 200, ...portalJobs({ config, prisma: db.prisma, logger, clock }) });
    // Two runners starting together queue one start job (its job key).
    runners.push(...(await Promise.all([start(), start()])));
    await waitUntil(async () => (await db.prisma.dossier.count({ where: { id: { in: ids }, status: 'afgehandeld' } })) === 3, 20_000, 'the three dossiers approved');
    const schema = await db.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name = 'graphile_worker'");
    expect(schema.rows[0]?.n).toBe(1);
    const per = await decisionsPerDossier(db.prisma, ids);
    expect(per.events).toEqual([1, 1, 1]);
    const cron = await db.pool.query<{ identifier: string }>('SELECT identifier FROM graphile_worker._private_known_crontabs');
    expect(cron.rows.map((r) => r.identifier)).toContain('approve_expired_terms');
  });
});
