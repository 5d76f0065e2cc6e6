// npm run bench:startup — time from `npm start` to the first /health answer,
// on an empty data directory (initdb, migrations, demo data) and on an
// existing one. Targets: <= 20 s and <= 3 s.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const root = new URL('..', import.meta.url).pathname;
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });

// The project's own helper, from the build made just above.
const { freePort } = await import('../dist/db/embedded-postgres.js');

async function timeStart(dataDir) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: { ...process.env, ELOKET_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'development' },
    stdio: 'ignore',
    detached: true,
  });
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
      if (ok) return (performance.now() - started) / 1000;
      if (performance.now() - started > 60_000) throw new Error('the portal did not answer within 60 s');
      await sleep(20);
    }
  } finally {
    process.kill(-child.pid, 'SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'eloket-bench-'));
try {
  const empty = await timeStart(dataDir);
  const existing = [];
  for (let i = 0; i < 3; i++) existing.push(await timeStart(dataDir));
  const best = Math.min(...existing);
  const worst = Math.max(...existing);
  console.log(`startup: empty data directory ${empty.toFixed(2)} s (target <= 20 s)`);
  console.log(`startup: existing data directory ${best.toFixed(2)}-${worst.toFixed(2)} s over ${existing.length} runs (target <= 3 s)`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
