// npm run bench:prices — the price register (issue 26, Speed): the portal as
// `npm start` runs it on 5,000 woonzorgcentra, each with a register of 6
// kamertypes and 10 supplements and 3 years of history
// (bench/generate-prices.ts). Measures, at BENCH_CONCURRENCY clients (default
// 4): "Mijn prijzen" (Jan Claes, WZC Sint-Jozef) and the department's register
// of one facility (Els Willems, Team Prijzen), target p95 <= 50 ms; the average
// dagprijs per woonzorgcentrum on a date, target <= 200 ms; and the
// all-facility XLSX export, target <= 5 s with the portal's memory growing
// less than 100 MB meanwhile (resident set, sampled every 20 ms). The machine's
// load average is printed with every figure: on a shared machine it is part of
// the figure; so is the CPU each request costs the portal and its database
// together (bench/process-cpu.mjs), which grows much less with the load, and
// "/hulp" is measured too: a page with the session, the current user and the
// layout but no data of its own, the portal's fixed cost per page.
// BENCH_CPU_PROFILE=<dir> runs the portal with --cpu-prof into that directory
// and prints the top self time of each thread (bench/cpu-profile-summary.mjs).
// Runs on a temporary data directory, or on BENCH_DATA_DIR
// (generated there once, kept). Run with tsx (package.json), which loads the
// TypeScript generator.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { summarizeProfile } from './cpu-profile-summary.mjs';
import { generatePriceBenchData } from './generate-prices.ts';
import { treeCpuMs } from './process-cpu.mjs';
import { loadAverage, measurePage } from './load.mjs';
import { embeddedDatabaseClient, loginThroughDevIdp, startBenchPortal, waitForPortal } from './portal-session.mjs';

const root = new URL('..', import.meta.url).pathname;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const REQUESTS_PER_PAGE = Number(process.env.BENCH_REQUESTS ?? 1_000);
const AVERAGE_REQUESTS = Number(process.env.BENCH_AVERAGE_REQUESTS ?? 200);
const WOONZORGCENTRA = Number(process.env.BENCH_FACILITIES ?? 5_000);
const YEARS = Number(process.env.BENCH_YEARS ?? 3);

execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });

const dataDir = process.env.BENCH_DATA_DIR ? resolve(process.env.BENCH_DATA_DIR) : mkdtempSync(join(tmpdir(), 'eloket-bench-prices-'));
const profileDir = process.env.BENCH_CPU_PROFILE ? resolve(process.env.BENCH_CPU_PROFILE) : undefined;
if (profileDir) mkdirSync(profileDir, { recursive: true });
const profiled = new Set(profileDir ? readdirSync(profileDir) : []);
const { portal, base, stop } = await startBenchPortal(root, dataDir, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
/** The portal's resident set in MB (Linux /proc). */
const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${portal.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

try {
  await waitForPortal(base);
  const db = embeddedDatabaseClient(dataDir);
  await db.connect();
  const { rows: [existing] } = await db.query(`SELECT count(*)::int AS n FROM price_entry e JOIN facility f ON f.id = e.facility_id WHERE f.hco_number LIKE 'BENCH%'`);
  if (existing.n === 0) {
    const started = Date.now();
    const result = await generatePriceBenchData(db, { woonzorgcentra: WOONZORGCENTRA, years: YEARS });
    console.log(`prices: generated registers of ${result.facilities} woonzorgcentra, ${result.entries} price rows, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const { rows: [counts] } = await db.query(
    `SELECT (SELECT count(*) FROM facility f JOIN facility_type ft ON ft.id = f.facility_type_id WHERE ft.code = 'woonzorgcentrum')::int AS woonzorgcentra,
            (SELECT count(*) FROM price_entry)::int AS entries,
            (SELECT min(f.id) FROM facility f JOIN facility_type ft ON ft.id = f.facility_type_id WHERE ft.code = 'woonzorgcentrum' AND f.hco_number LIKE 'BENCH%')::int AS facility`,
  );
  console.log(`prices: ${counts.woonzorgcentra} woonzorgcentra, ${counts.entries} price rows (load average ${loadAverage()})`);
  await db.end();

  const results = [];
  const report = (line) => {
    console.log(line);
    results.push(line);
  };
  const today = new Intl.DateTimeFormat('nl-BE', { timeZone: 'Europe/Brussels', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
  const pages = [
    // The floor on this machine at this moment: a page without any database work.
    { person: 'Els Willems', path: '/health', expect: '', requests: REQUESTS_PER_PAGE, target: 0 },
    // The portal's fixed cost of a page: session, current user and layout, no data of its own.
    { person: 'Jan Claes', path: '/hulp', expect: 'Hulp', requests: REQUESTS_PER_PAGE, target: 0 },
    { person: 'Jan Claes', path: '/themas/prijzen/mijn-prijzen', expect: 'Kamertype 6', requests: REQUESTS_PER_PAGE, target: 50 },
    { person: 'Els Willems', path: `/beheer/voorzieningen/${counts.facility}/prijzen`, expect: 'Supplement 10', requests: REQUESTS_PER_PAGE, target: 50 },
    { person: 'Els Willems', path: `/beheer/prijzen/gemiddelde?datum=${encodeURIComponent(today)}`, expect: 'Verdeling van de gemiddelde dagprijs', requests: AVERAGE_REQUESTS, target: 200 },
    // One person asking at a time: the page's own time, without waiting behind the other three.
    { person: 'Els Willems', path: `/beheer/prijzen/gemiddelde?datum=${encodeURIComponent(today)}`, expect: 'Verdeling van de gemiddelde dagprijs', requests: AVERAGE_REQUESTS / 4, target: 200, concurrency: 1 },
  ];
  const sessions = new Map();
  for (const page of pages) {
    if (!sessions.has(page.person)) sessions.set(page.person, await loginThroughDevIdp(base, page.person));
    const cpuBefore = treeCpuMs(portal.pid);
    const { html, p50, p95, perSecond } = await measurePage(sessions.get(page.person), base, page.path, { concurrency: page.concurrency ?? CONCURRENCY, requests: page.requests });
    // measurePage's check and warm-up calls (51) count as requests too.
    const cpu = (treeCpuMs(portal.pid) - cpuBefore) / (page.requests + 51);
    if (!html.includes(page.expect)) throw new Error(`${page.path} does not show ${page.expect}: not the generated data`);
    report(
      `prices: ${page.path} p50 ${p50} ms, p95 ${p95} ms ${page.target ? `(target ${page.target} ms)` : '(baseline)'}, ${perSecond} req/s, CPU ${cpu.toFixed(1)} ms per request (${page.concurrency ?? CONCURRENCY} concurrent, load average ${loadAverage()})`,
    );
  }

  // The all-facility XLSX export, read to its end as a browser would, the portal's memory sampled meanwhile.
  const els = sessions.get('Els Willems');
  await sleep(500);
  const before = rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 20);
  const started = performance.now();
  const cpuBefore = treeCpuMs(portal.pid);
  const response = await els.call('/beheer/prijzen/export.xlsx');
  if (response.status !== 200) throw new Error(`the XLSX export answered ${response.status}`);
  const bytes = (await response.arrayBuffer()).byteLength;
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = (treeCpuMs(portal.pid) - cpuBefore) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, rss());
  report(
    `prices: /beheer/prijzen/export.xlsx ${(bytes / 1024 / 1024).toFixed(1)} MB in ${seconds.toFixed(2)} s (target 5 s; CPU ${cpuSeconds.toFixed(2)} s), memory growth ${(peak - before).toFixed(0)} MB (target 100 MB; resident ${before.toFixed(0)} -> peak ${peak.toFixed(0)} MB; load average ${loadAverage()})`,
  );
  console.log('prices: summary');
  for (const line of results) console.log(line);
} finally {
  await stop();
  // The portal wrote its profiles (one per thread) on exit.
  if (profileDir) for (const file of readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile') && !profiled.has(f))) console.log(summarizeProfile(join(profileDir, file), 15));
  if (!process.env.BENCH_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
}
