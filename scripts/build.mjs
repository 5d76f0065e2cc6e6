// Compiles the portal when (and only when) something changed since the last
// build: the Prisma client when prisma/schema.prisma is newer, TypeScript when
// any source is newer than dist/. `npm start` runs this first.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (...parts) => join(root, ...parts);
const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const generatedClient = at('src', 'generated', 'prisma', 'client.ts');
if (mtime(at('prisma', 'schema.prisma')) > mtime(generatedClient)) {
  console.log('Generating the Prisma client ...');
  execFileSync(process.execPath, [at('scripts', 'prisma-generate.mjs')], { stdio: 'inherit' });
}

const stamp = at('dist', '.build-stamp');
const sourcesChanged = Math.max(newest(at('src')), mtime(at('tsconfig.json')), mtime(at('tsconfig.build.json'))) > mtime(stamp);
if (sourcesChanged) {
  console.log('Compiling the portal ...');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', at('tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  } catch {
    console.error('The portal did not compile; see the errors above.');
    process.exit(1);
  }
  writeFileSync(stamp, new Date().toISOString());
}
