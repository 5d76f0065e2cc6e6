// npm run bench:pages — the startpagina and both tabs of Mijn organisatie for
// a facility with 200 contact persons: the portal as `npm start` runs it (its
// own process, embedded PostgreSQL), p50/p95 per page with BENCH_CONCURRENCY
// clients (default 4: the users of one facility at once; Q5 asks 32).
// Target (issue 6): p95 <= 50 ms. BENCH_PATHS=/a,/b measures other pages.
// The Berichtenmodule's pages (issue 10) are measured too: /berichten without
// and with filters, a message of a 20-message thread and a theme page. With
// BENCH_DATA_DIR (made by `npm run bench:data`: 5,000 facilities, 1,000,000
// messages) the portal serves that database instead of a fresh one; in
// BENCH_PATHS, {message} is that thread's newest message.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { embeddedDatabaseClient, loginThroughDevIdp, waitForPortal } from './portal-session.mjs';

const root = new URL('..', import.meta.url).pathname;
const CONTACTS = 200;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const REQUESTS_PER_PAGE = Number(process.env.BENCH_REQUESTS ?? 2_000);

execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
// The project's own helper, from the build made just above.
const { freePort } = await import('../dist/db/embedded-postgres.js');

const dataDir = process.env.BENCH_DATA_DIR ? resolve(process.env.BENCH_DATA_DIR) : mkdtempSync(join(tmpdir(), 'eloket-bench-pages-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const portal = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), join(root, 'dist', 'server.js')], {
  cwd: root,
  env: { ...process.env, ELOKET_DATA_DIR: dataDir, PORT: String(port), BASE_URL: base, LOG_LEVEL: 'warn', NODE_ENV: 'development', LOGIN_RATE_LIMIT_PER_MINUTE: '1000' },
  stdio: ['ignore', 'ignore', 'inherit'],
});

try {
  await waitForPortal(base);

  // 200 contact persons for WZC Sint-Jozef, half of them confirmed, each for one or two themes.
  const db = embeddedDatabaseClient(dataDir);
  await db.connect();
  const { rows: [facility] } = await db.query(`SELECT id FROM facility WHERE hco_number = '3634'`);
  const { rows: themes } = await db.query(`SELECT t.id FROM theme t JOIN facility_type_theme ft ON ft.theme_id = t.id JOIN facility f ON f.facility_type_id = ft.facility_type_id WHERE f.id = $1`, [facility.id]);
  for (let i = 0; i < CONTACTS; i++) {
    const { rows: [contact] } = await db.query(
      `INSERT INTO contact_person (facility_id, surname, given_name, email, phone, confirmed_at, updated_at) VALUES ($1, $2, $3, $4, '015 28 90 01', $5, now())
       ON CONFLICT (facility_id, email) DO NOTHING RETURNING id`,
      [facility.id, `Achternaam ${String(i).padStart(3, '0')}`, `Voornaam ${i}`, `contact-${i}@sint-jozef.example`, i % 2 === 0 ? new Date() : null],
    );
    if (!contact) continue; // a kept BENCH_DATA_DIR has them from an earlier run
    const picked = [themes[i % themes.length], themes[(i + 1) % themes.length]].slice(0, 1 + (i % 2));
    for (const theme of picked) await db.query(`INSERT INTO contact_person_theme (contact_person_id, theme_id) VALUES ($1, $2)`, [contact.id, theme.id]);
  }
  // The message of a 20-message thread (from bench:data), else the facility's newest message.
  const { rows: [longThread] } = await db.query(
    `SELECT m.id, t.reference FROM message m JOIN thread t ON t.id = m.thread_id WHERE m.facility_id = $1
     ORDER BY (t.title = 'Bench: draad van 20 berichten') DESC, m.sent_at DESC LIMIT 1`,
    [facility.id],
  );
  const { rows: [counts] } = await db.query(`SELECT (SELECT count(*) FROM message)::int AS messages, (SELECT count(*) FROM facility)::int AS facilities, (SELECT count(*) FROM message WHERE facility_id = $1)::int AS own`, [facility.id]);
  console.log(`pages: ${counts.facilities} facilities, ${counts.messages} messages (${counts.own} of WZC Sint-Jozef)`);
  await db.end();

  // Log in as Jan Claes through the development identity provider.
  const session = await loginThroughDevIdp(base, 'Jan Claes');
  const call = session.call;
  const cookie = session.cookie();

  const results = [];
  const defaultPaths = [
    '/',
    '/mijn-organisatie',
    '/mijn-organisatie/contactpersonen',
    '/berichten',
    '/berichten?ontvangen-pagina=3&verstuurd-pagina=2',
    '/berichten?ontvangen-titel=dagprijzen&ontvangen-naam=els&verstuurd-thema=prijzen&verstuurd-titel=attest',
    `/berichten?ontvangen-referentienummer=${encodeURIComponent(longThread.reference.slice(-6))}`,
    `/berichten/${longThread.id}`,
    '/themas/prijzen',
    '/themas/prijzen?berichten-richting=uit&berichten-titel=kwaliteit',
  ];
  // In BENCH_PATHS, {message} stands for the message of the 20-message thread.
  const paths = process.env.BENCH_PATHS ? process.env.BENCH_PATHS.split(',').map((p) => p.replace('{message}', String(longThread.id))) : defaultPaths;
  for (const path of paths) {
    const check = await call(path);
    const body = await check.text();
    if (check.status !== 200) throw new Error(`${path} answered ${check.status}`);
    if (path.includes('contactpersonen') && !body.includes('Achternaam 199')) throw new Error(`${path} does not show the 200 contacts`);
    for (let i = 0; i < 100; i++) await (await call(path)).arrayBuffer(); // warm-up
    // autocannon: a light client, so that the measurement is of the portal, not of the client.
    const latencies = [];
    const result = await new Promise((resolve, reject) => {
      const instance = autocannon(
        { url: `${base}${path}`, connections: CONCURRENCY, amount: REQUESTS_PER_PAGE, headers: process.env.BENCH_ANON ? {} : { cookie } },
        (error, outcome) => (error ? reject(error) : resolve(outcome)),
      );
      instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
    });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${path}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
    latencies.sort((a, b) => a - b);
    const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
    const line = `pages: ${path} p50 ${pct(50)} ms, p95 ${pct(95)} ms, ${Math.round(latencies.length / result.duration)} req/s (${CONCURRENCY} concurrent)`;
    console.log(line); // as it comes: a long run that is stopped still reports what it measured
    results.push(line);
  }
  console.log('pages: summary');
  for (const line of results) console.log(line);
} finally {
  portal.kill('SIGTERM');
  await new Promise((resolve) => portal.once('exit', resolve));
  if (!process.env.BENCH_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
}
