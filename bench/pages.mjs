// npm run bench:pages — first the bare framework (bench/baseline-server.mjs:
// Express 5 + Nunjucks rendering a ten-row table, no session, no database) in
// a child process, then the startpagina, both tabs of Mijn organisatie for a
// facility with 200 contact persons and the contact persons' edit mode (the
// pencil of a row: a POST of the whole staged form), each with the same client
// (autocannon) and BENCH_CONCURRENCY connections (default 32, Q5): the portal
// as `npm start` runs it (its own process or WEB_CONCURRENCY processes,
// embedded PostgreSQL). Per page: p50/p95, requests/s and the share of the
// baseline's throughput. Targets (issue 14): every page >= 25 % of the
// baseline and p95 <= 50 ms; the edit mode >= 10 %. BENCH_PATHS=/a,/b
// measures other pages.
// The Berichtenmodule's pages (issue 10) are measured too: /berichten without
// and with filters, a message of a 20-message thread and a theme page. With
// BENCH_DATA_DIR (made by `npm run bench:data`: 5,000 facilities, 1,000,000
// messages) the portal serves that database instead of a fresh one; in
// BENCH_PATHS, {message} is that thread's newest message.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { embeddedDatabaseClient, formBody, loginThroughDevIdp, startBenchPortal, waitForPortal } from './portal-session.mjs';

const root = new URL('..', import.meta.url).pathname;
const CONTACTS = 200;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const REQUESTS_PER_PAGE = Number(process.env.BENCH_REQUESTS ?? 2_000);

execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
// The project's own helper, from the build made just above.
const { freePort } = await import('../dist/db/embedded-postgres.js');

/** autocannon on one URL: the latencies (ms) and the requests per second. */
async function measure(options) {
  const latencies = [];
  const started = performance.now();
  let lastResponse = started;
  const result = await new Promise((resolve, reject) => {
    const instance = autocannon({ connections: CONCURRENCY, amount: REQUESTS_PER_PAGE, timeout: 30, ...options }, (error, outcome) => (error ? reject(error) : resolve(outcome)));
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
      lastResponse = performance.now();
    });
  });
  if (result.non2xx > 0) throw new Error(`${options.url}: ${result.non2xx} non-2xx answers`);
  // A request that timed out (30 s, on a machine loaded by others) is reported, not fatal.
  if (result.errors > 0) console.warn(`pages: ${options.url}: ${result.errors} requests failed (timeouts)`);
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  // Our own clock, up to the last answer: autocannon ends a run (and counts its duration) on whole-second ticks.
  return { p50: pct(50), p95: pct(95), perSecond: latencies.length / ((lastResponse - started) / 1000) };
}

// The baseline, in a child process of its own, measured with the same client and concurrency.
const baselinePort = await freePort();
const baselineServer = spawn(process.execPath, [join(root, 'bench', 'baseline-server.mjs')], { cwd: root, env: { ...process.env, PORT: String(baselinePort) }, stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve, reject) => {
  baselineServer.stdout.once('data', resolve);
  baselineServer.once('exit', (code) => reject(new Error(`the baseline server stopped (${code})`)));
});
const baselineUrl = `http://127.0.0.1:${baselinePort}/`;
for (let i = 0; i < 200; i++) await (await fetch(baselineUrl)).arrayBuffer(); // warm-up
const baseline = await measure({ url: baselineUrl });
baselineServer.kill('SIGTERM');
const baselineLine = `pages: baseline (Express + Nunjucks, ten-row table) p50 ${baseline.p50.toFixed(1)} ms, p95 ${baseline.p95.toFixed(1)} ms, ${Math.round(baseline.perSecond)} req/s (${CONCURRENCY} concurrent)`;
console.log(baselineLine);

const dataDir = process.env.BENCH_DATA_DIR ? resolve(process.env.BENCH_DATA_DIR) : mkdtempSync(join(tmpdir(), 'eloket-bench-pages-'));
// BENCH_NODE_FLAGS: V8 flags for the portal process, to compare (e.g. "--max-semi-space-size=8").
const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const { portal, base } = await startBenchPortal(root, dataDir, [...nodeFlags, ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [])]);
// The peak resident memory of each portal process, sampled every 50 ms during the measured load.
const peakRss = new Map();
let sampling;
let sampledPids;
const sampleRss = () => {
  sampledPids ??= portalPids(portal.pid);
  for (const pid of sampledPids) {
    const rss = rssMegabytes(pid);
    if (rss !== undefined) peakRss.set(pid, Math.max(peakRss.get(pid) ?? 0, rss));
  }
};

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
  // The edit mode: the pencil of the first contact, a POST of the whole staged form (200 rows in hidden fields).
  const editPage = await (await call('/mijn-organisatie/contactpersonen')).text();
  const editBody = new URLSearchParams([...formBody(editPage, '/mijn-organisatie/contactpersonen'), ['contacts[action]', 'open-edit:0']]).toString();
  const requests = paths.map((path) => ({ label: path, path, init: {} }));
  if (!process.env.BENCH_PATHS) {
    requests.push({
      label: '/mijn-organisatie/contactpersonen (wijzigen)',
      path: '/mijn-organisatie/contactpersonen',
      init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: editBody },
    });
  }
  for (const { label, path, init } of requests) {
    const check = await call(path, init);
    const body = await check.text();
    if (check.status !== 200) throw new Error(`${label} answered ${check.status}`);
    if (path.includes('contactpersonen') && !body.includes('Achternaam 199')) throw new Error(`${label} does not show the 200 contacts`);
    for (let i = 0; i < 100; i++) await (await call(path, init)).arrayBuffer(); // warm-up
    // autocannon: a light client, so that the measurement is of the portal, not of the client.
    const headers = { ...(init.headers ?? {}), ...(process.env.BENCH_ANON ? {} : { cookie }) };
    sampling = setInterval(sampleRss, 50);
    const measured = await measure({ url: `${base}${path}`, method: init.method ?? 'GET', body: init.body, headers });
    clearInterval(sampling);
    const share = (100 * measured.perSecond) / baseline.perSecond;
    const line = `pages: ${label} p50 ${measured.p50.toFixed(1)} ms, p95 ${measured.p95.toFixed(1)} ms, ${Math.round(measured.perSecond)} req/s, ${share.toFixed(1)}% of baseline (${CONCURRENCY} concurrent)`;
    console.log(line); // as it comes: a long run that is stopped still reports what it measured
    results.push(line);
  }
  // The resident memory of the portal's processes: the peak under the load and after it (the target: under 250 MB each).
  for (const pid of portalPids(portal.pid)) {
    const rss = rssMegabytes(pid);
    if (rss !== undefined) results.push(`pages: process ${pid} resident memory peak ${peakRss.get(pid) ?? rss} MB under the load, ${rss} MB after it`);
  }
  console.log(`pages: summary (WEB_CONCURRENCY=${process.env.WEB_CONCURRENCY ?? 1})`);
  console.log(baselineLine);
  for (const line of results) console.log(line);
} finally {
  clearInterval(sampling);
  portal.kill('SIGTERM');
  await new Promise((resolve) => portal.once('exit', resolve));
  if (!process.env.BENCH_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
}

/** The portal's process and its HTTP processes (WEB_CONCURRENCY; not PostgreSQL's), from /proc. */
function portalPids(rootPid) {
  const pids = [rootPid];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === rootPid) {
        const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        if (command.includes('server.js')) pids.push(Number(entry));
      }
    } catch {
      // the process ended meanwhile
    }
  }
  return pids;
}

function rssMegabytes(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Math.round(Number(line.split(/\s+/)[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}
