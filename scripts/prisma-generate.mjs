// Generates the Prisma client into src/generated/prisma (run after npm install
// and by the build when the schema changed). Prisma 7's client needs no native
// engine, but the CLI looks for a schema-engine binary it cannot download here:
// pointing it at any existing file lets `prisma generate` run offline.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
let cli;
try {
  cli = require.resolve('prisma/build/index.js');
} catch {
  // Production images install without dev dependencies and ship the generated client.
  process.exit(0);
}
execFileSync(process.execPath, [cli, 'generate'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1', ...process.env },
});
