// Where a decision letter's time goes (issue 25, Speed; part of
// `npm run bench:dossiers`): the same letter drawn in this process (the
// drawing itself, after a first run), in a fresh worker thread each time
// (thread start, loading the module and PDFKit, then drawing), and through the
// portal's warm pool (src/lib/worker-task.ts: the thread and PDFKit already
// loaded), which is how the portal makes it. Uses the built modules of dist/.
// Alone, without the 90,000 dossiers: `node scripts/build.mjs && node bench/letter-drawing.mjs`.
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadAverage, percentile } from './load.mjs';

export async function measureLetterDrawing(root, rounds = 20) {
  const { default: drawLetter } = await import(join(root, 'dist', 'modules', 'dossier-core', 'letter-document.js'));
  const { closeWorkerPools, runWorkerTask } = await import(join(root, 'dist', 'lib', 'worker-task.js'));
  const { GENERATOR_LIMITS } = await import(join(root, 'dist', 'lib', 'generators.js'));
  const module = pathToFileURL(join(root, 'dist', 'modules', 'dossier-core', 'letter-document.js'));
  const rows = Array.from({ length: 8 }, (_, i) => [`Kamertype ${i + 1}`, String(10 + i), `${60 + i},00`]);
  const data = {
    reference: 'MD-2026-000123',
    typeName: 'Meting dagprijzen',
    facility: { name: 'WZC Bench 1', hcoNumber: 'BENCH1', kboNumber: '0412.345.614', enterpriseName: 'vzw Bench', address: 'Benchstraat 1, 3000 Leuven' },
    outcomeText: 'kennis genomen',
    decisionText: 'Het Departement Zorg heeft kennis genomen van uw dossier ‘Meting dagprijzen’ (referentie MD-2026-000123).',
    motivation: null,
    decidedBy: 'Els Willems',
    date: '7 december 2026',
    lines: { paragraphs: ['Luik 1 en Luik 2.'], tables: [{ title: 'Luik 1', columns: [{ title: 'Kamertype', width: '*' }, { title: 'Capaciteit', width: 80, numeric: true }, { title: 'Prijs', width: 80, numeric: true }], rows }] },
    compress: true,
  };
  const time = async (run) => {
    const started = performance.now();
    await run();
    return performance.now() - started;
  };
  const inThread = () => runWorkerTask(module, data, GENERATOR_LIMITS.letter);
  const inProcessFirst = await time(() => drawLetter(data));
  const inProcess = [];
  for (let i = 0; i < rounds; i++) inProcess.push(await time(() => drawLetter(data)));
  // Closing the pools before each letter gives it a new thread, as before the pool.
  await closeWorkerPools();
  const freshFirst = await time(inThread);
  const fresh = [];
  for (let i = 0; i < rounds; i++) {
    await closeWorkerPools();
    fresh.push(await time(inThread));
  }
  await closeWorkerPools();
  const pooledFirst = await time(inThread);
  const pooled = [];
  for (let i = 0; i < rounds; i++) pooled.push(await time(inThread));
  await closeWorkerPools();
  const line = (what, first, times) => {
    times.sort((a, b) => a - b);
    return `dossiers: a letter ${what}: first ${first.toFixed(1)} ms, then p50 ${percentile(times, 50)} ms, p95 ${percentile(times, 95)} ms (${rounds} rounds, load average ${loadAverage()})`;
  };
  return [
    line('drawn in this process', inProcessFirst, inProcess),
    line('in a new worker thread each time', freshFirst, fresh),
    line('through the warm worker pool (as the portal makes it)', pooledFirst, pooled),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await measureLetterDrawing(new URL('..', import.meta.url).pathname, Number(process.env.BENCH_ROUNDS ?? 20))) console.log(line);
}
