// The term job in the worker process (`npm run worker`'s entry: the mail
// worker and the job runner), two of them at once, and one killed with
// SIGKILL in the middle of a run and started again: every expired dossier is
// approved exactly once (one history row, one trail row, one e-mail).
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/database.js';
import { startTestSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';
import { exitOf, spawnTs, waitForOutput, waitUntil, type ProjectProcess } from '../helpers/processes.js';
import { addPrijzenContact, createTermDossiers, decisionsPerDossier } from '../helpers/terms.js';

const db = await createTestDatabase();
await addPrijzenContact(db.prisma);
const smtp: TestSmtpServer = await startTestSmtpServer();
let children: ProjectProcess[] = [];
afterAll(() => smtp.close());

function startWorkerProcess(): ProjectProcess {
  const child = spawnTs('src/mail/worker-main.ts', [], { NODE_ENV: 'test', LOG_LEVEL: 'info', DATABASE_URL: db.url, SMTP_URL: smtp.url, MAIL_POLL_SECONDS: '0.2' });
  children.push(child);
  return child;
}

const started = (child: ProjectProcess) => waitForOutput(child, 'job runner started', 30_000);

const approvedOf = (ids: number[]) => db.prisma.dossier.count({ where: { id: { in: ids }, status: 'afgehandeld' } });

async function expectEachApprovedOnce(ids: number[]): Promise<void> {
  const per = await decisionsPerDossier(db.prisma, ids);
  expect(per.events.filter((n) => n !== 1)).toEqual([]);
  expect(per.audits.filter((n) => n !== 1)).toEqual([]);
  expect(per.mails.filter((n) => n !== 1)).toEqual([]);
}

describe('the term job in worker processes', () => {
  afterEach(async () => {
    const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
    for (const child of running) child.kill('SIGKILL');
    await Promise.all(running.map(exitOf));
    children = [];
  });

  it('two worker processes at once approve every expired dossier once', { timeout: 120_000 }, async () => {
    const ids = await createTermDossiers(db.prisma, 16, '2026-01-10', 'ingediend', 3000);
    const workers = [startWorkerProcess(), startWorkerProcess()];
    await Promise.all(workers.map(started));
    // More runs of the job than the start job, so both processes run it at the same time.
    for (let i = 0; i < 4; i++) await db.pool.query("SELECT graphile_worker.add_job('approve_expired_terms', '{}'::json)");
    await waitUntil(async () => (await approvedOf(ids)) === 16, 90_000, () => `16 dossiers approved\n${workers.map((w) => w.output()).join('\n')}`);
    await waitUntil(async () => (await db.pool.query('SELECT count(*)::int AS n FROM graphile_worker.jobs')).rows[0].n === 0, 30_000, 'the queued jobs done');
    await expectEachApprovedOnce(ids);
  });

  it('killed with SIGKILL in the middle of the run and started again: every dossier approved once', { timeout: 120_000 }, async () => {
    const ids = await createTermDossiers(db.prisma, 30, '2026-01-10', 'in_behandeling', 4000);
    const first = startWorkerProcess();
    await waitUntil(async () => (await approvedOf(ids)) >= 3, 60_000, () => `3 dossiers approved\n${first.output()}`);
    first.kill('SIGKILL');
    await exitOf(first);
    const beforeRestart = await approvedOf(ids);
    expect(beforeRestart).toBeLessThan(30);

    const second = startWorkerProcess();
    await waitUntil(async () => (await approvedOf(ids)) === 30, 90_000, () => `30 dossiers approved\n${second.output()}`);
    await expectEachApprovedOnce(ids);
  });
});
