// node bench/cpu-profile-summary.mjs <file.cpuprofile> [count]: the functions
// and packages with the most self time in a V8 CPU profile (node --cpu-prof,
// as `BENCH_CPU_PROFILE=<dir> npm run bench:prices` writes for the portal and
// its worker threads), to see where a page's or an export's time goes.
import { readFileSync } from 'node:fs';

export function summarizeProfile(path, count = 25) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfTime = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    total += delta;
    selfTime.set(id, (selfTime.get(id) ?? 0) + delta);
  });
  const byFunction = new Map();
  const byPackage = new Map();
  for (const [id, time] of selfTime) {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const where = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(dist|src)\//, '$1/');
    const fn = `${functionName || '(anonymous)'} ${where}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + time);
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.startsWith('file:') ? 'portal' : url ? url.split(':')[0] : functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + time);
  }
  const top = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, time]) => `${(time / 1000).toFixed(0).padStart(7)} ms ${((100 * time) / total).toFixed(1).padStart(5)} %  ${name}`);
  return [`${path}: ${(total / 1000).toFixed(0)} ms sampled`, '  by package:', ...top(byPackage).map((l) => `  ${l}`), '  by function:', ...top(byFunction).map((l) => `  ${l}`)].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(summarizeProfile(process.argv[2], Number(process.argv[3] ?? 25)));
