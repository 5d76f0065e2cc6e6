// V8 settings of the portal's processes, set before any other module loads
// (server.ts imports this first). Both trade a little speed for memory, so
// that a process stays within a container's usual 256 MB (measured with
// `npm run bench:pages`, README "In production"):
// - Prisma's query compiler (WebAssembly) is compiled by the baseline compiler
//   only. The client caches its query plans, so the compiler runs for the first
//   query of each shape; optimising its code cost about 20 MB resident.
// - The old generation may grow by half of what survived the last full
//   collection before the next one (V8's own factor lets it grow up to four
//   times under load: 420 MB resident at 32 concurrent users instead of 270).
// - A young generation of 2 MB semi-spaces instead of 16 (V8 sizes it when the
//   process starts, so this one is on the command line of `npm start` and of
//   the Dockerfile: `node --max-semi-space-size=2 dist/server.js`): 20 to 50 MB
//   less resident under load, no measurable change in throughput.
// - Likewise in the environment of both: MALLOC_ARENA_MAX=2, at most two of
//   glibc's malloc arenas instead of one per thread (eight per core), which
//   otherwise hold 30 to 40 MB of freed memory that is never given back.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
setFlagsFromString('--heap-growing-percent=50');
