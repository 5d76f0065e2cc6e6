// npm run bench:bulk — a bulk send to 5,000 facilities (M26), each with one
// confirmed contact for Prijzen, confirmed through the outbound service; the
// bulk worker runs in a child process that is killed (SIGKILL) halfway, then a
// new one finishes. Checks that every facility got exactly one thread with one
// message and one queued e-mail. Target: done within 60 s, lost 0,
// duplicates 0. Runs its own embedded PostgreSQL in a temporary directory.
// The last line is the result:
//   bulk: <n> facilities in <s> s (<rate>/s, a kill halfway), lost <n>, duplicates <n>
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.js';
import { applyMigrations } from '../src/db/migrations.js';
import { createDatabaseClients, ensureDatabase } from '../src/db/client.js';
import { seedDemoData } from '../src/db/seed.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createContactsService } from '../src/modules/contacts/service.js';
import { createMessagesService } from '../src/modules/messages/service.js';
import { createOutboundService, newConfirmKey } from '../src/modules/outbound/service.js';
import { createBulkWorker } from '../src/modules/outbound/worker.js';

const TOTAL = Number(process.env.BENCH_FACILITIES ?? 5_000);
const LANES = Number(process.env.BENCH_LANES ?? 2);
const config = loadConfig({ NODE_ENV: 'development', BASE_URL: 'https://eloket.example.be', LOG_LEVEL: 'warn' });
const logger = createLogger({ level: 'warn' });

function servicesFor(url: string) {
  const clients = createDatabaseClients(url);
  const contacts = createContactsService({ prisma: clients.prisma, config, logger });
  const messages = createMessagesService({ prisma: clients.prisma, config, contacts, logger });
  return { clients, messages, outbound: createOutboundService({ prisma: clients.prisma, messages }) };
}

/** The child: a bulk worker with the production defaults, until it is killed. */
function runWorker(url: string): void {
  const { clients, messages } = servicesFor(url);
  createBulkWorker({ prisma: clients.prisma, messages, logger, lanes: LANES }).start();
  process.send?.('started');
}

function startWorkerProcess(url: string): Promise<ChildProcess> {
  const child = fork(fileURLToPath(import.meta.url), ['worker', url], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return new Promise((resolve) => child.once('message', () => resolve(child)));
}

if (process.argv[2] === 'worker' && process.argv[3]) {
  runWorker(process.argv[3]);
} else {
  await main();
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'eloket-bench-bulk-'));
  const postgres = await startEmbeddedPostgres({ dataDir });
  try {
    await ensureDatabase(postgres.adminUrl, 'bench');
    const url = postgres.urlFor('bench');
    await applyMigrations(url);
    const { clients, outbound } = servicesFor(url);
    const { prisma } = clients;
    await seedDemoData(prisma);
    const type = await prisma.facilityType.findUniqueOrThrow({ where: { code: 'woonzorgcentrum' } });
    const prijzen = await prisma.theme.findUniqueOrThrow({ where: { slug: 'prijzen' } });
    const enterprise = await prisma.enterprise.create({ data: { kboNumber: '0999999999', name: 'Benchgroep' } });
    await prisma.facility.createMany({
      data: Array.from({ length: TOTAL }, (_, i) => ({
        hcoNumber: `B${i}`,
        name: `WZC Bench ${i}`,
        enterpriseId: enterprise.id,
        facilityTypeId: type.id,
        street: 'Benchstraat 1',
        postalCode: '1000',
        municipality: 'Benchgem',
      })),
    });
    await prisma.$executeRaw`
      INSERT INTO contact_person (facility_id, surname, given_name, email, phone, confirmed_at, updated_at)
      SELECT id, 'Contact', 'Bench', 'prijzen-' || id || '@bench.example', '016 00 00 00', now(), now() FROM facility WHERE municipality = 'Benchgem'`;
    await prisma.$executeRaw`
      INSERT INTO contact_person_theme (contact_person_id, theme_id)
      SELECT c.id, ${prijzen.id} FROM contact_person c JOIN facility f ON f.id = c.facility_id WHERE f.municipality = 'Benchgem'`;

    const els = await prisma.user.findUniqueOrThrow({ where: { insz: '80012724649' } });
    const writer = await outbound.writer(els);
    if (!writer) throw new Error('Els is no staff member');
    const input = { type: 'woonzorgcentrum', gemeente: 'Benchgem', naam: '', campagne: undefined, campagnestatus: [], theme: 'prijzen', title: 'Bench bulk', body: 'Een bericht aan alle woonzorgcentra.' };
    const preview = await outbound.bulkPreview(writer, input);
    const confirmed = await outbound.confirmBulk(writer, input, preview.count, newConfirmKey());
    if (!('id' in confirmed)) throw new Error('the selection changed');

    console.log(`bulk: load average ${loadavg().map((l) => l.toFixed(2)).join(', ')} at the start`);
    const done = async () => (await prisma.bulkSendTarget.count({ where: { bulkSendId: confirmed.id, doneAt: { not: null } } }));
    const started = performance.now();
    const first = await startWorkerProcess(url);
    while ((await done()) < TOTAL / 2) await sleep(20);
    first.kill('SIGKILL');
    const atKill = await done();
    console.log(`bulk: first worker killed (SIGKILL) after ${atKill} targets, ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const second = await startWorkerProcess(url);
    while ((await done()) < TOTAL) {
      if (performance.now() - started > 10 * 60_000) {
        console.log('bulk: gave up after 10 minutes');
        break;
      }
      await sleep(50);
    }
    const seconds = (performance.now() - started) / 1000;
    second.kill('SIGTERM');
    console.log(`bulk: load average ${loadavg().map((l) => l.toFixed(2)).join(', ')} at the end`);

    const [threads] = await prisma.$queryRaw<{ facilities: number; threads: number; messages: number; mails: number }[]>`
      SELECT (SELECT count(DISTINCT facility_id) FROM thread WHERE title = 'Bench bulk')::int AS facilities,
             (SELECT count(*) FROM thread WHERE title = 'Bench bulk')::int AS threads,
             (SELECT count(*) FROM message m JOIN thread t ON t.id = m.thread_id WHERE t.title = 'Bench bulk')::int AS messages,
             (SELECT count(*) FROM outbox_mail WHERE recipients[1] LIKE '%@bench.example')::int AS mails`;
    const lost = TOTAL - (threads?.facilities ?? 0);
    const duplicates = (threads?.threads ?? 0) - (threads?.facilities ?? 0) + (threads?.messages ?? 0) - (threads?.threads ?? 0) + (threads?.mails ?? 0) - (threads?.threads ?? 0);
    console.log(`bulk: ${threads?.threads} threads, ${threads?.messages} messages, ${threads?.mails} e-mails queued; ${LANES} lanes per worker`);
    await clients.close();
    console.log(`bulk: ${TOTAL} facilities in ${seconds.toFixed(1)} s (${Math.round(TOTAL / seconds)}/s, a kill halfway), lost ${lost}, duplicates ${duplicates}`);
  } finally {
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
